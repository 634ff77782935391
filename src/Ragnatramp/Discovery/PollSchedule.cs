using System;

namespace Ragnatramp.Discovery;

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
