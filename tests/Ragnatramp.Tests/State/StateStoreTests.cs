using System.Diagnostics;
using System.Text;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class StateStoreTests
{
    private static NetworkState Running(string ipv4) =>
        new(ipv4, new string[0], "00155DDE3309", "Network Adapter", DateTime.UtcNow, "hyperv", null);

    [Fact]
    public void Without_a_state_file_read_returns_null_and_writes_nothing()
    {
        using var project = new StateFixture.Project();
        File.Delete(project.StatePath);

        Assert.Null(new StateStore(project.StatePath).Read());
        Assert.False(File.Exists(project.StatePath));
    }

    [Fact]
    public void ForConfig_finds_the_state_beside_the_config()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");

        var state = StateStore.ForConfig(project.ConfigPath).Read()!;

        Assert.Equal(new[] { "web", "db" }, state.Vms.Select(v => v.MachineName));
    }

    [Fact]
    public void An_update_that_changes_nothing_leaves_the_file_untouched()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");
        var before = File.GetLastWriteTimeUtc(project.StatePath);
        File.SetLastWriteTimeUtc(project.StatePath, before.AddDays(-1));

        var update = new StateStore(project.StatePath).Update(state => state);

        Assert.False(update.Written);
        Assert.Equal(StateFixture.Bytes("node-state.json"), File.ReadAllBytes(project.StatePath));
        Assert.Equal(before.AddDays(-1), File.GetLastWriteTimeUtc(project.StatePath));
    }

    [Theory]
    [InlineData("\uFEFF{\n  \"version\": 1,\n  \"vms\": {}\n}")]
    [InlineData("{\r\n    \"version\": 1.0,\r\n    \"vms\": { }\r\n}\r\n")]
    public void A_file_that_differs_only_in_layout_is_not_rewritten_when_nothing_changes(string text)
    {
        using var project = new StateFixture.Project();
        File.WriteAllText(project.StatePath, text);
        var bytes = File.ReadAllBytes(project.StatePath);

        var update = new StateStore(project.StatePath).Update(state => state);

        Assert.False(update.Written);
        Assert.Equal(bytes, File.ReadAllBytes(project.StatePath));
    }

    [Fact]
    public void An_update_rewrites_the_file_with_updatedAt_and_unknown_fields_kept_and_no_temp_left()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");

        var update = new StateStore(project.StatePath).Update(state =>
        {
            state!.FindVm("db")!.SetNetwork(Running("10.0.0.7"));
            return state;
        });

        Assert.True(update.Written);
        var text = File.ReadAllText(project.StatePath);
        var reread = StateDocument.Parse(text, project.StatePath);
        Assert.Equal("10.0.0.7", reread.FindVm("db")!.Network!.Ipv4);
        Assert.DoesNotContain("\"updatedAt\": \"2026-01-30T10:05:00.000Z\"", text);
        Assert.Contains("\"updatedAt\": ", text);
        Assert.Contains("\"futureNetworkField\"", text);
        Assert.Contains("\"owner\": \"ops\"", text);
        Assert.Contains("\"label\": \"kept\"", text);
        Assert.False(text.EndsWith("\n"), "JSON.stringify + writeFile writes no final newline");
        Assert.Equal(new[] { "state.json" }, Directory.GetFiles(Path.GetDirectoryName(project.StatePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_removes_temp_files_that_crashed_writers_left_long_ago_and_nothing_else()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");
        var folder = Path.GetDirectoryName(project.StatePath)!;
        string Temp(string name, int minutesOld)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, "{ half");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutesOld));
            return path;
        }
        var abandoned = Temp($"state.json.{Guid.NewGuid():N}.tmp", 60);
        var recent = Temp($"state.json.{Guid.NewGuid():N}.tmp", 0);
        var nodes = Temp("state.json.tmp", 60);

        new StateStore(project.StatePath).Update(state =>
        {
            state!.Project = "changed";
            return state;
        });

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent), "a temp file this young may belong to a writer of another tool");
        Assert.True(File.Exists(nodes), "the Node.js CLI's temp file is not ours");
    }

    [Fact]
    public void Update_creates_the_state_and_its_folder_when_there_is_none()
    {
        using var project = new StateFixture.Project();
        Directory.Delete(Path.GetDirectoryName(project.StatePath)!);

        var update = new StateStore(project.StatePath).Update(state =>
            state ?? StateDocument.CreateNew(project.StatePath, project.ConfigPath, "deadbeef", "p", DateTime.UtcNow));

        Assert.True(update.Written);
        Assert.Contains("\"configHash\": \"deadbeef\"", File.ReadAllText(project.StatePath));
    }

    [Fact]
    public void A_corrupt_file_is_an_error_naming_it_and_is_never_rewritten()
    {
        using var project = new StateFixture.Project();
        var corrupt = Encoding.UTF8.GetBytes("{\n  \"version\": 1,\n  \"vms\": {\n    \"web\": {\"id\": \"x\",,}\n");
        File.WriteAllBytes(project.StatePath, corrupt);
        var called = false;

        var error = Assert.Throws<StateFileException>(() => new StateStore(project.StatePath).Update(state =>
        {
            called = true;
            return StateDocument.CreateNew(project.StatePath, project.ConfigPath, "deadbeef", "p", DateTime.UtcNow);
        }));

        Assert.False(called);
        Assert.Contains(project.StatePath, error.Message);
        Assert.Contains("line 4", error.Message);
        Assert.Equal(corrupt, File.ReadAllBytes(project.StatePath));
        Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)), "the lock is released on error");
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_corrupt_and_kept()
    {
        using var project = new StateFixture.Project();
        var bytes = new byte[] { 0x7b, 0xff, 0xfe, 0x7d };
        File.WriteAllBytes(project.StatePath, bytes);

        var error = Assert.Throws<StateFileException>(() => new StateStore(project.StatePath).Update(s => s));

        Assert.Equal(StateFileProblem.Corrupt, error.Problem);
        Assert.Equal(bytes, File.ReadAllBytes(project.StatePath));
    }

    [Fact]
    public void Writers_at_once_never_lose_each_others_update()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-state.json");
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        var start = new Barrier(ids.Count);

        // Each writer reads, adds its own entry and writes; without the lock and the re-read inside
        // it, writers that read the same version would overwrite each other's entry.
        var writers = ids.Select(id => new Thread(() =>
        {
            start.SignalAndWait();
            new StateStore(project.StatePath).Update(state =>
            {
                state!.AddVm("m" + id.ToString("N"), id, "vm-" + id.ToString("N"));
                Thread.Sleep(20); // widens the window in which an unserialised writer would read a stale version
                return state;
            });
        })).ToList();
        writers.ForEach(w => w.Start());
        writers.ForEach(w => w.Join());

        var final = new StateStore(project.StatePath).Read()!;
        Assert.All(ids, id => Assert.Equal(id, final.FindVm("m" + id.ToString("N"))?.Id));
        Assert.Contains("\"futureNetworkField\"", final.ToJson());
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_is_broken()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        var stale = new LockHolder(dead.Id, Environment.MachineName, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(-5), "stale-token");
        File.WriteAllText(StateFileLock.LockPathFor(project.StatePath), stale.ToJson());

        var update = new StateStore(project.StatePath, TimeSpan.FromSeconds(30)).Update(state =>
        {
            state!.Project = "changed";
            return state;
        });

        Assert.True(update.Written);
        Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)));
        // Only the state and the (unheld) guard that serialises breakers: no temporary file, no lock.
        Assert.Equal(new[] { project.StatePath, StateFileLock.LockPathFor(project.StatePath) + ".break" },
            Directory.GetFiles(Path.GetDirectoryName(project.StatePath)!).OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void A_lock_held_by_a_live_process_times_out_with_an_error_naming_the_holder()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var since = new DateTime(2026, 1, 30, 9, 0, 0, DateTimeKind.Utc);
        using var self = Process.GetCurrentProcess();
        var live = new LockHolder(self.Id, Environment.MachineName, since, self.StartTime.ToUniversalTime(), "live-token");
        var lockPath = StateFileLock.LockPathFor(project.StatePath);
        File.WriteAllText(lockPath, live.ToJson());

        var error = Assert.Throws<StateFileException>(() =>
            new StateStore(project.StatePath, TimeSpan.FromMilliseconds(300)).Update(state => state));

        Assert.Equal(StateFileProblem.Locked, error.Problem);
        Assert.Contains($"process {self.Id}", error.Message);
        Assert.Contains(Environment.MachineName, error.Message);
        Assert.Contains("2026-01-30T09:00:00.000Z", error.Message);
        Assert.Contains(lockPath, error.Message);
        Assert.True(File.Exists(lockPath), "a live holder's lock is left alone");
        Assert.Equal(StateFixture.Bytes("node-created.json"), File.ReadAllBytes(project.StatePath));
    }

    [Fact]
    public void A_lock_of_a_reused_process_id_counts_as_dead()
    {
        using var self = Process.GetCurrentProcess();
        var reused = new LockHolder(self.Id, Environment.MachineName, DateTime.UtcNow, self.StartTime.ToUniversalTime().AddHours(-3), "t");

        Assert.True(reused.IsDeadProcessOnThisHost());
    }

    [Fact]
    public void A_lock_held_on_another_host_is_never_judged_dead_from_here()
    {
        var remote = new LockHolder(int.MaxValue - 7, "some-other-host", DateTime.UtcNow, null, "t");

        Assert.False(remote.IsDeadProcessOnThisHost());
    }

    private sealed class UnopenableProcess : ILocalProcess
    {
        public bool HasExited => throw new System.ComponentModel.Win32Exception(5, "Access is denied");
        public DateTime? StartedAt => null;
        public void Dispose() { }
    }

    [Fact]
    public void A_lock_of_a_process_Windows_will_not_open_counts_as_alive_not_as_an_error()
    {
        var holder = new LockHolder(4242, Environment.MachineName, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(-1), "t");

        Assert.False(holder.IsDeadProcessOnThisHost(_ => new UnopenableProcess()));
    }

    [Fact]
    public void A_lock_file_whose_deletion_is_pending_is_retried_until_it_can_be_created() =>
        // Windows denies creating a file whose deletion is pending (a waiter still had the old lock open):
        // that is "busy", not "the folder is not writable".
        AssertAcquiredAfter(3, path => new UnauthorizedAccessException($"Access to the path '{path}' is denied."));

    [Fact]
    public void A_lock_its_holder_deleted_between_our_create_and_our_look_is_retried_not_an_error() =>
        // The race seen with seven guests pinning host keys at once: CreateNew fails because the lock
        // exists, then the holder releases it before File.Exists looks.
        AssertAcquiredAfter(2, path => new IOException($"The file '{path}' already exists."));

    // The lock is acquired through a CreateNew that throws failure(path) the first `failures` times, then
    // creates the file: every failure was retried, and the lock is gone once released.
    private static void AssertAcquiredAfter(int failures, Func<string, Exception> failure)
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var left = failures;
        Stream CreateNew(string path) => left-- > 0
            ? throw failure(path)
            : new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);

        using (StateFileLock.Acquire(project.StatePath, TimeSpan.FromSeconds(30), CancellationToken.None, CreateNew))
        {
            Assert.True(File.Exists(StateFileLock.LockPathFor(project.StatePath)));
        }

        Assert.Equal(-1, left);
        Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)), "released");
    }

    [Fact]
    public void A_lock_file_that_keeps_failing_to_be_created_is_an_error_with_the_cause()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");

        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(project.StatePath, TimeSpan.FromSeconds(30), CancellationToken.None,
            _ => throw new IOException("No space left on device.")));

        Assert.Equal(StateFileProblem.Inaccessible, error.Problem);
        Assert.Contains("No space left on device.", error.Message);
    }

    [Fact]
    public void A_lock_folder_that_stays_denied_is_an_error_naming_the_lock_file()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var lockPath = StateFileLock.LockPathFor(project.StatePath);

        var error = Assert.Throws<StateFileException>(() => StateFileLock.Acquire(project.StatePath, TimeSpan.FromSeconds(30), CancellationToken.None,
            path => throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.")));

        Assert.Equal(StateFileProblem.Inaccessible, error.Problem);
        Assert.Contains(lockPath, error.Message);
        Assert.Contains("writable", error.Message);
    }
}
