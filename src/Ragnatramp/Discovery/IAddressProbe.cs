using System.Threading;

namespace Ragnatramp.Discovery;

/// <summary>Tells whether an address answers right now (a live guest), for choosing between table entries.</summary>
internal interface IAddressProbe
{
    bool Answers(string ipv4, CancellationToken cancellation);
}
