namespace Ragnatramp.Config;

/// <summary>One entry of machines: in ragnatramp.yaml as written.</summary>
internal sealed class ProjectFileMachine
{
    public ProjectFileMachine(string name, YamlNode nameNode, string vmName, MachineSize size, SshSettings ssh, AliasSettings? aliases)
    {
        Name = name;
        NameNode = nameNode;
        VmName = vmName;
        Size = size;
        Ssh = ssh;
        Aliases = aliases;
    }

    public string Name { get; }
    public YamlNode NameNode { get; }
    public string VmName { get; }
    /// <summary>The machine's own cpu, memory and base_image (not yet over the defaults).</summary>
    public MachineSize Size { get; }
    public SshSettings Ssh { get; }
    /// <summary>aliases (a Ragnatramp 0.1 key here), or null.</summary>
    public AliasSettings? Aliases { get; }
}
