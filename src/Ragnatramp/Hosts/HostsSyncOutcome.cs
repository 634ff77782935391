using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Ragnatramp.Hosts;

/// <summary>One guest's result plus what the cmdlet needs to report it: error id, category, warnings.</summary>
internal sealed class HostsSyncOutcome
{
    public HostsSyncOutcome(GuestSyncPlan plan, HostsSyncResult result, string? errorId = null,
        ErrorCategory category = ErrorCategory.NotSpecified, IReadOnlyList<string>? warnings = null)
    {
        Plan = plan;
        Result = result;
        ErrorId = errorId;
        Category = category;
        Warnings = warnings ?? Array.Empty<string>();
    }

    public GuestSyncPlan Plan { get; }
    public HostsSyncResult Result { get; }
    /// <summary>Set when Result.Status is Failed: the stable ErrorId of the non-terminating error.</summary>
    public string? ErrorId { get; }
    public ErrorCategory Category { get; }
    public IReadOnlyList<string> Warnings { get; }
}
