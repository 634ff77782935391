using System;
using System.IO;
using System.Runtime.InteropServices;
using Ragnatramp.Files;

namespace Ragnatramp.Hosts;

/// <summary>
/// The host's own hosts file as Sync-RagnaHostsFile reads and writes it. Writes replace the file
/// atomically (a temporary file beside it renamed over it, keeping the old file's Unix mode; on Windows
/// File.Replace keeps its ACL and attributes); where a rename cannot replace it (a bind-mounted file) it is
/// written in place, read back, and the old bytes are put back on any failure. A read-only attribute is
/// cleared for the write and set again. Sharing violations (antivirus, the DNS client) are retried for
/// up to <see cref="SharingRetry.DefaultLimit"/>.
/// </summary>
internal sealed class LocalHostsFile
{
    private readonly TimeSpan _sharingLimit;

    public LocalHostsFile(string path, TimeSpan? sharingLimit = null)
    {
        Path = path;
        _sharingLimit = sharingLimit ?? SharingRetry.DefaultLimit;
    }

    public string Path { get; }

    /// <summary>The platform's hosts file: %SystemRoot%\System32\drivers\etc\hosts on Windows, /etc/hosts elsewhere.</summary>
    public static string DefaultPath() => DefaultPath(RuntimeInformation.IsOSPlatform(OSPlatform.Windows), Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="DefaultPath()"/> with the platform and environment given (pure, for tests).</summary>
    public static string DefaultPath(bool windows, Func<string, string?> env)
    {
        if (!windows) return "/etc/hosts";
        var root = env("SystemRoot");
        if (string.IsNullOrEmpty(root)) root = @"C:\Windows";
        return root!.TrimEnd('\\') + @"\System32\drivers\etc\hosts";
    }

    /// <summary>
    /// Checks before anything else that the file can be written: opened for writing (nothing written),
    /// or, read-only by attribute, that the attribute may be changed.
    /// </summary>
    /// <exception cref="HostsFileException">HostsFileAccessDenied or HostsFileUnreadable.</exception>
    public void CheckWriteAccess()
    {
        try
        {
            if (!File.Exists(Path))
            {
                throw new HostsFileException(HostsFileException.Unreadable, Path, $"The hosts file '{Path}' does not exist.",
                    "Pass the hosts file's path with -HostsPath, or create the file.");
            }
            var attributes = File.GetAttributes(Path);
            if ((attributes & FileAttributes.ReadOnly) != 0)
            {
                // Setting the attribute it already has proves the right to change it, without changing anything.
                File.SetAttributes(Path, attributes);
                return;
            }
            SharingRetry.Run(() =>
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            }, _sharingLimit);
        }
        catch (UnauthorizedAccessException e)
        {
            throw AccessDenied(e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new HostsFileException(HostsFileException.Unreadable, Path, $"Cannot open the hosts file '{Path}': {e.Message}",
                "Close the program that holds it open and run the command again.", e);
        }
    }

    /// <summary>The file's bytes.</summary>
    /// <exception cref="HostsFileException">HostsFileAccessDenied or HostsFileUnreadable.</exception>
    public byte[] Read()
    {
        try
        {
            return SharingRetry.Run(() => File.ReadAllBytes(Path), _sharingLimit);
        }
        catch (UnauthorizedAccessException e)
        {
            throw AccessDenied(e);
        }
        catch (IOException e)
        {
            throw new HostsFileException(HostsFileException.Unreadable, Path, $"Cannot read the hosts file '{Path}': {e.Message}",
                "Close the program that holds it open and run the command again.", e);
        }
    }

    /// <summary>Replaces the file's content with <paramref name="bytes"/>; on failure the file holds its old bytes.</summary>
    /// <exception cref="HostsFileException">HostsFileAccessDenied or HostsFileWriteFailed.</exception>
    public void Write(byte[] bytes, byte[] old)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(Path);
            if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(Path, attributes & ~FileAttributes.ReadOnly);
        }
        catch (UnauthorizedAccessException e)
        {
            throw AccessDenied(e);
        }
        catch (IOException e)
        {
            throw WriteFailed(e, "its attributes could not be changed; it is unchanged");
        }
        try
        {
            try
            {
                SharingRetry.Run(() => AtomicFile.Write(Path, bytes, temp => FilePermissions.CopyUnixMode(Path, temp), attempts: 1), _sharingLimit);
            }
            catch (IOException e) when (!SharingRetry.IsSharingViolation(e) && IsRenameRefused(e))
            {
                WriteInPlace(bytes, old);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw AccessDenied(e);
        }
        catch (IOException e)
        {
            throw WriteFailed(e, "it holds its old content");
        }
        finally
        {
            if ((attributes & FileAttributes.ReadOnly) != 0)
            {
                try
                {
                    File.SetAttributes(Path, File.GetAttributes(Path) | FileAttributes.ReadOnly);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // The content is right; only the attribute is lost, and the next run says so again.
                }
            }
        }
    }

    // A rename over a mount point (EBUSY 16) or across devices (EXDEV 18): the file must be written where it is.
    private static bool IsRenameRefused(IOException e) => e.HResult is 16 or 18;

    private void WriteInPlace(byte[] bytes, byte[] old)
    {
        try
        {
            Overwrite(bytes);
            if (!Same(File.ReadAllBytes(Path), bytes)) throw new IOException("the content read back differs from what was written");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            try
            {
                Overwrite(old);
            }
            catch (Exception restore) when (restore is IOException || restore is UnauthorizedAccessException)
            {
                throw new HostsFileException(HostsFileException.WriteFailed, Path,
                    $"Writing the hosts file '{Path}' in place failed ({e.Message}) and its old content could not be put back ({restore.Message}).",
                    "Check the file now: restore it from a backup if it is damaged.", e);
            }
            throw;
        }
    }

    private void Overwrite(byte[] bytes) => SharingRetry.Run(() =>
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes, 0, bytes.Length);
        stream.SetLength(bytes.Length);
        stream.Flush(true);
    }, _sharingLimit);

    private HostsFileException AccessDenied(Exception e) =>
        new(HostsFileException.AccessDenied, Path,
            $"No write access to the hosts file '{Path}' ({e.Message}); nothing was changed.",
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? "Run the command from an elevated PowerShell (Run as administrator), or pass another file with -HostsPath."
                : "Run it as root (sudo), or pass another file with -HostsPath.", e);

    private HostsFileException WriteFailed(Exception e, string state) =>
        new(HostsFileException.WriteFailed, Path, $"Could not write the hosts file '{Path}' ({e.Message}); {state}.",
            "Close the program that holds it open (an editor, antivirus) and run the command again.", e);

    private static bool Same(byte[] a, byte[] b) => System.Linq.Enumerable.SequenceEqual(a, b);
}
