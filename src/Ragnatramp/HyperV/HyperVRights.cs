using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>
/// Hyper-V answers a session that is neither elevated nor in 'Hyper-V Administrators' with an EMPTY
/// VM list and no error, which would look like "every VM is gone". So the token is checked first.
/// </summary>
internal static class HyperVRights
{
    public const string HyperVAdministratorsSid = "S-1-5-32-578";

    /// <summary>What to do about missing rights (shared by every access-denied message).</summary>
    public const string Advice =
        "Run PowerShell elevated (Run as administrator), or add your account to the local 'Hyper-V Administrators' group " +
        "(Add-LocalGroupMember -Group 'Hyper-V Administrators' -Member $env:USERNAME) and sign in again. " +
        "A scheduled task needs 'Run with highest privileges' unless its account is in that group.";

    /// <summary>HyperVAccessDenied when this is Windows and the token has neither right; null when Hyper-V may be asked.</summary>
    public static HyperVException? Refusal(ISessionToken token)
    {
        if (!token.IsWindows) return null;
        var rights = token.Read();
        if (rights is null || rights.IsElevatedAdministrator || rights.IsHyperVAdministrator) return null;
        return new HyperVException(HyperVErrorIds.AccessDenied, ErrorCategory.PermissionDenied,
            "This session is neither elevated nor a member of 'Hyper-V Administrators', so Hyper-V would list no VMs " +
            "at all (it answers such a session with an empty list, not an error). " + Advice,
            "Hyper-V");
    }
}
