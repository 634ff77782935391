using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.Hosts;
using Ragnatramp.Publish;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Invoke-RagnaReconcile: discover every machine's address, record it in the state, sync every guest's /etc/hosts.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "RagnaReconcile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ReconcileResult))]
public sealed class InvokeRagnaReconcileCommand : GuestSyncCmdlet
{
    public const string DiscoveryFailedErrorId = "ReconcileDiscoveryFailed";
    public const string AllVmsGoneErrorId = "ReconcileAllVmsGone";
    public const string HostsSyncFailedErrorId = "HostsSyncFailed";
    private readonly List<string> _warnings = new();
    // The state as this run recorded it (in a dry run: as it would record it); what publishing reads.
    private StateDocument? _recorded;
    // Guests whose sync failed: each a non-terminating error written after the result.
    private readonly List<HostsSyncOutcome> _failedGuests = new();
    private SshWarmUp? _sshWarmUp;

    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>The virtual switch to read addresses on (default: settings.switch_name, else Default Switch).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SwitchName { get; set; }

    /// <summary>Seconds to wait for a running VM's IPv4 (default: settings.address_timeout, else 60); 0 = one pass.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int? TimeoutSec { get; set; }

    protected override void EndProcessing()
    {
        var config = CmdletHostsSync.Overrides(this, User, KeyFile, Credential, SwitchName, TimeoutSec).Apply(ProjectConfigLoading.Load(this, Path));
        _warnings.AddRange(config.Warnings); // already written by the loading; kept in the result for a scheduled run's log
        var store = StateStore.ForConfig(config.ConfigPath);
        var result = new ReconcileResult { Project = config.ProjectName, DryRun = CmdletHostsSync.IsWhatIf(this) };
        var state = ProjectStateReading.Read(this, store);
        var targets = ProjectTargets.For(config, ProjectStateReading.RecordedVms(state));
        if (targets.Count == 0)
        {
            Finish(result, true, "No VMs to reconcile: the state records none. Create them with 'ragnatramp up'.");
            return;
        }

        // The guests' logins come after discovery, which waits on Hyper-V (and on DHCP for a VM just
        // started): the SSH library loads, the keys are parsed and a login's code runs once meanwhile.
        // (The config's logins already carry -User, -KeyFile and -Credential.)
        _sshWarmUp = result.DryRun ? null : SshWarmUp.Start(config.Machines.Select(m => (m.Ssh.KeyFile ?? "", CmdletHostsSync.Passphrase(Credential))));
        var discovered = DiscoverAddresses(targets, config.SwitchName, config.AddressTimeoutSec);
        result.Addresses = discovered.Addresses.ToArray();
        foreach (var rejected in discovered.Rejected) Warn(rejected.Reason);
        var gone = new List<GoneVm>();
        foreach (var missing in discovered.NotFound)
        {
            if (missing.Id is not null && missing.MachineName is not null) gone.Add(new GoneVm(missing.MachineName, missing.Name, missing.Id));
            else Warn(CmdletDiscovery.NoVmYet(missing));
        }
        if (result.Addresses.Length == 0 && gone.Count == 0)
        {
            Finish(result, true, "No VMs to reconcile: none of the project's machines has a VM on this host yet.");
            return;
        }
        if (result.Addresses.Length == 0)
        {
            // Every recorded VM gone at once is far more often a view of Hyper-V without rights than a
            // project whose VMs were all deleted: clearing them all would lose the state, so refuse.
            Finish(result, false);
            WriteError(AllRecordedVmsGone(gone));
            return;
        }

        var noAddress = discovered.MissingAddress.ToList();
        if (noAddress.Count > 0)
        {
            // Fail-fast: a half-known address set must not reach the state or any guest.
            Finish(result, false);
            WriteError(DiscoveryFailed(noAddress));
            return;
        }

        var duplicates = DuplicateAddresses.Find(result.Addresses);
        foreach (var duplicate in duplicates) Warn(duplicate.Warning);

        if (!RecordState(config, store, state, result, gone)) return;
        SyncHosts(config, ProjectStateReading.RecordedVms(state), result, duplicates);
        var publishing = new ReconcilePublishing(this, Warn);
        publishing.Run(config, _recorded ?? state, result.DryRun);
        result.Published = publishing.Published.ToArray();
        Finish(result, true);
        // After the result, so a scheduled '-ErrorAction Stop' run has written it before the error stops the run (exit code 1).
        foreach (var failed in _failedGuests) WriteError(HostsSyncFailed(failed));
        // Like a failed guest: a publishing failure never stops the guests.
        foreach (var error in publishing.Errors) WriteError(error);
    }

    private static ErrorRecord HostsSyncFailed(HostsSyncOutcome failed)
    {
        var guest = failed.Result;
        var cause = failed.ErrorId is { } id && id != HostsSyncFailedErrorId ? $" ({id})" : "";
        var message = $"Hosts sync of {guest.VMName} failed{cause}: {guest.Reason}";
        return new ErrorRecord(new InvalidOperationException(message), HostsSyncFailedErrorId, failed.Category, guest)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = "The other guests were synced and the state was written. Fix what the reason names (see about_Ragnatramp, TROUBLESHOOTING), then run again.",
            },
        };
    }

    private static ErrorRecord DiscoveryFailed(IReadOnlyList<DiscoveredVm> noAddress)
    {
        var names = string.Join(", ", noAddress.Select(v => v.Address.MachineName is { } m ? $"{m} ({v.Address.VMName})" : v.Address.VMName));
        var details = string.Join(" ", noAddress.Select(v => v.Problem).Where(p => !string.IsNullOrEmpty(p)));
        var message = $"No IPv4 address for the running VM(s) {names}; nothing was written (state and guests are unchanged). {details}".TrimEnd();
        var targets = noAddress.Select(v => v.Address).ToArray();
        return new ErrorRecord(new TimeoutException(message), DiscoveryFailedErrorId, ErrorCategory.OperationTimeout, targets)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = "Check that the VMs finished booting and got a DHCP lease (Get-RagnaVmAddress -Verbose shows what was tried), then run again, or raise -TimeoutSec.",
            },
        };
    }

    private static ErrorRecord AllRecordedVmsGone(IReadOnlyList<GoneVm> gone)
    {
        var names = string.Join(", ", gone.Select(g => $"{g.MachineName} ({g.VmName})"));
        var message = $"Hyper-V has none of the VMs the state records ({names}); nothing was written (state and guests are unchanged). " +
                      "All of them vanishing at once usually means this session cannot see them, not that they were deleted.";
        return new ErrorRecord(new InvalidOperationException(message), AllVmsGoneErrorId, ErrorCategory.ObjectNotFound, gone.Select(g => g.VmName).ToArray())
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = "Check with Hyper-V\\Get-VM in the same session, which must be elevated or run by a member of 'Hyper-V Administrators' " +
                                    "(a scheduled task needs 'Run with highest privileges'). If the VMs really were deleted, re-create them with " +
                                    "'ragnatramp up' or delete the project's .ragnatramp/state.json.",
            },
        };
    }

    // The state is written under its lock against a fresh read, so Changes are what this run changed
    // and a concurrent run's update is kept.
    private bool RecordState(ProjectConfig config, StateStore store, StateDocument? state, ReconcileResult result, IReadOnlyList<GoneVm> gone)
    {
        var adopt = state == null;
        StateDocument NewState() => StateDocument.CreateNew(store.StatePath, config.ConfigPath,
            ConfigContentHash.Compute(config.ConfigPath), config.ProjectName, DateTime.UtcNow);

        RecordingOutcome? outcome = null;
        if (result.DryRun)
        {
            _recorded = state?.Copy() ?? NewState();
            outcome = NetworkRecording.Apply(_recorded, state, result.Addresses, gone, adopt);
            ShouldProcess(store.StatePath, $"Record the discovered VM addresses in the project state ({outcome.Changes.Count} change(s))");
        }
        else if (ShouldProcess(store.StatePath, "Record the discovered VM addresses in the project state"))
        {
            try
            {
                var update = store.Update(current =>
                {
                    var document = current ?? NewState();
                    outcome = NetworkRecording.Apply(document, state, result.Addresses, gone, adopt || current == null);
                    _recorded = document;
                    return document;
                }, Cancellation);
                WriteVerbose(update.Written ? $"Wrote the state file '{store.StatePath}'." : $"The state file '{store.StatePath}' is already up to date.");
            }
            catch (StateFileException ex)
            {
                Finish(result, false);
                WriteError(ProjectStateReading.ToErrorRecord(ex));
                return false;
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
        if (outcome == null) return true;
        result.Changes = outcome.Changes.ToArray();
        foreach (var machine in outcome.Adopted)
            WriteVerbose($"Adopted machine '{machine}': its VM carries the ragnatramp marker for this config; recorded in the new state.");
        foreach (var warning in outcome.Warnings) Warn(warning);
        return true;
    }

    private void SyncHosts(ProjectConfig config, IReadOnlyList<RecordedVm>? recorded, ReconcileResult result, IReadOnlyList<DuplicateIpv4> duplicates)
    {
        var guests = result.Addresses
            .Where(a => DuplicateAddresses.Of(duplicates, a) is null)
            .Select(a => GuestFor(a, config, recorded))
            .ToList();
        var plan = HostsSyncEngine.Plan(guests);
        result.HostsBlock = plan.Block;
        foreach (var warning in plan.Warnings) Warn(warning);

        var duplicateResults = result.Addresses.Select(a => (Address: a, Duplicate: DuplicateAddresses.Of(duplicates, a)))
            .Where(d => d.Duplicate != null)
            .Select(d => new HostsSyncResult
            {
                MachineName = d.Address.MachineName, VMName = d.Address.VMName, IPv4 = d.Address.IPv4, Status = HostsSyncStatus.Skipped,
                Reason = d.Duplicate!.SkipReason(d.Address),
            });

        IEnumerable<HostsSyncResult> synced;
        if (result.DryRun)
        {
            synced = plan.Guests.Select(DryRunResult);
        }
        else
        {
            foreach (var guest in plan.Guests.Where(g => g.Settled == null))
                guest.Confirmed = ShouldProcess($"{guest.Guest.Address.VMName} ({guest.Guest.Address.IPv4})", "Write the Ragnatramp block into /etc/hosts");
            var options = SyncOptions();
            var outcomes = RunSync(plan, options, config, _sshWarmUp == null ? null : _sshWarmUp.Connector);
            foreach (var outcome in outcomes)
            {
                foreach (var warning in outcome.Warnings) Warn(warning);
                if (outcome.Result.Status == HostsSyncStatus.Failed)
                {
                    // In the result's Warnings for its log; on the error stream as HostsSyncFailed, after the result.
                    _warnings.Add($"Hosts sync of {outcome.Result.VMName} failed ({outcome.ErrorId}): {outcome.Result.Reason}");
                    _failedGuests.Add(outcome);
                }
            }
            synced = outcomes.Select(o => o.Result);
        }
        result.HostsSync = synced.Concat(duplicateResults)
            .OrderBy(r => r.MachineName ?? r.VMName, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    // The dry run's view of a guest: what the real run would do, judged by its login settings and the
    // SSH port answering; no login.
    private HostsSyncResult DryRunResult(GuestSyncPlan guest)
    {
        if (guest.Settled != null) return guest.Settled;
        var address = guest.Guest.Address;
        var login = guest.Guest.Login;
        var loginProblem = string.IsNullOrEmpty(login.User) ? "no SSH user is configured (ssh.user or -User)"
            : string.IsNullOrEmpty(login.KeyFile) ? "no SSH private key is configured (ssh.private_key or -KeyFile)"
            : !System.IO.File.Exists(login.KeyFile) ? $"the SSH private key '{login.KeyFile}' does not exist"
            : null;
        if (loginProblem != null)
        {
            Warn($"{address.VMName}: {loginProblem}; the sync would fail this guest.");
            return new HostsSyncResult
            {
                MachineName = address.MachineName, VMName = address.VMName, IPv4 = address.IPv4, Status = HostsSyncStatus.Skipped,
                Reason = $"{loginProblem}; the sync would fail this guest (KVP: {address.KvpStatus})",
            };
        }
        var port = login.Port ?? new HostsSyncOptions().Port;
        WriteVerbose($"{address.VMName}: checking TCP {address.IPv4}:{port} (dry run: no SSH login)");
        var connect = ReachabilityProbe.Connect(address.IPv4!, port, new HostsSyncOptions().ReachabilityTimeout, Cancellation);
        return new HostsSyncResult
        {
            MachineName = address.MachineName, VMName = address.VMName, IPv4 = address.IPv4,
            Status = connect.Accepted ? HostsSyncStatus.WouldUpdate : HostsSyncStatus.Skipped,
            Reason = connect.Accepted
                ? $"SSH port {port} answers; would write a block of {ManagedHostsBlock.AddressLineCount(guest.BlockLines)} peer line(s) (KVP: {address.KvpStatus})"
                : $"SSH port {port} on {address.IPv4} is not reachable ({connect.Problem}); the sync would skip it (KVP: {address.KvpStatus})",
        };
    }

    private void Warn(string message)
    {
        _warnings.Add(message);
        WriteWarning(message);
    }

    private void Finish(ReconcileResult result, bool success, string? warning = null)
    {
        if (warning != null) Warn(warning);
        result.Success = success;
        result.Warnings = _warnings.ToArray();
        WriteObject(result);
    }
}
