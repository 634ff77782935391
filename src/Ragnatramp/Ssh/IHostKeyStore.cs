using System;
using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>
/// Where trusted SSH host keys are pinned, per VM id (addresses change, ids do not).
/// Inside a project the state file holds them (the state-backed store); outside one the
/// per-user <see cref="HostKeyFileStore"/>. Implementations must be safe to call from several
/// threads at once: guests are synced in parallel.
/// </summary>
internal interface IHostKeyStore
{
    /// <summary>The key pinned for this VM, or null when none was trusted yet.</summary>
    PinnedHostKey? Find(Guid vmId);

    /// <summary>Pins (or re-pins, replacing the old one) the key for this VM and persists it at once.</summary>
    /// <param name="vmId">Hyper-V VM id.</param>
    /// <param name="vmName">The VM's name, kept beside the key for people reading the store.</param>
    /// <param name="key">The key to trust.</param>
    void Pin(Guid vmId, string vmName, PinnedHostKey key);
}

/// <summary>A host key trusted for one VM: algorithm, the key blob, its fingerprint and when it was trusted.</summary>
internal sealed class PinnedHostKey
{
    public PinnedHostKey(string algorithm, string key, string fingerprint, DateTime trustedAt)
    {
        Algorithm = algorithm;
        Key = key;
        Fingerprint = fingerprint;
        TrustedAt = trustedAt;
    }

    /// <summary>The SSH key algorithm name, e.g. ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-512.</summary>
    public string Algorithm { get; }

    /// <summary>The public host key blob (SSH wire format), base64, as in a known_hosts line.</summary>
    public string Key { get; }

    /// <summary>"SHA256:" + unpadded base64 of SHA-256 over the key blob, exactly as OpenSSH prints it.</summary>
    public string Fingerprint { get; }

    /// <summary>When the key was trusted (UTC).</summary>
    public DateTime TrustedAt { get; }

    /// <summary>Builds a pin from the raw key blob, computing the fingerprint.</summary>
    public static PinnedHostKey FromBlob(string algorithm, byte[] blob, DateTime trustedAtUtc) =>
        new(algorithm, Convert.ToBase64String(blob), FingerprintOf(blob), trustedAtUtc);

    /// <summary>OpenSSH's SHA256 fingerprint of a key blob: "SHA256:" + base64 without '=' padding.</summary>
    public static string FingerprintOf(byte[] blob) =>
        "SHA256:" + Convert.ToBase64String(Sha256Digest.Of(blob)).TrimEnd('=');

    /// <summary>The key type named at the start of the key blob (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, …); null if unreadable.</summary>
    public string? KeyType
    {
        get
        {
            try
            {
                var blob = Convert.FromBase64String(Key);
                if (blob.Length < 4) return null;
                var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
                if (length <= 0 || length > 64 || 4 + length > blob.Length) return null;
                return System.Text.Encoding.ASCII.GetString(blob, 4, length);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The host-key algorithms that show this key: one per type, except RSA, which is shown by
    /// rsa-sha2-512, rsa-sha2-256 and the old ssh-rsa alike. Null when the key type cannot be read.
    /// </summary>
    public IReadOnlyList<string>? HostKeyAlgorithms()
    {
        var type = KeyType;
        if (type == null) return null;
        return type == "ssh-rsa" ? new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" } : new[] { type };
    }

    /// <summary>True when both name the same key blob (the algorithm name may differ for RSA signatures).</summary>
    public bool SameKeyAs(PinnedHostKey other) => string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override string ToString() => $"{Algorithm} {Fingerprint}";
}
