using System;
using System.Collections.Generic;

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
