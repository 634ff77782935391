namespace Ragnatramp.Config;

/// <summary>How a scalar was written: plain scalars are typed by their text (2, true, null); others are strings.</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}
