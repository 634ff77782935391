using System;
using System.Collections.Generic;
using System.Threading;

namespace Ragnatramp.Ssh;

/// <summary>Where and how to log in to one guest: address, port, user and private key (passphrase optional).</summary>
internal sealed class SshTarget
{
    public SshTarget(string host, int port, string user, string keyFile, string? passphrase, TimeSpan connectTimeout,
        IReadOnlyList<string>? preferredHostKeyAlgorithms = null)
    {
        Host = host;
        Port = port;
        User = user;
        KeyFile = keyFile;
        Passphrase = passphrase;
        ConnectTimeout = connectTimeout;
        PreferredHostKeyAlgorithms = preferredHostKeyAlgorithms;
    }

    /// <summary>
    /// The host-key algorithms to offer first, in this order (those of the pinned keys' types), the
    /// library's others after them; null for the library's own order. The server takes the first it
    /// has, so a guest that also has a key of another type shows the pinned one.
    /// </summary>
    public IReadOnlyList<string>? PreferredHostKeyAlgorithms { get; }

    public string Host { get; }
    public int Port { get; }
    public string User { get; }
    /// <summary>Absolute path of an OpenSSH/PEM private key (ed25519, RSA or ECDSA).</summary>
    public string KeyFile { get; }
    public string? Passphrase { get; }
    public TimeSpan ConnectTimeout { get; }
}

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

/// <summary>An SSH failure carried across the isolated-assembly boundary with BCL types only.</summary>
internal sealed class SshTransportException : Exception
{
    public SshTransportException(SshFailure failure, string message, Exception? inner = null) : base(message, inner)
    {
        Failure = failure;
    }

    public SshFailure Failure { get; }
}

/// <summary>
/// Opens SSH sessions (implemented over SSH.NET in Ragnatramp.Isolated; obtain it with
/// IsolatedLibraries.Create&lt;ISshConnector&gt;()). Throws <see cref="SshTransportException"/>.
/// </summary>
internal interface ISshConnector
{
    /// <summary>
    /// Connects and authenticates. <paramref name="acceptHostKey"/> receives the server's host key
    /// algorithm name and key blob (SSH wire format) during key exchange and says whether to go on.
    /// </summary>
    ISshSession Connect(SshTarget target, Func<string, byte[], bool> acceptHostKey, CancellationToken cancellation);

    /// <summary>
    /// Gets ready for logins with these private keys without any network traffic: parses each key
    /// once (kept for <see cref="Connect"/>) and runs the code of a login once on made-up data (key
    /// exchange, signature, cipher), so its first real use does not wait for it to load and compile.
    /// Never throws: a key that cannot be used fails its guests' logins as it would without this.
    /// </summary>
    void Prepare(IReadOnlyCollection<(string KeyFile, string? Passphrase)> keys);
}

/// <summary>An authenticated SSH connection to one guest.</summary>
internal interface ISshSession : IDisposable
{
    /// <summary>What the key exchange settled on, for -Verbose: "kex …, host key …, cipher …, MAC …".</summary>
    string Algorithms { get; }

    /// <summary>
    /// Runs one command as a conversation: <paramref name="answer"/> reads the command's standard
    /// output as it arrives (the stream ends when the command does) and returns what to send on its
    /// standard input, which is then closed. The result's Output is what <paramref name="answer"/>
    /// left unread. Throws <see cref="SshTransportException"/> (Timeout) past <paramref name="timeout"/>
    /// and OperationCanceledException when cancelled.
    /// </summary>
    SshCommandResult Converse(string command, Func<System.IO.Stream, byte[]> answer, TimeSpan timeout, CancellationToken cancellation);
}
