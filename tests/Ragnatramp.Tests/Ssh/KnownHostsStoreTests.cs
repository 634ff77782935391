using System.Text;
using Ragnatramp.Ssh;
using Ragnatramp.Tests.State;

namespace Ragnatramp.Tests.Ssh;

public class KnownHostsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rt-known-hosts-").FullName;
    private string StorePath => Path.Combine(_dir, "sub", "known_hosts");

    public void Dispose() => Directory.Delete(_dir, true);

    private static PinnedHostKey Key(string type = "ssh-ed25519") => PinnedHostKey.FromBlob(type, FakeGuest.KeyBlob(type));

    [Fact]
    public void Pin_writes_one_openssh_line_per_vm_alias_key_type_key_and_vm_name()
    {
        var web = Guid.NewGuid();
        var db = Guid.NewGuid();
        var webKey = Key();
        var dbKey = Key("ssh-rsa");

        Assert.Empty(new KnownHostsStore(StorePath).Pin(web, "demo-web-1a2b3c4d", webKey));
        Assert.Empty(new KnownHostsStore(StorePath).Pin(db, "demo db", PinnedHostKey.FromBlob("rsa-sha2-512", Convert.FromBase64String(dbKey.Key))));

        Assert.Equal($"ragnatramp-{web:D} ssh-ed25519 {webKey.Key} demo-web-1a2b3c4d\nragnatramp-{db:D} ssh-rsa {dbKey.Key} demo_db\n",
            File.ReadAllText(StorePath));
        var store = new KnownHostsStore(StorePath);
        Assert.True(store.Find(web).Single().SameKeyAs(webKey));
        Assert.Equal("ssh-rsa", store.Find(db).Single().Algorithm);
        Assert.Empty(store.Find(Guid.NewGuid()));
        // The lock file stays beside it (the OS releases its lock); no temporary file does.
        Assert.Equal(new[] { StorePath, StorePath + ".lock" }, Directory.GetFiles(Path.GetDirectoryName(StorePath)!).OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void Pin_of_a_vm_that_has_a_pin_writes_nothing_and_returns_the_pin()
    {
        var id = Guid.NewGuid();
        var first = Key();
        var store = new KnownHostsStore(StorePath);
        store.Pin(id, "web", first);
        var before = File.ReadAllBytes(StorePath);

        var existing = store.Pin(id, "web", Key());

        Assert.True(existing.Single().SameKeyAs(first));
        Assert.Equal(before, File.ReadAllBytes(StorePath));
    }

    [Fact]
    public void Replace_swaps_every_pin_of_the_vm_and_keeps_every_other_line_byte_for_byte()
    {
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        var old = Key();
        var otherKey = Key();
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        var rsa = Key("ssh-rsa");
        File.WriteAllText(StorePath,
            "# my notes\r\n" +
            $"ragnatramp-{id:D} ssh-ed25519 {old.Key} web\r\n" +
            $"github.com ssh-ed25519 {otherKey.Key}\r\n" +
            $"ragnatramp-{id:D} ssh-rsa {rsa.Key} web\r\n" +
            $"ragnatramp-{other:D}\tssh-ed25519\t{otherKey.Key}   db  (hand edited)\r\n");
        var fresh = Key();

        var before = new KnownHostsStore(StorePath).Replace(id, "web", fresh);

        Assert.Equal(2, before.Count);
        Assert.Equal("# my notes\r\n" +
                     $"github.com ssh-ed25519 {otherKey.Key}\r\n" +
                     $"ragnatramp-{other:D}\tssh-ed25519\t{otherKey.Key}   db  (hand edited)\r\n" +
                     $"ragnatramp-{id:D} ssh-ed25519 {fresh.Key} web\r\n", File.ReadAllText(StorePath));
        Assert.Equal("db (hand edited)", new KnownHostsStore(StorePath).Read().Single(e => e.VmId == other).Comment);
    }

    [Theory]
    [InlineData("ragnatramp-{id} ssh-ed25519", "expected '<host> <key type> <base64 key> [comment]'")]
    [InlineData("ragnatramp-{id} ssh-ed25519 not*base64", "the key is not base64")]
    [InlineData("ragnatramp-{id} ssh-rsa {key}", "is not of the type 'ssh-rsa'")]
    [InlineData("ragnatramp-not-a-guid ssh-ed25519 {key}", "'ragnatramp-not-a-guid' is not 'ragnatramp-' followed by a VM id")]
    [InlineData("ragnatramp-* ssh-ed25519 {key}", "has a wildcard")]
    [InlineData("@revoked ragnatramp-{id} ssh-ed25519 {key}", "the marker @revoked is not supported")]
    [InlineData("ragnatramp-{id},ragnatramp-{other} ssh-ed25519 {key}", "the line names two VMs")]
    public void A_line_that_does_not_parse_fails_every_read_and_write_naming_file_and_line_and_the_file_stays(string bad, string problem)
    {
        var id = Guid.NewGuid();
        var good = Key();
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        var text = $"# pins\nragnatramp-{Guid.NewGuid():D} ssh-ed25519 {good.Key} web\n" +
                   bad.Replace("{id}", id.ToString()).Replace("{other}", Guid.NewGuid().ToString()).Replace("{key}", good.Key) + "\n";
        File.WriteAllText(StorePath, text);
        var store = new KnownHostsStore(StorePath);

        var read = Assert.Throws<KnownHostsException>(() => store.Find(id));
        var pin = Assert.Throws<KnownHostsException>(() => store.Pin(Guid.NewGuid(), "new", Key()));

        Assert.Equal(3, read.Line);
        Assert.Equal(StorePath, read.Path);
        Assert.Contains($"The pin store {StorePath}, line 3: ", read.Message);
        Assert.Contains(problem, read.Message);
        Assert.Contains("No host key is trusted until it is fixed", read.Message);
        Assert.Equal(3, pin.Line);
        Assert.Equal(text, File.ReadAllText(StorePath));
    }

    [Fact]
    public void A_store_that_is_not_utf8_fails_closed()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.WriteAllBytes(StorePath, new byte[] { 0x72, 0xff, 0xfe, 0x0a });

        var error = Assert.Throws<KnownHostsException>(() => new KnownHostsStore(StorePath).Find(Guid.NewGuid()));

        Assert.Contains("is not UTF-8 text", error.Message);
    }

    [Fact]
    public void A_store_saved_with_a_utf8_bom_and_hashed_or_foreign_host_lines_is_read()
    {
        var id = Guid.NewGuid();
        var key = Key();
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.WriteAllText(StorePath, $"|1|abc=|def= ssh-ed25519 {Key().Key}\n\n   \nragnatramp-{id:D} ssh-ed25519 {key.Key}\n", new UTF8Encoding(true));

        Assert.True(new KnownHostsStore(StorePath).Find(id).Single().SameKeyAs(key));
    }

    [Fact]
    public void Parallel_pins_of_many_vms_through_many_instances_lose_none()
    {
        var ids = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToList();
        var keys = ids.ToDictionary(id => id, _ => Key());
        var start = new Barrier(ids.Count);

        var threads = ids.Select(id => new Thread(() =>
        {
            start.SignalAndWait();
            new KnownHostsStore(StorePath).Pin(id, "vm-" + id.ToString("N").Substring(0, 6), keys[id]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var entries = new KnownHostsStore(StorePath).Read();
        Assert.Equal(ids.Count, entries.Count);
        Assert.All(ids, id => Assert.True(entries.Single(e => e.VmId == id).Key.SameKeyAs(keys[id])));
    }

    [Fact]
    public void The_openssh_tools_find_a_pin_by_its_alias()
    {
        // A real ed25519 public key: ssh-keygen parses the key, not only the line.
        var id = Guid.NewGuid();
        var key = new PinnedHostKey("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIB9xSRpwKC76SBRKfUnfj4aiZ8QtHvDAXT0eTwWQXVWF");
        new KnownHostsStore(StorePath).Pin(id, "web", key);

        var found = RunSshKeygen("-F", KnownHostsStore.AliasFor(id), "-f", StorePath);

        Assert.Contains($"{KnownHostsStore.AliasFor(id)} ssh-ed25519 {key.Key} web", found);
    }

    private static string RunSshKeygen(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
