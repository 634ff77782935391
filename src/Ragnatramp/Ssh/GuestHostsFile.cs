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
    // The guest-side step (GuestHostsScript.sh, embedded; its comments say how /etc/hosts only ever
    // holds its old or its new bytes), run by POSIX sh under sudo. Reading runs it too: first it puts
    // back what an earlier writer, killed in the middle of an in-place write, left half-written.
    internal static readonly string Script = LoadScript();
    internal static readonly string ScriptCommand = Sudo + "sh -c '" + Script.Replace("'", "'\\''") + "' ragnatramp-hosts ";
    internal static readonly string ReadCommand = "printf '" + Frame + "'; " + ScriptCommand + "read " + HostsPath;
    /// <summary>The read command as -Verbose shows it: the script itself is left out.</summary>
    internal const string ReadCommandSummary = "printf '" + Frame + "'; " + Sudo + "sh -c '<GuestHostsScript.sh>' ragnatramp-hosts read " + HostsPath;

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

    /// <summary>
    /// What the last <see cref="Read"/> repaired first (null when nothing): an earlier write that was
    /// killed in the middle of an in-place write left the file half-written, and its old content was
    /// put back (or could not be: then the note says where the copy is).
    /// </summary>
    public string? Recovery { get; private set; }

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
    /// The guest's /etc/hosts, byte for byte. <paramref name="shellNoise"/> is what the login shell
    /// printed before the command (null when nothing). Throws <see cref="GuestHostsException"/>.
    /// </summary>
    public byte[] Read(CancellationToken cancellation, out string? shellNoise)
    {
        var result = _session.Run(ReadCommand, null, _timeout, cancellation);
        if (result.ExitStatus != 0) throw Failure("read", result);
        Recovery = RecoveryNote(result.Error);
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
    /// <remarks><paramref name="problem"/> says, for a failure, which state the file is in: unchanged, or (when even putting
    /// the old bytes back failed) where the verified copy of its old content is.</remarks>
    public GuestWriteOutcome Write(byte[] content, byte[] readContent, CancellationToken cancellation, out string? problem)
    {
        var command = ScriptCommand + "write " + HostsPath + " '" + GuestDigest.Of(content) + "' '" + GuestDigest.Of(readContent) + "'";
        var result = _session.Run(command, content, _timeout, cancellation);
        problem = WriteProblem(result.ExitStatus, Trim(result.Error), KeptCopy(result.Output));
        return result.ExitStatus switch
        {
            0 => GuestWriteOutcome.Written,
            13 => GuestWriteOutcome.ChangedSinceRead,
            _ when problem != null => GuestWriteOutcome.Failed,
            _ => throw Failure("write", result),
        };
    }

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
