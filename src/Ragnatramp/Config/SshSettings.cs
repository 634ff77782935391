using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>One ssh block as one layer gives it (a file's defaults or a machine); each field may be absent.</summary>
internal sealed class SshSettings
{
    public static readonly SshSettings None = new(null, null, null);

    public SshSettings(Setting<string>? user, Setting<string>? keyFile, Setting<int>? port)
    {
        User = user;
        KeyFile = keyFile;
        Port = port;
    }

    public Setting<string>? User { get; }
    /// <summary>The private key, already expanded to an absolute path.</summary>
    public Setting<string>? KeyFile { get; }
    public Setting<int>? Port { get; }
}

/// <summary>The machine names and aliases a layer writes for one machine, each with its node for error positions.</summary>
internal sealed class AliasSettings
{
    public AliasSettings(string file, IReadOnlyList<(YamlNode Node, string Alias)> aliases, SettingOrigin origin)
    {
        File = file;
        Aliases = aliases;
        Origin = origin;
    }

    public string File { get; }
    public IReadOnlyList<(YamlNode Node, string Alias)> Aliases { get; }
    public SettingOrigin Origin { get; }
}
