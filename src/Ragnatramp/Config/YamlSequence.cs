using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>A YAML sequence ([a, b] or "- a" lines).</summary>
internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, int line, int column)
        : base(line, column)
    {
        Items = items;
    }

    public IReadOnlyList<YamlNode> Items { get; }

    public override string Description => "a list";
}
