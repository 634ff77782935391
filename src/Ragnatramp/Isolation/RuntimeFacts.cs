using System;

namespace Ragnatramp.Isolation;

/// <summary>What the importing session runs on, as far as the module's requirements go.</summary>
internal sealed class RuntimeFacts
{
    public RuntimeFacts(Version powerShellVersion, bool isNetFramework, int? netFrameworkRelease)
    {
        PowerShellVersion = powerShellVersion;
        IsNetFramework = isNetFramework;
        NetFrameworkRelease = netFrameworkRelease;
    }

    /// <summary>System.Management.Automation's assembly version: 3.0.0.0 in Windows PowerShell, 7.x.0.y in PowerShell 7.</summary>
    public Version PowerShellVersion { get; }
    public bool IsNetFramework { get; }
    /// <summary>The Release value under HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full (null: unknown).</summary>
    public int? NetFrameworkRelease { get; }
}
