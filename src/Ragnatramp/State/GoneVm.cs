using System;

namespace Ragnatramp.State;

/// <summary>A VM the state records whose Hyper-V VM no longer exists.</summary>
internal sealed class GoneVm
{
    public GoneVm(string machineName, string vmName, Guid? vmId)
    {
        MachineName = machineName;
        VmName = vmName;
        VmId = vmId;
    }

    public string MachineName { get; }
    public string VmName { get; }
    public Guid? VmId { get; }
}
