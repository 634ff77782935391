using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Completion;
using Ragnatramp.Config;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaConfig: reads and validates ragnatramp.yaml and ragnatramp.reconcile.yaml and outputs one resolved MachineConfig per machine, with where each setting came from.</summary>
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
            var sources = new OrderedDictionary();
            foreach (var source in machine.Sources.Concat(config.Sources)) sources[source.Key] = source.Value.ToString();
            WriteObject(new MachineConfig
            {
                Project = config.ProjectName,
                MachineName = machine.Name,
                VMName = machine.VmName,
                HostNames = machine.HostNames.ToArray(),
                SshUser = machine.Ssh.User,
                SshKeyFile = machine.Ssh.KeyFile,
                SshPort = machine.Ssh.Port ?? SshLogin.DefaultPort,
                SwitchName = config.SwitchName,
                AddressTimeoutSec = config.AddressTimeoutSec,
                PublishSshConfig = config.Publish.SshConfig,
                PublishHostsFile = config.Publish.HostsFile,
                ConfigPath = config.ConfigPath,
                ReconcileConfigPath = config.ReconcilePath,
                Sources = sources,
            });
        }
        foreach (var error in selection.NotFoundErrors(config)) WriteError(error);
    }
}
