using System.IO;

namespace Ragnatramp.Ssh;

/// <summary>
/// A pin store (or a Ragnatramp 0.1 pin source) that cannot be trusted as written: a line or entry
/// that does not parse. Every guest fails closed on it; the message names the file and the line.
/// </summary>
internal sealed class KnownHostsException : IOException
{
    public KnownHostsException(string path, int line, string message) : base(message)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The file concerned.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 when the problem is not on one line (a 0.1 JSON entry).</summary>
    public int Line { get; }
}
