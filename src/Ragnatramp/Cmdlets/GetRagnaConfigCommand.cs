using System.Linq;
using System.Management.Automation;
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

    protected override void ProcessRecord()
    {
        var config = ProjectConfigLoading.Load(this, Path);
        foreach (var machine in config.Machines)
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
    }
}
