using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Config;

namespace Ragnatramp.State;

/// <summary>
/// The addresses the state records for a project's machines, as the host-side publishing reads them
/// (ssh config, the host's hosts file): only the state, no Hyper-V query, so it works without rights
/// and shows what the last reconcile saw. A VM that is not running has no IPv4 in the state.
/// </summary>
internal sealed class RecordedAddresses
{
    private RecordedAddresses(IReadOnlyList<RecordedAddress> all, IReadOnlyList<DuplicateIpv4> duplicates, IReadOnlyList<string> withoutAddress)
    {
        All = all;
        Duplicates = duplicates;
        WithoutAddress = withoutAddress;
    }

    /// <summary>Every machine with a recorded VM id and IPv4, sorted by machine name.</summary>
    public IReadOnlyList<RecordedAddress> All { get; }
    /// <summary>IPv4s recorded for more than one VM.</summary>
    public IReadOnlyList<DuplicateIpv4> Duplicates { get; }
    /// <summary>Machine names without a recorded IPv4 (no VM yet, not running, never reconciled).</summary>
    public IReadOnlyList<string> WithoutAddress { get; }

    /// <summary><see cref="All"/> without the VMs caught in a duplicate.</summary>
    public IEnumerable<RecordedAddress> Unique
    {
        get
        {
            var conflicting = DuplicateAddresses.ConflictingVmIds(Duplicates);
            return All.Where(a => !conflicting.Contains(a.VmId));
        }
    }

    /// <summary>What the state records for the config's machines (a machine the config no longer has is left out).</summary>
    public static RecordedAddresses Of(ProjectConfig config, StateDocument? state)
    {
        var all = new List<RecordedAddress>();
        var without = new List<string>();
        foreach (var machine in config.Machines.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
        {
            var vm = state?.FindVm(machine.Name);
            var ipv4 = vm?.Network?.Ipv4;
            if (vm?.Id is { } id && !string.IsNullOrEmpty(ipv4)) all.Add(new RecordedAddress(machine, id, vm.Name ?? machine.VmName, ipv4!));
            else without.Add(machine.Name);
        }
        var duplicates = DuplicateAddresses.Find(all.Select(a => new VmAddress
        {
            MachineName = a.Machine.Name, VMName = a.VmName, VMId = a.VmId, IPv4 = a.IPv4, State = "Running",
        }));
        return new RecordedAddresses(all, duplicates, without);
    }

    /// <summary>The warning for machines the host cannot reach by name (null when there are none).</summary>
    public string? WithoutAddressWarning(string what, Func<string, bool>? selected = null)
    {
        var machines = WithoutAddress.Where(selected ?? (_ => true)).ToList();
        return machines.Count == 0
            ? null
            : $"No IPv4 recorded for {string.Join(", ", machines)} (not running, or not reconciled since it started): left out of {what}. " +
              "Start the VM and run Invoke-RagnaReconcile.";
    }
}
