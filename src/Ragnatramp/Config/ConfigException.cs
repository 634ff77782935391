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
