using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Ragnatramp.Ssh;

namespace Ragnatramp.Hosts;

/// <summary>
/// Writes the managed block into every running guest's /etc/hosts over SSH. Two steps so a cmdlet can
/// ask -Confirm questions in between on its pipeline thread: <see cref="Plan"/> (pure: who gets which
/// block, who is skipped) and <see cref="Run"/> (guests in parallel up to the throttle limit, results
/// in plan order, cancellation stops every guest at once).
/// </summary>
internal sealed class HostsSyncEngine
{
    private static readonly Regex DottedQuad = new(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\z", RegexOptions.CultureInvariant);

    private readonly Func<ISshConnector> _connector;
    private readonly IHostKeyStore _hostKeys;
    private readonly Func<string, int, TimeSpan, CancellationToken, string?> _probePort;

    /// <param name="connector">Creates the SSH connector when the first guest is contacted (never under -WhatIf).</param>
    /// <param name="hostKeys">The pin store (<see cref="PinStore"/>), consulted before anything is sent to a guest.</param>
    /// <param name="probePort">The TCP check after a failed login: null when the port answers, else why not (default: a real connect).</param>
    public HostsSyncEngine(Func<ISshConnector> connector, IHostKeyStore hostKeys,
        Func<string, int, TimeSpan, CancellationToken, string?>? probePort = null)
    {
        _connector = connector;
        _hostKeys = hostKeys;
        _probePort = probePort ?? ((ip, port, timeout, ct) => IsPortReachable(ip, port, timeout, ct, out var problem) ? null : problem);
    }

    /// <summary>The SSH connector over SSH.NET from the isolated assembly.</summary>
    public static ISshConnector IsolatedConnector() => Isolation.IsolatedLibraries.Create<ISshConnector>();

    /// <summary>Decides, from the whole set of addresses read before any guest is touched, each guest's block or why it is skipped.</summary>
    public static HostsSyncPlan Plan(IEnumerable<HostsSyncGuest> guests)
    {
        var warnings = new List<string>();
        var ordered = guests
            .GroupBy(g => g.Address.VMId == Guid.Empty ? (object)g.Address.VMName : g.Address.VMId)
            .Select(g => g.First())
            .OrderBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.DisplayName, StringComparer.Ordinal)
            .ThenBy(g => g.Address.VMName, StringComparer.Ordinal)
            .ToList();

        var running = ordered.Where(g => IsRunning(g.Address) && IsIPv4(g.Address.IPv4)).ToList();
        var byAddress = running.GroupBy(g => g.Address.IPv4!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var duplicate in byAddress.Values.Where(v => v.Count > 1))
        {
            warnings.Add($"{string.Join(" and ", duplicate.Select(d => d.Address.VMName))} report the same IPv4 {duplicate[0].Address.IPv4}: " +
                         "none of them is written to or listed in any /etc/hosts. The likely cause is a cloned /etc/machine-id " +
                         "(DHCP client id): run 'rm /etc/machine-id && systemd-machine-id-setup' on the clone and restart it.");
        }

        var peers = new List<HostsPeer>();
        foreach (var guest in running.Where(g => byAddress[g.Address.IPv4!].Count == 1))
        {
            var usable = guest.HostNames.Where(ManagedHostsBlock.IsValidHostName).ToList();
            if (usable.Count < guest.HostNames.Count)
            {
                var dropped = guest.HostNames.Where(n => !ManagedHostsBlock.IsValidHostName(n));
                warnings.Add($"VM {guest.Address.VMName}: the name(s) '{string.Join("', '", dropped)}' cannot stand in /etc/hosts " +
                             "(letters, digits, '-', '.', '_' only)" + (usable.Count == 0 ? "; the VM is left out of every block." : "; left out."));
            }
            peers.Add(new HostsPeer(guest.Address.VMId, guest.DisplayName, guest.Address.IPv4!, usable));
        }

        var plans = new List<GuestSyncPlan>();
        foreach (var guest in ordered)
        {
            var address = guest.Address;
            var lines = ManagedHostsBlock.LinesFor(address.VMId, peers);
            string? reason = null;
            if (!IsRunning(address))
            {
                reason = $"the VM is not running (state: {(string.IsNullOrEmpty(address.State) ? "unknown" : address.State)})";
            }
            else if (string.IsNullOrEmpty(address.IPv4))
            {
                reason = "the VM has no IPv4 address (run Get-RagnaVmAddress to see why)";
            }
            else if (!IsIPv4(address.IPv4))
            {
                reason = $"'{address.IPv4}' is not an IPv4 address";
            }
            else if (byAddress[address.IPv4!].Count > 1)
            {
                var others = byAddress[address.IPv4!].Where(g => !ReferenceEquals(g, guest)).Select(g => g.Address.VMName);
                reason = $"its IPv4 {address.IPv4} is also reported by {string.Join(", ", others)} (duplicate address; cloned /etc/machine-id?)";
            }
            plans.Add(new GuestSyncPlan(guest, lines, reason == null ? null : Result(guest, HostsSyncStatus.Skipped, reason)));
        }
        return new HostsSyncPlan(plans, warnings, ManagedHostsBlock.TextFor(Guid.Empty, peers));
    }

    /// <summary>Syncs every guest of the plan; blocks until all are done. Throws OperationCanceledException when cancelled.</summary>
    public IReadOnlyList<HostsSyncOutcome> Run(HostsSyncPlan plan, HostsSyncOptions options, IHostsSyncListener? listener, CancellationToken cancellation)
    {
        var outcomes = new HostsSyncOutcome?[plan.Guests.Count];
        var work = new List<int>();
        for (var i = 0; i < plan.Guests.Count; i++)
        {
            var guestPlan = plan.Guests[i];
            if (guestPlan.Settled != null)
            {
                outcomes[i] = new HostsSyncOutcome(guestPlan, guestPlan.Settled);
            }
            else if (options.WhatIf)
            {
                outcomes[i] = new HostsSyncOutcome(guestPlan, Result(guestPlan.Guest, HostsSyncStatus.WouldUpdate,
                    $"would write a block of {guestPlan.BlockLines.Count - 3} peer line(s) into /etc/hosts"));
            }
            else if (!guestPlan.Confirmed)
            {
                outcomes[i] = new HostsSyncOutcome(guestPlan, Result(guestPlan.Guest, HostsSyncStatus.Skipped, "declined at the confirmation prompt"));
            }
            else
            {
                work.Add(i);
            }
        }

        var total = plan.Guests.Count;
        var finished = total - work.Count;
        var started = 0;
        foreach (var o in outcomes.Where(o => o != null)) listener?.GuestFinished(o!, 0, total);

        if (work.Count > 0)
        {
            var connector = new Lazy<ISshConnector>(_connector, LazyThreadSafetyMode.ExecutionAndPublication);
            // SSH work blocks, so each of the ThrottleLimit workers gets its own thread: thread-pool
            // tasks would start one or two at a time on a small machine while the pool grows.
            var queue = new ConcurrentQueue<int>(work);
            var workers = Math.Min(Math.Max(1, options.ThrottleLimit), work.Count);
            using var poolReserve = ThreadPoolReserve.For(workers);
            var tasks = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() =>
            {
                while (queue.TryDequeue(out var index))
                {
                    cancellation.ThrowIfCancellationRequested();
                    var guestPlan = plan.Guests[index];
                    listener?.GuestStarted(guestPlan.Guest.DisplayName, Interlocked.Increment(ref started), work.Count);
                    var outcome = SyncGuest(guestPlan, options, connector, listener, cancellation);
                    outcomes[index] = outcome;
                    listener?.GuestFinished(outcome, Interlocked.Increment(ref finished), total);
                }
            }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Any(e => e is OperationCanceledException))
            {
                throw new OperationCanceledException("Hosts sync was stopped.", ex, cancellation);
            }
        }
        cancellation.ThrowIfCancellationRequested();
        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>True when a TCP connection to the guest's SSH port opens within the timeout.</summary>
    public static bool IsPortReachable(string ipv4, int port, TimeSpan timeout, CancellationToken cancellation, out string? problem)
    {
        problem = null;
        using var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            var connect = client.ConnectAsync(IPAddress.Parse(ipv4), port);
            var finishedInTime = connect.Wait((int)timeout.TotalMilliseconds, cancellation);
            if (!finishedInTime)
            {
                problem = $"no answer within {timeout.TotalSeconds:0} s";
                return false;
            }
            return true;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException socket)
        {
            problem = socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused: is sshd running?" : socket.Message;
            return false;
        }
    }

    private HostsSyncOutcome SyncGuest(GuestSyncPlan plan, HostsSyncOptions options, Lazy<ISshConnector> connector,
        IHostsSyncListener? listener, CancellationToken cancellation)
    {
        var guest = plan.Guest;
        var address = guest.Address;
        var ip = address.IPv4!;
        var name = address.VMName;
        var port = guest.Login.Port ?? options.Port;
        try
        {
            if (string.IsNullOrEmpty(guest.Login.User) || string.IsNullOrEmpty(guest.Login.KeyFile))
            {
                return Failed(plan, "SshLoginMissing", ErrorCategory.InvalidArgument,
                    $"no SSH {(string.IsNullOrEmpty(guest.Login.User) ? "user" : "private key")} for {name}: set ssh.user and ssh.private_key " +
                    "in ragnatramp.reconcile.yaml (defaults or the machine), or pass -User and -KeyFile");
            }

            if (address.VMId == Guid.Empty)
            {
                return Failed(plan, "VmIdMissing", ErrorCategory.InvalidArgument,
                    $"the address of {name} has no VMId, and host keys are pinned by VM id; nothing was sent. Pipe addresses from Get-RagnaVmAddress, which sets it.");
            }

            VmPins pins;
            try
            {
                pins = _hostKeys.Find(address.VMId);
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                // Fail closed: no guest is trusted on first use while the pins cannot be read.
                return ex is KnownHostsException
                    ? Failed(plan, "HostKeyStoreCorrupt", ErrorCategory.InvalidData,
                        $"the host key of {name} cannot be checked: {ex.Message} Nothing was sent.")
                    : Failed(plan, "HostKeyStoreUnreadable", ErrorCategory.ReadError,
                        $"the pinned host keys cannot be read, so the host key of {name} cannot be checked ({ex.Message}); nothing was sent");
            }
            var check = new HostKeyCheck(_hostKeys, pins, address.VMId, name, options.TrustHostKey);
            var outcome = Connected(plan, options, connector, check, listener, cancellation);
            return WithHostKey(outcome, check, ip);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            // Whatever goes wrong with one guest stays with that guest: the others go on.
            return Failed(plan, "HostsSyncFailed", ErrorCategory.NotSpecified, $"unexpected {ex.GetType().Name}: {ex.Message}");
        }
    }

    // The handshake (its host-key decision before anything is sent), the login, then the file.
    private HostsSyncOutcome Connected(GuestSyncPlan plan, HostsSyncOptions options, Lazy<ISshConnector> connector, HostKeyCheck check,
        IHostsSyncListener? listener, CancellationToken cancellation)
    {
        var guest = plan.Guest;
        var ip = guest.Address.IPv4!;
        var name = guest.Address.VMName;
        var port = guest.Login.Port ?? options.Port;
        try
        {
            // The pinned key types are offered first, so a guest that also has (or gained) a key of
            // another type shows the pinned one; one that no longer has it shows another and is refused.
            var target = new SshTarget(ip, port, guest.Login.User!, guest.Login.KeyFile!, options.Passphrase, options.ConnectTimeout,
                check.PreferredAlgorithms);
            listener?.Verbose($"{name}: SSH login as {target.User} to {ip}:{port} with key {target.KeyFile}" +
                              (check.Pins.Keys.Count == 0 ? " (no pinned host key yet)" : $" (pinned host key {string.Join(", ", check.Pins.Keys)})"));
            ISshSession session;
            try
            {
                session = connector.Value.Connect(target, check.Accept, cancellation);
            }
            catch (SshTransportException ex)
            {
                if (check.PinFailure != null)
                {
                    return Failed(plan, check.PinFailure is KnownHostsException ? "HostKeyStoreCorrupt" : "HostKeyPinFailed",
                        ErrorCategory.WriteError,
                        $"the host key of {name} ({check.Presented}) could not be pinned ({check.PinFailure.Message}); nothing was sent. Run again once the pin store is writable.");
                }
                if (check.Status == HostKeyStatus.Refused || ex.Failure == SshFailure.HostKeyRejected)
                {
                    return Failed(plan, "HostKeyMismatch", ErrorCategory.SecurityError, check.RefusalReason(ip));
                }
                if (ex.Failure == SshFailure.Connection || ex.Failure == SshFailure.Timeout)
                {
                    // The TCP check runs only once a login failed: on a guest it costs a whole sshd start
                    // (fork and exec) per sync, more CPU than the login itself on some guests.
                    listener?.Verbose($"{name}: checking TCP {ip}:{port}");
                    var unreachable = _probePort(ip, port, options.ReachabilityTimeout, cancellation);
                    if (unreachable != null)
                    {
                        // Skipped, not Failed (a guest may still be booting), but a running guest left with a
                        // stale /etc/hosts must not pass unnoticed: a scheduled reconcile only sees warnings.
                        var reason = $"SSH port {port} on {ip} is not reachable ({unreachable})";
                        return Outcome(plan, HostsSyncStatus.Skipped, reason, new[]
                        {
                            $"{name}: /etc/hosts was not updated: {reason}. Start sshd in the guest or open port {port} in its firewall, then run again.",
                        });
                    }
                }
                return ex.Failure switch
                {
                    SshFailure.Authentication => Failed(plan, "SshAuthenticationFailed", ErrorCategory.AuthenticationError, ex.Message),
                    SshFailure.KeyFile => Failed(plan, "SshKeyFileInvalid", ErrorCategory.InvalidArgument, ex.Message),
                    SshFailure.Timeout => Failed(plan, "SshTimeout", ErrorCategory.OperationTimeout, ex.Message),
                    _ => Failed(plan, "SshConnectionFailed", ErrorCategory.ConnectionError, ex.Message),
                };
            }

            using (session)
            {
                listener?.Verbose($"{name}: SSH {session.Algorithms}");
                listener?.Verbose($"{name}: host key {check.Presented}: {check.Status}");
                return SyncFile(plan, new GuestHostsFile(session, target.User, options.CommandTimeout), target.User, listener, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (SshTransportException ex)
        {
            return ex.Failure == SshFailure.Timeout
                ? Failed(plan, "SshTimeout", ErrorCategory.OperationTimeout, $"{ip}: {ex.Message}")
                : Failed(plan, "SshConnectionFailed", ErrorCategory.ConnectionError, $"{ip}: {ex.Message}");
        }
        catch (Exception ex) when (ex is System.IO.IOException || ex is System.IO.InvalidDataException || ex is UnauthorizedAccessException)
        {
            return Failed(plan, "HostsSyncFailed", ErrorCategory.WriteError, ex.Message);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            return Failed(plan, "HostsSyncFailed", ErrorCategory.NotSpecified, $"unexpected {ex.GetType().Name}: {ex.Message}");
        }
    }

    // Every result after a handshake says what became of the guest's key; first use and a
    // replaced pin are warnings too.
    private static HostsSyncOutcome WithHostKey(HostsSyncOutcome outcome, HostKeyCheck check, string ip)
    {
        if (check.Presented == null) return outcome;
        outcome.Result.HostKey = check.Status;
        outcome.Result.HostKeyFingerprint = check.Presented.Fingerprint;
        var warning = check.Warning(ip);
        return warning == null ? outcome
            : new HostsSyncOutcome(outcome.Plan, outcome.Result, outcome.ErrorId, outcome.Category, new[] { warning }.Concat(outcome.Warnings).ToList());
    }

    // One command per attempt does the cloud-init check, the read and the write (GuestHostsFile.Exchange):
    // the merge runs here, between the read and the write, while the guest waits for the answer.
    private static HostsSyncOutcome SyncFile(GuestSyncPlan plan, GuestHostsFile file, string user, IHostsSyncListener? listener, CancellationToken cancellation)
    {
        var name = plan.Guest.Address.VMName;
        var warnings = new List<string>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            HostsMergeResult? merge = null;
            GuestHostsExchange exchange;
            try
            {
                listener?.Verbose($"{name}: {GuestHostsFile.ExchangeCommandSummary}");
                exchange = file.Exchange(current =>
                {
                    merge = HostsFileMerge.Merge(current, plan.BlockLines);
                    if (merge.Outcome != HostsMergeOutcome.Changed) return null;
                    listener?.Verbose($"{name}: writing {merge.Content!.Length} bytes to /etc/hosts (content on standard input)");
                    return merge.Content;
                }, cancellation);
            }
            catch (GuestHostsException ex)
            {
                return SudoFailure(plan, ex, warnings) ?? Failed(plan, "HostsSyncFailed", ErrorCategory.ReadError, ex.Message, warnings);
            }
            if (attempt == 1)
            {
                foreach (var config in exchange.CloudInitFiles)
                {
                    warnings.Add($"{name}: cloud-init's manage_etc_hosts is enabled in {config}; cloud-init rewrites /etc/hosts at boot and drops " +
                                 "the Ragnatramp block until the next sync. Set 'manage_etc_hosts: false' there.");
                }
                if (exchange.ShellNoise != null) warnings.Add(ShellNoiseWarning(name, user, exchange.ShellNoise));
            }
            // An earlier write was killed in the middle of an in-place write; the script put the old bytes back first.
            if (exchange.Recovery != null) warnings.Add($"{name}: {exchange.Recovery}");

            switch (exchange.Written)
            {
                case null when merge?.Outcome == HostsMergeOutcome.MarkersUnpaired:
                    return Failed(plan, "HostsMarkersUnpaired", ErrorCategory.InvalidData,
                        $"/etc/hosts on {name}, {merge.Problem} The file was not changed.", warnings);
                case null:
                    return Outcome(plan, HostsSyncStatus.Unchanged, "the block is already up to date", warnings);
                case GuestWriteOutcome.Written:
                    return Outcome(plan, HostsSyncStatus.Updated, $"wrote a block of {plan.BlockLines.Count - 3} peer line(s)", warnings);
                case GuestWriteOutcome.Failed:
                    return Failed(plan, "HostsWriteFailed", ErrorCategory.WriteError, exchange.Problem ?? "the write failed", warnings);
                default:
                    listener?.Verbose($"{name}: /etc/hosts changed since it was read; reading it again");
                    break;
            }
        }
        return Failed(plan, "HostsChangedDuringSync", ErrorCategory.ResourceBusy,
            $"/etc/hosts on {name} changed between read and write twice (something else is editing it); it was not changed. Run again.", warnings);
    }

    private static string ShellNoiseWarning(string name, string user, string noise)
    {
        var shown = noise.Replace("\r", "").Replace("\n", " ").Trim();
        if (shown.Length > 80) shown = shown.Substring(0, 80) + "…";
        return $"{name}: the login shell of '{user}' prints '{shown}' before every command, so a shell rc file (~/.bashrc, ~/.profile or " +
               "/etc/bash.bashrc) writes output in non-interactive SSH sessions. Ragnatramp ignored it; to silence it, make that file " +
               "return early when the shell is not interactive (case $- in *i*) ;; *) return;; esac).";
    }

    private static HostsSyncOutcome? SudoFailure(GuestSyncPlan plan, GuestHostsException ex, IReadOnlyList<string> warnings) => ex.Problem switch
    {
        GuestHostsProblem.SudoRefused => Failed(plan, "SudoRefused", ErrorCategory.PermissionDenied, ex.Message, warnings),
        GuestHostsProblem.SudoMissing => Failed(plan, "SudoNotInstalled", ErrorCategory.ObjectNotFound, ex.Message, warnings),
        _ => null,
    };

    // What a host-key store throws when its file cannot be read, written or locked.
    private static bool IsStoreFailure(Exception ex) =>
        ex is State.StateFileException || ex is System.IO.IOException || ex is System.IO.InvalidDataException
        || ex is UnauthorizedAccessException || ex is TimeoutException;

    private static bool IsRunning(VmAddress address) => HyperV.VmStates.IsRunning(address.State);

    private static bool IsIPv4(string? text) =>
        text != null && DottedQuad.IsMatch(text) && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;

    private static HostsSyncResult Result(HostsSyncGuest guest, HostsSyncStatus status, string reason) => new()
    {
        MachineName = guest.MachineName,
        VMName = guest.Address.VMName,
        IPv4 = guest.Address.IPv4,
        Status = status,
        Reason = reason,
    };

    private static HostsSyncOutcome Outcome(GuestSyncPlan plan, HostsSyncStatus status, string reason, IReadOnlyList<string>? warnings = null) =>
        new(plan, Result(plan.Guest, status, reason), null, ErrorCategory.NotSpecified, warnings);

    private static HostsSyncOutcome Failed(GuestSyncPlan plan, string errorId, ErrorCategory category, string reason, IReadOnlyList<string>? warnings = null) =>
        new(plan, Result(plan.Guest, HostsSyncStatus.Failed, reason), errorId, category, warnings);
}
