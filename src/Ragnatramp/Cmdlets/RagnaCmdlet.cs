using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Cmdlets;

/// <summary>
/// Base of every Ragnatramp cmdlet, holding the plumbing they share (as PSOpenAD's OpenADSessionCmdletBase
/// does), so a cmdlet itself only binds parameters, asks ShouldProcess and writes output: the
/// cancellation that Ctrl+C (StopProcessing) triggers, the once-per-session warning about libraries
/// another module loaded first, and Hyper-V calls (discovery included) with their errors as users expect.
/// </summary>
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
        if (Isolation.IsolatedLibraries.DesktopConflictWarning is { } warning && Interlocked.Exchange(ref _conflictWarned, 1) == 0)
        {
            WriteWarning(warning);
        }
    }

    /// <summary>
    /// Each target's current address (<see cref="AddressDiscovery"/>, Hyper-V called in this cmdlet's session);
    /// <paramref name="finished"/> gets each VM's result as it becomes final. Failures as <see cref="CallHyperV{T}"/>.
    /// </summary>
    private protected DiscoveryResult DiscoverAddresses(IReadOnlyList<VmTarget> targets, string switchName, int timeoutSec,
        Action<DiscoveredVm>? finished = null) =>
        CallHyperV(() => CmdletDiscovery.Create(this, finished)
            .Discover(new DiscoveryRequest(targets, switchName, TimeSpan.FromSeconds(timeoutSec)), Cancellation));

    /// <summary>
    /// Runs a call into Hyper-V on the pipeline thread: a <see cref="HyperVException"/> ends the command with its
    /// terminating error (Hyper-V missing, access denied, no such switch, no VMs listed), Ctrl+C stops the pipeline.
    /// </summary>
    private protected T CallHyperV<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (HyperVException ex)
        {
            ThrowTerminatingError(ex.ToErrorRecord());
            throw; // not reached: ThrowTerminatingError always throws
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
