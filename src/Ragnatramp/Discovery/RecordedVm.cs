using System;

namespace Ragnatramp.Discovery;

/// <summary>A VM the project's state records: machine name, VM name and Hyper-V id.</summary>
internal sealed class RecordedVm
{
    public RecordedVm(string machineName, string? vmName, Guid? vmId)
    {
        MachineName = machineName;
        VmName = vmName;
        VmId = vmId;
    }

    public string MachineName { get; }
    public string? VmName { get; }
    public Guid? VmId { get; }
}
