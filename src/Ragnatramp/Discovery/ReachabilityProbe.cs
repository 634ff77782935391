using System;
using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>
/// The one TCP reachability check: <see cref="Connect"/> (a short connect to a port) is what both
/// discovery and the hosts sync use. As an <see cref="IAddressProbe"/> (discovery: is a host at this
/// address?) it connects to the SSH port, then sends one ICMP echo; a refused connection counts as an
/// answer there, because only a live host sends the reset (<see cref="TcpConnect"/>).
/// </summary>
internal sealed class ReachabilityProbe : IAddressProbe
{
    public const int SshPort = 22;
    private readonly TimeSpan _timeout;

    public ReachabilityProbe(TimeSpan? timeout = null) => _timeout = timeout ?? TimeSpan.FromMilliseconds(300);

    public bool Answers(string ipv4, CancellationToken cancellation) =>
        Connect(ipv4, SshPort, _timeout, cancellation).HostAnswers || PingAnswers(ipv4, cancellation);

    /// <summary>
    /// One TCP connect to <paramref name="ipv4"/>:<paramref name="port"/>, given up after <paramref name="timeout"/>.
    /// Throws OperationCanceledException when <paramref name="cancellation"/> fires.
    /// </summary>
    public static TcpConnect Connect(string ipv4, int port, TimeSpan timeout, CancellationToken cancellation)
    {
        if (!AddressRules.TryParseIPv4(ipv4, out var address))
            return TcpConnect.Failed($"'{ipv4}' is not an IPv4 address");
        using var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            var connect = client.ConnectAsync(address, port);
            if (!connect.Wait((int)timeout.TotalMilliseconds, cancellation))
                return TcpConnect.Failed(string.Format(CultureInfo.InvariantCulture, "no answer within {0:0.#} s", timeout.TotalSeconds));
            return TcpConnect.Open;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException socket)
        {
            return Of(socket);
        }
        catch (SocketException socket)
        {
            return Of(socket);
        }
        catch (AggregateException ex)
        {
            return TcpConnect.Failed((ex.InnerException ?? ex).Message);
        }
    }

    private static TcpConnect Of(SocketException socket) =>
        socket.SocketErrorCode == SocketError.ConnectionRefused ? TcpConnect.Refused : TcpConnect.Failed(socket.Message);

    private bool PingAnswers(string ipv4, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        try
        {
            using var ping = new Ping();
            return ping.Send(ipv4, (int)_timeout.TotalMilliseconds).Status == IPStatus.Success;
        }
        catch (PingException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
