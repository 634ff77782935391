namespace Ragnatramp.Hosts;

/// <summary>The merged file, or why there is none.</summary>
internal sealed class HostsMergeResult
{
    private HostsMergeResult(HostsMergeOutcome outcome, byte[]? content, int line, string? problem)
    {
        Outcome = outcome;
        Content = content;
        Line = line;
        Problem = problem;
    }

    public HostsMergeOutcome Outcome { get; }
    /// <summary>The whole new file (Changed), the unchanged file (Unchanged) or null (MarkersUnpaired).</summary>
    public byte[]? Content { get; }
    /// <summary>1-based line of the offending marker (MarkersUnpaired), else 0.</summary>
    public int Line { get; }
    /// <summary>What is wrong and how to fix it (MarkersUnpaired).</summary>
    public string? Problem { get; }

    internal static HostsMergeResult Changed(byte[] content) => new(HostsMergeOutcome.Changed, content, 0, null);
    internal static HostsMergeResult Same(byte[] content) => new(HostsMergeOutcome.Unchanged, content, 0, null);
    internal static HostsMergeResult Unpaired(int line, string problem) => new(HostsMergeOutcome.MarkersUnpaired, null, line, problem);
}
