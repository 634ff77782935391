using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.Hosts;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Writes the managed block of every other running VM into each running guest's /etc/hosts over SSH.</summary>
[Cmdlet(VerbsData.Sync, "RagnaHosts", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HostsSyncResult))]
public sealed class SyncRagnaHostsCommand : GuestSyncCmdlet
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
        var state = project == null ? null : ProjectStateReading.Read(this, StateStore.ForConfig(project.ConfigPath));
        var recorded = ProjectStateReading.RecordedVms(state);
        var addresses = ParameterSetName == InputSet ? _input : DiscoverProject(project!, recorded);
        var guests = addresses.Select(a => GuestFor(a, project, recorded)).ToList();

        var plan = HostsSyncEngine.Plan(guests);
        foreach (var warning in plan.Warnings) WriteWarning(warning);
        if (ParameterSetName == InputSet && project != null) WarnOfMachinesNotPiped(project, state, addresses);

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

        var options = SyncOptions(whatIf);
        var outcomes = RunSync(plan, options, project);

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

    // Each block lists only the piped VMs, so piping part of a project (Get-RagnaConfig -MachineName db | ...)
    // takes the project's other running machines out of every guest's /etc/hosts. That is rarely what
    // was meant: say so, for the machines the state last saw with an address (no state, no guess).
    private void WarnOfMachinesNotPiped(ProjectConfig project, StateDocument? state, IReadOnlyCollection<VmAddress> addresses)
    {
        if (addresses.Count == 0) return;
        var missing = (state?.Vms ?? new List<StateVm>())
            .Where(vm => vm.Network?.Ipv4 != null && !addresses.Any(a =>
                (a.VMId != Guid.Empty && a.VMId == vm.Id)
                || string.Equals(a.VMName, vm.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(vm => vm.MachineName)
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (missing.Count == 0) return;
        WriteWarning($"Machine(s) {string.Join(", ", missing)} of project '{project.ProjectName}' had an address at the last reconcile but are not in the input: " +
            "each guest's block lists only the piped VMs, so their lines are removed. " +
            $"To keep them, sync the whole project: Get-RagnaVmAddress -Path '{project.ConfigPath}' | Sync-RagnaHosts");
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

    private IReadOnlyList<VmAddress> DiscoverProject(ProjectConfig project, IReadOnlyList<RecordedVm>? recorded)
    {
        var targets = ProjectTargets.For(project, recorded);
        if (targets.Count == 0)
        {
            WriteWarning("No VMs to sync: the project has no machines recorded.");
            return Array.Empty<VmAddress>();
        }
        var result = DiscoverAddresses(targets, project.SwitchName, project.AddressTimeoutSec);
        foreach (var rejected in result.Rejected) WriteWarning(rejected.Reason);
        foreach (var missing in result.NotFound)
        {
            WriteWarning(missing.MachineName is null
                ? $"No VM named '{missing.Name}' exists on this host."
                : missing.Id is null
                    ? CmdletDiscovery.NoVmYet(missing)
                    : $"Machine '{missing.MachineName}': VM '{missing.Name}' recorded in the state does not exist in Hyper-V any more; it is left out. " +
                      "Recreate it with 'ragnatramp up', or run Invoke-RagnaReconcile to clear its address from the state.");
        }
        foreach (var vm in result.Vms.Where(v => v.IsMissingAddress))
        {
            WriteError(CmdletDiscovery.AddressNotFound(vm));
        }
        return result.Vms.Select(v => v.Address).ToList();
    }
}
