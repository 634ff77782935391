using System;

namespace Ragnatramp.HyperV;

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
