using System;
using Ragnatramp.Config;

namespace Ragnatramp.Hosts;

/// <summary>How the sync runs: parallelism, host-key policy, dry run, SSH settings.</summary>
internal sealed class HostsSyncOptions
{
    /// <summary>
    /// Guests at once by default: in effect every guest (the work is waiting on the network and on
    /// the guests, not on this machine's CPUs), bounded so a very large set does not open hundreds
    /// of connections at once.
    /// </summary>
    public const int DefaultThrottleLimit = 64;

    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;
    /// <summary>Accept (and re-pin) a host key that differs from the pinned one.</summary>
    public bool TrustHostKey { get; set; }
    /// <summary>Dry run (<see cref="GuestDryRun"/>): no SSH session, nothing written; each guest comes out WouldUpdate or Skipped with why.</summary>
    public bool WhatIf { get; set; }
    /// <summary>In a dry run, also check that each guest's SSH port accepts a TCP connection (Invoke-RagnaReconcile -WhatIf).</summary>
    public bool DryRunChecksPort { get; set; }
    /// <summary>Passphrase of the private keys (from -Credential), or null.</summary>
    public string? Passphrase { get; set; }
    /// <summary>The SSH port of a guest whose login does not say (ssh.port).</summary>
    public int Port { get; set; } = SshLogin.DefaultPort;
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan ReachabilityTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
