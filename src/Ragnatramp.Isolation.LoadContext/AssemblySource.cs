using System;

namespace Ragnatramp.Isolation.LoadContext;

/// <summary>The decision, kept pure so it is tested without a runtime to load into.</summary>
public static class AssemblySource
{
    /// <param name="requested">The version the referencing assembly asks for (null: any).</param>
    /// <param name="platformVersion">The version the runtime/PowerShell ships, when it ships one.</param>
    /// <param name="isPlatformAssembly">Whether the runtime/PowerShell ships an assembly of that name.</param>
    /// <param name="privateVersion">The version in the module's Dependencies folder (null: none there).</param>
    public static AssemblySourceKind Choose(Version? requested, Version? platformVersion, bool isPlatformAssembly, Version? privateVersion)
    {
        if (privateVersion == null) return AssemblySourceKind.Shared;
        if (!isPlatformAssembly) return AssemblySourceKind.Private;
        // The runtime's copy is preferred (one copy of System.* for everyone) unless it is older than
        // what we were built against and ours is new enough.
        var platformSatisfies = requested == null || (platformVersion != null && platformVersion >= requested);
        if (platformSatisfies) return AssemblySourceKind.Shared;
        return requested == null || privateVersion >= requested ? AssemblySourceKind.Private : AssemblySourceKind.Shared;
    }
}
