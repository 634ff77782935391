using System;
using System.Collections.Generic;

namespace Ragnatramp.HyperV;

/// <summary>One VM network adapter as Get-VMNetworkAdapter reports it.</summary>
internal sealed class NetworkAdapterRecord
{
    public NetworkAdapterRecord(string vmName, Guid vmId, string name, string? switchName, string macAddress, IReadOnlyList<string> ipAddresses,
        Guid switchId = default)
    {
        SwitchId = switchId;
        VmName = vmName;
        VmId = vmId;
        Name = name;
        SwitchName = switchName;
        MacAddress = macAddress;
        IPAddresses = ipAddresses;
    }

    public string VmName { get; }
    public Guid VmId { get; }
    public string Name { get; }
    /// <summary>Null when the adapter is not connected to any switch; localized for the Default Switch.</summary>
    public string? SwitchName { get; }
    /// <summary>The switch's Id (Guid.Empty when not connected or not reported): the same on every host for the Default Switch.</summary>
    public Guid SwitchId { get; }
    /// <summary>Normalized: 12 upper-case hex digits, no separators; 000000000000 when not assigned yet.</summary>
    public string MacAddress { get; }
    /// <summary>What KVP reports, IPv4 and IPv6 mixed; empty without a KVP daemon in the guest.</summary>
    public IReadOnlyList<string> IPAddresses { get; }

    public bool HasAssignedMac => MacAddresses.IsAssigned(MacAddress);

    public override string ToString() => $"{VmName}/{Name} on {SwitchName ?? "(not connected)"} {MacAddress}";
}
