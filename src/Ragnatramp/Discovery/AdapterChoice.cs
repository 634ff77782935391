using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>The adapter whose address counts for a VM: the one on the requested switch.</summary>
internal sealed class AdapterChoice
{
    private AdapterChoice(NetworkAdapterRecord? adapter, IReadOnlyList<string> warnings)
    {
        Adapter = adapter;
        Warnings = warnings;
    }

    /// <summary>Null when the VM has no adapter on the switch.</summary>
    public NetworkAdapterRecord? Adapter { get; }
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Among the VM's adapters on the switch (by Id, else by name case-insensitively, as Hyper-V compares names),
    /// the first with an assigned MAC, else the first at all (a VM that has never started has MAC
    /// 000000000000). Every other adapter is named in Warnings so nobody wonders where its address went.
    /// </summary>
    public static AdapterChoice Choose(IReadOnlyList<NetworkAdapterRecord> adapters, SwitchSelector switchName)
    {
        var onSwitch = adapters.Where(a => IsOn(a, switchName)).ToList();
        var chosen = onSwitch.FirstOrDefault(a => a.HasAssignedMac) ?? onSwitch.FirstOrDefault();
        var warnings = new List<string>();
        if (chosen is null)
        {
            warnings.Add(adapters.Count == 0
                ? $"The VM has no network adapter, so it has no address on switch '{switchName}'."
                : $"No network adapter on switch '{switchName}'; its adapters: {Describe(adapters)}. Use -SwitchName (or settings.switch_name) to read another switch.");
        }
        else
        {
            var others = adapters.Where(a => !ReferenceEquals(a, chosen)).ToList();
            if (others.Count > 0)
                warnings.Add($"Using adapter '{chosen.Name}' ({chosen.MacAddress}) on '{switchName}'; ignored: {Describe(others)}.");
        }
        return new AdapterChoice(chosen, warnings);
    }

    public static bool IsOn(NetworkAdapterRecord adapter, SwitchSelector switchName) =>
        (adapter.SwitchName is not null || adapter.SwitchId != Guid.Empty) && switchName.Matches(adapter.SwitchId, adapter.SwitchName);

    private static string Describe(IEnumerable<NetworkAdapterRecord> adapters) =>
        string.Join(", ", adapters.Select(a => $"'{a.Name}' ({a.MacAddress}) on {(a.SwitchName is null ? "no switch" : $"'{a.SwitchName}'")}"));
}
