using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Ragnatramp.Hosts;

/// <summary>
/// The managed block for one guest: every other peer, sorted by name (ordinal, case-insensitive),
/// "ip name alias…" per line between the BEGIN/END markers.
/// </summary>
internal static class ManagedHostsBlock
{
    public const string Notice = "# Managed by ragnatramp - do not edit this block";

    // A name that /etc/hosts can carry as one field: letters, digits, '-', '.', '_' (RFC 1123 plus the
    // underscore glibc accepts). Whitespace or '#' would split the line or comment it out. \z, not $:
    // $ also matches before a final \n, and a name with one would split its line in every guest's block.
    private static readonly Regex ValidName = new(@"^[A-Za-z0-9_]([A-Za-z0-9._-]{0,252})\z", RegexOptions.CultureInvariant);

    /// <summary>True when the name can stand as one field of a hosts line.</summary>
    public static bool IsValidHostName(string name) => ValidName.IsMatch(name);

    /// <summary>The block's lines (markers included, no line endings) for the guest <paramref name="self"/>, which is left out.</summary>
    public static IReadOnlyList<string> LinesFor(Guid self, IEnumerable<HostsPeer> peers) =>
        LinesFor(self, peers, HostsBlockMarkers.Guest);

    /// <summary>As above, between the given markers (a project's block in the host's hosts file leaves out no one: self = Guid.Empty).</summary>
    public static IReadOnlyList<string> LinesFor(Guid self, IEnumerable<HostsPeer> peers, HostsBlockMarkers markers)
    {
        var lines = new List<string> { markers.Begin, Notice };
        foreach (var peer in peers
                     .Where(p => p.VmId != self)
                     .OrderBy(p => p.SortName, StringComparer.OrdinalIgnoreCase)
                     .ThenBy(p => p.SortName, StringComparer.Ordinal))
        {
            var names = peer.Names.Where(IsValidHostName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count == 0) continue;
            lines.Add(peer.IPv4 + " " + string.Join(" ", names));
        }
        lines.Add(markers.End);
        return lines;
    }

    /// <summary>The lines of a block around its address lines: BEGIN marker, notice, END marker.</summary>
    public const int FrameLineCount = 3;

    /// <summary>The address lines of a block's lines (<see cref="LinesFor(Guid, IEnumerable{HostsPeer}, HostsBlockMarkers)"/>), without its frame.</summary>
    public static string[] AddressLines(IReadOnlyList<string> blockLines) =>
        blockLines.Skip(2).Take(AddressLineCount(blockLines)).ToArray();

    /// <summary>How many address lines a block's lines hold: one per peer (or machine) listed.</summary>
    public static int AddressLineCount(IReadOnlyList<string> blockLines) => Math.Max(0, blockLines.Count - FrameLineCount);

    /// <summary>The block as text with LF line endings (what -Verbose and ReconcileResult.HostsBlock show).</summary>
    public static string TextFor(Guid self, IEnumerable<HostsPeer> peers) =>
        string.Join("\n", LinesFor(self, peers)) + "\n";

    /// <summary>The block as bytes (UTF-8; names are ASCII) with the given line ending after every line.</summary>
    public static byte[] Encode(IReadOnlyList<string> lines, string newline)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append(newline);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
