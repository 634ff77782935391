using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;

namespace Ragnatramp.Completion;

/// <summary>Completes machine names from the project's ragnatramp.yaml (-Path, else the current location).</summary>
public sealed class MachineNameCompleter : NameCompleter
{
    private protected override IReadOnlyDictionary<string, string> Candidates(IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters.Contains("Path") ? fakeBoundParameters["Path"] as string : null;
        var config = ConfigLoader.Load(ProjectLocator.ResolveConfigPath(ResolvePath(path), CurrentLocation()));
        return Unique(config.Machines.Select(m => (m.Name, $"{m.Name} → {m.VmName}")));
    }

    // Completers run inside the session's own pipeline: SessionStateProxy refuses concurrent use,
    // a nested pipeline on the current runspace does not.
    private static string CurrentLocation() =>
        InSession("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath", null) ?? Environment.CurrentDirectory;

    private static string? ResolvePath(string? path) =>
        string.IsNullOrEmpty(path)
            ? path
            : InSession("$ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($args[0])", path) ?? path;

    private static string? InSession(string script, string? argument)
    {
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddScript(script);
        if (argument != null) ps.AddArgument(argument);
        return ps.Invoke().FirstOrDefault()?.BaseObject as string;
    }
}
