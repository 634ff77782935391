using System;
using System.IO;
using System.Threading;

namespace Ragnatramp.Files;

/// <summary>
/// Replaces a file so that a reader sees the old content or the new, never half: a temporary file
/// beside it (same volume, so the rename is atomic), flushed to disk, renamed over it. A crash leaves
/// at most a <c>{file}.{guid}.tmp</c> beside it.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The file cannot be written; it is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder may not be written; it is unchanged.</exception>
    public static void Write(string path, byte[] bytes) => Write(path, bytes, null);

    /// <summary>
    /// As <see cref="Write(string, byte[])"/>; <paramref name="prepare"/> runs on the written temporary file before it
    /// replaces <paramref name="path"/> (to give it the old file's permissions), and the rename is tried
    /// <paramref name="attempts"/> times (a caller with its own retry policy passes 1).
    /// </summary>
    public static void Write(string path, byte[] bytes, Action<string>? prepare, int attempts = 20)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            prepare?.Invoke(temp);
            WithRetry(() =>
            {
                if (File.Exists(path)) File.Replace(temp, path, null, true);
                else File.Move(temp, path);
            }, attempts);
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
