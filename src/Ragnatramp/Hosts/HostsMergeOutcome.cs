namespace Ragnatramp.Hosts;

/// <summary>What merging the managed block into a hosts file came to.</summary>
internal enum HostsMergeOutcome
{
    /// <summary>The file already holds exactly this block: nothing to write.</summary>
    Unchanged,
    /// <summary><see cref="HostsMergeResult.Content"/> is the new file.</summary>
    Changed,
    /// <summary>The markers do not pair up; the file must not be written.</summary>
    MarkersUnpaired,
}
