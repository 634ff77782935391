using System.Collections.Generic;
using Ragnatramp.Config;

namespace Ragnatramp.Hosts;

/// <summary>One VM handed to the sync: its discovered address, its names for the hosts line and its SSH login.</summary>
internal sealed class HostsSyncGuest
{
    public HostsSyncGuest(VmAddress address, IReadOnlyList<string>? hostNames, SshLogin login, string? machineName = null)
    {
        Address = address;
        // PowerShell turns a $null string property into "": an empty machine name means none.
        MachineName = !string.IsNullOrEmpty(machineName) ? machineName : string.IsNullOrEmpty(address.MachineName) ? null : address.MachineName;
        HostNames = hostNames != null && hostNames.Count > 0 ? hostNames : new[] { DisplayName };
        Login = login;
    }

    public VmAddress Address { get; }
    /// <summary>The project machine the VM belongs to (matched by VM id or name), else the address's own; null outside a project.</summary>
    public string? MachineName { get; }
    /// <summary>Machine name then aliases (inside a project); the VM name outside one.</summary>
    public IReadOnlyList<string> HostNames { get; }
    /// <summary>The resolved login (config ssh blocks with -User/-KeyFile applied); parts may be unset.</summary>
    public SshLogin Login { get; }
    /// <summary>What results are sorted and the block is ordered by: machine name, else VM name.</summary>
    public string DisplayName => MachineName ?? Address.VMName;
}
