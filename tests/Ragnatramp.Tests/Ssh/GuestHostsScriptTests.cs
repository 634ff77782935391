using System.Diagnostics;
using System.Text;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>
/// The guest-side step (<see cref="GuestHostsFile.Script"/>, exactly as sent) under sh, dash, bash and
/// busybox ash, on a scratch hosts file in a private mount namespace (GuestScriptHarness.sh): the
/// rename path, the in-place path (a bind-mounted file refuses the rename), a symlink, a full file
/// system, a missing checksum tool or mktemp, and SIGTERM, SIGHUP, SIGINT or SIGKILL at each step.
/// The file must hold its old bytes or its new ones after every run, and after the next read nothing
/// of the write may be left beside it. Needs root (unshare, mount) on Linux.
/// </summary>
public class GuestHostsScriptTests : IDisposable
{
    public static readonly TheoryData<string> Shells = new() { "sh", "dash", "bash", "busybox sh" };

    // Layout, tmpfs size in KB (0: none), fault (TOOL:N:ACTION, see the harness).
    public static readonly TheoryData<string, int, string> Cases = new()
    {
        { "rename", 0, "none" }, { "bind", 0, "none" }, { "symlink", 0, "none" },
        // A full file system: the 0.1 in-place path emptied the file first and left it cut off.
        { "rename", 64, "none" }, { "bind", 64, "none" }, { "symlink", 64, "none" },
        // Signals at every step: the copy, receiving the content, the flush, the rename, the in-place write, its truncation.
        { "rename", 0, "cp:1:int" }, { "rename", 0, "cat:1:term" }, { "rename", 0, "sync:1:hup" }, { "rename", 0, "mv:1:term" },
        { "rename", 0, "cat:1:kill" }, { "rename", 0, "sync:1:kill" }, { "rename", 0, "mv:1:kill" }, { "rename", 0, "sync:2:kill" },
        { "bind", 0, "cp:1:term" }, { "bind", 0, "cat:1:hup" }, { "bind", 0, "mv:1:term" }, { "bind", 0, "cat:2:term" },
        { "bind", 0, "dd:1:term" }, { "bind", 0, "dd:2:int" }, { "bind", 0, "sync:3:term" },
        { "bind", 0, "cat:1:kill" }, { "bind", 0, "mv:1:kill" }, { "bind", 0, "dd:1:kill" }, { "bind", 0, "dd:1:half" }, { "bind", 0, "dd:2:kill" },
        { "bind", 64, "dd:1:term" },
        // Tools a small guest may lack.
        { "bind", 0, "cksum:1:missing" }, { "rename", 0, "cksum:1:missing" }, { "rename", 0, "mktemp:1:missing" },
        { "bind", 64, "cmp:1:missing" },
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("rt-guest-script-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private static bool CanRun() => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private Dictionary<string, string> Run(string shell, string layout, int fsKb, string fault, byte[] old, byte[] content)
    {
        File.WriteAllText(Path.Combine(_dir, "script"), GuestHostsFile.Script);
        File.WriteAllBytes(Path.Combine(_dir, "old"), old);
        File.WriteAllBytes(Path.Combine(_dir, "new"), content);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Ssh", "GuestScriptHarness.sh"), _dir, shell, layout, fsKb.ToString(), fault })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the harness did not finish within 60 s");
        var report = new Dictionary<string, string> { ["raw"] = output.Result + error.Result };
        foreach (var line in output.Result.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && !line.StartsWith("err", StringComparison.Ordinal)) report[line[..eq]] = line[(eq + 1)..];
        }
        return report;
    }

    private static byte[] Hosts(int lines, string tag)
    {
        var text = new StringBuilder("127.0.0.1 localhost\n");
        for (var i = 0; i < lines; i++) text.Append($"10.{i / 250 % 250}.{i % 250}.1 {tag}-{i}.example\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void Busybox_and_dash_are_installed_for_these_tests(string shell)
    {
        if (!CanRun()) return;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"command -v {shell.Split(' ')[0]}");
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{shell} is missing: .ci/run installs dash and busybox");
    }

    public static IEnumerable<object[]> Matrix() =>
        // sh is dash on Debian: the matrix runs the three distinct shells.
        from shell in new[] { "dash", "bash", "busybox sh" } from c in Cases select new object[] { shell, c[0], c[1], c[2] };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void The_file_only_ever_holds_the_old_or_the_new_bytes_and_nothing_is_left_beside_it(string shell, string layout, int fsKb, string fault)
    {
        if (!CanRun()) return;
        // 3 KB of hosts, 19 KB to write: on the 64 KB file system the new content does not fit.
        var old = Hosts(120, "old");
        var content = Hosts(fsKb > 0 ? 750 : 40, "new");

        var report = Run(shell, layout, fsKb, fault, old, content);
        var raw = report["raw"];

        var write = int.Parse(report["write"]);
        var after = report["after"];
        var killed = fault.EndsWith(":kill", StringComparison.Ordinal) || fault.EndsWith(":half", StringComparison.Ordinal);
        if (killed && write == 137)
        {
            // SIGKILL cannot be handled: only a kill in the middle of the in-place write (its dd write or the dd that cuts it
            // to length) may leave a mix, and the next read puts the old bytes back.
            Assert.True(after != "MIXED" || (layout == "bind" && fault.StartsWith("dd:", StringComparison.Ordinal)), raw);
        }
        else
        {
            Assert.Contains(after, new[] { "OLD", "NEW" });
            // The exit code says which: 0 is the new content, anything else the old.
            Assert.True((write == 0) == (after == "NEW"), raw);
            if (fsKb == 0 && (fault == "none" || fault.EndsWith(":missing", StringComparison.Ordinal))) Assert.True(write == 0, raw);
            if (fsKb > 0) Assert.True(write is 10 or 11 or 14 or 18 or 20, raw);
            if (fault.EndsWith(":term", StringComparison.Ordinal) || fault.EndsWith(":hup", StringComparison.Ordinal) || fault.EndsWith(":int", StringComparison.Ordinal))
                Assert.True(write is 0 or 14 or 20, raw);
        }
        Assert.True(report["read"] == "0", raw);
        Assert.True(report["recovered"] is "OLD" or "NEW", raw);
        Assert.True(report["readback"] == "same", raw);
        Assert.True(report["leftovers"] == "0", raw);
        if (layout == "symlink") Assert.True(report["link"] == "yes", raw);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void A_one_megabyte_hosts_file_is_written_whole_on_both_paths(string shell)
    {
        if (!CanRun()) return;
        var old = Hosts(38000, "old");
        var content = Hosts(40000, "new");
        Assert.True(content.Length > 1_000_000);
        foreach (var layout in new[] { "rename", "bind" })
        {
            var report = Run(shell, layout, 0, "none", old, content);
            Assert.True(report["write"] == "0" && report["after"] == "NEW" && report["leftovers"] == "0", report["raw"]);
        }
    }

    [Fact]
    public void A_kill_in_the_middle_of_an_in_place_write_is_repaired_by_the_next_read_which_says_so()
    {
        if (!CanRun()) return;
        var report = Run("dash", "bind", 0, "dd:1:half", Hosts(120, "old"), Hosts(40, "new"));

        Assert.True(report["after"] == "MIXED", report["raw"]);
        Assert.True(report["recovered"] == "OLD", report["raw"]);
        Assert.Contains("err2:ragnatramp-restored: ", report["raw"]);
        Assert.Equal("0", report["leftovers"]);
    }
}
