using System;
using System.Diagnostics;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>The wall clock.</summary>
internal sealed class SystemDiscoveryClock : IDiscoveryClock
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _stopwatch.Elapsed;
    public DateTime UtcNow => DateTime.UtcNow;

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        if (duration > TimeSpan.Zero) cancellation.WaitHandle.WaitOne(duration);
        cancellation.ThrowIfCancellationRequested();
    }
}
