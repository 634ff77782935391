using System.Collections.Generic;
using System.IO;

namespace Ragnatramp.Config;

/// <summary>
/// A validated project: ragnatramp.yaml with ragnatramp.reconcile.yaml beside it (when there is one)
/// resolved field by field; the project, its machines and the settings reconcile uses.
/// </summary>
internal sealed class ProjectConfig
{
    public const string DefaultSwitchName = "Default Switch";
    public const int DefaultAddressTimeoutSec = 60;

    public ProjectConfig(string configPath, string projectName, IReadOnlyList<MachineDefinition> machines,
        string switchName = DefaultSwitchName, int addressTimeoutSec = DefaultAddressTimeoutSec,
        MachineDefaults? defaults = null, NodeCliSettings? nodeCli = null, PublishSettings? publish = null,
        SettingSources? sources = null, string? reconcilePath = null, IReadOnlyList<string>? warnings = null)
    {
        ConfigPath = configPath;
        ProjectName = projectName;
        Machines = machines;
        SwitchName = switchName;
        AddressTimeoutSec = addressTimeoutSec;
        Defaults = defaults ?? MachineDefaults.None;
        NodeCli = nodeCli ?? NodeCliSettings.None;
        Publish = publish ?? PublishSettings.Off;
        Sources = sources ?? SettingSources.Empty;
        ReconcilePath = reconcilePath;
        Warnings = warnings ?? new string[0];
    }

    /// <summary>Absolute path of the ragnatramp.yaml file.</summary>
    public string ConfigPath { get; }
    public string ProjectName { get; }
    public IReadOnlyList<MachineDefinition> Machines { get; }
    /// <summary>settings.switch_name, default "Default Switch".</summary>
    public string SwitchName { get; }
    /// <summary>settings.address_timeout in seconds, default 60.</summary>
    public int AddressTimeoutSec { get; }
    /// <summary>The defaults section as written (cpu, memory, base_image, ssh).</summary>
    public MachineDefaults Defaults { get; }
    /// <summary>Settings only the Node.js CLI uses; read, validated and kept.</summary>
    public NodeCliSettings NodeCli { get; }
    /// <summary>publish.ssh_config and publish.hosts_file of ragnatramp.reconcile.yaml (both off by default).</summary>
    public PublishSettings Publish { get; }
    /// <summary>Where the project-wide settings came from: settings.switch_name, settings.address_timeout, publish.ssh_config, publish.hosts_file.</summary>
    public SettingSources Sources { get; }
    /// <summary>The absolute path of ragnatramp.reconcile.yaml when the project has one, else null.</summary>
    public string? ReconcilePath { get; }
    /// <summary>What the user should hear once per command (Ragnatramp 0.1 keys found in ragnatramp.yaml).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public string ConfigDirectory => Path.GetDirectoryName(ConfigPath) ?? ".";
    /// <summary>.ragnatramp/state.json beside the config.</summary>
    public string StatePath => Path.Combine(ConfigDirectory, ".ragnatramp", "state.json");
}

/// <summary>One entry of machines: in the config, with its derived VM name and resolved SSH login.</summary>
internal sealed class MachineDefinition
{
    public MachineDefinition(string name, IReadOnlyList<string> aliases, string vmName, SshLogin ssh,
        MachineSize? size = null, SettingSources? sources = null)
    {
        Name = name;
        Aliases = aliases;
        VmName = vmName;
        Ssh = ssh;
        Size = size ?? MachineSize.Unset;
        Sources = sources ?? SettingSources.Empty;
    }

    public string Name { get; }
    public IReadOnlyList<string> Aliases { get; }
    /// <summary>{project}-{machine}-{hash8}, exactly as the Node.js CLI derives it.</summary>
    public string VmName { get; }
    /// <summary>The machine's SSH login resolved field by field over every layer (parts may be unset).</summary>
    public SshLogin Ssh { get; }
    /// <summary>Where this machine's aliases, ssh.user, ssh.private_key and ssh.port came from.</summary>
    public SettingSources Sources { get; }
    /// <summary>cpu, memory and base_image: the machine's own values over the defaults (kept for the Node.js CLI; reconcile ignores them).</summary>
    public MachineSize Size { get; }

    /// <summary>The machine name, then its aliases: the names on this VM's hosts line.</summary>
    public IEnumerable<string> HostNames
    {
        get
        {
            yield return Name;
            foreach (var alias in Aliases) yield return alias;
        }
    }
}

/// <summary>An SSH login for a guest: user, private key file (absolute, expanded) and port. Parts may be unset.</summary>
internal sealed class SshLogin
{
    public const int DefaultPort = 22;
    public static readonly SshLogin None = new(null, null);

    public SshLogin(string? user, string? keyFile, int? port = null)
    {
        User = user;
        KeyFile = keyFile;
        Port = port;
    }

    public string? User { get; }
    public string? KeyFile { get; }
    /// <summary>The guest's SSH port; null = the default, 22.</summary>
    public int? Port { get; }

    /// <summary>This login's parts where set, the fallback's elsewhere.</summary>
    public SshLogin Over(SshLogin fallback) => new(User ?? fallback.User, KeyFile ?? fallback.KeyFile, Port ?? fallback.Port);
}

/// <summary>A VM's size and image as ragnatramp.yaml gives them (cpu count, memory in MB, base image path as written).</summary>
internal sealed class MachineSize
{
    public static readonly MachineSize Unset = new(null, null, null);

    public MachineSize(int? cpu, int? memoryMb, string? baseImage)
    {
        Cpu = cpu;
        MemoryMb = memoryMb;
        BaseImage = baseImage;
    }

    public int? Cpu { get; }
    public int? MemoryMb { get; }
    public string? BaseImage { get; }

    /// <summary>This size's parts where set, the fallback's elsewhere.</summary>
    public MachineSize Over(MachineSize fallback) =>
        new(Cpu ?? fallback.Cpu, MemoryMb ?? fallback.MemoryMb, BaseImage ?? fallback.BaseImage);
}

/// <summary>The defaults section: size and image for every machine, and the project-wide SSH login.</summary>
internal sealed class MachineDefaults
{
    public static readonly MachineDefaults None = new(MachineSize.Unset, SshLogin.None);

    public MachineDefaults(MachineSize size, SshLogin ssh, string? diskStrategy = null)
    {
        Size = size;
        Ssh = ssh;
        DiskStrategy = diskStrategy;
    }

    public MachineSize Size { get; }
    public SshLogin Ssh { get; }
    /// <summary>defaults.disk_strategy ("differencing" or "copy"), used by the Node.js CLI only.</summary>
    public string? DiskStrategy { get; }
}

/// <summary>settings the Node.js CLI reads (artifact_path, auto_start): validated and kept so both tools share one file.</summary>
internal sealed class NodeCliSettings
{
    public static readonly NodeCliSettings None = new(null, null);

    public NodeCliSettings(string? artifactPath, bool? autoStart)
    {
        ArtifactPath = artifactPath;
        AutoStart = autoStart;
    }

    public string? ArtifactPath { get; }
    public bool? AutoStart { get; }
}

/// <summary>The publish section of ragnatramp.reconcile.yaml: host-side files every reconcile keeps current.</summary>
internal sealed class PublishSettings
{
    public static readonly PublishSettings Off = new(false, false);

    public PublishSettings(bool sshConfig, bool hostsFile)
    {
        SshConfig = sshConfig;
        HostsFile = hostsFile;
    }

    /// <summary>publish.ssh_config: keep ~/.ssh/ragnatramp/&lt;project&gt;.conf current.</summary>
    public bool SshConfig { get; }
    /// <summary>publish.hosts_file: keep this project's block in the host's own hosts file current.</summary>
    public bool HostsFile { get; }
}
