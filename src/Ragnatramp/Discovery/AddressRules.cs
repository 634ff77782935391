using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace Ragnatramp.Discovery;

/// <summary>
/// The one home of IPv4 parsing: what is an IPv4 address (<see cref="IsIPv4"/>), which reported
/// addresses are a VM's usable address, and why the others are not.
/// </summary>
internal static class AddressRules
{
    /// <summary>
    /// Four decimal octets of 0–255, the form KVP and NetTCPIP write (no "10.1", no octal or hex forms,
    /// no IPv6, nothing around them). Says nothing about usability: 127.0.0.1 is an IPv4 address
    /// (<see cref="IsUsableIPv4"/>).
    /// </summary>
    public static bool IsIPv4(string? text) => TryParseIPv4(text, out _);

    /// <summary>The address <see cref="IsIPv4"/> accepts, octets read as decimal (never octal, as IPAddress.Parse would "010").</summary>
    public static bool TryParseIPv4(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text == null || text.Trim().Length != text.Length || !TryParseDottedQuad(text, out var octets)) return false;
        address = new IPAddress(octets.Select(o => (byte)o).ToArray());
        return true;
    }

    /// <summary>A dotted-quad IPv4 that can be a guest's unicast address; null reason = usable.</summary>
    public static bool IsUsableIPv4(string? text) => WhyNotUsableIPv4(text) is null;

    /// <summary>
    /// Null when <paramref name="text"/> is a usable unicast IPv4; otherwise why not. Rejected:
    /// 0.0.0.0/8 (KVP's "not ready yet"), 127/8 loopback, 169.254/16 (link-local: DHCP failed),
    /// 224/4 multicast, 240/4 reserved (which holds the broadcast 255.255.255.255), and anything
    /// that is not four decimal octets (IPv6 included).
    /// </summary>
    public static string? WhyNotUsableIPv4(string? text)
    {
        if (!TryParseDottedQuad(text, out var octets)) return "not an IPv4 address";
        return octets[0] switch
        {
            0 => "unspecified (0.0.0.0/8: not configured yet)",
            127 => "loopback",
            169 when octets[1] == 254 => "link-local (169.254.0.0/16: DHCP failed)",
            >= 224 and <= 239 => "multicast",
            >= 240 => octets.All(o => o == 255) ? "broadcast" : "reserved (240.0.0.0/4)",
            _ => null,
        };
    }

    /// <summary>The first usable IPv4 in the list, in its order.</summary>
    public static string? FirstUsableIPv4(IEnumerable<string> addresses) =>
        addresses.Select(a => a.Trim()).FirstOrDefault(IsUsableIPv4);

    /// <summary>The IPv6 addresses of the list, as reported (zone index kept), without duplicates.</summary>
    public static string[] IPv6Addresses(IEnumerable<string> addresses) =>
        addresses.Select(a => a.Trim())
            .Where(a => IPAddress.TryParse(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>The IPv4-looking entries that were rejected, with the reason, for Warnings.</summary>
    public static IEnumerable<string> RejectedIPv4(IEnumerable<string> addresses) =>
        addresses.Select(a => a.Trim())
            .Where(a => IsIPv4(a) && !IsUsableIPv4(a))
            .Select(a => $"{a} ({WhyNotUsableIPv4(a)})");

    // IPAddress.TryParse accepts "10", "10.1" and octal/hex forms; KVP and NetTCPIP only ever write four decimal octets.
    private static bool TryParseDottedQuad(string? text, out int[] octets)
    {
        octets = new int[4];
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text!.Trim().Split('.');
        if (parts.Length != 4) return false;
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(c => c is >= '0' and <= '9')) return false;
            octets[i] = int.Parse(part, CultureInfo.InvariantCulture);
            if (octets[i] > 255) return false;
        }
        return true;
    }
}
