using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.HyperV;

/// <summary>A switch interface's neighbour entries, and whether the interface was there at all.</summary>
internal sealed class NeighborTable
{
    public NeighborTable(string interfaceAlias, bool interfaceFound, IReadOnlyList<NeighborEntry> entries)
    {
        InterfaceAlias = interfaceAlias;
        InterfaceFound = interfaceFound;
        Entries = entries;
    }

    public string InterfaceAlias { get; }
    public bool InterfaceFound { get; }
    public IReadOnlyList<NeighborEntry> Entries { get; }

    /// <summary>The host side of a virtual switch as Windows names it by default: vEthernet (&lt;switch&gt;).</summary>
    public static string InterfaceAliasFor(string switchName) => $"vEthernet ({switchName})";

    /// <summary>
    /// The host side of a switch from its management-OS adapters: Windows names the host vNIC
    /// vEthernet (&lt;adapter name&gt;), which differs from the switch name for converged/SET setups
    /// (Add-VMNetworkAdapter -ManagementOS -Name Mgmt). With several, the one named like the switch
    /// (the default vNIC) wins, else the first; with none, the composed default.
    /// </summary>
    public static string InterfaceAliasFor(string switchName, IReadOnlyList<string> managementAdapterNames)
    {
        var name = managementAdapterNames.FirstOrDefault(n => string.Equals(n, switchName, StringComparison.OrdinalIgnoreCase))
            ?? managementAdapterNames.FirstOrDefault(n => !string.IsNullOrEmpty(n));
        return name is null ? InterfaceAliasFor(switchName) : $"vEthernet ({name})";
    }
}
