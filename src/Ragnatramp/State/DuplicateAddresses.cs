using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.State;

/// <summary>
/// The one home of duplicate-IPv4 detection: running VMs that report the same IPv4. Such VMs are left
/// out of every hosts block and not synced (docs/CONTRACT.md, Invoke-RagnaReconcile); every command
/// that builds a block asks here.
/// </summary>
internal static class DuplicateAddresses
{
    /// <summary>Each IPv4 that more than one running VM reports, sorted by address; its VMs sorted by machine (else VM) name.</summary>
    public static IReadOnlyList<DuplicateIpv4> Find(IEnumerable<VmAddress> addresses) =>
        addresses
            .Where(a => AddressRules.IsIPv4(a.IPv4) && VmStates.IsRunning(a.State))
            .GroupBy(a => a.IPv4!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DuplicateIpv4(g.Key, g.OrderBy(a => a.MachineName ?? a.VMName, StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();

    /// <summary>The duplicate <paramref name="address"/> is caught in; null when its IPv4 is its own.</summary>
    public static DuplicateIpv4? Of(IEnumerable<DuplicateIpv4> duplicates, VmAddress address) =>
        duplicates.FirstOrDefault(d => d.Includes(address));

    /// <summary>The VM ids caught in any duplicate: left out of every block and not synced.</summary>
    public static ISet<Guid> ConflictingVmIds(IEnumerable<DuplicateIpv4> duplicates) =>
        new HashSet<Guid>(duplicates.SelectMany(d => d.Vms).Select(v => v.VMId));
}
