using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Discovery;

/// <summary>How a VM's discovery ended.</summary>
internal enum DiscoveryOutcome
{
    /// <summary>An IPv4 was found (Source hyperv or arp).</summary>
    Found,
    /// <summary>Not running: reported at once with null addresses.</summary>
    NotRunning,
    /// <summary>Running, but no adapter on the switch: waiting cannot help.</summary>
    NoAdapterOnSwitch,
    /// <summary>Running, and no IPv4 appeared before the timeout.</summary>
    TimedOut,
}

/// <summary>One VM's result: its address object, how discovery ended, and for failures what was tried.</summary>
internal sealed class DiscoveredVm
{
    public DiscoveredVm(VmAddress address, DiscoveryOutcome outcome, string? problem)
    {
        Address = address;
        Outcome = outcome;
        Problem = problem;
    }

    public VmAddress Address { get; }
    public DiscoveryOutcome Outcome { get; }
    /// <summary>For NoAdapterOnSwitch and TimedOut: what was tried and what to check.</summary>
    public string? Problem { get; }

    /// <summary>A running VM left without an IPv4 (the AddressNotFound cases).</summary>
    public bool IsMissingAddress => Outcome is DiscoveryOutcome.TimedOut or DiscoveryOutcome.NoAdapterOnSwitch;
}

/// <summary>A VM with the right name that the ownership marker says is not this project's.</summary>
internal sealed class RejectedVm
{
    public RejectedVm(VmTarget target, string vmName, string reason)
    {
        Target = target;
        VmName = vmName;
        Reason = reason;
    }

    public VmTarget Target { get; }
    public string VmName { get; }
    public string Reason { get; }
}

/// <summary>All of a discovery: per VM results in request order, targets that matched no VM, VMs refused.</summary>
internal sealed class DiscoveryResult
{
    public DiscoveryResult(IReadOnlyList<DiscoveredVm> vms, IReadOnlyList<VmTarget> notFound, IReadOnlyList<RejectedVm> rejected)
    {
        Vms = vms;
        NotFound = notFound;
        Rejected = rejected;
    }

    public IReadOnlyList<DiscoveredVm> Vms { get; }
    /// <summary>Exact names or state ids that matched no VM (wildcard patterns that match nothing are not listed).</summary>
    public IReadOnlyList<VmTarget> NotFound { get; }
    public IReadOnlyList<RejectedVm> Rejected { get; }

    public IEnumerable<VmAddress> Addresses => Vms.Select(v => v.Address);
    public IEnumerable<DiscoveredVm> MissingAddress => Vms.Where(v => v.IsMissingAddress);
}
