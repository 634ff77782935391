using System;

namespace Ragnatramp.Hosts;

/// <summary>
/// The BEGIN/END lines that delimit one managed block in a hosts file: <c># BEGIN RAGNATRAMP</c> in a
/// guest's /etc/hosts, <c># BEGIN RAGNATRAMP &lt;project&gt;</c> in the host's own hosts file (one block per
/// project, so several projects share the file). A marker matches only exactly (case and all), so
/// another project's block is a user line to this one.
/// </summary>
internal sealed class HostsBlockMarkers
{
    /// <summary>The unnamed block every guest's /etc/hosts carries.</summary>
    public static readonly HostsBlockMarkers Guest = new("# BEGIN RAGNATRAMP", "# END RAGNATRAMP");

    private HostsBlockMarkers(string begin, string end)
    {
        Begin = begin;
        End = end;
    }

    public string Begin { get; }
    public string End { get; }

    /// <summary>The markers of one project's block in the host's hosts file.</summary>
    public static HostsBlockMarkers ForProject(string project)
    {
        if (string.IsNullOrEmpty(project) || !ManagedHostsBlock.IsValidHostName(project))
            throw new ArgumentException($"'{project}' cannot name a hosts block.", nameof(project));
        return new HostsBlockMarkers(Guest.Begin + " " + project, Guest.End + " " + project);
    }
}
