using Ragnatramp.Discovery;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.Discovery;

public class MacAndMarkerTests
{
    [Theory]
    [InlineData("00-15-5D-DE-33-09", "00155DDE3309")]
    [InlineData("00:15:5d:de:33:09", "00155DDE3309")]
    [InlineData("00155dde3309", "00155DDE3309")]
    [InlineData("0015.5dde.3309", "00155DDE3309")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mac_addresses_normalize_to_upper_case_without_separators(string? mac, string expected) =>
        Assert.Equal(expected, MacAddresses.Normalize(mac));

    [Theory]
    [InlineData("00155DDE3309", true)]
    [InlineData("000000000000", false)]
    [InlineData("00-00-00-00-00-00", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void All_zero_or_empty_mac_is_not_assigned(string? mac, bool assigned) =>
        Assert.Equal(assigned, MacAddresses.IsAssigned(mac));

    [Theory]
    [InlineData("00155DDE3309", "00-15-5d-de-33-09", true)]
    [InlineData("00155DDE3309", "00-15-5D-DE-33-0A", false)]
    [InlineData("000000000000", "00-00-00-00-00-00", false)] // two unresolved MACs never "match"
    public void Same_mac_compares_normalized_and_never_matches_all_zero(string a, string b, bool same) =>
        Assert.Equal(same, MacAddresses.SameAddress(a, b));

    [Theory]
    [InlineData("ragnatramp:v0.1.0\nconfig:C:\\Users\\me\\demo\\ragnatramp.yaml\nmanaged:true", @"C:\Users\me\demo\ragnatramp.yaml", true)]
    [InlineData("ragnatramp:v0.1.0\r\nconfig:C:\\Users\\me\\demo\\ragnatramp.yaml\r\nmanaged:true\r\n", @"c:/users/ME/demo/ragnatramp.yaml", true)]
    [InlineData("config:C:/Users/me/demo/ragnatramp.yaml\nmanaged:true", @"C:\Users\me\demo\ragnatramp.yaml", true)]
    [InlineData("config:C:\\Users\\me\\demo\\ragnatramp.yaml", @"C:\Users\me\demo\ragnatramp.yaml", false)]           // not managed
    [InlineData("config:C:\\Users\\me\\other\\ragnatramp.yaml\nmanaged:true", @"C:\Users\me\demo\ragnatramp.yaml", false)] // another project
    [InlineData("managed:true", @"C:\Users\me\demo\ragnatramp.yaml", false)]
    [InlineData("", @"C:\Users\me\demo\ragnatramp.yaml", false)]
    [InlineData(null, @"C:\Users\me\demo\ragnatramp.yaml", false)]
    public void Ownership_marker_needs_managed_and_this_config_path(string? notes, string configPath, bool owned) =>
        Assert.Equal(owned, OwnershipMarker.IsOwnedBy(notes, configPath));
}
