namespace Ragnatramp;

/// <summary>How OpenSSH reaches one machine by name, with its pinned host key (output of Get-RagnaSshConfig).</summary>
public sealed class SshHostConfig
{
    public string MachineName { get; set; } = "";
    public string VMName { get; set; } = "";
    /// <summary>The names: &lt;machine&gt;.&lt;project&gt;, each alias as &lt;alias&gt;.&lt;project&gt;, the VM name.</summary>
    public string[] Host { get; set; } = new string[0];
    /// <summary>The IPv4 recorded in the project's state.</summary>
    public string HostName { get; set; } = "";
    public string? User { get; set; }
    public string? IdentityFile { get; set; }
    public int Port { get; set; } = 22;
    /// <summary>ragnatramp-&lt;vm id&gt;: the name the VM's pins are kept under in the pin store.</summary>
    public string HostKeyAlias { get; set; } = "";
    /// <summary>The pin store (an OpenSSH known_hosts file).</summary>
    public string UserKnownHostsFile { get; set; } = "";
    public string StrictHostKeyChecking { get; set; } = "yes";

    public override string ToString() => Host.Length > 0 ? Host[0] : MachineName;
}
