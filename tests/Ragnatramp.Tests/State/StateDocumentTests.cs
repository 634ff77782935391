using System.Text;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class StateDocumentTests
{
    [Theory]
    [InlineData("node-state.json")]
    [InlineData("node-created.json")]
    [InlineData("node-state-readdressed.json")]
    public void A_file_written_by_the_Node_CLI_round_trips_byte_for_byte(string fixture)
    {
        var bytes = StateFixture.Bytes(fixture);
        var document = StateDocument.Parse(Encoding.UTF8.GetString(bytes), fixture);

        Assert.Equal(bytes, Encoding.UTF8.GetBytes(document.ToJson()));
        Assert.False(document.IsModified);
    }

    [Fact]
    public void Typed_accessors_read_the_fields_Ragnatramp_uses()
    {
        var document = StateDocument.Parse(StateFixture.Text("node-state.json"), "state.json");

        Assert.Equal(1, document.Version);
        Assert.Equal(@"C:\Users\me\démo\ragnatramp.yaml", document.ConfigPath);
        Assert.Equal("demo", document.Project);
        Assert.Equal(new[] { "web", "db" }, document.Vms.Select(v => v.MachineName));
        var web = document.FindVm("web")!;
        Assert.Equal(Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10"), web.Id);
        Assert.Equal("demo-web-1a2b3c4d", web.Name);
        var network = web.Network!;
        Assert.Equal("172.18.185.163", network.Ipv4);
        Assert.Equal(new[] { "fe80::215:5dff:fede:3309" }, network.Ipv6);
        Assert.Equal("00155DDE3309", network.Mac);
        Assert.Equal("Network Adapter", network.AdapterName);
        Assert.Equal("arp", network.Source);
        Assert.Equal("172.18.176.20", network.PreviousIpv4);
        Assert.Equal(new DateTime(2026, 1, 30, 10, 5, 0, DateTimeKind.Utc), network.DiscoveredAt);
        Assert.Null(document.FindVm("db")!.Network);
    }

    [Fact]
    public void Changing_networks_keeps_every_unknown_field_and_writes_what_the_Node_CLI_would()
    {
        var document = StateDocument.Parse(StateFixture.Text("node-state.json"), "state.json");
        var web = document.FindVm("web")!;
        web.SetNetwork(new NetworkState("172.18.190.7", new[] { "fe80::215:5dff:fede:3309" }, "00155DDE3309", "Network Adapter",
            new DateTime(2026, 1, 30, 11, 0, 0, DateTimeKind.Utc), "arp", "172.18.185.163"));
        document.FindVm("db")!.SetNetwork(NetworkState.Cleared);

        Assert.True(document.IsModified);
        Assert.Equal(StateFixture.Text("node-state-readdressed.json"), document.ToJson());
    }

    [Fact]
    public void A_hand_edited_file_is_rewritten_as_JSON_parse_then_stringify_would()
    {
        // Repeated keys (last value, first place), integer-like keys first, JavaScript number formats,
        // escapes undone except a lone surrogate.
        var document = StateDocument.Parse(StateFixture.Text("hand-edited.json"), "state.json");

        Assert.Equal(StateFixture.Text("hand-edited.node.json"), document.ToJson());
    }

    [Fact]
    public void A_new_state_looks_like_the_one_the_Node_CLI_creates()
    {
        var document = StateDocument.CreateNew("state.json", @"C:\p\ragnatramp.yaml", "deadbeef", "p",
            new DateTime(2026, 1, 30, 10, 0, 0, DateTimeKind.Utc));

        Assert.Equal(StateFixture.Text("node-created.json"), document.ToJson());
    }

    [Fact]
    public void An_adopted_VM_gets_id_name_machineName_and_an_empty_checkpoint_list()
    {
        var document = StateDocument.CreateNew("state.json", @"C:\p\ragnatramp.yaml", "deadbeef", "p", DateTime.UtcNow);
        var id = Guid.NewGuid();

        document.AddVm("web", id, "p-web-12345678");

        var vm = Assert.Single(document.Vms);
        Assert.Equal(id, vm.Id);
        Assert.Equal("p-web-12345678", vm.Name);
        Assert.Contains("\"checkpoints\": []", document.ToJson());
    }

    [Fact]
    public void Corrupt_json_is_an_error_naming_the_file_line_and_position()
    {
        var error = Assert.Throws<StateFileException>(() => StateDocument.Parse("{\n  \"version\": 1,\n  \"vms\": {,\n}", "/p/.ragnatramp/state.json"));

        Assert.Equal(StateFileProblem.Corrupt, error.Problem);
        Assert.Contains("/p/.ragnatramp/state.json", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"vms\": {}}")]
    [InlineData("{\"version\": 1, \"vms\": []}")]
    [InlineData("{\"version\": 1, \"vms\": {\"web\": 3}}")]
    public void A_json_file_that_is_not_a_state_is_refused(string text)
    {
        var error = Assert.Throws<StateFileException>(() => StateDocument.Parse(text, "state.json"));
        Assert.Equal(StateFileProblem.Corrupt, error.Problem);
    }

    [Fact]
    public void A_version_other_than_1_is_refused_clearly()
    {
        var error = Assert.Throws<StateFileException>(() => StateDocument.Parse("{\"version\": 2, \"vms\": {}}", "state.json"));

        Assert.Equal(StateFileProblem.UnsupportedVersion, error.Problem);
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void The_0_1_host_keys_are_read_by_VM_id_and_removed_leaving_every_other_field()
    {
        var id = Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10");
        var other = Guid.NewGuid();
        const string key = "AAAAC3NzaC1lZDI1NTE5AAAAIB9xSRpwKC76SBRKfUnfj4aiZ8QtHvDAXT0eTwWQXVWF";
        var original = StateFixture.Text("node-created.json");
        var text = original.TrimEnd().TrimEnd('}') + ",\n  \"hostKeys\": {\n    \"" + id + "\": { \"vmName\": \"p-web-12345678\", \"algorithm\": \"ssh-ed25519\", \"key\": \"" + key +
                   "\", \"note\": \"mine\" },\n    \"" + other + "\": { \"algorithm\": \"ssh-ed25519\", \"key\": \"" + key + "\" }\n  }\n}\n";
        var document = StateDocument.Parse(text, "state.json");

        var pins = document.LegacyHostKeys();

        Assert.Equal(new[] { id, other }, pins.Select(p => p.VmId));
        Assert.Equal("p-web-12345678", pins[0].VmName);
        Assert.Equal("SHA256:dNNswrghc4LZtkf58hHV+j35OhLqPT0S0bu3lIFMa6E", pins[0].Key.Fingerprint);
        document.RemoveHostKeys(new[] { id });
        Assert.Equal(new[] { other }, document.LegacyHostKeys().Select(p => p.VmId));
        document.RemoveHostKeys(new[] { other });
        Assert.Empty(document.LegacyHostKeys());
        Assert.Equal(StateDocument.Parse(original, "state.json").ToJson(), document.ToJson());
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "0")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(double.PositiveInfinity, "null")]
    public void Numbers_are_written_as_JavaScript_writes_them(double value, string expected)
    {
        Assert.Equal(expected, NodeJson.FormatNumber(value));
    }

    [Fact]
    public void Timestamps_are_written_as_toISOString_writes_them()
    {
        Assert.Equal("2026-01-30T10:05:00.120Z", NodeJson.IsoTimestamp(new DateTime(2026, 1, 30, 10, 5, 0, 120, DateTimeKind.Utc)));
    }
}
