using Ragnatramp.Discovery;

namespace Ragnatramp.Tests.Discovery;

public class AddressRulesTests
{
    [Theory]
    [InlineData("172.18.185.163", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("192.168.1.254", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("223.255.255.254", true)]
    [InlineData("169.253.255.255", true)]   // just below link-local
    [InlineData("169.255.0.1", true)]       // just above link-local
    [InlineData(" 10.1.2.3 ", true)]        // KVP strings are trimmed
    [InlineData("169.254.12.34", false)]    // APIPA: DHCP failed
    [InlineData("169.254.0.0", false)]
    [InlineData("0.0.0.0", false)]          // KVP: not ready
    [InlineData("0.1.2.3", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.255.254", false)]
    [InlineData("224.0.0.251", false)]      // multicast
    [InlineData("239.255.255.250", false)]
    [InlineData("240.0.0.1", false)]        // reserved
    [InlineData("255.255.255.255", false)]  // broadcast
    [InlineData("fe80::215:5dff:fede:3309", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]  // IPv4-mapped IPv6 is still IPv6 text
    [InlineData("10.0.0", false)]
    [InlineData("10", false)]               // IPAddress.TryParse would accept this
    [InlineData("10.0.0.256", false)]
    [InlineData("10.0.0.01234", false)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("10.0.0.-1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Usable_unicast_IPv4_is_decided_by_the_table(string? address, bool usable) =>
        Assert.Equal(usable, AddressRules.IsUsableIPv4(address));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("127.0.0.1", true)]         // an IPv4 address, if not a usable one
    [InlineData("255.255.255.255", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData(" 10.1.2.3", false)]        // nothing around it: it would be written into a hosts line as it is
    [InlineData("10.0.0", false)]
    [InlineData("10", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("１０.0.0.1", false)]        // full-width digits
    [InlineData("fe80::1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_IPv4_address_is_four_decimal_octets(string? text, bool isIPv4) =>
        Assert.Equal(isIPv4, AddressRules.IsIPv4(text));

    [Theory]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("250.1.1.1", "reserved")]
    [InlineData("fe80::1", "not an IPv4")]
    public void Rejections_name_the_reason(string address, string reason) =>
        Assert.Contains(reason, AddressRules.WhyNotUsableIPv4(address));

    public static TheoryData<string[], string?> FirstUsableCases => new()
    {
        { new[] { "172.18.185.163", "fe80::215:5dff:fede:3309" }, "172.18.185.163" },
        { new[] { "fe80::215:5dff:fede:3309", "172.18.185.163" }, "172.18.185.163" },
        { new[] { "169.254.3.4", "172.18.185.163" }, "172.18.185.163" },
        { new[] { "0.0.0.0", "10.0.0.9", "10.0.0.10" }, "10.0.0.9" },
        { new[] { "169.254.3.4" }, null },
        { new[] { "0.0.0.0" }, null },
        { new[] { "fe80::1", "2001:db8::5" }, null },
        { Array.Empty<string>(), null },
    };

    [Theory]
    [MemberData(nameof(FirstUsableCases))]
    public void First_usable_IPv4_skips_unusable_and_IPv6_entries(string[] addresses, string? expected) =>
        Assert.Equal(expected, AddressRules.FirstUsableIPv4(addresses));

    [Fact]
    public void IPv6_list_keeps_only_IPv6_in_order_without_duplicates()
    {
        var ipv6 = AddressRules.IPv6Addresses(new[] { "10.0.0.1", "fe80::215:5dff:fede:3309", "2001:db8::1", "FE80::215:5DFF:FEDE:3309", "0.0.0.0", "junk" });
        Assert.Equal(new[] { "fe80::215:5dff:fede:3309", "2001:db8::1" }, ipv6);
    }

    [Fact]
    public void Rejected_IPv4_lists_each_unusable_dotted_quad_with_its_reason()
    {
        var rejected = AddressRules.RejectedIPv4(new[] { "169.254.7.7", "10.0.0.1", "fe80::1", "0.0.0.0" }).ToList();
        Assert.Equal(2, rejected.Count);
        Assert.StartsWith("169.254.7.7 (link-local", rejected[0]);
        Assert.StartsWith("0.0.0.0 (unspecified", rejected[1]);
    }
}
