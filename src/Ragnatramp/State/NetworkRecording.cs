using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.State;

/// <summary>
/// Records a discovery in a state document (pure: the caller decides whether and how it is written):
/// each VM's network per <see cref="StateDiff"/>, all-null for VMs not running, cleared for VMs that are gone.
/// </summary>
/// <remarks>
/// A run writes only what it saw differ from the state it read when it started (the baseline), so a
/// run that started earlier and finishes later (a scheduled task waiting for a booting VM) never puts
/// back an address that another run has meanwhile recorded.
/// </remarks>
internal static class NetworkRecording
{
    /// <param name="state">The document to change: the state as it is now, re-read under the lock (a copy for a dry run).</param>
    /// <param name="baseline">The state this run read when it started; null when there was none.</param>
    /// <param name="addresses">Discovered VMs of the project (MachineName set).</param>
    /// <param name="gone">Recorded VMs that Hyper-V no longer has.</param>
    /// <param name="adopt">True when the VMs were found by derived name and marker (no state before): records missing VMs.</param>
    public static RecordingOutcome Apply(StateDocument state, StateDocument? baseline, IEnumerable<VmAddress> addresses, IEnumerable<GoneVm> gone, bool adopt)
    {
        var changes = new List<StateChange>();
        var warnings = new List<string>();
        var adopted = new List<string>();
        foreach (var address in addresses.Where(a => a.MachineName != null))
        {
            var machine = address.MachineName!;
            var vm = state.FindVm(machine);
            if (vm == null)
            {
                if (!adopt) continue;
                vm = state.AddVm(machine, address.VMId, address.VMName);
                adopted.Add(machine);
            }
            var observed = NetworkState.FromAddress(address);
            if (SeenUnchanged(baseline, machine, observed) && vm.Network != null) continue;
            Record(vm, observed, changes);
        }
        foreach (var missing in gone)
        {
            var vm = state.FindVm(missing.MachineName);
            if (vm == null) continue;
            Record(vm, NetworkState.Cleared, changes);
            warnings.Add($"VM '{missing.VmName}' of machine '{missing.MachineName}'" +
                         (missing.VmId is { } id ? $" (id {id})" : "") +
                         " is recorded in the state but no longer exists in Hyper-V; its network was cleared. Re-create it with 'ragnatramp up'.");
        }
        return new RecordingOutcome(changes, warnings, adopted);
    }

    private static bool SeenUnchanged(StateDocument? baseline, string machine, NetworkState observed)
    {
        var before = baseline?.FindVm(machine);
        return before != null && before.Network != null && StateDiff.Compute(machine, before.Network, observed).Changes.Count == 0;
    }

    private static void Record(StateVm vm, NetworkState observed, List<StateChange> changes)
    {
        var recorded = vm.Network;
        var diff = StateDiff.Compute(vm.MachineName, recorded, observed);
        // A record without network gets one (all-null when the VM is off) even when no field has a value yet.
        if (diff.Changes.Count > 0 || recorded == null) vm.SetNetwork(diff.Next);
        changes.AddRange(diff.Changes);
    }
}
