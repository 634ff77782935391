using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.State;

namespace Ragnatramp.Hosts;

/// <summary>
/// A project's block in the host's own hosts file: every VM the state records with an IPv4 (duplicates
/// left out), named <c>&lt;machine&gt;.&lt;project&gt;</c> and <c>&lt;alias&gt;.&lt;project&gt;</c>, sorted by machine name,
/// between <c># BEGIN RAGNATRAMP &lt;project&gt;</c> and <c># END RAGNATRAMP &lt;project&gt;</c>.
/// </summary>
internal static class ProjectHostsBlock
{
    /// <summary>The block's lines, markers included, no line endings.</summary>
    public static IReadOnlyList<string> LinesFor(string project, IEnumerable<RecordedAddress> addresses) =>
        ManagedHostsBlock.LinesFor(Guid.Empty,
            addresses.Select(a => new HostsPeer(a.VmId, a.Machine.Name, a.IPv4, a.Machine.HostNames.Select(n => NameFor(n, project)).ToList())),
            HostsBlockMarkers.ForProject(project));

    /// <summary>A machine name or alias as the host knows it: <c>web.demo</c>.</summary>
    public static string NameFor(string name, string project) => name + "." + project;
}
