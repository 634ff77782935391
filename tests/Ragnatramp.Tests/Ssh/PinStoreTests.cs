using System.Text.Json.Nodes;
using Ragnatramp.Ssh;
using Ragnatramp.State;
using Ragnatramp.Tests.State;

namespace Ragnatramp.Tests.Ssh;

/// <summary>Moving Ragnatramp 0.1's pins (a state's hostKeys, the old per-user known_hosts.json) into the pin store.</summary>
public class PinStoreTests : IDisposable
{
    private static readonly Guid Web = Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10");
    private static readonly Guid Db = Guid.NewGuid();
    private readonly StateFixture.Project _project = new();
    private string StorePath => Path.Combine(_project.Directory, "user", "known_hosts");
    private string JsonPath => Path.Combine(_project.Directory, "user", "known_hosts.json");

    public void Dispose() => _project.Dispose();

    private static PinnedHostKey Key() => PinnedHostKey.FromBlob("ssh-ed25519", FakeGuest.KeyBlob("ssh-ed25519"));

    private static JsonObject Entry(PinnedHostKey key, string vmName = "demo-web-1a2b3c4d") => new()
    {
        ["vmName"] = vmName, ["algorithm"] = key.Algorithm, ["key"] = key.Key, ["fingerprint"] = key.Fingerprint,
        ["trustedAt"] = "2026-01-30T10:05:00.000Z",
    };

    // A 0.1 state: the Node.js CLI's fixture with hostKeys added as 0.1 wrote them.
    private string StateWithHostKeys(JsonObject hostKeys)
    {
        var root = JsonNode.Parse(StateFixture.Text("node-state.json"))!.AsObject();
        root["hostKeys"] = hostKeys;
        var text = NodeJson.Stringify(root);
        File.WriteAllText(_project.StatePath, text);
        return text;
    }

    private void JsonStore(JsonObject hosts)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(JsonPath)!);
        File.WriteAllText(JsonPath, new JsonObject { ["version"] = 1, ["hosts"] = hosts }.ToJsonString());
    }

    private PinStore Pins() => new(new KnownHostsStore(StorePath),
        new ILegacyPinSource[] { new StateLegacyPins(new StateStore(_project.StatePath)), new LegacyHostKeyFile(JsonPath) });

    [Fact]
    public void Pins_of_both_0_1_stores_move_in_on_first_contact_and_leave_the_state_as_it_was_without_hostKeys()
    {
        var web = Key();
        var db = Key();
        StateWithHostKeys(new JsonObject { [Web.ToString()] = Entry(web) });
        JsonStore(new JsonObject { [Web.ToString()] = Entry(web), [Db.ToString()] = Entry(db, "demo-db-1a2b3c4d") });

        var found = Pins().Find(Web);

        Assert.True(found.Keys.Single().SameKeyAs(web));
        Assert.False(found.IsDisputed);
        Assert.True(new KnownHostsStore(StorePath).Find(Db).Single().SameKeyAs(db));
        Assert.Contains($"ragnatramp-{Db:D} ssh-ed25519 {db.Key} demo-db-1a2b3c4d", File.ReadAllText(StorePath));
        Assert.False(File.Exists(JsonPath), "every pin of the 0.1 JSON store moved, so it is gone");
        // The state is the Node.js CLI's file again, byte for byte, but for updatedAt.
        var expected = JsonNode.Parse(StateFixture.Text("node-state.json"))!.AsObject();
        var actual = JsonNode.Parse(File.ReadAllText(_project.StatePath))!.AsObject();
        Assert.NotEqual(expected["updatedAt"]!.ToString(), actual["updatedAt"]!.ToString());
        actual["updatedAt"] = expected["updatedAt"]!.ToString();
        Assert.Equal(NodeJson.Stringify(expected), NodeJson.Stringify(actual));
    }

    [Fact]
    public void Two_0_1_sources_that_disagree_are_a_dispute_and_stay_until_replaced()
    {
        var inState = Key();
        var inJson = Key();
        var db = Key();
        StateWithHostKeys(new JsonObject { [Web.ToString()] = Entry(inState), [Db.ToString()] = Entry(db) });
        JsonStore(new JsonObject { [Web.ToString()] = Entry(inJson) });
        var pins = Pins();

        var found = pins.Find(Web);

        Assert.Empty(found.Keys);
        Assert.Equal(new[] { inState.Key, inJson.Key }, found.Disputed.Select(d => d.Key.Key));
        Assert.Contains("state.json (hostKeys)", found.Disputed[0].Source);
        Assert.Contains("known_hosts.json (0.1 store)", found.Disputed[1].Source);
        Assert.Empty(new KnownHostsStore(StorePath).Find(Web));
        Assert.True(pins.Find(Db).Keys.Single().SameKeyAs(db), "the undisputed pin moved");
        Assert.Equal(new[] { Web.ToString() }, LegacyKeysInState());
        Assert.True(File.Exists(JsonPath));
        Assert.True(Pins().Find(Web).IsDisputed, "a new run sees the same dispute");

        var chosen = Key();
        pins.Replace(Web, "demo-web-1a2b3c4d", chosen);

        Assert.True(Pins().Find(Web).Keys.Single().SameKeyAs(chosen));
        Assert.Empty(LegacyKeysInState());
        Assert.DoesNotContain("hostKeys", File.ReadAllText(_project.StatePath));
        Assert.False(File.Exists(JsonPath));
    }

    [Fact]
    public void A_0_1_pin_of_a_vm_the_store_already_pins_is_dropped_and_the_stores_pin_is_the_one_checked()
    {
        var current = Key();
        new KnownHostsStore(StorePath).Pin(Web, "demo-web-1a2b3c4d", current);
        // A stale copy of a 0.1 state written back (as the Node.js CLI does) brings an old pin back.
        StateWithHostKeys(new JsonObject { [Web.ToString()] = Entry(Key()) });
        var pins = Pins();

        var found = pins.Find(Web);

        Assert.True(found.Keys.Single().SameKeyAs(current));
        Assert.Empty(LegacyKeysInState());
        Assert.Contains(pins.Notes, n => n.Contains("differs from the one in") && n.Contains("which is the one checked"));
    }

    [Fact]
    public void Disagreeing_0_1_pins_of_a_vm_the_store_already_pins_are_no_dispute_the_stores_pin_stands()
    {
        var current = Key();
        new KnownHostsStore(StorePath).Pin(Web, "demo-web-1a2b3c4d", current);
        StateWithHostKeys(new JsonObject { [Web.ToString()] = Entry(Key()) });
        JsonStore(new JsonObject { [Web.ToString()] = Entry(Key()) });

        var found = Pins().Find(Web);

        Assert.False(found.IsDisputed);
        Assert.True(found.Keys.Single().SameKeyAs(current));
        Assert.Empty(LegacyKeysInState());
        Assert.False(File.Exists(JsonPath));
    }

    [Theory]
    [InlineData("[1, 2]", "\"hostKeys\" is not an object")]
    [InlineData("{ \"web\": {} }", "hostKeys.web is not keyed by a VM id")]
    [InlineData("{ \"8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10\": \"AAAA\" }", "the entry is not an object")]
    [InlineData("{ \"8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10\": { \"algorithm\": \"ssh-ed25519\" } }", "\"algorithm\" or \"key\" is missing")]
    [InlineData("{ \"8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10\": { \"algorithm\": \"ssh-ed25519\", \"key\": \"!!\" } }", "is not a base64 SSH public key")]
    public void A_0_1_hostKeys_that_cannot_be_read_fails_every_lookup_closed_and_the_state_stays(string hostKeys, string problem)
    {
        File.WriteAllText(_project.StatePath, StateFixture.Text("node-state.json").TrimEnd().TrimEnd('}') + ",\n  \"hostKeys\": " + hostKeys + "\n}\n");
        var before = File.ReadAllBytes(_project.StatePath);
        var pins = Pins();

        var error = Assert.Throws<KnownHostsException>(() => pins.Find(Web));
        Assert.Throws<KnownHostsException>(() => pins.Find(Guid.NewGuid()));

        Assert.Contains(_project.StatePath, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(before, File.ReadAllBytes(_project.StatePath));
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public void A_0_1_json_store_entry_that_cannot_be_read_fails_closed_naming_the_file()
    {
        JsonStore(new JsonObject { ["not-a-vm-id"] = Entry(Key()) });

        var error = Assert.Throws<KnownHostsException>(() => Pins().Find(Web));

        Assert.Contains(JsonPath, error.Message);
        Assert.Contains("\"not-a-vm-id\" is not keyed by a VM id", error.Message);
    }

    private List<string> LegacyKeysInState()
    {
        var root = JsonNode.Parse(File.ReadAllText(_project.StatePath))!.AsObject();
        return root["hostKeys"] is JsonObject keys ? keys.Select(p => p.Key).ToList() : new List<string>();
    }
}
