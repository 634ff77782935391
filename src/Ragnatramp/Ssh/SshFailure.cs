namespace Ragnatramp.Ssh;

/// <summary>Why an SSH connection or command failed, in terms the sync reports to people.</summary>
internal enum SshFailure
{
    /// <summary>TCP connect, key exchange or the connection itself failed.</summary>
    Connection,
    /// <summary>The host key was rejected by the caller's check.</summary>
    HostKeyRejected,
    /// <summary>The server did not accept the key for that user.</summary>
    Authentication,
    /// <summary>The private key file is missing, unreadable, of an unknown kind, or the passphrase is wrong/missing.</summary>
    KeyFile,
    /// <summary>The connect or a command ran past its timeout.</summary>
    Timeout,
}
