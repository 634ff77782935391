using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class NetworkRecordingTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc);

    private static StateDocument NodeState() => StateDocument.Parse(StateFixture.Text("node-state.json"), "state.json");

    private static VmAddress Address(string machine, string state, string? ipv4, Guid? id = null) => new()
    {
        MachineName = machine, VMName = $"demo-{machine}-1a2b3c4d", VMId = id ?? Guid.NewGuid(), State = state, IPv4 = ipv4,
        IPv6 = ipv4 == null ? new string[0] : new[] { "fe80::215:5dff:fede:3309" },
        MacAddress = state == "Running" ? "00155DDE3309" : null, AdapterName = state == "Running" ? "Network Adapter" : null,
        Source = ipv4 == null ? null : "arp", DiscoveredAt = Now,
    };

    [Fact]
    public void Unchanged_addresses_leave_the_document_byte_identical()
    {
        var state = NodeState();

        var outcome = NetworkRecording.Apply(state, null, new[] { Address("web", "Running", "172.18.185.163") }, new GoneVm[0], adopt: false);

        Assert.Empty(outcome.Changes);
        Assert.False(state.IsModified);
    }

    [Fact]
    public void A_readdressed_VM_changes_ipv4_and_previousIpv4_and_a_stopped_one_gets_an_all_null_network()
    {
        var state = NodeState();

        var outcome = NetworkRecording.Apply(state, null,
            new[] { Address("web", "Running", "172.18.190.7"), Address("db", "Off", null) }, new GoneVm[0], adopt: false);

        Assert.Equal(new[] { "web.ipv4: 172.18.185.163 -> 172.18.190.7", "web.previousIpv4: 172.18.176.20 -> 172.18.185.163" },
            outcome.Changes.Select(c => c.ToString()));
        var db = state.FindVm("db")!.Network!;
        Assert.Null(db.Ipv4);
        Assert.Null(db.Mac);
        Assert.Null(db.DiscoveredAt);
        Assert.Contains("\"vlan\": 7", state.ToJson());
    }

    [Fact]
    public void A_RunningCritical_VM_is_recorded_with_its_address_as_a_running_one()
    {
        var state = NodeState();
        var web = Address("web", "Running", "172.18.190.7");
        web.State = "RunningCritical";

        var outcome = NetworkRecording.Apply(state, null, new[] { web }, new GoneVm[0], adopt: false);

        Assert.Equal(new[] { "web.ipv4: 172.18.185.163 -> 172.18.190.7", "web.previousIpv4: 172.18.176.20 -> 172.18.185.163" },
            outcome.Changes.Select(c => c.ToString()));
        var network = state.FindVm("web")!.Network!;
        Assert.Equal("172.18.190.7", network.Ipv4);
        Assert.Equal("00155DDE3309", network.Mac);
        Assert.Equal(Now, network.DiscoveredAt);
    }

    [Fact]
    public void A_gone_VM_gets_its_network_cleared_and_a_warning()
    {
        var state = NodeState();

        var outcome = NetworkRecording.Apply(state, null, new VmAddress[0],
            new[] { new GoneVm("web", "demo-web-1a2b3c4d", Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10")) }, adopt: false);

        var web = state.FindVm("web")!.Network!;
        Assert.Null(web.Ipv4);
        Assert.Equal("172.18.185.163", web.PreviousIpv4);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Contains("demo-web-1a2b3c4d", warning);
        Assert.Contains("no longer exists", warning);
    }

    [Fact]
    public void Without_adoption_a_VM_the_state_does_not_record_is_not_added()
    {
        var state = NodeState();

        NetworkRecording.Apply(state, null, new[] { Address("cache", "Running", "10.0.0.9") }, new GoneVm[0], adopt: false);

        Assert.Null(state.FindVm("cache"));
    }

    [Fact]
    public void Adoption_records_each_found_VM_with_its_id_name_and_network()
    {
        var state = StateDocument.CreateNew("state.json", @"C:\p\ragnatramp.yaml", "deadbeef", "demo", Now);
        var id = Guid.NewGuid();

        var outcome = NetworkRecording.Apply(state, null, new[] { Address("web", "Running", "10.0.0.5", id) }, new GoneVm[0], adopt: true);

        Assert.Equal(new[] { "web" }, outcome.Adopted);
        var web = state.FindVm("web")!;
        Assert.Equal(id, web.Id);
        Assert.Equal("demo-web-1a2b3c4d", web.Name);
        Assert.Equal("10.0.0.5", web.Network!.Ipv4);
        Assert.Equal(Now, web.Network.DiscoveredAt);
    }

    [Fact]
    public void A_VM_this_run_saw_unchanged_keeps_what_a_concurrent_run_recorded_meanwhile()
    {
        var baseline = NodeState();
        var now = NodeState();
        now.FindVm("web")!.SetNetwork(new NetworkState("172.18.190.7", new string[0], "00155DDE3309", "Network Adapter", Now, "hyperv", "172.18.185.163"));

        // This run started before the other one wrote: it still saw web at its old address.
        var outcome = NetworkRecording.Apply(now, baseline,
            new[] { Address("web", "Running", "172.18.185.163"), Address("db", "Running", "10.0.0.8") }, new GoneVm[0], adopt: false);

        Assert.Equal("172.18.190.7", now.FindVm("web")!.Network!.Ipv4);
        Assert.Equal("10.0.0.8", now.FindVm("db")!.Network!.Ipv4);
        Assert.DoesNotContain(outcome.Changes, c => c.MachineName == "web");
    }

    [Fact]
    public void A_VM_this_run_saw_change_is_recorded_against_the_current_state()
    {
        var baseline = NodeState();
        var now = NodeState();
        now.FindVm("web")!.SetNetwork(new NetworkState("172.18.190.7", new string[0], "00155DDE3309", "Network Adapter", Now, "hyperv", "172.18.185.163"));

        var outcome = NetworkRecording.Apply(now, baseline, new[] { Address("web", "Running", "172.18.199.9") }, new GoneVm[0], adopt: false);

        var ipv4 = Assert.Single(outcome.Changes, c => c.Field == "ipv4");
        Assert.Equal(("172.18.190.7", "172.18.199.9"), (ipv4.OldValue, ipv4.NewValue));
        Assert.Equal("172.18.190.7", now.FindVm("web")!.Network!.PreviousIpv4);
    }
}
