using System;
using Ragnatramp.Config;

namespace Ragnatramp.State;

/// <summary>A project machine whose VM the state records with an IPv4: how the host reaches it by name.</summary>
internal sealed class RecordedAddress
{
    public RecordedAddress(MachineDefinition machine, Guid vmId, string vmName, string ipv4)
    {
        Machine = machine;
        VmId = vmId;
        VmName = vmName;
        IPv4 = ipv4;
    }

    public MachineDefinition Machine { get; }
    public Guid VmId { get; }
    public string VmName { get; }
    public string IPv4 { get; }
}
