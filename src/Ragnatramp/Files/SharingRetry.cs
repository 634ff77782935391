using System;
using System.IO;
using System.Threading;

namespace Ragnatramp.Files;

/// <summary>
/// Retries a file operation while another process holds the file without sharing it (Windows: an
/// antivirus scan or the DNS client reading the hosts file; elsewhere: an exclusive lock), for a bounded time.
/// </summary>
internal static class SharingRetry
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(5);

    // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows; EWOULDBLOCK (11, or 35 on macOS) from .NET's lock elsewhere.
    public static bool IsSharingViolation(Exception e) =>
        e is IOException && !(e is FileNotFoundException || e is DirectoryNotFoundException)
        && e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021) or 11 or 35;

    /// <summary>Runs <paramref name="operation"/>; a sharing violation is retried until <paramref name="limit"/> has passed, then rethrown.</summary>
    public static T Run<T>(Func<T> operation, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        var delay = 25;
        while (true)
        {
            try
            {
                return operation();
            }
            catch (Exception e) when (IsSharingViolation(e) && DateTime.UtcNow < deadline)
            {
                var left = deadline - DateTime.UtcNow;
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(delay, left.TotalMilliseconds))));
                delay = Math.Min(delay * 2, 500);
            }
        }
    }

    public static void Run(Action operation, TimeSpan? limit = null) => Run(() =>
    {
        operation();
        return true;
    }, limit);
}
