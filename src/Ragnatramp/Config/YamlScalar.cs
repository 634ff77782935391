namespace Ragnatramp.Config;

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
