using System;
using System.Linq;

namespace Ragnatramp.HyperV;

/// <summary>
/// The host's own Microsoft.HyperV.PowerShell.VMState, when the Hyper-V module has loaded it into this process (not
/// under the Windows PowerShell compatibility layer, where the module runs in another process): its names for
/// numbers are the truth of this host's build, so a bare number is read through it.
/// </summary>
internal static class HostVmStateType
{
    public const string TypeName = "Microsoft.HyperV.PowerShell.VMState";

    private static Type? _found;

    /// <summary>The host type's name for <paramref name="number"/>, or null when the type is not loaded or has no such value.</summary>
    public static string? NameOf(long number)
    {
        var type = Find();
        if (type is null) return null;
        try
        {
            return Enum.GetName(type, Enum.ToObject(type, number));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Type? Find()
    {
        // Remembered once found; looked for again while absent (the Hyper-V module may load later in the session).
        if (_found is not null) return _found;
        var type = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .Select(a => SafeGetType(a, TypeName))
            .FirstOrDefault(t => t is { IsEnum: true });
        return _found = type;
    }

    private static Type? SafeGetType(System.Reflection.Assembly assembly, string name)
    {
        try
        {
            return assembly.GetType(name, throwOnError: false);
        }
        catch (Exception e) when (e is System.IO.IOException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }
}
