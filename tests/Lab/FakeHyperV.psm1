# Controls the Hyper-V and NetTCPIP stand-ins (tests/Lab/Hyper-V, tests/Lab/NetTCPIP). Importing
# this module imports both stand-ins into the global session state, so plain calls (Get-VM) and
# module-qualified calls (Hyper-V\Get-VM, NetTCPIP\Get-NetNeighbor) both reach them, as they reach
# the real modules on Windows. The VMs and neighbours they report are set here: pure fakes
# (Add-FakeVM, Add-FakeNeighbor) or lab guests (RagnaLab.psm1 registers those).

$script:StandInPaths = @{
    'Hyper-V'  = Join-Path $PSScriptRoot 'Hyper-V/Hyper-V.psm1'
    'NetTCPIP' = Join-Path $PSScriptRoot 'NetTCPIP/NetTCPIP.psm1'
}
$script:CommandModules = @{
    'Get-VM' = 'Hyper-V'; 'Get-VMNetworkAdapter' = 'Hyper-V'; 'Get-VMIntegrationService' = 'Hyper-V'; 'Get-NetNeighbor' = 'NetTCPIP'; 'Get-NetIPAddress' = 'NetTCPIP'
}

# The Default Switch has this Id on every Windows host; its name is localized.
$script:DefaultSwitchId = 'C08CB7B8-9B3C-408E-8E30-5E16A3AEB444'
$script:DefaultSwitchNames = @{ 'en-US' = 'Default Switch'; 'de-DE' = 'Standardswitch'; 'pl-PL' = 'Przełącznik domyślny' }

function New-ManagementAdapterRecord([string] $Name, [string] $SwitchName, [string] $MacAddress) {
    if (-not $MacAddress) { $MacAddress = '00155D' + -join (1..3 | ForEach-Object { '{0:X2}' -f (Get-Random -Minimum 0 -Maximum 256) }) }
    @{ Name = $Name; SwitchName = $SwitchName; MacAddress = ($MacAddress -replace '[:-]', '').ToUpperInvariant(); Id = [guid]::NewGuid().ToString().ToUpperInvariant() }
}

function New-FakeHyperVState {
    param(
        [string] $EnumStyle = 'Enum',
        [string] $Language = 'en-US',
        [string] $StateNumbering = 'Current',
        [bool] $Deserialized = $false,
        [bool] $NoHyperVRights = $false,
        [int] $LatencyMs = 0
    )
    $defaultSwitch = if ($script:DefaultSwitchNames.ContainsKey($Language)) { $script:DefaultSwitchNames[$Language] } else { 'Default Switch' }
    @{
        VMs             = [System.Collections.Generic.List[hashtable]]::new()
        Neighbors       = [System.Collections.Generic.List[hashtable]]::new()
        NeighborBridges = [System.Collections.Generic.List[hashtable]]::new()
        # The host's own IPv4 addresses (Get-NetIPAddress) besides the lab bridges' real ones.
        HostAddresses   = [System.Collections.Generic.List[hashtable]]::new()
        # Every switch: name -> Id (the Default Switch's Id is fixed; others get one when first named).
        Switches        = [System.Collections.Generic.List[hashtable]]@(@{ Name = $defaultSwitch; Id = $script:DefaultSwitchId })
        DefaultSwitchName = $defaultSwitch
        # The host's own vNICs (Get-VMNetworkAdapter -ManagementOS); Windows names each 'vEthernet (<Name>)'.
        ManagementAdapters = [System.Collections.Generic.List[hashtable]]@(New-ManagementAdapterRecord -Name $defaultSwitch -SwitchName $defaultSwitch)
        Calls           = [System.Collections.Generic.List[object]]::new()
        Faults          = @{}
        EnumStyle       = $EnumStyle
        ComputerName    = [Environment]::MachineName
        # Variants of real hosts (Reset-FakeHyperV's parameters say what each means).
        Language        = $Language
        StateNumbering  = $StateNumbering
        Deserialized    = $Deserialized
        NoHyperVRights  = $NoHyperVRights
        LatencyMs       = $LatencyMs
        BrokenModuleDir = $null
    }
}

function Get-FakeSwitchId([string] $Name) {
    # A switch's Id by name; a switch named for the first time is created with a new Id.
    if (-not $Name) { return $null }
    $known = @($script:State.Switches | Where-Object { $_.Name -eq $Name })
    if ($known) { return [guid]$known[0].Id }
    $id = [guid]::NewGuid()
    $script:State.Switches.Add(@{ Name = $Name; Id = $id.ToString().ToUpperInvariant() })
    $id
}

$script:State = New-FakeHyperVState

function Import-StandIn([string] $Name) {
    $module = Import-Module $script:StandInPaths[$Name] -Global -Force -PassThru -DisableNameChecking
    # Both stand-ins share this module's state table.
    & $module { param($shared) $script:State = $shared } $script:State
}

function Import-FakeHyperVStandIn {
    <# (Re)imports both stand-in modules globally, wired to the current state; undoes a ModuleMissing fault. #>
    [CmdletBinding()]
    param()
    foreach ($name in $script:StandInPaths.Keys) { Import-StandIn $name }
}

function Reset-FakeHyperV {
    <#
        Forgets every VM, neighbour, lab bridge, call and fault; (re)imports the stand-ins. -EnumStyle sets the global
        default. The other switches make the host one of the kinds real users have:
          -Language de-DE      localized names: the Default Switch is 'Standardswitch' (same fixed Id), integration
                               services and status descriptions are German (pl-PL: 'Przełącznik domyślny')
          -StateNumbering Legacy  VMState numbered as older Windows builds do (RunningCritical = 32783): Enum style
                               gives values of such an enum type, Number style those numbers
          -Deserialized        every object passes through PSSerializer Serialize/Deserialize, as through the
                               Windows PowerShell compatibility layer (enums become numbers carrying their name)
          -NoHyperVRights      a session without Hyper-V rights: Hyper-V lists nothing and says nothing
          -LatencyMs 250       every Hyper-V call takes that long (half before it reads the VMs, half after)
    #>
    [CmdletBinding()]
    param(
        [ValidateSet('Enum', 'Name', 'Number')] [string] $EnumStyle = 'Enum',
        [ValidateSet('en-US', 'de-DE', 'pl-PL')] [string] $Language = 'en-US',
        [ValidateSet('Current', 'Legacy')] [string] $StateNumbering = 'Current',
        [switch] $Deserialized,
        [switch] $NoHyperVRights,
        [ValidateRange(0, 10000)] [int] $LatencyMs = 0
    )
    Clear-BrokenModule
    $script:State = New-FakeHyperVState -EnumStyle $EnumStyle -Language $Language -StateNumbering $StateNumbering `
        -Deserialized $Deserialized.IsPresent -NoHyperVRights $NoHyperVRights.IsPresent -LatencyMs $LatencyMs
    Import-FakeHyperVStandIn
}

function Set-FakeHyperVLatency {
    <# Every Hyper-V call from now on takes -Milliseconds (0: none). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidateRange(0, 10000)] [int] $Milliseconds)
    $script:State.LatencyMs = $Milliseconds
}

function Add-FakeHostAddress {
    <# Adds an IPv4 address of the host (Get-NetIPAddress), e.g. the Default Switch vNIC's 172.18.176.1/20. #>
    [CmdletBinding()]
    param(
        [string] $InterfaceAlias = 'vEthernet (Default Switch)',
        [uint32] $InterfaceIndex = 17,
        [Parameter(Mandatory)] [string] $IPAddress,
        [Parameter(Mandatory)] [byte] $PrefixLength
    )
    $script:State.HostAddresses.Add(@{ InterfaceAlias = $InterfaceAlias; InterfaceIndex = $InterfaceIndex; IPAddress = $IPAddress; PrefixLength = $PrefixLength })
}

function Clear-BrokenModule {
    $dir = if ($script:State) { $script:State.BrokenModuleDir } else { $null }
    if (-not $dir) { return }
    $env:PSModulePath = (($env:PSModulePath -split [IO.Path]::PathSeparator) | Where-Object { $_ -ne $dir }) -join [IO.Path]::PathSeparator
    Remove-Item -Recurse -Force $dir -ErrorAction Ignore
    $script:State.BrokenModuleDir = $null
}

function Set-FakeHyperVEnumStyle {
    <# How enum properties come out when a VM or neighbour entry does not say: Enum (the .NET enum value), Name (its name string) or Number. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidateSet('Enum', 'Name', 'Number')] [string] $EnumStyle)
    $script:State.EnumStyle = $EnumStyle
}

function New-FakeMacAddress {
    <# A random Hyper-V MAC (00155D + 6 hex digits), upper-case, no separators. #>
    '00155D' + -join (1..3 | ForEach-Object { '{0:X2}' -f (Get-Random -Minimum 0 -Maximum 256) })
}

function ConvertTo-VMStateName($State) {
    # Accepts a name, a number or an enum value; stores the name.
    [Enum]::Parse([Microsoft.HyperV.PowerShell.VMState], [string]$State, $true).ToString()
}

function ConvertTo-KvpRecord([hashtable] $Kvp, [bool] $Existing) {
    $record = @{ Enabled = $true; Status = $null; OperationalStatus = 'Ok'; Name = $null }
    if ($Kvp) {
        foreach ($key in $Kvp.Keys) { $record[$key] = $Kvp[$key] }
        if ($Kvp.ContainsKey('Status') -and -not $Kvp.ContainsKey('OperationalStatus')) {
            # The description names the status in English or German; the number follows it.
            $record.OperationalStatus = switch -Regex ($Kvp.Status) {
                '^(OK)$' { 'Ok' }
                '^(No Contact|Kein Kontakt)$' { 'NoContact' }
                '^(Lost Communication|Verbindung unterbrochen)$' { 'LostCommunication' }
                '^(Degraded|Beeinträchtigt)$' { 'Degraded' }
                '^(Disabled|Deaktiviert)$' { 'Disabled' }
                default { 'Error' }
            }
        }
        if ($Kvp.ContainsKey('Enabled') -and -not $Kvp.Enabled -and -not $Kvp.ContainsKey('OperationalStatus') -and -not $Kvp.ContainsKey('Status')) {
            $record.OperationalStatus = 'Disabled'
        }
    }
    $record
}

function ConvertTo-AdapterRecord([hashtable] $Adapter, [int] $Index) {
    $record = @{
        Name                     = 'Network Adapter'
        Id                       = [guid]::NewGuid().ToString().ToUpperInvariant()
        SwitchName               = $script:State.DefaultSwitchName
        SwitchId                 = $null
        MacAddress               = New-FakeMacAddress
        DynamicMacAddressEnabled = $true
        IPAddresses              = @()
        Status                   = $null
        IsLegacy                 = $false
        LiveInterface            = $null
    }
    if ($Index -gt 0) { $record.Name = "Network Adapter $($Index + 1)" }
    if ($Adapter) { foreach ($key in $Adapter.Keys) { $record[$key] = $Adapter[$key] } }
    $record.MacAddress = ($record.MacAddress -replace '[:-]', '').ToUpperInvariant()
    $record.IPAddresses = [string[]]@($record.IPAddresses)
    # The adapter reports its switch's Id: the Default Switch's fixed one, or the one that switch was given.
    if (-not $Adapter -or -not $Adapter.ContainsKey('SwitchId')) { $record.SwitchId = Get-FakeSwitchId $record.SwitchName }
    $record
}

function Find-FakeVMRecord([string] $Name, [object] $Id) {
    $found = @($script:State.VMs | Where-Object { ($Id -and $_.Id -eq [guid]"$Id") -or (-not $Id -and $_.Name -eq $Name) })
    if ($found.Count -ne 1) { throw "Expected one fake VM named '$Name' (id $Id), found $($found.Count)." }
    $found[0]
}

function Add-FakeVM {
    <#
        Adds a VM to the stand-ins and returns it as Get-VM would. -Adapters: hashtables with any
        of Name, SwitchName, MacAddress, IPAddresses, Status, DynamicMacAddressEnabled, IsLegacy
        (defaults: one 'Network Adapter' on 'Default Switch' with a random Hyper-V MAC).
        -Kvp: Enabled, Status ('OK', 'No Contact', ... or German), OperationalStatus, Name.
        -Namespace + an adapter's LiveInterface make it lab-backed: IPAddresses are read live.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [guid] $Id = [guid]::NewGuid(),
        [object] $State = 'Running',
        [string] $Status = 'Operating normally',
        [string] $Notes = '',
        [hashtable[]] $Adapters = @(@{}),
        [hashtable] $Kvp,
        [object] $Heartbeat,
        [ValidateSet('Enum', 'Name', 'Number')] [string] $EnumStyle,
        # Language of the integration component names and status descriptions: en-US or de-DE (default: the host's).
        [string] $Language,
        [string] $Namespace,
        [datetime] $CreationTime = [datetime]::Now.AddDays(-1)
    )
    if (-not $Language) { $Language = $script:State.Language }
    $index = 0
    $vm = @{
        Name         = $Name
        Id           = $Id
        State        = ConvertTo-VMStateName $State
        Status       = $Status
        Notes        = $Notes
        Heartbeat    = $Heartbeat
        Adapters     = [System.Collections.Generic.List[hashtable]]@($Adapters | ForEach-Object { ConvertTo-AdapterRecord $_ ($index++) })
        Kvp          = ConvertTo-KvpRecord $Kvp
        EnumStyle    = $EnumStyle
        Language     = $Language
        Namespace    = $Namespace
        CreationTime = $CreationTime
        StartedAt    = [datetime]::UtcNow
    }
    $script:State.VMs.Add($vm)
    Get-FakeVMObject -Id $Id
}

function Set-FakeVM {
    <# Changes a fake VM later: state, notes, KVP, enum style, or an adapter's (default: the first) addresses, MAC or status. #>
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Name')] [string] $Name,
        [Parameter(Mandatory, ParameterSetName = 'Id')] [guid] $Id,
        [object] $State,
        [string] $Notes,
        [hashtable] $Kvp,
        [object] $Heartbeat,
        [ValidateSet('Enum', 'Name', 'Number')] [string] $EnumStyle,
        [string] $AdapterName,
        [AllowEmptyCollection()] [string[]] $IPAddresses,
        [string] $MacAddress,
        [AllowEmptyCollection()] [object[]] $AdapterStatus,
        [switch] $PassThru
    )
    $vm = Find-FakeVMRecord -Name $Name -Id $Id
    if ($PSBoundParameters.ContainsKey('State')) {
        $newState = ConvertTo-VMStateName $State
        if ($newState -ne $vm.State) { $vm.StartedAt = [datetime]::UtcNow }
        $vm.State = $newState
    }
    if ($PSBoundParameters.ContainsKey('Notes')) { $vm.Notes = $Notes }
    if ($PSBoundParameters.ContainsKey('Kvp')) { $vm.Kvp = ConvertTo-KvpRecord $Kvp }
    if ($PSBoundParameters.ContainsKey('Heartbeat')) { $vm.Heartbeat = $Heartbeat }
    if ($PSBoundParameters.ContainsKey('EnumStyle')) { $vm.EnumStyle = $EnumStyle }
    $adapter = if ($AdapterName) { $vm.Adapters | Where-Object Name -eq $AdapterName | Select-Object -First 1 } else { $vm.Adapters[0] }
    if (($PSBoundParameters.Keys | Where-Object { $_ -in 'IPAddresses', 'MacAddress', 'AdapterStatus' }) -and -not $adapter) {
        throw "Fake VM '$($vm.Name)' has no adapter '$AdapterName'."
    }
    if ($PSBoundParameters.ContainsKey('IPAddresses')) { $adapter.IPAddresses = [string[]]@($IPAddresses) }
    if ($PSBoundParameters.ContainsKey('MacAddress')) { $adapter.MacAddress = ($MacAddress -replace '[:-]', '').ToUpperInvariant() }
    if ($PSBoundParameters.ContainsKey('AdapterStatus')) { $adapter.Status = @($AdapterStatus) }
    if ($PassThru) { Get-FakeVMObject -Id $vm.Id }
}

function Remove-FakeVM {
    <# Removes a fake VM (the VM was deleted in Hyper-V). #>
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Name')] [string] $Name,
        [Parameter(Mandatory, ParameterSetName = 'Id')] [guid] $Id
    )
    $vm = Find-FakeVMRecord -Name $Name -Id $Id
    [void]$script:State.VMs.Remove($vm)
}

function Get-FakeVMObject([guid] $Id) {
    # The VM as Get-VM shows it, without logging a call.
    & (Get-Module Hyper-V) { param($id) ConvertTo-VMObject ($script:State.VMs | Where-Object Id -eq $id) } $Id
}

function Add-FakeNeighbor {
    <# Adds an entry to Get-NetNeighbor's table. LinkLayerAddress in any form (00:15:5d:.., 00155D..., 00-15-5D-..). #>
    [CmdletBinding()]
    param(
        [string] $InterfaceAlias = 'vEthernet (Default Switch)',
        [uint32] $InterfaceIndex = 17,
        [Parameter(Mandatory)] [string] $IPAddress,
        [AllowEmptyString()] [string] $LinkLayerAddress = '',
        [object] $State = 'Reachable',
        [object] $AddressFamily,
        [object] $Store = 'ActiveStore',
        [ValidateSet('Enum', 'Name', 'Number')] [string] $EnumStyle
    )
    $family = if ($PSBoundParameters.ContainsKey('AddressFamily')) {
        [Enum]::Parse([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.AddressFamily], [string]$AddressFamily, $true).ToString()
    } elseif ($IPAddress -like '*:*') { 'IPv6' } else { 'IPv4' }
    $mac = ''
    if ($LinkLayerAddress) {
        $mac = ($LinkLayerAddress -replace '[:-]', '').ToUpperInvariant() -replace '(..)(?!$)', '$1-'
    }
    $script:State.Neighbors.Add(@{
            InterfaceAlias   = $InterfaceAlias
            InterfaceIndex   = $InterfaceIndex
            IPAddress        = $IPAddress
            LinkLayerAddress = $mac
            State            = [Enum]::Parse([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State], [string]$State, $true).ToString()
            AddressFamily    = $family
            Store            = [Enum]::Parse([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.Store], [string]$Store, $true).ToString()
            EnumStyle        = $EnumStyle
        })
}

function Add-FakeManagementAdapter {
    <#
        Adds a host vNIC on a switch, as 'Add-VMNetworkAdapter -ManagementOS -Name <Name> -SwitchName <SwitchName>'
        does: Get-VMNetworkAdapter -ManagementOS reports it, and its interface is 'vEthernet (<Name>)'.
        Reset-FakeHyperV starts with one: 'Default Switch' on the Default Switch.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $SwitchName, [string] $MacAddress)
    $script:State.ManagementAdapters.Add((New-ManagementAdapterRecord -Name $Name -SwitchName $SwitchName -MacAddress $MacAddress))
}

function Remove-FakeManagementAdapter {
    <# Removes host vNICs by name, or every one on -SwitchName (then the host has no interface on that switch). #>
    [CmdletBinding()]
    param([string] $Name, [string] $SwitchName)
    foreach ($entry in @($script:State.ManagementAdapters | Where-Object { (-not $Name -or $_.Name -eq $Name) -and (-not $SwitchName -or $_.SwitchName -eq $SwitchName) })) {
        [void]$script:State.ManagementAdapters.Remove($entry)
    }
}

function Register-FakeNeighborBridge {
    <#
        Makes Get-NetNeighbor report the kernel's real neighbour table of a Linux bridge as the host
        interface of -SwitchName: 'vEthernet (<AdapterName>)' (default: the switch name, as Windows
        names the default vNIC). Registers that host vNIC with Get-VMNetworkAdapter -ManagementOS too.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Bridge, [string] $SwitchName, [string] $AdapterName)
    if (-not $SwitchName) { $SwitchName = $script:State.DefaultSwitchName }
    if (-not $AdapterName) { $AdapterName = $SwitchName }
    $link = & ip -j link show dev $Bridge | ConvertFrom-Json
    $link = @($link)[0]
    $added = $false
    if (-not @($script:State.ManagementAdapters | Where-Object { $_.Name -eq $AdapterName -and $_.SwitchName -eq $SwitchName })) {
        $script:State.ManagementAdapters.Add((New-ManagementAdapterRecord -Name $AdapterName -SwitchName $SwitchName -MacAddress $link.address))
        $added = $true
    }
    $script:State.NeighborBridges.Add(@{
            Bridge = $Bridge; SwitchName = $SwitchName; AdapterName = $AdapterName; AddedAdapter = $added
            InterfaceIndex = [uint32]$link.ifindex
        })
}

function Unregister-FakeNeighborBridge {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Bridge)
    foreach ($entry in @($script:State.NeighborBridges | Where-Object Bridge -eq $Bridge)) {
        [void]$script:State.NeighborBridges.Remove($entry)
        if ($entry.AddedAdapter) { Remove-FakeManagementAdapter -Name $entry.AdapterName -SwitchName $entry.SwitchName }
    }
}

function Get-FakeHyperVCall {
    <# The calls the stand-ins received, oldest first: Command, Parameters (a copy of the bound parameters), Time. #>
    [CmdletBinding()]
    param([string[]] $Command)
    $script:State.Calls | Where-Object { -not $Command -or $_.Command -in $Command }
}

function Clear-FakeHyperVCall {
    [CmdletBinding()]
    param()
    $script:State.Calls.Clear()
}

function Set-FakeHyperVFault {
    <#
        Makes a stand-in fail the way Windows does. Kinds: ModuleMissing (the command's module is
        removed from the session, so the call is 'not recognized'; undo with Clear-FakeHyperVFault
        or Reset-FakeHyperV), AccessDenied (not an administrator / not in Hyper-V Administrators),
        ServiceUnavailable (vmms not running), Failure (any other error; -Message sets the text).
        Non-terminating unless -Terminating. -VMName limits the fault to those VMs: the call writes
        one error per named VM and still reports the others (as Hyper-V does for a VM that fails).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateSet('Get-VM', 'Get-VMNetworkAdapter', 'Get-VMIntegrationService', 'Get-NetNeighbor', 'Get-NetIPAddress')] [string] $Command,
        [Parameter(Mandatory)] [ValidateSet('ModuleMissing', 'ModuleBroken', 'AccessDenied', 'ServiceUnavailable', 'Failure')] [string] $Kind,
        [string] $Message,
        [switch] $Terminating,
        [string[]] $VMName
    )
    if ($Kind -in 'ModuleMissing', 'ModuleBroken') {
        if ($VMName) { throw "$Kind removes the whole module; it cannot be limited to -VMName." }
        $module = $script:CommandModules[$Command]
        Remove-Module $module -Force -ErrorAction Ignore
        if ($Kind -eq 'ModuleBroken') {
            # Installed (on PSModulePath) but failing to load, as after a half-finished update: autoloading the
            # command fails, and importing the module gives the real reason (-Message).
            Clear-BrokenModule
            $dir = Join-Path ([IO.Path]::GetTempPath()) "ragnalab-broken-$([guid]::NewGuid().ToString('N'))"
            New-Item -ItemType Directory -Force (Join-Path $dir $module) | Out-Null
            $reason = if ($Message) { $Message } else { 'Class not registered (Exception from HRESULT: 0x80040154 (REGDB_E_CLASSNOTREG))' }
            Set-Content -Path (Join-Path $dir "$module/$module.psm1") -Value "throw '$($reason -replace "'", "''")'"
            $env:PSModulePath = $dir + [IO.Path]::PathSeparator + $env:PSModulePath
            $script:State.BrokenModuleDir = $dir
        }
        return
    }
    $script:State.Faults[$Command] = @{ Kind = $Kind; Message = $Message; Terminating = [bool]$Terminating; VMName = $VMName }
}

function Clear-FakeHyperVFault {
    <# Removes every fault (or the one for -Command) and restores removed stand-in modules. #>
    [CmdletBinding()]
    param([string] $Command)
    if ($Command) { $script:State.Faults.Remove($Command) } else { $script:State.Faults.Clear() }
    Clear-BrokenModule
    foreach ($name in $script:StandInPaths.Keys) {
        if (-not (Get-Module $name)) { Import-StandIn $name }
    }
}

function Export-FakeHyperV {
    <#
        Writes the stand-ins' VMs, neighbours, lab bridges, management adapters, faults and enum style to a JSON file, so a
        fresh PowerShell process sees the same Hyper-V host (Import-FakeHyperV). Lab-backed VMs stay
        live there: their addresses and the bridges' neighbour tables are read from the kernel.
        The call log is not exported.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $snapshot = [ordered]@{
        EnumStyle       = $script:State.EnumStyle
        ComputerName    = $script:State.ComputerName
        VMs             = @($script:State.VMs)
        Neighbors       = @($script:State.Neighbors)
        NeighborBridges = @($script:State.NeighborBridges)
        ManagementAdapters = @($script:State.ManagementAdapters)
        Faults          = $script:State.Faults
        HostAddresses   = @($script:State.HostAddresses)
        Switches        = @($script:State.Switches)
        Variant         = @{ Language = $script:State.Language; StateNumbering = $script:State.StateNumbering; Deserialized = $script:State.Deserialized
                             NoHyperVRights = $script:State.NoHyperVRights; LatencyMs = $script:State.LatencyMs }
    }
    $snapshot | ConvertTo-Json -Depth 8 -EnumsAsStrings | Set-Content -Path $Path -Encoding utf8
}

function Import-FakeHyperV {
    <# Replaces the stand-ins' state with one written by Export-FakeHyperV (the call log starts empty). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $snapshot = Get-Content -Raw -Path $Path | ConvertFrom-Json -AsHashtable -DateKind Utc
    $variant = if ($snapshot.Variant) { $snapshot.Variant } else { @{} }
    $state = New-FakeHyperVState -EnumStyle $snapshot.EnumStyle -Language $(if ($variant.Language) { $variant.Language } else { 'en-US' }) `
        -StateNumbering $(if ($variant.StateNumbering) { $variant.StateNumbering } else { 'Current' }) -Deserialized ([bool]$variant.Deserialized) `
        -NoHyperVRights ([bool]$variant.NoHyperVRights) -LatencyMs ([int]$variant.LatencyMs)
    $state.ComputerName = $snapshot.ComputerName
    if ($snapshot.Switches) { $state.Switches.Clear(); foreach ($switch in @($snapshot.Switches)) { $state.Switches.Add($switch) } }
    foreach ($address in @($snapshot.HostAddresses)) { if ($address) { $state.HostAddresses.Add($address) } }
    foreach ($vm in @($snapshot.VMs)) {
        $vm.Id = [guid]$vm.Id
        $vm.CreationTime = ([datetime]$vm.CreationTime).ToLocalTime()   # Add-FakeVM keeps local time
        $vm.StartedAt = ([datetime]$vm.StartedAt).ToUniversalTime()
        $adapters = [System.Collections.Generic.List[hashtable]]::new()
        foreach ($adapter in @($vm.Adapters)) {
            if ($adapter.SwitchId) { $adapter.SwitchId = [guid]$adapter.SwitchId }
            $adapter.IPAddresses = [string[]]@($adapter.IPAddresses)
            $adapters.Add($adapter)
        }
        $vm.Adapters = $adapters
        $state.VMs.Add($vm)
    }
    foreach ($neighbor in @($snapshot.Neighbors)) { $state.Neighbors.Add($neighbor) }
    foreach ($bridge in @($snapshot.NeighborBridges)) {
        $bridge.InterfaceIndex = [uint32]$bridge.InterfaceIndex
        $state.NeighborBridges.Add($bridge)
    }
    $state.ManagementAdapters.Clear()
    foreach ($adapter in @($snapshot.ManagementAdapters)) { $state.ManagementAdapters.Add($adapter) }
    if ($snapshot.Faults) { foreach ($key in $snapshot.Faults.Keys) { $state.Faults[$key] = $snapshot.Faults[$key] } }
    $script:State = $state
    Import-FakeHyperVStandIn
}

Import-FakeHyperVStandIn

Export-ModuleMember -Function Reset-FakeHyperV, Import-FakeHyperVStandIn, Set-FakeHyperVEnumStyle, Add-FakeVM, Set-FakeVM, Remove-FakeVM,
    Add-FakeNeighbor, Add-FakeManagementAdapter, Remove-FakeManagementAdapter, Register-FakeNeighborBridge, Unregister-FakeNeighborBridge, Get-FakeHyperVCall, Clear-FakeHyperVCall,
    Set-FakeHyperVFault, Clear-FakeHyperVFault, New-FakeMacAddress, Export-FakeHyperV, Import-FakeHyperV, Set-FakeHyperVLatency, Add-FakeHostAddress
