using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;

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

/// <summary>The session's token, read where the cmdlet runs.</summary>
internal interface ISessionToken
{
    bool IsWindows { get; }
    /// <summary>The token's rights; null when they cannot be read (then Hyper-V itself decides).</summary>
    TokenRights? Read();
}

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

/// <summary>Reads the token in the caller's session with [Security.Principal.WindowsPrincipal] (no extra package needed).</summary>
internal sealed class PowerShellSessionToken : ISessionToken
{
    private const string Script =
        "$p = [Security.Principal.WindowsPrincipal]::new([Security.Principal.WindowsIdentity]::GetCurrent())\n" +
        "$p.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)\n" +
        "$p.IsInRole([Security.Principal.SecurityIdentifier]::new('" + HyperVRights.HyperVAdministratorsSid + "'))";

    private readonly Action<string> _verbose;

    public PowerShellSessionToken(Action<string> verbose) => _verbose = verbose;

    public bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public TokenRights? Read()
    {
        _verbose("Checking that this session may use Hyper-V (elevated, or a member of 'Hyper-V Administrators')");
        try
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddScript(Script, useLocalScope: true);
            var output = ps.Invoke();
            var answers = output.Select(o => o?.BaseObject).OfType<bool>().ToList();
            if (!ps.HadErrors && answers.Count == 2) return new TokenRights(answers[0], answers[1]);
            _verbose("Could not read this session's token (" + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())) + "); Hyper-V decides.");
        }
        catch (RuntimeException ex) when (ex is not PipelineStoppedException)
        {
            // E.g. ConstrainedLanguage mode refuses the types: Hyper-V's own answer stands, and discovery guards against an empty one.
            _verbose($"Could not read this session's token ({ex.Message}); Hyper-V decides.");
        }
        return null;
    }
}
