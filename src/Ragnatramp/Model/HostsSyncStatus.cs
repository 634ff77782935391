namespace Ragnatramp;

/// <summary>What Sync-RagnaHosts did to one guest's /etc/hosts.</summary>
public enum HostsSyncStatus
{
    Updated,
    Unchanged,
    Skipped,
    Failed,
    WouldUpdate,
}
