using System;

namespace Ragnatramp.Ssh;

/// <summary>An SSH failure carried across the isolated-assembly boundary with BCL types only.</summary>
internal sealed class SshTransportException : Exception
{
    public SshTransportException(SshFailure failure, string message, Exception? inner = null) : base(message, inner)
    {
        Failure = failure;
    }

    public SshFailure Failure { get; }
}
