using System.Collections.Generic;

namespace Ragnatramp.Config;

/// <summary>
/// Parses YAML text into a <see cref="YamlNode"/> tree. Declared here in BCL types; implemented with
/// YamlDotNet in Ragnatramp.Isolated (obtain it with IsolatedLibraries.Create).
/// </summary>
internal interface IYamlDocumentReader
{
    /// <summary>
    /// The single document in <paramref name="text"/>, or null when the text holds no document at all.
    /// Throws <see cref="ConfigException"/> (naming <paramref name="fileName"/>, line and column) on a
    /// syntax error, a duplicate key, an undefined alias or more than one document.
    /// </summary>
    YamlNode? Read(string text, string fileName);
}

/// <summary>A node of a parsed YAML document with its 1-based position in the file.</summary>
internal abstract class YamlNode
{
    protected YamlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }
    public int Column { get; }

    /// <summary>What the node is, in words for error messages ("a list", "the number 2", ...).</summary>
    public abstract string Description { get; }
}

/// <summary>How a scalar was written: plain scalars are typed by their text (2, true, null); others are strings.</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>A scalar as written: its text after YAML unescaping, and how it was written.</summary>
internal sealed class YamlScalar : YamlNode
{
    /// <summary>The YAML tag that forces a scalar to be a string (<c>!!str 2</c>).</summary>
    public const string StringTag = "tag:yaml.org,2002:str";

    public YamlScalar(string text, YamlScalarStyle style, int line, int column, string? tag = null)
        : base(line, column)
    {
        Text = text;
        Style = style;
        Tag = tag;
    }

    public string Text { get; }
    public YamlScalarStyle Style { get; }
    /// <summary>The explicit tag, resolved to its full form (e.g. tag:yaml.org,2002:str), or null.</summary>
    public string? Tag { get; }

    /// <summary>The YAML 1.2 core-schema type this scalar resolves to (as js-yaml, the Node.js CLI's parser, reads it).</summary>
    public YamlScalarType Type => YamlScalarTyping.Resolve(this);

    public override string Description => Type switch
    {
        YamlScalarType.Null => "empty (null)",
        YamlScalarType.Boolean => $"the boolean {Text}",
        YamlScalarType.Integer => $"the number {Text}",
        YamlScalarType.Float => $"the number {Text}",
        _ => $"the text '{HostName.Printable(Text)}'",
    };
}

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

/// <summary>One key: value pair of a mapping. Keys are scalars: the reader rejects complex keys.</summary>
internal sealed class YamlMappingEntry
{
    public YamlMappingEntry(YamlScalar key, YamlNode value)
    {
        Key = key;
        Value = value;
    }

    public YamlScalar Key { get; }
    public YamlNode Value { get; }
}
