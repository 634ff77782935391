using System.Collections.Generic;

namespace Ragnatramp.Hosts;

/// <summary>What writing a project's block into the host's hosts file would do: the file as read and as merged.</summary>
internal sealed class HostsFilePlan
{
    public HostsFilePlan(LocalHostsFile file, string project, IReadOnlyList<string> blockLines, byte[] current, HostsMergeResult merge)
    {
        File = file;
        Project = project;
        BlockLines = blockLines;
        Current = current;
        Merge = merge;
    }

    public LocalHostsFile File { get; }
    public string Project { get; }
    public IReadOnlyList<string> BlockLines { get; }
    public byte[] Current { get; }
    public HostsMergeResult Merge { get; }
    public bool Changes => Merge.Outcome == HostsMergeOutcome.Changed;

    public HostsFileResult Result(HostsFileStatus status) => new()
    {
        Path = File.Path, Project = Project, Status = status, Lines = ProjectHostsBlock.AddressLines(BlockLines),
    };
}

/// <summary>
/// One project's block in the host's hosts file: write access checked first, then the file read and
/// merged (every other byte kept), then written only when it changes.
/// </summary>
internal static class HostsFileSync
{
    /// <exception cref="HostsFileException">No write access, unreadable, or markers that do not pair up.</exception>
    public static HostsFilePlan Plan(LocalHostsFile file, string project, IReadOnlyList<string> blockLines)
    {
        file.CheckWriteAccess();
        var current = file.Read();
        var merge = HostsFileMerge.Merge(current, blockLines, HostsBlockMarkers.ForProject(project));
        if (merge.Outcome == HostsMergeOutcome.MarkersUnpaired)
        {
            throw new HostsFileException(HostsFileException.MarkersUnpaired, file.Path,
                $"The hosts file '{file.Path}' was not changed: {merge.Problem}",
                $"Fix '{file.Path}' at line {merge.Line}, then run the command again.");
        }
        return new HostsFilePlan(file, project, blockLines, current, merge);
    }

    /// <summary>Writes the merged file when it changed.</summary>
    /// <exception cref="HostsFileException">The write failed; the file holds its old content.</exception>
    public static HostsFileResult Apply(HostsFilePlan plan)
    {
        if (!plan.Changes) return plan.Result(HostsFileStatus.Unchanged);
        plan.File.Write(plan.Merge.Content!, plan.Current);
        return plan.Result(HostsFileStatus.Updated);
    }
}
