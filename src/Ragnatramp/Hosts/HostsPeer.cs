using System;
using System.Collections.Generic;

namespace Ragnatramp.Hosts;

/// <summary>One VM as it appears in other guests' blocks: its address and its names (machine name, then aliases).</summary>
internal sealed class HostsPeer
{
    public HostsPeer(Guid vmId, string sortName, string ipv4, IReadOnlyList<string> names)
    {
        VmId = vmId;
        SortName = sortName;
        IPv4 = ipv4;
        Names = names;
    }

    public Guid VmId { get; }
    /// <summary>Machine name (or VM name outside a project): the block is sorted by it.</summary>
    public string SortName { get; }
    public string IPv4 { get; }
    public IReadOnlyList<string> Names { get; }
}
