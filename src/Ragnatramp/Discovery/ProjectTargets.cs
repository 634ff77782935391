using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Config;

namespace Ragnatramp.Discovery;

/// <summary>Which VMs make up a project (docs/CONTRACT.md, "Which VMs belong to a project").</summary>
internal static class ProjectTargets
{
    /// <summary>
    /// With a state file: the VMs it records (by id, the name as fallback). Without one: each
    /// machine's derived VM name, accepted only with the Node.js CLI's ownership marker for this config.
    /// </summary>
    public static IReadOnlyList<VmTarget> For(ProjectConfig config, IReadOnlyList<RecordedVm>? recorded)
    {
        if (recorded is not null)
        {
            return recorded
                .Select(r => VmTarget.FromState(r.MachineName,
                    r.VmName ?? config.Machines.FirstOrDefault(m => string.Equals(m.Name, r.MachineName, StringComparison.OrdinalIgnoreCase))?.VmName ?? r.MachineName,
                    r.VmId))
                .ToList();
        }
        return config.Machines.Select(m => VmTarget.Derived(m.Name, m.VmName, config.ConfigPath)).ToList();
    }

    /// <summary>
    /// The project machine a VM address (from the pipeline) belongs to: the machine the state records
    /// with that VM id, else the one whose recorded or derived VM name it carries; never by machine name
    /// alone, so another project's <c>web</c> never gets this project's login or aliases. Null: not this project's.
    /// </summary>
    public static MachineDefinition? MachineOf(ProjectConfig config, IReadOnlyList<RecordedVm>? recorded, VmAddress address)
    {
        MachineDefinition? Named(string machineName) =>
            config.Machines.FirstOrDefault(m => string.Equals(m.Name, machineName, StringComparison.OrdinalIgnoreCase));

        var states = recorded ?? Array.Empty<RecordedVm>();
        if (address.VMId != Guid.Empty && states.FirstOrDefault(r => r.VmId == address.VMId) is { } byId) return Named(byId.MachineName);
        if (string.IsNullOrEmpty(address.VMName)) return null;
        if (states.FirstOrDefault(r => string.Equals(r.VmName, address.VMName, StringComparison.OrdinalIgnoreCase)) is { } byName
            && (byName.VmId == null || address.VMId == Guid.Empty || byName.VmId == address.VMId))
        {
            return Named(byName.MachineName);
        }
        return config.Machines.FirstOrDefault(m => string.Equals(m.VmName, address.VMName, StringComparison.OrdinalIgnoreCase));
    }
}
