using System.Text;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

public class SshConfigIncludeTests
{
    private const string Added = SshConfigInclude.Comment + "\n" + SshConfigInclude.Line + "\n";
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    /// <summary>Real-world-shaped ~/.ssh/config files: where the Include must go in each.</summary>
    public static IEnumerable<object[]> Corpus()
    {
        var cases = new (string Name, string Before, string After)[]
        {
            ("GitHub only",
                "", "Host github.com\n  IdentityFile ~/.ssh/id_ed25519_github\n  IdentitiesOnly yes\n"),
            ("global options, then hosts",
                "ServerAliveInterval 60\nAddKeysToAgent yes\n\n", "Host bastion\n  HostName bastion.example.com\n  User ops\n\nHost *.internal\n  ProxyJump bastion\n"),
            ("existing Includes at the top",
                "Include ~/.orbstack/ssh/config\nInclude config.d/*\n\n", "Host dev\n  HostName 10.0.0.5\n"),
            ("comment describing the first host stays with it",
                "# ~/.ssh/config\n\n", "# work laptop jump host\n# (ask IT before changing)\nHost jump\n  HostName jump.corp\n"),
            ("Match block first",
                "", "Match host *.corp exec \"test -f ~/.corp\"\n  User me\nHost *\n  ForwardAgent no\n"),
            ("only global options",
                "Compression yes\nServerAliveInterval 30\n", ""),
            ("Host * at the end with defaults",
                "", "Host pi\n  HostName raspberrypi.local\n  User pi\n\nHost *\n  UseKeychain yes\n  AddKeysToAgent yes\n"),
            ("keyword case and equals sign",
                "serveraliveinterval=15\n", "HOST=box\n\thostname=10.1.2.3\n"),
            ("indented Host line",
                "", "   Host indented\n     HostName 1.2.3.4\n"),
            ("our Include inside a Host block does not count",
                "", "Host a\n  Include ragnatramp/*.conf\n"),
            ("VS Code Remote-SSH generated entries",
                "", "Host 192.168.1.50\n  HostName 192.168.1.50\n  User ubuntu\n\nHost myvm\n  HostName myvm.cloudapp.azure.com\n  User azureuser\n  IdentityFile C:\\Users\\me\\.ssh\\azure.pem\n"),
            ("Windows OpenSSH with Unicode comment",
                "# Konfiguration für Jörg\n\n", "Host nas\n  HostName nas.fritz.box\n"),
        };
        return cases.Select(c => new object[] { c.Name, c.Before, c.After });
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_include_goes_before_the_first_host_or_match_and_every_other_byte_stays(string name, string before, string after)
    {
        var result = SshConfigInclude.Ensure(B(before + after));

        Assert.True(result != null, name);
        Assert.Equal(before + Added + after, Encoding.UTF8.GetString(result!));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void It_is_added_once(string name, string before, string after)
    {
        var once = SshConfigInclude.Ensure(B(before + after))!;

        Assert.True(SshConfigInclude.Ensure(once) == null, name);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_crlf_file_gets_crlf_lines(string name, string before, string after)
    {
        var result = SshConfigInclude.Ensure(B((before + after).Replace("\n", "\r\n")));

        Assert.True(result != null, name);
        Assert.Equal((before + Added + after).Replace("\n", "\r\n"), Encoding.UTF8.GetString(result!));
    }

    [Fact]
    public void A_bom_stays_in_front()
    {
        var result = SshConfigInclude.Ensure(Bom.Concat(B("Host a\n")).ToArray())!;

        Assert.Equal(Bom.Concat(B(Added + "Host a\n")).ToArray(), result);
    }

    [Fact]
    public void A_file_without_final_newline_and_without_hosts_gets_one_before_the_include()
    {
        Assert.Equal("Compression yes\n" + Added, Encoding.UTF8.GetString(SshConfigInclude.Ensure(B("Compression yes"))!));
    }

    [Fact]
    public void A_file_without_final_newline_keeps_it_missing_after_the_hosts()
    {
        Assert.Equal(Added + "Host a\n  User b", Encoding.UTF8.GetString(SshConfigInclude.Ensure(B("Host a\n  User b"))!));
    }

    [Fact]
    public void An_empty_file_gets_the_include_alone()
    {
        Assert.Equal(Added, Encoding.UTF8.GetString(SshConfigInclude.Ensure(Array.Empty<byte>())!));
    }

    [Theory]
    [InlineData("Include ragnatramp/*.conf\nHost a\n")]
    [InlineData("include   ragnatramp/*.conf\n")]
    [InlineData("Include=\"ragnatramp/*.conf\"\nHost a\n")]
    [InlineData("Include config.d/* ~/.ssh/ragnatramp/*.conf\nHost a\n")]
    [InlineData("  Include ragnatramp/*.conf\r\nHost a\r\n")]
    public void A_file_that_already_includes_it_is_left_alone(string file)
    {
        Assert.Null(SshConfigInclude.Ensure(B(file)));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_stay()
    {
        var file = new byte[] { 0x23, 0x20, 0xE9, 0xFF, 0x0A }.Concat(B("Host a\n")).ToArray();

        var result = SshConfigInclude.Ensure(file)!;

        Assert.Equal(B(Added).Concat(new byte[] { 0x23, 0x20, 0xE9, 0xFF, 0x0A }).Concat(B("Host a\n")), result);
    }
}
