using System;
using System.Collections.Generic;

namespace Ragnatramp.State;

/// <summary>Pure comparison of a recorded network with a newly observed one.</summary>
internal static class StateDiff
{
    /// <summary>
    /// Decides the network to record: previousIpv4 becomes the old ipv4 only when ipv4 changes away from
    /// an address; when nothing but the discovery time differs, the record (discoveredAt included) stays
    /// as it was, so a run that finds nothing new changes nothing.
    /// </summary>
    public static NetworkDiff Compute(string machineName, NetworkState? recorded, NetworkState observed)
    {
        var previous = recorded?.PreviousIpv4;
        if (recorded?.Ipv4 != null && !string.Equals(recorded.Ipv4, observed.Ipv4, StringComparison.Ordinal))
            previous = recorded.Ipv4;
        var next = observed.WithPreviousIpv4(previous);

        var changes = new List<StateChange>();
        Compare(changes, machineName, "ipv4", recorded?.Ipv4, next.Ipv4);
        Compare(changes, machineName, "ipv6", recorded?.Ipv6Text, next.Ipv6Text);
        Compare(changes, machineName, "mac", recorded?.Mac, next.Mac);
        Compare(changes, machineName, "adapterName", recorded?.AdapterName, next.AdapterName);
        Compare(changes, machineName, "source", recorded?.Source, next.Source);
        Compare(changes, machineName, "previousIpv4", recorded?.PreviousIpv4, next.PreviousIpv4);

        if (changes.Count == 0 && recorded != null) next = next.WithDiscoveredAt(recorded.DiscoveredAt);
        return new NetworkDiff(next, changes);
    }

    private static void Compare(List<StateChange> changes, string machineName, string field, string? oldValue, string? newValue)
    {
        if (string.Equals(oldValue, newValue, StringComparison.Ordinal)) return;
        changes.Add(new StateChange { MachineName = machineName, Field = field, OldValue = oldValue, NewValue = newValue });
    }
}
