using System;
using System.Management.Automation;
using System.Threading;

namespace Ragnatramp.Cmdlets;

/// <summary>Base of every Ragnatramp cmdlet: owns the cancellation that Ctrl+C (StopProcessing) triggers.</summary>
public abstract class RagnaCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

    private static int _conflictWarned;

    protected override void BeginProcessing()
    {
        // Once per session: the first Ragnatramp command says when its libraries are another module's.
        if (Loading.IsolatedLibraries.DesktopConflictWarning is { } warning && Interlocked.Exchange(ref _conflictWarned, 1) == 0)
        {
            WriteWarning(warning);
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
