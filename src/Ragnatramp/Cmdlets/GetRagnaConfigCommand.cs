using System.Linq;
using System.Management.Automation;
using Ragnatramp.Completion;
using Ragnatramp.Config;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaConfig: reads and validates ragnatramp.yaml and outputs one resolved MachineConfig per machine.</summary>
[Cmdlet(VerbsCommon.Get, "RagnaConfig")]
[OutputType(typeof(MachineConfig))]
public sealed class GetRagnaConfigCommand : RagnaCmdlet
{
    /// <summary>The config file or the folder holding ragnatramp.yaml; default: the current location.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string? Path { get; set; }

    /// <summary>Only these machines (wildcards allowed); default: every machine.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public string[]? MachineName { get; set; }

    protected override void ProcessRecord()
    {
        var config = ProjectConfigLoading.Load(this, Path);
        var selection = new MachineSelection(MachineName);
        foreach (var machine in config.Machines.Where(m => selection.Includes(m.Name)))
        {
            WriteObject(new MachineConfig
            {
                Project = config.ProjectName,
                MachineName = machine.Name,
                VMName = machine.VmName,
                HostNames = machine.HostNames.ToArray(),
                SshUser = machine.Ssh.User,
                SshKeyFile = machine.Ssh.KeyFile,
                ConfigPath = config.ConfigPath,
            });
        }
        foreach (var missing in selection.UnmatchedNames(config.Machines.Select(m => m.Name)))
        {
            WriteError(MachineSelection.NotFound(missing, config.ConfigPath, config.Machines.Select(m => m.Name)));
        }
    }
}
