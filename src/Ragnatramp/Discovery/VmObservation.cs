using System.Collections.Generic;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>What one poll round saw of one VM, and what Hyper-V/NetTCPIP could tell about it.</summary>
internal sealed class VmObservation
{
    public VmObservation(VmRecord vm, string? machineName, IReadOnlyList<NetworkAdapterRecord> adapters,
        IntegrationComponentRecord? kvpComponent, NeighborTable? neighbors)
    {
        Vm = vm;
        MachineName = machineName;
        Adapters = adapters;
        KvpComponent = kvpComponent;
        Neighbors = neighbors;
    }

    public VmRecord Vm { get; }
    public string? MachineName { get; }
    public IReadOnlyList<NetworkAdapterRecord> Adapters { get; }
    public IntegrationComponentRecord? KvpComponent { get; }
    /// <summary>Null when the table was not read this round or cannot be read at all.</summary>
    public NeighborTable? Neighbors { get; }
}
