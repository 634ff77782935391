using System;

namespace Ragnatramp.State;

/// <summary>A state file that cannot be read, written or locked; the message names the file and what to do.</summary>
internal sealed class StateFileException : Exception
{
    public StateFileException(string path, StateFileProblem problem, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The state file (or its lock file) concerned.</summary>
    public string Path { get; }
    public StateFileProblem Problem { get; }
}
