using System.Text;
using Ragnatramp.Files;
using Ragnatramp.Hosts;

namespace Ragnatramp.Tests.Hosts;

/// <summary>The host's hosts file on disk: temporary files only, never this machine's /etc/hosts.</summary>
public sealed class LocalHostsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ragna-hostsfile-").FullName;
    private readonly string _path;

    private static readonly IReadOnlyList<string> Block = ProjectHostsBlock.LinesFor("demo", new[]
    {
        HostsFileMergeTests.Recorded("web", new[] { "www" }, "00000000-0000-0000-0000-00000000000a", "172.18.185.163"),
    });

    public LocalHostsFileTests() => _path = Path.Combine(_dir, "hosts");

    public void Dispose()
    {
        if (File.Exists(_path)) File.SetAttributes(_path, FileAttributes.Normal);
        Directory.Delete(_dir, true);
    }

    [Fact]
    public void Default_path_is_the_platforms_hosts_file()
    {
        Assert.Equal(@"D:\Win\System32\drivers\etc\hosts", LocalHostsFile.DefaultPath(true, n => n == "SystemRoot" ? @"D:\Win" : null));
        Assert.Equal(@"C:\Windows\System32\drivers\etc\hosts", LocalHostsFile.DefaultPath(true, _ => null));
        Assert.Equal("/etc/hosts", LocalHostsFile.DefaultPath(false, _ => @"D:\Win"));
    }

    [Fact]
    public void Sync_writes_the_block_keeps_the_rest_and_the_mode()
    {
        File.WriteAllBytes(_path, Encoding.UTF8.GetBytes("127.0.0.1 localhost\r\n"));
        FilePermissions.SetUnixMode(_path, 0x1A4); // 0644

        var plan = HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block);
        var result = HostsFileSync.Apply(plan);

        Assert.Equal(HostsFileStatus.Updated, result.Status);
        Assert.Equal(new[] { "172.18.185.163 web.demo www.demo" }, result.Lines);
        Assert.Equal("127.0.0.1 localhost\r\n# BEGIN RAGNATRAMP demo\r\n# Managed by ragnatramp - do not edit this block\r\n" +
                     "172.18.185.163 web.demo www.demo\r\n# END RAGNATRAMP demo\r\n", File.ReadAllText(_path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(0x1A4, FilePermissions.UnixMode(_path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void An_unchanged_file_is_not_written()
    {
        File.WriteAllText(_path, "a 1\n");
        HostsFileSync.Apply(HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block));
        var written = File.GetLastWriteTimeUtc(_path);
        File.SetLastWriteTimeUtc(_path, written.AddHours(-1));

        var result = HostsFileSync.Apply(HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block));

        Assert.Equal(HostsFileStatus.Unchanged, result.Status);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(_path));
    }

    [Fact]
    public void A_read_only_attribute_is_kept()
    {
        File.WriteAllText(_path, "a 1\n");
        File.SetAttributes(_path, FileAttributes.ReadOnly);

        var result = HostsFileSync.Apply(HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block));

        Assert.Equal(HostsFileStatus.Updated, result.Status);
        Assert.Contains("web.demo", File.ReadAllText(_path));
        Assert.True(File.GetAttributes(_path).HasFlag(FileAttributes.ReadOnly));
    }

    [Fact]
    public async Task A_sharing_violation_is_retried_until_the_file_is_free()
    {
        File.WriteAllText(_path, "a 1\n");
        var file = new LocalHostsFile(_path, TimeSpan.FromSeconds(30));
        var plan = HostsFileSync.Plan(file, "demo", Block);
        var holder = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            holder.Dispose();
        });

        var result = HostsFileSync.Apply(plan);

        await release;
        Assert.Equal(HostsFileStatus.Updated, result.Status);
        Assert.Contains("web.demo", File.ReadAllText(_path));
    }

    [Fact]
    public void A_sharing_violation_that_lasts_is_given_up_after_the_limit_and_the_file_is_unchanged()
    {
        File.WriteAllText(_path, "a 1\n");
        using var holder = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<HostsFileException>(() => new LocalHostsFile(_path, TimeSpan.FromMilliseconds(200)).CheckWriteAccess());

        Assert.Equal(HostsFileException.Unreadable, error.ErrorId);
        holder.Dispose();
        Assert.Equal("a 1\n", File.ReadAllText(_path));
    }

    [Fact]
    public void No_write_access_is_HostsFileAccessDenied_before_anything_is_read()
    {
        // Root may write any file but an immutable one (chattr +i): the same refusal a user without rights gets.
        Assert.True(OperatingSystem.IsLinux(), "this test makes a file immutable with chattr");
        File.WriteAllText(_path, "a 1\n");
        Chattr("+i");
        try
        {
            var error = Assert.Throws<HostsFileException>(() => HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block));

            Assert.Equal(HostsFileException.AccessDenied, error.ErrorId);
            Assert.Contains("nothing was changed", error.Message);
            Assert.Contains("-HostsPath", error.RecommendedAction);
        }
        finally
        {
            Chattr("-i");
        }
        Assert.Equal("a 1\n", File.ReadAllText(_path));
    }

    private void Chattr(string flag)
    {
        using var process = System.Diagnostics.Process.Start("chattr", new[] { flag, _path })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<HostsFileException>(() => new LocalHostsFile(_path).CheckWriteAccess());

        Assert.Equal(HostsFileException.Unreadable, error.ErrorId);
        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void Unpaired_markers_of_the_project_are_refused_and_the_file_kept()
    {
        File.WriteAllText(_path, "a 1\n# BEGIN RAGNATRAMP demo\n");

        var error = Assert.Throws<HostsFileException>(() => HostsFileSync.Plan(new LocalHostsFile(_path), "demo", Block));

        Assert.Equal(HostsFileException.MarkersUnpaired, error.ErrorId);
        Assert.Contains("line 2", error.Message);
        Assert.Equal("a 1\n# BEGIN RAGNATRAMP demo\n", File.ReadAllText(_path));
    }
}
