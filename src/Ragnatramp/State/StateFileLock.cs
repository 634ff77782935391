using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;

namespace Ragnatramp.State;

/// <summary>
/// Who holds a state lock: written into the lock file so that a waiting process can name the holder
/// and tell a lock left by a dead process from a live one.
/// </summary>
internal sealed class LockHolder
{
    public LockHolder(int processId, string host, DateTime since, DateTime? processStartedAt, string token)
    {
        ProcessId = processId;
        Host = host;
        Since = since;
        ProcessStartedAt = processStartedAt;
        Token = token;
    }

    public int ProcessId { get; }
    public string Host { get; }
    public DateTime Since { get; }
    /// <summary>When the holder process started: tells a reused process id from the holder.</summary>
    public DateTime? ProcessStartedAt { get; }
    /// <summary>Unique per acquisition, so a holder only ever removes its own lock.</summary>
    public string Token { get; }

    public static LockHolder ForCurrentProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new LockHolder(self.Id, Environment.MachineName, DateTime.UtcNow, StartTimeOf(self), Guid.NewGuid().ToString("N"));
    }

    public string ToJson() => NodeJson.Stringify(new JsonObject
    {
        ["pid"] = ProcessId,
        ["host"] = Host,
        ["since"] = NodeJson.IsoTimestamp(Since),
        ["processStartedAt"] = ProcessStartedAt.HasValue ? NodeJson.IsoTimestamp(ProcessStartedAt.Value) : null,
        ["token"] = Token,
    });

    /// <summary>The holder recorded in a lock file's text; null while it is still being written or if it is garbage.</summary>
    public static LockHolder? TryParse(string text)
    {
        try
        {
            if (NodeJson.Parse(text) is not JsonObject obj) return null;
            if (obj["pid"] is not JsonValue pid || !pid.TryGetValue<double>(out var id)) return null;
            var since = NodeJson.ParseTimestamp(StateDocument.GetString(obj, "since"));
            var token = StateDocument.GetString(obj, "token");
            if (since == null || token == null) return null;
            return new LockHolder((int)id, StateDocument.GetString(obj, "host") ?? "", since.Value,
                NodeJson.ParseTimestamp(StateDocument.GetString(obj, "processStartedAt")), token);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>True when the holder is on this machine and its process is gone (or its id now belongs to another process).</summary>
    public bool IsDeadProcessOnThisHost() => IsDeadProcessOnThisHost(LocalProcess.Open);

    /// <param name="open">Opens a process of this machine by id; throws ArgumentException when there is none (as Process.GetProcessById).</param>
    internal bool IsDeadProcessOnThisHost(Func<int, ILocalProcess> open)
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = open(ProcessId);
            if (process.HasExited) return true;
            var started = process.StartedAt;
            // Start times are recorded to the millisecond; allow for rounding.
            return started.HasValue && ProcessStartedAt.HasValue && Math.Abs((started.Value - ProcessStartedAt.Value).TotalSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (Win32Exception)
        {
            // Windows would not let us open the process (a protected or higher-integrity one, e.g. a
            // SYSTEM task holding the lock, or a reused id): we cannot tell, so it counts as alive and
            // a real stale lock ends in the timeout error that names it.
            return false;
        }
    }

    private static DateTime? StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception)
        {
            // Access denied to another user's process: we cannot tell, so treat it as alive.
            return null;
        }
    }

    public override string ToString() => $"process {ProcessId} on {Host} since {NodeJson.IsoTimestamp(Since)}";

    private sealed class LocalProcess : ILocalProcess
    {
        private readonly Process _process;

        private LocalProcess(Process process) => _process = process;

        public static ILocalProcess Open(int processId) => new LocalProcess(Process.GetProcessById(processId));

        public bool HasExited => _process.HasExited;
        public DateTime? StartedAt => StartTimeOf(_process);
        public void Dispose() => _process.Dispose();
    }
}

/// <summary>What the stale-lock check asks of a process on this machine.</summary>
internal interface ILocalProcess : IDisposable
{
    /// <summary>May throw Win32Exception when the process cannot be opened (Windows).</summary>
    bool HasExited { get; }
    /// <summary>UTC start time; null when it cannot be read.</summary>
    DateTime? StartedAt { get; }
}

/// <summary>
/// The cross-process lock that serialises read-modify-write of one state file: an exclusively created
/// lock file beside it, waited for with a bound; a lock whose process died is broken.
/// </summary>
internal sealed class StateFileLock : IDisposable
{
    // A lock file nobody has written a holder into after this long was left by a crash mid-creation.
    private static readonly TimeSpan UnwrittenLockAge = TimeSpan.FromSeconds(10);
    private readonly string _lockPath;
    private readonly LockHolder _holder;
    private bool _released;

    private StateFileLock(string lockPath, LockHolder holder)
    {
        _lockPath = lockPath;
        _holder = holder;
    }

    public static string LockPathFor(string statePath) => statePath + ".lock";

    /// <summary>Takes the lock on a state file, waiting up to <paramref name="timeout"/>.</summary>
    /// <exception cref="StateFileException">Timed out (the message names the holder), or the folder cannot be written.</exception>
    public static StateFileLock Acquire(string statePath, TimeSpan timeout, CancellationToken cancellation = default) =>
        Acquire(statePath, timeout, cancellation, CreateNewLockFile);

    /// <summary>As <see cref="Acquire(string, TimeSpan, CancellationToken)"/>, with <paramref name="createNew"/> creating the
    /// lock file exclusively (FileMode.CreateNew): a seam for what only Windows does (deny a delete-pending file).</summary>
    internal static StateFileLock Acquire(string statePath, TimeSpan timeout, CancellationToken cancellation, Func<string, Stream> createNew)
    {
        var lockPath = LockPathFor(statePath);
        var holder = LockHolder.ForCurrentProcess();
        var content = Encoding.UTF8.GetBytes(holder.ToJson());
        var waited = Stopwatch.StartNew();
        var random = new Random(Guid.NewGuid().GetHashCode());
        LockHolder? lastSeen = null;
        Stopwatch? deniedFor = null;
        string? lastProblem = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var created = TryCreate(lockPath, content, createNew, out var problem);
            if (created == CreateResult.Created) return new StateFileLock(lockPath, holder);
            // Windows denies creating a file whose deletion is still pending (a reader had it open
            // when its holder released it), and a holder can delete the lock between our failed
            // create and our look at it: both brief, so retry; a folder we may not write stays failing.
            if (created == CreateResult.Retry)
            {
                lastProblem = problem;
                deniedFor ??= Stopwatch.StartNew();
                if (deniedFor.Elapsed > DeniedGiveUp)
                    throw new StateFileException(lockPath, StateFileProblem.Inaccessible,
                        $"Cannot create the state lock file '{lockPath}': {lastProblem} Check that the folder exists and is writable for this account.");
                Pause(20, cancellation);
                continue;
            }
            deniedFor = null;

            var text = TryReadAll(lockPath);
            if (text != null)
            {
                var current = LockHolder.TryParse(text);
                if (current != null)
                {
                    lastSeen = current;
                    if (current.IsDeadProcessOnThisHost())
                    {
                        BreakStaleLock(lockPath, current.Token, cancellation);
                        continue;
                    }
                }
                else if (IsOlderThan(lockPath, UnwrittenLockAge))
                {
                    BreakStaleLock(lockPath, null, cancellation);
                    continue;
                }
            }

            if (waited.Elapsed >= timeout) throw TimedOut(statePath, lockPath, lastSeen, timeout);
            Pause(random.Next(10, 40), cancellation);
        }
    }

    // Ctrl+C (StopProcessing) ends a wait at once.
    private static void Pause(int milliseconds, CancellationToken cancellation)
    {
        cancellation.WaitHandle.WaitOne(milliseconds);
        cancellation.ThrowIfCancellationRequested();
    }

    private enum CreateResult
    {
        Created,
        Exists,
        /// <summary>Could not create it and it is not there now: retry briefly (see Acquire).</summary>
        Retry,
    }

    private static readonly TimeSpan DeniedGiveUp = TimeSpan.FromSeconds(3);

    private static Stream CreateNewLockFile(string lockPath) =>
        new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);

    private static CreateResult TryCreate(string lockPath, byte[] content, Func<string, Stream> createNew, out string? problem)
    {
        problem = null;
        Stream stream;
        try
        {
            stream = createNew(lockPath);
        }
        catch (UnauthorizedAccessException)
        {
            problem = "access is denied.";
            return File.Exists(lockPath) ? CreateResult.Exists : CreateResult.Retry;
        }
        catch (IOException e)
        {
            problem = e.Message;
            return File.Exists(lockPath) ? CreateResult.Exists : CreateResult.Retry;
        }
        using (stream)
        {
            stream.Write(content, 0, content.Length);
            if (stream is FileStream file) file.Flush(true);
            else stream.Flush();
        }
        return CreateResult.Created;
    }

    private static string? TryReadAll(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsOlderThan(string path, TimeSpan age)
    {
        try
        {
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > age;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Breaking is serialised by a second lock that the operating system holds for us: an exclusive
    // handle on "{lock}.break", released when its holder's handle closes, a crash included, so it can
    // never be left stale itself. Under it the lock file is read again and deleted only if it is still
    // the one judged stale (same token, holder still dead; or still unwritten and old): no other breaker
    // can act in between, and nobody can create a new lock while the stale one is there. So any number
    // of waiters may find the same stale lock at once; one deletes it, the others see it gone or
    // replaced by a live holder's, and at most one process ever holds the lock. The .break file is
    // never deleted: deleting a file that is locked this way lets two processes lock two files.
    private static void BreakStaleLock(string lockPath, string? staleToken, CancellationToken cancellation)
    {
        FileStream guard;
        try
        {
            guard = new FileStream(lockPath + ".break", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another waiter is breaking it right now: look again after a pause.
            Pause(20, cancellation);
            return;
        }
        using (guard)
        {
            var text = TryReadAll(lockPath);
            if (text == null) return;
            var current = LockHolder.TryParse(text);
            var stillStale = staleToken == null
                ? current == null && IsOlderThan(lockPath, UnwrittenLockAge)
                : current != null && current.Token == staleToken && current.IsDeadProcessOnThisHost();
            if (stillStale) TryDelete(lockPath);
        }
    }

    private static StateFileException TimedOut(string statePath, string lockPath, LockHolder? holder, TimeSpan timeout)
    {
        var who = holder == null
            ? "another process (the lock file names no holder yet)"
            : $"{holder} (held for {(int)(DateTime.UtcNow - holder.Since).TotalSeconds} s" +
              (string.Equals(holder.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase) ? ")" : "; that host cannot be checked from here)");
        return new StateFileException(lockPath, StateFileProblem.Locked,
            $"The state file '{statePath}' is locked by {who}; gave up after {timeout.TotalSeconds:0.#} s. " +
            $"Wait for that run to finish, or, if that process is gone, delete '{lockPath}'.");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Releases the lock: deletes the lock file if it is still ours.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        var text = TryReadAll(_lockPath);
        if (text != null && LockHolder.TryParse(text)?.Token == _holder.Token) TryDelete(_lockPath);
    }
}
