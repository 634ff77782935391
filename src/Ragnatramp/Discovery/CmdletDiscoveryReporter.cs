using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Ragnatramp.Discovery;

/// <summary>
/// Forwards discovery's narration to a cmdlet: -Verbose, warnings, and a Write-Progress bar naming
/// the VMs still waiting. Discovery calls it on the pipeline thread, where Write* is allowed.
/// </summary>
internal sealed class CmdletDiscoveryReporter : IDiscoveryReporter
{
    private const int ProgressActivityId = 0x5247; // any fixed id: one bar per cmdlet
    private const string Activity = "Waiting for VM addresses";
    private readonly Cmdlet _cmdlet;
    private readonly Action<DiscoveredVm>? _finished;

    /// <param name="cmdlet">Where Write* goes.</param>
    /// <param name="finished">Called as each VM's result becomes final (e.g. to write it to the pipeline at once).</param>
    public CmdletDiscoveryReporter(Cmdlet cmdlet, Action<DiscoveredVm>? finished = null)
    {
        _cmdlet = cmdlet;
        _finished = finished;
    }

    public void Verbose(string message) => _cmdlet.WriteVerbose(message);

    public void Warning(string message) => _cmdlet.WriteWarning(message);

    public void Waiting(IReadOnlyList<string> vmNames, TimeSpan elapsed, TimeSpan timeout)
    {
        var status = string.Format(CultureInfo.InvariantCulture, "{0} ({1:0} s of {2:0} s)",
            string.Join(", ", vmNames), elapsed.TotalSeconds, timeout.TotalSeconds);
        var percent = timeout > TimeSpan.Zero ? (int)Math.Min(99, 100 * elapsed.TotalMilliseconds / timeout.TotalMilliseconds) : -1;
        _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, Activity, status)
        {
            PercentComplete = percent,
            SecondsRemaining = (int)Math.Max(0, (timeout - elapsed).TotalSeconds),
        });
    }

    public void WaitingDone() =>
        _cmdlet.WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });

    public void Finished(DiscoveredVm vm) => _finished?.Invoke(vm);
}
