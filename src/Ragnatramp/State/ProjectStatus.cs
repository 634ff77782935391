using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.State;

/// <summary>Pure: the state's record of each machine beside the VMs Hyper-V has now (Get-RagnaStatus).</summary>
internal static class ProjectStatus
{
    /// <summary>State shown for a recorded VM that Hyper-V no longer has.</summary>
    public const string Missing = "Missing";
    /// <summary>State shown for a machine of the config that has no VM (none recorded, none with the marker).</summary>
    public const string NotCreated = "NotCreated";

    /// <summary>
    /// One row per machine: the state's VMs (matched to live VMs by id, else name), then the config's
    /// machines the state does not record (their derived VM, only with the ownership marker).
    /// </summary>
    public static IReadOnlyList<VmStatus> Of(ProjectConfig config, StateDocument? state, IReadOnlyList<VmRecord> live)
    {
        var rows = new List<VmStatus>();
        foreach (var recorded in state?.Vms ?? (IReadOnlyList<StateVm>)new StateVm[0])
        {
            var vm = (recorded.Id is { } id ? live.FirstOrDefault(v => v.Id == id) : null)
                     ?? live.FirstOrDefault(v => recorded.Name != null && string.Equals(v.Name, recorded.Name, StringComparison.OrdinalIgnoreCase));
            rows.Add(Row(recorded.MachineName, vm?.Name ?? recorded.Name, vm?.StateName ?? Missing, recorded.Network));
        }
        foreach (var machine in config.Machines.Where(m => !rows.Any(r => string.Equals(r.MachineName, m.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var vm = live.FirstOrDefault(v => string.Equals(v.Name, machine.VmName, StringComparison.OrdinalIgnoreCase)
                                              && OwnershipMarker.IsOwnedBy(v.Notes, config.ConfigPath));
            rows.Add(Row(machine.Name, machine.VmName, vm?.StateName ?? NotCreated, null));
        }
        return rows;
    }

    private static VmStatus Row(string machine, string? vmName, string liveState, NetworkState? network) => new()
    {
        MachineName = machine,
        VMName = vmName,
        State = liveState,
        IPv4 = network?.DisplayAddress,
        AdapterName = network?.AdapterName,
        Source = network?.Source,
        DiscoveredAt = network?.DiscoveredAt,
    };
}
