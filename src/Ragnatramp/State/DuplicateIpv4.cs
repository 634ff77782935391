using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.State;

/// <summary>One IPv4 reported by more than one running VM (found by <see cref="DuplicateAddresses.Find"/>).</summary>
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
            var names = string.Join(" and ", Vms.Select(Name));
            return $"{names} all report IPv4 {Ipv4}; both keep it in the state but neither is listed in any hosts block nor synced. " +
                   "Likely cause: the VMs were cloned from one image and share /etc/machine-id, so DHCP hands them the same lease. " +
                   "On one of them run 'sudo rm /etc/machine-id && sudo systemd-machine-id-setup' and reboot it.";
        }
    }

    /// <summary>Whether <paramref name="address"/> is one of <see cref="Vms"/>: the same object, or the same (non-empty) VM id.</summary>
    public bool Includes(VmAddress address) =>
        Vms.Any(v => ReferenceEquals(v, address) || (address.VMId != Guid.Empty && v.VMId == address.VMId));

    /// <summary>Why <paramref name="address"/> (one of <see cref="Vms"/>) is not synced: the skipped result's Reason.</summary>
    public string SkipReason(VmAddress address)
    {
        var others = Vms.Where(v => !ReferenceEquals(v, address) && (address.VMId == Guid.Empty || v.VMId != address.VMId)).Select(v => v.VMName);
        return $"its IPv4 {Ipv4} is also reported by {string.Join(", ", others)} (duplicate address; cloned /etc/machine-id?)";
    }

    private static string Name(VmAddress vm) => vm.MachineName == null ? $"'{vm.VMName}'" : $"'{vm.MachineName}' ({vm.VMName})";
}
