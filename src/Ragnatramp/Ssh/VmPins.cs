using System;
using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>What the pin store says about one VM: the keys it accepts, or that Ragnatramp 0.1's pins of it disagree.</summary>
internal sealed class VmPins
{
    public static readonly VmPins None = new(Array.Empty<PinnedHostKey>());

    public VmPins(IReadOnlyList<PinnedHostKey> keys, IReadOnlyList<LegacyPin>? disputed = null)
    {
        Keys = keys;
        Disputed = disputed ?? Array.Empty<LegacyPin>();
    }

    /// <summary>The pinned keys: a guest showing one of them is accepted. Empty: not pinned yet.</summary>
    public IReadOnlyList<PinnedHostKey> Keys { get; }

    /// <summary>Non-empty when two 0.1 sources pinned different keys for the VM: no key is accepted without -TrustHostKey.</summary>
    public IReadOnlyList<LegacyPin> Disputed { get; }

    public bool IsDisputed => Disputed.Count > 0;
}
