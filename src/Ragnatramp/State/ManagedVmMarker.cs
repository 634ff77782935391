using System;
using System.Text.RegularExpressions;

namespace Ragnatramp.State;

/// <summary>
/// The Node.js CLI's ownership marker in a VM's Notes ("managed:true" and "config:&lt;config path&gt;"):
/// only a VM carrying it for this config is adopted, so a VM someone else owns is never written to.
/// </summary>
internal static class ManagedVmMarker
{
    private static readonly Regex Managed = new("managed:true", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex ConfigLine = new(@"^config:(.+?)\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex LegacyLine = new(@"^ragnatramp:(.+?)\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Whether the Notes mark the VM as managed for this config (path compared case- and slash-insensitively).</summary>
    public static bool IsManagedFor(string? notes, string configPath)
    {
        if (string.IsNullOrEmpty(notes) || !Managed.IsMatch(notes)) return false;
        var path = ConfigPathIn(notes!);
        return path != null && string.Equals(Normalize(path), Normalize(configPath), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The config path the Notes name (the config: line, else the legacy ragnatramp: line); null if none.</summary>
    public static string? ConfigPathIn(string notes)
    {
        var match = ConfigLine.Match(notes);
        if (match.Success) return match.Groups[1].Value.Trim();
        // The legacy marker's value is a path; "ragnatramp:v0.1.0" is the version line, not a path.
        foreach (Match legacy in LegacyLine.Matches(notes))
        {
            var value = legacy.Groups[1].Value.Trim();
            if (!Regex.IsMatch(value, @"^v\d")) return value;
        }
        return null;
    }

    private static string Normalize(string path) => path.Trim().Replace('\\', '/').TrimEnd('/').ToUpperInvariant();
}
