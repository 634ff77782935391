using System.Diagnostics;
using System.Text;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>
/// The guest-side step, run by the real /bin/sh on a scratch file instead of /etc/hosts: the
/// atomic-rename path (the lab's bind-mounted /etc/hosts only ever takes the in-place path), and the
/// exchange mode the sync runs (read and write in one command). Faults, other shells and the in-place
/// path: <see cref="GuestHostsScriptTests"/>.
/// </summary>
public class GuestWriteScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rt-hosts-").FullName;
    private readonly string _hosts;

    public GuestWriteScriptTests()
    {
        _hosts = Path.Combine(_dir, "hosts");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private (int Exit, string Error) RunScript(byte[] content, string newDigest, string readDigest)
    {
        var script = GuestHostsFile.Script;
        // Never let this test touch the machine's own /etc/hosts: the file is an argument.
        Assert.DoesNotContain("/etc/hosts", script);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", script, "ragnatramp-hosts", "write", _hosts, newDigest, readDigest }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            process.StandardInput.BaseStream.Write(content);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script may exit (e.g. 13) before it reads its input, as on a guest: its exit code tells.
        }
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Write_replaces_the_file_by_rename_and_keeps_its_mode_and_leaves_no_temporary_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(_hosts, old);
        File.SetUnixFileMode(_hosts, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var content = B("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n10.0.0.2 db\n# END RAGNATRAMP\n");

        var (exit, error) = RunScript(content, GuestDigest.Of(content), GuestDigest.Of(old));

        Assert.True(exit == 0, error);
        Assert.Equal(content, File.ReadAllBytes(_hosts));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_hosts));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_through_a_symlinked_hosts_file_replaces_the_target_and_keeps_the_link()
    {
        if (!OperatingSystem.IsLinux()) return;
        // /etc/hosts -> static/hosts (NixOS-style): the link must stay, the target gets the content.
        var staticDir = Directory.CreateDirectory(Path.Combine(_dir, "static")).FullName;
        var target = Path.Combine(staticDir, "hosts");
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(target, old);
        File.CreateSymbolicLink(_hosts, "static/hosts");
        var content = B("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n10.0.0.2 db\n# END RAGNATRAMP\n");

        var (exit, error) = RunScript(content, GuestDigest.Of(content), GuestDigest.Of(old));

        Assert.True(exit == 0, error);
        Assert.Equal("static/hosts", new FileInfo(_hosts).LinkTarget);
        Assert.Equal(content, File.ReadAllBytes(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(staticDir));
        Assert.Equal(new[] { _hosts }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_refuses_content_that_did_not_arrive_whole_and_leaves_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(_hosts, old);
        var content = B("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n# END RAGNATRAMP\n");

        var (exit, _) = RunScript(content[..10], GuestDigest.Of(content), GuestDigest.Of(old));

        Assert.Equal(12, exit);
        Assert.Equal(old, File.ReadAllBytes(_hosts));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_reports_a_file_that_changed_since_it_was_read_and_leaves_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var read = B("127.0.0.1 localhost\n");
        var meanwhile = B("127.0.0.1 localhost\n10.9.9.9 added\n");
        File.WriteAllBytes(_hosts, meanwhile);
        var content = B("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n# END RAGNATRAMP\n");

        var (exit, _) = RunScript(content, GuestDigest.Of(content), GuestDigest.Of(read));

        Assert.Equal(13, exit);
        Assert.Equal(meanwhile, File.ReadAllBytes(_hosts));
    }

    [Fact]
    public void Cksum_line_matches_the_systems_cksum_for_a_large_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var content = new byte[70000];
        new Random(5).NextBytes(content);
        File.WriteAllBytes(_hosts, content);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("cksum < '" + _hosts + "'");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();

        Assert.Equal(output, PosixCksum.Line(content));
    }

    [Fact]
    public void Cloud_init_check_names_the_files_that_set_manage_etc_hosts_and_ignores_the_rest()
    {
        if (!OperatingSystem.IsLinux()) return;
        var cloud = Path.Combine(_dir, "cloud");
        Directory.CreateDirectory(Path.Combine(cloud, "cloud.cfg.d"));
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg"), "users: [default]\nmanage_etc_hosts: true\n");
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg.d", "50-off.cfg"), "manage_etc_hosts: false\n# manage_etc_hosts: true\n");
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg.d", "90-template.cfg"), "  manage_etc_hosts: template\n");
        // 'localhost' only keeps the 127.0.1.1 line: the rest of /etc/hosts, our block included, stays.
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg.d", "60-localhost.cfg"), "manage_etc_hosts: localhost\n");
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg.d", "70-trueish.cfg"), "manage_etc_hosts: truenas\n");
        File.WriteAllText(Path.Combine(cloud, "cloud.cfg.d", "80-yes.cfg"), "manage_etc_hosts: 'yes' # YAML 1.1 true\n");
        var command = GuestHostsFile.CloudInitCommand.Replace("/etc/cloud", cloud);
        Assert.DoesNotContain("/etc/cloud", command);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith(GuestHostsFile.Frame, output);
        Assert.Equal(new[] { Path.Combine(cloud, "cloud.cfg"), Path.Combine(cloud, "cloud.cfg.d", "80-yes.cfg"), Path.Combine(cloud, "cloud.cfg.d", "90-template.cfg") },
            output.Substring(GuestHostsFile.Frame.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // The one-command sync: the script's exchange mode (the read, then its own write mode when the host
    // answers "write"), as a conversation: the file comes on standard output, the answer goes on standard input.

    private static readonly byte[] Frame = Encoding.ASCII.GetBytes(GuestHostsFile.Frame);
    private static readonly byte[] Header = Encoding.ASCII.GetBytes(GuestHostsFile.HostsHeader);

    /// <summary>Runs the exchange; <paramref name="answer"/> gets what was read and returns the bytes for standard input.</summary>
    private (int Exit, GuestHostsSection? Section, string Error) Converse(Func<GuestHostsSection?, byte[]> answer, string? file = null)
    {
        // Never let this test touch the machine's own /etc/hosts: the file is an argument.
        Assert.DoesNotContain("/etc/hosts", GuestHostsFile.Script);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        // As ExchangeCommand does it, without sudo: the frame first, then the script with its own text as the last argument.
        var command = "printf '" + GuestHostsFile.Frame + "'; exec sh -c \"$0\" ragnatramp-hosts exchange \"$1\" \"$0\"";
        foreach (var arg in new[] { "-c", command, GuestHostsFile.Script, file ?? _hosts }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var section = GuestHostsSection.Receive(process.StandardOutput.BaseStream, Frame, Header);
        try
        {
            process.StandardInput.BaseStream.Write(answer(section));
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script may exit before it reads its answer: its exit code tells.
        }
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, section, errors.Result);
    }

    private static byte[] Write(byte[] content, byte[] read) =>
        B("write\n" + GuestDigest.Of(content) + "\n" + GuestDigest.Of(read) + "\n").Concat(content).ToArray();

    [Fact]
    public void Sends_the_file_byte_for_byte_then_writes_the_answer_and_leaves_nothing_beside_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\r\n# RAGNATRAMP:HOSTS 1\n# no newline at the end");
        File.WriteAllBytes(_hosts, old);
        var content = B("127.0.0.1 localhost\n10.0.0.2 db\n");

        var (exit, section, error) = Converse(s => Write(content, s!.Content!));

        Assert.True(exit == 0, error);
        Assert.Equal(old, section!.Content);
        Assert.Null(section.Noise);
        Assert.Empty(section.CloudInit);
        Assert.Equal(content, File.ReadAllBytes(_hosts));
        Assert.Equal(new[] { "hosts" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Keep_or_no_answer_leaves_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(_hosts, old);

        Assert.Equal(0, Converse(_ => B("keep\n")).Exit);
        Assert.Equal(0, Converse(_ => Array.Empty<byte>()).Exit);

        Assert.Equal(old, File.ReadAllBytes(_hosts));
    }

    [Fact]
    public void A_file_edited_between_the_read_and_the_answer_is_not_overwritten()
    {
        if (!OperatingSystem.IsLinux()) return;
        File.WriteAllBytes(_hosts, B("127.0.0.1 localhost\n"));
        var edited = B("127.0.0.1 localhost\n10.9.9.9 theirs\n");

        var (exit, _, _) = Converse(s =>
        {
            File.WriteAllBytes(_hosts, edited);
            return Write(B("127.0.0.1 localhost\n10.0.0.2 db\n"), s!.Content!);
        });

        Assert.Equal(13, exit);
        Assert.Equal(edited, File.ReadAllBytes(_hosts));
    }

    [Fact]
    public void Content_that_does_not_arrive_whole_is_not_written()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(_hosts, old);
        var content = B("127.0.0.1 localhost\n10.0.0.2 db\n");

        var (exit, _, _) = Converse(s => Write(content, s!.Content!)[..^5]);

        Assert.Equal(12, exit);
        Assert.Equal(old, File.ReadAllBytes(_hosts));
    }

    [Fact]
    public void A_missing_file_fails_the_read_before_any_header()
    {
        if (!OperatingSystem.IsLinux()) return;

        var (exit, section, error) = Converse(_ => Array.Empty<byte>());

        Assert.Equal(1, exit);
        Assert.Null(section);
        Assert.Contains("No such file", error);
    }

    [Fact]
    public void The_exchange_puts_back_what_a_killed_in_place_writer_left_before_it_sends_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var old = B("127.0.0.1 localhost\n");
        File.WriteAllBytes(_hosts, B("127.0.0.1 localhost\n10.0.0.2 d"));
        // A copy of the old bytes as the in-place path leaves it (file id, a pid that no longer runs, random).
        var id = RunShell($"stat -L -c %d-%i '{_hosts}'").Trim();
        File.WriteAllBytes(_hosts + ".ragnatramp-old." + id + ".999999999.abc", old);

        var (exit, section, error) = Converse(_ => B("keep\n"));

        Assert.Equal(0, exit);
        Assert.Equal(old, section!.Content);
        Assert.Contains("ragnatramp-restored: ", error);
        Assert.Equal(new[] { "hosts" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    private static string RunShell(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
