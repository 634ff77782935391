using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Ragnatramp.Config;

/// <summary>A -MachineName filter: wildcard patterns over the project's machine names (none = every machine).</summary>
internal sealed class MachineSelection
{
    public const string NotFoundErrorId = "MachineNotFound";

    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<WildcardPattern> _patterns;

    public MachineSelection(string[]? names)
    {
        _names = names ?? Array.Empty<string>();
        _patterns = _names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
    }

    public bool Includes(string machineName) => _patterns.Count == 0 || _patterns.Any(p => p.IsMatch(machineName));

    /// <summary>
    /// One MachineNotFound error per name given without wildcards that matches no machine of <paramref name="config"/>:
    /// the user asked for something that is not there.
    /// </summary>
    public IEnumerable<ErrorRecord> NotFoundErrors(Config.ProjectConfig config)
    {
        var known = config.Machines.Select(m => m.Name).ToList();
        return _names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)
                                 && !known.Any(k => string.Equals(k, n, StringComparison.OrdinalIgnoreCase)))
                     .Select(n => NotFound(n, config))
                     .ToList();
    }

    public static ErrorRecord NotFound(string name, Config.ProjectConfig config) => NotFound(name, config.ConfigPath, config.Machines.Select(m => m.Name));

    private static ErrorRecord NotFound(string name, string configPath, IEnumerable<string> machineNames) =>
        new(new ItemNotFoundException($"The project in '{configPath}' has no machine named '{name}'."),
            NotFoundErrorId, ErrorCategory.ObjectNotFound, name)
        {
            ErrorDetails = new ErrorDetails($"The project in '{configPath}' has no machine named '{name}'.")
            {
                RecommendedAction = $"Use one of: {string.Join(", ", machineNames)}.",
            },
        };
}
