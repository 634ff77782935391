using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace Ragnatramp.State;

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
