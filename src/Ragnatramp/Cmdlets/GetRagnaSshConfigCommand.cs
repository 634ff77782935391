using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Publish;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaSshConfig: how OpenSSH reaches each machine by name, with its pinned host key (like vagrant ssh-config).</summary>
[Cmdlet(VerbsCommon.Get, "RagnaSshConfig")]
[OutputType(typeof(SshHostConfig), typeof(string))]
public sealed class GetRagnaSshConfigCommand : ProjectMachinesCmdlet
{
    /// <summary>One string in ssh_config syntax instead of objects.</summary>
    [Parameter]
    public SwitchParameter AsText { get; set; }

    private protected override void WriteMachines(ProjectConfig config, StateDocument? state, MachineSelection selection)
    {
        var addresses = RecordedAddresses.Of(config, state);
        if (addresses.WithoutAddressWarning("the ssh settings", selection.Includes) is { } warning) WriteWarning(warning);
        var hosts = CmdletSshConfig.Hosts(config, addresses).Where(h => selection.Includes(h.MachineName)).ToList();
        WriteVerbose($"Host keys are checked against the pin store {Ssh.KnownHostsStore.DefaultPath()}.");
        if (AsText) WriteObject(CmdletSshConfig.Text(config, hosts));
        else foreach (var host in hosts) WriteObject(host);
    }
}
