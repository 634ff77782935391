using System;

namespace Ragnatramp;

/// <summary>A machine's recorded state beside its live Hyper-V state (output of Get-RagnaStatus).</summary>
public sealed class VmStatus
{
    public string MachineName { get; set; } = "";
    public string? VMName { get; set; }
    public string State { get; set; } = "";
    /// <summary>The IPv4, or the first IPv6 when there is no IPv4.</summary>
    public string? IPv4 { get; set; }
    public string? AdapterName { get; set; }
    public string? Source { get; set; }
    public DateTime? DiscoveredAt { get; set; }
}
