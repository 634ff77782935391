namespace Ragnatramp;

/// <summary>One guest's hosts-file sync result (output of Sync-RagnaHosts).</summary>
public sealed class HostsSyncResult
{
    public string? MachineName { get; set; }
    public string VMName { get; set; } = "";
    public string? IPv4 { get; set; }
    public HostsSyncStatus Status { get; set; }
    public string? Reason { get; set; }
    /// <summary>What the host-key check made of the guest's key; null when no SSH handshake was made.</summary>
    public HostKeyStatus? HostKey { get; set; }
    /// <summary>SHA256 fingerprint of the key the guest presented ("SHA256:…", as ssh-keygen -l prints it); null without a handshake.</summary>
    public string? HostKeyFingerprint { get; set; }

    public override string ToString() => $"{VMName} {Status}";
}
