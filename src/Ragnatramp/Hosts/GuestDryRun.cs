using System;
using System.IO;
using System.Threading;

namespace Ragnatramp.Hosts;

/// <summary>
/// The one home of what a dry run (-WhatIf of Sync-RagnaHosts and Invoke-RagnaReconcile) says about a
/// guest the plan would sync: WouldUpdate, or Skipped with the reason the real run would not get there.
/// Its login settings are checked without any network; when <see cref="HostsSyncOptions.DryRunChecksPort"/>
/// is set (the reconcile's dry run), so is whether its SSH port accepts a TCP connection. Never an SSH
/// login, never a write.
/// </summary>
internal static class GuestDryRun
{
    public static HostsSyncOutcome Judge(GuestSyncPlan plan, HostsSyncOptions options,
        Func<string, int, TimeSpan, CancellationToken, string?> probePort, IHostsSyncListener? listener, CancellationToken cancellation)
    {
        var address = plan.Guest.Address;
        var login = plan.Guest.Login;
        var kvp = $"(KVP: {address.KvpStatus})";
        var loginProblem = string.IsNullOrEmpty(login.User) ? "no SSH user is configured (ssh.user or -User)"
            : string.IsNullOrEmpty(login.KeyFile) ? "no SSH private key is configured (ssh.private_key or -KeyFile)"
            : !File.Exists(login.KeyFile) ? $"the SSH private key '{login.KeyFile}' does not exist"
            : null;
        if (loginProblem != null)
        {
            return HostsSyncEngine.Outcome(plan, HostsSyncStatus.Skipped, $"{loginProblem}; the sync would fail this guest {kvp}",
                new[] { $"{address.VMName}: {loginProblem}; the sync would fail this guest." });
        }

        var block = $"would write a block of {ManagedHostsBlock.AddressLineCount(plan.BlockLines)} peer line(s) into /etc/hosts";
        if (!options.DryRunChecksPort) return HostsSyncEngine.Outcome(plan, HostsSyncStatus.WouldUpdate, $"{block} {kvp}");

        var port = login.Port ?? options.Port;
        listener?.Verbose($"{address.VMName}: checking TCP {address.IPv4}:{port} (dry run: no SSH login)");
        var unreachable = probePort(address.IPv4!, port, options.ReachabilityTimeout, cancellation);
        return unreachable == null
            ? HostsSyncEngine.Outcome(plan, HostsSyncStatus.WouldUpdate, $"SSH port {port} answers; {block} {kvp}")
            : HostsSyncEngine.Outcome(plan, HostsSyncStatus.Skipped,
                $"SSH port {port} on {address.IPv4} is not reachable ({unreachable}); the sync would skip it {kvp}");
    }
}
