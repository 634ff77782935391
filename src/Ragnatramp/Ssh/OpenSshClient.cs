using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Ragnatramp.Ssh;

/// <summary>The system's OpenSSH client (ssh.exe, built into Windows 10+, or ssh elsewhere), found on PATH.</summary>
internal static class OpenSshClient
{
    /// <summary>The full path of ssh on <paramref name="pathVariable"/>, or null.</summary>
    public static string? Find(string? pathVariable, bool windows)
    {
        var names = windows ? new[] { "ssh.exe" } : new[] { "ssh" };
        foreach (var folder in (pathVariable ?? "").Split(Path.PathSeparator).Where(f => f.Trim().Length > 0))
        {
            foreach (var name in names)
            {
                string candidate;
                try
                {
                    candidate = Path.Combine(folder.Trim().Trim('"'), name);
                }
                catch (ArgumentException)
                {
                    continue;
                }
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The ssh arguments that reach <paramref name="host"/> with its pinned key, then the remote command (if any).</summary>
    public static IReadOnlyList<string> Arguments(SshHostConfig host, string? command, bool windows)
    {
        var arguments = new List<string>();
        foreach (var option in SshConfigText.Options(host, windows))
        {
            arguments.Add("-o");
            arguments.Add(option);
        }
        // The destination is the first name, resolved by HostName above; "--" ends ssh's options.
        arguments.Add("--");
        arguments.Add(host.Host.Length > 0 ? host.Host[0] : host.HostName);
        if (!string.IsNullOrEmpty(command)) arguments.Add(command!);
        return arguments;
    }
}
