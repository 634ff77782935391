using System.Collections.Generic;

namespace Ragnatramp.State;

/// <summary>The network to record for one machine and the fields that change, old → new.</summary>
internal sealed class NetworkDiff
{
    public NetworkDiff(NetworkState next, IReadOnlyList<StateChange> changes)
    {
        Next = next;
        Changes = changes;
    }

    /// <summary>What the state should hold after this run.</summary>
    public NetworkState Next { get; }
    /// <summary>Every field that changed; empty when the record stays as it is.</summary>
    public IReadOnlyList<StateChange> Changes { get; }
}
