using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>
/// The poll loop: finds the requested VMs, then round by round asks Hyper-V once per command for all
/// still-waiting VMs together (Get-VM, Get-VMNetworkAdapter, Get-VMIntegrationService, and
/// Get-NetNeighbor on the switch's interface when some VM needs the table), until every running VM
/// has an IPv4 or the timeout passes. Runs on the caller's thread; cancellation stops it at once.
/// </summary>
internal sealed class AddressDiscovery
{
    private readonly IHyperVGateway _gateway;
    private readonly IAddressProbe _probe;
    private readonly IDiscoveryClock _clock;
    private readonly IDiscoveryReporter _reporter;
    private readonly INeighborSweep _sweep;

    public AddressDiscovery(IHyperVGateway gateway, IAddressProbe probe, IDiscoveryClock clock, IDiscoveryReporter reporter, INeighborSweep sweep)
    {
        _gateway = gateway;
        _probe = probe;
        _clock = clock;
        _reporter = reporter;
        _sweep = sweep;
    }

    /// <summary>The production wiring: real probe, clock and neighbour sweep.</summary>
    public AddressDiscovery(IHyperVGateway gateway, IDiscoveryReporter reporter)
        : this(gateway, new ReachabilityProbe(), new SystemDiscoveryClock(), reporter, new UdpNeighborSweep())
    {
    }

    /// <exception cref="HyperVException">Hyper-V is missing or refuses access, or the switch does not exist.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public DiscoveryResult Discover(DiscoveryRequest request, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var started = _clock.Elapsed;
        HostInterface? host = null; // looked up once, the first time the table is needed
        var hostLookedUp = false;
        var swept = false; // the on-link subnet is resolved at most once per discovery

        var vms = _gateway.GetVms();
        var lastStateRead = started;
        IReadOnlyList<IntegrationComponentRecord>? components = null;
        EmptyVmList.Check(vms, request.Targets);
        var (selected, notFound, rejected) = Select(vms, request.Targets);
        var results = new Dictionary<SelectedVm, DiscoveredVm>();
        var pending = selected.ToList();
        var neighborsReadable = true;
        var waited = false;

        for (var round = 1; pending.Count > 0; round++)
        {
            // Round 1 began with the Get-VM call that selected the VMs.
            var roundStart = round == 1 ? started : _clock.Elapsed;
            var elapsed = roundStart - started;
            var finalRound = elapsed >= request.Timeout;
            // Rounds after the first ask Hyper-V only for the adapters (where a KVP address appears); VM states and KVP health
            // are read again every PollSchedule.StateRefresh, in the final round, and while a VM is still coming up. Each
            // Hyper-V call can take a quarter second on a real host: one call per round keeps an address reported within 0.5 s.
            var refreshState = round == 1 || finalRound || roundStart - lastStateRead >= PollSchedule.StateRefresh
                || pending.Any(p => VmStates.IsComingUp(p.Vm.State));
            if (round > 1 && refreshState)
            {
                Refresh(pending, _gateway.GetVms(), results);
                lastStateRead = roundStart;
            }
            if (pending.Count == 0) break;

            var names = pending.Select(p => p.Vm.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var adapters = _gateway.GetNetworkAdapters(names);
            if (refreshState || components is null) components = _gateway.GetIntegrationComponents(names);

            NeighborTable? table = null;
            var anyOnSwitch = pending.Any(p => OwnedBy(adapters, p.Vm).Any(a => AdapterChoice.IsOn(a, request.Switch)));
            var needTable = pending.Any(p => NeedsTable(p, adapters, request.Switch)) || (round == 1 && !anyOnSwitch);
            if (needTable && neighborsReadable)
            {
                if (!hostLookedUp)
                {
                    hostLookedUp = true;
                    host = HostSide(request.Switch, adapters);
                }
                if (host is null)
                {
                    if (round == 1 && !anyOnSwitch) throw SwitchNotFound(request.SwitchName, null, selected, adapters);
                }
                else
                {
                    try
                    {
                        table = _gateway.GetNeighbors(host.InterfaceAlias, host.InterfaceIndex);
                    }
                    catch (HyperVException ex) when (ex.ErrorId == HyperVErrorIds.NetNeighborUnavailable)
                    {
                        neighborsReadable = false;
                        _reporter.Warning(ex.Message);
                    }
                }
            }
            if (round == 1 && !anyOnSwitch && table is { InterfaceFound: false })
                throw SwitchNotFound(request.SwitchName, table.InterfaceAlias, selected, adapters);
            if (!swept && table is not null && host is not null && pending.Any(p => MissingFromTable(p, adapters, request.Switch, table)))
            {
                swept = true;
                Sweep(host, cancellation);
            }

            var now = _clock.UtcNow;
            foreach (var vm in pending.ToList())
            {
                var seen = new VmObservation(vm.Vm, vm.Target.MachineName, OwnedBy(adapters, vm.Vm).ToList(),
                    KvpHealth.FindKvp(OwnedBy(components, vm.Vm)), table);
                var result = VmAddressResolution.Resolve(seen, request.SwitchName, _probe, finalRound, now, elapsed, cancellation);
                if (result is null) continue;
                Complete(vm, result, results, pending);
            }
            if (pending.Count == 0 || finalRound) break;

            waited = true;
            var waitingFor = pending.Select(p => p.Vm.Name).ToList();
            _reporter.Waiting(waitingFor, _clock.Elapsed - started, request.Timeout);
            _reporter.Verbose(string.Format(CultureInfo.InvariantCulture, "Round {0} at {1:0.00} s: still waiting for {2}",
                round, (_clock.Elapsed - started).TotalSeconds, string.Join(", ", waitingFor)));

            var nextStart = roundStart + PollSchedule.IntervalAfter(round);
            var deadline = started + request.Timeout;
            if (nextStart > deadline) nextStart = deadline;
            var sleep = nextStart - _clock.Elapsed;
            if (sleep < PollSchedule.MinimumGap) sleep = PollSchedule.MinimumGap;
            _clock.Sleep(sleep, cancellation);
        }
        if (waited) _reporter.WaitingDone();

        var ordered = selected.Where(results.ContainsKey).Select(s => results[s]).ToList();
        return new DiscoveryResult(ordered, notFound, rejected);
    }

    private void Complete(SelectedVm vm, DiscoveredVm result, Dictionary<SelectedVm, DiscoveredVm> results, List<SelectedVm> pending)
    {
        results[vm] = result;
        pending.Remove(vm);
        var a = result.Address;
        _reporter.Verbose(result.Outcome switch
        {
            DiscoveryOutcome.Found => $"{a.VMName}: {a.IPv4} from {(a.Source == "hyperv" ? "Hyper-V KVP" : "the host's neighbour table")} (adapter '{a.AdapterName}', {a.MacAddress})",
            DiscoveryOutcome.NotRunning => $"{a.VMName}: {a.State}, not waiting for an address",
            _ => $"{a.VMName}: no address ({result.Outcome})",
        });
        _reporter.Finished(result);
    }

    // A VM re-read in a later round: follow its state; a VM that went away ends with what was last seen.
    private void Refresh(List<SelectedVm> pending, IReadOnlyList<VmRecord> vms, Dictionary<SelectedVm, DiscoveredVm> results)
    {
        foreach (var vm in pending.ToList())
        {
            var current = vms.FirstOrDefault(v => SameVm(v, vm.Vm));
            if (current is not null)
            {
                vm.Vm = current;
                continue;
            }
            var address = new VmAddress
            {
                MachineName = vm.Target.MachineName, VMName = vm.Vm.Name, VMId = vm.Vm.Id, State = vm.Vm.StateName,
                SwitchName = null, DiscoveredAt = _clock.UtcNow,
                Warnings = new[] { $"VM '{vm.Vm.Name}' disappeared from Hyper-V while Ragnatramp waited for its address." },
            };
            Complete(vm, new DiscoveredVm(address, DiscoveryOutcome.TimedOut,
                $"VM '{vm.Vm.Name}' disappeared from Hyper-V while Ragnatramp waited for its address (deleted or renamed)."), results, pending);
        }
    }

    // A running VM whose MAC the table does not hold at all: the host has not talked to it yet.
    private static bool MissingFromTable(SelectedVm vm, IReadOnlyList<NetworkAdapterRecord> adapters, SwitchSelector switchName, NeighborTable table)
    {
        if (!NeedsTable(vm, adapters, switchName)) return false;
        var adapter = AdapterChoice.Choose(OwnedBy(adapters, vm.Vm).ToList(), switchName).Adapter!;
        return NeighborCandidates.For(adapter.MacAddress, table).Count == 0;
    }

    /// <summary>
    /// Makes the host resolve its own on-link IPv4 subnet on the switch (never wider than /20), so a guest it has not
    /// talked to yet gets a neighbour entry; the next round reads the table again.
    /// </summary>
    private void Sweep(HostInterface host, CancellationToken cancellation)
    {
        var subnet = OnLinkSubnet.TryCreate(host.IPv4Address, host.PrefixLength, out var refusal);
        if (subnet is null)
        {
            _reporter.Verbose($"A running VM's MAC is not in the neighbour table of '{host.InterfaceAlias}', but its subnet is not resolved: {refusal ?? "unknown"}.");
            return;
        }
        _reporter.Verbose($"A running VM's MAC is not in the neighbour table of '{host.InterfaceAlias}' yet: making the host resolve {subnet} " +
            $"({subnet.Size - 3} other addresses, one UDP datagram to port {UdpNeighborSweep.DiscardPort} each)");
        var sent = _sweep.Resolve(subnet, cancellation);
        _reporter.Verbose($"Resolved {sent} addresses of {subnet}");
    }

    private static bool NeedsTable(SelectedVm vm, IReadOnlyList<NetworkAdapterRecord> adapters, SwitchSelector switchName)
    {
        if (!VmStates.ExpectsAddress(vm.Vm.State)) return false;
        var adapter = AdapterChoice.Choose(OwnedBy(adapters, vm.Vm).ToList(), switchName).Adapter;
        return adapter is not null && adapter.HasAssignedMac && AddressRules.FirstUsableIPv4(adapter.IPAddresses) is null;
    }

    private static (List<SelectedVm>, List<VmTarget>, List<RejectedVm>) Select(IReadOnlyList<VmRecord> vms, IReadOnlyList<VmTarget> targets)
    {
        var selected = new List<SelectedVm>();
        var notFound = new List<VmTarget>();
        var rejected = new List<RejectedVm>();
        foreach (var target in targets)
        {
            // The state's VM id wins; its name only stands in when that id is gone.
            var matches = target.Id is { } id && vms.Any(v => v.Id == id)
                ? vms.Where(v => v.Id == id).ToList()
                : vms.Where(v => target.Matches(v) || (target.Id is not null && string.Equals(v.Name, target.Name, StringComparison.OrdinalIgnoreCase))).ToList();
            // A VM named exactly like the text (e.g. 'web [test]' piped from Get-VM) is the one meant, not a pattern's other matches.
            var literal = matches.Where(v => string.Equals(v.Name, target.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (target.IsPattern && literal.Count > 0) matches = literal;
            if (target.OwnerConfigPath is { } config)
            {
                foreach (var stranger in matches.Where(v => !OwnershipMarker.IsOwnedBy(v.Notes, config)))
                    rejected.Add(new RejectedVm(target, stranger.Name,
                        $"VM '{stranger.Name}' has the name of machine '{target.MachineName}' but its Notes lack 'managed:true' and 'config:{config}', so it is not this project's VM; it is left out."));
                matches = matches.Where(v => OwnershipMarker.IsOwnedBy(v.Notes, config)).ToList();
            }
            if (matches.Count == 0 && !target.IsPattern && !rejected.Any(r => r.Target == target)) notFound.Add(target);
            foreach (var vm in matches)
                if (!selected.Any(s => SameVm(s.Vm, vm))) selected.Add(new SelectedVm(vm, target));
        }
        return (selected, notFound, rejected);
    }

    /// <summary>
    /// The host's own interface on the switch: the switch's real (perhaps localized) name comes from an adapter on it or
    /// the host's vNICs on it (matched by Id or name); Windows calls the vNIC 'vEthernet (&lt;vNIC name&gt;)'. Null when nothing
    /// on this host is on that switch and its name is not known either.
    /// </summary>
    private HostInterface? HostSide(SwitchSelector switchName, IReadOnlyList<NetworkAdapterRecord> adapters)
    {
        var vnics = _gateway.GetManagementAdapters().Where(a => AdapterChoice.IsOn(a, switchName)).ToList();
        var realName = adapters.Where(a => AdapterChoice.IsOn(a, switchName)).Select(a => a.SwitchName).FirstOrDefault(n => !string.IsNullOrEmpty(n))
            ?? vnics.Select(a => a.SwitchName).FirstOrDefault(n => !string.IsNullOrEmpty(n))
            ?? switchName.Name;
        if (realName is null && vnics.Count == 0) return null;
        var alias = NeighborTable.InterfaceAliasFor(realName ?? vnics[0].Name, vnics.Select(a => a.Name).ToList());
        var host = _gateway.GetHostInterface(alias);
        _reporter.Verbose(host is not null
            ? $"The host's interface on switch '{realName ?? switchName.ToString()}' is '{alias}' (ifIndex {host.InterfaceIndex}, {host.IPv4Address}/{host.PrefixLength})"
            : vnics.Count > 0
                ? $"The host's interface on switch '{realName ?? switchName.ToString()}' is '{alias}' (no IPv4 address found on it)"
                : $"No host adapter found on switch '{switchName}'; reading the neighbour table of '{alias}'");
        return host ?? new HostInterface(alias, null, null, 0);
    }

    private static HyperVException SwitchNotFound(string switchName, string? interfaceAlias, IReadOnlyList<SelectedVm> vms, IReadOnlyList<NetworkAdapterRecord> adapters)
    {
        var used = adapters.Where(a => vms.Any(v => Owns(v.Vm, a)) && a.SwitchName is not null)
            .Select(a => a.SwitchName!).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToList();
        var hint = used.Count > 0
            ? $"The VMs use: {string.Join(", ", used.Select(s => $"'{s}'"))}. Pass one of them with -SwitchName (or set settings.switch_name)."
            : "None of the VMs has an adapter connected to any switch.";
        return new HyperVException(HyperVErrorIds.SwitchNotFound, ErrorCategory.ObjectNotFound,
            $"Switch '{switchName}' not found: no VM adapter is connected to it and the host has " +
            (interfaceAlias is null ? "no adapter on it" : $"no interface '{interfaceAlias}'") + $". {hint} -SwitchName takes a switch's name or its Id (Get-VMSwitch | Select-Object Name, Id).",
            switchName);
    }

    private static IEnumerable<NetworkAdapterRecord> OwnedBy(IEnumerable<NetworkAdapterRecord> adapters, VmRecord vm) => adapters.Where(a => Owns(vm, a));

    private static IEnumerable<IntegrationComponentRecord> OwnedBy(IEnumerable<IntegrationComponentRecord> components, VmRecord vm) =>
        components.Where(c => c.VmId != Guid.Empty && vm.Id != Guid.Empty ? c.VmId == vm.Id : string.Equals(c.VmName, vm.Name, StringComparison.OrdinalIgnoreCase));

    private static bool Owns(VmRecord vm, NetworkAdapterRecord adapter) =>
        adapter.VmId != Guid.Empty && vm.Id != Guid.Empty ? adapter.VmId == vm.Id : string.Equals(adapter.VmName, vm.Name, StringComparison.OrdinalIgnoreCase);

    private static bool SameVm(VmRecord a, VmRecord b) =>
        a.Id != Guid.Empty && b.Id != Guid.Empty ? a.Id == b.Id : string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);

    private sealed class SelectedVm
    {
        public SelectedVm(VmRecord vm, VmTarget target)
        {
            Vm = vm;
            Target = target;
        }

        public VmRecord Vm { get; set; }
        public VmTarget Target { get; }
    }
}
