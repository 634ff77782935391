namespace Ragnatramp.HyperV;

/// <summary>MSFT_NetNeighbor.State.</summary>
internal enum NeighborState
{
    Unreachable = 0,
    Incomplete = 1,
    Probe = 2,
    Delay = 3,
    Stale = 4,
    Reachable = 5,
    Permanent = 6,
}
