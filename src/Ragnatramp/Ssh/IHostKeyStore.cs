using System;
using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>
/// The pins the hosts sync checks host keys against, per VM id (addresses change, ids do not).
/// Implementations must be safe to call from several threads at once: guests are synced in parallel.
/// </summary>
internal interface IHostKeyStore
{
    /// <summary>Where the pins are, for messages (the store's path).</summary>
    string Location { get; }

    /// <summary>The VM's pins.</summary>
    /// <exception cref="KnownHostsException">The store (or a 0.1 source) has a line or entry that does not parse.</exception>
    /// <exception cref="System.IO.IOException">The store (or a 0.1 source) cannot be read.</exception>
    VmPins Find(Guid vmId);

    /// <summary>Pins the key of a VM that has no pin yet (first use).</summary>
    /// <returns>The VM's pins before the call: empty when <paramref name="key"/> was pinned now (another run may have pinned first).</returns>
    IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key);

    /// <summary>Replaces every pin of the VM with <paramref name="key"/> (-TrustHostKey), settling any 0.1 dispute.</summary>
    void Replace(Guid vmId, string vmName, PinnedHostKey key);
}
