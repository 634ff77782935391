using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;
using Ragnatramp.State;
using Ragnatramp.Config;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaStatus: each machine's recorded network beside its live Hyper-V state; writes nothing.</summary>
[Cmdlet(VerbsCommon.Get, "RagnaStatus")]
[OutputType(typeof(VmStatus))]
public sealed class GetRagnaStatusCommand : RagnaCmdlet
{
    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>Only these machines (wildcards allowed); default: every machine.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.MachineNameCompleter))]
    public string[]? MachineName { get; set; }

    protected override void EndProcessing()
    {
        var config = ProjectConfigLoading.Load(this, Path);
        var state = ProjectStateReading.Read(this, StateStore.ForConfig(config.ConfigPath));
        var live = CallHyperV(() =>
        {
            var vms = new HyperVGateway(WriteVerbose, WriteError).GetVms();
            // An empty list while the state records VMs: say so rather than show them all Missing.
            EmptyVmList.Check(vms, ProjectTargets.For(config, ProjectStateReading.RecordedVms(state)));
            return vms;
        });
        var selection = new MachineSelection(MachineName);
        foreach (var status in ProjectStatus.Of(config, state, live).Where(s => selection.Includes(s.MachineName))) WriteObject(status);
        foreach (var error in selection.NotFoundErrors(config)) WriteError(error);
    }
}
