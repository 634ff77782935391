using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ragnatramp.Discovery;

/// <summary>
/// The IPv4 subnet the host's own interface on the switch is on (its address and prefix length): the only addresses
/// Ragnatramp ever makes the host resolve. Never wider than /20 (4096 addresses).
/// </summary>
internal sealed class OnLinkSubnet
{
    /// <summary>The widest prefix swept: /20, 4096 addresses.</summary>
    public const int ShortestPrefix = 20;
    public const int MaximumAddresses = 1 << (32 - ShortestPrefix);

    private readonly uint _network;
    private readonly uint _host;

    private OnLinkSubnet(uint network, int prefixLength, uint host)
    {
        _network = network;
        PrefixLength = prefixLength;
        _host = host;
    }

    public int PrefixLength { get; }
    public string Network => ToText(_network);
    public string HostAddress => ToText(_host);
    public uint Size => 1u << (32 - PrefixLength);

    /// <summary>"10.231.4.0/24".</summary>
    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The subnet of <paramref name="hostAddress"/>/<paramref name="prefixLength"/>, or null with the reason: not an
    /// IPv4 unicast address, a prefix shorter than /20 (more than 4096 addresses: refused), or one with no other host (/31, /32).
    /// </summary>
    public static OnLinkSubnet? TryCreate(string? hostAddress, int prefixLength, out string? refusal)
    {
        refusal = null;
        if (!IPAddress.TryParse(hostAddress ?? "", out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork
            || IPAddress.IsLoopback(parsed) || !AddressRules.IsUsableIPv4(parsed.ToString()))
        {
            refusal = $"'{hostAddress}' is not a usable IPv4 address of the host";
            return null;
        }
        if (prefixLength < ShortestPrefix)
        {
            refusal = $"the subnet {hostAddress}/{prefixLength} is wider than /{ShortestPrefix} ({MaximumAddresses} addresses); Ragnatramp does not sweep it";
            return null;
        }
        if (prefixLength > 30)
        {
            refusal = $"the subnet {hostAddress}/{prefixLength} has no other host";
            return null;
        }
        var host = ToNumber(parsed);
        var mask = uint.MaxValue << (32 - prefixLength);
        return new OnLinkSubnet(host & mask, prefixLength, host);
    }

    /// <summary>Whether the address lies inside this subnet.</summary>
    public bool Contains(string address) =>
        IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork
        && (ToNumber(parsed) & (uint.MaxValue << (32 - PrefixLength))) == _network;

    /// <summary>Every host address of the subnet but the network, broadcast and the host's own address.</summary>
    public IEnumerable<IPAddress> OtherHosts()
    {
        var broadcast = _network + Size - 1;
        for (var a = _network + 1; a < broadcast; a++)
        {
            if (a == _host) continue;
            yield return new IPAddress(new[] { (byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a });
        }
    }

    private static uint ToNumber(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
    }

    private static string ToText(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
}
