using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class ManagedVmMarkerTests
{
    private const string Config = @"C:\Users\me\demo\ragnatramp.yaml";

    [Fact]
    public void Notes_written_by_the_Node_CLI_mark_the_VM_as_managed_for_its_config()
    {
        Assert.True(ManagedVmMarker.IsManagedFor("ragnatramp:v0.1.0\nconfig:C:\\Users\\me\\demo\\ragnatramp.yaml\nmanaged:true", Config));
    }

    [Fact]
    public void The_config_path_compares_ignoring_case_and_slash_direction_and_CRLF()
    {
        Assert.True(ManagedVmMarker.IsManagedFor("ragnatramp:v0.1.0\r\nconfig:c:/users/ME/demo/ragnatramp.yaml\r\nmanaged:true\r\n", Config));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("my own VM")]
    [InlineData("ragnatramp:v0.1.0\nconfig:C:\\Users\\me\\demo\\ragnatramp.yaml")]
    [InlineData("ragnatramp:v0.1.0\nconfig:C:\\Users\\me\\other\\ragnatramp.yaml\nmanaged:true")]
    [InlineData("managed:true")]
    public void Without_the_marker_for_this_config_a_VM_is_not_ours(string? notes)
    {
        Assert.False(ManagedVmMarker.IsManagedFor(notes, Config));
    }

    [Fact]
    public void The_legacy_marker_line_names_the_config_too()
    {
        Assert.True(ManagedVmMarker.IsManagedFor("ragnatramp:C:\\Users\\me\\demo\\ragnatramp.yaml\nmanaged:true", Config));
    }
}
