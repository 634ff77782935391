namespace Ragnatramp.Discovery;

/// <summary>KvpStatus values of VmAddress: how far Hyper-V's Key-Value Pair Exchange can be trusted.</summary>
internal enum KvpState
{
    Unknown,
    Ok,
    NoContact,
    Disabled,
}
