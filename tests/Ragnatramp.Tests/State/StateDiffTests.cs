using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class StateDiffTests
{
    private static readonly DateTime Earlier = new(2026, 1, 30, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 1, 30, 11, 0, 0, DateTimeKind.Utc);

    private static NetworkState Running(string ipv4, DateTime at, string? previous = null, string source = "hyperv") =>
        new(ipv4, new[] { "fe80::1" }, "00155DDE3309", "Network Adapter", at, source, previous);

    [Fact]
    public void First_discovery_lists_every_field_and_sets_no_previousIpv4()
    {
        var diff = StateDiff.Compute("web", null, Running("10.0.0.5", Now));

        Assert.Equal(new[] { "ipv4", "ipv6", "mac", "adapterName", "source" }, diff.Changes.Select(c => c.Field));
        Assert.All(diff.Changes, c => Assert.Null(c.OldValue));
        Assert.Null(diff.Next.PreviousIpv4);
        Assert.Equal(Now, diff.Next.DiscoveredAt);
    }

    [Fact]
    public void Same_address_again_changes_nothing_and_keeps_the_recorded_discovery_time()
    {
        var diff = StateDiff.Compute("web", Running("10.0.0.5", Earlier, "10.0.0.4"), Running("10.0.0.5", Now));

        Assert.Empty(diff.Changes);
        Assert.Equal(Earlier, diff.Next.DiscoveredAt);
        Assert.Equal("10.0.0.4", diff.Next.PreviousIpv4);
    }

    [Fact]
    public void A_new_address_sets_previousIpv4_to_the_old_one_and_reports_old_to_new()
    {
        var diff = StateDiff.Compute("web", Running("10.0.0.5", Earlier, "10.0.0.4"), Running("10.0.0.9", Now));

        Assert.Equal("10.0.0.5", diff.Next.PreviousIpv4);
        Assert.Equal(Now, diff.Next.DiscoveredAt);
        var ipv4 = Assert.Single(diff.Changes, c => c.Field == "ipv4");
        Assert.Equal(("web", "10.0.0.5", "10.0.0.9"), (ipv4.MachineName, ipv4.OldValue, ipv4.NewValue));
        var previous = Assert.Single(diff.Changes, c => c.Field == "previousIpv4");
        Assert.Equal(("10.0.0.4", "10.0.0.5"), (previous.OldValue, previous.NewValue));
        Assert.Equal(2, diff.Changes.Count);
    }

    [Fact]
    public void A_stopped_VM_is_recorded_all_null_with_its_last_address_as_previousIpv4()
    {
        var diff = StateDiff.Compute("web", Running("10.0.0.5", Earlier), NetworkState.Cleared);

        Assert.Null(diff.Next.Ipv4);
        Assert.Null(diff.Next.Ipv6);
        Assert.Null(diff.Next.Mac);
        Assert.Null(diff.Next.Source);
        Assert.Null(diff.Next.DiscoveredAt);
        Assert.Equal("10.0.0.5", diff.Next.PreviousIpv4);
        Assert.Contains(diff.Changes, c => c.Field == "ipv4" && c.OldValue == "10.0.0.5" && c.NewValue == null);
    }

    [Fact]
    public void A_VM_coming_back_from_off_keeps_previousIpv4_when_ipv4_was_null()
    {
        var off = NetworkState.Cleared.WithPreviousIpv4("10.0.0.5");

        var diff = StateDiff.Compute("web", off, Running("10.0.0.7", Now));

        Assert.Equal("10.0.0.5", diff.Next.PreviousIpv4);
        Assert.DoesNotContain(diff.Changes, c => c.Field == "previousIpv4");
    }

    [Fact]
    public void A_VM_stopped_and_still_off_changes_nothing_and_keeps_its_last_address_as_previousIpv4()
    {
        var off = NetworkState.Cleared.WithPreviousIpv4("10.0.0.5");

        var diff = StateDiff.Compute("web", off, NetworkState.Cleared);

        Assert.Empty(diff.Changes);
        Assert.Equal("10.0.0.5", diff.Next.PreviousIpv4);
        Assert.Null(diff.Next.DiscoveredAt);
    }

    [Fact]
    public void A_VM_back_from_off_with_its_old_address_shows_it_as_ipv4_and_previousIpv4_and_reports_only_ipv4_and_the_rest()
    {
        var off = NetworkState.Cleared.WithPreviousIpv4("10.0.0.5");

        var diff = StateDiff.Compute("web", off, Running("10.0.0.5", Now));

        Assert.Equal(("10.0.0.5", "10.0.0.5"), (diff.Next.Ipv4, diff.Next.PreviousIpv4));
        Assert.Equal(Now, diff.Next.DiscoveredAt);
        Assert.Equal(new[] { "ipv4", "ipv6", "mac", "adapterName", "source" }, diff.Changes.Select(c => c.Field));
    }

    [Fact]
    public void A_source_change_alone_is_a_change()
    {
        var diff = StateDiff.Compute("web", Running("10.0.0.5", Earlier, source: "arp"), Running("10.0.0.5", Now, source: "hyperv"));

        var change = Assert.Single(diff.Changes);
        Assert.Equal(("source", "arp", "hyperv"), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public void An_empty_IPv6_list_and_none_are_the_same_value()
    {
        var withoutIpv6 = new NetworkState("10.0.0.5", new string[0], "00155DDE3309", "Network Adapter", Now, "hyperv", null);

        Assert.DoesNotContain(StateDiff.Compute("web", null, withoutIpv6).Changes, c => c.Field == "ipv6");
    }

    [Fact]
    public void A_never_reconciled_VM_that_is_off_changes_nothing()
    {
        Assert.Empty(StateDiff.Compute("web", null, NetworkState.Cleared).Changes);
    }
}
