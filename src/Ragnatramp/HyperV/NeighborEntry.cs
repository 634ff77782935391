namespace Ragnatramp.HyperV;

/// <summary>One entry of the host's neighbour (ARP/NDP) table (Get-NetNeighbor).</summary>
internal sealed class NeighborEntry
{
    public NeighborEntry(string interfaceAlias, string ipAddress, string linkLayerAddress, NeighborState state, AddressFamilyKind addressFamily)
    {
        InterfaceAlias = interfaceAlias;
        IPAddress = ipAddress;
        LinkLayerAddress = linkLayerAddress;
        State = state;
        AddressFamily = addressFamily;
    }

    public string InterfaceAlias { get; }
    public string IPAddress { get; }
    /// <summary>Normalized like adapter MACs: no separators, upper case; empty when the entry has none.</summary>
    public string LinkLayerAddress { get; }
    public NeighborState State { get; }
    public AddressFamilyKind AddressFamily { get; }

    public override string ToString() => $"{IPAddress} {LinkLayerAddress} {State} on {InterfaceAlias}";

    public NeighborEntry WithInterfaceAlias(string alias) => new(alias, IPAddress, LinkLayerAddress, State, AddressFamily);
}
