namespace Ragnatramp.HyperV;

/// <summary>What the session's Windows token says about the two ways to be allowed into Hyper-V.</summary>
internal sealed class TokenRights
{
    public TokenRights(bool isElevatedAdministrator, bool isHyperVAdministrator)
    {
        IsElevatedAdministrator = isElevatedAdministrator;
        IsHyperVAdministrator = isHyperVAdministrator;
    }

    /// <summary>In the Administrators role: true only when elevated (UAC leaves Administrators deny-only otherwise).</summary>
    public bool IsElevatedAdministrator { get; }
    /// <summary>A member of the local 'Hyper-V Administrators' group (S-1-5-32-578), which needs no elevation.</summary>
    public bool IsHyperVAdministrator { get; }
}
