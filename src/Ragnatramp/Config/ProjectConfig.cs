using System.Collections.Generic;
using System.IO;

namespace Ragnatramp.Config;

/// <summary>A validated ragnatramp.yaml: the project, its machines and the settings reconcile uses.</summary>
internal sealed class ProjectConfig
{
    public const string DefaultSwitchName = "Default Switch";
    public const int DefaultAddressTimeoutSec = 60;

    public ProjectConfig(string configPath, string projectName, IReadOnlyList<MachineDefinition> machines,
        string switchName = DefaultSwitchName, int addressTimeoutSec = DefaultAddressTimeoutSec)
    {
        ConfigPath = configPath;
        ProjectName = projectName;
        Machines = machines;
        SwitchName = switchName;
        AddressTimeoutSec = addressTimeoutSec;
    }

    /// <summary>Absolute path of the ragnatramp.yaml file.</summary>
    public string ConfigPath { get; }
    public string ProjectName { get; }
    public IReadOnlyList<MachineDefinition> Machines { get; }
    /// <summary>settings.switch_name, default "Default Switch".</summary>
    public string SwitchName { get; }
    /// <summary>settings.address_timeout in seconds, default 60.</summary>
    public int AddressTimeoutSec { get; }

    public string ConfigDirectory => Path.GetDirectoryName(ConfigPath) ?? ".";
    /// <summary>.ragnatramp/state.json beside the config.</summary>
    public string StatePath => Path.Combine(ConfigDirectory, ".ragnatramp", "state.json");
}

/// <summary>One entry of machines: in the config, with its derived VM name and resolved SSH login.</summary>
internal sealed class MachineDefinition
{
    public MachineDefinition(string name, IReadOnlyList<string> aliases, string vmName, SshLogin ssh)
    {
        Name = name;
        Aliases = aliases;
        VmName = vmName;
        Ssh = ssh;
    }

    public string Name { get; }
    public IReadOnlyList<string> Aliases { get; }
    /// <summary>{project}-{machine}-{hash8}, exactly as the Node.js CLI derives it.</summary>
    public string VmName { get; }
    /// <summary>The machine's ssh block merged over defaults.ssh (either part may be null).</summary>
    public SshLogin Ssh { get; }

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

/// <summary>An SSH login for a guest: user and private key file (absolute, expanded). Parts may be unset.</summary>
internal sealed class SshLogin
{
    public static readonly SshLogin None = new(null, null);

    public SshLogin(string? user, string? keyFile)
    {
        User = user;
        KeyFile = keyFile;
    }

    public string? User { get; }
    public string? KeyFile { get; }
}
