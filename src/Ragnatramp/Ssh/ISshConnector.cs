using System;
using System.Collections.Generic;
using System.Threading;

namespace Ragnatramp.Ssh;

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
