using Ragnatramp.Isolation.LoadContext;

namespace Ragnatramp.Tests.Isolation;

public class AssemblySourceTests
{
    private static readonly Version V5 = new(5, 0, 0, 0);
    private static readonly Version V8 = new(8, 0, 0, 0);
    private static readonly Version V10 = new(10, 0, 0, 0);

    [Theory]
    // name shipped by the runtime, at least the version asked for: one shared copy
    [InlineData("10.0.0.0", "10.0.0.0", true, "10.0.0.0", AssemblySourceKind.Shared)]
    [InlineData("8.0.0.0", "10.0.0.0", true, "8.0.0.0", AssemblySourceKind.Shared)]
    // PowerShell 7.4: System.Formats.Asn1 8.0 in the runtime, SSH.NET asks for 10.0, we ship 10.0
    [InlineData("10.0.0.0", "8.0.0.0", true, "10.0.0.0", AssemblySourceKind.Private)]
    // PowerShell 7.4 ships Microsoft.Bcl.AsyncInterfaces 5.0; SSH.NET asks for 8.0
    [InlineData("8.0.0.0", "5.0.0.0", true, "8.0.0.0", AssemblySourceKind.Private)]
    // ours is older than asked too: let the default context report the real problem
    [InlineData("10.0.0.0", "8.0.0.0", true, "9.0.0.0", AssemblySourceKind.Shared)]
    // third-party libraries the runtime does not ship: always ours
    [InlineData("2026.0.0.1", null, false, "2026.0.0.1", AssemblySourceKind.Private)]
    // not ours and not the runtime's: nothing to choose
    [InlineData("1.0.0.0", null, false, null, AssemblySourceKind.Shared)]
    public void Choose_prefers_the_runtime_copy_unless_it_is_older_than_asked(string requested, string? platform, bool isPlatform, string? ours, AssemblySourceKind expected)
    {
        var choice = AssemblySource.Choose(Version.Parse(requested), platform == null ? null : Version.Parse(platform), isPlatform,
            ours == null ? null : Version.Parse(ours));
        Assert.Equal(expected, choice);
    }

    [Fact]
    public void Choose_shares_when_no_version_is_asked_for()
    {
        Assert.Equal(AssemblySourceKind.Shared, AssemblySource.Choose(null, V5, true, V8));
        Assert.Equal(AssemblySourceKind.Private, AssemblySource.Choose(null, null, false, V10));
    }
}
