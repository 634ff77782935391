using System.Collections.Specialized;

namespace Ragnatramp;

/// <summary>
/// One machine of a project as Ragnatramp resolves it from ragnatramp.yaml and ragnatramp.reconcile.yaml
/// (output of Get-RagnaConfig). Project-wide settings are repeated on every machine.
/// </summary>
public sealed class MachineConfig
{
    public string Project { get; set; } = "";
    public string MachineName { get; set; } = "";
    public string VMName { get; set; } = "";
    public string[] HostNames { get; set; } = new string[0];
    public string? SshUser { get; set; }
    public string? SshKeyFile { get; set; }
    /// <summary>The guest's SSH port (ssh.port, default 22).</summary>
    public int SshPort { get; set; } = 22;
    /// <summary>settings.switch_name (default "Default Switch").</summary>
    public string SwitchName { get; set; } = "";
    /// <summary>settings.address_timeout in seconds (default 60).</summary>
    public int AddressTimeoutSec { get; set; }
    /// <summary>publish.ssh_config (default false).</summary>
    public bool PublishSshConfig { get; set; }
    /// <summary>publish.hosts_file (default false).</summary>
    public bool PublishHostsFile { get; set; }
    public string ConfigPath { get; set; } = "";
    /// <summary>The ragnatramp.reconcile.yaml beside the config, or null when the project has none.</summary>
    public string? ReconcileConfigPath { get; set; }
    /// <summary>
    /// Where each setting came from, by key path (aliases, ssh.user, ssh.private_key, ssh.port,
    /// settings.switch_name, settings.address_timeout, publish.ssh_config, publish.hosts_file):
    /// "file-name:line", "default" or "not set".
    /// </summary>
    public OrderedDictionary Sources { get; set; } = new();

    public override string ToString() => VMName;
}
