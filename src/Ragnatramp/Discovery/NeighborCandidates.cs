using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

/// <summary>Tells whether an address answers right now (a live guest), for choosing between table entries.</summary>
internal interface IAddressProbe
{
    bool Answers(string ipv4, CancellationToken cancellation);
}

/// <summary>Which of a MAC's table entries is the guest's address now, and why.</summary>
internal sealed class CandidateChoice
{
    private CandidateChoice(NeighborEntry? chosen, string? warning)
    {
        Chosen = chosen;
        Warning = warning;
    }

    public NeighborEntry? Chosen { get; }
    public string? Warning { get; }

    /// <summary>
    /// One candidate is taken as it is unless <paramref name="mustAnswer"/>; several are probed freshest
    /// first and the first that answers wins, else the freshest (with a warning saying so). With
    /// <paramref name="mustAnswer"/> (KVP healthy but silent so far, so a table entry may be an old
    /// lease) only an answering candidate is taken.
    /// </summary>
    public static CandidateChoice Choose(IReadOnlyList<NeighborEntry> candidates, IAddressProbe probe, bool mustAnswer, CancellationToken cancellation)
    {
        if (candidates.Count == 0) return new CandidateChoice(null, null);
        if (candidates.Count == 1 && !mustAnswer) return new CandidateChoice(candidates[0], null);

        var answering = candidates.FirstOrDefault(c => probe.Answers(c.IPAddress, cancellation));
        var list = string.Join(", ", candidates.Select(c => $"{c.IPAddress} ({c.State})"));
        if (answering is not null)
        {
            return new CandidateChoice(answering, candidates.Count == 1 ? null :
                $"The neighbour table holds {candidates.Count} IPv4 entries for MAC {candidates[0].LinkLayerAddress}: {list}; chose {answering.IPAddress}, the one that answered.");
        }
        if (mustAnswer) return new CandidateChoice(null, null);
        var freshest = candidates[0];
        return new CandidateChoice(freshest,
            $"The neighbour table holds {candidates.Count} IPv4 entries for MAC {freshest.LinkLayerAddress}: {list}; none answered on TCP port 22 or ping, " +
            $"chose {freshest.IPAddress} as the freshest ({freshest.State}). An old DHCP lease can linger beside the new one.");
    }
}
