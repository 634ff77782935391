namespace Ragnatramp;

/// <summary>A project's block in the host's own hosts file (output of Sync-RagnaHostsFile).</summary>
public sealed class HostsFileResult
{
    public string Path { get; set; } = "";
    public string Project { get; set; } = "";
    public HostsFileStatus Status { get; set; }
    /// <summary>The block's address lines: "172.18.185.163 web.demo www.demo".</summary>
    public string[] Lines { get; set; } = new string[0];

    public override string ToString() => $"{Path} {Project} {Status}";
}
