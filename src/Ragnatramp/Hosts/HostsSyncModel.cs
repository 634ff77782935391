using System;
using System.Collections.Generic;
using System.Management.Automation;
using Ragnatramp.Config;

namespace Ragnatramp.Hosts;

/// <summary>One VM handed to the sync: its discovered address, its names for the hosts line and its SSH login.</summary>
internal sealed class HostsSyncGuest
{
    public HostsSyncGuest(VmAddress address, IReadOnlyList<string>? hostNames, SshLogin login, string? machineName = null)
    {
        Address = address;
        // PowerShell turns a $null string property into "": an empty machine name means none.
        MachineName = !string.IsNullOrEmpty(machineName) ? machineName : string.IsNullOrEmpty(address.MachineName) ? null : address.MachineName;
        HostNames = hostNames != null && hostNames.Count > 0 ? hostNames : new[] { DisplayName };
        Login = login;
    }

    public VmAddress Address { get; }
    /// <summary>The project machine the VM belongs to (matched by VM id or name), else the address's own; null outside a project.</summary>
    public string? MachineName { get; }
    /// <summary>Machine name then aliases (inside a project); the VM name outside one.</summary>
    public IReadOnlyList<string> HostNames { get; }
    /// <summary>The resolved login (config ssh blocks with -User/-KeyFile applied); parts may be unset.</summary>
    public SshLogin Login { get; }
    /// <summary>What results are sorted and the block is ordered by: machine name, else VM name.</summary>
    public string DisplayName => MachineName ?? Address.VMName;
}

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

/// <summary>One guest in a plan: the block it gets, or the result it already has (skipped before any network work).</summary>
internal sealed class GuestSyncPlan
{
    public GuestSyncPlan(HostsSyncGuest guest, IReadOnlyList<string> blockLines, HostsSyncResult? settled)
    {
        Guest = guest;
        BlockLines = blockLines;
        Settled = settled;
    }

    public HostsSyncGuest Guest { get; }
    /// <summary>The guest's block (markers included, without its own line).</summary>
    public IReadOnlyList<string> BlockLines { get; }
    public string BlockText => string.Join("\n", BlockLines) + "\n";
    /// <summary>Non-null when the guest is not synced at all (not running, no IPv4, duplicate IPv4).</summary>
    public HostsSyncResult? Settled { get; }
    /// <summary>False when the user declined this guest at a -Confirm prompt: it comes out Skipped.</summary>
    public bool Confirmed { get; set; } = true;
}

/// <summary>The whole set of guests, decided before any guest is touched.</summary>
internal sealed class HostsSyncPlan
{
    public HostsSyncPlan(IReadOnlyList<GuestSyncPlan> guests, IReadOnlyList<string> warnings, string block)
    {
        Guests = guests;
        Warnings = warnings;
        Block = block;
    }

    /// <summary>Every guest, in the stable output order (machine/VM name, ordinal, case-insensitive).</summary>
    public IReadOnlyList<GuestSyncPlan> Guests { get; }
    /// <summary>Duplicate addresses and unusable names, for the caller to show.</summary>
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>The block listing every synced VM (each guest's copy leaves out its own line).</summary>
    public string Block { get; }
}

/// <summary>One guest's result plus what the cmdlet needs to report it: error id, category, warnings.</summary>
internal sealed class HostsSyncOutcome
{
    public HostsSyncOutcome(GuestSyncPlan plan, HostsSyncResult result, string? errorId = null,
        ErrorCategory category = ErrorCategory.NotSpecified, IReadOnlyList<string>? warnings = null)
    {
        Plan = plan;
        Result = result;
        ErrorId = errorId;
        Category = category;
        Warnings = warnings ?? Array.Empty<string>();
    }

    public GuestSyncPlan Plan { get; }
    public HostsSyncResult Result { get; }
    /// <summary>Set when Result.Status is Failed: the stable ErrorId of the non-terminating error.</summary>
    public string? ErrorId { get; }
    public ErrorCategory Category { get; }
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>
/// What the sync tells its caller while it works. Called from worker threads: a cmdlet queues these
/// and writes them from its pipeline thread.
/// </summary>
internal interface IHostsSyncListener
{
    void Verbose(string message);
    void GuestStarted(string name, int started, int total);
    void GuestFinished(HostsSyncOutcome outcome, int finished, int total);
}
