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

/// <summary>One guest's hosts-file sync result (output of Sync-RagnaHosts).</summary>
public sealed class HostsSyncResult
{
    public string? MachineName { get; set; }
    public string VMName { get; set; } = "";
    public string? IPv4 { get; set; }
    public HostsSyncStatus Status { get; set; }
    public string? Reason { get; set; }

    public override string ToString() => $"{VMName} {Status}";
}
