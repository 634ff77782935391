using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>The aliases one layer (a file) writes for one machine, each with its node for error positions.</summary>
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
