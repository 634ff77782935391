namespace Ragnatramp.HyperV;

/// <summary>The host's own interface on a switch, as NetTCPIP\Get-NetIPAddress shows its IPv4 address.</summary>
internal sealed class HostInterface
{
    public HostInterface(string interfaceAlias, uint? interfaceIndex, string? ipv4Address, int prefixLength)
    {
        InterfaceAlias = interfaceAlias;
        InterfaceIndex = interfaceIndex;
        IPv4Address = ipv4Address;
        PrefixLength = prefixLength;
    }

    public string InterfaceAlias { get; }
    /// <summary>Null when not known (then the neighbour table is read by alias).</summary>
    public uint? InterfaceIndex { get; }
    /// <summary>The interface's IPv4 address; null when it has none.</summary>
    public string? IPv4Address { get; }
    public int PrefixLength { get; }

    public override string ToString() => $"{InterfaceAlias} (ifIndex {InterfaceIndex}) {IPv4Address}/{PrefixLength}";
}
