using System;
using System.Threading;

namespace Ragnatramp.Ssh;

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
