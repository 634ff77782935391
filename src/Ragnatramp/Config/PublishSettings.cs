namespace Ragnatramp.Config;

/// <summary>The publish section of ragnatramp.reconcile.yaml: host-side files every reconcile keeps current.</summary>
internal sealed class PublishSettings
{
    public static readonly PublishSettings Off = new(false, false);

    public PublishSettings(bool sshConfig, bool hostsFile)
    {
        SshConfig = sshConfig;
        HostsFile = hostsFile;
    }

    /// <summary>publish.ssh_config: keep ~/.ssh/ragnatramp/&lt;project&gt;.conf current.</summary>
    public bool SshConfig { get; }
    /// <summary>publish.hosts_file: keep this project's block in the host's own hosts file current.</summary>
    public bool HostsFile { get; }
}
