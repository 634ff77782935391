using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.State;

namespace Ragnatramp.Ssh;

/// <summary>
/// A project's machines as OpenSSH reaches them from the host: the state's IPv4, the config's login,
/// and the pin store checked under the VM's id (so a re-keyed or replaced guest is refused).
/// </summary>
internal static class SshHostConfigs
{
    /// <summary>One entry per machine with a recorded IPv4, sorted by machine name.</summary>
    public static IReadOnlyList<SshHostConfig> For(ProjectConfig config, IEnumerable<RecordedAddress> addresses, string pinStore) =>
        addresses.Select(a => For(config.ProjectName, a, pinStore)).ToList();

    public static SshHostConfig For(string project, RecordedAddress address, string pinStore)
    {
        var names = address.Machine.HostNames.Select(n => ProjectHostsBlock.NameFor(n, project))
            .Concat(new[] { address.VmName })
            .Where(ManagedHostsBlock.IsValidHostName)
            .Distinct(System.StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return new SshHostConfig
        {
            MachineName = address.Machine.Name,
            VMName = address.VmName,
            Host = names,
            HostName = address.IPv4,
            User = address.Machine.Ssh.User,
            IdentityFile = address.Machine.Ssh.KeyFile,
            Port = address.Machine.Ssh.Port ?? SshLogin.DefaultPort,
            HostKeyAlias = KnownHostsStore.AliasFor(address.VmId),
            UserKnownHostsFile = pinStore,
            StrictHostKeyChecking = "yes",
        };
    }
}
