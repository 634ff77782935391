using System.IO;
using System.Text;

namespace Ragnatramp.State;

/// <summary>
/// The state's configHash: first 8 hex digits of SHA-256 over the config file's content, as the
/// Node.js CLI computes it (readFile as UTF-8, hashed as UTF-8). Not the VM-name hash, which is over the path.
/// </summary>
internal static class ConfigContentHash
{
    public static string Compute(string configPath) => ComputeFromBytes(File.ReadAllBytes(configPath));

    public static string ComputeFromBytes(byte[] content)
    {
        // Node decodes to a string first (invalid bytes become U+FFFD, a BOM is kept) and hashes that
        // string's UTF-8: decode and re-encode the same way so odd files hash alike.
        var text = new UTF8Encoding(false, false).GetString(content);
        return Sha256Digest.HexPrefix(Encoding.UTF8.GetBytes(text), 4);
    }
}
