using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>Makes the host resolve every address of its own on-link subnet, so its neighbour table learns the guests' MACs.</summary>
internal interface INeighborSweep
{
    /// <summary>Returns how many addresses were asked; never sends outside <paramref name="subnet"/>.</summary>
    int Resolve(OnLinkSubnet subnet, CancellationToken cancellation);
}
