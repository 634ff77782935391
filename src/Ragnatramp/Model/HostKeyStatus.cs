namespace Ragnatramp;

/// <summary>What the host-key check made of the key a guest presented (HostsSyncResult.HostKey).</summary>
public enum HostKeyStatus
{
    /// <summary>The key is the one pinned for the VM.</summary>
    Verified,
    /// <summary>The VM had no pin: the key was pinned on first use (with a warning naming its fingerprint).</summary>
    Pinned,
    /// <summary>The key differed from the pin and -TrustHostKey replaced the pin (with a warning naming both fingerprints).</summary>
    Replaced,
    /// <summary>The key differed from the pin: nothing was sent (ErrorId HostKeyMismatch).</summary>
    Refused,
}
