using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ragnatramp.HyperV;

namespace Ragnatramp.Completion;

/// <summary>Completes VM names from Hyper-V\Get-VM in the caller's session.</summary>
public sealed class VmNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<VmRecord> vms;
        try
        {
            // Completion must never throw at the user: no Hyper-V module, no rights → no suggestions.
            vms = new HyperVGateway(_ => { }, _ => { }).GetVms();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
        return CompletionText.Matching(vms.Select(vm => vm.Name), wordToComplete,
            name => $"{name} ({vms.First(v => v.Name == name).State})");
    }
}
