using System;
using System.IO;
using Ragnatramp.Ssh;

namespace Ragnatramp.State;

/// <summary>
/// Host keys pinned in the project's state file (top-level hostKeys, keyed by VM id): every pin is a
/// locked read-modify-write, so guests synced in parallel and a concurrent run never lose a key.
/// A project without a state file pins into the other store instead: creating a state
/// just for a key would make its empty vms the project's VM list.
/// </summary>
internal sealed class StateHostKeyStore : IHostKeyStore
{
    private readonly StateStore _store;
    private readonly IHostKeyStore _withoutState;

    public StateHostKeyStore(StateStore store, IHostKeyStore withoutState)
    {
        _store = store;
        _withoutState = withoutState;
    }

    /// <exception cref="IOException">The state cannot be read (the sync fails that guest, as for the per-user store).</exception>
    public PinnedHostKey? Find(Guid vmId)
    {
        var state = Guard(() => _store.Read());
        return state == null ? _withoutState.Find(vmId) : state.FindHostKey(vmId);
    }

    /// <exception cref="IOException">The state cannot be read, written or locked; the key is not pinned.</exception>
    public void Pin(Guid vmId, string vmName, PinnedHostKey key)
    {
        var update = Guard(() => _store.Update(state =>
        {
            state?.PinHostKey(vmId, vmName, key);
            return state;
        }));
        if (update.State == null) _withoutState.Pin(vmId, vmName, key);
    }

    // The sync engine turns I/O failures into one failed guest; a state problem is one of those.
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (StateFileException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
