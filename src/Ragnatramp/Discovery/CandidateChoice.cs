using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

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
