using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>The tiers for one VM: KVP (hyperv) first, then the host's neighbour table (arp).</summary>
internal static class VmAddressResolution
{
    /// <summary>
    /// The VM's result, or null while it is running without an IPv4 and this is not the final round.
    /// </summary>
    public static DiscoveredVm? Resolve(VmObservation seen, SwitchSelector switchName, IAddressProbe probe, bool finalRound,
        DateTime now, TimeSpan elapsed, CancellationToken cancellation)
    {
        var vm = seen.Vm;
        var choice = AdapterChoice.Choose(seen.Adapters, switchName);
        var adapter = choice.Adapter;
        var kvp = KvpHealth.Of(seen.KvpComponent);
        var warnings = new List<string>(choice.Warnings);
        var address = new VmAddress
        {
            MachineName = seen.MachineName,
            VMName = vm.Name,
            VMId = vm.Id,
            State = vm.StateName,
            MacAddress = adapter is not null && adapter.HasAssignedMac ? adapter.MacAddress : null,
            AdapterName = adapter?.Name,
            SwitchName = adapter?.SwitchName ?? switchName.ToString(),
            KvpStatus = KvpHealth.Text(kvp),
            DiscoveredAt = DateTime.SpecifyKind(now, DateTimeKind.Utc),
        };

        if (!VmStates.ExpectsAddress(vm.State))
            return Finish(address, warnings, DiscoveryOutcome.NotRunning, null);

        if (adapter is null)
        {
            return Finish(address, warnings, DiscoveryOutcome.NoAdapterOnSwitch,
                $"VM '{vm.Name}' is {vm.StateName} but has no address on switch '{switchName}': {choice.Warnings[0]}");
        }

        var kvpAddresses = adapter.IPAddresses;
        address.IPv6 = AddressRules.IPv6Addresses(kvpAddresses);
        var kvpIPv4 = AddressRules.FirstUsableIPv4(kvpAddresses);
        if (kvpIPv4 is not null)
        {
            address.IPv4 = kvpIPv4;
            address.Source = "hyperv";
            return Finish(address, warnings, DiscoveryOutcome.Found, null);
        }

        var rejected = AddressRules.RejectedIPv4(kvpAddresses).ToList();
        var advice = KvpHealth.Advice(kvp, vm.Name);
        CandidateChoice? tableChoice = null;
        IReadOnlyList<NeighborEntry> candidates = Array.Empty<NeighborEntry>();
        if (seen.Neighbors is { } table && adapter.HasAssignedMac)
        {
            candidates = NeighborCandidates.For(adapter.MacAddress, table);
            // A healthy KVP that has not reported yet may mean the guest is still renewing its lease:
            // then a table entry can be the old lease, so it must prove itself live until time runs out.
            var mustAnswer = kvp == KvpState.Ok && !finalRound;
            tableChoice = CandidateChoice.Choose(candidates, probe, mustAnswer, cancellation);
        }

        if (tableChoice?.Chosen is { } entry)
        {
            address.IPv4 = entry.IPAddress;
            address.Source = "arp";
            if (address.IPv6.Length == 0) address.IPv6 = NeighborCandidates.IPv6For(adapter.MacAddress, seen.Neighbors!);
            if (tableChoice.Warning is not null) warnings.Add(tableChoice.Warning);
            if (advice is not null) warnings.Add(advice);
            if (kvp == KvpState.Ok)
                warnings.Add("Hyper-V KVP is healthy but reported no usable IPv4 for this adapter; the address comes from the host's neighbour table.");
            if (rejected.Count > 0) warnings.Add($"KVP reported only unusable IPv4: {string.Join(", ", rejected)}.");
            return Finish(address, warnings, DiscoveryOutcome.Found, null);
        }

        if (!finalRound) return null;

        if (advice is not null) warnings.Add(advice);
        if (rejected.Count > 0) warnings.Add($"KVP reported only unusable IPv4: {string.Join(", ", rejected)}.");
        return Finish(address, warnings, DiscoveryOutcome.TimedOut,
            DescribeTimeout(vm, adapter, kvp, rejected, seen.Neighbors, candidates, switchName, elapsed, advice));
    }

    private static DiscoveredVm Finish(VmAddress address, List<string> warnings, DiscoveryOutcome outcome, string? problem)
    {
        address.Warnings = warnings.ToArray();
        return new DiscoveredVm(address, outcome, problem);
    }

    private static string DescribeTimeout(VmRecord vm, NetworkAdapterRecord adapter, KvpState kvp, List<string> rejected,
        NeighborTable? table, IReadOnlyList<NeighborEntry> candidates, SwitchSelector switchName, TimeSpan elapsed, string? advice)
    {
        var waited = elapsed < TimeSpan.FromSeconds(1) ? "in one pass" : $"after {elapsed.TotalSeconds:0.#} s";
        var kvpPart = $"Hyper-V KVP on adapter '{adapter.Name}' (KVP status {KvpHealth.Text(kvp)}) reported " +
            (rejected.Count > 0 ? $"only unusable IPv4: {string.Join(", ", rejected)}" : "no usable IPv4");
        var mac = adapter.HasAssignedMac ? string.Join("-", Enumerable.Range(0, 6).Select(i => adapter.MacAddress.Substring(i * 2, 2))) : null;
        var tablePart = table is null
            ? "the host's neighbour table could not be read"
            : mac is null
                ? "the adapter has no MAC address yet, so the neighbour table could not be searched"
                : candidates.Count > 0
                    ? $"the neighbour table on '{table.InterfaceAlias}' has {string.Join(", ", candidates.Select(c => c.IPAddress))} for {mac}, but none answered while KVP is healthy"
                    : $"the neighbour table on '{table.InterfaceAlias}' has no usable IPv4 entry for {mac}";
        var check = $"Check that the guest has booted and got a DHCP lease ('ip -4 addr' in the guest), that its network is up on switch '{switchName}', " +
            "and raise -TimeoutSec if it boots slowly.";
        return $"No IPv4 address for VM '{vm.Name}' {waited}: {kvpPart}; {tablePart}. {check}" + (advice is null ? "" : " " + advice);
    }
}
