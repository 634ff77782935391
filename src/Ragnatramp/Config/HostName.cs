using System.Text;

namespace Ragnatramp.Config;

/// <summary>
/// RFC 1123 host names, the only names allowed on a guest's /etc/hosts line: anything else
/// (whitespace, '#', a line break) would split, comment out or add lines in every guest's file.
/// </summary>
internal static class HostName
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>What is wrong with <paramref name="name"/> as a host name, or null when it is valid.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }
        foreach (var c in name)
        {
            var problem = CharacterProblem(c);
            if (problem != null) return problem;
        }
        if (name.Length > MaxLength)
        {
            return $"it is {name.Length} characters long, more than {MaxLength}";
        }
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0)
                return "it has an empty label (a '.' at the start, at the end or twice in a row)";
            if (label.Length > MaxLabelLength)
                return $"its label '{label}' is {label.Length} characters long, more than {MaxLabelLength}";
            if (label[0] == '-' || label[label.Length - 1] == '-')
                return $"its label '{label}' starts or ends with '-'";
        }
        if (IsAllDigits(labels[labels.Length - 1]))
        {
            return "its last label is all digits, so it would read as an IP address";
        }
        return null;
    }

    /// <summary>The name with line breaks, tabs and other control characters shown as escapes, for messages.</summary>
    public static string Printable(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            switch (c)
            {
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("x4"));
                    else text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }

    private static string? CharacterProblem(char c)
    {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')
            return null;
        if (c == '\n' || c == '\r')
            return "it contains a line break";
        if (char.IsWhiteSpace(c))
            return "it contains whitespace";
        if (c == '#')
            return "it contains '#', which starts a comment in /etc/hosts";
        if (char.IsControl(c))
            return "it contains a control character";
        return $"it contains '{c}'";
    }

    private static bool IsAllDigits(string label)
    {
        foreach (var c in label)
        {
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
