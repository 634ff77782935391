using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace Ragnatramp.Files;

/// <summary>
/// The one-step replace of this platform. Windows: MoveFileEx with MOVEFILE_REPLACE_EXISTING (a rename
/// that replaces the destination in one step; it fails, and changes nothing, while a reader holds the
/// file without delete sharing) and MOVEFILE_WRITE_THROUGH. File.Replace is not used: without a backup
/// name it can fail after the destination was moved away, leaving no file at that name. Elsewhere:
/// rename(2), atomic by POSIX.
/// </summary>
internal sealed class PlatformFileReplace : IFileReplace
{
    public static readonly PlatformFileReplace Instance = new();

    private const uint MoveFileReplaceExisting = 0x1;
    private const uint MoveFileWriteThrough = 0x8;
    private const int ErrorAccessDenied = 5;

    public void Replace(string source, string destination)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            if (MoveFileEx(source, destination, MoveFileReplaceExisting | MoveFileWriteThrough)) return;
            var error = Marshal.GetLastWin32Error();
            var message = $"Cannot replace '{destination}': {new Win32Exception(error).Message}";
            if (error == ErrorAccessDenied) throw new UnauthorizedAccessException(message);
            throw new IOException(message, unchecked((int)0x80070000) | error);
        }
        // .NET's File.Replace is rename(2) on Unix; a destination that does not exist yet is a plain move.
        if (File.Exists(destination)) File.Replace(source, destination, null);
        else File.Move(source, destination);
    }

    [DllImport("kernel32.dll", EntryPoint = "MoveFileExW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool MoveFileEx(string existingFileName, string newFileName, uint flags);
}
