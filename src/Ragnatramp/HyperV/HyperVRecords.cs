using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.HyperV;

/// <summary>One VM as Get-VM reports it, reduced to what discovery needs.</summary>
internal sealed class VmRecord
{
    public VmRecord(string name, Guid id, VmState state, string stateName, string? notes)
    {
        Name = name;
        Id = id;
        State = state;
        StateName = stateName;
        Notes = notes;
    }

    public string Name { get; }
    public Guid Id { get; }
    public VmState State { get; }
    /// <summary>The state's name as users see it (Running, Off, RunningCritical, or the number when unknown).</summary>
    public string StateName { get; }
    public string? Notes { get; }

    public override string ToString() => $"{Name} ({StateName})";
}

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

/// <summary>One integration component of a VM (Get-VMIntegrationService).</summary>
internal sealed class IntegrationComponentRecord
{
    /// <summary>The component GUID of Key-Value Pair Exchange, the end of its Id in every language.</summary>
    public static readonly Guid KeyValuePairExchangeId = new("2A34B1C2-FD73-4043-8A5B-DD2159BC743F");

    public IntegrationComponentRecord(string vmName, Guid vmId, string name, string id, bool enabled,
        IntegrationStatus primaryStatus, string? primaryStatusDescription)
    {
        VmName = vmName;
        VmId = vmId;
        Name = name;
        Id = id;
        Enabled = enabled;
        PrimaryStatus = primaryStatus;
        PrimaryStatusDescription = primaryStatusDescription;
    }

    public string VmName { get; }
    public Guid VmId { get; }
    /// <summary>Localized display name: never used to identify the component.</summary>
    public string Name { get; }
    /// <summary>Microsoft:&lt;VMId&gt;\&lt;component GUID&gt;.</summary>
    public string Id { get; }
    public bool Enabled { get; }
    public IntegrationStatus PrimaryStatus { get; }
    public string? PrimaryStatusDescription { get; }

    public bool IsKeyValuePairExchange => ComponentGuid == KeyValuePairExchangeId;

    /// <summary>The GUID after the last separator of Id, or null when Id does not end in one.</summary>
    public Guid? ComponentGuid
    {
        get
        {
            var tail = Id;
            var cut = Math.Max(Id.LastIndexOf('\\'), Id.LastIndexOf('/'));
            if (cut >= 0) tail = Id.Substring(cut + 1);
            return Guid.TryParse(tail.Trim(), out var guid) ? guid : null;
        }
    }
}

/// <summary>One entry of the host's neighbour (ARP/NDP) table (Get-NetNeighbor).</summary>
internal sealed class NeighborEntry
{
    public NeighborEntry(string interfaceAlias, string ipAddress, string linkLayerAddress, NeighborState state, AddressFamilyKind addressFamily)
    {
        InterfaceAlias = interfaceAlias;
        IPAddress = ipAddress;
        LinkLayerAddress = linkLayerAddress;
        State = state;
        AddressFamily = addressFamily;
    }

    public string InterfaceAlias { get; }
    public string IPAddress { get; }
    /// <summary>Normalized like adapter MACs: no separators, upper case; empty when the entry has none.</summary>
    public string LinkLayerAddress { get; }
    public NeighborState State { get; }
    public AddressFamilyKind AddressFamily { get; }

    public override string ToString() => $"{IPAddress} {LinkLayerAddress} {State} on {InterfaceAlias}";

    public NeighborEntry WithInterfaceAlias(string alias) => new(alias, IPAddress, LinkLayerAddress, State, AddressFamily);
}

/// <summary>The host's own interface on a switch, as NetTCPIP\Get-NetIPAddress shows its IPv4 address.</summary>
internal sealed class HostInterface
{
    public HostInterface(string interfaceAlias, uint? interfaceIndex, string? ipv4Address, int prefixLength)
    {
        InterfaceAlias = interfaceAlias;
        InterfaceIndex = interfaceIndex;
        IPv4Address = ipv4Address;
        PrefixLength = prefixLength;
    }

    public string InterfaceAlias { get; }
    /// <summary>Null when not known (then the neighbour table is read by alias).</summary>
    public uint? InterfaceIndex { get; }
    /// <summary>The interface's IPv4 address; null when it has none.</summary>
    public string? IPv4Address { get; }
    public int PrefixLength { get; }

    public override string ToString() => $"{InterfaceAlias} (ifIndex {InterfaceIndex}) {IPv4Address}/{PrefixLength}";
}

/// <summary>A switch interface's neighbour entries, and whether the interface was there at all.</summary>
internal sealed class NeighborTable
{
    public NeighborTable(string interfaceAlias, bool interfaceFound, IReadOnlyList<NeighborEntry> entries)
    {
        InterfaceAlias = interfaceAlias;
        InterfaceFound = interfaceFound;
        Entries = entries;
    }

    public string InterfaceAlias { get; }
    public bool InterfaceFound { get; }
    public IReadOnlyList<NeighborEntry> Entries { get; }

    /// <summary>The host side of a virtual switch as Windows names it by default: vEthernet (&lt;switch&gt;).</summary>
    public static string InterfaceAliasFor(string switchName) => $"vEthernet ({switchName})";

    /// <summary>
    /// The host side of a switch from its management-OS adapters: Windows names the host vNIC
    /// vEthernet (&lt;adapter name&gt;), which differs from the switch name for converged/SET setups
    /// (Add-VMNetworkAdapter -ManagementOS -Name Mgmt). With several, the one named like the switch
    /// (the default vNIC) wins, else the first; with none, the composed default.
    /// </summary>
    public static string InterfaceAliasFor(string switchName, IReadOnlyList<string> managementAdapterNames)
    {
        var name = managementAdapterNames.FirstOrDefault(n => string.Equals(n, switchName, StringComparison.OrdinalIgnoreCase))
            ?? managementAdapterNames.FirstOrDefault(n => !string.IsNullOrEmpty(n));
        return name is null ? InterfaceAliasFor(switchName) : $"vEthernet ({name})";
    }
}

/// <summary>MAC address spelling: Hyper-V writes 00155DDE3309, NetTCPIP 00-15-5D-DE-33-09.</summary>
internal static class MacAddresses
{
    public const string Unassigned = "000000000000";

    /// <summary>Separators (- : . space) removed, upper case.</summary>
    public static string Normalize(string? mac)
    {
        if (string.IsNullOrEmpty(mac)) return "";
        var chars = new List<char>(mac!.Length);
        foreach (var c in mac)
        {
            if (c is '-' or ':' or '.' or ' ') continue;
            chars.Add(char.ToUpperInvariant(c));
        }
        return new string(chars.ToArray());
    }

    /// <summary>A real MAC: not empty and not all zeros (Hyper-V's "dynamic MAC not assigned yet").</summary>
    public static bool IsAssigned(string? mac)
    {
        var normalized = Normalize(mac);
        return normalized.Length > 0 && normalized.Trim('0').Length > 0;
    }

    public static bool SameAddress(string? a, string? b) =>
        IsAssigned(a) && string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
