namespace Ragnatramp.Config;

/// <summary>The defaults section: size and image for every machine, and the project-wide SSH login.</summary>
internal sealed class MachineDefaults
{
    public static readonly MachineDefaults None = new(MachineSize.Unset, SshLogin.None);

    public MachineDefaults(MachineSize size, SshLogin ssh, string? diskStrategy = null)
    {
        Size = size;
        Ssh = ssh;
        DiskStrategy = diskStrategy;
    }

    public MachineSize Size { get; }
    public SshLogin Ssh { get; }
    /// <summary>defaults.disk_strategy ("differencing" or "copy"), used by the Node.js CLI only.</summary>
    public string? DiskStrategy { get; }
}
