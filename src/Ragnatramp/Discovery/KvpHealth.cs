using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>Reads the KVP component's health, found by its GUID (its Name is localized).</summary>
internal static class KvpHealth
{
    public static IntegrationComponentRecord? FindKvp(IEnumerable<IntegrationComponentRecord> components) =>
        components.FirstOrDefault(c => c.IsKeyValuePairExchange);

    /// <summary>
    /// Disabled when switched off; OK when its status is Ok; No Contact when the guest never answered
    /// (no hv_kvp_daemon) or stopped answering (Lost Communication); Unknown otherwise (no component,
    /// VM off, degraded or unrecognised status).
    /// </summary>
    public static KvpState Of(IntegrationComponentRecord? kvp)
    {
        if (kvp is null) return KvpState.Unknown;
        if (!kvp.Enabled || kvp.PrimaryStatus == IntegrationStatus.Disabled) return KvpState.Disabled;
        return kvp.PrimaryStatus switch
        {
            IntegrationStatus.Ok => KvpState.Ok,
            IntegrationStatus.NoContact or IntegrationStatus.LostCommunication => KvpState.NoContact,
            _ => KvpState.Unknown,
        };
    }

    public static string Text(KvpState state) => state switch
    {
        KvpState.Ok => "OK",
        KvpState.NoContact => "No Contact",
        KvpState.Disabled => "Disabled",
        _ => "Unknown",
    };

    /// <summary>What the user should do about a KVP that cannot report addresses; null when there is nothing to fix.</summary>
    public static string? Advice(KvpState state, string vmName) => state switch
    {
        KvpState.NoContact =>
            "Hyper-V Key-Value Pair Exchange has no contact with the guest (no hv_kvp_daemon), so its address comes from the host's " +
            "neighbour table. Fix: in the guest install linux-cloud-tools-$(uname -r) (Ubuntu/Debian); if the service still won't start, " +
            "run 'sudo rmmod hv_utils && sudo modprobe hv_utils' or reboot the guest.",
        KvpState.Disabled =>
            "Hyper-V Key-Value Pair Exchange is disabled for this VM, so its address comes from the host's neighbour table. Fix: " +
            $"Get-VMIntegrationService -VMName '{vmName}' | Where-Object Id -like '*{IntegrationComponentRecord.KeyValuePairExchangeId.ToString().ToUpperInvariant()}' | Enable-VMIntegrationService",
        _ => null,
    };
}
