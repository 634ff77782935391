namespace Ragnatramp.Config;

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
