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
