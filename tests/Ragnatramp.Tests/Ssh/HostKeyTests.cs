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
            // The lock file stays (the OS releases its lock); no temporary file does.
            Assert.Equal(new[] { path, path + ".lock" }, Directory.GetFiles(Path.GetDirectoryName(path)!).OrderBy(f => f, StringComparer.Ordinal));
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

    [Fact]
    public void Store_writes_timestamps_in_the_invariant_culture_whatever_the_current_one()
    {
        var dir = Directory.CreateTempSubdirectory("rt-keys-");
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var path = Path.Combine(dir.FullName, "known_hosts.json");
            var id = Guid.NewGuid();
            var when = new DateTime(2026, 1, 30, 10, 5, 0, DateTimeKind.Utc);
            foreach (var culture in new[] { "fi-FI", "th-TH", "ar-SA" })
            {
                // fi-FI writes '.' as the time separator, th-TH and ar-SA other calendars' years.
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
                new HostKeyFileStore(path).Pin(id, "web", PinnedHostKey.FromBlob("ssh-ed25519", new byte[] { 1 }, when));

                Assert.Contains("\"trustedAt\": \"2026-01-30T10:05:00.000Z\"", File.ReadAllText(path));
                Assert.Equal(when, new HostKeyFileStore(path).Find(id)!.TrustedAt);
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
            dir.Delete(true);
        }
    }

    [Fact]
    public void Store_reads_a_file_saved_with_a_utf8_bom()
    {
        var path = Path.GetTempFileName();
        try
        {
            var id = Guid.NewGuid();
            // What Windows PowerShell 5.1's Set-Content -Encoding UTF8 writes after a hand edit.
            File.WriteAllText(path, "{ \"version\": 1, \"hosts\": { \"" + id + "\": { \"vmName\": \"web\", \"algorithm\": \"ssh-ed25519\", " +
                                    "\"key\": \"AQ==\", \"fingerprint\": \"SHA256:x\", \"trustedAt\": \"2026-01-30T10:05:00.000Z\" } } }",
                new System.Text.UTF8Encoding(true));

            Assert.Equal("AQ==", new HostKeyFileStore(path).Find(id)!.Key);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Store_lock_waits_while_access_is_denied_as_for_a_lock_file_whose_deletion_is_pending()
    {
        var attempts = 0;

        using var acquired = Ragnatramp.Files.LockedJsonFile.AcquireLock(() =>
        {
            if (++attempts < 3) throw new UnauthorizedAccessException("Access to the path 'known_hosts.json.lock' is denied.");
            return new MemoryStream();
        }, "known_hosts.json.lock", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(3, attempts);
    }

    [Fact]
    public void Store_lock_reports_a_denial_that_persists_and_a_holder_that_stays_as_io_errors_naming_the_lock()
    {
        var denied = Assert.Throws<IOException>(() => Ragnatramp.Files.LockedJsonFile.AcquireLock(
            () => throw new UnauthorizedAccessException("denied"), "/x/known_hosts.json.lock", TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None));
        var held = Assert.Throws<IOException>(() => Ragnatramp.Files.LockedJsonFile.AcquireLock(
            () => throw new IOException("in use"), "/x/known_hosts.json.lock", TimeSpan.Zero, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Contains("access is denied", denied.Message);
        Assert.Contains("/x/known_hosts.json.lock", denied.Message);
        Assert.Contains("held by another run", held.Message);
    }

    [Fact]
    public void Store_retries_a_replace_that_fails_for_a_moment()
    {
        var attempts = 0;

        Ragnatramp.Files.LockedJsonFile.WithRetry(() =>
        {
            if (++attempts < 3) throw new IOException("The process cannot access the file because it is being used by another process.");
        });

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Store_lock_keeps_a_second_run_out_until_the_first_lets_go()
    {
        var dir = Directory.CreateTempSubdirectory("rt-keys-");
        try
        {
            var file = new Ragnatramp.Files.LockedJsonFile(Path.Combine(dir.FullName, "known_hosts.json"), TimeSpan.Zero);
            var inside = new ManualResetEventSlim();
            var release = new ManualResetEventSlim();
            var holder = Task.Run(() => file.Update(_ =>
            {
                inside.Set();
                release.Wait();
                return new byte[] { (byte)'1' };
            }));
            inside.Wait();

            Assert.Throws<IOException>(() => file.Update(_ => new byte[] { (byte)'2' }));
            release.Set();
            await holder;
            file.Update(_ => new byte[] { (byte)'3' });

            Assert.Equal(new[] { (byte)'3' }, file.Read());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
