using System;

namespace Ragnatramp.HyperV;

/// <summary>Hyper-V's VMState (Microsoft.HyperV.PowerShell.VMState), by number.</summary>
internal enum VmState
{
    Other = 1,
    Running = 2,
    Off = 3,
    Stopping = 4,
    Saved = 6,
    Paused = 9,
    Starting = 10,
    Reset = 11,
    Saving = 32773,
    Pausing = 32776,
    Resuming = 32777,
    FastSaved = 32779,
    FastSaving = 32780,
    ForceShutdown = 32781,
    ForceReboot = 32782,
    Hibernated = 32783,
    ComponentServicing = 32784,
    RunningCritical = 32785,
    OffCritical = 32786,
    StoppingCritical = 32787,
    SavedCritical = 32788,
    PausedCritical = 32789,
    StartingCritical = 32790,
    ResetCritical = 32791,
    SavingCritical = 32792,
    PausingCritical = 32793,
    ResumingCritical = 32794,
    FastSavedCritical = 32795,
    FastSavingCritical = 32796,
}

/// <summary>MSFT_NetNeighbor.State.</summary>
internal enum NeighborState
{
    Unreachable = 0,
    Incomplete = 1,
    Probe = 2,
    Delay = 3,
    Stale = 4,
    Reachable = 5,
    Permanent = 6,
}

/// <summary>MSFT_NetNeighbor.AddressFamily.</summary>
internal enum AddressFamilyKind
{
    Unknown = 0,
    IPv4 = 2,
    IPv6 = 23,
}

/// <summary>VMIntegrationComponentOperationalStatus values Ragnatramp reads.</summary>
internal enum IntegrationStatus
{
    Unknown = 0,
    Ok = 2,
    Degraded = 3,
    Error = 6,
    NonRecoverableError = 7,
    NoContact = 12,
    LostCommunication = 13,
    ProtocolMismatch = 32775,
    Disabled = 32896,
}

/// <summary>What the running-ness of a Hyper-V state means for address discovery.</summary>
internal static class VmStates
{
    /// <summary>Running, or a state that becomes Running by itself (Starting, Resuming); *Critical counts as the state it names.</summary>
    public static bool IsRunning(VmState state) => state is VmState.Running or VmState.RunningCritical;

    /// <summary>
    /// The same rule on a state's name, as VmAddress.State carries it (the state file, the duplicate check and
    /// the hosts sync judge by name); only an exact VMState name counts, never a number.
    /// </summary>
    public static bool IsRunning(string? stateName) =>
        stateName != null
        && Enum.TryParse<VmState>(stateName, ignoreCase: true, out var state)
        && string.Equals(state.ToString(), stateName, StringComparison.OrdinalIgnoreCase)
        && IsRunning(state);

    /// <summary>States on the way to Running: worth waiting for an address rather than reporting "not running".</summary>
    public static bool IsComingUp(VmState state) =>
        state is VmState.Starting or VmState.StartingCritical or VmState.Resuming or VmState.ResumingCritical;

    /// <summary>A running VM, or one about to run, gets polled until it has an address.</summary>
    public static bool ExpectsAddress(VmState state) => IsRunning(state) || IsComingUp(state);
}
