using System.Text;

namespace Ragnatramp.Config;

/// <summary>The Hyper-V VM name of a machine, derived exactly as the Node.js CLI derives it.</summary>
internal static class VmNaming
{
    /// <summary>
    /// <c>{project}-{machine}-{hash8}</c>. <paramref name="configPath"/> must already be the absolute
    /// path (as the Node.js CLI's path.resolve gives it): it is hashed as given, never re-resolved,
    /// so a Windows path hashes the same on any machine.
    /// </summary>
    public static string Derive(string project, string machine, string configPath) =>
        $"{project}-{machine}-{ConfigPathHash(configPath)}";

    /// <summary>First 8 lower-case hex digits of SHA-256 over the path with '\' as '/', lower-cased as JavaScript does, in UTF-8.</summary>
    public static string ConfigPathHash(string configPath)
    {
        var normalized = JsLowerCase.ToLower(configPath.Replace('\\', '/'));
        var digest = Sha256Digest.Of(Encoding.UTF8.GetBytes(normalized));
        var hex = new StringBuilder(8);
        for (var i = 0; i < 4; i++)
        {
            hex.Append(digest[i].ToString("x2"));
        }
        return hex.ToString();
    }
}
