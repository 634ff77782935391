using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

/// <summary>Which VMs to find addresses for, on which switch, and how long to wait for running ones.</summary>
internal sealed class DiscoveryRequest
{
    /// <param name="targets">The VMs asked for.</param>
    /// <param name="switchNameOrId">A switch name or Id as -SwitchName / settings.switch_name give it (see <see cref="SwitchSelector.Parse"/>).</param>
    /// <param name="timeout">How long to wait for running VMs' addresses; zero = one pass.</param>
    public DiscoveryRequest(IReadOnlyList<VmTarget> targets, string? switchNameOrId, TimeSpan timeout)
    {
        Targets = targets;
        Switch = SwitchSelector.Parse(switchNameOrId);
        Timeout = timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout;
    }

    public IReadOnlyList<VmTarget> Targets { get; }
    /// <summary>The switch to read (by Id or name).</summary>
    public SwitchSelector Switch { get; }
    /// <summary>How messages name the switch.</summary>
    public string SwitchName => Switch.ToString();
    /// <summary>Zero = one pass, no waiting.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>
/// One requested VM: a name (wildcards allowed), or a project machine (its VM id and name from the
/// state, or its derived name plus the ownership marker the Node.js CLI writes into Notes).
/// </summary>
internal sealed class VmTarget
{
    private VmTarget(string name, Guid? id, string? machineName, string? ownerConfigPath, bool isRecorded = false)
    {
        Name = name;
        Id = id;
        MachineName = machineName;
        OwnerConfigPath = ownerConfigPath;
        IsRecorded = isRecorded;
    }

    /// <summary>VM name or wildcard pattern.</summary>
    public string Name { get; }
    /// <summary>The Hyper-V VM id recorded in the state; matched before the name.</summary>
    public Guid? Id { get; }
    public string? MachineName { get; }
    /// <summary>When set, only a VM whose Notes carry managed:true and config:&lt;this path&gt; matches.</summary>
    public string? OwnerConfigPath { get; }
    /// <summary>The project's state records this VM (so it existed once, unlike a name asked for).</summary>
    public bool IsRecorded { get; }

    public bool IsPattern => Id is null && WildcardPattern.ContainsWildcardCharacters(Name);

    public static VmTarget ByName(string nameOrPattern) => new(nameOrPattern, null, null, null);

    /// <summary>A VM asked for by name whose machine the caller already knows (a piped Get-RagnaConfig or VmAddress object).</summary>
    public static VmTarget ByName(string nameOrPattern, string? machineName) =>
        new(nameOrPattern, null, string.IsNullOrEmpty(machineName) ? null : machineName, null);

    /// <summary>A machine recorded in the state: the id identifies the VM, the name is the fallback.</summary>
    public static VmTarget FromState(string machineName, string vmName, Guid? vmId) =>
        new(vmName, vmId is { } id && id != Guid.Empty ? id : null, machineName, null, isRecorded: true);

    /// <summary>A machine of a project without state: the derived name, owned by this config.</summary>
    public static VmTarget Derived(string machineName, string vmName, string configPath) =>
        new(vmName, null, machineName, configPath);

    /// <summary>Whether this VM is what the target asks for, ignoring the ownership marker.</summary>
    public bool Matches(VmRecord vm)
    {
        if (Id is { } id && vm.Id == id) return true;
        // The literal name first: a VM named 'web [test]' piped from Get-VM must find itself.
        if (string.Equals(vm.Name, Name, StringComparison.OrdinalIgnoreCase)) return true;
        // A name escaped for wildcards ('web `[1`]') means the VM named without the escapes; matched here, in Ragnatramp.
        if (Name.IndexOf('`') >= 0 && string.Equals(vm.Name, WildcardPattern.Unescape(Name), StringComparison.OrdinalIgnoreCase)) return true;
        return IsPattern && new WildcardPattern(Name, WildcardOptions.IgnoreCase).IsMatch(vm.Name);
    }

    public override string ToString() => MachineName is null ? Name : $"{MachineName} ({Name})";
}

/// <summary>The Notes marker of a VM the Node.js CLI created for a config (lines managed:true and config:&lt;path&gt;).</summary>
internal static class OwnershipMarker
{
    public static bool IsOwnedBy(string? notes, string configPath)
    {
        if (string.IsNullOrEmpty(notes)) return false;
        var lines = notes!.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        var managed = lines.Any(l => string.Equals(l.Replace(" ", ""), "managed:true", StringComparison.OrdinalIgnoreCase));
        var ownConfig = lines.Any(l => l.StartsWith("config:", StringComparison.OrdinalIgnoreCase)
            && SamePath(l.Substring("config:".Length).Trim(), configPath));
        return managed && ownConfig;
    }

    /// <summary>Case-insensitive, '\' and '/' alike, trailing separators ignored (Windows paths as the Node.js CLI writes them).</summary>
    public static bool SamePath(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    private static string Canonical(string path) => path.Trim().Replace('\\', '/').TrimEnd('/');
}
