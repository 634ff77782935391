using Ragnatramp.Hosts;

namespace Ragnatramp.Tests.Hosts;

public class ManagedHostsBlockTests
{
    private static readonly Guid Web = Guid.NewGuid();
    private static readonly Guid Db = Guid.NewGuid();
    private static readonly Guid Cache = Guid.NewGuid();

    private static HostsPeer[] Peers() => new[]
    {
        new HostsPeer(Web, "web", "10.231.0.11", new[] { "web", "www", "web.local" }),
        new HostsPeer(Db, "db", "10.231.0.12", new[] { "db" }),
        new HostsPeer(Cache, "cache", "10.231.0.13", new[] { "cache", "redis" }),
    };

    [Fact]
    public void Block_lists_every_other_peer_sorted_by_name_with_aliases_on_one_line()
    {
        Assert.Equal(
            "# BEGIN RAGNATRAMP\n# Managed by ragnatramp - do not edit this block\n10.231.0.13 cache redis\n10.231.0.12 db\n# END RAGNATRAMP\n",
            ManagedHostsBlock.TextFor(Web, Peers()));
    }

    [Fact]
    public void Block_leaves_out_the_guest_it_is_written_to()
    {
        var lines = ManagedHostsBlock.LinesFor(Db, Peers());

        Assert.DoesNotContain(lines, l => l.EndsWith(" db"));
        Assert.Contains("10.231.0.11 web www web.local", lines);
    }

    [Fact]
    public void Block_sorts_ordinal_case_insensitive()
    {
        var peers = new[]
        {
            new HostsPeer(Guid.NewGuid(), "b", "10.0.0.2", new[] { "b" }),
            new HostsPeer(Guid.NewGuid(), "A", "10.0.0.1", new[] { "A" }),
            new HostsPeer(Guid.NewGuid(), "a-2", "10.0.0.3", new[] { "a-2" }),
        };

        var lines = ManagedHostsBlock.LinesFor(Guid.Empty, peers);

        Assert.Equal(new[] { "10.0.0.1 A", "10.0.0.3 a-2", "10.0.0.2 b" }, lines.Skip(2).Take(3));
    }

    [Fact]
    public void Block_with_no_peers_is_only_the_markers_and_notice()
    {
        Assert.Equal(3, ManagedHostsBlock.LinesFor(Web, new[] { Peers()[0] }).Count);
    }

    [Theory]
    [InlineData("my vm")]
    [InlineData("evil#comment")]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("web\n")]
    [InlineData("web\r\n")]
    public void Block_drops_names_a_hosts_line_cannot_carry(string name)
    {
        var lines = ManagedHostsBlock.LinesFor(Web, new[] { new HostsPeer(Db, name, "10.0.0.2", new[] { name }) });

        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public void Name_check_refuses_a_trailing_newline_that_would_split_the_hosts_line()
    {
        Assert.False(ManagedHostsBlock.IsValidHostName("web\n"));
        Assert.True(ManagedHostsBlock.IsValidHostName("web"));
    }

    [Fact]
    public void Plan_refuses_an_ipv4_with_a_trailing_newline()
    {
        var address = new VmAddress { VMName = "web", State = "Running", IPv4 = "10.0.0.1\n", VMId = Guid.NewGuid() };

        var plan = HostsSyncEngine.Plan(new[] { new HostsSyncGuest(address, null, new Ragnatramp.Config.SshLogin("u", "/k")) });

        Assert.Contains("is not an IPv4 address", plan.Guests[0].Settled!.Reason);
    }
}
