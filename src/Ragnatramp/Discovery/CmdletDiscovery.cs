using System;
using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>
/// Address discovery wired to a cmdlet: Hyper-V called in the cmdlet's session, callee errors
/// re-emitted with WriteError, narration to -Verbose/warnings/Write-Progress. Use it from
/// BeginProcessing/ProcessRecord/EndProcessing (the pipeline thread) only.
/// </summary>
internal static class CmdletDiscovery
{
    /// <param name="cmdlet">The calling cmdlet, whose session runs the Hyper-V commands.</param>
    /// <param name="finished">Called as each VM's result becomes final, on the pipeline thread.</param>
    public static AddressDiscovery Create(PSCmdlet cmdlet, Action<DiscoveredVm>? finished = null)
    {
        var gateway = new HyperVGateway(cmdlet.WriteVerbose, cmdlet.WriteError);
        return new AddressDiscovery(gateway, new CmdletDiscoveryReporter(cmdlet, finished));
    }

    /// <summary>AddressNotFound: a running VM without an IPv4 (timed out, or no adapter on the switch); the VmAddress is the target.</summary>
    public static ErrorRecord AddressNotFound(DiscoveredVm vm)
    {
        var category = vm.Outcome == DiscoveryOutcome.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.ObjectNotFound;
        var message = vm.Problem ?? $"No IPv4 address for VM '{vm.Address.VMName}'.";
        return new ErrorRecord(new HyperVException(HyperVErrorIds.AddressNotFound, category, message, vm.Address),
            HyperVErrorIds.AddressNotFound, category, vm.Address);
    }

    /// <summary>The warning for a machine of the project that has no VM yet (none recorded, none by derived name and marker), worded alike by every cmdlet.</summary>
    public static string NoVmYet(VmTarget target) =>
        $"Machine '{target.MachineName}' has no VM yet (expected a VM named '{target.Name}' with the ragnatramp marker in its Notes); create it with 'ragnatramp up'.";

    /// <summary>VMNotFound: an exact name (or a recorded VM) that matches no VM on this host; the name is the target.</summary>
    public static ErrorRecord VmNotFound(VmTarget target)
    {
        var message = target.Id is { } id
            ? $"VM '{target.Name}' (machine '{target.MachineName}', id {id}) recorded in the state does not exist in Hyper-V any more. Recreate it (ragnatramp up) or remove it from the state."
            : $"No VM named '{target.Name}' exists on this host. Check the name with Hyper-V\\Get-VM.";
        return new ErrorRecord(new ItemNotFoundException(message), HyperVErrorIds.VmNotFound, ErrorCategory.ObjectNotFound, target.Name);
    }
}
