using System.Text.RegularExpressions;

namespace Ragnatramp.Config;

/// <summary>
/// Resolves plain scalars by the YAML 1.2 core schema, as js-yaml (the Node.js CLI's parser) does:
/// <c>2</c> is a number but <c>"2"</c> a string; <c>true</c> a boolean but <c>yes</c> a string.
/// </summary>
internal static class YamlScalarTyping
{
    private static readonly Regex Null = new("^(~|null|Null|NULL|)$", RegexOptions.CultureInvariant);
    private static readonly Regex Boolean = new("^(true|True|TRUE|false|False|FALSE)$", RegexOptions.CultureInvariant);
    private static readonly Regex Integer = new("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(
        @"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$",
        RegexOptions.CultureInvariant);

    public static YamlScalarType Resolve(YamlScalar scalar)
    {
        if (scalar.Tag == YamlScalar.StringTag || scalar.Style != YamlScalarStyle.Plain)
        {
            return YamlScalarType.String;
        }
        var text = scalar.Text;
        if (Null.IsMatch(text)) return YamlScalarType.Null;
        if (Boolean.IsMatch(text)) return YamlScalarType.Boolean;
        if (Integer.IsMatch(text)) return YamlScalarType.Integer;
        if (Float.IsMatch(text)) return YamlScalarType.Float;
        return YamlScalarType.String;
    }
}
