using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

public class SwitchAndSubnetTests
{
    private static NetworkAdapterRecord On(string? switchName, Guid switchId) =>
        new("web", Guid.NewGuid(), "Network Adapter", switchName, "00155D000001", Array.Empty<string>(), switchId);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Default Switch")]
    [InlineData("default switch")]
    [InlineData("C08CB7B8-9B3C-408E-8E30-5E16A3AEB444")]
    [InlineData("{c08cb7b8-9b3c-408e-8e30-5e16a3aeb444}")]
    public void The_Default_Switch_is_meant_by_its_English_name_its_Id_or_nothing(string? text)
    {
        var selector = SwitchSelector.Parse(text);
        Assert.Equal(SwitchSelector.DefaultSwitchId, selector.Id);
        // Found by Id whatever the host calls it.
        Assert.True(selector.Matches(SwitchSelector.DefaultSwitchId, "Standardswitch"));
        Assert.True(selector.Matches(SwitchSelector.DefaultSwitchId, "Przełącznik domyślny"));
        Assert.False(selector.Matches(Guid.NewGuid(), "Default Switch"));
    }

    [Fact]
    public void A_switch_is_chosen_by_Id_or_by_name()
    {
        var id = Guid.NewGuid();
        Assert.True(SwitchSelector.Parse(id.ToString()).Matches(id, "LAN"));
        Assert.False(SwitchSelector.Parse(id.ToString()).Matches(Guid.NewGuid(), "LAN"));
        Assert.True(SwitchSelector.Parse("LAN").Matches(id, "lan"));
        Assert.False(SwitchSelector.Parse("LAN").Matches(id, "WAN"));
        Assert.True(AdapterChoice.IsOn(On("Standardswitch", SwitchSelector.DefaultSwitchId), SwitchSelector.Default));
        Assert.False(AdapterChoice.IsOn(On(null, Guid.Empty), SwitchSelector.Default));
    }

    [Fact]
    public void Without_a_switch_Id_the_Default_Switch_falls_back_to_its_English_name() =>
        Assert.True(AdapterChoice.IsOn(On("Default Switch", Guid.Empty), SwitchSelector.Default));

    [Theory]
    [InlineData("172.18.176.1", 20, "172.18.176.0/20", 4093)]
    [InlineData("10.231.7.1", 24, "10.231.7.0/24", 253)]
    [InlineData("192.168.1.130", 25, "192.168.1.128/25", 125)]
    public void The_on_link_subnet_is_the_host_interfaces_own(string address, int prefix, string expected, int others)
    {
        var subnet = OnLinkSubnet.TryCreate(address, prefix, out var refusal);
        Assert.Null(refusal);
        Assert.Equal(expected, subnet!.ToString());
        var hosts = subnet.OtherHosts().Select(a => a.ToString()).ToList();
        Assert.Equal(others, hosts.Count);
        Assert.DoesNotContain(address, hosts);
        Assert.All(hosts, h => Assert.True(subnet.Contains(h)));
        Assert.True(hosts.Count < OnLinkSubnet.MaximumAddresses);
    }

    [Theory]
    [InlineData("172.16.0.1", 19)]
    [InlineData("10.0.0.1", 8)]
    [InlineData("10.0.0.1", 0)]
    public void A_prefix_shorter_than_20_is_refused(string address, int prefix)
    {
        Assert.Null(OnLinkSubnet.TryCreate(address, prefix, out var refusal));
        Assert.Contains("/20", refusal);
    }

    [Theory]
    [InlineData(null, 24)]
    [InlineData("fe80::1", 64)]
    [InlineData("127.0.0.1", 24)]
    [InlineData("169.254.3.1", 24)]
    [InlineData("10.0.0.1", 32)]
    public void Nothing_else_is_swept(string? address, int prefix) =>
        Assert.Null(OnLinkSubnet.TryCreate(address, prefix, out _));

    [Fact]
    public void Vm_names_with_wildcard_characters_go_to_Hyper_V_as_patterns_that_match_them()
    {
        var patterns = HyperVGateway.Patterns(new[] { "web [1]", "db*", "plain", "a`b" });
        Assert.Equal(new[] { "web ?1?", "db?", "plain", "a?b" }, patterns);
        foreach (var (name, pattern) in new[] { ("web [1]", patterns[0]), ("db*", patterns[1]), ("a`b", patterns[3]) })
            Assert.True(new System.Management.Automation.WildcardPattern(pattern).IsMatch(name));
    }

    [Fact]
    public void The_sweep_sends_nothing_from_an_address_this_machine_does_not_have()
    {
        // TEST-NET-3 (RFC 5737): checked first not to be an address of this machine, so nothing can be sent from it.
        var local = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address.ToString());
        Assert.DoesNotContain("203.0.113.1", local);
        var subnet = OnLinkSubnet.TryCreate("203.0.113.1", 30, out _)!;
        Assert.Equal(0, new UdpNeighborSweep().Resolve(subnet, CancellationToken.None));
    }
}
