using System.Security.Cryptography;
using System.Text;

namespace Ragnatramp;

/// <summary>SHA-256 digests that also work under the Windows "use FIPS compliant algorithms" policy.</summary>
/// <remarks>
/// On Windows PowerShell 5.1 (.NET Framework) <c>SHA256.Create()</c> gives <c>SHA256Managed</c>, which throws
/// InvalidOperationException when that policy is on (the 4.8 relaxation applies only to apps that target 4.8,
/// and powershell.exe targets none). The CryptoServiceProvider implementation is FIPS-validated there, and
/// CryptoConfig maps its name on .NET as well; the digest is the same either way.
/// </remarks>
internal static class Sha256Digest
{
    internal const string FipsAlgorithmName = "System.Security.Cryptography.SHA256CryptoServiceProvider";

    /// <summary>The SHA-256 implementation used: the FIPS-validated one where the platform has it.</summary>
    internal static HashAlgorithm Create() => SHA256.Create(FipsAlgorithmName) ?? SHA256.Create();

    /// <summary>The 32-byte SHA-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Of(byte[] data)
    {
        using var sha = Create();
        return sha.ComputeHash(data);
    }

    /// <summary>The first <paramref name="bytes"/> bytes of the digest as lower-case hex (the Node.js CLI's short hashes).</summary>
    public static string HexPrefix(byte[] data, int bytes)
    {
        var digest = Of(data);
        var hex = new StringBuilder(bytes * 2);
        for (var i = 0; i < bytes; i++) hex.Append(digest[i].ToString("x2"));
        return hex.ToString();
    }
}
