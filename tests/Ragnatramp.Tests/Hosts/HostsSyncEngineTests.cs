using System.Text;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.Ssh;
using Ragnatramp.Tests.Ssh;

namespace Ragnatramp.Tests.Hosts;

public class HostsSyncEngineTests
{
    private readonly Dictionary<string, FakeGuest> _guests = new();
    private readonly MemoryHostKeyStore _keys = new();
    private readonly FakeConnector _connector;
    private readonly HashSet<string> _closedPorts = new();

    public HostsSyncEngineTests()
    {
        _connector = new FakeConnector(_guests) { Refused = _closedPorts };
    }

    private HostsSyncEngine Engine(IHostKeyStore? keys = null) => new(() => _connector, keys ?? _keys,
        (ip, port, timeout, ct) => { _probed.Add(ip); return _closedPorts.Contains(ip) ? "connection refused: is sshd running?" : null; });

    private readonly System.Collections.Concurrent.ConcurrentBag<string> _probed = new();

    private static readonly SshLogin Login = new("kadmin", "/keys/id_ed25519");

    private HostsSyncGuest Guest(string machine, string ip, string state = "Running", string[]? aliases = null, int id = 0, SshLogin? login = null)
    {
        _guests.TryAdd(ip, new FakeGuest());
        var address = new VmAddress
        {
            MachineName = machine, VMName = "demo-" + machine + "-1a2b3c4d", State = state,
            IPv4 = state == "Running" ? ip : null, VMId = new Guid(id == 0 ? machine.GetHashCode() : id, 0, 0, new byte[8]),
        };
        return new HostsSyncGuest(address, new[] { machine }.Concat(aliases ?? Array.Empty<string>()).ToList(), login ?? Login);
    }

    private string HostsOf(string ip) => Encoding.UTF8.GetString(_guests[ip].Hosts);

    private IReadOnlyList<HostsSyncOutcome> Run(IEnumerable<HostsSyncGuest> guests, HostsSyncOptions? options = null) =>
        Engine().Run(HostsSyncEngine.Plan(guests), options ?? new HostsSyncOptions(), null, CancellationToken.None);

    [Fact]
    public void Plan_skips_guests_that_are_not_running_or_have_no_or_a_duplicate_ipv4_with_the_reason()
    {
        var noIp = Guest("nip", "10.0.0.9");
        noIp.Address.IPv4 = null;
        var plan = HostsSyncEngine.Plan(new[]
        {
            Guest("web", "10.0.0.1"), Guest("off", "10.0.0.2", "Off"), noIp,
            Guest("dup1", "10.0.0.5"), Guest("dup2", "10.0.0.5"),
        });

        var reasons = plan.Guests.ToDictionary(g => g.Guest.DisplayName, g => g.Settled?.Reason);
        Assert.Null(reasons["web"]);
        Assert.Contains("not running (state: Off)", reasons["off"]);
        Assert.Contains("no IPv4", reasons["nip"]);
        Assert.Contains("also reported by demo-dup2", reasons["dup1"]);
        Assert.Contains("also reported by demo-dup1", reasons["dup2"]);
        Assert.Contains(plan.Warnings, w => w.Contains("'dup1' (demo-dup1-1a2b3c4d) and 'dup2' (demo-dup2-1a2b3c4d) all report IPv4 10.0.0.5") && w.Contains("machine-id"));
    }

    [Fact]
    public void Plan_lists_only_unique_running_peers_and_leaves_each_guest_out_of_its_own_block()
    {
        var plan = HostsSyncEngine.Plan(new[]
        {
            Guest("web", "10.0.0.1", aliases: new[] { "www" }), Guest("db", "10.0.0.2"), Guest("off", "10.0.0.3", "Off"),
            Guest("dup1", "10.0.0.5"), Guest("dup2", "10.0.0.5"),
        });

        var web = plan.Guests.Single(g => g.Guest.DisplayName == "web");
        Assert.Equal(new[] { "# BEGIN RAGNATRAMP", ManagedHostsBlock.Notice, "10.0.0.2 db", "# END RAGNATRAMP" }, web.BlockLines);
        Assert.Contains("10.0.0.1 web www", plan.Guests.Single(g => g.Guest.DisplayName == "db").BlockLines);
        Assert.Contains("10.0.0.1 web www\n", plan.Block);
        Assert.Contains("10.0.0.2 db\n", plan.Block);
    }

    [Fact]
    public void Plan_orders_guests_by_machine_name_case_insensitively()
    {
        var plan = HostsSyncEngine.Plan(new[] { Guest("web", "10.0.0.1"), Guest("Cache", "10.0.0.3"), Guest("db", "10.0.0.2") });

        Assert.Equal(new[] { "Cache", "db", "web" }, plan.Guests.Select(g => g.Guest.DisplayName));
    }

    [Fact]
    public void Plan_uses_the_vm_name_outside_a_project()
    {
        var address = new VmAddress { VMName = "lonely-vm", State = "Running", IPv4 = "10.0.0.7", VMId = Guid.NewGuid() };
        var plan = HostsSyncEngine.Plan(new[] { new HostsSyncGuest(address, null, Login), Guest("web", "10.0.0.1") });

        Assert.Contains("10.0.0.7 lonely-vm", plan.Guests.Single(g => g.Guest.DisplayName == "web").BlockLines);
    }

    [Fact]
    public void Plan_refuses_an_address_that_is_not_an_ipv4_so_nothing_can_be_injected_into_the_file()
    {
        var evil = Guest("evil", "10.0.0.9");
        evil.Address.IPv4 = "10.0.0.9\n# END RAGNATRAMP";

        var plan = HostsSyncEngine.Plan(new[] { evil, Guest("web", "10.0.0.1") });

        Assert.Contains("is not an IPv4 address", plan.Guests.Single(g => g.Guest.DisplayName == "evil").Settled!.Reason);
        Assert.DoesNotContain(plan.Guests.Single(g => g.Guest.DisplayName == "web").BlockLines, l => l.Contains("10.0.0.9"));
    }

    [Fact]
    public void Run_writes_each_guest_its_block_then_a_second_run_is_unchanged_and_writes_nothing()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };

        var first = Run(guests);
        var second = Run(guests);

        Assert.All(first, o => Assert.Equal(HostsSyncStatus.Updated, o.Result.Status));
        Assert.All(second, o => Assert.Equal(HostsSyncStatus.Unchanged, o.Result.Status));
        Assert.Equal(1, _guests["10.0.0.1"].Writes);
        Assert.Equal("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n" + ManagedHostsBlock.Notice + "\n10.0.0.2 db\n# END RAGNATRAMP\n", HostsOf("10.0.0.1"));
    }

    [Fact]
    public void Run_syncs_each_guest_with_one_session_and_one_command()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };

        Run(guests);
        Run(guests);

        // The cloud-init check, the read and the write share one exec channel: one shell and one sudo per sync.
        Assert.All(_guests.Values, g => Assert.Equal(2, g.Sessions));
        Assert.All(_guests.Values, g => Assert.Equal(2, g.Commands));
        Assert.All(_guests.Values, g => Assert.Equal(1, g.Writes));
    }

    [Fact]
    public void Run_with_whatif_opens_no_ssh_session_and_checks_no_port_unless_asked()
    {
        using var key = new TempKeyFile();
        var login = new SshLogin("kadmin", key.Path);
        var plan = HostsSyncEngine.Plan(new[] { Guest("web", "10.0.0.1", login: login), Guest("db", "10.0.0.2", login: login) });
        plan.Guests[0].Confirmed = false; // ShouldProcess answers false under -WhatIf: a dry run still judges the guest

        var outcomes = Engine().Run(plan, new HostsSyncOptions { WhatIf = true }, null, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(HostsSyncStatus.WouldUpdate, o.Result.Status));
        Assert.All(outcomes, o => Assert.StartsWith("would write a block of 1 peer line(s) into /etc/hosts", o.Result.Reason));
        Assert.Equal(0, _connector.Connects);
        Assert.Empty(_probed);
    }

    [Fact]
    public void Run_with_whatif_skips_a_guest_whose_login_would_fail_and_says_why()
    {
        var outcomes = Run(new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2", login: new SshLogin(null, null)) },
            new HostsSyncOptions { WhatIf = true, DryRunChecksPort = true });

        var web = outcomes.Single(o => o.Result.MachineName == "web");
        var db = outcomes.Single(o => o.Result.MachineName == "db");
        Assert.Equal(HostsSyncStatus.Skipped, web.Result.Status);
        Assert.Contains("the SSH private key '/keys/id_ed25519' does not exist; the sync would fail this guest", web.Result.Reason);
        Assert.Contains(web.Warnings, w => w.StartsWith("demo-web-1a2b3c4d: the SSH private key"));
        Assert.Contains("no SSH user is configured", db.Result.Reason);
        Assert.Equal(0, _connector.Connects);
        Assert.Empty(_probed);
    }

    [Fact]
    public void Run_with_whatif_and_the_port_check_reports_which_guests_answer()
    {
        using var key = new TempKeyFile();
        var login = new SshLogin("kadmin", key.Path);
        _closedPorts.Add("10.0.0.2");

        var outcomes = Run(new[] { Guest("web", "10.0.0.1", login: login), Guest("db", "10.0.0.2", login: login) },
            new HostsSyncOptions { WhatIf = true, DryRunChecksPort = true });

        var web = outcomes.Single(o => o.Result.MachineName == "web");
        var db = outcomes.Single(o => o.Result.MachineName == "db");
        Assert.Equal(HostsSyncStatus.WouldUpdate, web.Result.Status);
        Assert.StartsWith("SSH port 22 answers; would write a block of 1 peer line(s)", web.Result.Reason);
        Assert.Equal(HostsSyncStatus.Skipped, db.Result.Status);
        Assert.StartsWith("SSH port 22 on 10.0.0.2 is not reachable (connection refused: is sshd running?); the sync would skip it", db.Result.Reason);
        Assert.Equal(new[] { "10.0.0.1", "10.0.0.2" }, _probed.OrderBy(ip => ip));
        Assert.Equal(0, _connector.Connects);
    }

    private sealed class TempKeyFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();
        public void Dispose() => File.Delete(Path);
    }

    [Fact]
    public void Run_skips_a_guest_declined_at_the_confirmation_prompt()
    {
        var plan = HostsSyncEngine.Plan(new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") });
        plan.Guests[0].Confirmed = false;

        var outcomes = Engine().Run(plan, new HostsSyncOptions(), null, CancellationToken.None);

        Assert.Equal(HostsSyncStatus.Skipped, outcomes[0].Result.Status);
        Assert.Equal(HostsSyncStatus.Updated, outcomes[1].Result.Status);
        Assert.Equal(0, _guests["10.0.0.2"].Sessions);
    }

    [Fact]
    public void Run_skips_a_guest_whose_ssh_port_does_not_answer()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };
        _closedPorts.Add("10.0.0.2");

        var outcomes = Run(guests);

        var db = outcomes.Single(o => o.Result.MachineName == "db").Result;
        Assert.Equal(HostsSyncStatus.Skipped, db.Status);
        Assert.Contains("SSH port 22 on 10.0.0.2 is not reachable (connection refused", db.Reason);
        Assert.Equal(HostsSyncStatus.Updated, outcomes.Single(o => o.Result.MachineName == "web").Result.Status);
    }

    [Fact]
    public void Run_checks_the_ssh_port_only_after_a_failed_login_and_fails_a_login_whose_port_answers()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };
        _connector.Refused = new HashSet<string> { "10.0.0.2" };

        var outcomes = Run(guests);

        Assert.Equal(new[] { "10.0.0.2" }, _probed);
        var db = outcomes.Single(o => o.Result.MachineName == "db");
        Assert.Equal(HostsSyncStatus.Failed, db.Result.Status);
        Assert.Equal("SshConnectionFailed", db.ErrorId);
    }

    [Fact]
    public void Run_pins_a_host_key_on_first_use_by_vm_id_and_warns_with_its_fingerprint()
    {
        var web = Guest("web", "10.0.0.1");

        var outcome = Run(new[] { web }).Single();

        var pinned = _keys.Single(web.Address.VMId)!;
        var fingerprint = PinnedHostKey.FingerprintOf(_guests["10.0.0.1"].HostKey);
        Assert.Equal("ssh-ed25519", pinned.Algorithm);
        Assert.Equal(Convert.ToBase64String(_guests["10.0.0.1"].HostKey), pinned.Key);
        Assert.Equal(HostKeyStatus.Pinned, outcome.Result.HostKey);
        Assert.Equal(fingerprint, outcome.Result.HostKeyFingerprint);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Contains("demo-web-1a2b3c4d: pinned its SSH host key ssh-ed25519 " + fingerprint + " on first use", warning);
        Assert.Contains("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub", warning);
    }

    [Fact]
    public void Run_verifies_a_pinned_key_without_a_warning()
    {
        var web = Guest("web", "10.0.0.1");
        Run(new[] { web });

        var outcome = Run(new[] { web }).Single();

        Assert.Equal(HostKeyStatus.Verified, outcome.Result.HostKey);
        Assert.Equal(PinnedHostKey.FingerprintOf(_guests["10.0.0.1"].HostKey), outcome.Result.HostKeyFingerprint);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void Run_refuses_a_changed_host_key_naming_both_fingerprints_and_the_right_advice_and_sends_nothing()
    {
        var web = Guest("web", "10.0.0.1");
        Run(new[] { web });
        var old = _keys.Single(web.Address.VMId)!;
        _guests["10.0.0.1"].HostKey = FakeGuest.KeyBlob("ssh-ed25519");
        _guests["10.0.0.1"].Hosts = Encoding.ASCII.GetBytes("x 1\n");
        var sessions = _guests["10.0.0.1"].Sessions;

        var outcome = Run(new[] { web }).Single();

        Assert.Equal(HostsSyncStatus.Failed, outcome.Result.Status);
        Assert.Equal(HostKeyStatus.Refused, outcome.Result.HostKey);
        Assert.Equal("HostKeyMismatch", outcome.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, outcome.Category);
        var now = PinnedHostKey.FingerprintOf(_guests["10.0.0.1"].HostKey);
        Assert.Equal(now, outcome.Result.HostKeyFingerprint);
        Assert.Contains(old.Fingerprint, outcome.Result.Reason);
        Assert.Contains(now, outcome.Result.Reason);
        Assert.Contains("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub", outcome.Result.Reason);
        Assert.Contains("-TrustHostKey", outcome.Result.Reason);
        Assert.Contains("A re-created VM has a new id and is pinned as new", outcome.Result.Reason);
        Assert.DoesNotContain("If the VM was re-created", outcome.Result.Reason);
        Assert.Equal("x 1\n", HostsOf("10.0.0.1"));
        Assert.Equal(sessions, _guests["10.0.0.1"].Sessions);
        Assert.Same(old, _keys.Single(web.Address.VMId));
    }

    [Fact]
    public void Run_with_trust_host_key_replaces_the_pin_shows_Replaced_and_warns_with_both_fingerprints()
    {
        var web = Guest("web", "10.0.0.1");
        Run(new[] { web });
        var old = _keys.Single(web.Address.VMId)!;
        _guests["10.0.0.1"].HostKey = FakeGuest.KeyBlob("ssh-ed25519");

        var outcome = Run(new[] { web }, new HostsSyncOptions { TrustHostKey = true }).Single();

        Assert.Equal(HostsSyncStatus.Unchanged, outcome.Result.Status);
        Assert.Equal(HostKeyStatus.Replaced, outcome.Result.HostKey);
        Assert.Equal(Convert.ToBase64String(_guests["10.0.0.1"].HostKey), _keys.Single(web.Address.VMId)!.Key);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Contains(old.Fingerprint, warning);
        Assert.Contains(PinnedHostKey.FingerprintOf(_guests["10.0.0.1"].HostKey), warning);
        Assert.Equal(HostKeyStatus.Verified, Run(new[] { web }).Single().Result.HostKey);
    }

    [Fact]
    public void Run_offers_the_pinned_key_type_first_so_a_guest_that_gained_another_key_type_is_no_mismatch()
    {
        var web = Guest("web", "10.0.0.1");
        var guest = _guests["10.0.0.1"];
        var rsa = FakeGuest.KeyBlob("ssh-rsa");
        guest.HostKeyAlgorithm = "rsa-sha2-512";
        guest.HostKey = rsa;
        Run(new[] { web });
        // Later the guest also has an ed25519 key, which it shows first to a client that prefers none.
        guest.HostKeyAlgorithm = "ssh-ed25519";
        guest.HostKey = FakeGuest.KeyBlob("ssh-ed25519");
        guest.OtherHostKeys.Add(("rsa-sha2-256", rsa));

        var outcome = Run(new[] { web }).Single();

        Assert.Equal(HostsSyncStatus.Unchanged, outcome.Result.Status);
        Assert.Equal(HostKeyStatus.Verified, outcome.Result.HostKey);
        Assert.Equal(new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" }, _connector.LastTarget!.PreferredHostKeyAlgorithms);
        Assert.Equal(Convert.ToBase64String(rsa), _keys.Single(web.Address.VMId)!.Key);
    }

    [Fact]
    public void Run_refuses_a_guest_that_no_longer_has_its_pinned_key_type()
    {
        var web = Guest("web", "10.0.0.1");
        Run(new[] { web });
        _guests["10.0.0.1"].HostKeyAlgorithm = "ecdsa-sha2-nistp256";
        _guests["10.0.0.1"].HostKey = FakeGuest.KeyBlob("ecdsa-sha2-nistp256");

        var outcome = Run(new[] { web }).Single();

        Assert.Equal("HostKeyMismatch", outcome.ErrorId);
        Assert.Equal(HostKeyStatus.Refused, outcome.Result.HostKey);
        Assert.Contains("ecdsa-sha2-nistp256 SHA256:", outcome.Result.Reason);
    }

    [Fact]
    public void Run_prefers_nothing_before_a_key_is_pinned_and_the_pinned_types_after()
    {
        var web = Guest("web", "10.0.0.1");

        Run(new[] { web });
        Assert.Null(_connector.LastTarget!.PreferredHostKeyAlgorithms);
        Run(new[] { web });
        Assert.Equal(new[] { "ssh-ed25519" }, _connector.LastTarget!.PreferredHostKeyAlgorithms);
        Run(new[] { web }, new HostsSyncOptions { TrustHostKey = true });
        Assert.Equal(new[] { "ssh-ed25519" }, _connector.LastTarget!.PreferredHostKeyAlgorithms);
    }

    [Fact]
    public void Run_refuses_a_vm_whose_0_1_pins_disagree_naming_both_and_trust_host_key_settles_it()
    {
        var web = Guest("web", "10.0.0.1");
        var a = PinnedHostKey.FromBlob("ssh-ed25519", FakeGuest.KeyBlob("ssh-ed25519"));
        var b = PinnedHostKey.FromBlob("ssh-ed25519", FakeGuest.KeyBlob("ssh-ed25519"));
        _keys.Disputed[web.Address.VMId] = new List<LegacyPin>
        {
            new(web.Address.VMId, "demo-web-1a2b3c4d", a, "/p/.ragnatramp/state.json (hostKeys)"),
            new(web.Address.VMId, "demo-web-1a2b3c4d", b, "/home/me/.local/share/ragnatramp/known_hosts.json (0.1 store)"),
        };

        var refused = Run(new[] { web }).Single();
        var writesWhenRefused = _guests["10.0.0.1"].Writes;
        var trusted = Run(new[] { web }, new HostsSyncOptions { TrustHostKey = true }).Single();

        Assert.Equal("HostKeyMismatch", refused.ErrorId);
        Assert.Equal(HostKeyStatus.Refused, refused.Result.HostKey);
        Assert.Contains("/p/.ragnatramp/state.json (hostKeys) has ssh-ed25519 " + a.Fingerprint, refused.Result.Reason);
        Assert.Contains("known_hosts.json (0.1 store) has ssh-ed25519 " + b.Fingerprint, refused.Result.Reason);
        Assert.Contains(PinnedHostKey.FingerprintOf(_guests["10.0.0.1"].HostKey), refused.Result.Reason);
        Assert.Equal(0, writesWhenRefused);
        Assert.Equal(HostKeyStatus.Replaced, trusted.Result.HostKey);
        Assert.Equal(HostsSyncStatus.Updated, trusted.Result.Status);
        Assert.Contains(a.Fingerprint, Assert.Single(trusted.Warnings));
    }

    [Fact]
    public void Run_refuses_a_key_when_another_run_pinned_a_different_one_first()
    {
        var web = Guest("web", "10.0.0.1");
        var winner = PinnedHostKey.FromBlob("ssh-ed25519", FakeGuest.KeyBlob("ssh-ed25519"));
        var racing = new RacingHostKeyStore(_keys, web.Address.VMId, winner);

        var outcome = Engine(racing).Run(HostsSyncEngine.Plan(new[] { web }), new HostsSyncOptions(), null, CancellationToken.None).Single();

        Assert.Equal("HostKeyMismatch", outcome.ErrorId);
        Assert.Contains(winner.Fingerprint, outcome.Result.Reason);
        Assert.Same(winner, _keys.Single(web.Address.VMId));
    }

    [Fact]
    public void Run_sets_no_host_key_on_a_result_without_a_handshake()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };
        _closedPorts.Add("10.0.0.2");

        var db = Run(guests).Single(o => o.Result.MachineName == "db").Result;

        Assert.Null(db.HostKey);
        Assert.Null(db.HostKeyFingerprint);
    }

    [Fact]
    public void Run_fails_an_address_without_a_vm_id_since_its_key_cannot_be_pinned()
    {
        var address = new VmAddress { VMName = "vm", State = "Running", IPv4 = "10.0.0.4" };
        _guests["10.0.0.4"] = new FakeGuest();

        var outcome = Run(new[] { new HostsSyncGuest(address, null, Login) }).Single();

        Assert.Equal("VmIdMissing", outcome.ErrorId);
        Assert.Equal(0, _connector.Connects);
    }

    [Fact]
    public void Run_reports_sudo_refusal_with_the_sudoers_line_and_goes_on_with_the_others()
    {
        var guests = new[] { Guest("web", "10.0.0.1"), Guest("db", "10.0.0.2") };
        _guests["10.0.0.2"].SudoAllowed = false;

        var outcomes = Run(guests);

        var db = outcomes.Single(o => o.Result.MachineName == "db");
        Assert.Equal("SudoRefused", db.ErrorId);
        Assert.Contains("kadmin ALL=(ALL) NOPASSWD: ALL", db.Result.Reason);
        Assert.Equal(HostsSyncStatus.Updated, outcomes.Single(o => o.Result.MachineName == "web").Result.Status);
    }

    [Fact]
    public void Run_fails_on_unpaired_markers_with_the_line_and_writes_nothing()
    {
        var web = Guest("web", "10.0.0.1");
        _guests["10.0.0.1"].Hosts = Encoding.ASCII.GetBytes("a 1\nb 2\n# BEGIN RAGNATRAMP\n");

        var outcome = Run(new[] { web }).Single();

        Assert.Equal("HostsMarkersUnpaired", outcome.ErrorId);
        Assert.Contains("line 3", outcome.Result.Reason);
        Assert.Equal(0, _guests["10.0.0.1"].Writes);
    }

    [Fact]
    public void Run_fails_on_a_read_only_hosts_file_and_leaves_it_intact()
    {
        var web = Guest("web", "10.0.0.1");
        _guests["10.0.0.1"].ReadOnly = true;

        var outcome = Run(new[] { web }).Single();

        Assert.Equal("HostsWriteFailed", outcome.ErrorId);
        Assert.Contains("Read-only file system", outcome.Result.Reason);
        Assert.Equal("127.0.0.1 localhost\n", HostsOf("10.0.0.1"));
    }

    [Fact]
    public void Run_reads_again_when_the_file_changed_between_read_and_write_and_keeps_the_new_line()
    {
        var web = Guest("web", "10.0.0.1");
        _guests["10.0.0.1"].AfterFirstRead = g => g.Hosts = Encoding.ASCII.GetBytes("127.0.0.1 localhost\n10.9.9.9 added-meanwhile\n");

        var outcome = Run(new[] { web }).Single();

        Assert.Equal(HostsSyncStatus.Updated, outcome.Result.Status);
        Assert.StartsWith("127.0.0.1 localhost\n10.9.9.9 added-meanwhile\n# BEGIN RAGNATRAMP\n", HostsOf("10.0.0.1"));
        Assert.Equal(2, _guests["10.0.0.1"].Reads);
    }

    [Fact]
    public void Run_warns_when_cloud_init_manages_etc_hosts()
    {
        var web = Guest("web", "10.0.0.1");
        _guests["10.0.0.1"].CloudInitFiles = "/etc/cloud/cloud.cfg\n";

        var outcome = Run(new[] { web }).Single();

        Assert.Contains(outcome.Warnings, w => w.Contains("manage_etc_hosts") && w.Contains("/etc/cloud/cloud.cfg"));
    }

    [Fact]
    public void Run_ignores_what_a_chatty_shell_rc_file_prints_before_the_read_and_warns_naming_it()
    {
        var web = Guest("web", "10.0.0.1");
        _guests["10.0.0.1"].LoginNoise = "Welcome to web!\n";

        var outcome = Run(new[] { web, Guest("db", "10.0.0.2") }).First(o => o.Result.MachineName == "web");

        Assert.Equal(HostsSyncStatus.Updated, outcome.Result.Status);
        Assert.Equal("127.0.0.1 localhost\n# BEGIN RAGNATRAMP\n" + ManagedHostsBlock.Notice + "\n10.0.0.2 db\n# END RAGNATRAMP\n", HostsOf("10.0.0.1"));
        var warning = Assert.Single(outcome.Warnings, w => !w.Contains("pinned its SSH host key"));
        Assert.Contains("'Welcome to web!'", warning);
        Assert.Contains(".bashrc", warning);
    }

    [Fact]
    public void Run_fails_a_guest_without_an_ssh_login_naming_the_settings()
    {
        var address = new VmAddress { VMName = "vm", State = "Running", IPv4 = "10.0.0.4", VMId = Guid.NewGuid() };
        _guests["10.0.0.4"] = new FakeGuest();

        var outcome = Run(new[] { new HostsSyncGuest(address, null, SshLogin.None) }).Single();

        Assert.Equal("SshLoginMissing", outcome.ErrorId);
        Assert.Contains("-User", outcome.Result.Reason);
    }

    [Fact]
    public void Run_keeps_to_the_throttle_limit_and_returns_results_in_plan_order()
    {
        var guests = Enumerable.Range(1, 12).Select(i => Guest($"m{i:00}", $"10.0.1.{i}")).Reverse().ToList();
        var inside = 0;
        _connector.Hold = _ =>
        {
            // The first sessions wait until three are open, so the limit is reached; it must never be passed.
            // The bound is generous ("eventually"), not a timing assertion.
            Interlocked.Increment(ref inside);
            SpinWait.SpinUntil(() => Volatile.Read(ref inside) >= 3, 30000);
            return true;
        };

        var outcomes = Run(guests, new HostsSyncOptions { ThrottleLimit = 3 });

        Assert.Equal(3, _connector.MaxConcurrent);
        Assert.Equal(guests.Select(g => g.DisplayName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), outcomes.Select(o => o.Result.MachineName));
    }

    [Fact]
    public void Run_stops_every_guest_when_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var guests = Enumerable.Range(1, 6).Select(i => Guest($"m{i}", $"10.0.2.{i}")).ToList();
        _connector.Hold = ct =>
        {
            stop.Cancel();
            ct.ThrowIfCancellationRequested();
            return true;
        };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Engine().Run(HostsSyncEngine.Plan(guests), new HostsSyncOptions(), null, stop.Token));
        Assert.All(_guests.Values, g => Assert.Equal(0, g.Writes));
    }

    [Fact]
    public void Run_fails_only_the_guest_whose_host_key_cannot_be_pinned_and_the_others_keep_their_results()
    {
        var guests = new[] { Guest("a1", "10.0.3.1"), Guest("b2", "10.0.3.2"), Guest("c3", "10.0.3.3") };
        var store = new ThrowingHostKeyStore(_keys, guests[1].Address.VMId,
            () => new IOException("'/home/me/.local/share/ragnatramp/known_hosts.lock' is held by another run"));
        var engine = new HostsSyncEngine(() => _connector, store, (ip, port, timeout, ct) => null);

        var outcomes = engine.Run(HostsSyncEngine.Plan(guests), new HostsSyncOptions(), null, CancellationToken.None);

        Assert.Equal(new[] { "a1", "b2", "c3" }, outcomes.Select(o => o.Result.MachineName));
        Assert.Equal(HostsSyncStatus.Updated, outcomes[0].Result.Status);
        Assert.Equal(HostsSyncStatus.Updated, outcomes[2].Result.Status);
        Assert.Equal(HostsSyncStatus.Failed, outcomes[1].Result.Status);
        Assert.Equal("HostKeyPinFailed", outcomes[1].ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.WriteError, outcomes[1].Category);
        Assert.Contains("known_hosts.lock' is held by another run", outcomes[1].Result.Reason);
        Assert.Equal(0, _guests["10.0.3.2"].Writes);
        Assert.Equal(0, _guests["10.0.3.2"].Sessions);
    }

    [Fact]
    public void Run_fails_a_guest_whose_pinned_keys_cannot_be_read_and_goes_on_with_the_others()
    {
        var guests = new[] { Guest("a1", "10.0.4.1"), Guest("b2", "10.0.4.2") };
        var store = new ThrowingHostKeyStore(_keys, guests[0].Address.VMId, () => new IOException("disk gone"), onFind: true);
        var engine = new HostsSyncEngine(() => _connector, store, (ip, port, timeout, ct) => null);

        var outcomes = engine.Run(HostsSyncEngine.Plan(guests), new HostsSyncOptions(), null, CancellationToken.None);

        Assert.Equal("HostKeyStoreUnreadable", outcomes[0].ErrorId);
        Assert.Equal(0, _guests["10.0.4.1"].Sessions);
        Assert.Equal(HostsSyncStatus.Updated, outcomes[1].Result.Status);
    }

    [Fact]
    public void Run_fails_closed_on_a_store_line_that_does_not_parse_naming_file_and_line()
    {
        var guests = new[] { Guest("a1", "10.0.5.1"), Guest("b2", "10.0.5.2") };
        var store = new ThrowingHostKeyStore(_keys, Guid.Empty,
            () => new KnownHostsException("/k/known_hosts", 3, "The pin store /k/known_hosts, line 3: the key is not base64."), onFind: true);

        var outcomes = Engine(store).Run(HostsSyncEngine.Plan(guests), new HostsSyncOptions(), null, CancellationToken.None);

        Assert.All(outcomes, o =>
        {
            Assert.Equal("HostKeyStoreCorrupt", o.ErrorId);
            Assert.Contains("/k/known_hosts, line 3", o.Result.Reason);
            Assert.Null(o.Result.HostKey);
        });
        Assert.Equal(0, _connector.Connects);
        Assert.Empty(_keys.Keys);
    }

    private sealed class ThrowingHostKeyStore : IHostKeyStore
    {
        private readonly IHostKeyStore _inner;
        private readonly Guid _failing;
        private readonly Func<Exception> _error;
        private readonly bool _onFind;

        /// <param name="failing">The VM whose lookups (or pins) fail; Guid.Empty: every VM's.</param>
        public ThrowingHostKeyStore(IHostKeyStore inner, Guid failing, Func<Exception> error, bool onFind = false)
        {
            _inner = inner;
            _failing = failing;
            _error = error;
            _onFind = onFind;
        }

        public string Location => _inner.Location;

        private bool Fails(Guid vmId) => _failing == Guid.Empty || vmId == _failing;

        public VmPins Find(Guid vmId) => _onFind && Fails(vmId) ? throw _error() : _inner.Find(vmId);

        public IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key) =>
            !_onFind && Fails(vmId) ? throw _error() : _inner.Pin(vmId, vmName, key);

        public void Replace(Guid vmId, string vmName, PinnedHostKey key)
        {
            if (!_onFind && Fails(vmId)) throw _error();
            _inner.Replace(vmId, vmName, key);
        }
    }

    // Another run pins its key for the VM between this run's lookup and its pin.
    private sealed class RacingHostKeyStore : IHostKeyStore
    {
        private readonly MemoryHostKeyStore _inner;
        private readonly Guid _vmId;
        private readonly PinnedHostKey _winner;

        public RacingHostKeyStore(MemoryHostKeyStore inner, Guid vmId, PinnedHostKey winner)
        {
            _inner = inner;
            _vmId = vmId;
            _winner = winner;
        }

        public string Location => _inner.Location;
        public VmPins Find(Guid vmId) => _inner.Find(vmId);

        public IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key)
        {
            if (vmId == _vmId) _inner.Pin(vmId, "other run", _winner);
            return _inner.Pin(vmId, vmName, key);
        }

        public void Replace(Guid vmId, string vmName, PinnedHostKey key) => _inner.Replace(vmId, vmName, key);
    }
}
