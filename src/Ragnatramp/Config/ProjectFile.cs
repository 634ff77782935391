using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>ragnatramp.yaml as read: the layer under ragnatramp.reconcile.yaml, before resolution.</summary>
internal sealed class ProjectFile
{
    public ProjectFile(string path, string projectName, MachineDefaults defaults, SshSettings defaultsSsh,
        IReadOnlyList<ProjectFileMachine> machines, NodeCliSettings nodeCli, Setting<string>? switchName,
        Setting<int>? addressTimeout, IReadOnlyList<LegacyKey> legacyKeys)
    {
        Path = path;
        ProjectName = projectName;
        Defaults = defaults;
        DefaultsSsh = defaultsSsh;
        Machines = machines;
        NodeCli = nodeCli;
        SwitchName = switchName;
        AddressTimeout = addressTimeout;
        LegacyKeys = legacyKeys;
    }

    public string Path { get; }
    public string ProjectName { get; }
    public MachineDefaults Defaults { get; }
    public SshSettings DefaultsSsh { get; }
    public IReadOnlyList<ProjectFileMachine> Machines { get; }
    public NodeCliSettings NodeCli { get; }
    /// <summary>settings.switch_name (a Ragnatramp 0.1 key here), or null.</summary>
    public Setting<string>? SwitchName { get; }
    /// <summary>settings.address_timeout (a Ragnatramp 0.1 key here), or null.</summary>
    public Setting<int>? AddressTimeout { get; }
    /// <summary>The Ragnatramp 0.1 keys found, which the Node.js CLI rejects.</summary>
    public IReadOnlyList<LegacyKey> LegacyKeys { get; }
}
