using System;
using System.Collections.Generic;

namespace Ragnatramp.Discovery;

/// <summary>Which VMs to find addresses for, on which switch, and how long to wait for running ones.</summary>
internal sealed class DiscoveryRequest
{
    /// <param name="targets">The VMs asked for.</param>
    /// <param name="switchNameOrId">A switch name or Id as -SwitchName / settings.switch_name give it (see <see cref="SwitchSelector.Parse"/>).</param>
    /// <param name="timeout">How long to wait for running VMs' addresses; zero = one pass.</param>
    public DiscoveryRequest(IReadOnlyList<VmTarget> targets, string? switchNameOrId, TimeSpan timeout)
    {
        Targets = targets;
        Switch = SwitchSelector.Parse(switchNameOrId);
        Timeout = timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout;
    }

    public IReadOnlyList<VmTarget> Targets { get; }
    /// <summary>The switch to read (by Id or name).</summary>
    public SwitchSelector Switch { get; }
    /// <summary>How messages name the switch.</summary>
    public string SwitchName => Switch.ToString();
    /// <summary>Zero = one pass, no waiting.</summary>
    public TimeSpan Timeout { get; }
}
