using System;
using System.IO;
using System.Text;
using System.Threading;

using Ragnatramp.Files;

namespace Ragnatramp.State;

/// <summary>
/// Reads and writes one project's .ragnatramp/state.json: lock-free reads (writes are atomic renames,
/// so a reader never sees half a file) and read-modify-write under a cross-process lock.
/// </summary>
internal sealed class StateStore
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);
    private static readonly UTF8Encoding Utf8NoBom = new(false, true);

    public StateStore(string statePath, TimeSpan? lockTimeout = null)
    {
        StatePath = Path.GetFullPath(statePath);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>The store of the project whose config file is <paramref name="configPath"/> (.ragnatramp/state.json beside it).</summary>
    public static StateStore ForConfig(string configPath, TimeSpan? lockTimeout = null) =>
        new(StatePathFor(configPath), lockTimeout);

    /// <summary>.ragnatramp/state.json in the config file's folder.</summary>
    public static string StatePathFor(string configPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".", ".ragnatramp", "state.json");

    public string StatePath { get; }
    /// <summary>How the new file replaces the old one (the tests' seam for Windows-only failures).</summary>
    internal IFileReplace? Replace { get; set; }
    public TimeSpan LockTimeout { get; }
    public bool Exists => File.Exists(StatePath);

    /// <summary>The current state; null when there is no state file.</summary>
    /// <exception cref="StateFileException">Unreadable, corrupt, or a version other than 1.</exception>
    public StateDocument? Read()
    {
        var text = ReadText();
        return text == null ? null : StateDocument.Parse(text, StatePath);
    }

    /// <summary>
    /// Read-modify-write under the lock: re-reads the file inside the lock, hands the current state
    /// (null if there is none) to <paramref name="change"/>, and writes what it returns if that
    /// differs from the file (updatedAt set, atomic replace). Returning null writes nothing.
    /// </summary>
    /// <returns>The document as written (or as read when nothing changed); null when there is none.</returns>
    public StateUpdate Update(Func<StateDocument?, StateDocument?> change, CancellationToken cancellation = default)
    {
        EnsureFolder();
        using (StateFileLock.Acquire(StatePath, LockTimeout, cancellation))
        {
            var current = Read();
            var next = change(current);
            if (next == null || !next.IsModified) return new StateUpdate(next ?? current, false);
            next.Touch(DateTime.UtcNow);
            RemoveAbandonedTempFiles();
            WriteAtomically(next.ToJson(), cancellation);
            return new StateUpdate(StateDocument.Parse(next.ToJson(), StatePath), true);
        }
    }

    private string? ReadText()
    {
        try
        {
            // Share Delete too: a writer's rename over the file must not fail because we are reading it.
            using var stream = new FileStream(StatePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            return Utf8NoBom.GetString(bytes, 0, read);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (DecoderFallbackException e)
        {
            throw new StateFileException(StatePath, StateFileProblem.Corrupt,
                $"The state file '{StatePath}' is not UTF-8 text (byte {e.Index}). Ragnatramp leaves it untouched; fix or restore it.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(StatePath, StateFileProblem.Inaccessible,
                $"Cannot read the state file '{StatePath}': {e.Message}", e);
        }
    }

    private void EnsureFolder()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(StatePath, StateFileProblem.Inaccessible,
                $"Cannot create the state folder for '{StatePath}': {e.Message}", e);
        }
    }

    // Atomic (see AtomicFile): a reader sees the old state or the new one, a crash leaves at most a temp file.
    private void WriteAtomically(string text, CancellationToken cancellation)
    {
        try
        {
            AtomicFile.Write(StatePath, Utf8NoBom.GetBytes(text), cancellation, Replace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(StatePath, StateFileProblem.Inaccessible,
                $"Cannot write the state file '{StatePath}': {e.Message} The previous state is unchanged.", e);
        }
    }

    // A writer that crashed between creating its temp file and the rename leaves it behind; under the
    // lock no live writer of ours owns a temp file older than this. (The Node.js CLI's own
    // state.json.tmp does not match the pattern and is left alone.)
    private static readonly TimeSpan AbandonedTempAge = TimeSpan.FromMinutes(10);

    private void RemoveAbandonedTempFiles()
    {
        try
        {
            var folder = Path.GetDirectoryName(StatePath)!;
            foreach (var temp in Directory.GetFiles(folder, Path.GetFileName(StatePath) + ".*.tmp"))
            {
                var middle = Path.GetFileName(temp).Substring(Path.GetFileName(StatePath).Length + 1);
                if (middle.Length != 36 || DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) < AbandonedTempAge) continue;
                File.Delete(temp);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying up is best effort; the write itself does not depend on it.
        }
    }
}
