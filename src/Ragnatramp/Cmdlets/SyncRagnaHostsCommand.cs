using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.HyperV;
using Ragnatramp.Hosts;

namespace Ragnatramp.Cmdlets;

/// <summary>Writes the managed block of every other running VM into each running guest's /etc/hosts over SSH.</summary>
[Cmdlet(VerbsData.Sync, "RagnaHosts", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HostsSyncResult))]
public sealed class SyncRagnaHostsCommand : RagnaCmdlet
{
    private const string PathSet = "Path";
    private const string InputSet = "InputObject";
    private const string Action = "Write the Ragnatramp block into /etc/hosts";

    private readonly List<VmAddress> _input = new();

    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(ParameterSetName = PathSet, Position = 0)]
    [Parameter(ParameterSetName = InputSet)]
    public string? Path { get; set; }

    /// <summary>Addresses from Get-RagnaVmAddress; the whole set is read before any guest is touched.</summary>
    [Parameter(ParameterSetName = InputSet, Mandatory = true, ValueFromPipeline = true)]
    public VmAddress[]? InputObject { get; set; }

    /// <summary>SSH user for every guest (overrides the config and -Credential's user name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>Private key file for every guest (overrides the config).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>User name and the private key's passphrase.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Guests handled at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = HostsSyncOptions.DefaultThrottleLimit;

    /// <summary>Accept a host key that differs from the pinned one (after checking the VM was re-created).</summary>
    [Parameter]
    public SwitchParameter TrustHostKey { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject != null)
        {
            _input.AddRange(InputObject.Where(a => a != null));
        }
    }

    protected override void EndProcessing()
    {
        var project = LoadProject();
        var addresses = ParameterSetName == InputSet ? _input : DiscoverProject(project!);
        var guests = addresses.Select(a => CmdletHostsSync.Guest(this, a, project, User, KeyFile, Credential)).ToList();

        var plan = HostsSyncEngine.Plan(guests);
        foreach (var warning in plan.Warnings) WriteWarning(warning);

        var whatIf = CmdletHostsSync.IsWhatIf(this);
        foreach (var guest in plan.Guests)
        {
            var a = guest.Guest.Address;
            if (guest.Settled != null)
            {
                WriteVerbose($"{a.VMName}: skipped: {guest.Settled.Reason}");
                continue;
            }
            // Asked here, on the pipeline thread, before the parallel part starts.
            guest.Confirmed = ShouldProcess($"{a.VMName} ({a.IPv4})", Action);
            if (whatIf)
            {
                WriteVerbose($"{a.VMName}: the block it would get:\n{guest.BlockText}");
            }
        }

        var options = new HostsSyncOptions
        {
            ThrottleLimit = ThrottleLimit,
            TrustHostKey = TrustHostKey.IsPresent,
            WhatIf = whatIf,
            Passphrase = CmdletHostsSync.Passphrase(Credential),
        };
        var engine = new HostsSyncEngine(HostsSyncEngine.IsolatedConnector, CmdletHostsSync.HostKeyStoreFor(this, project));
        var outcomes = CmdletHostsSync.Run(this, engine, plan, options, Cancellation);

        foreach (var outcome in outcomes)
        {
            foreach (var warning in outcome.Warnings) WriteWarning(warning);
            WriteObject(outcome.Result);
            if (outcome.Result.Status == HostsSyncStatus.Failed)
            {
                var record = new ErrorRecord(new InvalidOperationException($"{outcome.Result.VMName}: {outcome.Result.Reason}"),
                    outcome.ErrorId ?? "HostsSyncFailed", outcome.Category, outcome.Result);
                WriteError(record);
            }
        }
    }

    private ProjectConfig? LoadProject()
    {
        if (ParameterSetName == InputSet && string.IsNullOrEmpty(Path))
        {
            // With addresses from the pipeline a project is optional: it gives aliases and SSH logins
            // when there is one here; otherwise VM names, -User and -KeyFile do.
            try
            {
                ProjectLocator.ResolveConfigPath(null, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            }
            catch (ConfigNotFoundException)
            {
                WriteVerbose("No ragnatramp.yaml in the current location: hosts lines use the VM names.");
                return null;
            }
        }
        return ProjectConfigLoading.Load(this, Path);
    }

    private IReadOnlyList<VmAddress> DiscoverProject(ProjectConfig project)
    {
        var targets = ProjectTargets.For(project, ProjectStateReading.RecordedVms(this, project));
        if (targets.Count == 0)
        {
            WriteWarning("No VMs to sync: the project has no machines recorded.");
            return Array.Empty<VmAddress>();
        }
        DiscoveryResult result;
        try
        {
            result = CmdletDiscovery.Create(this).Discover(
                new DiscoveryRequest(targets, project.SwitchName, TimeSpan.FromSeconds(project.AddressTimeoutSec)), Cancellation);
        }
        catch (HyperVException ex)
        {
            ThrowTerminatingError(ex.ToErrorRecord());
            return Array.Empty<VmAddress>();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        foreach (var rejected in result.Rejected) WriteWarning(rejected.Reason);
        foreach (var missing in result.NotFound)
        {
            WriteWarning(missing.MachineName is null
                ? $"No VM named '{missing.Name}' exists on this host."
                : $"Machine '{missing.MachineName}' has no VM (expected '{missing.Name}'); it is left out.");
        }
        foreach (var vm in result.Vms.Where(v => v.IsMissingAddress))
        {
            WriteError(CmdletDiscovery.AddressNotFound(vm));
        }
        return result.Vms.Select(v => v.Address).ToList();
    }
}
