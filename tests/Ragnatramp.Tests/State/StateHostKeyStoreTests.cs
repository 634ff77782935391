using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class StateHostKeyStoreTests
{
    private sealed class MemoryStore : IHostKeyStore
    {
        public readonly Dictionary<Guid, PinnedHostKey> Keys = new();
        public PinnedHostKey? Find(Guid vmId) => Keys.TryGetValue(vmId, out var key) ? key : null;
        public void Pin(Guid vmId, string vmName, PinnedHostKey key) => Keys[vmId] = key;
    }

    private static readonly PinnedHostKey Key = PinnedHostKey.FromBlob("ssh-ed25519", new byte[] { 1, 2, 3 }, new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void A_pinned_key_lands_in_the_state_by_VM_id_and_is_found_again()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");
        var fallback = new MemoryStore();
        var store = new StateHostKeyStore(new StateStore(project.StatePath), fallback);
        var id = Guid.Parse("8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10");

        store.Pin(id, "demo-web-1a2b3c4d", Key);

        var found = new StateHostKeyStore(new StateStore(project.StatePath), fallback).Find(id)!;
        Assert.True(found.SameKeyAs(Key));
        Assert.Equal(Key.Fingerprint, found.Fingerprint);
        Assert.Equal(Key.TrustedAt, found.TrustedAt);
        Assert.Empty(fallback.Keys);
        var text = File.ReadAllText(project.StatePath);
        Assert.Contains("\"hostKeys\": {\n    \"8d0f5a4e-6c1b-4e5a-9a39-0b6e7d8c9f10\": {\n      \"vmName\": \"demo-web-1a2b3c4d\"", text);
        Assert.Contains("\"futureNetworkField\"", text);
    }

    [Fact]
    public void Without_a_state_file_keys_go_to_the_other_store_and_no_state_is_created()
    {
        using var project = new StateFixture.Project();
        var fallback = new MemoryStore();
        var store = new StateHostKeyStore(new StateStore(project.StatePath), fallback);
        var id = Guid.NewGuid();

        store.Pin(id, "vm", Key);

        Assert.False(File.Exists(project.StatePath));
        Assert.Same(Key, store.Find(id));
    }

    [Fact]
    public void A_corrupt_state_is_an_IO_error_naming_it_and_stays_untouched()
    {
        using var project = new StateFixture.Project();
        File.WriteAllText(project.StatePath, "{ not json");
        var store = new StateHostKeyStore(new StateStore(project.StatePath), new MemoryStore());

        var error = Assert.Throws<IOException>(() => store.Pin(Guid.NewGuid(), "vm", Key));

        Assert.Contains(project.StatePath, error.Message);
        Assert.Throws<IOException>(() => store.Find(Guid.NewGuid()));
        Assert.Equal("{ not json", File.ReadAllText(project.StatePath));
    }
}
