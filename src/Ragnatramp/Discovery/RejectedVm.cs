namespace Ragnatramp.Discovery;

/// <summary>A VM with the right name that the ownership marker says is not this project's.</summary>
internal sealed class RejectedVm
{
    public RejectedVm(VmTarget target, string vmName, string reason)
    {
        Target = target;
        VmName = vmName;
        Reason = reason;
    }

    public VmTarget Target { get; }
    public string VmName { get; }
    public string Reason { get; }
}
