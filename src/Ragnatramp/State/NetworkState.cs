using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.State;

/// <summary>A VM's recorded network (the state file's vms.{machine}.network), as far as Ragnatramp knows its fields.</summary>
/// <remarks>
/// The rule for the record (docs/CONTRACT.md says both "all-null for a VM that is not running" and "previousIpv4 is set
/// only when ipv4 changes"; this is how the two are read together, and what the Node.js CLI can rely on):
/// - A VM that is not running (or is gone): ipv4, ipv6, mac, adapterName, discoveredAt and source are null.
///   previousIpv4 is the exception: going from an address to none is a change of ipv4, so it holds the
///   VM's last address (what a user looking for a stopped VM wants to know); it stays while the VM is off.
/// - previousIpv4 changes only when ipv4 changes away from an address, so a VM that comes back from off
///   with its old address shows that address in both fields, and one that comes back with a new one shows old and new.
/// - discoveredAt is when the recorded network was first observed as it is now, not the last check: a
///   run that observes the same network changes nothing and does not rewrite the file (so a scheduled
///   task every few minutes neither churns the file the Node.js CLI shares nor contends for its lock).
/// </remarks>
internal sealed class NetworkState
{
    /// <summary>A VM that is not running: every field null (previousIpv4 is decided by <see cref="StateDiff"/>).</summary>
    public static readonly NetworkState Cleared = new(null, null, null, null, null, null, null);

    public NetworkState(string? ipv4, IReadOnlyList<string>? ipv6, string? mac, string? adapterName,
        DateTime? discoveredAt, string? source, string? previousIpv4)
    {
        Ipv4 = ipv4;
        Ipv6 = ipv6;
        Mac = mac;
        AdapterName = adapterName;
        DiscoveredAt = discoveredAt;
        Source = source;
        PreviousIpv4 = previousIpv4;
    }

    public string? Ipv4 { get; }
    /// <summary>Null when the VM is not running; empty when it runs without IPv6.</summary>
    public IReadOnlyList<string>? Ipv6 { get; }
    /// <summary>12 hex digits, no separators.</summary>
    public string? Mac { get; }
    public string? AdapterName { get; }
    /// <summary>When this network was first observed as recorded (kept while a later run sees the same); null when not running.</summary>
    public DateTime? DiscoveredAt { get; }
    /// <summary>hyperv (KVP) or arp (host neighbour table).</summary>
    public string? Source { get; }
    /// <summary>The address ipv4 held before it last changed (also when it changed to null: the VM stopped); see the remarks.</summary>
    public string? PreviousIpv4 { get; }

    /// <summary>The network a discovery observed (previousIpv4 is decided by <see cref="StateDiff"/>).</summary>
    public static NetworkState FromAddress(VmAddress address) =>
        VmStates.IsRunning(address.State)
            ? new NetworkState(address.IPv4, address.IPv6 ?? new string[0], address.MacAddress, address.AdapterName,
                address.DiscoveredAt ?? DateTime.UtcNow, address.Source, null)
            : Cleared;

    public NetworkState WithPreviousIpv4(string? previous) =>
        new(Ipv4, Ipv6, Mac, AdapterName, DiscoveredAt, Source, previous);

    public NetworkState WithDiscoveredAt(DateTime? discoveredAt) =>
        new(Ipv4, Ipv6, Mac, AdapterName, discoveredAt, Source, PreviousIpv4);

    /// <summary>The IPv6 list as one comparable, printable value ("a, b"); null when unset or empty (no address either way).</summary>
    public string? Ipv6Text => Ipv6 == null || Ipv6.Count == 0 ? null : string.Join(", ", Ipv6);

    /// <summary>The IPv4, or else the first IPv6 (what Get-RagnaStatus shows).</summary>
    public string? DisplayAddress => Ipv4 ?? Ipv6?.FirstOrDefault();
}
