using System;

namespace Ragnatramp.Config;

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
