using System;
using System.IO;
using System.Threading;

namespace Ragnatramp.Files;

/// <summary>
/// Replaces a file so that a reader sees the old content or the new, never half and never none: a
/// temporary file beside it (same volume), flushed to disk, then moved over it in one step
/// (<see cref="PlatformFileReplace"/>), retried while a reader briefly holds the file. The file itself
/// is never deleted or truncated: a failed or crashed write leaves the old file, plus at most a
/// <c>{file}.{guid}.tmp</c> beside it after a crash.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The file cannot be written; it is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder may not be written; it is unchanged.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while retrying; the file is unchanged.</exception>
    public static void Write(string path, byte[] bytes, CancellationToken cancellation = default, IFileReplace? replace = null)
        => Write(path, bytes, null, cancellation: cancellation, replace: replace);

    /// <summary>
    /// As <see cref="Write(string, byte[], CancellationToken, IFileReplace?)"/>; <paramref name="prepare"/> runs on the
    /// written temporary file before it replaces <paramref name="path"/> (to give it the old file's permissions), and
    /// the replace is tried <paramref name="attempts"/> times (a caller with its own retry policy passes 1).
    /// </summary>
    public static void Write(string path, byte[] bytes, Action<string>? prepare, int attempts = 20,
        CancellationToken cancellation = default, IFileReplace? replace = null)
    {
        replace ??= PlatformFileReplace.Instance;
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            prepare?.Invoke(temp);
            WithRetry(() => replace.Replace(temp, path), attempts, cancellation);
        }
        catch
        {
            // Only our temporary file goes; the file itself was never touched. (Should the file be missing
            // now, the temporary file is the newest copy there is: it stays.)
            if (File.Exists(path) || !File.Exists(temp)) TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file never replaces anything, and the next write removes old ones.
        }
    }

    /// <summary>
    /// Runs <paramref name="replace"/>, retrying briefly while it fails: on Windows a reader that does
    /// not share Delete (an editor, antivirus, the indexer) makes the rename fail for a moment.
    /// </summary>
    internal static void WithRetry(Action replace, int attempts = 20, CancellationToken cancellation = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                replace();
                return;
            }
            catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && attempt < attempts)
            {
                cancellation.WaitHandle.WaitOne(50 * attempt);
            }
        }
    }
}
