using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>ragnatramp.reconcile.yaml as read: Ragnatramp's own settings, the layer over ragnatramp.yaml.</summary>
internal sealed class ReconcileFile
{
    public ReconcileFile(string path, SshSettings defaultsSsh, IReadOnlyDictionary<string, ReconcileMachine> machines,
        Setting<string>? switchName, Setting<int>? addressTimeout, Setting<bool>? publishSshConfig, Setting<bool>? publishHostsFile)
    {
        Path = path;
        DefaultsSsh = defaultsSsh;
        Machines = machines;
        SwitchName = switchName;
        AddressTimeout = addressTimeout;
        PublishSshConfig = publishSshConfig;
        PublishHostsFile = publishHostsFile;
    }

    /// <summary>A project without the file: no layer at all.</summary>
    public static ReconcileFile Empty(string path) =>
        new(path, SshSettings.None, new Dictionary<string, ReconcileMachine>(), null, null, null, null);

    public string Path { get; }
    public SshSettings DefaultsSsh { get; }
    /// <summary>By machine name, exactly as ragnatramp.yaml spells it.</summary>
    public IReadOnlyDictionary<string, ReconcileMachine> Machines { get; }
    public Setting<string>? SwitchName { get; }
    public Setting<int>? AddressTimeout { get; }
    public Setting<bool>? PublishSshConfig { get; }
    public Setting<bool>? PublishHostsFile { get; }
}
