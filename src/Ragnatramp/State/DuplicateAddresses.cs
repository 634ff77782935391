using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.State;

/// <summary>One IPv4 reported by more than one running VM.</summary>
internal sealed class DuplicateIpv4
{
    public DuplicateIpv4(string ipv4, IReadOnlyList<VmAddress> vms)
    {
        Ipv4 = ipv4;
        Vms = vms;
    }

    public string Ipv4 { get; }
    public IReadOnlyList<VmAddress> Vms { get; }

    /// <summary>The warning users see: both VMs, the address, what Ragnatramp does about it and the likely cause.</summary>
    public string Warning
    {
        get
        {
            var names = string.Join(" and ", Vms.Select(v => v.MachineName == null ? $"'{v.VMName}'" : $"'{v.MachineName}' ({v.VMName})"));
            return $"{names} all report IPv4 {Ipv4}; both keep it in the state but neither is listed in any hosts block nor synced. " +
                   "Likely cause: the VMs were cloned from one image and share /etc/machine-id, so DHCP hands them the same lease. " +
                   "On one of them run 'sudo rm /etc/machine-id && sudo systemd-machine-id-setup' and reboot it.";
        }
    }
}

/// <summary>Finds running VMs that report the same IPv4 (such VMs are left out of every hosts block: docs/CONTRACT.md, Invoke-RagnaReconcile).</summary>
internal static class DuplicateAddresses
{
    public static IReadOnlyList<DuplicateIpv4> Find(IEnumerable<VmAddress> addresses) =>
        addresses
            .Where(a => a.IPv4 != null && VmStates.IsRunning(a.State))
            .GroupBy(a => a.IPv4!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DuplicateIpv4(g.Key, g.OrderBy(a => a.MachineName ?? a.VMName, StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();

    /// <summary>The VM ids caught in any duplicate: left out of every block and not synced.</summary>
    public static ISet<Guid> ConflictingVmIds(IEnumerable<DuplicateIpv4> duplicates) =>
        new HashSet<Guid>(duplicates.SelectMany(d => d.Vms).Select(v => v.VMId));
}
