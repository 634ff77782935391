using System;
using System.Collections.Generic;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Discovery;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Get-RagnaVmAddress: each VM's current IPv4 from Hyper-V KVP, else the host's neighbour table; writes nothing.</summary>
[Cmdlet(VerbsCommon.Get, "RagnaVmAddress", DefaultParameterSetName = PathSet)]
[OutputType(typeof(VmAddress))]
public sealed class GetRagnaVmAddressCommand : RagnaCmdlet
{
    private const string PathSet = "Path";
    private const string NameSet = "Name";
    private readonly List<VmTarget> _named = new();

    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location): every machine of the project.</summary>
    [Parameter(ParameterSetName = PathSet, Position = 0)]
    public string? Path { get; set; }

    /// <summary>VM names (wildcards allowed); bound from the pipeline by Name/VMName, so Get-VM | Get-RagnaVmAddress works.</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VMName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Ragnatramp.Completion.VmNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The machine name a piped object carries (Get-RagnaConfig's MachineConfig, a VmAddress), so the
    /// address keeps it and Sync-RagnaHosts can name the guest; hidden: typed by hand it is not needed.
    /// </summary>
    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? MachineName { get; set; }

    /// <summary>The virtual switch to read addresses on (default: Default Switch, or the config's settings.switch_name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SwitchName { get; set; }

    /// <summary>Seconds to wait for a running VM's IPv4 (default 60, or settings.address_timeout); 0 = one pass.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int? TimeoutSec { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != NameSet) return;
        // A machine name belongs to the one VM its object names, never to a pattern.
        foreach (var name in Name)
            _named.Add(Name.Length == 1 && !WildcardPattern.ContainsWildcardCharacters(name) ? VmTarget.ByName(name, MachineName) : VmTarget.ByName(name));
    }

    protected override void EndProcessing()
    {
        IReadOnlyList<VmTarget> targets;
        var switchName = SwitchName ?? ProjectConfig.DefaultSwitchName;
        var timeoutSec = TimeoutSec ?? ProjectConfig.DefaultAddressTimeoutSec;
        if (ParameterSetName == PathSet)
        {
            var config = ProjectConfigLoading.Load(this, Path);
            switchName = SwitchName ?? config.SwitchName;
            timeoutSec = TimeoutSec ?? config.AddressTimeoutSec;
            targets = ProjectTargets.For(config, ProjectStateReading.RecordedVms(this, config));
        }
        else
        {
            targets = _named;
        }
        if (targets.Count == 0)
        {
            WriteWarning("No VMs to look at: the project has no machines recorded.");
            return;
        }

        var result = DiscoverAddresses(targets, switchName, timeoutSec, Emit);

        foreach (var rejected in result.Rejected) WriteWarning(rejected.Reason);
        foreach (var missing in result.NotFound)
        {
            if (missing.MachineName is null || missing.Id is not null)
                WriteError(CmdletDiscovery.VmNotFound(missing));
            else
                WriteWarning(CmdletDiscovery.NoVmYet(missing));
        }
    }

    private void Emit(DiscoveredVm vm)
    {
        WriteObject(vm.Address);
        if (vm.IsMissingAddress) WriteError(CmdletDiscovery.AddressNotFound(vm));
    }
}
