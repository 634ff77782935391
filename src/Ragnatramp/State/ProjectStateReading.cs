using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;

namespace Ragnatramp.State;

/// <summary>The project's state file as cmdlets read it: recorded VMs for discovery, errors as PowerShell users expect.</summary>
internal static class ProjectStateReading
{
    /// <summary>Null when the project has no state file (then VMs are found by derived name and marker).</summary>
    public static IReadOnlyList<RecordedVm>? RecordedVms(PSCmdlet cmdlet, ProjectConfig config) =>
        RecordedVms(Read(cmdlet, StateStore.ForConfig(config.ConfigPath)));

    /// <summary>The VMs a state records, as discovery targets them; null without a state.</summary>
    public static IReadOnlyList<RecordedVm>? RecordedVms(StateDocument? state) =>
        state?.Vms.Select(v => new RecordedVm(v.MachineName, v.Name, v.Id)).ToList();

    /// <summary>The state (null when there is none); a terminating error when it cannot be read.</summary>
    public static StateDocument? Read(PSCmdlet cmdlet, StateStore store)
    {
        try
        {
            var state = store.Read();
            cmdlet.WriteVerbose(state == null
                ? $"No state file at '{store.StatePath}'; the project's VMs are found by derived name and the Notes marker."
                : $"State file '{store.StatePath}': {state.Vms.Count} VM(s) recorded.");
            return state;
        }
        catch (StateFileException e)
        {
            cmdlet.ThrowTerminatingError(ToErrorRecord(e));
            return null; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>StateFileCorrupt, StateVersionUnsupported, StateFileUnreadable or StateLocked, the file as target.</summary>
    public static ErrorRecord ToErrorRecord(StateFileException e)
    {
        var (id, category) = e.Problem switch
        {
            StateFileProblem.Corrupt => ("StateFileCorrupt", ErrorCategory.InvalidData),
            StateFileProblem.UnsupportedVersion => ("StateVersionUnsupported", ErrorCategory.InvalidData),
            StateFileProblem.Locked => ("StateLocked", ErrorCategory.ResourceBusy),
            _ => ("StateFileUnreadable", ErrorCategory.ReadError),
        };
        return new ErrorRecord(e, id, category, e.Path);
    }
}
