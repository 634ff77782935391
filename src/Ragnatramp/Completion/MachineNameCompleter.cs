using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ragnatramp.Config;

namespace Ragnatramp.Completion;

/// <summary>Completes machine names from the project's ragnatramp.yaml (-Path, else the current location).</summary>
public sealed class MachineNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var path = fakeBoundParameters.Contains("Path") ? fakeBoundParameters["Path"] as string : null;
            var config = ConfigLoader.Load(ProjectLocator.ResolveConfigPath(ResolvePath(path), CurrentLocation()));
            return CompletionText.Matching(config.Machines.Select(m => m.Name), wordToComplete,
                name => $"{name} → {config.Machines.First(m => m.Name == name).VmName}");
        }
        catch (Exception)
        {
            // An unreadable or invalid config offers nothing; the command itself will say why.
            return Array.Empty<CompletionResult>();
        }
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
