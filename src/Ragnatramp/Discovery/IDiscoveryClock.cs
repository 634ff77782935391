using System;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>Time as the poll loop sees it, so tests can run it without waiting.</summary>
internal interface IDiscoveryClock
{
    TimeSpan Elapsed { get; }
    DateTime UtcNow { get; }
    /// <summary>Waits, or throws OperationCanceledException as soon as <paramref name="cancellation"/> fires.</summary>
    void Sleep(TimeSpan duration, CancellationToken cancellation);
}
