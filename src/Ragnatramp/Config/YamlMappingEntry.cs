namespace Ragnatramp.Config;

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
