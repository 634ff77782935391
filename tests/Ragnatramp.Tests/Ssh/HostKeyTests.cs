using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

public class HostKeyTests
{
    [Fact]
    public void Fingerprint_is_what_ssh_keygen_prints()
    {
        // ssh-keygen -lf hostkey.pub: 256 SHA256:dNNswrghc4LZtkf58hHV+j35OhLqPT0S0bu3lIFMa6E root@vm (ED25519)
        var blob = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIB9xSRpwKC76SBRKfUnfj4aiZ8QtHvDAXT0eTwWQXVWF");

        Assert.Equal("SHA256:dNNswrghc4LZtkf58hHV+j35OhLqPT0S0bu3lIFMa6E", PinnedHostKey.FingerprintOf(blob));
    }

    [Theory]
    [InlineData("AAAAC3NzaC1lZDI1NTE5AAAAIB9xSRpwKC76SBRKfUnfj4aiZ8QtHvDAXT0eTwWQXVWF", "ssh-ed25519", "ssh-ed25519")]
    [InlineData("AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7", "rsa-sha2-512", "rsa-sha2-512,rsa-sha2-256,ssh-rsa")]
    [InlineData("AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256")]
    public void A_pinned_key_is_shown_only_by_the_algorithms_of_its_type(string blob, string algorithm, string expected)
    {
        var key = PinnedHostKey.FromBlob(algorithm, Convert.FromBase64String(blob), DateTime.UtcNow);

        Assert.Equal(expected.Split(','), key.HostKeyAlgorithms());
    }

    [Fact]
    public void A_key_blob_without_a_readable_type_restricts_nothing()
    {
        Assert.Null(PinnedHostKey.FromBlob("ssh-ed25519", Guid.NewGuid().ToByteArray(), DateTime.UtcNow).HostKeyAlgorithms());
    }

    [Theory]
    [InlineData("hello\n", "3015617425 6")]
    [InlineData("", "4294967295 0")]
    public void Cksum_line_is_what_posix_cksum_prints(string text, string expected)
    {
        Assert.Equal(expected, PosixCksum.Line(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Store_path_on_windows_is_under_local_app_data()
    {
        var path = HostKeyFileStore.DefaultPath(true, n => n == "LOCALAPPDATA" ? @"C:\Users\me\AppData\Local" : null, @"C:\Users\me");

        Assert.Equal(Path.Combine(@"C:\Users\me\AppData\Local", "Ragnatramp", "known_hosts.json"), path);
    }

    [Fact]
    public void Store_path_elsewhere_follows_xdg_data_home_and_ignores_a_relative_one()
    {
        Assert.Equal("/x/data/ragnatramp/known_hosts.json", HostKeyFileStore.DefaultPath(false, n => n == "XDG_DATA_HOME" ? "/x/data" : null, "/home/me"));
        Assert.Equal("/home/me/.local/share/ragnatramp/known_hosts.json", HostKeyFileStore.DefaultPath(false, n => n == "XDG_DATA_HOME" ? "rel" : null, "/home/me"));
        Assert.Equal("/home/me/.local/share/ragnatramp/known_hosts.json", HostKeyFileStore.DefaultPath(false, _ => null, "/home/me"));
    }

    [Fact]
    public void Store_keeps_pins_per_vm_id_across_instances_and_replaces_a_repinned_key()
    {
        var dir = Directory.CreateTempSubdirectory("rt-keys-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "known_hosts.json");
            var a = Guid.NewGuid();
            var b = Guid.NewGuid();
            var when = new DateTime(2026, 1, 30, 10, 0, 0, DateTimeKind.Utc);
            new HostKeyFileStore(path).Pin(a, "web", PinnedHostKey.FromBlob("ssh-ed25519", new byte[] { 1, 2, 3 }, when));
            new HostKeyFileStore(path).Pin(b, "db", PinnedHostKey.FromBlob("ecdsa-sha2-nistp256", new byte[] { 4 }, when));
            new HostKeyFileStore(path).Pin(a, "web", PinnedHostKey.FromBlob("ssh-ed25519", new byte[] { 9 }, when));

            var store = new HostKeyFileStore(path);
            Assert.Equal(Convert.ToBase64String(new byte[] { 9 }), store.Find(a)!.Key);
            Assert.Equal("ecdsa-sha2-nistp256", store.Find(b)!.Algorithm);
            Assert.Equal(when, store.Find(b)!.TrustedAt);
            Assert.Null(store.Find(Guid.NewGuid()));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Store_never_overwrites_a_file_it_cannot_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{ not json");

            Assert.Throws<InvalidDataException>(() => new HostKeyFileStore(path).Pin(Guid.NewGuid(), "web", PinnedHostKey.FromBlob("ssh-ed25519", new byte[] { 1 }, DateTime.UtcNow)));
            Assert.Equal("{ not json", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
