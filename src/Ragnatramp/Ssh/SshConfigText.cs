using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Ragnatramp.Ssh;

/// <summary>
/// SshHostConfig objects in ssh_config syntax, as OpenSSH (including Windows' built-in 8.1) reads it:
/// one Host block per machine; arguments with spaces, quotes or '#' in double quotes; '%' doubled in
/// paths (OpenSSH expands %-tokens there); Windows paths with forward slashes (no backslash escapes to
/// get wrong). LF line endings; no time stamp, so the text changes only when a value does.
/// </summary>
internal static class SshConfigText
{
    /// <summary>The whole file: a header naming the project and config, then one block per machine.</summary>
    public static string Render(string project, string configPath, IEnumerable<SshHostConfig> hosts, bool windows)
    {
        var text = new StringBuilder();
        text.Append("# Ragnatramp: how to reach the VMs of project '").Append(project).Append("' by name (").Append(configPath.Replace("\n", " ")).Append(")\n");
        text.Append("# Written by Ragnatramp from the project's state; edits are overwritten. See Get-Help about_Ragnatramp.\n");
        foreach (var host in hosts)
        {
            text.Append('\n');
            text.Append("Host ").Append(string.Join(" ", host.Host)).Append('\n');
            Option(text, "HostName", host.HostName);
            if (!string.IsNullOrEmpty(host.User)) Option(text, "User", Argument(host.User!));
            if (!string.IsNullOrEmpty(host.IdentityFile))
            {
                Option(text, "IdentityFile", PathArgument(host.IdentityFile!, windows));
                Option(text, "IdentitiesOnly", "yes");
            }
            Option(text, "Port", host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Option(text, "HostKeyAlias", host.HostKeyAlias);
            Option(text, "UserKnownHostsFile", PathArgument(host.UserKnownHostsFile, windows));
            Option(text, "StrictHostKeyChecking", host.StrictHostKeyChecking);
        }
        return text.ToString();
    }

    /// <summary>
    /// The -o options that make the ssh command line check the same settings (Enter-RagnaVm), in
    /// "Keyword=argument" form, one per element.
    /// </summary>
    public static IReadOnlyList<string> Options(SshHostConfig host, bool windows)
    {
        var options = new List<string> { "HostName=" + host.HostName };
        if (!string.IsNullOrEmpty(host.User)) options.Add("User=" + Argument(host.User!));
        if (!string.IsNullOrEmpty(host.IdentityFile))
        {
            options.Add("IdentityFile=" + PathArgument(host.IdentityFile!, windows));
            options.Add("IdentitiesOnly=yes");
        }
        options.Add("Port=" + host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        options.Add("HostKeyAlias=" + host.HostKeyAlias);
        options.Add("UserKnownHostsFile=" + PathArgument(host.UserKnownHostsFile, windows));
        options.Add("StrictHostKeyChecking=" + host.StrictHostKeyChecking);
        return options;
    }

    /// <summary>A path as an ssh_config argument: forward slashes on Windows, '%' doubled, quoted when needed.</summary>
    public static string PathArgument(string path, bool windows)
    {
        var value = windows ? path.Replace('\\', '/') : path.Replace("\\", "\\\\");
        return Argument(value.Replace("%", "%%"));
    }

    /// <summary>An ssh_config argument: in double quotes when it holds whitespace, a quote, '#' or '='.</summary>
    public static string Argument(string value)
    {
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '#' or '=')) return value;
        return "\"" + value.Replace("\"", "\\\"") + "\"";
    }

    private static void Option(StringBuilder text, string keyword, string argument) =>
        text.Append("  ").Append(keyword).Append(' ').Append(argument).Append('\n');
}
