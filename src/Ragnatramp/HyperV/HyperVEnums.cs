using System;

namespace Ragnatramp.HyperV;

/// <summary>
/// Hyper-V's VMState (Microsoft.HyperV.PowerShell.VMState), in the numbering of current Windows builds. Ragnatramp
/// reads a state by its NAME; a bare number is read through <see cref="VmStateNumbering"/>, because older builds number
/// the *Critical states differently (see there).
/// </summary>
internal enum VmState
{
    /// <summary>Not a VMState name Ragnatramp knows (VmRecord.StateName keeps what Hyper-V said).</summary>
    Unknown = 0,
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

/// <summary>
/// The two numberings of VMState. Newer Hyper-V (the VMState of Windows 10 / Server 2016 and later builds that know
/// Hibernated) inserted Hibernated = 32783 and ComponentServicing = 32784, which moved every *Critical state up by
/// two: on older builds RunningCritical is 32783, on newer ones 32785. Numbers up to 32782 mean the same in both.
/// A number is therefore read as: the host's own VMState type, when the Hyper-V module has loaded it into this
/// process (its names are the truth of this host); else, for an ambiguous number, the current numbering.
/// Real objects carry the enum value and deserialized ones its name, so numbers are the last resort.
/// </summary>
internal static class VmStateNumbering
{
    /// <summary>The first number whose meaning differs between the numberings.</summary>
    public const int FirstAmbiguous = 32783;

    /// <summary>The older builds' numbers of the states that moved (RunningCritical = 32783 ... FastSavingCritical = 32794).</summary>
    public static VmState FromLegacyNumber(long number) =>
        number >= FirstAmbiguous && number <= FirstAmbiguous + 11
            ? (VmState)(number + 2)
            : FromCurrentNumber(number);

    public static VmState FromCurrentNumber(long number) =>
        Enum.IsDefined(typeof(VmState), (int)Math.Min(Math.Max(number, int.MinValue), int.MaxValue)) && number != 0 ? (VmState)(int)number : VmState.Unknown;

    /// <summary>
    /// The state a bare number means: <paramref name="hostName"/> (the name the host's own VMState type gives it, when that
    /// type is loaded) wins; otherwise the current numbering.
    /// </summary>
    public static VmState FromNumber(long number, Func<long, string?>? hostName)
    {
        if (hostName?.Invoke(number) is { } name && VmStates.TryParseName(name, out var named)) return named;
        return FromCurrentNumber(number);
    }
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
