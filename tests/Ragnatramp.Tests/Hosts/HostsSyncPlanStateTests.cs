using Ragnatramp.Config;
using Ragnatramp.Hosts;

namespace Ragnatramp.Tests.Hosts;

public class HostsSyncPlanStateTests
{
    private static HostsSyncGuest Guest(string machine, string state, string ip) => new(
        new VmAddress { MachineName = machine, VMName = $"demo-{machine}-1a2b3c4d", VMId = Guid.NewGuid(), State = state, IPv4 = ip },
        new[] { machine }, new SshLogin("kadmin", "/keys/id_ed25519"));

    [Fact]
    public void Plan_treats_a_RunningCritical_guest_as_running_it_is_synced_and_listed_in_its_peers_blocks()
    {
        var plan = HostsSyncEngine.Plan(new[] { Guest("web", "RunningCritical", "10.0.0.1"), Guest("db", "Running", "10.0.0.2") });

        var web = plan.Guests.Single(g => g.Guest.DisplayName == "web");
        Assert.Null(web.Settled);
        Assert.Contains("10.0.0.2 db", web.BlockLines);
        Assert.Contains("10.0.0.1 web", plan.Guests.Single(g => g.Guest.DisplayName == "db").BlockLines);
    }
}
