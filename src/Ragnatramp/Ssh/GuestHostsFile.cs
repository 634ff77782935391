using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace Ragnatramp.Ssh;

/// <summary>How a guest-side write of /etc/hosts ended.</summary>
internal enum GuestWriteOutcome
{
    Written,
    /// <summary>/etc/hosts no longer has the checksum it had when it was read: read again.</summary>
    ChangedSinceRead,
    Failed,
}

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
    internal const string ReadCommand = "printf '" + Frame + "'; " + Sudo + "cat /etc/hosts";

    // The guest-side write, run by POSIX sh under sudo with the expected checksums as arguments:
    //   $1 = cksum line of the new content (must arrive whole), $2 = cksum line read earlier.
    // The temporary file starts as a copy (cp -p) so it has the original's owner and mode, gets the
    // new content from standard input, is checked, and replaces /etc/hosts by an atomic rename. A
    // bind-mounted /etc/hosts (containers, WSL, network namespaces) refuses the rename (EBUSY); then
    // the content is copied in place and checked again. A symlinked /etc/hosts (NixOS, appliance
    // images) is written through: the link's final target is replaced and the temporary file sits
    // beside that target, so the link stays a link. Exit codes tell the host what went wrong.
    internal const string WriteScript =
        "f=/etc/hosts; " +
        "if [ -L \"$f\" ]; then f=$(readlink -f \"$f\") && [ -n \"$f\" ] || exit 16; fi; " +
        "[ \"$(cksum <\"$f\")\" = \"$2\" ] || exit 13; " +
        "t=\"$f.ragnatramp.$$\"; trap 'rm -f \"$t\"' EXIT; " +
        "cp -p \"$f\" \"$t\" || exit 10; " +
        "cat >\"$t\" || exit 11; " +
        "[ \"$(cksum <\"$t\")\" = \"$1\" ] || exit 12; " +
        "[ \"$(cksum <\"$f\")\" = \"$2\" ] || exit 13; " +
        "if mv -f \"$t\" \"$f\" 2>/dev/null; then " +
        "command -v restorecon >/dev/null 2>&1 && restorecon \"$f\" 2>/dev/null; exit 0; fi; " +
        "cat \"$t\" >\"$f\" || exit 14; " +
        "[ \"$(cksum <\"$f\")\" = \"$1\" ] || exit 15; exit 0";

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

    /// <summary>
    /// The guest's /etc/hosts, byte for byte. <paramref name="shellNoise"/> is what the login shell
    /// printed before the command (null when nothing). Throws <see cref="GuestHostsException"/>.
    /// </summary>
    public byte[] Read(CancellationToken cancellation, out string? shellNoise)
    {
        var result = _session.Run(ReadCommand, null, _timeout, cancellation);
        if (result.ExitStatus != 0) throw Failure("read", result);
        var content = Unframe(result.Output, out shellNoise);
        if (content == null)
        {
            throw new GuestHostsException(GuestHostsProblem.Other,
                $"could not read {HostsPath}: the output did not start with the '{Frame}' the command prints first " +
                $"({result.Output.Length} bytes; is the login shell of '{_user}' a POSIX shell?)");
        }
        return content;
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

    private static int IndexOf(byte[] data, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= data.Length; i++)
        {
            var j = 0;
            while (j < pattern.Length && data[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return i;
        }
        return -1;
    }

    /// <summary>Replaces /etc/hosts with <paramref name="content"/> unless it changed since it read as <paramref name="readContent"/>.</summary>
    public GuestWriteOutcome Write(byte[] content, byte[] readContent, CancellationToken cancellation, out string? problem)
    {
        var command = Sudo + "sh -c '" + WriteScript.Replace("'", "'\\''") + "' ragnatramp-hosts '"
                      + PosixCksum.Line(content) + "' '" + PosixCksum.Line(readContent) + "'";
        var result = _session.Run(command, content, _timeout, cancellation);
        problem = null;
        switch (result.ExitStatus)
        {
            case 0:
                return GuestWriteOutcome.Written;
            case 13:
                return GuestWriteOutcome.ChangedSinceRead;
            case 10:
                problem = $"could not create a temporary file beside {HostsPath} ({Trim(result.Error)}); {HostsPath} was not changed";
                return GuestWriteOutcome.Failed;
            case 11:
                problem = $"could not write the temporary file beside {HostsPath} ({Trim(result.Error)}); {HostsPath} was not changed";
                return GuestWriteOutcome.Failed;
            case 12:
                problem = $"the new content did not arrive whole on the guest; {HostsPath} was not changed";
                return GuestWriteOutcome.Failed;
            case 14:
                problem = $"{HostsPath} cannot be written ({Trim(result.Error)}): a read-only file system or an immutable file (lsattr {HostsPath}; chattr -i {HostsPath}); it was not changed";
                return GuestWriteOutcome.Failed;
            case 16:
                problem = $"{HostsPath} is a symbolic link whose target cannot be resolved (readlink -f: {Trim(result.Error)}); it was not changed";
                return GuestWriteOutcome.Failed;
            case 15:
                problem = $"{HostsPath} was written in place but does not read back as sent; check it on the guest";
                return GuestWriteOutcome.Failed;
            default:
                throw Failure("write", result);
        }
    }

    /// <summary>The cloud-init config files that set manage_etc_hosts (empty when none).</summary>
    public string[] CloudInitFilesManagingHosts(CancellationToken cancellation)
    {
        var result = _session.Run(CloudInitCommand, null, _timeout, cancellation);
        var files = Unframe(result.Output, out _) ?? Array.Empty<byte>();
        return Encoding.UTF8.GetString(files).Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
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

/// <summary>Why reading or writing a guest's /etc/hosts failed, as far as the sync reports it differently.</summary>
internal enum GuestHostsProblem
{
    Other,
    /// <summary>sudo wanted a password, a terminal or a sudoers rule.</summary>
    SudoRefused,
    /// <summary>There is no sudo on the guest.</summary>
    SudoMissing,
}

/// <summary>Reading or writing a guest's /etc/hosts failed; <see cref="Problem"/> says whether sudo was the cause.</summary>
internal sealed class GuestHostsException : Exception
{
    public GuestHostsException(GuestHostsProblem problem, string message) : base(message)
    {
        Problem = problem;
    }

    public GuestHostsProblem Problem { get; }
}
