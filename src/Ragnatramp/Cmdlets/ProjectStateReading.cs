using System.Collections.Generic;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;

namespace Ragnatramp.Cmdlets;

/// <summary>The VMs a project's state records, as discovery targets them.</summary>
internal static class ProjectStateReading
{
    /// <summary>Null when the project has no state file (then VMs are found by derived name and marker).</summary>
    public static IReadOnlyList<RecordedVm>? RecordedVms(PSCmdlet cmdlet, ProjectConfig config)
    {
        // The state reader arrives with the state branch; until then every project is treated as stateless.
        if (System.IO.File.Exists(config.StatePath))
            cmdlet.WriteVerbose($"State file '{config.StatePath}' exists but this build cannot read it yet; finding VMs by derived name.");
        return null;
    }
}
