using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>A clock that only moves when the loop sleeps, recording each sleep.</summary>
internal sealed class FakeClock : IDiscoveryClock
{
    public TimeSpan Elapsed { get; private set; }
    public DateTime UtcNow => new DateTime(2026, 1, 30, 10, 0, 0, DateTimeKind.Utc) + Elapsed;
    public List<TimeSpan> Sleeps { get; } = new();
    /// <summary>Time each round costs (added when the loop asks Get-VM).</summary>
    public Action<TimeSpan>? OnSleep { get; set; }

    public void Advance(TimeSpan by) => Elapsed += by;

    public void Sleep(TimeSpan duration, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Sleeps.Add(duration);
        Elapsed += duration;
        OnSleep?.Invoke(duration);
        cancellation.ThrowIfCancellationRequested();
    }
}
