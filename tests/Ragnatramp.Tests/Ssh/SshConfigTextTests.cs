using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

public class SshConfigTextTests
{
    private static SshHostConfig Web(string key = "/home/me/.ssh/id_ed25519", string store = "/home/me/.local/share/ragnatramp/known_hosts") => new()
    {
        MachineName = "web", VMName = "demo-web-1a2b3c4d", Host = new[] { "web.demo", "www.demo", "demo-web-1a2b3c4d" },
        HostName = "172.18.185.163", User = "kadmin", IdentityFile = key, Port = 22,
        HostKeyAlias = "ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e", UserKnownHostsFile = store, StrictHostKeyChecking = "yes",
    };

    [Fact]
    public void Render_writes_one_host_block_per_machine_after_a_header()
    {
        var text = SshConfigText.Render("demo", "/p/ragnatramp.yaml", new[] { Web() }, windows: false);

        Assert.Equal(
            "# Ragnatramp: how to reach the VMs of project 'demo' by name (/p/ragnatramp.yaml)\n" +
            "# Written by Ragnatramp from the project's state; edits are overwritten. See Get-Help about_Ragnatramp.\n" +
            "\n" +
            "Host web.demo www.demo demo-web-1a2b3c4d\n" +
            "  HostName 172.18.185.163\n" +
            "  User kadmin\n" +
            "  IdentityFile /home/me/.ssh/id_ed25519\n" +
            "  IdentitiesOnly yes\n" +
            "  Port 22\n" +
            "  HostKeyAlias ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e\n" +
            "  UserKnownHostsFile /home/me/.local/share/ragnatramp/known_hosts\n" +
            "  StrictHostKeyChecking yes\n", text);
    }

    [Fact]
    public void Render_leaves_out_user_and_key_when_none_is_configured()
    {
        var host = Web();
        host.User = null;
        host.IdentityFile = null;

        var text = SshConfigText.Render("demo", "/p/ragnatramp.yaml", new[] { host }, windows: false);

        Assert.DoesNotContain("User ", text.Replace("UserKnownHostsFile", ""));
        Assert.DoesNotContain("IdentityFile", text);
        Assert.DoesNotContain("IdentitiesOnly", text);
    }

    [Theory]
    [InlineData(@"C:\Users\Ann Lee\.ssh\id_ed25519", true, "\"C:/Users/Ann Lee/.ssh/id_ed25519\"")]
    [InlineData(@"C:\Users\me\.ssh\id", true, "C:/Users/me/.ssh/id")]
    [InlineData(@"\\server\share\key", true, "//server/share/key")]
    [InlineData("/home/Zoë Ñandú/.ssh/id", false, "\"/home/Zoë Ñandú/.ssh/id\"")]
    [InlineData("/home/me/100%/id", false, "/home/me/100%%/id")]
    [InlineData("/home/me/a#b/id", false, "\"/home/me/a#b/id\"")]
    [InlineData(@"/home/me/back\slash", false, @"/home/me/back\\slash")]
    public void Paths_are_written_so_OpenSSH_reads_them_back(string path, bool windows, string expected)
    {
        Assert.Equal(expected, SshConfigText.PathArgument(path, windows));
    }

    [Fact]
    public void Options_carry_the_same_settings_for_the_command_line()
    {
        var options = SshConfigText.Options(Web("/k ey"), windows: false);

        Assert.Equal(new[]
        {
            "HostName=172.18.185.163", "User=kadmin", "IdentityFile=\"/k ey\"", "IdentitiesOnly=yes", "Port=22",
            "HostKeyAlias=ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e",
            "UserKnownHostsFile=/home/me/.local/share/ragnatramp/known_hosts", "StrictHostKeyChecking=yes",
        }, options);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\dir with space\", "\"C:\\dir with space\\\\\"")]
    [InlineData("UserKnownHostsFile=\"/a b\"", "\"UserKnownHostsFile=\\\"/a b\\\"\"")]
    public void Command_line_arguments_are_quoted_the_way_the_C_runtime_splits_them(string argument, string expected)
    {
        Assert.Equal(expected, CommandLine.Quote(argument));
    }

    [Fact]
    public void Ssh_arguments_end_options_before_the_destination_and_the_command()
    {
        var arguments = OpenSshClient.Arguments(Web(), "uname -a", windows: false);

        Assert.Equal(new[] { "--", "web.demo", "uname -a" }, arguments.Skip(arguments.Count - 3));
        Assert.Equal(16, arguments.Count(a => a == "-o") * 2);
    }

    [Fact]
    public void Ssh_is_found_on_PATH_and_nowhere_else()
    {
        var dir = Directory.CreateTempSubdirectory("ragna-path-").FullName;
        try
        {
            Assert.Null(OpenSshClient.Find(dir, windows: false));
            File.WriteAllText(Path.Combine(dir, "ssh"), "");
            Assert.Equal(Path.Combine(dir, "ssh"), OpenSshClient.Find("/nonexistent" + Path.PathSeparator + dir, windows: false));
            Assert.Null(OpenSshClient.Find(dir, windows: true));
            Assert.Null(OpenSshClient.Find(null, windows: false));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
