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
        Path = File.Path, Project = Project, Status = status, Lines = ManagedHostsBlock.AddressLines(BlockLines),
    };
}
