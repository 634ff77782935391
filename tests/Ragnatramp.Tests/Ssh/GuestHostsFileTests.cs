using System.Text;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>How a guest's answers to the read and write commands are reported, with the texts real guests print.</summary>
public class GuestHostsFileTests
{
    /// <summary>Answers every command with one fixed result and records the command lines.</summary>
    private sealed class ScriptedSession : ISshSession
    {
        private readonly Func<string, SshCommandResult> _answer;
        public readonly List<string> Commands = new();

        public ScriptedSession(Func<string, SshCommandResult> answer) => _answer = answer;

        public SshCommandResult Run(string command, byte[]? input, TimeSpan timeout, CancellationToken cancellation)
        {
            Commands.Add(command);
            return _answer(command);
        }

        public void Dispose()
        {
        }
    }

    private static GuestHostsException ReadFailure(int? exit, string error)
    {
        var file = new GuestHostsFile(new ScriptedSession(_ => new SshCommandResult(exit, Array.Empty<byte>(), error)), "kadmin", TimeSpan.FromSeconds(5));
        return Assert.Throws<GuestHostsException>(() => file.Read(CancellationToken.None, out _));
    }

    [Fact]
    public void Read_and_write_run_sudo_under_the_C_locale_so_its_refusals_read_the_same_on_every_guest()
    {
        var session = new ScriptedSession(_ => new SshCommandResult(0, Encoding.ASCII.GetBytes(GuestHostsFile.Frame), ""));
        var file = new GuestHostsFile(session, "kadmin", TimeSpan.FromSeconds(5));
        var content = Encoding.ASCII.GetBytes("127.0.0.1 localhost\n");

        file.Read(CancellationToken.None, out _);
        file.Write(content, content, CancellationToken.None, out _);

        Assert.All(session.Commands, c => Assert.Contains("LC_ALL=C sudo -n ", c));
    }

    [Theory]
    [InlineData("sh: sudo: not found")] // busybox ash (Alpine)
    [InlineData("sh: 1: sudo: not found")] // dash (Debian's /bin/sh)
    [InlineData("bash: line 1: sudo: command not found")] // bash
    public void Exit_127_is_sudo_not_installed_with_how_to_install_it(string error)
    {
        var failure = ReadFailure(127, error + "\n");

        Assert.Equal(GuestHostsProblem.SudoMissing, failure.Problem);
        Assert.Contains("sudo is not installed on the guest", failure.Message);
        Assert.Contains("apk add sudo", failure.Message);
        Assert.Contains("doas", failure.Message);
        Assert.Contains(error, failure.Message);
    }

    [Fact]
    public void Requiretty_is_a_refusal_with_the_sudoers_default_that_lifts_it()
    {
        var failure = ReadFailure(1, "sudo: sorry, you must have a tty to run sudo\n");

        Assert.Equal(GuestHostsProblem.SudoRefused, failure.Problem);
        Assert.Contains("Defaults:kadmin !requiretty", failure.Message);
    }

    [Theory]
    [InlineData("sudo: a password is required")]
    [InlineData("sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper")]
    [InlineData("kadmin is not in the sudoers file.  This incident will be reported.")]
    [InlineData("Sorry, user kadmin is not allowed to execute '/bin/cat /etc/hosts' as root on web.")]
    public void A_password_or_rule_refusal_says_the_write_step_needs_root_and_offers_nopasswd_all_only(string error)
    {
        var failure = ReadFailure(1, "sudo: unable to resolve host web: Name or service not known\n" + error + "\n");

        Assert.Equal(GuestHostsProblem.SudoRefused, failure.Problem);
        Assert.Contains("'kadmin ALL=(ALL) NOPASSWD: ALL'", failure.Message);
        Assert.Contains("runs a shell as root", failure.Message);
        Assert.Contains("is not narrower", failure.Message);
        Assert.DoesNotContain("at least", failure.Message);
        Assert.DoesNotContain("unable to resolve host", failure.Message);
    }

    [Fact]
    public void Another_read_failure_is_not_blamed_on_sudo()
    {
        var failure = ReadFailure(1, "cat: /etc/hosts: Permission denied\n");

        Assert.Equal(GuestHostsProblem.Other, failure.Problem);
        Assert.Contains("exit status 1: cat: /etc/hosts: Permission denied", failure.Message);
    }

    [Fact]
    public void Read_takes_the_bytes_after_the_frame_and_reports_what_the_login_shell_printed_before_it()
    {
        var hosts = "127.0.0.1 localhost\r\n# RAGNATRAMP: not a frame\n";
        var file = new GuestHostsFile(new ScriptedSession(_ => new SshCommandResult(0,
            Encoding.UTF8.GetBytes("conda init done\nWelcome ☕\n" + GuestHostsFile.Frame + hosts), "")), "kadmin", TimeSpan.FromSeconds(5));

        var content = file.Read(CancellationToken.None, out var noise);

        Assert.Equal(Encoding.UTF8.GetBytes(hosts), content);
        Assert.Equal("conda init done\nWelcome ☕\n", noise);
    }

    [Fact]
    public void Read_without_noise_reports_none()
    {
        var file = new GuestHostsFile(new ScriptedSession(_ => new SshCommandResult(0, Encoding.ASCII.GetBytes(GuestHostsFile.Frame + "a b\n"), "")),
            "kadmin", TimeSpan.FromSeconds(5));

        Assert.Equal(Encoding.ASCII.GetBytes("a b\n"), file.Read(CancellationToken.None, out var noise));
        Assert.Null(noise);
    }

    [Fact]
    public void Read_refuses_output_without_the_frame_rather_than_take_it_for_the_file()
    {
        var failure = Assert.Throws<GuestHostsException>(() => new GuestHostsFile(new ScriptedSession(_ => new SshCommandResult(0,
            Encoding.ASCII.GetBytes("127.0.0.1 localhost\n"), "")), "kadmin", TimeSpan.FromSeconds(5)).Read(CancellationToken.None, out _));

        Assert.Contains(GuestHostsFile.Frame, failure.Message);
    }
}
