using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Ragnatramp.Completion;

/// <summary>
/// Base of Ragnatramp's argument completers: candidates with a tooltip each, matched and quoted by
/// <see cref="CompletionText"/>. Completion never throws at the user: when the candidates cannot be
/// read (no Hyper-V module, no rights, an invalid config) it offers nothing, and the command itself
/// says why once it runs.
/// </summary>
public abstract class NameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var candidates = Candidates(fakeBoundParameters);
            return CompletionText.Matching(candidates.Keys, wordToComplete, name => candidates[name]);
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>Each name that may complete, with its tooltip; may throw (then nothing is offered).</summary>
    private protected abstract IReadOnlyDictionary<string, string> Candidates(IDictionary fakeBoundParameters);

    /// <summary>The candidates by name, case-insensitively; the first tooltip of a name wins.</summary>
    private protected static IReadOnlyDictionary<string, string> Unique(IEnumerable<(string Name, string Tooltip)> candidates)
    {
        var unique = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, tooltip) in candidates)
            if (!unique.ContainsKey(name)) unique.Add(name, tooltip);
        return unique;
    }
}
