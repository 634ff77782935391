using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Ragnatramp.Hosts;

/// <summary>
/// Puts one managed block (<see cref="HostsBlockMarkers"/>: the guest's, or a project's in the host's
/// hosts file) into a hosts file's bytes and keeps every other byte as it was: user
/// lines, their line endings, a BOM, a missing final newline, bytes that are not UTF-8.
/// The block replaces the existing one where it stands (several complete blocks collapse into one,
/// at the first's place) or is appended after exactly one line break. It uses CRLF line endings
/// when the user's lines mostly end in CRLF, LF otherwise (empty file: LF). Markers are the exact
/// upper-case lines, trailing spaces, tabs or CR tolerated; anything else is a user line.
/// Markers that do not pair up are reported, never guessed at.
/// </summary>
internal static class HostsFileMerge
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private enum Kind { User, Begin, End }

    private readonly struct Line
    {
        public Line(int start, int contentEnd, int end, Kind kind)
        {
            Start = start;
            ContentEnd = contentEnd;
            End = end;
            Kind = kind;
        }

        public int Start { get; }
        /// <summary>Offset of the line's LF (or of the end of the file when it has none).</summary>
        public int ContentEnd { get; }
        /// <summary>Offset just after the line's LF.</summary>
        public int End { get; }
        public Kind Kind { get; }
        public bool HasNewline => End > ContentEnd;
    }

    /// <summary>
    /// Merges <paramref name="blockLines"/> (markers included, no line endings) into <paramref name="file"/>,
    /// as the block delimited by <paramref name="markers"/> (default: the guest's unnamed block).
    /// </summary>
    public static HostsMergeResult Merge(byte[] file, IReadOnlyList<string> blockLines, HostsBlockMarkers? markers = null)
    {
        markers ??= HostsBlockMarkers.Guest;
        var begin = markers.Begin;
        var end = markers.End;
        var lines = Split(file, Encoding.ASCII.GetBytes(begin), Encoding.ASCII.GetBytes(end));

        var blocks = new List<(int Begin, int End)>();
        var open = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            switch (lines[i].Kind)
            {
                case Kind.Begin when open >= 0:
                    return HostsMergeResult.Unpaired(i + 1,
                        $"line {i + 1}: '{begin}' inside the block that starts at line {open + 1} (nested markers). " +
                        $"Remove one of the two '{begin}' lines so every BEGIN has its own END.");
                case Kind.Begin:
                    open = i;
                    break;
                case Kind.End when open < 0:
                    return HostsMergeResult.Unpaired(i + 1,
                        $"line {i + 1}: '{end}' without a '{begin}' before it. " +
                        $"Remove that line, or add '{begin}' above the lines it should close.");
                case Kind.End:
                    blocks.Add((open, i));
                    open = -1;
                    break;
            }
        }
        if (open >= 0)
        {
            return HostsMergeResult.Unpaired(open + 1,
                $"line {open + 1}: '{begin}' has no '{end}' after it. " +
                $"Add '{end}' after the managed lines, or remove the BEGIN line.");
        }

        var newline = UsesCrlf(file, lines, blocks) ? "\r\n" : "\n";
        var output = new MemoryStream(file.Length + 256);

        if (blocks.Count == 0)
        {
            output.Write(file, 0, file.Length);
            var content = ContentLength(file);
            if (content > 0 && file[file.Length - 1] != (byte)'\n')
            {
                WriteAscii(output, newline);
            }
            var block = ManagedHostsBlock.Encode(blockLines, newline);
            output.Write(block, 0, block.Length);
            return HostsMergeResult.Changed(output.ToArray());
        }

        var position = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var start = lines[blocks[b].Begin].Start;
            output.Write(file, position, start - position);
            if (b == 0)
            {
                var block = ManagedHostsBlock.Encode(blockLines, newline);
                var endLine = lines[blocks[b].End];
                // A block that ends the file without a final newline keeps it missing.
                var length = endLine.HasNewline ? block.Length : block.Length - newline.Length;
                output.Write(block, 0, length);
            }
            position = lines[blocks[b].End].End;
        }
        output.Write(file, position, file.Length - position);

        var merged = output.ToArray();
        return BytesEqual(merged, file) ? HostsMergeResult.Same(file) : HostsMergeResult.Changed(merged);
    }

    private static List<Line> Split(byte[] file, byte[] begin, byte[] endMarker)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < file.Length)
        {
            var lf = Array.IndexOf(file, (byte)'\n', start);
            var contentEnd = lf < 0 ? file.Length : lf;
            var end = lf < 0 ? file.Length : lf + 1;
            var textStart = start == 0 && StartsWithBom(file) ? Bom.Length : start;
            // A BOM belongs to no line: replacing a block on the first line keeps it in front.
            lines.Add(new Line(textStart, contentEnd, end, Classify(file, textStart, contentEnd, begin, endMarker)));
            start = end;
        }
        return lines;
    }

    private static Kind Classify(byte[] file, int start, int end, byte[] begin, byte[] endMarker)
    {
        // Trailing whitespace and the CR of a CRLF line are tolerated after a marker.
        while (end > start && (file[end - 1] == (byte)' ' || file[end - 1] == (byte)'\t' || file[end - 1] == (byte)'\r'))
        {
            end--;
        }
        if (Matches(file, start, end, begin)) return Kind.Begin;
        if (Matches(file, start, end, endMarker)) return Kind.End;
        return Kind.User;
    }

    private static bool Matches(byte[] file, int start, int end, byte[] marker)
    {
        if (end - start != marker.Length) return false;
        for (var i = 0; i < marker.Length; i++)
        {
            if (file[start + i] != marker[i]) return false;
        }
        return true;
    }

    // Decided from the user's lines only, so the block we add never tips the decision on the next run.
    private static bool UsesCrlf(byte[] file, List<Line> lines, List<(int Begin, int End)> blocks)
    {
        int crlf = 0, lf = 0, block = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            while (block < blocks.Count && i > blocks[block].End) block++;
            if (block < blocks.Count && i >= blocks[block].Begin) continue;
            var endsInCr = lines[i].ContentEnd > lines[i].Start && file[lines[i].ContentEnd - 1] == (byte)'\r';
            // A last line without LF counts only when it ends in CR: the line break we append
            // turns it into a CRLF line, and the next run must decide the same way.
            if (!lines[i].HasNewline && !endsInCr) continue;
            if (endsInCr) crlf++;
            else lf++;
        }
        return crlf > lf;
    }

    private static int ContentLength(byte[] file) => StartsWithBom(file) ? file.Length - Bom.Length : file.Length;

    private static bool StartsWithBom(byte[] file) =>
        file.Length >= 3 && file[0] == Bom[0] && file[1] == Bom[1] && file[2] == Bom[2];

    private static void WriteAscii(Stream stream, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
    }

    private static bool BytesEqual(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) return false;
        }
        return true;
    }
}
