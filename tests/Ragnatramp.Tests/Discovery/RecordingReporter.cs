using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>Records what discovery reports.</summary>
internal sealed class RecordingReporter : IDiscoveryReporter
{
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<IReadOnlyList<string>> WaitingRounds { get; } = new();
    public List<DiscoveredVm> Finished { get; } = new();
    public int DoneCount { get; private set; }

    void IDiscoveryReporter.Verbose(string message) => Verbose.Add(message);
    public void Warning(string message) => Warnings.Add(message);
    public void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout) => WaitingRounds.Add(vmNames);
    public void WaitingDone() => DoneCount++;
    void IDiscoveryReporter.Finished(DiscoveredVm vm) => Finished.Add(vm);
}
