using Ragnatramp.Config;
using Ragnatramp.HyperV;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class ProjectStatusTests
{
    private const string ConfigPath = @"C:\Users\me\demo\ragnatramp.yaml";
    private static readonly string Marker = $"ragnatramp:v0.1.0\nconfig:{ConfigPath}\nmanaged:true";

    private static ProjectConfig Config(params string[] machines) => new(ConfigPath, "demo",
        machines.Select(m => new MachineDefinition(m, new string[0], $"demo-{m}-1a2b3c4d", SshLogin.None)).ToList());

    private static StateDocument NodeState() => StateDocument.Parse(StateFixture.Text("node-state.json"), "state.json");

    [Fact]
    public void A_recorded_VM_shows_its_live_state_beside_its_recorded_network()
    {
        var live = new[] { new VmRecord("renamed-by-hand", Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10"), VmState.Saved, "Saved", null) };

        var web = ProjectStatus.Of(Config("web", "db"), NodeState(), live).Single(r => r.MachineName == "web");

        Assert.Equal("renamed-by-hand", web.VMName);
        Assert.Equal("Saved", web.State);
        Assert.Equal("172.18.185.163", web.IPv4);
        Assert.Equal("Network Adapter", web.AdapterName);
        Assert.Equal("arp", web.Source);
        Assert.Equal(new DateTime(2026, 1, 30, 10, 5, 0, DateTimeKind.Utc), web.DiscoveredAt);
    }

    [Fact]
    public void A_recorded_VM_that_Hyper_V_no_longer_has_is_Missing()
    {
        var rows = ProjectStatus.Of(Config("web", "db"), NodeState(), new VmRecord[0]);

        Assert.All(rows, r => Assert.Equal(ProjectStatus.Missing, r.State));
        Assert.Equal("demo-db-1a2b3c4d", rows.Single(r => r.MachineName == "db").VMName);
    }

    [Fact]
    public void Without_a_state_only_a_VM_with_the_marker_for_this_config_counts()
    {
        var live = new[]
        {
            new VmRecord("demo-web-1a2b3c4d", Guid.NewGuid(), VmState.Running, "Running", Marker),
            new VmRecord("demo-db-1a2b3c4d", Guid.NewGuid(), VmState.Running, "Running", "someone else's VM"),
        };

        var rows = ProjectStatus.Of(Config("web", "db"), null, live);

        Assert.Equal("Running", rows.Single(r => r.MachineName == "web").State);
        Assert.Equal(ProjectStatus.NotCreated, rows.Single(r => r.MachineName == "db").State);
        Assert.All(rows, r => Assert.Null(r.IPv4));
    }

    [Fact]
    public void A_config_machine_the_state_does_not_record_is_listed_too()
    {
        var rows = ProjectStatus.Of(Config("web", "db", "cache"), NodeState(), new VmRecord[0]);

        Assert.Equal(new[] { "web", "db", "cache" }, rows.Select(r => r.MachineName));
        Assert.Equal(ProjectStatus.NotCreated, rows.Last().State);
    }
}
