using System;

namespace Ragnatramp.Ssh;

/// <summary>One pin of the store: the VM it is for, the key, the line's comment (the VM name when Ragnatramp wrote it) and its line number.</summary>
internal sealed class KnownHostsEntry
{
    public KnownHostsEntry(Guid vmId, PinnedHostKey key, string comment, int line)
    {
        VmId = vmId;
        Key = key;
        Comment = comment;
        Line = line;
    }

    public Guid VmId { get; }
    public PinnedHostKey Key { get; }
    public string Comment { get; }
    /// <summary>1-based line number in the store.</summary>
    public int Line { get; }
}
