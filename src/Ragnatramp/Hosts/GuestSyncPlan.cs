using System.Collections.Generic;

namespace Ragnatramp.Hosts;

/// <summary>One guest in a plan: the block it gets, or the result it already has (skipped before any network work).</summary>
internal sealed class GuestSyncPlan
{
    public GuestSyncPlan(HostsSyncGuest guest, IReadOnlyList<string> blockLines, HostsSyncResult? settled)
    {
        Guest = guest;
        BlockLines = blockLines;
        Settled = settled;
    }

    public HostsSyncGuest Guest { get; }
    /// <summary>The guest's block (markers included, without its own line).</summary>
    public IReadOnlyList<string> BlockLines { get; }
    public string BlockText => string.Join("\n", BlockLines) + "\n";
    /// <summary>Non-null when the guest is not synced at all (not running, no IPv4, duplicate IPv4).</summary>
    public HostsSyncResult? Settled { get; }
    /// <summary>False when the user declined this guest at a -Confirm prompt: it comes out Skipped.</summary>
    public bool Confirmed { get; set; } = true;
}
