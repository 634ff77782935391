using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace Ragnatramp.Ssh;

/// <summary>
/// /etc/hosts on one guest, over an SSH session: read with sudo, replace safely, and the
/// cloud-init setting that would undo our work at boot. The new content only ever travels on
/// standard input, never inside a command line (no quoting, no size limit, nothing in `ps`).
/// </summary>
internal sealed class GuestHostsFile
{
    internal const string HostsPath = "/etc/hosts";
    // LC_ALL=C: sudo and the tools in the write step speak the guest's locale otherwise, and their
    // refusals are recognised by their (English) text.
    internal const string Sudo = "LC_ALL=C sudo -n ";

    // sshd runs each command through the user's login shell, and an rc file that prints something
    // (echo, fortune, a conda banner) puts that in front of the output. Every command whose output
    // is used first prints this frame; only the bytes after it count.
    internal const string Frame = "RAGNATRAMP:";
    private static readonly byte[] FrameBytes = Encoding.ASCII.GetBytes(Frame);
    // The guest-side step (GuestHostsScript.sh, embedded; its comments say how /etc/hosts only ever
    // holds its old or its new bytes), run by POSIX sh under sudo. Reading runs it too: first it puts
    // back what an earlier writer, killed in the middle of an in-place write, left half-written.
    internal static readonly string Script = LoadScript();
    private static readonly string QuotedScript = "'" + Script.Replace("'", "'\\''") + "'";

    // What the script prints before the file in its exchange mode: then the length and a newline.
    internal const string HostsHeader = Frame + "HOSTS ";
    private static readonly byte[] HostsHeaderBytes = Encoding.ASCII.GetBytes(HostsHeader);
    private static readonly byte[] KeepAnswer = Encoding.ASCII.GetBytes("keep\n");

    // A whole sync of the guest's file in one exec channel, so one login shell and one sudo: the
    // login shell prints the frame and lists the cloud-init files (no root needed), then the script
    // runs as root in its exchange mode, sends /etc/hosts and waits for the answer; a write it is
    // asked for is its own write mode (the script's text is its last argument).
    internal static readonly string ExchangeCommand =
        CloudInitCommand + "; " + Sudo + "sh -c " + QuotedScript + " ragnatramp-hosts exchange " + HostsPath + " " + QuotedScript;
    /// <summary>The exchange command as -Verbose shows it: the script itself is left out.</summary>
    internal const string ExchangeCommandSummary = "printf '" + Frame + "'; grep -lEs manage_etc_hosts /etc/cloud/…; " + Sudo +
        "sh -c '<GuestHostsScript.sh>' ragnatramp-hosts exchange " + HostsPath + " '<GuestHostsScript.sh>'";

    // Lines the script prints on standard error when reading repaired an interrupted write.
    private const string RestoredTag = "ragnatramp-restored: ";
    private const string UnrestoredTag = "ragnatramp-unrestored: ";

    private static string LoadScript()
    {
        using var stream = typeof(GuestHostsFile).Assembly.GetManifestResourceStream("Ragnatramp.Ssh.GuestHostsScript.sh")
                           ?? throw new InvalidOperationException("the embedded resource GuestHostsScript.sh is missing from the build");
        using var reader = new System.IO.StreamReader(stream, Encoding.UTF8);
        // Comments and indentation stay in the source; the command line carries only the code.
        var lines = reader.ReadToEnd().Replace("\r", "").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal));
        return string.Join("\n", lines) + "\n";
    }

    // Only the values that make cloud-init render /etc/hosts from its template at every boot: true
    // (in the spellings YAML 1.1 reads as true) and template. 'localhost' only keeps a 127.0.1.1 line
    // and leaves every other line, our block included, as it is.
    internal const string CloudInitCommand =
        "printf '" + Frame + "'; grep -lEs '^[[:space:]]*manage_etc_hosts:[[:space:]]*[\"'\\'']?([Tt]rue|TRUE|[Yy]es|YES|[Oo]n|ON|template)[\"'\\'']?[[:space:]]*(#.*)?$' " +
        "/etc/cloud/cloud.cfg /etc/cloud/cloud.cfg.d/*.cfg; true";

    private readonly ISshSession _session;
    private readonly string _user;
    private readonly TimeSpan _timeout;

    public GuestHostsFile(ISshSession session, string user, TimeSpan commandTimeout)
    {
        _session = session;
        _user = user;
        _timeout = commandTimeout;
    }

    /// <summary>The sudoers line that lets the login user do what the sync needs, and why nothing narrower is offered.</summary>
    public static string SudoFix(string user) =>
        $"the write step runs a shell as root (sudo -n sh -c …), so '{user}' needs passwordless sudo: add '{user} ALL=(ALL) NOPASSWD: ALL' " +
        "to /etc/sudoers.d/ragnatramp on the guest (visudo -f /etc/sudoers.d/ragnatramp). A rule that names only cat and /bin/sh " +
        "is not narrower: sudo /bin/sh is a root shell";

    private static string? RecoveryNote(string error)
    {
        foreach (var line in error.Replace("\r", "").Split('\n'))
        {
            if (line.StartsWith(RestoredTag, StringComparison.Ordinal)) return line.Substring(RestoredTag.Length);
            if (line.StartsWith(UnrestoredTag, StringComparison.Ordinal)) return line.Substring(UnrestoredTag.Length);
        }
        return null;
    }

    /// <summary>
    /// The cloud-init check, the read and (when <paramref name="newContent"/> returns the new file
    /// for what was read; null leaves it) the write, in one command (<see cref="ExchangeCommand"/>).
    /// Throws <see cref="GuestHostsException"/> when the read fails (sudo's refusals included).
    /// </summary>
    public GuestHostsExchange Exchange(Func<byte[], byte[]?> newContent, CancellationToken cancellation)
    {
        GuestHostsSection? section = null;
        var wrote = false;
        var result = _session.Converse(ExchangeCommand, output =>
        {
            section = GuestHostsSection.Receive(output, FrameBytes, HostsHeaderBytes);
            if (section?.Content == null) return Array.Empty<byte>();
            var content = newContent(section.Content);
            if (content == null) return KeepAnswer;
            wrote = true;
            // The script checks that the file still holds what was read, and that the new content came whole.
            var header = Encoding.ASCII.GetBytes("write\n" + GuestDigest.Of(content) + "\n" + GuestDigest.Of(section.Content) + "\n");
            var answer = new byte[header.Length + content.Length];
            Buffer.BlockCopy(header, 0, answer, 0, header.Length);
            Buffer.BlockCopy(content, 0, answer, header.Length, content.Length);
            return answer;
        }, _timeout, cancellation);

        if (section == null)
        {
            if (result.ExitStatus != 0) throw Failure("read", result);
            throw new GuestHostsException(GuestHostsProblem.Other,
                $"could not read {HostsPath}: the output did not start with the '{Frame}' the command prints first " +
                $"(is the login shell of '{_user}' a POSIX shell?)");
        }
        var files = Encoding.UTF8.GetString(section.CloudInit).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
        var recovery = RecoveryNote(result.Error);
        GuestHostsExchange Found(GuestWriteOutcome? written, string? problem = null) =>
            new(files, section.Noise, section.Content, written, problem, recovery);

        // The file changed while it was sent (13), whole or not: read it again.
        if (result.ExitStatus == 13) return Found(GuestWriteOutcome.ChangedSinceRead);
        if (section.Content == null || !wrote)
        {
            if (result.ExitStatus != 0) throw Failure("read", result);
            return Found(null);
        }
        var problem = WriteProblem(result.ExitStatus, Trim(result.Error), KeptCopy(result.Output));
        return result.ExitStatus switch
        {
            0 => Found(GuestWriteOutcome.Written),
            _ when problem != null => Found(GuestWriteOutcome.Failed, problem),
            // sudo already ran for the read in this command: whatever else stopped the write is a write failure.
            _ => Found(GuestWriteOutcome.Failed, Failure("write", result).Message),
        };
    }

    /// <summary>The bytes after the frame (null when there is none); <paramref name="noise"/> is what came before it.</summary>
    internal static byte[]? Unframe(byte[] output, out string? noise)
    {
        noise = null;
        var at = IndexOf(output, FrameBytes);
        if (at < 0) return null;
        if (at > 0) noise = Encoding.UTF8.GetString(output, 0, at);
        var start = at + FrameBytes.Length;
        var content = new byte[output.Length - start];
        Buffer.BlockCopy(output, start, content, 0, content.Length);
        return content;
    }

    private static int IndexOf(byte[] data, byte[] pattern) => GuestHostsSection.IndexOf(data, data.Length, pattern, 0);

    // The path of the copy of the old content that the script keeps when it could not put it back.
    private static string KeptCopy(byte[] output)
    {
        var path = Unframe(output, out _);
        return path == null || path.Length == 0 ? HostsPath + ".ragnatramp-old.*" : Encoding.UTF8.GetString(path).Trim();
    }

    /// <summary>What a failed write step means for the user (null for 0, 13 and what only <see cref="Failure"/> explains).</summary>
    internal static string? WriteProblem(int? exitStatus, string error, string keptCopy)
    {
        const string Unchanged = HostsPath + " was not changed";
        var detail = error.Length > 0 ? $" ({error})" : "";
        var broken = $"{HostsPath} may now hold neither its old nor its new content: its old content is kept in {keptCopy}; " +
                     $"check {HostsPath} on the guest and put the old content back with 'sudo cp {keptCopy} {HostsPath}'";
        return exitStatus switch
        {
            10 => $"could not create a temporary file beside {HostsPath}{detail}; {Unchanged}",
            11 => $"could not write the temporary file beside {HostsPath} or flush it to disk{detail} (is the disk full?); {Unchanged}",
            12 => $"the new content did not arrive whole on the guest; {Unchanged}",
            14 => $"{HostsPath} cannot be rewritten in place{detail}: a full file system, a read-only file system or an immutable file " +
                  $"(df {HostsPath}; lsattr {HostsPath}, then chattr -i {HostsPath}); the old content was put back and checked, so {Unchanged}",
            15 => $"writing {HostsPath} in place failed{detail} and putting its old content back failed too: {broken}",
            16 => $"{HostsPath} is a symbolic link whose target cannot be resolved (readlink -f{(error.Length > 0 ? ": " + error : "")}); {Unchanged}",
            17 => $"the guest has none of cksum, sha256sum and md5sum to check what is written (install coreutils or busybox); {Unchanged}",
            18 => $"there is no room beside {HostsPath} for the checked copy of its old content that an in-place write needs{detail} " +
                  $"(is the disk full?); {Unchanged}",
            20 => $"the write step was stopped by a signal before it finished; {Unchanged}",
            21 => $"the write step was stopped by a signal in the middle of an in-place write and putting the old content back failed: {broken}",
            _ => null,
        };
    }

    private GuestHostsException Failure(string action, SshCommandResult result)
    {
        var error = Trim(result.Error);
        if (IsSudoMissing(result.ExitStatus, error))
        {
            return new GuestHostsException(GuestHostsProblem.SudoMissing,
                $"sudo is not installed on the guest ({error}): install it (apt-get install sudo, dnf install sudo, apk add sudo; " +
                $"on a doas-only system the doas-sudo-shim package provides it), then {SudoFix(_user)}");
        }
        if (IsTtyRequired(error))
        {
            return new GuestHostsException(GuestHostsProblem.SudoRefused,
                $"sudo on the guest requires a terminal (Defaults requiretty) and the sync runs without one ({error}): " +
                $"add 'Defaults:{_user} !requiretty' to /etc/sudoers.d/ragnatramp on the guest (visudo -f /etc/sudoers.d/ragnatramp)");
        }
        if (IsSudoRefusal(error))
        {
            return new GuestHostsException(GuestHostsProblem.SudoRefused,
                $"sudo refused to run without a password for '{_user}' ({error}): {SudoFix(_user)}");
        }
        var status = result.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "a signal";
        return new GuestHostsException(GuestHostsProblem.Other, $"could not {action} {HostsPath} (exit status {status}: {error})");
    }

    // 127 is the shell's "command not found" (the write step never exits 127 itself); the texts are
    // bash's, dash's ("sh: 1: sudo: not found") and busybox ash's ("sh: sudo: not found").
    internal static bool IsSudoMissing(int? exitStatus, string error) =>
        exitStatus == 127
        || error.IndexOf("sudo: not found", StringComparison.Ordinal) >= 0
        || error.IndexOf("sudo: command not found", StringComparison.Ordinal) >= 0;

    // RHEL/CentOS 7 style 'Defaults requiretty': "sudo: sorry, you must have a tty to run sudo".
    internal static bool IsTtyRequired(string error) =>
        error.IndexOf("you must have a tty", StringComparison.Ordinal) >= 0;

    internal static bool IsSudoRefusal(string error) =>
        error.IndexOf("a password is required", StringComparison.Ordinal) >= 0
        || error.IndexOf("a terminal is required", StringComparison.Ordinal) >= 0
        || error.IndexOf("no tty present", StringComparison.Ordinal) >= 0
        || error.IndexOf("is not in the sudoers file", StringComparison.Ordinal) >= 0
        || error.IndexOf("may not run sudo", StringComparison.Ordinal) >= 0
        || error.IndexOf("is not allowed to execute", StringComparison.Ordinal) >= 0;

    private static string Trim(string error)
    {
        // sudo's warning about the guest's own host name is noise next to the real error.
        var lines = error.Replace("\r", "").Split('\n')
            .Where(l => l.Trim().Length > 0 && l.IndexOf("unable to resolve host", StringComparison.Ordinal) < 0);
        var text = string.Join(" ", lines).Trim();
        return text.Length > 300 ? text.Substring(0, 300) + "…" : text;
    }
}
