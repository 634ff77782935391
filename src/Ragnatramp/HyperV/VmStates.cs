using System;

namespace Ragnatramp.HyperV;

/// <summary>What the running-ness of a Hyper-V state means for address discovery.</summary>
internal static class VmStates
{
    /// <summary>Running, or a state that becomes Running by itself (Starting, Resuming); *Critical counts as the state it names.</summary>
    public static bool IsRunning(VmState state) => state is VmState.Running or VmState.RunningCritical;

    /// <summary>
    /// The same rule on a state's name, as VmAddress.State carries it (the state file, the duplicate check and
    /// the hosts sync judge by name); only an exact VMState name counts, never a number.
    /// </summary>
    public static bool IsRunning(string? stateName) => TryParseName(stateName, out var state) && IsRunning(state);

    /// <summary>An exact VMState name (case-insensitive), never a number.</summary>
    public static bool TryParseName(string? name, out VmState state)
    {
        state = VmState.Unknown;
        if (string.IsNullOrWhiteSpace(name)) return false;
        var trimmed = name!.Trim();
        return Enum.TryParse(trimmed, ignoreCase: true, out state)
               && state != VmState.Unknown
               && string.Equals(state.ToString(), trimmed, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>States on the way to Running: worth waiting for an address rather than reporting "not running".</summary>
    public static bool IsComingUp(VmState state) =>
        state is VmState.Starting or VmState.StartingCritical or VmState.Resuming or VmState.ResumingCritical;

    /// <summary>A running VM, or one about to run, gets polled until it has an address.</summary>
    public static bool ExpectsAddress(VmState state) => IsRunning(state) || IsComingUp(state);
}
