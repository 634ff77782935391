using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>A YAML mapping, its entries in file order. Keys are unique (the reader rejects duplicates).</summary>
internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(IReadOnlyList<YamlMappingEntry> entries, int line, int column)
        : base(line, column)
    {
        Entries = entries;
    }

    public IReadOnlyList<YamlMappingEntry> Entries { get; }

    public override string Description => "a mapping (key: value pairs)";
}
