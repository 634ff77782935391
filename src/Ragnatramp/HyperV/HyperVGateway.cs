using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>
/// Calls Hyper-V\* and NetTCPIP\Get-NetNeighbor by module-qualified name in the caller's session
/// (so another module's Get-VM, e.g. VMware PowerCLI's, never answers) and turns their output into
/// records. Must be used on the calling cmdlet's pipeline thread.
/// </summary>
internal sealed class HyperVGateway : IHyperVGateway
{
    private const string GetVmCommand = @"Hyper-V\Get-VM";
    private const string GetAdapterCommand = @"Hyper-V\Get-VMNetworkAdapter";
    private const string GetIntegrationCommand = @"Hyper-V\Get-VMIntegrationService";
    private const string GetNeighborCommand = @"NetTCPIP\Get-NetNeighbor";
    private const string GetIPAddressCommand = @"NetTCPIP\Get-NetIPAddress";

    private readonly Action<string> _verbose;
    private readonly Action<ErrorRecord> _calleeError;
    private readonly ISessionToken _token;
    private bool _rightsChecked;

    /// <param name="verbose">Narration of each call.</param>
    /// <param name="calleeError">Errors of the called commands that do not stop discovery, already translated to ours.</param>
    public HyperVGateway(Action<string> verbose, Action<ErrorRecord> calleeError)
        : this(verbose, calleeError, new PowerShellSessionToken(verbose))
    {
    }

    /// <param name="verbose">Narration of each call.</param>
    /// <param name="calleeError">Errors of the called commands that do not stop discovery, already translated to ours.</param>
    /// <param name="token">Checked once, before the first Get-VM.</param>
    public HyperVGateway(Action<string> verbose, Action<ErrorRecord> calleeError, ISessionToken token)
    {
        _verbose = verbose;
        _calleeError = calleeError;
        _token = token;
    }

    public IReadOnlyList<VmRecord> GetVms()
    {
        if (!_rightsChecked)
        {
            // Without rights Get-VM answers with nothing and no error: refuse before it can look like "no VMs".
            _rightsChecked = true;
            if (HyperVRights.Refusal(_token) is { } refusal) throw refusal;
        }
        var output = InvokeHyperV(GetVmCommand, null, null, out var errors);
        // Without the VM list nothing else can be right (e.g. the Virtual Machine Management service is stopped).
        if (errors.Count > 0) throw Translate(GetVmCommand, errors[0], " Check that the Hyper-V Virtual Machine Management service (vmms) is running: Get-Service vmms.");
        return output.Select(o => HyperVObjectReader.ToVm(o, HostVmStateType.NameOf)).ToList();
    }

    public IReadOnlyList<NetworkAdapterRecord> GetNetworkAdapters(IReadOnlyCollection<string> vmNames)
    {
        if (vmNames.Count == 0) return Array.Empty<NetworkAdapterRecord>();
        var output = InvokeHyperV(GetAdapterCommand, "VMName", Patterns(vmNames), out var errors);
        ReEmitUnlessVanished(GetAdapterCommand, errors);
        return output.Select(HyperVObjectReader.ToNetworkAdapter).ToList();
    }

    public IReadOnlyList<IntegrationComponentRecord> GetIntegrationComponents(IReadOnlyCollection<string> vmNames)
    {
        if (vmNames.Count == 0) return Array.Empty<IntegrationComponentRecord>();
        var output = InvokeHyperV(GetIntegrationCommand, "VMName", Patterns(vmNames), out var errors);
        ReEmitUnlessVanished(GetIntegrationCommand, errors);
        return output.Select(HyperVObjectReader.ToIntegrationComponent).ToList();
    }

    public IReadOnlyList<NetworkAdapterRecord> GetManagementAdapters()
    {
        Collection<PSObject> output;
        IReadOnlyList<ErrorRecord> errors;
        try
        {
            // Every host vNIC; the switch is matched by Id or name here, so no switch name reaches a wildcard parameter.
            output = Invoke(GetAdapterCommand, out errors, ("ManagementOS", true));
        }
        catch (Exception ex) when (ex is CommandNotFoundException or RuntimeException and not PipelineStoppedException)
        {
            _verbose($"{GetAdapterCommand} -ManagementOS failed ({ex.Message}); the host interface name is guessed.");
            return Array.Empty<NetworkAdapterRecord>();
        }
        // Only a hint: without it the composed 'vEthernet (<switch>)' is used, so errors are narrated, not reported.
        foreach (var error in errors) _verbose($"{GetAdapterCommand} -ManagementOS: {error.Exception?.Message ?? error.ToString()}");
        return output.Select(HyperVObjectReader.ToNetworkAdapter).Where(a => a.Name.Length > 0).ToList();
    }

    public HostInterface? GetHostInterface(string interfaceAlias)
    {
        Collection<PSObject> output;
        IReadOnlyList<ErrorRecord> errors;
        try
        {
            // Every IPv4 address of the host, filtered here by alias: no alias reaches a wildcard parameter.
            output = Invoke(GetIPAddressCommand, out errors, ("AddressFamily", "IPv4"));
        }
        catch (Exception ex) when (ex is CommandNotFoundException or RuntimeException and not PipelineStoppedException)
        {
            _verbose($"{GetIPAddressCommand} failed ({ex.Message}); the neighbour table is read by interface name.");
            return null;
        }
        foreach (var error in errors) _verbose($"{GetIPAddressCommand}: {error.Exception?.Message ?? error.ToString()}");
        return output.Select(HyperVObjectReader.ToHostInterface)
            .Where(i => string.Equals(i.InterfaceAlias, interfaceAlias, StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => AddressRulesUsable(i.IPv4Address) ? 0 : 1)
            .FirstOrDefault();
    }

    public NeighborTable GetNeighbors(string interfaceAlias, uint? interfaceIndex)
    {
        Collection<PSObject> output;
        IReadOnlyList<ErrorRecord> errors;
        var byIndex = interfaceIndex is not null;
        try
        {
            // -InterfaceIndex needs no escaping; -InterfaceAlias takes wildcards, so a name with [ ] * ? is escaped.
            // Only the states an address can be taken from: after the host resolved its subnet, the table also holds an
            // Unreachable/Incomplete entry for every address nobody answered for, which would only cost time to read.
            output = byIndex
                ? Invoke(GetNeighborCommand, out errors, ("InterfaceIndex", new[] { interfaceIndex!.Value }), ("State", UsableStates))
                : Invoke(GetNeighborCommand, out errors, ("InterfaceAlias", WildcardPattern.Escape(interfaceAlias)), ("State", UsableStates));
        }
        catch (CommandNotFoundException ex)
        {
            throw NeighborUnavailable($"{GetNeighborCommand} is not available ({ModuleFailure("NetTCPIP", ex)})", ex);
        }

        // CIM answers "No matching MSFT_NetNeighbor objects" (ObjectNotFound) when no interface has that alias.
        var notFound = errors.Where(e => e.CategoryInfo.Category == ErrorCategory.ObjectNotFound).ToList();
        var other = errors.Except(notFound).ToList();
        var what = byIndex ? $"-InterfaceIndex {interfaceIndex}" : $"-InterfaceAlias '{interfaceAlias}'";
        if (other.Count > 0 && output.Count == 0)
            throw NeighborUnavailable($"{GetNeighborCommand} {what} failed: {other[0].Exception?.Message ?? other[0].ToString()}", other[0].Exception);
        foreach (var error in other) ReEmit(GetNeighborCommand, error);

        // Entries carry the interface's alias, so candidates match them to the switch by name as before.
        var entries = output.Select(HyperVObjectReader.ToNeighbor)
            .Select(e => byIndex && e.InterfaceAlias.Length == 0 ? e.WithInterfaceAlias(interfaceAlias) : e)
            .ToList();
        return new NeighborTable(interfaceAlias, interfaceFound: byIndex || entries.Count > 0, entries);
    }

    private static readonly string[] UsableStates = { "Reachable", "Stale", "Delay", "Probe", "Permanent" };

    private static bool AddressRulesUsable(string? address) => Discovery.AddressRules.IsUsableIPv4(address);

    private Collection<PSObject> InvokeHyperV(string command, string? parameter, object? value, out IReadOnlyList<ErrorRecord> errors)
    {
        Collection<PSObject> output;
        try
        {
            output = Invoke(command, parameter, value, out errors);
        }
        catch (CommandNotFoundException ex)
        {
            if (ModuleLoadError("Hyper-V") is { } loadError)
            {
                throw new HyperVException(HyperVErrorIds.ModuleLoadFailed, ErrorCategory.ResourceUnavailable,
                    $"The Hyper-V PowerShell module is installed but could not be loaded, so {command} cannot run: {loadError} " +
                    "Run 'Import-Module Hyper-V' to see the whole error; a repair of the Hyper-V management tools " +
                    "(or a new session after a Windows update finished) usually fixes it.",
                    command, ex);
            }
            throw new HyperVException(HyperVErrorIds.ModuleNotFound, ErrorCategory.NotInstalled,
                $"The Hyper-V PowerShell module is not available here ({command} was not found). Enable the Hyper-V " +
                "management tools: 'Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-Management-PowerShell' " +
                "on Windows 10/11, or 'Install-WindowsFeature Hyper-V-PowerShell' on Windows Server, then start a new session.",
                command, ex);
        }
        var denied = errors.FirstOrDefault(IsAccessDenied);
        if (denied is not null)
        {
            throw new HyperVException(HyperVErrorIds.AccessDenied, ErrorCategory.PermissionDenied,
                $"Hyper-V refused {command}: {denied.Exception?.Message ?? denied.ToString()} {HyperVRights.Advice}",
                command, denied.Exception);
        }
        return output;
    }

    private Collection<PSObject> Invoke(string command, string? parameter, object? value, out IReadOnlyList<ErrorRecord> errors) =>
        Invoke(command, out errors, parameter is null ? Array.Empty<(string, object?)>() : new[] { (parameter, value) });

    private Collection<PSObject> Invoke(string command, out IReadOnlyList<ErrorRecord> errors, params (string Name, object? Value)[] parameters)
    {
        _verbose($"Calling {command}" + string.Concat(parameters.Select(p => p.Value is true ? $" -{p.Name}" : $" -{p.Name} {Describe(p.Value)}")));
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand(command);
        foreach (var (name, value) in parameters) ps.AddParameter(name, value);
        // The nested call runs in the caller's scope, so a script's $ErrorActionPreference = 'Stop' would turn one
        // VM's error into an exception that throws away the output for every VM. Errors belong in the error stream.
        ps.AddParameter("ErrorAction", ActionPreference.Continue);
        ps.AddParameter("WarningAction", ActionPreference.Continue);
        var collected = new List<ErrorRecord>();
        Collection<PSObject> output;
        try
        {
            output = ps.Invoke();
        }
        catch (CommandNotFoundException)
        {
            throw;
        }
        catch (RuntimeException ex) when (ex is not PipelineStoppedException && ex.ErrorRecord is not null)
        {
            // A truly terminating error of the callee (ThrowTerminatingError): nothing usable came out.
            if (ex.ErrorRecord.Exception is CommandNotFoundException notFound) throw notFound;
            output = new Collection<PSObject>();
            collected.Add(ex.ErrorRecord);
        }
        collected.AddRange(ps.Streams.Error);
        foreach (var warning in ps.Streams.Warning) _verbose($"{command}: {warning.Message}");
        errors = collected;
        return output;
    }

    /// <summary>
    /// -VMName takes wildcards, and Hyper-V's own matching is not known to honour backtick escapes. So a name with
    /// [ ] * ? or ` is sent with each of those replaced by '?' (one character): a pattern that matches the VM itself,
    /// perhaps others too, which callers drop by VM id. Other names go as they are.
    /// </summary>
    internal static string[] Patterns(IReadOnlyCollection<string> names) =>
        names.Select(n => n.IndexOfAny(WildcardCharacters) < 0 ? n : new string(n.Select(c => Array.IndexOf(WildcardCharacters, c) < 0 ? c : '?').ToArray()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    private static readonly char[] WildcardCharacters = { '[', ']', '*', '?', '`' };

    /// <summary>The reason a command was not found, with the module's own load error when the module is there but fails to load.</summary>
    private string ModuleFailure(string module, CommandNotFoundException ex) =>
        ModuleLoadError(module) is { } loadError ? $"the {module} module is installed but could not be loaded: {loadError}" : ex.Message;

    /// <summary>
    /// When <paramref name="module"/> is installed (Get-Module -ListAvailable) but a command of it was not found, importing
    /// it again gives the real reason; null when it is not installed (or imports fine now).
    /// </summary>
    private string? ModuleLoadError(string module)
    {
        try
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Get-Module").AddParameter("ListAvailable").AddParameter("Name", module);
            if (ps.Invoke().Count == 0) return null;
            _verbose($"The {module} module is installed; importing it to see why its commands are missing");
            ps.Commands.Clear();
            ps.AddCommand("Import-Module").AddParameter("Name", module).AddParameter("ErrorAction", ActionPreference.Stop);
            ps.Invoke();
            return ps.Streams.Error.Count > 0 ? ps.Streams.Error[0].ToString() : null;
        }
        catch (RuntimeException loadError) when (loadError is not PipelineStoppedException)
        {
            return loadError.ErrorRecord?.Exception?.Message ?? loadError.Message;
        }
    }

    private static bool IsAccessDenied(ErrorRecord error) =>
        error.CategoryInfo.Category is ErrorCategory.PermissionDenied or ErrorCategory.SecurityError
        || error.Exception is UnauthorizedAccessException
        || (error.FullyQualifiedErrorId ?? "").StartsWith("AccessDenied", StringComparison.OrdinalIgnoreCase);

    private void ReEmitUnlessVanished(string command, IReadOnlyList<ErrorRecord> errors)
    {
        foreach (var error in errors)
        {
            // A VM deleted between Get-VM and this call (Hyper-V says InvalidParameter): it simply has no adapters/components now.
            if (error.CategoryInfo.Category is ErrorCategory.ObjectNotFound or ErrorCategory.InvalidArgument)
                _verbose($"{command}: {error.Exception?.Message}");
            else
                ReEmit(command, error);
        }
    }

    private void ReEmit(string command, ErrorRecord error) => _calleeError(Translate(command, error, "").ToErrorRecord());

    private static HyperVException Translate(string command, ErrorRecord error, string advice) =>
        new(HyperVErrorIds.QueryFailed, error.CategoryInfo.Category,
            $"{command} failed: {error.Exception?.Message ?? error.ToString()}{advice}", error.TargetObject ?? command, error.Exception);

    private static HyperVException NeighborUnavailable(string what, Exception? inner) =>
        new(HyperVErrorIds.NetNeighborUnavailable, ErrorCategory.ResourceUnavailable,
            $"{what}. The host's neighbour table cannot be read, so addresses come from Hyper-V KVP only " +
            "(guests without hv_kvp_daemon will show none). Check that the NetTCPIP module loads (Import-Module NetTCPIP).",
            GetNeighborCommand, inner);

    private static string Describe(object? value) => value switch
    {
        string[] names => string.Join(", ", names.Select(n => $"'{n}'")),
        uint[] indexes => string.Join(", ", indexes),
        _ => $"'{value}'",
    };
}
