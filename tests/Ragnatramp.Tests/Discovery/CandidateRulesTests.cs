using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

public class CandidateRulesTests
{
    private const string Switch = "Default Switch";
    private const string Alias = "vEthernet (Default Switch)";
    private const string Mac = "00155DDE3309";

    private static NetworkAdapterRecord Adapter(string name, string? switchName, string mac) =>
        new("web", Guid.Empty, name, switchName, mac, Array.Empty<string>());

    private static NeighborEntry Entry(string ip, string mac = "00-15-5D-DE-33-09", NeighborState state = NeighborState.Permanent,
        AddressFamilyKind family = AddressFamilyKind.IPv4, string alias = Alias) =>
        new(alias, ip, MacAddresses.Normalize(mac), state, family);

    private static NeighborTable Table(params NeighborEntry[] entries) => new(Alias, true, entries);

    [Fact]
    public void Adapter_on_the_switch_with_a_real_mac_wins_and_others_are_named()
    {
        var choice = AdapterChoice.Choose(new[]
        {
            Adapter("External", "External Switch", "00155D000001"),
            Adapter("Spare", Switch, "000000000000"),
            Adapter("Main", "default switch", Mac),
        }, Switch);
        Assert.Equal("Main", choice.Adapter!.Name);
        var warning = Assert.Single(choice.Warnings);
        Assert.Contains("'External'", warning);
        Assert.Contains("'Spare'", warning);
    }

    [Fact]
    public void Adapter_with_unassigned_mac_is_used_when_it_is_the_only_one_on_the_switch()
    {
        var choice = AdapterChoice.Choose(new[] { Adapter("Network Adapter", Switch, "000000000000") }, Switch);
        Assert.Equal("Network Adapter", choice.Adapter!.Name);
        Assert.False(choice.Adapter.HasAssignedMac);
        Assert.Empty(choice.Warnings);
    }

    [Fact]
    public void No_adapter_on_the_switch_names_the_switches_the_vm_uses()
    {
        var choice = AdapterChoice.Choose(new[] { Adapter("Network Adapter", "LAN", Mac), Adapter("Loose", null, Mac) }, Switch);
        Assert.Null(choice.Adapter);
        var warning = Assert.Single(choice.Warnings);
        Assert.Contains("'LAN'", warning);
        Assert.Contains("no switch", warning);
    }

    [Fact]
    public void A_vm_without_adapters_says_so() =>
        Assert.Contains("no network adapter", AdapterChoice.Choose(Array.Empty<NetworkAdapterRecord>(), Switch).Warnings[0]);

    [Theory]
    [InlineData(true, (int)IntegrationStatus.Ok, "OK")]
    [InlineData(true, (int)IntegrationStatus.NoContact, "No Contact")]
    [InlineData(true, (int)IntegrationStatus.LostCommunication, "No Contact")]
    [InlineData(false, (int)IntegrationStatus.Ok, "Disabled")]
    [InlineData(false, (int)IntegrationStatus.Unknown, "Disabled")]
    [InlineData(true, (int)IntegrationStatus.Disabled, "Disabled")]
    [InlineData(true, (int)IntegrationStatus.Degraded, "Unknown")]
    [InlineData(true, (int)IntegrationStatus.Unknown, "Unknown")]
    public void Kvp_health_maps_component_status(bool enabled, int status, string text)
    {
        var kvp = new IntegrationComponentRecord("web", Guid.Empty, "x", @"Microsoft:1\2A34B1C2-FD73-4043-8A5B-DD2159BC743F", enabled, (IntegrationStatus)status, null);
        Assert.Equal(text, KvpHealth.Text(KvpHealth.Of(kvp)));
    }

    [Fact]
    public void Missing_kvp_component_is_unknown() => Assert.Equal(KvpState.Unknown, KvpHealth.Of(null));

    [Fact]
    public void No_contact_advice_names_the_guest_package_and_the_module_reload()
    {
        var advice = KvpHealth.Advice(KvpState.NoContact, "web")!;
        Assert.Contains("linux-cloud-tools-$(uname -r)", advice);
        Assert.Contains("rmmod hv_utils && sudo modprobe hv_utils", advice);
        Assert.Null(KvpHealth.Advice(KvpState.Ok, "web"));
    }

    private static readonly Dictionary<string, NeighborEntry> EntryCases = new()
    {
        ["matching permanent entry"] = Entry("172.18.185.163"),
        ["mac in another spelling"] = Entry("172.18.185.163", "00:15:5d:de:33:09"),
        ["reachable"] = Entry("172.18.185.163", state: NeighborState.Reachable),
        ["stale"] = Entry("172.18.185.163", state: NeighborState.Stale),
        ["delay"] = Entry("172.18.185.163", state: NeighborState.Delay),
        ["probe"] = Entry("172.18.185.163", state: NeighborState.Probe),
        ["unreachable"] = Entry("172.18.185.163", state: NeighborState.Unreachable),
        ["incomplete"] = Entry("172.18.185.163", state: NeighborState.Incomplete),
        ["another mac"] = Entry("172.18.185.164", "00-15-5D-DE-33-0A"),
        ["all-zero mac"] = Entry("172.18.185.165", "00-00-00-00-00-00"),
        ["empty mac"] = Entry("172.18.185.166", ""),
        ["IPv6 entry"] = Entry("fe80::215:5dff:fede:3309", family: AddressFamilyKind.IPv6),
        ["all-zero address"] = Entry("0.0.0.0"),
        ["link-local address"] = Entry("169.254.10.10"),
        ["multicast address"] = Entry("224.0.0.22"),
        ["broadcast address"] = Entry("255.255.255.255"),
        ["another interface"] = Entry("172.18.185.163", alias: "vEthernet (LAN)"),
    };

    [Theory]
    [InlineData("matching permanent entry", true)]
    [InlineData("mac in another spelling", true)]
    [InlineData("reachable", true)]
    [InlineData("stale", true)]
    [InlineData("delay", true)]
    [InlineData("probe", true)]
    [InlineData("unreachable", false)]
    [InlineData("incomplete", false)]
    [InlineData("another mac", false)]
    [InlineData("all-zero mac", false)]
    [InlineData("empty mac", false)]
    [InlineData("IPv6 entry", false)]
    [InlineData("all-zero address", false)]
    [InlineData("link-local address", false)]
    [InlineData("multicast address", false)]
    [InlineData("broadcast address", false)]
    [InlineData("another interface", false)]
    public void Neighbor_entries_count_only_when_they_match_every_rule(string why, bool counts)
    {
        var candidates = NeighborCandidates.For(Mac, new NeighborTable(Alias, true, new[] { EntryCases[why] }));
        Assert.True(counts == (candidates.Count == 1), why);
    }

    [Fact]
    public void IPv6_from_the_table_keeps_the_macs_unicast_entries_only()
    {
        var ipv6 = NeighborCandidates.IPv6For(Mac, Table(
            Entry("fe80::215:5dff:fede:3309", family: AddressFamilyKind.IPv6),
            Entry("2001:db8::9", family: AddressFamilyKind.IPv6, state: NeighborState.Stale),
            Entry("ff02::1", family: AddressFamilyKind.IPv6),
            Entry("fe80::1", "00-15-5D-00-00-01", family: AddressFamilyKind.IPv6),
            Entry("fe80::2", family: AddressFamilyKind.IPv6, state: NeighborState.Unreachable),
            Entry("10.0.0.1")));
        Assert.Equal(new[] { "fe80::215:5dff:fede:3309", "2001:db8::9" }, ipv6);
    }

    [Fact]
    public void Unassigned_adapter_mac_never_matches_unresolved_entries() =>
        Assert.Empty(NeighborCandidates.For("000000000000", Table(Entry("10.0.0.1", "00-00-00-00-00-00"))));

    [Fact]
    public void Candidates_come_freshest_first_one_per_address()
    {
        var candidates = NeighborCandidates.For(Mac, Table(
            Entry("10.0.0.1", state: NeighborState.Permanent),
            Entry("10.0.0.2", state: NeighborState.Stale),
            Entry("10.0.0.3", state: NeighborState.Reachable),
            Entry("10.0.0.4", state: NeighborState.Delay),
            Entry("10.0.0.5", state: NeighborState.Probe),
            Entry("10.0.0.3", state: NeighborState.Stale)));
        Assert.Equal(new[] { "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.2", "10.0.0.1" }, candidates.Select(c => c.IPAddress));
    }

    [Fact]
    public void A_single_candidate_is_taken_without_probing()
    {
        var probe = new FakeProbe();
        var choice = CandidateChoice.Choose(new[] { Entry("10.0.0.1") }, probe, mustAnswer: false, default);
        Assert.Equal("10.0.0.1", choice.Chosen!.IPAddress);
        Assert.Null(choice.Warning);
        Assert.Empty(probe.Probed);
    }

    [Fact]
    public void Of_several_candidates_the_one_that_answers_wins_over_a_fresher_one()
    {
        var probe = new FakeProbe("10.0.0.2");
        var candidates = new[] { Entry("10.0.0.1", state: NeighborState.Reachable), Entry("10.0.0.2", state: NeighborState.Stale) };
        var choice = CandidateChoice.Choose(candidates, probe, mustAnswer: false, default);
        Assert.Equal("10.0.0.2", choice.Chosen!.IPAddress);
        Assert.Contains("answered", choice.Warning);
        Assert.Contains("10.0.0.1", choice.Warning);
    }

    [Fact]
    public void When_none_answers_the_freshest_is_taken_and_the_warning_says_so()
    {
        var probe = new FakeProbe();
        var candidates = NeighborCandidates.For(Mac, Table(Entry("10.0.0.1", state: NeighborState.Permanent), Entry("10.0.0.2", state: NeighborState.Stale)));
        var choice = CandidateChoice.Choose(candidates, probe, mustAnswer: false, default);
        Assert.Equal("10.0.0.2", choice.Chosen!.IPAddress);
        Assert.Contains("freshest (Stale)", choice.Warning);
        Assert.Equal(new[] { "10.0.0.2", "10.0.0.1" }, probe.Probed);
    }

    [Fact]
    public void Must_answer_rejects_a_silent_single_candidate_and_accepts_a_live_one()
    {
        Assert.Null(CandidateChoice.Choose(new[] { Entry("10.0.0.1") }, new FakeProbe(), mustAnswer: true, default).Chosen);
        var live = CandidateChoice.Choose(new[] { Entry("10.0.0.1") }, new FakeProbe("10.0.0.1"), mustAnswer: true, default);
        Assert.Equal("10.0.0.1", live.Chosen!.IPAddress);
        Assert.Null(live.Warning);
    }

    [Fact]
    public void No_candidates_no_choice() =>
        Assert.Null(CandidateChoice.Choose(Array.Empty<NeighborEntry>(), new FakeProbe(), false, default).Chosen);
}
