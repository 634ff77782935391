using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Ragnatramp.Ssh;

/// <summary>
/// Makes ~/.ssh/config include the published project files: the line <c>Include ragnatramp/*.conf</c>
/// (relative Includes in a user config are relative to ~/.ssh) before the first Host or Match, where
/// it applies to every host. Every other byte stays: line endings, a BOM, a missing final newline,
/// other Includes. Comment lines directly above the first Host/Match stay with it (the Include goes
/// above them). A file that already includes it before its first Host/Match is left alone.
/// </summary>
internal static class SshConfigInclude
{
    public const string Pattern = "ragnatramp/*.conf";
    public const string Line = "Include " + Pattern;
    public const string Comment = "# Added by Ragnatramp: the ssh config of its projects' VMs (remove both lines to undo; see Get-Help about_Ragnatramp)";

    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };
    private static readonly Regex Keyword = new(@"^\s*([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$", RegexOptions.CultureInvariant);

    /// <summary>The file with the Include added, or null when it already has it.</summary>
    public static byte[]? Ensure(byte[] file)
    {
        var lines = Split(file);
        var firstHost = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var text = Text(file, lines[i]);
            var match = Keyword.Match(text);
            if (!match.Success) continue;
            var keyword = match.Groups[1].Value;
            if (keyword.Equals("Host", StringComparison.OrdinalIgnoreCase) || keyword.Equals("Match", StringComparison.OrdinalIgnoreCase))
            {
                firstHost = i;
                break;
            }
            if (keyword.Equals("Include", StringComparison.OrdinalIgnoreCase) && IncludesOurs(match.Groups[2].Value)) return null;
        }

        var crlf = UsesCrlf(file, lines);
        var newline = crlf ? "\r\n" : "\n";
        var insert = Encoding.UTF8.GetBytes(Comment + newline + Line + newline);
        var output = new MemoryStream(file.Length + insert.Length + 2);
        int at;
        if (firstHost < 0)
        {
            output.Write(file, 0, file.Length);
            var contentStart = StartsWithBom(file) ? Bom.Length : 0;
            if (file.Length > contentStart && file[file.Length - 1] != (byte)'\n')
            {
                var nl = Encoding.ASCII.GetBytes(newline);
                output.Write(nl, 0, nl.Length);
            }
            output.Write(insert, 0, insert.Length);
            return output.ToArray();
        }
        // Keep the comments that describe the first Host/Match above it.
        var first = firstHost;
        while (first > 0 && Text(file, lines[first - 1]).TrimStart().StartsWith("#", StringComparison.Ordinal)) first--;
        at = lines[first].Start;
        output.Write(file, 0, at);
        output.Write(insert, 0, insert.Length);
        output.Write(file, at, file.Length - at);
        return output.ToArray();
    }

    private static bool IncludesOurs(string arguments)
    {
        foreach (var argument in arguments.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var value = argument.Trim('"').Replace('\\', '/');
            if (value == Pattern || value == "~/.ssh/" + Pattern) return true;
        }
        return false;
    }

    private readonly struct Span
    {
        public Span(int start, int contentEnd, int end)
        {
            Start = start;
            ContentEnd = contentEnd;
            End = end;
        }

        public int Start { get; }
        public int ContentEnd { get; }
        public int End { get; }
    }

    private static List<Span> Split(byte[] file)
    {
        var lines = new List<Span>();
        var start = StartsWithBom(file) ? Bom.Length : 0;
        while (start < file.Length)
        {
            var lf = Array.IndexOf(file, (byte)'\n', start);
            var contentEnd = lf < 0 ? file.Length : lf;
            var end = lf < 0 ? file.Length : lf + 1;
            lines.Add(new Span(start, contentEnd, end));
            start = end;
        }
        return lines;
    }

    private static string Text(byte[] file, Span line) => Encoding.UTF8.GetString(file, line.Start, line.ContentEnd - line.Start).TrimEnd('\r');

    private static bool UsesCrlf(byte[] file, List<Span> lines)
    {
        int crlf = 0, lf = 0;
        foreach (var line in lines)
        {
            if (line.End == line.ContentEnd) continue;
            if (line.ContentEnd > line.Start && file[line.ContentEnd - 1] == (byte)'\r') crlf++;
            else lf++;
        }
        return crlf > lf;
    }

    private static bool StartsWithBom(byte[] file) =>
        file.Length >= 3 && file[0] == Bom[0] && file[1] == Bom[1] && file[2] == Bom[2];
}
