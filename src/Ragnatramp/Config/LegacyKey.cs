namespace Ragnatramp.Config;

/// <summary>A Ragnatramp 0.1 key found in ragnatramp.yaml: what it is ("settings.switch_name") and where.</summary>
internal sealed class LegacyKey
{
    public LegacyKey(string what, int line, int column)
    {
        What = what;
        Line = line;
        Column = column;
    }

    public string What { get; }
    public int Line { get; }
    public int Column { get; }
}
