using System;
using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Discovery;

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
