namespace Ragnatramp.HyperV;

/// <summary>MSFT_NetNeighbor.AddressFamily.</summary>
internal enum AddressFamilyKind
{
    Unknown = 0,
    IPv4 = 2,
    IPv6 = 23,
}
