using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>Tier 2: the IPv4 addresses the host's neighbour table holds for one adapter's MAC.</summary>
internal static class NeighborCandidates
{
    /// <summary>
    /// Entries on the switch's interface with the adapter's MAC (normalized compare), IPv4 with a usable
    /// unicast address, not Unreachable/Incomplete, never the all-zero MAC; freshest first
    /// (see <see cref="Freshness"/>), one entry per address.
    /// </summary>
    public static IReadOnlyList<NeighborEntry> For(string macAddress, NeighborTable table) =>
        Resolved(macAddress, table, AddressFamilyKind.IPv4)
            .Where(e => AddressRules.IsUsableIPv4(e.IPAddress))
            .GroupBy(e => e.IPAddress.Trim())
            .Select(g => g.OrderByDescending(e => Freshness(e.State)).First())
            .OrderByDescending(e => Freshness(e.State))
            .ToList();

    /// <summary>
    /// The IPv6 addresses the table holds for the MAC on the switch's interface (usually the guest's
    /// link-local fe80:: address), for guests whose KVP reports nothing. Multicast and unresolved entries are left out.
    /// </summary>
    public static string[] IPv6For(string macAddress, NeighborTable table) =>
        Resolved(macAddress, table, AddressFamilyKind.IPv6)
            .Select(e => e.IPAddress.Trim())
            .Where(ip => System.Net.IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !parsed.IsIPv6Multicast)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    // Entries of one family on the switch's interface that resolve to this (assigned) MAC.
    private static IEnumerable<NeighborEntry> Resolved(string macAddress, NeighborTable table, AddressFamilyKind family) =>
        !MacAddresses.IsAssigned(macAddress)
            ? Enumerable.Empty<NeighborEntry>()
            : table.Entries
                .Where(e => string.Equals(e.InterfaceAlias, table.InterfaceAlias, StringComparison.OrdinalIgnoreCase))
                .Where(e => e.AddressFamily == family)
                .Where(e => e.State is not (NeighborState.Unreachable or NeighborState.Incomplete))
                .Where(e => MacAddresses.SameAddress(e.LinkLayerAddress, macAddress));

    /// <summary>
    /// How recently an entry proves the guest held the address, used only when the probe cannot tell:
    /// Reachable (confirmed just now) &gt; Delay &gt; Probe (in use, being confirmed) &gt; Stale (once
    /// confirmed, not lately) &gt; Permanent (pinned by the host, e.g. the Default Switch's DHCP; says
    /// nothing about age, and an old lease stays Permanent beside the new one). Ties keep table order.
    /// </summary>
    public static int Freshness(NeighborState state) => state switch
    {
        NeighborState.Reachable => 5,
        NeighborState.Delay => 4,
        NeighborState.Probe => 3,
        NeighborState.Stale => 2,
        NeighborState.Permanent => 1,
        _ => 0,
    };
}
