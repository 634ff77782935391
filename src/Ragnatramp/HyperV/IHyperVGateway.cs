using System.Collections.Generic;

namespace Ragnatramp.HyperV;

/// <summary>
/// What discovery asks of Hyper-V and NetTCPIP. Each method is ONE command call, whatever the
/// number of VMs. Failures the user must fix surface as <see cref="HyperVException"/>.
/// </summary>
internal interface IHyperVGateway
{
    /// <summary>Hyper-V\Get-VM: every VM on the host (no name filter: VMs are selected by id and name in Ragnatramp).</summary>
    IReadOnlyList<VmRecord> GetVms();

    /// <summary>
    /// Hyper-V\Get-VMNetworkAdapter -VMName: the adapters of these VMs. A name with wildcard characters is sent as a
    /// pattern that also matches it (never as an escaped literal), so the answer may hold other VMs' adapters: callers
    /// match adapters to VMs by VM id.
    /// </summary>
    IReadOnlyList<NetworkAdapterRecord> GetNetworkAdapters(IReadOnlyCollection<string> vmNames);

    /// <summary>Hyper-V\Get-VMIntegrationService -VMName: the integration components of these VMs (names as for adapters).</summary>
    IReadOnlyList<IntegrationComponentRecord> GetIntegrationComponents(IReadOnlyCollection<string> vmNames);

    /// <summary>Hyper-V\Get-VMNetworkAdapter -ManagementOS: the host's own adapters on every switch; empty when the lookup fails.</summary>
    IReadOnlyList<NetworkAdapterRecord> GetManagementAdapters();

    /// <summary>NetTCPIP\Get-NetIPAddress -AddressFamily IPv4, the entry of this interface; null when it has none or the lookup fails.</summary>
    HostInterface? GetHostInterface(string interfaceAlias);

    /// <summary>
    /// NetTCPIP\Get-NetNeighbor -InterfaceIndex (or -InterfaceAlias, escaped, when the index is not known); throws
    /// NetNeighborUnavailable when the table cannot be read.
    /// </summary>
    NeighborTable GetNeighbors(string interfaceAlias, uint? interfaceIndex);
}
