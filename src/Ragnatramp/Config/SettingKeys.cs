namespace Ragnatramp.Config;

/// <summary>The key paths of the settings Ragnatramp resolves field by field (as Get-RagnaConfig's Sources names them).</summary>
internal static class SettingKeys
{
    public const string Aliases = "aliases";
    public const string SshUser = "ssh.user";
    public const string SshPrivateKey = "ssh.private_key";
    public const string SshPort = "ssh.port";
    public const string SwitchName = "settings.switch_name";
    public const string AddressTimeout = "settings.address_timeout";
    public const string PublishSshConfig = "publish.ssh_config";
    public const string PublishHostsFile = "publish.hosts_file";
}
