using System.Threading;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

/// <summary>Records each subnet discovery asks to resolve; <see cref="OnResolve"/> lets a test make guests appear in the table.</summary>
internal sealed class FakeSweep : INeighborSweep
{
    public List<string> Subnets { get; } = new();
    public Action<OnLinkSubnet>? OnResolve { get; set; }

    public int Resolve(OnLinkSubnet subnet, CancellationToken cancellation)
    {
        Subnets.Add(subnet.ToString());
        OnResolve?.Invoke(subnet);
        return subnet.OtherHosts().Count();
    }
}
