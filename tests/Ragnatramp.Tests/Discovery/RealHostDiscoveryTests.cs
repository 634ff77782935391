using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>Discovery on hosts as they really are: localized switch names, a cold neighbour table.</summary>
public class RealHostDiscoveryTests
{
    private readonly FakeGateway _host = new();
    private readonly FakeClock _clock = new();
    private readonly FakeProbe _probe = new();
    private readonly RecordingReporter _reporter = new();
    private readonly FakeSweep _sweep = new();

    private DiscoveryResult Discover(TimeSpan timeout, string? switchName, params string[] names) =>
        new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep)
            .Discover(new DiscoveryRequest(names.Select(VmTarget.ByName).ToList(), switchName, timeout), CancellationToken.None);

    [Fact]
    public void On_a_German_host_the_Default_Switch_is_found_by_its_Id()
    {
        _host.SwitchIds["Standardswitch"] = SwitchSelector.DefaultSwitchId;
        WebWithoutKvpOn("Standardswitch", 23, "172.18.176.1", 20);
        _host.AddNeighbor("172.18.185.163", "00-15-5D-00-00-01", alias: "vEthernet (Standardswitch)");

        var vm = Assert.Single(Discover(TimeSpan.Zero, "Default Switch", "web").Vms);

        Assert.Equal((DiscoveryOutcome.Found, "172.18.185.163", "arp"), (vm.Outcome, vm.Address.IPv4, vm.Address.Source));
        Assert.Equal("Standardswitch", vm.Address.SwitchName);
        // The table is read by interface index, which needs no escaping.
        Assert.Equal(new[] { "index 23" }, _host.NeighborQueries);
        Assert.Empty(_sweep.Subnets);
    }

    [Fact]
    public void A_switch_given_by_Id_is_found_whatever_its_name()
    {
        var lab = Guid.NewGuid();
        _host.SwitchIds["Labor [A]"] = lab;
        _host.AddVm("web", mac: "00155D000001", switchName: "Labor [A]", kvpAddresses: new[] { "192.168.50.7" });
        var vm = Assert.Single(Discover(TimeSpan.Zero, lab.ToString(), "web").Vms);
        Assert.Equal(("192.168.50.7", "Labor [A]"), (vm.Address.IPv4, vm.Address.SwitchName));
    }

    [Fact]
    public void A_running_VM_missing_from_the_table_makes_the_host_resolve_its_subnet_once_then_is_found()
    {
        WebWithoutKvpOn("Default Switch", 17, "172.18.176.1", 20);
        _host.AddVm("db", mac: "00155D000002", kvp: IntegrationStatus.NoContact);
        // The guests answer ARP when the host asks: then their entries appear.
        _sweep.OnResolve = _ =>
        {
            _host.AddNeighbor("172.18.185.163", "00-15-5D-00-00-01", NeighborState.Reachable);
            _host.AddNeighbor("172.18.185.164", "00-15-5D-00-00-02", NeighborState.Reachable);
        };

        var result = Discover(TimeSpan.FromSeconds(30), null, "web", "db");

        Assert.Equal(new[] { "172.18.176.0/20" }, _sweep.Subnets);
        Assert.Equal(new[] { "172.18.185.163", "172.18.185.164" }, result.Vms.Select(v => v.Address.IPv4).OrderBy(a => a));
        Assert.Contains(_reporter.Verbose, m => m.Contains("172.18.176.0/20"));
    }

    [Fact]
    public void A_subnet_wider_than_20_bits_is_not_swept_and_the_VM_times_out_as_before()
    {
        WebWithoutKvpOn("Default Switch", 17, "172.16.0.1", 12);
        _host.AddNeighbor("172.16.0.9", "00-15-5D-00-00-99");

        var vm = Assert.Single(Discover(TimeSpan.FromSeconds(2), null, "web").Vms);

        Assert.Empty(_sweep.Subnets);
        Assert.Equal(DiscoveryOutcome.TimedOut, vm.Outcome);
        Assert.Contains(_reporter.Verbose, m => m.Contains("wider than /20"));
    }

    [Fact]
    public void A_VM_already_in_the_table_causes_no_sweep()
    {
        WebWithoutKvpOn("Default Switch", 17, "172.18.176.1", 20);
        _host.AddNeighbor("172.18.185.163", "00-15-5D-00-00-01");
        Assert.Equal("172.18.185.163", Assert.Single(Discover(TimeSpan.FromSeconds(5), null, "web").Vms).Address.IPv4);
        Assert.Empty(_sweep.Subnets);
    }

    [Fact]
    public void A_missing_host_address_falls_back_to_reading_the_table_by_alias()
    {
        _host.AddVm("web", mac: "00155D000001", kvp: IntegrationStatus.NoContact);
        _host.AddNeighbor("172.18.185.163", "00-15-5D-00-00-01");
        Assert.Equal("172.18.185.163", Assert.Single(Discover(TimeSpan.Zero, null, "web").Vms).Address.IPv4);
        Assert.Equal(new[] { "alias vEthernet (Default Switch)" }, _host.NeighborQueries);
    }

    // The host's vNIC on the switch with its IPv4 and prefix, and a VM "web" on that switch without KVP:
    // only the neighbour table can tell its address.
    private void WebWithoutKvpOn(string switchName, uint interfaceIndex, string hostAddress, int prefixLength)
    {
        _host.ManagementAdapters.Add((switchName, switchName));
        _host.HostAddresses[$"vEthernet ({switchName})"] = (interfaceIndex, hostAddress, prefixLength);
        _host.AddVm("web", mac: "00155D000001", switchName: switchName, kvp: IntegrationStatus.NoContact);
    }
}
