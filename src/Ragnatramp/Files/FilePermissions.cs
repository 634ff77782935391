using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Ragnatramp.Files;

/// <summary>
/// File permissions the module sets or keeps: a file only its owner may read (OpenSSH insists on it for
/// ~/.ssh/config), and the Unix mode of a file replaced by <see cref="AtomicFile"/>. On Unix the modes go
/// through File.GetUnixFileMode/SetUnixFileMode (.NET 7+, so PowerShell 7.4+); Windows uses an ACL.
/// </summary>
internal static class FilePermissions
{
    private const int OwnerReadWrite = 0x180; // 0600

    private static readonly MethodInfo? GetMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
    private static readonly MethodInfo? SetMode = typeof(File).GetMethod("SetUnixFileMode",
        new[] { typeof(string), GetMode?.ReturnType ?? typeof(int) });

    private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>The Unix permission bits of <paramref name="path"/> (e.g. 0x1A4 = 0644); null on Windows.</summary>
    public static int? UnixMode(string path) =>
        IsWindows || GetMode == null ? null : Convert.ToInt32(Invoke(GetMode, path));

    /// <summary>Sets the Unix permission bits of <paramref name="path"/>; nothing on Windows.</summary>
    public static void SetUnixMode(string path, int mode)
    {
        if (IsWindows || SetMode == null || GetMode == null) return;
        Invoke(SetMode, path, Enum.ToObject(GetMode.ReturnType, mode));
    }

    /// <summary>Gives <paramref name="target"/> the Unix mode of <paramref name="source"/> (an atomic replacement keeps the old file's mode).</summary>
    public static void CopyUnixMode(string source, string target)
    {
        if (UnixMode(source) is { } mode) SetUnixMode(target, mode);
    }

    /// <summary>
    /// Makes <paramref name="path"/> readable and writable by its owner only: mode 0600 on Unix; on Windows an
    /// ACL without inherited entries that grants the current user full control (icacls).
    /// </summary>
    /// <exception cref="IOException">The permissions could not be set.</exception>
    public static void MakeOwnerOnly(string path)
    {
        if (!IsWindows)
        {
            SetUnixMode(path, OwnerReadWrite);
            return;
        }
        var user = string.IsNullOrEmpty(Environment.UserDomainName) ? Environment.UserName : Environment.UserDomainName + "\\" + Environment.UserName;
        var icacls = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "icacls.exe");
        var start = new ProcessStartInfo(icacls, $"\"{path}\" /inheritance:r /grant:r \"{user}:F\"")
        {
            UseShellExecute = false, CreateNoWindow = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new IOException($"Could not start {icacls} to restrict '{path}' to its owner.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new IOException($"Could not restrict '{path}' to its owner ({icacls} exit code {process.ExitCode}: {output.Trim()}).");
    }

    private static object? Invoke(MethodInfo method, params object[] arguments)
    {
        try
        {
            return method.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw; // not reached
        }
    }
}
