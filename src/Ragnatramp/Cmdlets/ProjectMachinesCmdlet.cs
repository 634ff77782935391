using System.Management.Automation;
using Ragnatramp.Completion;
using Ragnatramp.Config;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>
/// Base of the cmdlets that report on a project's machines from its config and state (Get-RagnaStatus,
/// Get-RagnaSshConfig): -Path and -MachineName, the config and state read, and a MachineNotFound error
/// after the output for each name without wildcards that matches no machine.
/// </summary>
public abstract class ProjectMachinesCmdlet : RagnaCmdlet
{
    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>Only these machines (wildcards allowed); default: every machine.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public string[]? MachineName { get; set; }

    protected override void EndProcessing()
    {
        var config = ProjectConfigLoading.Load(this, Path);
        var state = ProjectStateReading.Read(this, StateStore.ForConfig(config.ConfigPath));
        var selection = new MachineSelection(MachineName);
        WriteMachines(config, state, selection);
        foreach (var error in selection.NotFoundErrors(config)) WriteError(error);
    }

    /// <summary>Writes the output for the machines <paramref name="selection"/> includes.</summary>
    private protected abstract void WriteMachines(ProjectConfig config, StateDocument? state, MachineSelection selection);
}
