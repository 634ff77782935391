using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>A Hyper-V host in memory: VMs, adapters, components, neighbours, and a log of the calls.</summary>
internal sealed class FakeGateway : IHyperVGateway
{
    public List<VmRecord> Vms { get; } = new();
    public List<NetworkAdapterRecord> Adapters { get; } = new();
    public List<IntegrationComponentRecord> Components { get; } = new();
    public List<NeighborEntry> Neighbors { get; } = new();
    /// <summary>The host's own vNICs: (adapter name, switch name).</summary>
    public List<(string Name, string SwitchName)> ManagementAdapters { get; } = new();
    public List<string> Calls { get; } = new();
    public bool NeighborsUnavailable { get; set; }
    /// <summary>Runs before each round's adapter query (every round makes one), with the round number: lets a test change the host as time passes.</summary>
    public Action<int>? BeforeRound { get; set; }
    private int _round;

    public int CallCount(string command) => Calls.Count(c => c == command);

    public IReadOnlyList<VmRecord> GetVms()
    {
        Calls.Add("Get-VM");
        return Vms.ToList();
    }

    public IReadOnlyList<NetworkAdapterRecord> GetNetworkAdapters(IReadOnlyCollection<string> vmNames)
    {
        BeforeRound?.Invoke(++_round);
        Calls.Add("Get-VMNetworkAdapter");
        return Adapters.Where(a => vmNames.Contains(a.VmName, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    public IReadOnlyList<IntegrationComponentRecord> GetIntegrationComponents(IReadOnlyCollection<string> vmNames)
    {
        Calls.Add("Get-VMIntegrationService");
        return Components.Where(c => vmNames.Contains(c.VmName, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    public IReadOnlyList<NetworkAdapterRecord> GetManagementAdapters()
    {
        Calls.Add("Get-VMNetworkAdapter -ManagementOS");
        return ManagementAdapters
            .Select(m => new NetworkAdapterRecord("", Guid.Empty, m.Name, m.SwitchName, "00155D0000FF", Array.Empty<string>(), SwitchIdOf(m.SwitchName))).ToList();
    }

    /// <summary>The host's IPv4 addresses per interface alias (Get-NetIPAddress): (ifIndex, address, prefix).</summary>
    public Dictionary<string, (uint Index, string Address, int Prefix)> HostAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Switch Ids by switch name; a VM adapter or host vNIC on a switch listed here reports that Id.</summary>
    public Dictionary<string, Guid> SwitchIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    private Guid SwitchIdOf(string? switchName) => switchName is not null && SwitchIds.TryGetValue(switchName, out var id) ? id : Guid.Empty;

    public HostInterface? GetHostInterface(string interfaceAlias)
    {
        Calls.Add("Get-NetIPAddress");
        return HostAddresses.TryGetValue(interfaceAlias, out var a) ? new HostInterface(interfaceAlias, a.Index, a.Address, a.Prefix) : null;
    }

    /// <summary>The index or alias each table read asked for.</summary>
    public List<string> NeighborQueries { get; } = new();

    public NeighborTable GetNeighbors(string interfaceAlias, uint? interfaceIndex)
    {
        Calls.Add("Get-NetNeighbor");
        NeighborQueries.Add(interfaceIndex is null ? $"alias {interfaceAlias}" : $"index {interfaceIndex}");
        if (NeighborsUnavailable)
            throw new HyperVException(HyperVErrorIds.NetNeighborUnavailable, System.Management.Automation.ErrorCategory.ResourceUnavailable, "no table");
        var entries = Neighbors.Where(n => string.Equals(n.InterfaceAlias, interfaceAlias, StringComparison.OrdinalIgnoreCase)).ToList();
        return new NeighborTable(interfaceAlias, entries.Count > 0, entries);
    }

    /// <summary>A VM with one adapter on the switch and a KVP component in the given health.</summary>
    public VmRecord AddVm(string name, VmState state = VmState.Running, string mac = "", string[]? kvpAddresses = null,
        IntegrationStatus kvp = IntegrationStatus.Ok, bool kvpEnabled = true, string switchName = "Default Switch", string? notes = null)
    {
        var vm = new VmRecord(name, Guid.NewGuid(), state, state.ToString(), notes);
        Vms.Add(vm);
        if (mac.Length == 0) mac = "00155D" + (Vms.Count).ToString("X6");
        Adapters.Add(new NetworkAdapterRecord(name, vm.Id, "Network Adapter", switchName, mac, kvpAddresses ?? Array.Empty<string>(), SwitchIdOf(switchName)));
        Components.Add(new IntegrationComponentRecord(name, vm.Id, "Key-Value Pair Exchange",
            $@"Microsoft:{vm.Id}\2A34B1C2-FD73-4043-8A5B-DD2159BC743F", kvpEnabled, kvp, null));
        return vm;
    }

    public void SetKvpAddresses(string vmName, params string[] addresses)
    {
        var i = Adapters.FindIndex(a => a.VmName == vmName);
        var a = Adapters[i];
        Adapters[i] = new NetworkAdapterRecord(a.VmName, a.VmId, a.Name, a.SwitchName, a.MacAddress, addresses, a.SwitchId);
    }

    public void SetState(string vmName, VmState state)
    {
        var i = Vms.FindIndex(v => v.Name == vmName);
        var v = Vms[i];
        Vms[i] = new VmRecord(v.Name, v.Id, state, state.ToString(), v.Notes);
    }

    public void AddNeighbor(string ip, string mac, NeighborState state = NeighborState.Permanent, string alias = "vEthernet (Default Switch)") =>
        Neighbors.Add(new NeighborEntry(alias, ip, MacAddresses.Normalize(mac), state, ip.Contains(':') ? AddressFamilyKind.IPv6 : AddressFamilyKind.IPv4));
}
