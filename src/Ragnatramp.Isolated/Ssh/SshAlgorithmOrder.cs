using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace Ragnatramp.Isolated.Ssh;

/// <summary>
/// The one place where the order of the algorithms offered to a guest is decided (the client's
/// order wins the negotiation). SSH.NET 2026.0.0's netstandard2.0 build (the one this module loads,
/// on PowerShell 7 too) runs every key exchange in managed code. Client CPU per login plus one
/// command, measured on the lab: curve25519 ≈ 26 ms, diffie-hellman-group14-sha256 ≈ 35 ms,
/// ecdh-sha2-nistp256 ≈ 70 ms, sntrup761x25519 ≈ 150 ms; ML-KEM-768 adds ≈ 3 ms to X25519.
/// SSH.NET offers mlkem768x25519 then sntrup761x25519 first, so an OpenSSH 9.0–9.8 guest (no
/// ML-KEM) settles on sntrup761 and every login pays its key
/// generation. Ciphers and MACs made no measurable difference and keep SSH.NET's order.
/// </summary>
internal static class SshAlgorithmOrder
{
    /// <summary>
    /// Key exchanges put first, most preferred first: the post-quantum hybrid ML-KEM where the guest
    /// has it (OpenSSH ≥ 9.9; cheap), else curve25519. Every other algorithm SSH.NET knows follows in
    /// its own order, so no guest that worked before is refused; sntrup761 stays on offer for a guest
    /// that has nothing else in common with us, behind everything cheaper.
    /// </summary>
    internal static readonly string[] PreferredKeyExchanges =
    {
        "mlkem768x25519-sha256",
        "curve25519-sha256",
        "curve25519-sha256@libssh.org",
    };

    /// <summary>Key exchanges offered only when the guest has nothing cheaper in common with us.</summary>
    internal static readonly string[] LastKeyExchanges =
    {
        "sntrup761x25519-sha512",
        "sntrup761x25519-sha512@openssh.com",
    };

    /// <summary>Reorders the key exchanges of <paramref name="info"/> (none is added or removed).</summary>
    public static void Apply(ConnectionInfo info) => Reorder(info.KeyExchangeAlgorithms, PreferredKeyExchanges, LastKeyExchanges);

    /// <summary>
    /// The entries of <paramref name="algorithms"/> with <paramref name="first"/> in front and
    /// <paramref name="last"/> at the end (both in their given order), every other one in between in
    /// its own order. SSH.NET sends a dictionary's keys in enumeration order, which is insertion order.
    /// </summary>
    internal static void Reorder<T>(IDictionary<string, T> algorithms, IReadOnlyList<string> first, IReadOnlyList<string> last)
    {
        var entries = algorithms.ToList();
        int Rank(string name)
        {
            var front = IndexOf(first, name);
            if (front >= 0) return front - first.Count;
            var back = IndexOf(last, name);
            return back >= 0 ? 1 + back : 0;
        }
        var ordered = entries.Select((entry, index) => (entry, index))
            .OrderBy(e => Rank(e.entry.Key)).ThenBy(e => e.index)
            .Select(e => e.entry).ToList();
        algorithms.Clear();
        foreach (var entry in ordered) algorithms.Add(entry.Key, entry.Value);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
