using System;

namespace Ragnatramp.HyperV;

/// <summary>One integration component of a VM (Get-VMIntegrationService).</summary>
internal sealed class IntegrationComponentRecord
{
    /// <summary>The component GUID of Key-Value Pair Exchange, the end of its Id in every language.</summary>
    public static readonly Guid KeyValuePairExchangeId = new("2A34B1C2-FD73-4043-8A5B-DD2159BC743F");

    public IntegrationComponentRecord(string vmName, Guid vmId, string name, string id, bool enabled,
        IntegrationStatus primaryStatus, string? primaryStatusDescription)
    {
        VmName = vmName;
        VmId = vmId;
        Name = name;
        Id = id;
        Enabled = enabled;
        PrimaryStatus = primaryStatus;
        PrimaryStatusDescription = primaryStatusDescription;
    }

    public string VmName { get; }
    public Guid VmId { get; }
    /// <summary>Localized display name: never used to identify the component.</summary>
    public string Name { get; }
    /// <summary>Microsoft:&lt;VMId&gt;\&lt;component GUID&gt;.</summary>
    public string Id { get; }
    public bool Enabled { get; }
    public IntegrationStatus PrimaryStatus { get; }
    public string? PrimaryStatusDescription { get; }

    public bool IsKeyValuePairExchange => ComponentGuid == KeyValuePairExchangeId;

    /// <summary>The GUID after the last separator of Id, or null when Id does not end in one.</summary>
    public Guid? ComponentGuid
    {
        get
        {
            var tail = Id;
            var cut = Math.Max(Id.LastIndexOf('\\'), Id.LastIndexOf('/'));
            if (cut >= 0) tail = Id.Substring(cut + 1);
            return Guid.TryParse(tail.Trim(), out var guid) ? guid : null;
        }
    }
}
