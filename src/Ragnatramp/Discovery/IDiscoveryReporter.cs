using System;
using System.Collections.Generic;

namespace Ragnatramp.Discovery;

/// <summary>
/// Where discovery reports while it runs. Called only on the thread that called
/// <see cref="AddressDiscovery.Discover"/>, so a cmdlet can forward to its Write* methods.
/// </summary>
internal interface IDiscoveryReporter
{
    void Verbose(string message);
    void Warning(string message);
    /// <summary>VMs still waiting for an address after a round.</summary>
    void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout);
    /// <summary>Waiting is over (called once, when there was waiting).</summary>
    void WaitingDone();
    /// <summary>A VM's result is final: lets a cmdlet emit it before slower VMs are done.</summary>
    void Finished(DiscoveredVm vm);
}
