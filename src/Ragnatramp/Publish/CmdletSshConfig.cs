using System.Collections.Generic;
using System.Runtime.InteropServices;
using Ragnatramp.Config;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Publish;

/// <summary>The project's ssh settings as Get-RagnaSshConfig, Enter-RagnaVm and publish.ssh_config use them.</summary>
internal static class CmdletSshConfig
{
    public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>Every machine with a recorded IPv4, checked against the per-user pin store.</summary>
    public static IReadOnlyList<SshHostConfig> Hosts(ProjectConfig config, RecordedAddresses addresses) =>
        SshHostConfigs.For(config, addresses.All, KnownHostsStore.DefaultPath());

    /// <summary>The project's file in ssh_config syntax.</summary>
    public static string Text(ProjectConfig config, IEnumerable<SshHostConfig> hosts) =>
        SshConfigText.Render(config.ProjectName, config.ConfigPath, hosts, IsWindows);

    /// <summary>What publish.ssh_config writes for the project: every machine with a recorded IPv4.</summary>
    public static string PublishedText(ProjectConfig config, StateDocument? state) =>
        Text(config, Hosts(config, RecordedAddresses.Of(config, state)));
}
