namespace Ragnatramp.HyperV;

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
