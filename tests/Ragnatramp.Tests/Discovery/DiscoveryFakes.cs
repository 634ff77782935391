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

/// <summary>Records each subnet discovery asks to resolve; <see cref="OnResolve"/> lets a test make guests appear in the table.</summary>
internal sealed class FakeSweep : INeighborSweep
{
    public List<string> Subnets { get; } = new();
    public Action<OnLinkSubnet>? OnResolve { get; set; }

    public int Resolve(OnLinkSubnet subnet, CancellationToken cancellation)
    {
        Subnets.Add(subnet.ToString());
        OnResolve?.Invoke(subnet);
        return subnet.OtherHosts().Count();
    }
}

/// <summary>A clock that only moves when the loop sleeps, recording each sleep.</summary>
internal sealed class FakeClock : IDiscoveryClock
{
    public TimeSpan Elapsed { get; private set; }
    public DateTime UtcNow => new DateTime(2026, 1, 30, 10, 0, 0, DateTimeKind.Utc) + Elapsed;
    public List<TimeSpan> Sleeps { get; } = new();
    /// <summary>Time each round costs (added when the loop asks Get-VM).</summary>
    public Action<TimeSpan>? OnSleep { get; set; }

    public void Advance(TimeSpan by) => Elapsed += by;

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Sleeps.Add(duration);
        Elapsed += duration;
        OnSleep?.Invoke(duration);
        cancellation.ThrowIfCancellationRequested();
    }
}

/// <summary>Addresses that answer are listed; every probe is logged.</summary>
internal sealed class FakeProbe : IAddressProbe
{
    public HashSet<string> Live { get; } = new();
    public List<string> Probed { get; } = new();

    public FakeProbe(params string[] live)
    {
        foreach (var ip in live) Live.Add(ip);
    }

    public bool Answers(string ipv4, CancellationToken cancellation)
    {
        Probed.Add(ipv4);
        return Live.Contains(ipv4);
    }
}

/// <summary>Records what discovery reports.</summary>
internal sealed class RecordingReporter : IDiscoveryReporter
{
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<IReadOnlyList<string>> WaitingRounds { get; } = new();
    public List<DiscoveredVm> Finished { get; } = new();
    public int DoneCount { get; private set; }

    void IDiscoveryReporter.Verbose(string message) => Verbose.Add(message);
    public void Warning(string message) => Warnings.Add(message);
    public void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout) => WaitingRounds.Add(vmNames);
    public void WaitingDone() => DoneCount++;
    void IDiscoveryReporter.Finished(DiscoveredVm vm) => Finished.Add(vm);
}
