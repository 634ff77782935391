namespace Ragnatramp.Config;

/// <summary>One machine's entry in ragnatramp.reconcile.yaml.</summary>
internal sealed class ReconcileMachine
{
    public static readonly ReconcileMachine None = new(null, SshSettings.None);

    public ReconcileMachine(AliasSettings? aliases, SshSettings ssh)
    {
        Aliases = aliases;
        Ssh = ssh;
    }

    public AliasSettings? Aliases { get; }
    public SshSettings Ssh { get; }
}
