using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.Hosts;
using Ragnatramp.Ssh;

namespace Ragnatramp.Cmdlets;

/// <summary>Base of the cmdlets that log into guests (Sync-RagnaHosts, Invoke-RagnaReconcile): the SSH login and sync parameters they share.</summary>
public abstract class GuestSyncCmdlet : RagnaCmdlet
{
    /// <summary>SSH user for every guest, instead of the config's ssh.user (and -Credential's user name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>Private key file for every guest, instead of the config's ssh.private_key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>User name and the private key's passphrase.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Guests handled at once (default 64: in effect all of them).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = HostsSyncOptions.DefaultThrottleLimit;

    /// <summary>Accept and re-pin a host key that differs from the one pinned for the same VM id (after checking it on the VM's console).</summary>
    [Parameter]
    public SwitchParameter TrustHostKey { get; set; }

    // A -KeyFile that is not there is one mistake in the call, not one failure per guest: say so
    // once, before any discovery, state write or login.
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (KeyFile == null) return;
        var resolved = CmdletHostsSync.ResolveKeyFile(this, KeyFile);
        if (File.Exists(resolved)) return;
        var message = Directory.Exists(resolved)
            ? $"The -KeyFile '{resolved}' is a folder, not a private key file. Pass the key file itself (e.g. ~/.ssh/id_ed25519)."
            : $"The -KeyFile '{resolved}' does not exist. Pass the private key file for the guests' SSH user, or leave -KeyFile out to use ssh.private_key from ragnatramp.reconcile.yaml.";
        ThrowTerminatingError(new ErrorRecord(new FileNotFoundException(message, resolved), "KeyFileNotFound",
            ErrorCategory.ObjectNotFound, resolved));
    }

    /// <summary>The guest for a discovered VM: its machine's host names and login, with this cmdlet's parameters applied.</summary>
    internal HostsSyncGuest GuestFor(VmAddress address, ProjectConfig? project, IReadOnlyList<RecordedVm>? recorded) =>
        CmdletHostsSync.Guest(this, address, project, recorded, User, KeyFile, Credential);

    /// <summary>
    /// Asks -Confirm (and says -WhatIf) once per guest the plan would sync, here on the pipeline thread
    /// before the parallel part starts; under -WhatIf, -Verbose shows the block each would get.
    /// </summary>
    internal void ConfirmGuests(HostsSyncPlan plan, bool whatIf)
    {
        foreach (var guest in plan.Guests)
        {
            var a = guest.Guest.Address;
            if (guest.Settled != null)
            {
                WriteVerbose($"{a.VMName}: skipped: {guest.Settled.Reason}");
                continue;
            }
            guest.Confirmed = ShouldProcess($"{a.VMName} ({a.IPv4})", "Write the Ragnatramp block into /etc/hosts");
            if (whatIf) WriteVerbose($"{a.VMName}: the block it would get:\n{guest.BlockText}");
        }
    }

    /// <summary>Syncs the plan's guests against the pin store, then says with -Verbose what moving Ragnatramp 0.1's pins did.</summary>
    /// <remarks>The SSH connector comes from <paramref name="connector"/> when given (a warmed-up one), else is made when the first guest is contacted.</remarks>
    internal IReadOnlyList<HostsSyncOutcome> RunSync(HostsSyncPlan plan, HostsSyncOptions options, ProjectConfig? project, Func<ISshConnector>? connector = null)
    {
        var pins = CmdletHostsSync.HostKeyStoreFor(this, project);
        var engine = new HostsSyncEngine(connector ?? HostsSyncEngine.IsolatedConnector, pins);
        var outcomes = CmdletHostsSync.Run(this, engine, plan, options, Cancellation);
        foreach (var note in pins.Notes) WriteVerbose(note);
        return outcomes;
    }

    /// <summary>The engine options these parameters ask for.</summary>
    internal HostsSyncOptions SyncOptions(bool whatIf = false) => new()
    {
        ThrottleLimit = ThrottleLimit,
        TrustHostKey = TrustHostKey.IsPresent,
        WhatIf = whatIf,
        Passphrase = CmdletHostsSync.Passphrase(Credential),
    };
}
