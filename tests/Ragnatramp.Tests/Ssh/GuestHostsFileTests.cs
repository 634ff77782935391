using System.Text;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>How a guest's answers to the one sync command (the read and the write) are reported, with the texts real guests print.</summary>
public class GuestHostsFileTests
{
    /// <summary>
    /// Answers every command with one fixed result: its Output is what the command printed before it
    /// waited for the answer, <see cref="Later"/> what it printed after. Records command lines and answers.
    /// </summary>
    private sealed class ScriptedSession : ISshSession
    {
        private readonly Func<string, SshCommandResult> _answer;
        public readonly List<string> Commands = new();
        public readonly List<byte[]> Answers = new();
        public byte[] Later { get; init; } = Array.Empty<byte>();

        public ScriptedSession(Func<string, SshCommandResult> answer) => _answer = answer;

        public string Algorithms => "kex scripted";

        public SshCommandResult Converse(string command, Func<Stream, byte[]> answer, TimeSpan timeout, CancellationToken cancellation)
        {
            Commands.Add(command);
            var result = _answer(command);
            Answers.Add(answer(new MemoryStream(result.Output)));
            return new SshCommandResult(result.ExitStatus, Later, result.Error);
        }

        public void Dispose()
        {
        }
    }

    private static readonly byte[] Hosts = Encoding.ASCII.GetBytes("127.0.0.1 localhost\n");

    private static byte[] Output(string noise, string cloudInit, byte[] hosts) =>
        Encoding.UTF8.GetBytes(noise + GuestHostsFile.Frame + cloudInit + GuestHostsFile.HostsHeader + hosts.Length + "\n").Concat(hosts).ToArray();

    private static GuestHostsFile File(ScriptedSession session) => new(session, "kadmin", TimeSpan.FromSeconds(5));

    private static GuestHostsException ReadFailure(int? exit, string error)
    {
        var session = new ScriptedSession(_ => new SshCommandResult(exit, Encoding.ASCII.GetBytes(GuestHostsFile.Frame), error));
        var called = false;
        var failure = Assert.Throws<GuestHostsException>(() => File(session).Exchange(_ => { called = true; return null; }, CancellationToken.None));
        Assert.False(called);
        return failure;
    }

    [Fact]
    public void Exchange_is_one_command_whose_sudo_runs_under_the_C_locale_and_answers_keep_when_there_is_nothing_to_write()
    {
        var session = new ScriptedSession(_ => new SshCommandResult(0, Output("", "", Hosts), ""));
        byte[]? seen = null;

        var exchange = File(session).Exchange(c => { seen = c; return null; }, CancellationToken.None);

        Assert.Equal(GuestHostsFile.ExchangeCommand, Assert.Single(session.Commands));
        Assert.Contains("; LC_ALL=C sudo -n sh -c '", session.Commands[0]);
        Assert.Single(session.Commands[0].Split("sudo").Skip(1));
        Assert.Equal(Hosts, seen);
        Assert.Equal(Hosts, exchange.Content);
        Assert.Null(exchange.Written);
        Assert.Null(exchange.ShellNoise);
        Assert.Null(exchange.Recovery);
        Assert.Empty(exchange.CloudInitFiles);
        Assert.Equal("keep\n", Encoding.ASCII.GetString(session.Answers[0]));
    }

    [Fact]
    public void Exchange_answers_write_with_the_digests_of_the_new_and_the_read_content_then_the_content()
    {
        var updated = Encoding.ASCII.GetBytes("127.0.0.1 localhost\n10.0.0.2 db\n");
        var session = new ScriptedSession(_ => new SshCommandResult(0, Output("Welcome ☕\n", "/etc/cloud/cloud.cfg\n", Hosts), ""));

        var exchange = File(session).Exchange(_ => updated, CancellationToken.None);

        Assert.Equal(GuestWriteOutcome.Written, exchange.Written);
        Assert.Equal("Welcome ☕\n", exchange.ShellNoise);
        Assert.Equal(new[] { "/etc/cloud/cloud.cfg" }, exchange.CloudInitFiles);
        Assert.Equal(Encoding.ASCII.GetBytes("write\n" + GuestDigest.Of(updated) + "\n" + GuestDigest.Of(Hosts) + "\n").Concat(updated).ToArray(),
            session.Answers[0]);
    }

    [Fact]
    public void Exchange_takes_exactly_the_announced_bytes_even_when_the_file_holds_what_looks_like_a_frame()
    {
        var hosts = Encoding.UTF8.GetBytes("127.0.0.1 localhost\r\n# RAGNATRAMP:HOSTS 3\nno newline at the end");
        var session = new ScriptedSession(_ => new SshCommandResult(0, Output("conda init done\n", "", hosts), ""));

        var exchange = File(session).Exchange(_ => null, CancellationToken.None);

        Assert.Equal(hosts, exchange.Content);
        Assert.Equal("conda init done\n", exchange.ShellNoise);
    }

    [Theory]
    [InlineData(13, "ChangedSinceRead")]
    [InlineData(14, "Failed")]
    [InlineData(15, "Failed")]
    [InlineData(42, "Failed")]
    public void Exchange_reports_the_write_steps_exit_codes(int exit, string outcome)
    {
        var session = new ScriptedSession(_ => new SshCommandResult(exit, Output("", "", Hosts), "dd: error writing '/etc/hosts': No space left on device"))
        {
            Later = Encoding.ASCII.GetBytes(GuestHostsFile.Frame + "/etc/hosts.ragnatramp-old.2049-77.123.abcdef"),
        };

        var exchange = File(session).Exchange(_ => Encoding.ASCII.GetBytes("x\n"), CancellationToken.None);

        Assert.Equal(Enum.Parse<GuestWriteOutcome>(outcome), exchange.Written);
        if (exit == 15) Assert.Contains("sudo cp /etc/hosts.ragnatramp-old.2049-77.123.abcdef /etc/hosts", exchange.Problem);
        if (exit == 42) Assert.Contains("could not write /etc/hosts (exit status 42: dd: error writing", exchange.Problem);
    }

    [Fact]
    public void Exchange_reads_again_when_the_file_changed_while_it_was_sent()
    {
        // The header announced more bytes than came: the script saw the length change and exited 13.
        var output = Encoding.ASCII.GetBytes(GuestHostsFile.Frame + GuestHostsFile.HostsHeader + "100\n").Concat(Hosts).ToArray();
        var session = new ScriptedSession(_ => new SshCommandResult(13, output, ""));
        var called = false;

        var exchange = File(session).Exchange(_ => { called = true; return null; }, CancellationToken.None);

        Assert.Equal(GuestWriteOutcome.ChangedSinceRead, exchange.Written);
        Assert.Null(exchange.Content);
        Assert.False(called);
        Assert.Empty(session.Answers[0]);
    }

    [Fact]
    public void Exchange_reports_what_the_script_put_back_first()
    {
        var session = new ScriptedSession(_ => new SshCommandResult(0, Output("", "", Hosts),
            "ragnatramp-restored: /etc/hosts was left half-written by an interrupted in-place write; its old content was put back from /etc/hosts.ragnatramp-old.1-2.3.x\n"));

        var exchange = File(session).Exchange(_ => null, CancellationToken.None);

        Assert.StartsWith("/etc/hosts was left half-written", exchange.Recovery);
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
        var failure = ReadFailure(1, "wc: /etc/hosts: Permission denied\n");

        Assert.Equal(GuestHostsProblem.Other, failure.Problem);
        Assert.Contains("exit status 1: wc: /etc/hosts: Permission denied", failure.Message);
    }

    [Fact]
    public void Exchange_refuses_output_without_the_frame_rather_than_take_it_for_the_file()
    {
        var session = new ScriptedSession(_ => new SshCommandResult(0, Encoding.ASCII.GetBytes("127.0.0.1 localhost\n"), ""));

        var failure = Assert.Throws<GuestHostsException>(() => File(session).Exchange(_ => null, CancellationToken.None));

        Assert.Contains(GuestHostsFile.Frame, failure.Message);
        Assert.Contains("POSIX shell", failure.Message);
    }
}
