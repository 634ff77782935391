using System.Text;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.State;

namespace Ragnatramp.Tests.Hosts;

/// <summary>The same merge with a project's named block, as Sync-RagnaHostsFile writes it into the host's hosts file.</summary>
public partial class HostsFileMergeTests
{
    private const string DemoBegin = "# BEGIN RAGNATRAMP demo";
    private const string DemoEnd = "# END RAGNATRAMP demo";
    private static readonly HostsBlockMarkers Demo = HostsBlockMarkers.ForProject("demo");

    private static readonly IReadOnlyList<string> DemoBlock = ProjectHostsBlock.LinesFor("demo", new[]
    {
        Recorded("web", new[] { "www" }, "00000000-0000-0000-0000-00000000000a", "172.18.185.163"),
        Recorded("db", Array.Empty<string>(), "00000000-0000-0000-0000-00000000000b", "172.18.185.164"),
    });

    private const string DemoBlockLf = "# BEGIN RAGNATRAMP demo\n# Managed by ragnatramp - do not edit this block\n" +
                                       "172.18.185.164 db.demo\n172.18.185.163 web.demo www.demo\n# END RAGNATRAMP demo\n";

    private const string OtherProject = "# BEGIN RAGNATRAMP shop\n# Managed by ragnatramp - do not edit this block\n10.1.1.1 api.shop\n# END RAGNATRAMP shop\n";
    private const string OldDemo = "# BEGIN RAGNATRAMP demo\n# Managed by ragnatramp - do not edit this block\n10.0.0.9 old.demo\n# END RAGNATRAMP demo\n";

    // Windows' default hosts file, with a comment in the ANSI code page 1252 ("für Köln": 0xFC, 0xF6): not UTF-8.
    private static readonly byte[] WindowsAnsi = Cat(
        B("# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# Rechner f"), new byte[] { 0xFC }, B("r K"), new byte[] { 0xF6 }, B("ln\r\n"),
        B("#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n"));

    internal static RecordedAddress Recorded(string machine, string[] aliases, string id, string ipv4) =>
        new(new MachineDefinition(machine, aliases, "demo-" + machine + "-1a2b3c4d", SshLogin.None), Guid.Parse(id), "demo-" + machine + "-1a2b3c4d", ipv4);

    /// <summary>The guest corpus with its markers renamed to the project's, plus what the host's file adds.</summary>
    public static IEnumerable<object[]> HostCorpus()
    {
        foreach (var item in Corpus())
        {
            var renamed = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString((byte[])item[1])
                .Replace("# BEGIN RAGNATRAMP", DemoBegin).Replace("# END RAGNATRAMP", DemoEnd));
            yield return new object[] { "renamed: " + item[0], renamed };
            yield return new object[] { "guest markers are user lines: " + item[0], item[1] };
        }
        var extra = new (string Name, byte[] File)[]
        {
            ("another project's block", B("127.0.0.1 localhost\n" + OtherProject)),
            ("blocks of two other projects around ours", B(OtherProject + OldDemo + OtherProject.Replace("shop", "blog"))),
            ("a project whose name starts like ours", B(OldDemo.Replace("demo", "demo2") + "a 1\n")),
            ("our block inside nothing but other projects' blocks", B(OtherProject + OldDemo)),
            ("the guest block and ours", B(OldBlock + OldDemo)),
            ("CRLF-only file", B(Debian.Replace("\n", "\r\n"))),
            ("CRLF-only file with our block", B(("a 1\n" + OldDemo + OtherProject + "b 2\n").Replace("\n", "\r\n"))),
            ("CRLF-only file without final newline", B("a 1\r\nb 2\r\nc 3")),
            ("ANSI code page 1252", WindowsAnsi),
            ("ANSI code page 1252 with our block", Cat(WindowsAnsi, B(OldDemo.Replace("\n", "\r\n")), new byte[] { 0x23, 0xE9, 0x0D, 0x0A })),
            ("Windows default hosts file", B("# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n" +
                                              "#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n")),
        };
        foreach (var (name, file) in extra) yield return new object[] { name, file };
    }

    [Theory]
    [MemberData(nameof(HostCorpus))]
    public void Project_merge_keeps_every_byte_outside_its_own_block(string name, byte[] file)
    {
        var result = HostsFileMerge.Merge(file, DemoBlock, Demo);

        Assert.True(result.Outcome == HostsMergeOutcome.Changed, name);
        Assert.Equal(UserBytes(file, DemoBegin, DemoEnd), UserBytesWithoutAddedNewline(file, result.Content!, DemoBegin, DemoEnd));
    }

    [Theory]
    [MemberData(nameof(HostCorpus))]
    public void Project_merge_leaves_one_block_of_the_project_and_is_idempotent(string name, byte[] file)
    {
        var merged = HostsFileMerge.Merge(file, DemoBlock, Demo).Content!;

        var text = Encoding.Latin1.GetString(merged);
        Assert.True(MarkerLines(text, DemoBegin) == 1, name);
        Assert.True(MarkerLines(text, DemoEnd) == 1, name);
        Assert.Contains(DemoBlockLf.TrimEnd('\n'), text.Replace("\r\n", "\n"));
        Assert.DoesNotContain("old.demo\n", text.Replace("\r\n", "\n"));
        var again = HostsFileMerge.Merge(merged, DemoBlock, Demo);
        Assert.Equal(HostsMergeOutcome.Unchanged, again.Outcome);
    }

    [Fact]
    public void Project_block_names_machine_and_aliases_under_the_project_sorted_by_machine()
    {
        Assert.Equal(DemoBlockLf, string.Join("\n", DemoBlock) + "\n");
        Assert.Equal(new[] { "172.18.185.164 db.demo", "172.18.185.163 web.demo www.demo" }, ManagedHostsBlock.AddressLines(DemoBlock));
        Assert.Equal(2, ManagedHostsBlock.AddressLineCount(DemoBlock));
        Assert.Equal(0, ManagedHostsBlock.AddressLineCount(ProjectHostsBlock.LinesFor("demo", Array.Empty<RecordedAddress>())));
    }

    [Fact]
    public void Project_merge_replaces_only_its_own_block_between_other_projects()
    {
        var file = B("127.0.0.1 localhost\n" + OtherProject + OldDemo + "# mine\n");

        var result = HostsFileMerge.Merge(file, DemoBlock, Demo);

        Assert.Equal("127.0.0.1 localhost\n" + OtherProject + DemoBlockLf + "# mine\n", Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Project_merge_writes_crlf_into_a_crlf_only_file()
    {
        var result = HostsFileMerge.Merge(B("127.0.0.1 localhost\r\n"), DemoBlock, Demo);

        Assert.Equal("127.0.0.1 localhost\r\n" + DemoBlockLf.Replace("\n", "\r\n"), Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Project_merge_keeps_ansi_bytes_as_they_are()
    {
        var result = HostsFileMerge.Merge(WindowsAnsi, DemoBlock, Demo);

        Assert.Equal(Cat(WindowsAnsi, B(DemoBlockLf.Replace("\n", "\r\n"))), result.Content);
    }

    [Fact]
    public void Another_projects_unpaired_markers_are_user_lines_to_this_project()
    {
        var file = B("# BEGIN RAGNATRAMP shop\n10.1.1.1 api.shop\n");

        var result = HostsFileMerge.Merge(file, DemoBlock, Demo);

        Assert.Equal(HostsMergeOutcome.Changed, result.Outcome);
        Assert.Equal("# BEGIN RAGNATRAMP shop\n10.1.1.1 api.shop\n" + DemoBlockLf, Encoding.UTF8.GetString(result.Content!));
    }

    [Fact]
    public void Project_markers_that_do_not_pair_up_are_refused_with_their_names()
    {
        var result = HostsFileMerge.Merge(B("a 1\n" + DemoBegin + "\n10.0.0.9 old.demo\n"), DemoBlock, Demo);

        Assert.Equal(HostsMergeOutcome.MarkersUnpaired, result.Outcome);
        Assert.Equal(2, result.Line);
        Assert.Contains($"'{DemoBegin}' has no '{DemoEnd}'", result.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a#b")]
    public void A_name_that_cannot_stand_in_a_marker_is_refused(string project)
    {
        Assert.Throws<ArgumentException>(() => HostsBlockMarkers.ForProject(project));
    }
}
