using System;

namespace Ragnatramp.Config;

/// <summary>
/// A ragnatramp.yaml that cannot be used: unreadable, not YAML, or against the schema. The message
/// starts with "file:line:column: " (or "file: " when no position applies) and says what is allowed.
/// </summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, int column, string problem, Exception? inner = null)
        : base(Format(file, line, column, problem), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public string File { get; }
    /// <summary>1-based line, or 0 when the error is about the file as a whole.</summary>
    public int Line { get; }
    /// <summary>1-based column, or 0 when the error is about the file as a whole.</summary>
    public int Column { get; }
    /// <summary>The message without the file and position.</summary>
    public string Problem { get; }

    private static string Format(string file, int line, int column, string problem) =>
        line > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}: {problem}";
}

/// <summary>No config file where one was asked for (or expected in the current location).</summary>
internal sealed class ConfigNotFoundException : Exception
{
    public ConfigNotFoundException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The absolute path of the file (or folder) that was looked for.</summary>
    public string Path { get; }
}
