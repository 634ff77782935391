using System.Net;
using System.Net.Sockets;
using Ragnatramp.Discovery;

namespace Ragnatramp.Tests.Discovery;

// Loopback only: a listener this test opens, and a port it has just closed.
public class ReachabilityProbeTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_listening_port_accepts_and_its_host_answers()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var connect = ReachabilityProbe.Connect("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, Generous, CancellationToken.None);

            Assert.True(connect.Accepted);
            Assert.True(connect.HostAnswers);
            Assert.Null(connect.Problem);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_refused_connection_means_the_host_answers_but_the_port_is_closed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var connect = ReachabilityProbe.Connect("127.0.0.1", port, Generous, CancellationToken.None);

        Assert.False(connect.Accepted);
        Assert.True(connect.WasRefused);
        Assert.True(connect.HostAnswers);
        Assert.Equal("connection refused: is sshd running?", connect.Problem);
    }

    [Fact]
    public void Text_that_is_not_an_IPv4_address_is_not_connected_to()
    {
        var connect = ReachabilityProbe.Connect("localhost", 22, Generous, CancellationToken.None);

        Assert.False(connect.HostAnswers);
        Assert.Contains("not an IPv4 address", connect.Problem);
    }
}
