using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>Addresses that answer are listed; every probe is logged.</summary>
internal sealed class FakeProbe : IAddressProbe
{
    public HashSet<string> Live { get; } = new();
    public List<string> Probed { get; } = new();

    public FakeProbe(params string[] live)
    {
        foreach (var ip in live) Live.Add(ip);
    }

    public bool Answers(string ipv4, CancellationToken cancellation)
    {
        Probed.Add(ipv4);
        return Live.Contains(ipv4);
    }
}
