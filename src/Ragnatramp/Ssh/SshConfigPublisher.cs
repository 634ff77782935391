using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Ragnatramp.Files;

namespace Ragnatramp.Ssh;

/// <summary>
/// publish.ssh_config: writes ~/.ssh/ragnatramp/&lt;project&gt;.conf (owner-only, atomically, only on
/// change) and makes ~/.ssh/config include it (<see cref="SshConfigInclude"/>; a missing config is
/// created owner-only). Only this project's file is touched: another project's file stays until that
/// project's next reconcile, or until the user deletes it.
/// </summary>
internal sealed class SshConfigPublisher
{
    private const int OwnerOnlyFolder = 0x1C0; // 0700

    public SshConfigPublisher(string sshFolder)
    {
        SshFolder = sshFolder;
    }

    /// <summary>~/.ssh of the current user (%USERPROFILE%\.ssh on Windows, where its OpenSSH looks).</summary>
    public static SshConfigPublisher ForCurrentUser() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh"));

    public string SshFolder { get; }
    public string UserConfig => Path.Combine(SshFolder, "config");

    public string ProjectFile(string project) => Path.Combine(SshFolder, "ragnatramp", project + ".conf");

    /// <summary>The files <see cref="Publish"/> would write now (what a dry run reports).</summary>
    public IReadOnlyList<string> Pending(string project, string text)
    {
        var pending = new List<string>();
        var file = ProjectFile(project);
        if (!File.Exists(file) || !Same(File.ReadAllBytes(file), Encoding.UTF8.GetBytes(text))) pending.Add(file);
        if (!File.Exists(UserConfig) || SshConfigInclude.Ensure(File.ReadAllBytes(UserConfig)) != null) pending.Add(UserConfig);
        return pending;
    }

    /// <summary>Writes what changed; returns the files written.</summary>
    /// <exception cref="IOException">A file could not be written; each file is old or new, never half.</exception>
    /// <exception cref="UnauthorizedAccessException">No right to write in ~/.ssh.</exception>
    public IReadOnlyList<string> Publish(string project, string text)
    {
        var written = new List<string>();
        var file = ProjectFile(project);
        CreateFolder(SshFolder);
        CreateFolder(Path.GetDirectoryName(file)!);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!File.Exists(file) || !Same(File.ReadAllBytes(file), bytes))
        {
            AtomicFile.Write(file, bytes, FilePermissions.MakeOwnerOnly);
            written.Add(file);
        }

        if (!File.Exists(UserConfig))
        {
            AtomicFile.Write(UserConfig, SshConfigInclude.Ensure(Array.Empty<byte>())!, FilePermissions.MakeOwnerOnly);
            written.Add(UserConfig);
        }
        else if (SshConfigInclude.Ensure(File.ReadAllBytes(UserConfig)) is { } included)
        {
            var target = ResolveLink(UserConfig);
            AtomicFile.Write(target, included, temp => FilePermissions.CopyUnixMode(target, temp));
            written.Add(UserConfig);
        }
        return written;
    }

    // A ~/.ssh/config that is a symbolic link (dotfile managers) is written through, not replaced by a file.
    private static string ResolveLink(string path)
    {
        var info = new FileInfo(path);
        var property = typeof(FileSystemInfo).GetProperty("LinkTarget");
        if (property?.GetValue(info) is string target && !string.IsNullOrEmpty(target))
            return Path.IsPathRooted(target) ? target : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
        return path;
    }

    private static void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        Directory.CreateDirectory(folder);
        FilePermissions.SetUnixMode(folder, OwnerOnlyFolder);
    }

    private static bool Same(byte[] a, byte[] b) => System.Linq.Enumerable.SequenceEqual(a, b);
}
