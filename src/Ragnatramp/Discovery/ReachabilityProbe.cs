using System;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>
/// A short TCP connect to the SSH port, then one ICMP echo. A refused connection counts as an
/// answer: only a live host sends the reset.
/// </summary>
internal sealed class ReachabilityProbe : IAddressProbe
{
    public const int SshPort = 22;
    private readonly TimeSpan _timeout;

    public ReachabilityProbe(TimeSpan? timeout = null) => _timeout = timeout ?? TimeSpan.FromMilliseconds(300);

    public bool Answers(string ipv4, CancellationToken cancellation) =>
        TcpAnswers(ipv4, cancellation) || PingAnswers(ipv4, cancellation);

    private bool TcpAnswers(string ipv4, CancellationToken cancellation)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            var connect = client.ConnectAsync(ipv4, SshPort);
            if (!connect.Wait((int)_timeout.TotalMilliseconds, cancellation)) return false;
            return client.Connected;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return true;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode == SocketError.ConnectionRefused;
        }
    }

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
