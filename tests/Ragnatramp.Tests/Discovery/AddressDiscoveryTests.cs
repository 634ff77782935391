using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

public class AddressDiscoveryTests
{
    private readonly FakeGateway _host = new();
    private readonly FakeClock _clock = new();
    private readonly FakeProbe _probe = new();
    private readonly RecordingReporter _reporter = new();
    private readonly FakeSweep _sweep = new();

    private DiscoveryResult Discover(int timeoutSec, params string[] names) => Discover(TimeSpan.FromSeconds(timeoutSec), names);

    private DiscoveryResult Discover(TimeSpan timeout, params string[] names) =>
        new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep)
            .Discover(new DiscoveryRequest(names.Select(VmTarget.ByName).ToList(), "Default Switch", timeout), CancellationToken.None);

    [Fact]
    public void Kvp_address_is_preferred_over_the_neighbour_table()
    {
        _host.AddVm("web", mac: "00155D000001", kvpAddresses: new[] { "10.0.0.5", "fe80::5" });
        _host.AddNeighbor("10.0.0.99", "00-15-5D-00-00-01");
        var vm = Assert.Single(Discover(0, "web").Vms);
        Assert.Equal((DiscoveryOutcome.Found, "10.0.0.5", "hyperv"), (vm.Outcome, vm.Address.IPv4, vm.Address.Source));
        Assert.Equal(new[] { "fe80::5" }, vm.Address.IPv6);
        Assert.Equal("OK", vm.Address.KvpStatus);
        Assert.Equal(0, _host.CallCount("Get-NetNeighbor"));
    }

    [Fact]
    public void No_contact_guest_gets_its_address_from_the_table_at_once_with_the_fix_in_warnings()
    {
        _host.AddVm("web", mac: "00155D000001", kvp: IntegrationStatus.NoContact);
        _host.AddNeighbor("10.0.0.7", "00-15-5D-00-00-01");
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(("10.0.0.7", "arp", "No Contact"), (vm.Address.IPv4, vm.Address.Source, vm.Address.KvpStatus));
        Assert.Contains(vm.Address.Warnings, w => w.Contains("linux-cloud-tools"));
        Assert.Empty(_clock.Sleeps);
        Assert.Empty(_probe.Probed);
    }

    [Fact]
    public void Disabled_kvp_uses_the_table_at_once()
    {
        _host.AddVm("web", mac: "00155D000001", kvpEnabled: false);
        _host.AddNeighbor("10.0.0.7", "00155D000001");
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(("10.0.0.7", "Disabled"), (vm.Address.IPv4, vm.Address.KvpStatus));
        Assert.Contains(vm.Address.Warnings, w => w.Contains("Enable-VMIntegrationService"));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void Healthy_but_silent_kvp_takes_a_table_entry_only_when_it_answers()
    {
        _host.AddVm("web", mac: "00155D000001");
        _host.AddNeighbor("10.0.0.7", "00155D000001");
        _probe.Live.Add("10.0.0.7");
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(("10.0.0.7", "arp"), (vm.Address.IPv4, vm.Address.Source));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void Healthy_but_silent_kvp_waits_for_kvp_while_the_table_entry_is_silent_then_takes_kvp()
    {
        _host.AddVm("web", mac: "00155D000001");
        _host.AddNeighbor("10.0.0.7", "00155D000001"); // an old lease
        _host.BeforeRound = round => { if (round == 3) _host.SetKvpAddresses("web", "10.0.0.8"); };
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(("10.0.0.8", "hyperv"), (vm.Address.IPv4, vm.Address.Source));
    }

    [Fact]
    public void Healthy_but_silent_kvp_falls_back_to_the_table_in_the_last_round()
    {
        _host.AddVm("web", mac: "00155D000001");
        _host.AddNeighbor("10.0.0.7", "00155D000001");
        var vm = Assert.Single(Discover(0, "web").Vms);
        Assert.Equal(("10.0.0.7", "arp"), (vm.Address.IPv4, vm.Address.Source));
        Assert.Contains(vm.Address.Warnings, w => w.Contains("KVP is healthy but reported no usable IPv4"));
    }

    [Fact]
    public void Stale_and_live_entries_for_one_mac_pick_the_live_one_and_warn()
    {
        _host.AddVm("web", mac: "00155D000001", kvp: IntegrationStatus.NoContact);
        _host.AddNeighbor("10.0.0.7", "00155D000001", NeighborState.Reachable);
        _host.AddNeighbor("10.0.0.8", "00155D000001", NeighborState.Stale);
        _probe.Live.Add("10.0.0.8");
        var vm = Assert.Single(Discover(0, "web").Vms);
        Assert.Equal("10.0.0.8", vm.Address.IPv4);
        Assert.Contains(vm.Address.Warnings, w => w.Contains("2 IPv4 entries"));
    }

    [Fact]
    public void Apipa_zero_and_ipv6_only_kvp_data_leave_the_vm_waiting_then_timed_out()
    {
        _host.AddVm("a", kvpAddresses: new[] { "169.254.3.4", "fe80::a" });
        _host.AddVm("z", kvpAddresses: new[] { "0.0.0.0" });
        _host.AddVm("six", kvpAddresses: new[] { "fe80::6", "2001:db8::6" });
        var result = Discover(2, "a", "z", "six");
        Assert.All(result.Vms, v => Assert.Equal((DiscoveryOutcome.TimedOut, (string?)null), (v.Outcome, v.Address.IPv4)));
        Assert.Contains(result.Vms[0].Address.Warnings, w => w.Contains("169.254.3.4 (link-local"));
        Assert.Contains("169.254.3.4", result.Vms[0].Problem);
        Assert.Equal(new[] { "fe80::6", "2001:db8::6" }, result.Vms[2].Address.IPv6);
    }

    [Fact]
    public void Off_and_saved_vms_come_out_at_once_with_null_addresses_and_no_waiting()
    {
        _host.AddVm("off", VmState.Off, mac: "000000000000");
        _host.AddVm("saved", VmState.Saved);
        var result = Discover(60, "off", "saved");
        Assert.All(result.Vms, v => Assert.Equal(DiscoveryOutcome.NotRunning, v.Outcome));
        Assert.Null(result.Vms[0].Address.MacAddress);
        Assert.Equal(new[] { "Off", "Saved" }, result.Vms.Select(v => v.Address.State));
        Assert.Empty(_clock.Sleeps);
        Assert.Equal(0, _host.CallCount("Get-NetNeighbor"));
    }

    [Fact]
    public void Running_critical_counts_as_running()
    {
        _host.AddVm("web", VmState.RunningCritical, kvpAddresses: new[] { "10.0.0.5" });
        Assert.Equal(DiscoveryOutcome.Found, Discover(0, "web").Vms[0].Outcome);
    }

    [Fact]
    public void Polls_back_off_from_100_ms_to_a_300_ms_cap()
    {
        _host.AddVm("web");
        Discover(5, "web");
        var ms = _clock.Sleeps.Select(s => (int)s.TotalMilliseconds).ToList();
        Assert.Equal(new[] { 100, 150, 250, 300, 300, 300, 300, 300 }, ms.Take(8));
        Assert.Equal(5000, ms.Sum());               // the last round runs exactly at the timeout
        Assert.Equal(ms.Count + 1, _host.CallCount("Get-VMNetworkAdapter"));
    }

    [Fact]
    public void Slow_rounds_eat_into_the_interval_but_never_below_the_minimum_gap()
    {
        _host.AddVm("web");
        _host.BeforeRound = _ => _clock.Advance(TimeSpan.FromMilliseconds(300));
        Discover(3, "web");
        Assert.Equal(new[] { 50, 50, 50, 50, 50 }, _clock.Sleeps.Take(5).Select(s => (int)s.TotalMilliseconds));
    }

    [Fact]
    public void An_address_appearing_later_ends_the_wait_in_the_next_round()
    {
        _host.AddVm("web", kvp: IntegrationStatus.NoContact, mac: "00155D000001");
        _clock.OnSleep = _ => { if (_clock.Elapsed >= TimeSpan.FromMilliseconds(800)) _host.AddNeighbor("10.0.0.9", "00155D000001"); };
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal("10.0.0.9", vm.Address.IPv4);
        Assert.Equal(TimeSpan.FromMilliseconds(800), _clock.Elapsed); // 100+150+250+300: found in the round right after
        Assert.Equal(_clock.UtcNow, vm.Address.DiscoveredAt);
        Assert.Equal(DateTimeKind.Utc, vm.Address.DiscoveredAt!.Value.Kind);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(25)]
    public void Each_round_makes_one_call_per_command_whatever_the_number_of_vms(int count)
    {
        var names = Enumerable.Range(1, count).Select(i => $"vm{i}").ToArray();
        foreach (var name in names) _host.AddVm(name, kvp: IntegrationStatus.NoContact);
        Discover(1, names);
        var rounds = _clock.Sleeps.Count + 1;
        Assert.Equal(6, rounds); // 100+150+250+300 ms, then the last round at 1 s
        foreach (var command in new[] { "Get-VMNetworkAdapter", "Get-NetNeighbor" })
            Assert.Equal(rounds, _host.CallCount(command));
        // VM states and KVP health: the first round and the final one (the refresh interval is longer than this wait).
        foreach (var command in new[] { "Get-VM", "Get-VMIntegrationService" })
            Assert.Equal(2, _host.CallCount(command));
    }

    [Fact]
    public void Rounds_between_state_refreshes_make_one_Hyper_V_call()
    {
        _host.AddVm("web", kvp: IntegrationStatus.NoContact);
        Discover(25, "web");
        var rounds = _host.CallCount("Get-VMNetworkAdapter");
        Assert.True(rounds > 60, $"{rounds} rounds");
        // Round 1, at 10 s, at 20 s, and the final round at 25 s.
        Assert.Equal(4, _host.CallCount("Get-VM"));
        Assert.Equal(4, _host.CallCount("Get-VMIntegrationService"));
    }

    [Fact]
    public void A_starting_VM_has_its_state_read_every_round_so_a_found_address_carries_Running()
    {
        _host.AddVm("web", VmState.Starting, kvp: IntegrationStatus.NoContact);
        _host.BeforeRound = round =>
        {
            if (round == 2) _host.SetState("web", VmState.Running);
            if (round == 3) _host.SetKvpAddresses("web", "10.0.0.9");
        };
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(("10.0.0.9", "Running"), (vm.Address.IPv4, vm.Address.State));
    }

    [Fact]
    public void Zero_timeout_is_exactly_one_pass()
    {
        _host.AddVm("web");
        var vm = Assert.Single(Discover(0, "web").Vms);
        Assert.Equal(DiscoveryOutcome.TimedOut, vm.Outcome);
        Assert.Empty(_clock.Sleeps);
        Assert.Equal(1, _host.CallCount("Get-VM"));
        Assert.Contains("in one pass", vm.Problem);
    }

    [Fact]
    public void Timed_out_vm_says_what_was_tried_and_what_to_check()
    {
        _host.AddVm("web", kvp: IntegrationStatus.NoContact, mac: "00155DDE3309");
        var vm = Assert.Single(Discover(2, "web").Vms);
        Assert.Equal(DiscoveryOutcome.TimedOut, vm.Outcome);
        Assert.Contains("after 2 s", vm.Problem);
        Assert.Contains("00-15-5D-DE-33-09", vm.Problem);
        Assert.Contains("vEthernet (Default Switch)", vm.Problem);
        Assert.Contains("linux-cloud-tools", vm.Problem);
        Assert.True(vm.IsMissingAddress);
    }

    [Fact]
    public void Finished_vms_are_reported_as_they_finish_and_progress_names_those_still_waiting()
    {
        _host.AddVm("fast", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("slow");
        _host.BeforeRound = round => { if (round == 3) _host.SetKvpAddresses("slow", "10.0.0.2"); };
        var result = Discover(60, "fast", "slow");
        Assert.Equal(new[] { "fast", "slow" }, _reporter.Finished.Select(f => f.Address.VMName));
        Assert.Equal(new[] { "fast", "slow" }, result.Vms.Select(v => v.Address.VMName));
        Assert.All(_reporter.WaitingRounds, w => Assert.Equal(new[] { "slow" }, w));
        Assert.Equal(2, _reporter.WaitingRounds.Count);
        Assert.Equal(1, _reporter.DoneCount);
    }

    [Fact]
    public void Later_rounds_ask_only_for_the_vms_still_waiting()
    {
        _host.AddVm("fast", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("slow");
        var names = new List<IReadOnlyCollection<string>>();
        var gateway = new RecordingNames(_host, names);
        new AddressDiscovery(gateway, _probe, _clock, _reporter, _sweep)
            .Discover(new DiscoveryRequest(new[] { VmTarget.ByName("*") }, "Default Switch", TimeSpan.FromMilliseconds(300)), CancellationToken.None);
        Assert.Equal(new[] { "fast", "slow" }, names[0]);
        Assert.All(names.Skip(1), n => Assert.Equal(new[] { "slow" }, n));
    }

    [Fact]
    public void A_vm_switched_off_while_waiting_comes_out_as_not_running()
    {
        _host.AddVm("web");
        _host.BeforeRound = round => { if (round == 2) _host.SetState("web", VmState.Off); };
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal((DiscoveryOutcome.NotRunning, "Off"), (vm.Outcome, vm.Address.State));
    }

    [Fact]
    public void A_vm_deleted_while_waiting_ends_with_a_warning()
    {
        _host.AddVm("web");
        _host.BeforeRound = round => { if (round == 2) _host.Vms.Clear(); };
        var vm = Assert.Single(Discover(60, "web").Vms);
        Assert.Equal(DiscoveryOutcome.TimedOut, vm.Outcome);
        Assert.Contains(vm.Address.Warnings, w => w.Contains("disappeared"));
    }

    [Fact]
    public void Cancellation_stops_the_wait_at_once()
    {
        _host.AddVm("web");
        using var cancel = new CancellationTokenSource();
        _clock.OnSleep = _ => { if (_clock.Sleeps.Count == 2) cancel.Cancel(); };
        var discovery = new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            discovery.Discover(new DiscoveryRequest(new[] { VmTarget.ByName("web") }, "Default Switch", TimeSpan.FromSeconds(60)), cancel.Token));
        Assert.Equal(2, _host.CallCount("Get-VMNetworkAdapter"));
    }

    [Fact]
    public void Wildcards_select_vms_and_unmatched_exact_names_are_reported()
    {
        _host.AddVm("demo-web", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("demo-db", kvpAddresses: new[] { "10.0.0.2" });
        _host.AddVm("other", kvpAddresses: new[] { "10.0.0.3" });
        var result = Discover(0, "DEMO-*", "demo-web", "ghost", "nothing-*");
        Assert.Equal(new[] { "demo-web", "demo-db" }, result.Vms.Select(v => v.Address.VMName));
        Assert.Equal(new[] { "ghost" }, result.NotFound.Select(t => t.Name));
    }

    [Fact]
    public void A_name_with_wildcard_characters_matches_itself()
    {
        _host.AddVm("web [test]", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("web t", kvpAddresses: new[] { "10.0.0.2" });
        Assert.Equal(new[] { "web [test]" }, Discover(0, "web [test]").Vms.Select(v => v.Address.VMName));
    }

    [Fact]
    public void Project_targets_need_the_ownership_marker_and_carry_the_machine_name()
    {
        const string config = @"C:\proj\ragnatramp.yaml";
        _host.AddVm("demo-web-1a2b3c4d", kvpAddresses: new[] { "10.0.0.1" }, notes: "ragnatramp:v0.1.0\nconfig:C:/proj/ragnatramp.yaml\nmanaged:true");
        _host.AddVm("demo-db-1a2b3c4d", kvpAddresses: new[] { "10.0.0.2" }, notes: "hand made");
        var targets = new[] { VmTarget.Derived("web", "demo-web-1a2b3c4d", config), VmTarget.Derived("db", "demo-db-1a2b3c4d", config), VmTarget.Derived("cache", "demo-cache-1a2b3c4d", config) };
        var result = new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep).Discover(new DiscoveryRequest(targets, "Default Switch", TimeSpan.Zero), CancellationToken.None);
        var vm = Assert.Single(result.Vms);
        Assert.Equal(("web", "demo-web-1a2b3c4d"), (vm.Address.MachineName, vm.Address.VMName));
        Assert.Equal("demo-db-1a2b3c4d", Assert.Single(result.Rejected).VmName);
        Assert.Equal("cache", Assert.Single(result.NotFound).MachineName);
    }

    [Fact]
    public void State_targets_match_by_id_before_name()
    {
        var renamed = _host.AddVm("renamed-by-hand", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("demo-web-1a2b3c4d", kvpAddresses: new[] { "10.0.0.2" });
        var targets = new[] { VmTarget.FromState("web", "demo-web-1a2b3c4d", renamed.Id) };
        var result = new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep).Discover(new DiscoveryRequest(targets, "Default Switch", TimeSpan.Zero), CancellationToken.None);
        Assert.Equal("renamed-by-hand", Assert.Single(result.Vms).Address.VMName);
    }

    [Fact]
    public void An_empty_vm_list_while_the_state_records_vms_stops_instead_of_reporting_them_all_gone()
    {
        var targets = new[] { VmTarget.FromState("web", "demo-web-1a2b3c4d", Guid.NewGuid()), VmTarget.FromState("db", "demo-db-1a2b3c4d", null) };
        var ex = Assert.Throws<HyperVException>(() =>
            new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep).Discover(new DiscoveryRequest(targets, "Default Switch", TimeSpan.FromSeconds(60)), CancellationToken.None));
        Assert.Equal((HyperVErrorIds.NoVmsListed, System.Management.Automation.ErrorCategory.ResourceUnavailable), (ex.ErrorId, ex.Category));
        Assert.Contains("web (demo-web-1a2b3c4d), db (demo-db-1a2b3c4d)", ex.Message);
        Assert.Contains("Hyper-V Administrators", ex.Message);
        Assert.Contains("Run with highest privileges", ex.Message);
        Assert.Contains("state.json", ex.Message);
        Assert.Equal(new[] { "demo-web-1a2b3c4d", "demo-db-1a2b3c4d" }, ex.Target);
        Assert.Equal(1, _host.CallCount("Get-VM"));
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void A_recorded_vm_missing_from_a_host_that_has_other_vms_is_simply_not_found()
    {
        _host.AddVm("someone-elses", kvpAddresses: new[] { "10.0.0.9" });
        var targets = new[] { VmTarget.FromState("web", "demo-web-1a2b3c4d", Guid.NewGuid()) };
        var result = new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep).Discover(new DiscoveryRequest(targets, "Default Switch", TimeSpan.Zero), CancellationToken.None);
        Assert.Empty(result.Vms);
        Assert.Equal("web", Assert.Single(result.NotFound).MachineName);
    }

    [Fact]
    public void Names_asked_for_on_a_host_without_vms_are_not_found_without_the_rights_error()
    {
        var result = Discover(0, "web");
        Assert.Equal("web", Assert.Single(result.NotFound).Name);
    }

    [Fact]
    public void Wrong_switch_vm_is_reported_at_once_without_waiting()
    {
        _host.AddVm("web", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("lan", switchName: "LAN", kvpAddresses: new[] { "192.168.1.5" });
        var result = Discover(60, "web", "lan");
        Assert.Equal(DiscoveryOutcome.NoAdapterOnSwitch, result.Vms[1].Outcome);
        Assert.Null(result.Vms[1].Address.IPv4);
        Assert.Contains("'LAN'", result.Vms[1].Problem);
        Assert.Empty(_clock.Sleeps);
    }

    [Fact]
    public void Unknown_switch_is_a_terminating_error_naming_the_switches_in_use()
    {
        _host.AddVm("web", switchName: "LAN");
        _host.AddVm("db", switchName: "External");
        var ex = Assert.Throws<HyperVException>(() => Discover(60, "web", "db"));
        Assert.Equal(HyperVErrorIds.SwitchNotFound, ex.ErrorId);
        Assert.Contains("'External', 'LAN'", ex.Message);
        Assert.Contains("vEthernet (Default Switch)", ex.Message);
    }

    [Fact]
    public void Unreadable_neighbour_table_warns_once_and_falls_back_to_kvp()
    {
        _host.NeighborsUnavailable = true;
        _host.AddVm("web", kvpAddresses: new[] { "10.0.0.1" });
        _host.AddVm("quiet", kvp: IntegrationStatus.NoContact);
        var result = Discover(1, "web", "quiet");
        Assert.Equal("10.0.0.1", result.Vms[0].Address.IPv4);
        Assert.Equal(DiscoveryOutcome.TimedOut, result.Vms[1].Outcome);
        Assert.Contains("could not be read", result.Vms[1].Problem);
        Assert.Single(_reporter.Warnings);
        Assert.Equal(1, _host.CallCount("Get-NetNeighbor"));
    }

    [Fact]
    public void A_renamed_management_vnic_is_where_the_neighbour_table_is_read()
    {
        _host.ManagementAdapters.Add(("Mgmt", "External"));
        _host.AddVm("web", mac: "00155D000001", kvp: IntegrationStatus.NoContact, switchName: "External");
        _host.AddNeighbor("192.168.7.7", "00155D000001", alias: "vEthernet (Mgmt)");
        _host.AddNeighbor("192.168.9.9", "00155D000001", alias: "vEthernet (External)");
        var vm = Assert.Single(new AddressDiscovery(_host, _probe, _clock, _reporter, _sweep)
            .Discover(new DiscoveryRequest(new[] { VmTarget.ByName("web") }, "External", TimeSpan.FromSeconds(5)), CancellationToken.None).Vms);
        Assert.Equal(("192.168.7.7", "arp"), (vm.Address.IPv4, vm.Address.Source));
        Assert.Contains(_reporter.Verbose, v => v.Contains("'vEthernet (Mgmt)'"));
    }

    [Fact]
    public void The_host_interface_is_looked_up_once_per_discovery_however_many_rounds()
    {
        _host.ManagementAdapters.Add(("Default Switch", "Default Switch"));
        _host.AddVm("quiet", mac: "00155D000001");
        _host.AddNeighbor("10.0.0.7", "00155D000001", NeighborState.Stale);
        var result = Discover(3, "quiet");
        Assert.Equal(DiscoveryOutcome.Found, Assert.Single(result.Vms).Outcome);
        Assert.True(_host.CallCount("Get-VMNetworkAdapter") > 3, "several rounds ran");
        Assert.Equal(_host.CallCount("Get-VMNetworkAdapter"), _host.CallCount("Get-NetNeighbor"));
        Assert.Equal(1, _host.CallCount("Get-VMNetworkAdapter -ManagementOS"));
    }

    [Fact]
    public void Vms_with_kvp_addresses_never_look_up_the_host_interface()
    {
        _host.AddVm("web", kvpAddresses: new[] { "10.0.0.1" });
        Discover(60, "web");
        Assert.Equal(0, _host.CallCount("Get-VMNetworkAdapter -ManagementOS"));
    }

    [Theory]
    [InlineData("Default Switch", new string[0], "vEthernet (Default Switch)")]
    [InlineData("External", new[] { "Mgmt" }, "vEthernet (Mgmt)")]
    [InlineData("External", new[] { "Storage", "External" }, "vEthernet (External)")]
    [InlineData("External", new[] { "Storage", "Mgmt" }, "vEthernet (Storage)")]
    public void Host_interface_alias_comes_from_the_management_adapter_name(string switchName, string[] adapters, string expected) =>
        Assert.Equal(expected, NeighborTable.InterfaceAliasFor(switchName, adapters));

    /// <summary>Logs the VM names each adapter query asks for.</summary>
    private sealed class RecordingNames : IHyperVGateway
    {
        private readonly IHyperVGateway _inner;
        private readonly List<IReadOnlyCollection<string>> _names;
        public RecordingNames(IHyperVGateway inner, List<IReadOnlyCollection<string>> names) { _inner = inner; _names = names; }
        public IReadOnlyList<VmRecord> GetVms() => _inner.GetVms();
        public IReadOnlyList<NetworkAdapterRecord> GetNetworkAdapters(IReadOnlyCollection<string> vmNames)
        {
            _names.Add(vmNames.ToList());
            return _inner.GetNetworkAdapters(vmNames);
        }
        public IReadOnlyList<IntegrationComponentRecord> GetIntegrationComponents(IReadOnlyCollection<string> vmNames) => _inner.GetIntegrationComponents(vmNames);
        public IReadOnlyList<NetworkAdapterRecord> GetManagementAdapters() => _inner.GetManagementAdapters();
        public HostInterface? GetHostInterface(string interfaceAlias) => _inner.GetHostInterface(interfaceAlias);
        public NeighborTable GetNeighbors(string interfaceAlias, uint? interfaceIndex) => _inner.GetNeighbors(interfaceAlias, interfaceIndex);
    }
}
