using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>
/// Where discovery reports while it runs. Called only on the thread that called
/// <see cref="AddressDiscovery.Discover"/>, so a cmdlet can forward to its Write* methods.
/// </summary>
internal interface IDiscoveryReporter
{
    void Verbose(string message);
    void Warning(string message);
    /// <summary>VMs still waiting for an address after a round.</summary>
    void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout);
    /// <summary>Waiting is over (called once, when there was waiting).</summary>
    void WaitingDone();
    /// <summary>A VM's result is final: lets a cmdlet emit it before slower VMs are done.</summary>
    void Finished(DiscoveredVm vm);
}

/// <summary>Time as the poll loop sees it, so tests can run it without waiting.</summary>
internal interface IDiscoveryClock
{
    TimeSpan Elapsed { get; }
    DateTime UtcNow { get; }
    /// <summary>Waits, or throws OperationCanceledException as soon as <paramref name="cancellation"/> fires.</summary>
    void Sleep(TimeSpan duration, CancellationToken cancellation);
}

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

/// <summary>A reporter that drops everything (for callers that only want the result).</summary>
internal sealed class SilentDiscoveryReporter : IDiscoveryReporter
{
    public static readonly SilentDiscoveryReporter Instance = new();
    public void Verbose(string message) { }
    public void Warning(string message) { }
    public void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout) { }
    public void WaitingDone() { }
    public void Finished(DiscoveredVm vm) { }
}

/// <summary>
/// When to poll again: start-to-start intervals of 100, 150 and 250 ms, then every 300 ms. The cap
/// keeps an address that appears at any moment reported within about 0.3 s plus one round (the
/// target is 0.5 s; the original design polled every 3 s), while a long wait for DHCP (2–15 s on
/// the Default Switch) stays at about three rounds a second of one call into Hyper-V (adapters; VM states
/// and KVP health every <see cref="StateRefresh"/>) — and a round slower than that (real Hyper-V calls
/// take a while) simply runs back to back, 50 ms apart.
/// </summary>
internal static class PollSchedule
{
    private static readonly int[] IntervalsMs = { 100, 150, 250, 300 };

    /// <summary>
    /// How often a round also reads VM states (Get-VM) and KVP health (Get-VMIntegrationService) again; the rounds in
    /// between read only the adapters (and the neighbour table), one Hyper-V call each.
    /// </summary>
    public static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(10);

    /// <summary>Never sleep less than this between rounds, however long a round took.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);

    /// <summary>The interval between the start of round <paramref name="round"/> (1-based) and the next.</summary>
    public static TimeSpan IntervalAfter(int round) =>
        TimeSpan.FromMilliseconds(IntervalsMs[Math.Min(Math.Max(round, 1), IntervalsMs.Length) - 1]);
}
