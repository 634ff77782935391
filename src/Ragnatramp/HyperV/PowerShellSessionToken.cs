using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace Ragnatramp.HyperV;

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
