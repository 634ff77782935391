using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Ragnatramp.Isolation;

/// <summary>
/// The runtimes the module supports: Windows PowerShell 5.1 on .NET Framework 4.7.2 or later, and PowerShell 7.4 or
/// later. The manifest cannot enforce either (5.1 ignores DotNetFrameworkVersion; PowerShellVersion = '5.1' admits
/// pwsh 7.0-7.3, whose runtime cannot load the module's System.Text.Json), so the import refuses them itself.
/// </summary>
internal static class RuntimeRequirements
{
    /// <summary>The Release value of .NET Framework 4.7.2 (its lowest, on Windows 10 1803).</summary>
    public const int NetFramework472Release = 461808;

    public static readonly Version MinimumPowerShell7 = new(7, 4);

    /// <summary>Null when the module can run here; otherwise the message that names what is needed.</summary>
    public static string? Refusal(RuntimeFacts facts)
    {
        if (facts.IsNetFramework)
        {
            if (facts.NetFrameworkRelease is { } release && release < NetFramework472Release)
            {
                return $"Ragnatramp needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1; this machine has an older one " +
                       $"(release {release}, 4.7.2 is {NetFramework472Release}). Install .NET Framework 4.8 (Windows Update, or the offline " +
                       "installer from Microsoft), or use PowerShell 7.4 or later, then start a new session.";
            }
            return null;
        }
        var ps = facts.PowerShellVersion;
        if (ps.Major >= 6 && new Version(ps.Major, ps.Minor) < MinimumPowerShell7)
        {
            return $"Ragnatramp needs PowerShell 7.4 or later (this is PowerShell {ps.Major}.{ps.Minor}, whose .NET runtime cannot load the " +
                   "module's libraries), or Windows PowerShell 5.1. Install the current PowerShell ('winget install Microsoft.PowerShell') " +
                   "and import the module there.";
        }
        return null;
    }

    /// <summary>The facts of this process.</summary>
    public static RuntimeFacts Current()
    {
        var isFramework = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);
        return new RuntimeFacts(typeof(PSObject).Assembly.GetName().Version ?? new Version(0, 0),
            isFramework, isFramework ? ReadNetFrameworkRelease() : null);
    }

    /// <summary>Throws when <see cref="Refusal"/> says so (the import then fails with that message).</summary>
    public static void EnsureSupported()
    {
        if (Refusal(Current()) is { } message) throw new PlatformNotSupportedException(message);
    }

    // Microsoft.Win32.Registry lives in mscorlib on .NET Framework; reached by reflection so netstandard2.0 needs no package.
    private static int? ReadNetFrameworkRelease()
    {
        try
        {
            var registry = Type.GetType("Microsoft.Win32.Registry, mscorlib", throwOnError: false);
            var getValue = registry?.GetMethod("GetValue", BindingFlags.Public | BindingFlags.Static, null,
                new[] { typeof(string), typeof(string), typeof(object) }, null);
            var value = getValue?.Invoke(null, new object?[] { @"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full", "Release", null });
            return value is int release ? release : null;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
