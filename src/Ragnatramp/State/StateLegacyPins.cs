using System;
using System.Collections.Generic;
using System.IO;
using Ragnatramp.Ssh;

namespace Ragnatramp.State;

/// <summary>
/// The host keys Ragnatramp 0.1 pinned in a project's state (top-level hostKeys): read, and removed
/// from the state under its lock once they are in the pin store. Every other field stays as it is.
/// </summary>
internal sealed class StateLegacyPins : ILegacyPinSource
{
    private readonly StateStore _store;

    public StateLegacyPins(StateStore store)
    {
        _store = store;
    }

    /// <exception cref="IOException">The state cannot be read (corrupt, another version, inaccessible).</exception>
    public IReadOnlyList<LegacyPin> ReadAll() => Guard(() => _store.Read()?.LegacyHostKeys() ?? Array.Empty<LegacyPin>());

    /// <exception cref="IOException">The state cannot be locked, read or written; it is unchanged.</exception>
    public void Remove(ICollection<Guid> vmIds)
    {
        if (vmIds.Count == 0) return;
        Guard(() => _store.Update(state =>
        {
            state?.RemoveHostKeys(vmIds);
            return state;
        }));
    }

    // The sync turns I/O failures into failed guests; a state problem is one of those.
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
