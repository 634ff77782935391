using System;
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

    public PinnedHostKey? Find(Guid vmId)
    {
        var state = _store.Read();
        return state == null ? _withoutState.Find(vmId) : state.FindHostKey(vmId);
    }

    public void Pin(Guid vmId, string vmName, PinnedHostKey key)
    {
        var update = _store.Update(state =>
        {
            state?.PinHostKey(vmId, vmName, key);
            return state;
        });
        if (update.State == null) _withoutState.Pin(vmId, vmName, key);
    }
}
