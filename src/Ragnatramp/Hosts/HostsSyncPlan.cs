using System.Collections.Generic;

namespace Ragnatramp.Hosts;

/// <summary>The whole set of guests, decided before any guest is touched.</summary>
internal sealed class HostsSyncPlan
{
    public HostsSyncPlan(IReadOnlyList<GuestSyncPlan> guests, IReadOnlyList<string> warnings, string block)
    {
        Guests = guests;
        Warnings = warnings;
        Block = block;
    }

    /// <summary>Every guest, in the stable output order (machine/VM name, ordinal, case-insensitive).</summary>
    public IReadOnlyList<GuestSyncPlan> Guests { get; }
    /// <summary>Duplicate addresses and unusable names, for the caller to show.</summary>
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>The block listing every synced VM (each guest's copy leaves out its own line).</summary>
    public string Block { get; }
}
