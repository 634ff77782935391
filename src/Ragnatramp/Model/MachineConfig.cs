namespace Ragnatramp;

/// <summary>One machine of a project's resolved ragnatramp.yaml (output of Get-RagnaConfig).</summary>
public sealed class MachineConfig
{
    public string Project { get; set; } = "";
    public string MachineName { get; set; } = "";
    public string VMName { get; set; } = "";
    public string[] HostNames { get; set; } = new string[0];
    public string? SshUser { get; set; }
    public string? SshKeyFile { get; set; }
    public string ConfigPath { get; set; } = "";

    public override string ToString() => VMName;
}
