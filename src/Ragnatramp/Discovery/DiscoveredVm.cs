namespace Ragnatramp.Discovery;

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
