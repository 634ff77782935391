using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Hosts;

/// <summary>
/// The hosts sync engine wired to a cmdlet (Sync-RagnaHosts, Invoke-RagnaReconcile): logins from the
/// config with -User/-KeyFile/-Credential applied, host keys pinned where they belong, and the
/// engine's worker-thread narration pumped onto the pipeline thread.
/// </summary>
internal static class CmdletHostsSync
{
    private const int ProgressId = 0x5A6;
    private const string ProgressActivity = "/etc/hosts on each guest";

    /// <summary>
    /// The guest for a discovered VM: the host names and login of the project machine it belongs to
    /// (matched by VM id or VM name, <see cref="ProjectTargets.MachineOf"/>), overridden by the cmdlet's parameters.
    /// </summary>
    public static HostsSyncGuest Guest(PSCmdlet cmdlet, VmAddress address, ProjectConfig? project, IReadOnlyList<RecordedVm>? recorded,
        string? user, string? keyFile, PSCredential? credential)
    {
        var machine = project == null ? null : ProjectTargets.MachineOf(project, recorded, address);
        // PowerShell turns a $null string property into "": an empty machine name means none.
        var names = machine?.HostNames.ToList() ?? (!string.IsNullOrEmpty(address.MachineName) ? new List<string> { address.MachineName! } : null);
        return new HostsSyncGuest(address, names, Overrides(cmdlet, user, keyFile, credential).Login(machine?.Ssh ?? SshLogin.None), machine?.Name);
    }

    /// <summary>The parameter layer of the precedence: -User (else -Credential's user name) and -KeyFile, and -SwitchName/-TimeoutSec where the cmdlet has them.</summary>
    public static CommandOverrides Overrides(PSCmdlet cmdlet, string? user, string? keyFile, PSCredential? credential,
        string? switchName = null, int? timeoutSec = null)
    {
        var credentialUser = string.IsNullOrEmpty(credential?.UserName) ? null : credential!.UserName;
        return new CommandOverrides(user ?? credentialUser, keyFile != null ? ResolveKeyFile(cmdlet, keyFile) : null, switchName, timeoutSec,
            user == null && credentialUser != null ? "Credential" : "User");
    }

    /// <summary>-KeyFile as a file system path: ~ is the user's profile, relative is relative to the current location.</summary>
    public static string ResolveKeyFile(PSCmdlet cmdlet, string keyFile) => cmdlet.GetUnresolvedProviderPathFromPSPath(ExpandHome(keyFile));

    /// <summary>The private keys' passphrase from -Credential; null when none was given.</summary>
    public static string? Passphrase(PSCredential? credential) =>
        credential?.GetNetworkCredential().Password is { Length: > 0 } p ? p : null;

    /// <summary>
    /// The pin store every command and path uses (the per-user known_hosts, <see cref="KnownHostsStore.DefaultPath()"/>),
    /// with the pins Ragnatramp 0.1 kept in this project's state and in the old per-user JSON store to move in.
    /// </summary>
    public static PinStore HostKeyStoreFor(PSCmdlet cmdlet, ProjectConfig? project)
    {
        var store = KnownHostsStore.ForCurrentUser();
        cmdlet.WriteVerbose($"Host keys are pinned in {store.FilePath} (ssh -o HostKeyAlias=ragnatramp-<VM id> -o UserKnownHostsFile=<that file> checks the same pins).");
        var legacy = new List<ILegacyPinSource>();
        if (project != null) legacy.Add(new StateLegacyPins(StateStore.ForConfig(project.ConfigPath)));
        legacy.Add(LegacyHostKeyFile.ForCurrentUser());
        return new PinStore(store, legacy);
    }

    /// <summary>Whether -WhatIf is in force (bound, or through $WhatIfPreference).</summary>
    public static bool IsWhatIf(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
        {
            return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
        }
        return LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));
    }

    // The engine works on worker threads; everything it reports is queued and written here,
    // because a cmdlet may only call Write* from its pipeline thread.
    public static IReadOnlyList<HostsSyncOutcome> Run(PSCmdlet cmdlet, HostsSyncEngine engine, HostsSyncPlan plan, HostsSyncOptions options,
        CancellationToken cancellation)
    {
        var messages = new BlockingCollection<Action<PSCmdlet>>();
        var listener = new QueueListener(messages);
        var run = Task.Run(() =>
        {
            try
            {
                return engine.Run(plan, options, listener, cancellation);
            }
            finally
            {
                messages.CompleteAdding();
            }
        });
        try
        {
            foreach (var message in messages.GetConsumingEnumerable())
            {
                message(cmdlet);
            }
        }
        finally
        {
            cmdlet.WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        try
        {
            return run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (AggregateException ex)
        {
            // Each guest's failures are results; this is a fault of the run itself (a bug): a stable
            // ErrorId and the real exception, not "One or more errors occurred."
            cmdlet.ThrowTerminatingError(AbortRecord(ex));
            return Array.Empty<HostsSyncOutcome>();
        }
    }

    /// <summary>The terminating error for a sync run that faulted outside any one guest's work.</summary>
    internal static ErrorRecord AbortRecord(AggregateException fault)
    {
        var flat = fault.Flatten();
        var cause = flat.InnerExceptions.Count == 1 ? flat.InnerExceptions[0] : flat;
        var message = string.Join("; ", flat.InnerExceptions.Select(e => $"{e.GetType().Name}: {e.Message}"));
        return new ErrorRecord(new InvalidOperationException($"The hosts sync failed unexpectedly ({message}). Some guests may have been written already; " +
                                                             "run again with -Verbose, and report this error.", cause),
            "HostsSyncAborted", ErrorCategory.NotSpecified, null);
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path.Substring(2) : "")
            : path;

    private sealed class QueueListener : IHostsSyncListener
    {
        private readonly BlockingCollection<Action<PSCmdlet>> _queue;

        public QueueListener(BlockingCollection<Action<PSCmdlet>> queue) => _queue = queue;

        public void Verbose(string message) => Post(c => c.WriteVerbose(message));

        public void GuestStarted(string name, int started, int total) =>
            Post(c => c.WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, $"{name}: connecting ({started} of {total} started)")));

        public void GuestFinished(HostsSyncOutcome outcome, int finished, int total) => Post(c =>
        {
            c.WriteVerbose($"{outcome.Result.VMName}: {outcome.Result.Status}: {outcome.Result.Reason}");
            if (finished > 0)
            {
                c.WriteProgress(new ProgressRecord(ProgressId, ProgressActivity, $"{finished} of {total} guests done (last: {outcome.Result.VMName})")
                {
                    PercentComplete = total == 0 ? 100 : Math.Min(100, finished * 100 / total),
                });
            }
        });

        private void Post(Action<PSCmdlet> message)
        {
            try
            {
                _queue.Add(message);
            }
            catch (InvalidOperationException)
            {
                // The run is over (stopped); nothing is listening any more.
            }
        }
    }
}
