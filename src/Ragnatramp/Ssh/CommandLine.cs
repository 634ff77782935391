using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Ragnatramp.Ssh;

/// <summary>
/// Joins arguments into one ProcessStartInfo.Arguments string so the started program sees each one
/// unchanged: the Windows C runtime's rules (quotes around arguments with spaces or quotes, backslashes
/// before a quote doubled), which .NET also follows when it splits the string on Unix.
/// </summary>
internal static class CommandLine
{
    public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

    public static string Quote(string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"')) return argument;
        var quoted = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }
            quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            quoted.Append(c);
        }
        quoted.Append('\\', backslashes * 2).Append('"');
        return quoted.ToString();
    }
}
