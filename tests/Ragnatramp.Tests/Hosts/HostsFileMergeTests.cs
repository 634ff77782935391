using System.Text;
using Ragnatramp.Hosts;

namespace Ragnatramp.Tests.Hosts;

public partial class HostsFileMergeTests
{
    private static readonly Guid Self = Guid.Parse("00000000-0000-0000-0000-000000000001");

    private static readonly IReadOnlyList<string> Block = ManagedHostsBlock.LinesFor(Self, new[]
    {
        new HostsPeer(Guid.Parse("00000000-0000-0000-0000-000000000002"), "db", "10.231.0.12", new[] { "db" }),
        new HostsPeer(Guid.Parse("00000000-0000-0000-0000-000000000003"), "cache", "10.231.0.13", new[] { "cache", "redis" }),
    });

    private const string BlockLf = "# BEGIN RAGNATRAMP\n# Managed by ragnatramp - do not edit this block\n10.231.0.13 cache redis\n10.231.0.12 db\n# END RAGNATRAMP\n";
    private static readonly string BlockCrlf = BlockLf.Replace("\n", "\r\n");

    private const string Debian = "127.0.0.1\tlocalhost\n127.0.1.1\tweb\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n";
    private const string OldBlock = "# BEGIN RAGNATRAMP\n# Managed by ragnatramp - do not edit this block\n10.0.0.9 old\n# END RAGNATRAMP\n";

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private static string Lines(int count, string prefix, string newline = "\n") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256} {prefix}{i}{newline}"));

    /// <summary>The hostile corpus: every file the merge must treat without losing a user byte.</summary>
    public static IEnumerable<object[]> Corpus()
    {
        var cases = new (string Name, byte[] File)[]
        {
            ("empty file", Array.Empty<byte>()),
            ("only a BOM", Bom),
            ("Debian default", B(Debian)),
            ("no final newline", B("127.0.0.1 localhost\n::1 localhost")),
            ("CRLF", B(Debian.Replace("\n", "\r\n"))),
            ("CRLF without final newline", B("127.0.0.1 localhost\r\n::1 localhost")),
            ("mixed line endings", B("a 1\r\nb 2\nc 3\r\nd 4\n")),
            ("tabs and trailing spaces in user lines", B("127.0.0.1\t\tlocalhost   \n\t# indented comment\t\n")),
            ("block in the middle", B("127.0.0.1 localhost\n" + OldBlock + "::1 localhost\n")),
            ("block at the end", B(Debian + OldBlock)),
            ("block at the start", B(OldBlock + Debian)),
            ("block at the end without final newline", B("127.0.0.1 localhost\n" + OldBlock.TrimEnd('\n'))),
            ("markers with trailing spaces", B("a 1\n# BEGIN RAGNATRAMP   \n10.0.0.9 old\n# END RAGNATRAMP  \nb 2\n")),
            ("markers with trailing tabs", B("a 1\n# BEGIN RAGNATRAMP\t\n10.0.0.9 old\n# END RAGNATRAMP\t \nb 2\n")),
            ("CRLF markers in an LF file", B("a 1\n# BEGIN RAGNATRAMP\r\n10.0.0.9 old\r\n# END RAGNATRAMP\r\nb 2\n")),
            ("block in a CRLF file", B("a 1\r\n" + OldBlock.Replace("\n", "\r\n") + "b 2\r\n")),
            ("two complete blocks", B("a 1\n" + OldBlock + "b 2\n" + OldBlock + "c 3\n")),
            ("three blocks back to back", B(OldBlock + OldBlock + "x 1\n" + OldBlock)),
            ("lower-case look-alike markers", B("a 1\n# begin ragnatramp\n10.0.0.9 mine\n# end ragnatramp\n")),
            ("indented markers are user lines", B("a 1\n  # BEGIN RAGNATRAMP\n  # END RAGNATRAMP\n")),
            ("markers with extra words are user lines", B("# BEGIN RAGNATRAMP please\n# END RAGNATRAMPS\n")),
            ("BOM and user lines", Cat(Bom, B(Debian))),
            ("BOM and a block on the first line", Cat(Bom, B(OldBlock + "a 1\n"))),
            ("Unicode comments", B("# Hôte café 日本語 🚀\n127.0.0.1 localhost # ünïcödé\n")),
            ("bytes that are not UTF-8", new byte[] { 0x23, 0x20, 0xFF, 0xFE, 0xE9, 0x0A, 0x31, 0x20, 0x61, 0x0A }),
            ("5000 lines", B(Lines(5000, "host"))),
            ("5000 lines with a block in the middle", B(Lines(2500, "a") + OldBlock + Lines(2500, "b"))),
            ("5000 CRLF lines without final newline", B(Lines(5000, "h", "\r\n").TrimEnd('\n', '\r'))),
            ("only blank lines", B("\n\n\n")),
            ("several blank lines at the end", B("a 1\n\n\n\n")),
            ("CR-only line endings", B("a 1\rb 2\rc 3\r")),
            ("NUL bytes", B("a\0b 1\n\0\n")),
            ("empty block", B("a 1\n# BEGIN RAGNATRAMP\n# END RAGNATRAMP\nb 2\n")),
            ("user lines inside nothing but whitespace lines", B(" \n\t\n \t \n")),
        };
        return cases.Select(c => new object[] { c.Name, c.File });
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Merge_keeps_every_user_byte(string name, byte[] file)
    {
        var result = HostsFileMerge.Merge(file, Block);

        Assert.True(result.Outcome == HostsMergeOutcome.Changed, name);
        Assert.Equal(UserBytes(file), UserBytesWithoutAddedNewline(file, result.Content!));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Merge_leaves_exactly_one_block_with_the_new_lines(string name, byte[] file)
    {
        var merged = HostsFileMerge.Merge(file, Block).Content!;

        var text = Encoding.Latin1.GetString(merged);
        Assert.True(MarkerLines(text, "# BEGIN RAGNATRAMP") == 1, name);
        Assert.True(MarkerLines(text, "# END RAGNATRAMP") == 1, name);
        Assert.Contains(BlockLf.TrimEnd('\n'), text.Replace("\r\n", "\n"));
        Assert.DoesNotContain("10.0.0.9 old", text);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Merge_twice_is_unchanged_and_writes_nothing(string name, byte[] file)
    {
        var first = HostsFileMerge.Merge(file, Block).Content!;

        var second = HostsFileMerge.Merge(first, Block);

        Assert.True(second.Outcome == HostsMergeOutcome.Unchanged, name);
        Assert.Equal(first, second.Content);
    }

    [Fact]
    public void Merge_appends_after_exactly_one_line_break()
    {
        var result = HostsFileMerge.Merge(B(Debian), Block);

        Assert.Equal(Debian + BlockLf, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_adds_a_final_newline_before_appending_to_a_file_without_one()
    {
        var result = HostsFileMerge.Merge(B("127.0.0.1 localhost"), Block);

        Assert.Equal("127.0.0.1 localhost\n" + BlockLf, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_into_an_empty_file_is_the_block_alone()
    {
        Assert.Equal(BlockLf, Encoding.UTF8.GetString(HostsFileMerge.Merge(Array.Empty<byte>(), Block).Content!));
    }

    [Fact]
    public void Merge_keeps_a_bom_in_front()
    {
        var result = HostsFileMerge.Merge(Cat(Bom, B("a 1\n")), Block);

        Assert.Equal(Cat(Bom, B("a 1\n" + BlockLf)), result.Content);
    }

    [Fact]
    public void Merge_uses_crlf_in_a_crlf_file()
    {
        var result = HostsFileMerge.Merge(B("a 1\r\nb 2"), Block);

        Assert.Equal("a 1\r\nb 2\r\n" + BlockCrlf, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_replaces_the_block_where_it_stands()
    {
        var result = HostsFileMerge.Merge(B("a 1\n" + OldBlock + "b 2\n"), Block);

        Assert.Equal("a 1\n" + BlockLf + "b 2\n", Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_keeps_the_missing_final_newline_after_a_block_at_the_end()
    {
        var result = HostsFileMerge.Merge(B("a 1\n" + OldBlock.TrimEnd('\n')), Block);

        Assert.Equal("a 1\n" + BlockLf.TrimEnd('\n'), Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_collapses_several_blocks_into_one_at_the_first_place()
    {
        var result = HostsFileMerge.Merge(B("a 1\n" + OldBlock + "b 2\n" + OldBlock + "c 3\n"), Block);

        Assert.Equal("a 1\n" + BlockLf + "b 2\nc 3\n", Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_of_the_same_block_is_unchanged()
    {
        var file = B(Debian + BlockLf);

        var result = HostsFileMerge.Merge(file, Block);

        Assert.Equal(HostsMergeOutcome.Unchanged, result.Outcome);
        Assert.Same(file, result.Content);
    }

    [Fact]
    public void Merge_tolerates_trailing_whitespace_on_markers_but_rewrites_them_clean()
    {
        var result = HostsFileMerge.Merge(B("# BEGIN RAGNATRAMP  \n# END RAGNATRAMP\t\n"), Block);

        Assert.Equal(BlockLf, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Merge_treats_lower_case_look_alikes_as_user_lines()
    {
        const string file = "# begin ragnatramp\n1.2.3.4 mine\n# end ragnatramp\n";

        var result = HostsFileMerge.Merge(B(file), Block);

        Assert.Equal(file + BlockLf, Encoding.UTF8.GetString(result.Content!));
    }

    [Theory]
    [InlineData("a 1\n# BEGIN RAGNATRAMP\n10.0.0.9 old\n", 2, "has no '# END RAGNATRAMP'")]
    [InlineData("a 1\nb 2\n# END RAGNATRAMP\n# BEGIN RAGNATRAMP\n# END RAGNATRAMP\n", 3, "without a '# BEGIN RAGNATRAMP'")]
    [InlineData("# BEGIN RAGNATRAMP\nx 1\n# BEGIN RAGNATRAMP\n# END RAGNATRAMP\n# END RAGNATRAMP\n", 3, "nested")]
    [InlineData("# BEGIN RAGNATRAMP\n# END RAGNATRAMP\nx 1\n# END RAGNATRAMP\n", 4, "without a '# BEGIN RAGNATRAMP'")]
    [InlineData("# BEGIN RAGNATRAMP\n# END RAGNATRAMP\nx 1\n# BEGIN RAGNATRAMP", 4, "has no '# END RAGNATRAMP'")]
    [InlineData("a 1\r\n# BEGIN RAGNATRAMP\r\n", 2, "has no '# END RAGNATRAMP'")]
    public void Merge_refuses_markers_that_do_not_pair_up_and_names_the_line(string file, int line, string problem)
    {
        var result = HostsFileMerge.Merge(B(file), Block);

        Assert.Equal(HostsMergeOutcome.MarkersUnpaired, result.Outcome);
        Assert.Null(result.Content);
        Assert.Equal(line, result.Line);
        Assert.Contains(problem, result.Problem);
        Assert.Contains($"line {line}", result.Problem);
    }

    [Fact]
    public void Merge_refusal_says_how_to_fix_it()
    {
        var result = HostsFileMerge.Merge(B("# BEGIN RAGNATRAMP\n"), Block);

        Assert.Contains("Add '# END RAGNATRAMP'", result.Problem);
    }

    // Independent of the merge: the bytes of every line outside a marker block, terminators included.
    private static byte[] UserBytes(byte[] file, string begin = "# BEGIN RAGNATRAMP", string endMarker = "# END RAGNATRAMP")
    {
        var output = new List<byte>();
        var inside = false;
        var start = 0;
        while (start < file.Length)
        {
            var lf = Array.IndexOf(file, (byte)'\n', start);
            var end = lf < 0 ? file.Length : lf + 1;
            var text = Encoding.Latin1.GetString(file, start, end - start).TrimStart('\uFEFF', 'ï', '»', '¿').TrimEnd('\n', '\r', ' ', '\t');
            if (start == 0 && file.Length >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF)
            {
                output.AddRange(file.Take(3));
                start = 3;
                continue;
            }
            if (!inside && text == begin) inside = true;
            else if (inside && text == endMarker) inside = false;
            else if (!inside) output.AddRange(file.Skip(start).Take(end - start));
            start = end;
        }
        return output.ToArray();
    }

    // Appending adds one line break to a file that lacked a final one: the only byte allowed in.
    private static byte[] UserBytesWithoutAddedNewline(byte[] input, byte[] merged, string begin = "# BEGIN RAGNATRAMP", string end = "# END RAGNATRAMP")
    {
        var user = UserBytes(merged, begin, end);
        var original = UserBytes(input, begin, end);
        if (user.Length > original.Length && user.Take(original.Length).SequenceEqual(original))
        {
            var extra = Encoding.ASCII.GetString(user, original.Length, user.Length - original.Length);
            Assert.True(extra is "\n" or "\r\n", $"only a line break may be added, got '{extra}'");
            return original;
        }
        return user;
    }

    private static int MarkerLines(string text, string marker) =>
        text.Split('\n').Count(l => l.TrimStart('ï', '»', '¿').TrimEnd('\r', ' ', '\t') == marker);
}
