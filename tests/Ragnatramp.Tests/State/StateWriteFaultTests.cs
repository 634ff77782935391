using System.Diagnostics;
using Ragnatramp.Files;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

/// <summary>
/// Faults around replacing state.json: a reader holding it without delete sharing, a read-only file
/// (both as Windows reports them, through the <see cref="IFileReplace"/> seam), a full disk (a tiny
/// tmpfs), a cancelled retry; and many waiters breaking one stale lock at once. The old state must
/// survive every failure, readers must never find the file missing, and no temporary file may stay.
/// </summary>
public class StateWriteFaultTests
{
    private const string SharingViolation = "The process cannot access the file because it is being used by another process.";

    /// <summary>Fails like Windows a number of times (or always), checking each time that the old file is still there.</summary>
    private sealed class FailingReplace : IFileReplace
    {
        private readonly Func<Exception> _failure;
        private readonly byte[] _old;
        private int _failuresLeft;

        public FailingReplace(byte[] old, int failures, Func<Exception> failure)
        {
            _old = old;
            _failuresLeft = failures;
            _failure = failure;
        }

        public int Calls;

        public void Replace(string source, string destination)
        {
            Calls++;
            // What a reader would see at this moment: the old state, whole.
            Assert.Equal(_old, File.ReadAllBytes(destination));
            Assert.True(File.Exists(source), "the new content is ready beside it");
            if (_failuresLeft-- > 0) throw _failure();
            PlatformFileReplace.Instance.Replace(source, destination);
        }
    }

    private static StateDocument Change(StateDocument? state)
    {
        state!.Project = "changed";
        return state;
    }

    private static string[] Leftovers(StateFixture.Project project) =>
        Directory.GetFiles(Path.GetDirectoryName(project.StatePath)!).Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void A_reader_holding_the_file_without_delete_sharing_delays_the_replace_and_never_hides_the_file()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var old = File.ReadAllBytes(project.StatePath);
        var replace = new FailingReplace(old, 3, () => new IOException(SharingViolation, unchecked((int)0x80070020)));

        var update = new StateStore(project.StatePath) { Replace = replace }.Update(Change);

        Assert.True(update.Written);
        Assert.Equal(4, replace.Calls);
        Assert.Equal("changed", new StateStore(project.StatePath).Read()!.Project);
        Assert.Empty(Leftovers(project));
    }

    [Fact]
    public void A_reader_that_never_lets_go_fails_the_write_and_the_old_state_stays_whole()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var old = File.ReadAllBytes(project.StatePath);
        var replace = new FailingReplace(old, int.MaxValue, () => new IOException(SharingViolation, unchecked((int)0x80070020)));

        var error = Assert.Throws<StateFileException>(() => new StateStore(project.StatePath) { Replace = replace }.Update(Change));

        Assert.Equal(StateFileProblem.Inaccessible, error.Problem);
        Assert.Contains("previous state is unchanged", error.Message);
        Assert.Equal(old, File.ReadAllBytes(project.StatePath));
        Assert.Empty(Leftovers(project));
        Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)), "no lock behind");
    }

    [Fact]
    public void A_read_only_state_file_fails_the_write_and_stays_as_it_was()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var old = File.ReadAllBytes(project.StatePath);
        var replace = new FailingReplace(old, int.MaxValue, () => new UnauthorizedAccessException($"Access to the path '{project.StatePath}' is denied."));

        var error = Assert.Throws<StateFileException>(() => new StateStore(project.StatePath) { Replace = replace }.Update(Change));

        Assert.Contains(project.StatePath, error.Message);
        Assert.Equal(old, File.ReadAllBytes(project.StatePath));
        Assert.Empty(Leftovers(project));
    }

    [Fact]
    public void Cancelling_while_the_replace_is_retried_ends_at_once_and_leaves_the_old_state()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        var old = File.ReadAllBytes(project.StatePath);
        using var cancel = new CancellationTokenSource();
        var replace = new FailingReplace(old, int.MaxValue, () =>
        {
            cancel.Cancel();
            return new IOException(SharingViolation);
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new StateStore(project.StatePath) { Replace = replace }.Update(Change, cancel.Token));

        Assert.Equal(1, replace.Calls);
        Assert.Equal(old, File.ReadAllBytes(project.StatePath));
        Assert.Empty(Leftovers(project));
        Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)));
    }

    [Fact]
    public void A_full_disk_fails_the_write_and_leaves_the_old_state_and_no_temporary_file()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return;
        using var project = new StateFixture.Project();
        var folder = Path.GetDirectoryName(project.StatePath)!;
        Run("mount", "-t", "tmpfs", "-o", "size=64k", "none", folder);
        try
        {
            File.Copy(StateFixture.PathOf("node-created.json"), project.StatePath);
            var old = File.ReadAllBytes(project.StatePath);
            // Fill the file system, leaving room for the lock file only (one page).
            using (var fill = new FileStream(Path.Combine(folder, "fill"), FileMode.CreateNew))
            {
                try
                {
                    var block = new byte[4096];
                    while (true) fill.Write(block, 0, block.Length);
                }
                catch (IOException)
                {
                }
            }
            File.Delete(Path.Combine(folder, "fill"));
            using (var fill = new FileStream(Path.Combine(folder, "fill"), FileMode.CreateNew))
            {
                fill.SetLength(0);
                var room = new DriveInfo(folder).AvailableFreeSpace - 4096;
                if (room > 0) fill.Write(new byte[room], 0, (int)room);
            }

            var error = Assert.Throws<StateFileException>(() => new StateStore(project.StatePath).Update(state =>
            {
                state!.Project = new string('x', 20000);
                return state;
            }));

            Assert.Contains("previous state is unchanged", error.Message);
            Assert.Equal(old, File.ReadAllBytes(project.StatePath));
            Assert.Empty(Leftovers(project));
            Assert.False(File.Exists(StateFileLock.LockPathFor(project.StatePath)));
        }
        finally
        {
            Run("umount", folder);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
    }

    [Fact]
    public void Many_waiters_breaking_one_stale_lock_at_once_never_both_hold_it()
    {
        using var project = new StateFixture.Project();
        project.WithState("node-created.json");
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        var lockPath = StateFileLock.LockPathFor(project.StatePath);
        File.WriteAllText(lockPath, new LockHolder(dead.Id, Environment.MachineName, DateTime.UtcNow.AddMinutes(-5), null, "stale").ToJson());
        var inside = 0;
        var overlaps = 0;
        var start = new Barrier(16);

        var threads = Enumerable.Range(0, 16).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 20; i++)
            {
                using (StateFileLock.Acquire(project.StatePath, TimeSpan.FromSeconds(60)))
                {
                    if (Interlocked.Increment(ref inside) > 1) Interlocked.Increment(ref overlaps);
                    Thread.Sleep(1);
                    Interlocked.Decrement(ref inside);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, overlaps);
        Assert.False(File.Exists(lockPath));
    }
}
