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
