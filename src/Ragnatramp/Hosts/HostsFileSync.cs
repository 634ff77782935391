using System.Collections.Generic;

namespace Ragnatramp.Hosts;

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
