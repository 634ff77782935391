using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>
/// One 1-byte UDP datagram to the discard port (9) of each other address of the subnet: to send it, the host's IP stack
/// must resolve the address (ARP), and a guest answers ARP whatever it runs, so its MAC lands in the neighbour table.
/// Nothing listens on port 9 in a normal guest; the datagram itself is dropped.
/// </summary>
internal sealed class UdpNeighborSweep : INeighborSweep
{
    public const int DiscardPort = 9;

    public int Resolve(OnLinkSubnet subnet, CancellationToken cancellation)
    {
        if (subnet.PrefixLength < OnLinkSubnet.ShortestPrefix)
            throw new InvalidOperationException($"Refusing to sweep {subnet}: wider than /{OnLinkSubnet.ShortestPrefix}.");
        var payload = new byte[] { 0 };
        var sent = 0;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Bound to the host's own address on the switch, so the datagrams leave through that interface; an address
            // this machine does not have (the interface went away meanwhile) binds nothing and sends nothing.
            socket.Bind(new IPEndPoint(IPAddress.Parse(subnet.HostAddress), 0));
        }
        catch (SocketException)
        {
            return 0;
        }
        foreach (var address in subnet.OtherHosts())
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                socket.SendTo(payload, new IPEndPoint(address, DiscardPort));
                sent++;
            }
            catch (SocketException)
            {
                // An address that cannot be reached (e.g. an ICMP error of an earlier datagram surfacing) is simply skipped.
            }
        }
        return sent;
    }
}
