using System;

namespace Ragnatramp.Ssh;

/// <summary>A host key pinned by Ragnatramp 0.1 (in a state's hostKeys or the old per-user JSON store), waiting to move into the pin store.</summary>
internal sealed class LegacyPin
{
    public LegacyPin(Guid vmId, string vmName, PinnedHostKey key, string source)
    {
        VmId = vmId;
        VmName = vmName;
        Key = key;
        Source = source;
    }

    public Guid VmId { get; }
    /// <summary>The VM name recorded beside the key ("" when none).</summary>
    public string VmName { get; }
    public PinnedHostKey Key { get; }
    /// <summary>Where it is, for messages: the file (and the JSON entry).</summary>
    public string Source { get; }
}
