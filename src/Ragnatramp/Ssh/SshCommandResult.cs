namespace Ragnatramp.Ssh;

/// <summary>What a remote command did: exit status (null when killed by a signal), standard output bytes, standard error text.</summary>
internal sealed class SshCommandResult
{
    public SshCommandResult(int? exitStatus, byte[] output, string error)
    {
        ExitStatus = exitStatus;
        Output = output;
        Error = error;
    }

    public int? ExitStatus { get; }
    public byte[] Output { get; }
    public string Error { get; }
}
