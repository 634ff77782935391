namespace Ragnatramp.Ssh;

/// <summary>How a guest-side write of /etc/hosts ended.</summary>
internal enum GuestWriteOutcome
{
    Written,
    /// <summary>/etc/hosts no longer has the checksum it had when it was read: read again.</summary>
    ChangedSinceRead,
    Failed,
}
