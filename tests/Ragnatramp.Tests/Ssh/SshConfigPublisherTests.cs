using System.Text;
using Ragnatramp.Files;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>publish.ssh_config on a temporary ~/.ssh: never the real one.</summary>
public sealed class SshConfigPublisherTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("ragna-home-").FullName;
    private readonly SshConfigPublisher _publisher;

    public SshConfigPublisherTests() => _publisher = new SshConfigPublisher(Path.Combine(_home, ".ssh"));

    public void Dispose() => Directory.Delete(_home, true);

    [Fact]
    public void A_missing_ssh_folder_and_config_are_created_owner_only()
    {
        var written = _publisher.Publish("demo", "Host web.demo\n");

        Assert.Equal(new[] { _publisher.ProjectFile("demo"), _publisher.UserConfig }, written);
        Assert.Equal("Host web.demo\n", File.ReadAllText(_publisher.ProjectFile("demo")));
        Assert.Equal(SshConfigInclude.Comment + "\n" + SshConfigInclude.Line + "\n", File.ReadAllText(_publisher.UserConfig));
        Assert.True(OperatingSystem.IsLinux(), "the modes below are Unix modes");
        Assert.Equal(0x180, FilePermissions.UnixMode(_publisher.ProjectFile("demo")));
        Assert.Equal(0x180, FilePermissions.UnixMode(_publisher.UserConfig));
        Assert.Equal(0x1C0, FilePermissions.UnixMode(_publisher.SshFolder));
    }

    [Fact]
    public void Nothing_is_written_when_nothing_changed()
    {
        _publisher.Publish("demo", "Host web.demo\n");
        var stamp = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(_publisher.ProjectFile("demo"), stamp);
        File.SetLastWriteTimeUtc(_publisher.UserConfig, stamp);

        Assert.Empty(_publisher.Pending("demo", "Host web.demo\n"));
        Assert.Empty(_publisher.Publish("demo", "Host web.demo\n"));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(_publisher.ProjectFile("demo")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(_publisher.UserConfig));
    }

    [Fact]
    public void A_change_rewrites_only_the_project_file()
    {
        _publisher.Publish("demo", "Host web.demo\n");

        Assert.Equal(new[] { _publisher.ProjectFile("demo") }, _publisher.Pending("demo", "Host db.demo\n"));
        Assert.Equal(new[] { _publisher.ProjectFile("demo") }, _publisher.Publish("demo", "Host db.demo\n"));
        Assert.Equal("Host db.demo\n", File.ReadAllText(_publisher.ProjectFile("demo")));
    }

    [Fact]
    public void An_existing_config_keeps_its_bytes_and_its_mode()
    {
        Directory.CreateDirectory(_publisher.SshFolder);
        var original = Encoding.UTF8.GetBytes("\uFEFFServerAliveInterval 60\r\nHost gh\r\n  HostName github.com");
        File.WriteAllBytes(_publisher.UserConfig, original);
        FilePermissions.SetUnixMode(_publisher.UserConfig, 0x1A0); // 0640

        _publisher.Publish("demo", "Host web.demo\n");

        Assert.Equal(Encoding.UTF8.GetBytes("\uFEFFServerAliveInterval 60\r\n" + SshConfigInclude.Comment + "\r\n" + SshConfigInclude.Line + "\r\nHost gh\r\n  HostName github.com"),
            File.ReadAllBytes(_publisher.UserConfig));
        Assert.Equal(0x1A0, FilePermissions.UnixMode(_publisher.UserConfig));
    }

    [Fact]
    public void Another_projects_stale_file_is_left_alone()
    {
        _publisher.Publish("shop", "Host api.shop\n");

        _publisher.Publish("demo", "Host web.demo\n");

        Assert.Equal("Host api.shop\n", File.ReadAllText(_publisher.ProjectFile("shop")));
    }

    [Fact]
    public void A_config_that_is_a_symbolic_link_is_written_through()
    {
        Directory.CreateDirectory(_publisher.SshFolder);
        var dotfiles = Path.Combine(_home, "dotfiles-ssh-config");
        File.WriteAllText(dotfiles, "Host a\n");
        File.CreateSymbolicLink(_publisher.UserConfig, dotfiles);

        _publisher.Publish("demo", "Host web.demo\n");

        Assert.NotNull(new FileInfo(_publisher.UserConfig).LinkTarget);
        Assert.StartsWith(SshConfigInclude.Comment, File.ReadAllText(dotfiles));
    }
}
