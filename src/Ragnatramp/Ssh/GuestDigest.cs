using System;
using System.Security.Cryptography;
using System.Text;

namespace Ragnatramp.Ssh;

/// <summary>
/// What the guest-side script compares a file with: "CKSUM-LINE|SHA256|MD5" of the expected bytes, so
/// whichever of cksum, sha256sum and md5sum the guest has can check them (see GuestHostsScript.sh).
/// </summary>
internal static class GuestDigest
{
    /// <summary>The digests of <paramref name="data"/> as the guest's tools print them.</summary>
    public static string Of(byte[] data) => PosixCksum.Line(data) + "|" + Hex(Sha256Digest.Of(data)) + "|" + Md5Hex(data);

    // MD5 is refused where Windows enforces FIPS-compliant algorithms; "-" then matches no md5sum output,
    // so a guest with md5sum as its only tool reports the file as changed instead of accepting it unchecked.
    private static string Md5Hex(byte[] data)
    {
        try
        {
            using var md5 = MD5.Create();
            return Hex(md5.ComputeHash(data));
        }
        catch (Exception e) when (e is InvalidOperationException || e is System.Reflection.TargetInvocationException || e is CryptographicException)
        {
            return "-";
        }
    }

    private static string Hex(byte[] digest)
    {
        var text = new StringBuilder(digest.Length * 2);
        foreach (var b in digest) text.Append(b.ToString("x2"));
        return text.ToString();
    }
}
