using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>
/// The "Hyper-V listed nothing" guard, for every command that reads Get-VM against the state: Hyper-V
/// answers a session without rights with an empty list and no error. A state whose every VM vanished
/// at once is far rarer than that, so "no VM at all" must not turn into "all recorded VMs are gone".
/// </summary>
internal static class EmptyVmList
{
    /// <summary>Throws NoVmsListed when <paramref name="vms"/> is empty while some of <paramref name="targets"/> are recorded in the state.</summary>
    /// <exception cref="HyperVException">HyperVReturnedNoVMs: the session most likely cannot see the VMs.</exception>
    public static void Check(IReadOnlyCollection<VmRecord> vms, IEnumerable<VmTarget> targets)
    {
        if (vms.Count > 0) return;
        var recorded = targets.Where(t => t.IsRecorded).ToList();
        if (recorded.Count > 0) throw NoVmsListed(recorded);
    }

    private static HyperVException NoVmsListed(IReadOnlyList<VmTarget> recorded) =>
        new(HyperVErrorIds.NoVmsListed, ErrorCategory.ResourceUnavailable,
            $"Hyper-V listed no VMs at all on this host, yet the project's state records {recorded.Count} " +
            $"({string.Join(", ", recorded.Select(t => t.ToString()))}). None of them is treated as gone. The likely cause is missing " +
            "rights, not deleted VMs: Hyper-V answers a session that is neither elevated nor in 'Hyper-V Administrators' " +
            "with an empty list and no error (so does a scheduled task without 'Run with highest privileges'). " +
            HyperVRights.Advice + " Check with Hyper-V\\Get-VM in the same session. If every VM of this project really was " +
            "deleted, delete the project's .ragnatramp/state.json (or recreate the VMs with 'ragnatramp up').",
            recorded.Select(t => t.Name).ToArray());
}
