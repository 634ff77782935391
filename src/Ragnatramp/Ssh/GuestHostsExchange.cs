using System.Collections.Generic;

namespace Ragnatramp.Ssh;

/// <summary>What one <see cref="GuestHostsFile.Exchange"/> with a guest found and did.</summary>
internal sealed class GuestHostsExchange
{
    public GuestHostsExchange(IReadOnlyList<string> cloudInitFiles, string? shellNoise, byte[]? content, GuestWriteOutcome? written,
        string? problem, string? recovery)
    {
        CloudInitFiles = cloudInitFiles;
        ShellNoise = shellNoise;
        Content = content;
        Written = written;
        Problem = problem;
        Recovery = recovery;
    }

    /// <summary>The cloud-init config files that set manage_etc_hosts (empty when none).</summary>
    public IReadOnlyList<string> CloudInitFiles { get; }
    /// <summary>What the login shell printed before the command (null when nothing).</summary>
    public string? ShellNoise { get; }
    /// <summary>/etc/hosts as read, byte for byte (null when it changed while it was being read).</summary>
    public byte[]? Content { get; }
    /// <summary>How the write ended; null when nothing was to be written.</summary>
    public GuestWriteOutcome? Written { get; }
    /// <summary>Why the write failed (with <see cref="GuestWriteOutcome.Failed"/>), and which state the file is in.</summary>
    public string? Problem { get; }
    /// <summary>
    /// What the script repaired first (null when nothing): an earlier write that was killed in the
    /// middle of an in-place write left the file half-written, and its old content was put back (or
    /// could not be: then the note says where the copy is).
    /// </summary>
    public string? Recovery { get; }
}
