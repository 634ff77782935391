namespace Ragnatramp;

/// <summary>The outcome of one Invoke-RagnaReconcile run.</summary>
public sealed class ReconcileResult
{
    public string Project { get; set; } = "";
    public bool Success { get; set; }
    public bool DryRun { get; set; }
    public VmAddress[] Addresses { get; set; } = new VmAddress[0];
    public StateChange[] Changes { get; set; } = new StateChange[0];
    /// <summary>The block listing every running VM; each guest's copy leaves out its own line.</summary>
    public string HostsBlock { get; set; } = "";
    public HostsSyncResult[] HostsSync { get; set; } = new HostsSyncResult[0];
    /// <summary>The host-side files this run wrote (publish.ssh_config, publish.hosts_file); in a dry run, those it would write.</summary>
    public string[] Published { get; set; } = new string[0];
    public string[] Warnings { get; set; } = new string[0];
}
