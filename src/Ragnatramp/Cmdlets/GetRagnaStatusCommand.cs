using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaStatus: each machine's recorded network beside its live Hyper-V state; writes nothing.</summary>
[Cmdlet(VerbsCommon.Get, "RagnaStatus")]
[OutputType(typeof(VmStatus))]
public sealed class GetRagnaStatusCommand : ProjectMachinesCmdlet
{
    private protected override void WriteMachines(ProjectConfig config, StateDocument? state, MachineSelection selection)
    {
        var live = CallHyperV(() =>
        {
            var vms = new HyperVGateway(WriteVerbose, WriteError).GetVms();
            // An empty list while the state records VMs: say so rather than show them all Missing.
            EmptyVmList.Check(vms, ProjectTargets.For(config, ProjectStateReading.RecordedVms(state)));
            return vms;
        });
        foreach (var status in ProjectStatus.Of(config, state, live).Where(s => selection.Includes(s.MachineName))) WriteObject(status);
    }
}
