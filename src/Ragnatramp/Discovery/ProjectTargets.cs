using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Config;

namespace Ragnatramp.Discovery;

/// <summary>A VM the project's state records: machine name, VM name and Hyper-V id.</summary>
internal sealed class RecordedVm
{
    public RecordedVm(string machineName, string? vmName, Guid? vmId)
    {
        MachineName = machineName;
        VmName = vmName;
        VmId = vmId;
    }

    public string MachineName { get; }
    public string? VmName { get; }
    public Guid? VmId { get; }
}

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
}
