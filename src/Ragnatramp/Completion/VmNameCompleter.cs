using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.Completion;

/// <summary>Completes VM names from Hyper-V\Get-VM in the caller's session.</summary>
public sealed class VmNameCompleter : NameCompleter
{
    // No Hyper-V module or no rights: GetVms throws, and nothing is offered.
    private protected override IReadOnlyDictionary<string, string> Candidates(IDictionary fakeBoundParameters) =>
        Unique(new HyperVGateway(_ => { }, _ => { }).GetVms().Select(vm => (vm.Name, $"{vm.Name} ({vm.State})")));
}
