using System;

namespace Ragnatramp.Config;

/// <summary>A key path that cannot be expanded; the config reader adds file, line and column.</summary>
internal sealed class KeyPathException : Exception
{
    public KeyPathException(string message)
        : base(message)
    {
    }
}
