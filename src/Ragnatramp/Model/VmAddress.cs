using System;

namespace Ragnatramp;

/// <summary>A VM's discovered addresses (output of Get-RagnaVmAddress).</summary>
public sealed class VmAddress
{
    /// <summary>The project's machine name; null outside a project.</summary>
    public string? MachineName { get; set; }
    public string VMName { get; set; } = "";
    public Guid VMId { get; set; }
    /// <summary>Hyper-V state name: Running, Off, Saved, Paused, …</summary>
    public string State { get; set; } = "";
    public string? IPv4 { get; set; }
    public string[] IPv6 { get; set; } = new string[0];
    /// <summary>12 upper-case hex digits, no separators: 00155DDE3309.</summary>
    public string? MacAddress { get; set; }
    public string? AdapterName { get; set; }
    public string? SwitchName { get; set; }
    /// <summary>hyperv (KVP), arp (host neighbour table) or null.</summary>
    public string? Source { get; set; }
    /// <summary>OK, No Contact, Disabled or Unknown.</summary>
    public string KvpStatus { get; set; } = "Unknown";
    public DateTime? DiscoveredAt { get; set; }
    public string[] Warnings { get; set; } = new string[0];

    // Shown as an error's target and in Format-List of a reconcile: no dangling space without an address.
    public override string ToString() => string.IsNullOrEmpty(IPv4) ? VMName : $"{VMName} {IPv4}";
}
