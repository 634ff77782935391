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
