using System;

namespace Ragnatramp.State;

/// <summary>What the stale-lock check asks of a process on this machine.</summary>
internal interface ILocalProcess : IDisposable
{
    /// <summary>May throw Win32Exception when the process cannot be opened (Windows).</summary>
    bool HasExited { get; }
    /// <summary>UTC start time; null when it cannot be read.</summary>
    DateTime? StartedAt { get; }
}
