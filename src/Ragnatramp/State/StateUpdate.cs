namespace Ragnatramp.State;

/// <summary>The outcome of <see cref="StateStore.Update"/>.</summary>
internal sealed class StateUpdate
{
    public StateUpdate(StateDocument? state, bool written)
    {
        State = state;
        Written = written;
    }

    /// <summary>The state after the update (as written, or as read when nothing changed).</summary>
    public StateDocument? State { get; }
    /// <summary>Whether the file was rewritten.</summary>
    public bool Written { get; }
}
