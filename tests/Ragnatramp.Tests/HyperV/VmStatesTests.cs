using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.HyperV;

public class VmStatesTests
{
    [Theory]
    [InlineData("Running", true)]
    [InlineData("RunningCritical", true)]
    [InlineData("runningcritical", true)]
    [InlineData("Off", false)]
    [InlineData("OffCritical", false)]
    [InlineData("Saved", false)]
    [InlineData("Starting", false)]
    [InlineData("2", false)]
    [InlineData("32785", false)]
    [InlineData("Running, Off", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_state_name_counts_as_running_exactly_when_its_VMState_does(string? name, bool running)
    {
        Assert.Equal(running, VmStates.IsRunning(name));
    }
}
