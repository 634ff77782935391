using Ragnatramp.Isolation;

namespace Ragnatramp.Tests.Isolation;

public class RuntimeRequirementsTests
{
    private static readonly Version WindowsPowerShell = new(3, 0, 0, 0);

    [Theory]
    [InlineData(461808)] // 4.7.2
    [InlineData(528040)] // 4.8
    [InlineData(533320)] // 4.8.1
    public void Windows_PowerShell_on_NET_Framework_4_7_2_or_later_is_accepted(int release) =>
        Assert.Null(RuntimeRequirements.Refusal(new RuntimeFacts(WindowsPowerShell, isNetFramework: true, release)));

    [Theory]
    [InlineData(394802)] // 4.6.2
    [InlineData(461308)] // 4.7.1
    public void An_older_NET_Framework_is_refused_naming_4_7_2(int release)
    {
        var message = RuntimeRequirements.Refusal(new RuntimeFacts(WindowsPowerShell, isNetFramework: true, release));
        Assert.NotNull(message);
        Assert.Contains(".NET Framework 4.7.2", message);
        Assert.Contains(release.ToString(), message);
    }

    [Fact]
    public void An_unreadable_NET_Framework_release_is_not_a_reason_to_refuse() =>
        Assert.Null(RuntimeRequirements.Refusal(new RuntimeFacts(WindowsPowerShell, isNetFramework: true, null)));

    [Theory]
    [InlineData("7.0.0.0")]
    [InlineData("7.2.18.500")]
    [InlineData("7.3.12.500")]
    public void PowerShell_7_before_7_4_is_refused_naming_7_4(string version)
    {
        var message = RuntimeRequirements.Refusal(new RuntimeFacts(Version.Parse(version), isNetFramework: false, null));
        Assert.NotNull(message);
        Assert.Contains("PowerShell 7.4 or later", message);
        Assert.Contains($"PowerShell {Version.Parse(version).Major}.{Version.Parse(version).Minor}", message);
    }

    [Theory]
    [InlineData("7.4.0.500")]
    [InlineData("7.6.0.500")]
    [InlineData("8.0.0.0")]
    public void PowerShell_7_4_and_later_is_accepted(string version) =>
        Assert.Null(RuntimeRequirements.Refusal(new RuntimeFacts(Version.Parse(version), isNetFramework: false, null)));

    [Fact]
    public void This_test_host_is_supported() => RuntimeRequirements.EnsureSupported();
}
