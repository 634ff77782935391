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
        var key = PinnedHostKey.FromBlob(algorithm, Convert.FromBase64String(blob));

        Assert.Equal(expected.Split(','), key.HostKeyAlgorithms());
    }

    [Fact]
    public void A_key_blob_without_a_readable_type_restricts_nothing()
    {
        Assert.Null(PinnedHostKey.FromBlob("ssh-ed25519", Guid.NewGuid().ToByteArray()).HostKeyAlgorithms());
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
        var path = KnownHostsStore.DefaultPath(true, n => n == "LOCALAPPDATA" ? @"C:\Users\me\AppData\Local" : null, @"C:\Users\me");

        Assert.Equal(Path.Combine(@"C:\Users\me\AppData\Local", "Ragnatramp", "known_hosts"), path);
        Assert.Equal(Path.Combine(@"C:\Users\me\AppData\Local", "Ragnatramp", "known_hosts.json"),
            LegacyHostKeyFile.DefaultPath(true, n => n == "LOCALAPPDATA" ? @"C:\Users\me\AppData\Local" : null, @"C:\Users\me"));
    }

    [Fact]
    public void Store_path_elsewhere_follows_xdg_data_home_and_ignores_a_relative_one()
    {
        Assert.Equal("/x/data/ragnatramp/known_hosts", KnownHostsStore.DefaultPath(false, n => n == "XDG_DATA_HOME" ? "/x/data" : null, "/home/me"));
        Assert.Equal("/home/me/.local/share/ragnatramp/known_hosts", KnownHostsStore.DefaultPath(false, n => n == "XDG_DATA_HOME" ? "rel" : null, "/home/me"));
        Assert.Equal("/home/me/.local/share/ragnatramp/known_hosts", KnownHostsStore.DefaultPath(false, _ => null, "/home/me"));
        Assert.Equal("/home/me/.local/share/ragnatramp/known_hosts.json", LegacyHostKeyFile.DefaultPath(false, _ => null, "/home/me"));
    }

    [Fact]
    public void Store_path_is_overridden_by_RAGNATRAMP_KNOWN_HOSTS_on_every_platform_but_the_0_1_file_stays_where_0_1_kept_it()
    {
        string? Env(string name) => name == "RAGNATRAMP_KNOWN_HOSTS" ? "/tmp/pins/kh" : name == "XDG_DATA_HOME" ? "/x/data" : null;

        Assert.Equal("/tmp/pins/kh", KnownHostsStore.DefaultPath(false, Env, "/home/me"));
        Assert.Equal(Path.GetFullPath("/tmp/pins/kh"), KnownHostsStore.DefaultPath(true, Env, @"C:\Users\me"));
        Assert.Equal("/x/data/ragnatramp/known_hosts.json", LegacyHostKeyFile.DefaultPath(false, Env, "/home/me"));
    }

    [Fact]
    public void Alias_is_ragnatramp_and_the_lower_case_vm_id()
    {
        Assert.Equal("ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e", KnownHostsStore.AliasFor(Guid.Parse("5B1C0D1E-7F7A-4C1E-9D7E-2F1A3B4C5D6E")));
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

        Ragnatramp.Files.AtomicFile.WithRetry(() =>
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
