using System;
using System.IO;
using System.Text;

namespace Ragnatramp.Config;

/// <summary>
/// Turns a key path as written in ragnatramp.yaml into an absolute, normalized path:
/// a leading <c>~</c> is the home folder; <c>%VAR%</c>, <c>$VAR</c> and <c>${VAR}</c> are
/// environment variables; a relative path is relative to the config's folder.
/// </summary>
internal sealed class KeyPathExpansion
{
    private readonly Func<string, string?> _variable;
    private readonly string _home;

    public KeyPathExpansion(Func<string, string?> variable, string home)
    {
        _variable = variable;
        _home = home;
    }

    /// <summary>The current process's environment and the user's home folder.</summary>
    public static KeyPathExpansion FromEnvironment() =>
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// The expanded absolute path; throws <see cref="KeyPathException"/> (without position: the
    /// caller knows where the value is) when a variable is undefined or '~user' is used.
    /// </summary>
    public string Expand(string written, string configDirectory)
    {
        var path = ExpandVariables(ExpandHome(written));
        if (path.Length == 0)
        {
            throw new KeyPathException($"'{written}' expands to an empty path");
        }
        try
        {
            return Path.GetFullPath(Path.Combine(configDirectory, path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new KeyPathException($"'{written}' is not a valid path: {e.Message}");
        }
    }

    private string ExpandHome(string path)
    {
        if (!path.StartsWith("~", StringComparison.Ordinal))
        {
            return path;
        }
        if (path.Length == 1)
        {
            return _home;
        }
        if (path[1] == '/' || path[1] == '\\')
        {
            return Path.Combine(_home, path.Substring(2));
        }
        throw new KeyPathException(
            $"'{path}' starts with '~' followed by a name: only '~' (your own home folder) is supported; write '~/...' or a full path");
    }

    private string ExpandVariables(string path)
    {
        var result = new StringBuilder(path.Length);
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '%' && TryReadPercentVariable(path, i, out var percentName, out var percentEnd))
            {
                result.Append(Lookup(percentName, $"%{percentName}%"));
                i = percentEnd;
            }
            else if (c == '$' && TryReadDollarVariable(path, i, out var dollarName, out var dollarEnd, out var written))
            {
                result.Append(Lookup(dollarName, written));
                i = dollarEnd;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }

    private string Lookup(string name, string written)
    {
        var value = _variable(name);
        // Windows sets USERPROFILE, not HOME; "$HOME/.ssh/..." is still what people write, so HOME falls back to the home folder.
        if (value == null && string.Equals(name, "HOME", StringComparison.OrdinalIgnoreCase))
        {
            value = _home;
        }
        if (value == null)
        {
            throw new KeyPathException($"environment variable {written} is not defined: define it or write the path without it");
        }
        return value;
    }

    // %NAME%: a name without '%' or whitespace between two '%'. A lone '%' stays as written.
    private static bool TryReadPercentVariable(string path, int start, out string name, out int end)
    {
        var close = path.IndexOf('%', start + 1);
        name = close > start + 1 ? path.Substring(start + 1, close - start - 1) : "";
        end = close + 1;
        if (name.Length == 0)
        {
            return false;
        }
        foreach (var ch in name)
        {
            if (char.IsWhiteSpace(ch)) return false;
        }
        return true;
    }

    // $NAME or ${NAME}, NAME = [A-Za-z_][A-Za-z0-9_]*. A '$' not followed by a name stays as written.
    private static bool TryReadDollarVariable(string path, int start, out string name, out int end, out string written)
    {
        name = "";
        end = start + 1;
        written = "$";
        var braced = start + 1 < path.Length && path[start + 1] == '{';
        var i = start + (braced ? 2 : 1);
        var nameStart = i;
        while (i < path.Length && IsNameChar(path[i], first: i == nameStart))
        {
            i++;
        }
        if (i == nameStart)
        {
            return false;
        }
        if (braced && (i >= path.Length || path[i] != '}'))
        {
            return false;
        }
        name = path.Substring(nameStart, i - nameStart);
        end = braced ? i + 1 : i;
        written = path.Substring(start, end - start);
        return true;
    }

    private static bool IsNameChar(char c, bool first) =>
        c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}
