using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Discovery;

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
