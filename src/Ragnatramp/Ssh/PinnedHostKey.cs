using System;
using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>An SSH host key as it is pinned or presented: the algorithm it was shown with, the key blob, its fingerprint.</summary>
internal sealed class PinnedHostKey
{
    public PinnedHostKey(string algorithm, string key)
    {
        Algorithm = algorithm;
        Key = key;
    }

    /// <summary>The algorithm the key was shown with or stored under, e.g. ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-512.</summary>
    public string Algorithm { get; }

    /// <summary>The public host key blob (SSH wire format), base64, as in a known_hosts line.</summary>
    public string Key { get; }

    /// <summary>"SHA256:" + unpadded base64 of SHA-256 over the key blob, exactly as <c>ssh-keygen -l</c> prints it; "" for a blob that is not base64.</summary>
    public string Fingerprint
    {
        get
        {
            try
            {
                return FingerprintOf(Convert.FromBase64String(Key));
            }
            catch (FormatException)
            {
                return "";
            }
        }
    }

    /// <summary>Builds a key from the raw blob a server presented.</summary>
    public static PinnedHostKey FromBlob(string algorithm, byte[] blob) => new(algorithm, Convert.ToBase64String(blob));

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
                return KeyTypeOf(Convert.FromBase64String(Key));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }

    /// <summary>The key type at the start of an SSH key blob; null when the blob does not start with a readable name.</summary>
    public static string? KeyTypeOf(byte[] blob)
    {
        if (blob.Length < 4) return null;
        var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (length <= 0 || length > 64 || 4 + length > blob.Length) return null;
        var name = System.Text.Encoding.ASCII.GetString(blob, 4, length);
        foreach (var c in name)
        {
            if (c <= ' ' || c > '~') return null;
        }
        return name;
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

    /// <summary>The key type (or algorithm) and fingerprint, as people compare them: "ssh-ed25519 SHA256:…".</summary>
    public override string ToString() => $"{KeyType ?? Algorithm} {Fingerprint}";
}
