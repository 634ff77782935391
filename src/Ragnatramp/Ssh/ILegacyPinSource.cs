using System;
using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>Where Ragnatramp 0.1 pinned host keys: read once, then emptied of what moved into the pin store.</summary>
internal interface ILegacyPinSource
{
    /// <summary>Every pin it holds (empty when the file or the entry is not there).</summary>
    /// <exception cref="KnownHostsException">An entry cannot be read: no guest is trusted on first use because of it.</exception>
    /// <exception cref="System.IO.IOException">The file exists but cannot be read.</exception>
    IReadOnlyList<LegacyPin> ReadAll();

    /// <summary>Removes the pins of these VMs (they are in the pin store now); the rest of the file stays as it is.</summary>
    /// <exception cref="System.IO.IOException">The file cannot be locked or written; it is unchanged.</exception>
    void Remove(ICollection<Guid> vmIds);
}
