using System.Collections.Generic;

namespace Ragnatramp.HyperV;

/// <summary>
/// What discovery asks of Hyper-V and NetTCPIP. Each method is ONE command call, whatever the
/// number of VMs. Failures the user must fix surface as <see cref="HyperVException"/>.
/// </summary>
internal interface IHyperVGateway
{
    /// <summary>Hyper-V\Get-VM: every VM on the host.</summary>
    IReadOnlyList<VmRecord> GetVms();

    /// <summary>Hyper-V\Get-VMNetworkAdapter -VMName: the adapters of these VMs.</summary>
    IReadOnlyList<NetworkAdapterRecord> GetNetworkAdapters(IReadOnlyCollection<string> vmNames);

    /// <summary>Hyper-V\Get-VMIntegrationService -VMName: the integration components of these VMs.</summary>
    IReadOnlyList<IntegrationComponentRecord> GetIntegrationComponents(IReadOnlyCollection<string> vmNames);

    /// <summary>Hyper-V\Get-VMNetworkAdapter -ManagementOS -SwitchName: the host's own adapters on a switch; empty when the lookup fails.</summary>
    IReadOnlyList<NetworkAdapterRecord> GetManagementAdapters(string switchName);

    /// <summary>NetTCPIP\Get-NetNeighbor -InterfaceAlias; throws NetNeighborUnavailable when the table cannot be read.</summary>
    NeighborTable GetNeighbors(string interfaceAlias);
}
