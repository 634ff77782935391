using System;
using System.Linq;

namespace Ragnatramp.Discovery;

/// <summary>The Notes marker of a VM the Node.js CLI created for a config (lines managed:true and config:&lt;path&gt;).</summary>
internal static class OwnershipMarker
{
    public static bool IsOwnedBy(string? notes, string configPath)
    {
        if (string.IsNullOrEmpty(notes)) return false;
        var lines = notes!.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        var managed = lines.Any(l => string.Equals(l.Replace(" ", ""), "managed:true", StringComparison.OrdinalIgnoreCase));
        var ownConfig = lines.Any(l => l.StartsWith("config:", StringComparison.OrdinalIgnoreCase)
            && SamePath(l.Substring("config:".Length).Trim(), configPath));
        return managed && ownConfig;
    }

    /// <summary>Case-insensitive, '\' and '/' alike, trailing separators ignored (Windows paths as the Node.js CLI writes them).</summary>
    public static bool SamePath(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    private static string Canonical(string path) => path.Trim().Replace('\\', '/').TrimEnd('/');
}
