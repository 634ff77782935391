using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Ragnatramp.Files;

/// <summary>
/// A small file that is read without a lock and rewritten under a cross-process lock: the new
/// content goes to a temporary file beside it, flushed to disk, then renamed over it (with retries),
/// so a reader sees the old file or the new one, and two runs never lose each other's update.
/// </summary>
internal sealed class LockedJsonFile
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);
    // How long "access denied" on the lock file counts as busy before it is reported as a real denial.
    internal static readonly TimeSpan DeniedGiveUp = TimeSpan.FromSeconds(3);
    private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

    public LockedJsonFile(string path, TimeSpan? lockTimeout = null)
    {
        FilePath = Path.GetFullPath(path);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    public string FilePath { get; }
    public string LockPath => FilePath + ".lock";
    public TimeSpan LockTimeout { get; }

    /// <summary>The file's bytes without a UTF-8 BOM (an editor or Windows PowerShell 5.1 may add one); null when there is no file.</summary>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public byte[]? Read()
    {
        try
        {
            // Share Delete too: a writer's rename over the file must not fail because we are reading it.
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return WithoutBom(buffer.ToArray());
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot read '{FilePath}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Read-modify-write under the lock: <paramref name="change"/> gets the current bytes (null when
    /// there is no file) and returns the new content, or null to write nothing.
    /// </summary>
    /// <exception cref="IOException">The folder, the lock or the file cannot be created, locked, read or written.</exception>
    public void Update(Func<byte[]?, byte[]?> change, CancellationToken cancellation = default)
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot create the folder '{folder}': {e.Message}", e);
        }
        using (AcquireLock(OpenLock, LockPath, LockTimeout, DeniedGiveUp, cancellation))
        {
            var next = change(Read());
            if (next != null) WriteAtomically(next);
        }
    }

    /// <summary>The bytes after a leading UTF-8 BOM (the same array when there is none).</summary>
    public static byte[] WithoutBom(byte[] bytes)
    {
        if (bytes.Length < 3 || bytes[0] != Utf8Bom[0] || bytes[1] != Utf8Bom[1] || bytes[2] != Utf8Bom[2]) return bytes;
        var rest = new byte[bytes.Length - 3];
        Buffer.BlockCopy(bytes, 3, rest, 0, rest.Length);
        return rest;
    }

    // The lock file stays in place and is opened exclusively; the OS releases it when the holder's
    // handle closes, a crash included, so a lock can never be left stale. It is never deleted: on
    // Linux a waiter could lock a deleted file while another locks its replacement, and on Windows a
    // file whose deletion is pending refuses every open (UnauthorizedAccessException).
    private IDisposable OpenLock() =>
        new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    /// <summary>
    /// Opens the lock with <paramref name="open"/>, waiting while another holder has it (IOException)
    /// and, for up to <paramref name="deniedGiveUp"/>, while access is denied (a delete-pending lock file
    /// left by an older version, an antivirus scan).
    /// </summary>
    internal static IDisposable AcquireLock(Func<IDisposable> open, string lockPath, TimeSpan timeout, TimeSpan deniedGiveUp,
        CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        Stopwatch? deniedFor = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                return open();
            }
            catch (DirectoryNotFoundException e)
            {
                throw new IOException($"Cannot create the lock file '{lockPath}': {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                deniedFor ??= Stopwatch.StartNew();
                if (deniedFor.Elapsed >= deniedGiveUp)
                {
                    throw new IOException($"Cannot open the lock file '{lockPath}': access is denied ({e.Message}). " +
                                          "Check that this account may write that folder.", e);
                }
            }
            catch (IOException e)
            {
                deniedFor = null;
                if (waited.Elapsed >= timeout)
                {
                    throw new IOException($"'{lockPath}' is held by another run (gave up after {timeout.TotalSeconds:0.#} s): " +
                                          $"wait for it to finish and run again ({e.Message})", e);
                }
            }
            Thread.Sleep(50);
        }
    }

    // Temp file in the same folder (same volume, so the rename is atomic), flushed to disk, renamed over the file.
    private void WriteAtomically(byte[] bytes)
    {
        var temp = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            WithRetry(() =>
            {
                if (File.Exists(FilePath)) File.Replace(temp, FilePath, null, true);
                else File.Move(temp, FilePath);
            });
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"Cannot write '{FilePath}': {e.Message} It is unchanged.", e);
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: a leftover temp file never replaces anything.
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="replace"/>, retrying briefly while it fails: on Windows a reader that does
    /// not share Delete (an editor, antivirus, the indexer) makes the rename fail for a moment.
    /// </summary>
    internal static void WithRetry(Action replace, int attempts = 20)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                replace();
                return;
            }
            catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && attempt < attempts)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }
}
