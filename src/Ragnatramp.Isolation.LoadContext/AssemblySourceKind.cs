using System;

namespace Ragnatramp.Isolation.LoadContext;

/// <summary>Where a dependency of the isolated code loads from.</summary>
public enum AssemblySourceKind
{
    /// <summary>The default context: PowerShell's or the runtime's copy.</summary>
    Shared,
    /// <summary>The module's own copy, in the private context.</summary>
    Private,
}
