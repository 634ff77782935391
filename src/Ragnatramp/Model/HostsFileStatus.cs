namespace Ragnatramp;

/// <summary>What Sync-RagnaHostsFile did to the host's hosts file.</summary>
public enum HostsFileStatus
{
    Updated,
    Unchanged,
    WouldUpdate,
}
