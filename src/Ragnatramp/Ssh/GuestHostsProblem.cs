namespace Ragnatramp.Ssh;

/// <summary>Why reading or writing a guest's /etc/hosts failed, as far as the sync reports it differently.</summary>
internal enum GuestHostsProblem
{
    Other,
    /// <summary>sudo wanted a password, a terminal or a sudoers rule.</summary>
    SudoRefused,
    /// <summary>There is no sudo on the guest.</summary>
    SudoMissing,
}
