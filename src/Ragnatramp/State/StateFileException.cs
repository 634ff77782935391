using System;

namespace Ragnatramp.State;

/// <summary>What is wrong with a state file.</summary>
internal enum StateFileProblem
{
    /// <summary>Not JSON, or not shaped like a state.</summary>
    Corrupt,
    /// <summary>A version other than 1.</summary>
    UnsupportedVersion,
    /// <summary>The file or its folder cannot be read or written.</summary>
    Inaccessible,
    /// <summary>Another process held the state lock for longer than the wait allows.</summary>
    Locked,
}

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
