using System.Collections.Generic;

namespace Ragnatramp.Config;

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
