using System;
using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>A Hyper-V or NetTCPIP call failed in a way the user must fix; carries our stable ErrorId.</summary>
internal sealed class HyperVException : Exception
{
    public HyperVException(string errorId, ErrorCategory category, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    public string ErrorId { get; }
    public ErrorCategory Category { get; }
    public object? Target { get; }

    public ErrorRecord ToErrorRecord() => new(this, ErrorId, Category, Target);
}

/// <summary>The ErrorIds of Hyper-V and discovery failures (stable: scripts match on them).</summary>
internal static class HyperVErrorIds
{
    public const string ModuleNotFound = "HyperVModuleNotFound";
    public const string ModuleLoadFailed = "HyperVModuleLoadFailed";
    public const string AccessDenied = "HyperVAccessDenied";
    public const string NoVmsListed = "HyperVReturnedNoVMs";
    public const string QueryFailed = "HyperVQueryFailed";
    public const string VmNotFound = "VMNotFound";
    public const string SwitchNotFound = "SwitchNotFound";
    public const string NetNeighborUnavailable = "NetNeighborUnavailable";
    public const string AddressNotFound = "AddressNotFound";
}
