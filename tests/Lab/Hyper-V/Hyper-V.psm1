# Stand-in for Windows' Hyper-V module: Get-VM, Get-VMNetworkAdapter, Get-VMIntegrationService,
# shaped as docs/CONTRACT.md ("What Hyper-V and NetTCPIP return") says. Import it through tests/Lab/FakeHyperV.psm1,
# which owns the VMs it reports (pure fakes, or lab guests read live from their namespace).

. (Join-Path $PSScriptRoot '../StandInSupport.ps1')

if (-not ('Microsoft.HyperV.PowerShell.VMState' -as [type])) {
    Add-Type -TypeDefinition @'
namespace Microsoft.HyperV.PowerShell
{
    public enum VMState
    {
        Other = 1, Running = 2, Off = 3, Stopping = 4, Saved = 6, Paused = 9, Starting = 10, Reset = 11,
        Saving = 32773, Pausing = 32776, Resuming = 32777, FastSaved = 32779, FastSaving = 32780,
        ForceShutdown = 32781, ForceReboot = 32782, Hibernated = 32783, ComponentServicing = 32784,
        RunningCritical = 32785, OffCritical = 32786, StoppingCritical = 32787, SavedCritical = 32788,
        PausedCritical = 32789, StartingCritical = 32790, ResetCritical = 32791, SavingCritical = 32792,
        PausingCritical = 32793, ResumingCritical = 32794, FastSavedCritical = 32795, FastSavingCritical = 32796
    }

    public enum VMHeartbeatStatus
    {
        Unknown = 0, Disabled = 1, NoContact = 2, Error = 3, LostCommunication = 4,
        OkApplicationsUnknown = 5, OkApplicationsHealthy = 6, OkApplicationsCritical = 7, Paused = 8
    }

    public enum VMNetworkAdapterOperationalStatus
    {
        Unknown = 0, Other = 1, Ok = 2, Degraded = 3, Stressed = 4, PredictiveFailure = 5, Error = 6,
        NonRecoverableError = 7, Starting = 8, Stopping = 9, Stopped = 10, InService = 11, NoContact = 12,
        LostCommunication = 13, Aborted = 14, Dormant = 15, SupportingEntity = 16, Completed = 17,
        PowerMode = 18, ProtocolVersion = 32775
    }

    public enum VMIntegrationComponentOperationalStatus
    {
        Unknown = 0, Other = 1, Ok = 2, Degraded = 3, Stressed = 4, PredictiveFailure = 5, Error = 6,
        NonRecoverableError = 7, Starting = 8, Stopping = 9, Stopped = 10, InService = 11, NoContact = 12,
        LostCommunication = 13, Aborted = 14, Dormant = 15, SupportingEntity = 16, Completed = 17,
        PowerMode = 18, ProtocolMismatch = 32775, ApplicationCritical = 32782, CommunicationTimedOut = 32783,
        CommunicationFailed = 32784, Disabled = 32896
    }

    public class VirtualizationException : System.Exception
    {
        public VirtualizationException(string message) : base(message) { }
    }

    public class VirtualizationOperationFailedException : VirtualizationException
    {
        public VirtualizationOperationFailedException(string message) : base(message) { }
    }
}
'@
}

if (-not ('RagnaLab.LegacyHyperV.VMState' -as [type])) {
    # VMState as older Windows builds number it: before Hibernated (32783) and ComponentServicing (32784) were inserted,
    # every *Critical state was two lower (RunningCritical = 32783). Same names: only a read by name gets it right.
    Add-Type -TypeDefinition @'
namespace RagnaLab.LegacyHyperV
{
    public enum VMState
    {
        Other = 1, Running = 2, Off = 3, Stopping = 4, Saved = 6, Paused = 9, Starting = 10, Reset = 11,
        Saving = 32773, Pausing = 32776, Resuming = 32777, FastSaved = 32779, FastSaving = 32780,
        ForceShutdown = 32781, ForceReboot = 32782, RunningCritical = 32783, OffCritical = 32784, StoppingCritical = 32785,
        SavedCritical = 32786, PausedCritical = 32787, StartingCritical = 32788, ResetCritical = 32789, SavingCritical = 32790,
        PausingCritical = 32791, ResumingCritical = 32792, FastSavedCritical = 32793, FastSavingCritical = 32794
    }
}
'@
}

function Get-VMStateType {
    if ((Get-StandInState).StateNumbering -eq 'Legacy') { [RagnaLab.LegacyHyperV.VMState] } else { [Microsoft.HyperV.PowerShell.VMState] }
}

# The standard integration components, by the GUID at the end of their Id, with their English and
# German names (the names are localized on real hosts; code must pick components by GUID).
$script:IntegrationComponents = @(
    @{ Guid = '6C09BB55-D683-4DA0-8931-C9BF705F6480'; Key = 'GuestService'; en = 'Guest Service Interface'; de = 'Gastdienstschnittstelle'; Enabled = $false }
    @{ Guid = '84EAAE65-2F2E-45F5-9BB5-0E857DC8EB47'; Key = 'Heartbeat'; en = 'Heartbeat'; de = 'Takt'; Enabled = $true }
    @{ Guid = '2A34B1C2-FD73-4043-8A5B-DD2159BC743F'; Key = 'Kvp'; en = 'Key-Value Pair Exchange'; de = 'Austausch von Schlüsselwertepaaren'; Enabled = $true }
    @{ Guid = '9F8233AC-BE49-4C79-8EE3-E7E1985B2077'; Key = 'Shutdown'; en = 'Shutdown'; de = 'Herunterfahren'; Enabled = $true }
    @{ Guid = '2497F4DE-E9FA-4204-80E4-4B75C46419C0'; Key = 'TimeSync'; en = 'Time Synchronization'; de = 'Zeitsynchronisierung'; Enabled = $true }
    @{ Guid = '5CED1297-4598-4915-A5FC-AD21BB4D02A4'; Key = 'Vss'; en = 'VSS'; de = 'VSS'; Enabled = $true }
)

$script:StatusDescriptions = @{
    en = @{ Ok = 'OK'; NoContact = 'No Contact'; LostCommunication = 'Lost Communication'; Degraded = 'Degraded'; Error = 'Error'; Disabled = 'Disabled' }
    de = @{ Ok = 'OK'; NoContact = 'Kein Kontakt'; LostCommunication = 'Verbindung unterbrochen'; Degraded = 'Beeinträchtigt'; Error = 'Fehler'; Disabled = 'Deaktiviert' }
}

$script:VMTypeNames = @('Microsoft.HyperV.PowerShell.VirtualMachine', 'Microsoft.HyperV.PowerShell.VirtualMachineBase',
    'Microsoft.HyperV.PowerShell.VirtualizationObject', 'System.Object')

function New-FaultRecord([string] $Command, [hashtable] $Fault, [object] $TargetObject) {
    $cmdletType = 'Microsoft.HyperV.PowerShell.Commands.' + ($Command -replace '-', '')
    switch ($Fault.Kind) {
        'AccessDenied' {
            $message = if ($Fault.Message) { $Fault.Message } else {
                "You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer '$((Get-StandInState).ComputerName)'."
            }
            New-StandInError -Exception ([Microsoft.HyperV.PowerShell.VirtualizationOperationFailedException]::new($message)) `
                -FullyQualifiedErrorId "AccessDenied,$cmdletType" -Category PermissionDenied -TargetObject $TargetObject
        }
        'ServiceUnavailable' {
            # vmms stopped: what Get-VM reports when the Virtual Machine Management service is not running.
            $message = if ($Fault.Message) { $Fault.Message } else {
                "Hyper-V encountered an error trying to access an object on computer '$((Get-StandInState).ComputerName)' because the object was not found. The object might have been deleted. Verify that the Virtual Machine Management service on the computer is running."
            }
            New-StandInError -Exception ([Microsoft.HyperV.PowerShell.VirtualizationException]::new($message)) `
                -FullyQualifiedErrorId "ObjectNotFound,$cmdletType" -Category ObjectNotFound -TargetObject $TargetObject
        }
        default {
            $message = if ($Fault.Message) { $Fault.Message } else { 'The operation failed.' }
            New-StandInError -Exception ([Microsoft.HyperV.PowerShell.VirtualizationException]::new($message)) `
                -FullyQualifiedErrorId "Unspecified,$cmdletType" -Category NotSpecified -TargetObject $TargetObject
        }
    }
}

function Write-VMNotFound($Cmdlet, [string] $Command, [string] $Name) {
    $cmdletType = 'Microsoft.HyperV.PowerShell.Commands.' + ($Command -replace '-', '')
    $record = New-StandInError -Exception ([Microsoft.HyperV.PowerShell.VirtualizationException]::new("Hyper-V was unable to find a virtual machine with name `"$Name`".")) `
        -FullyQualifiedErrorId "InvalidParameter,$cmdletType" -Category InvalidArgument -TargetObject $Name
    $Cmdlet.WriteError($record)
}

function Test-VMRunning($Vm) {
    # Every '*Critical' state is the state it names; the guest runs in these.
    $Vm.State -in 'Running', 'RunningCritical', 'Paused', 'PausedCritical', 'Stopping', 'StoppingCritical', 'Saving', 'SavingCritical', 'Pausing', 'Resuming'
}

function Resolve-VMRecord {
    <# VM records selected by name patterns (wildcards) or ids; writes the not-found errors real Hyper-V writes. #>
    param($Cmdlet, [string] $Command, [string[]] $Name, [guid[]] $Id, [object[]] $VM)
    $all = @((Get-StandInState).VMs)
    if ($VM) {
        foreach ($object in $VM) {
            $vmId = [guid]"$($object.Id)"
            $all | Where-Object { $_.Id -eq $vmId }
        }
        return
    }
    if ($Id) {
        foreach ($one in $Id) {
            $found = @($all | Where-Object { $_.Id -eq $one })
            if (-not $found) {
                $record = New-StandInError -Exception ([Microsoft.HyperV.PowerShell.VirtualizationException]::new("Hyper-V was unable to find a virtual machine with id `"$one`".")) `
                    -FullyQualifiedErrorId "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.$($Command -replace '-', '')" -Category InvalidArgument -TargetObject $one
                $Cmdlet.WriteError($record)
            }
            $found
        }
        return
    }
    if (-not $Name) { return $all }
    $seen = [System.Collections.Generic.HashSet[guid]]::new()
    foreach ($pattern in $Name) {
        $found = @($all | Where-Object { Test-StandInWildcardMatch -Patterns $pattern -Value $_.Name })
        if (-not $found -and -not [WildcardPattern]::ContainsWildcardCharacters($pattern)) {
            Write-VMNotFound $Cmdlet $Command $pattern
        }
        foreach ($vmRecord in $found) { if ($seen.Add($vmRecord.Id)) { $vmRecord } }
    }
}

function Get-LiveAddress([string] $Namespace, [string] $Interface) {
    # What hv_kvp_daemon would report: every address on the guest's interface, IPv4 first.
    $json = & ip -n $Namespace -j addr show dev $Interface 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $json) { return @() }
    $addresses = @(($json | ConvertFrom-Json) | ForEach-Object { $_.addr_info } | Where-Object { $_ -and -not $_.tentative })
    @($addresses | Where-Object family -eq 'inet' | ForEach-Object local) + @($addresses | Where-Object family -eq 'inet6' | ForEach-Object local)
}

function Test-KvpReporting($Vm) {
    $Vm.Kvp.Enabled -and $Vm.Kvp.OperationalStatus -eq 'Ok' -and (Test-VMRunning $Vm)
}

function ConvertTo-AdapterObject($Vm, $Adapter) {
    $style = $Vm.EnumStyle
    $addresses = if (-not (Test-VMRunning $Vm)) {
        @()
    } elseif ($Adapter.LiveInterface) {
        if (Test-KvpReporting $Vm) { @(Get-LiveAddress -Namespace $Vm.Namespace -Interface $Adapter.LiveInterface) } else { @() }
    } else {
        @($Adapter.IPAddresses)
    }
    $status = if ($null -ne $Adapter.Status) { @($Adapter.Status) } elseif (Test-VMRunning $Vm) { @('Ok') } else { @() }
    $object = New-StandInObject -TypeNames @('Microsoft.HyperV.PowerShell.VMNetworkAdapter', 'Microsoft.HyperV.PowerShell.VMNetworkAdapterBase',
        'Microsoft.HyperV.PowerShell.VirtualizationObject', 'System.Object') -Properties ([ordered]@{
            Name                     = $Adapter.Name
            Id                       = "Microsoft:$($Vm.Id.ToString().ToUpperInvariant())\$($Adapter.Id)"
            VMName                   = $Vm.Name
            VMId                     = $Vm.Id
            SwitchName               = $Adapter.SwitchName
            SwitchId                 = if ($Adapter.SwitchName) { $Adapter.SwitchId } else { $null }
            MacAddress               = $Adapter.MacAddress
            DynamicMacAddressEnabled = $Adapter.DynamicMacAddressEnabled
            IPAddresses              = [string[]]$addresses
            Status                   = @($status | ForEach-Object { ConvertTo-StandInEnum -Type ([Microsoft.HyperV.PowerShell.VMNetworkAdapterOperationalStatus]) -Value $_ -Style $style })
            Connected                = [bool]$Adapter.SwitchName
            IsLegacy                 = [bool]$Adapter.IsLegacy
            IsManagementOs           = $false
            ComputerName             = (Get-StandInState).ComputerName
        })
    $object
}

function ConvertTo-ManagementAdapterObject($Adapter) {
    # A host vNIC: no VM, no KVP addresses, IsManagementOs; Windows calls its interface 'vEthernet (<Name>)'.
    New-StandInObject -TypeNames @('Microsoft.HyperV.PowerShell.VMInternalNetworkAdapter', 'Microsoft.HyperV.PowerShell.VMNetworkAdapterBase',
        'Microsoft.HyperV.PowerShell.VirtualizationObject', 'System.Object') -Properties ([ordered]@{
            Name                     = $Adapter.Name
            Id                       = "Microsoft:$($Adapter.Id)"
            VMName                   = ''
            VMId                     = $null
            SwitchName               = $Adapter.SwitchName
            SwitchId                 = Get-StandInSwitchId $Adapter.SwitchName
            MacAddress               = $Adapter.MacAddress
            DynamicMacAddressEnabled = $false
            IPAddresses              = [string[]]@()
            Status                   = @(ConvertTo-StandInEnum -Type ([Microsoft.HyperV.PowerShell.VMNetworkAdapterOperationalStatus]) -Value 'Ok')
            Connected                = $true
            IsLegacy                 = $false
            IsManagementOs           = $true
            ComputerName             = (Get-StandInState).ComputerName
        })
}

function Get-StandInSwitchId([string] $Name) {
    $known = @((Get-StandInState).Switches | Where-Object { $_.Name -eq $Name })
    if ($known) { [guid]$known[0].Id } else { $null }
}

function Test-NoRights {
    # Without Hyper-V rights the real module lists nothing and writes no error.
    [bool](Get-StandInState).NoHyperVRights
}

function ConvertTo-VMObject($Vm) {
    $style = $Vm.EnumStyle
    $running = Test-VMRunning $Vm
    $heartbeat = if ($Vm.Heartbeat) { $Vm.Heartbeat } elseif ($running) { 'OkApplicationsHealthy' } else { $null }
    $object = New-StandInObject -TypeNames $script:VMTypeNames -Properties ([ordered]@{
            Name             = $Vm.Name
            Id               = $Vm.Id
            State            = ConvertTo-StandInEnum -Type (Get-VMStateType) -Value $Vm.State -Style $style
            Status           = $Vm.Status
            Notes            = $Vm.Notes
            Heartbeat        = ConvertTo-StandInEnum -Type ([Microsoft.HyperV.PowerShell.VMHeartbeatStatus]) -Value $heartbeat -Style $style
            Uptime           = if ($running) { [datetime]::UtcNow - $Vm.StartedAt } else { [timespan]::Zero }
            CreationTime     = $Vm.CreationTime
            Generation       = 2
            NetworkAdapters  = @(foreach ($adapter in $Vm.Adapters) { ConvertTo-AdapterObject $Vm $adapter })
            ComputerName     = (Get-StandInState).ComputerName
        })
    $object | Add-Member -MemberType AliasProperty -Name VMName -Value Name
    $object | Add-Member -MemberType AliasProperty -Name VMId -Value Id
    $object
}

function ConvertTo-IntegrationObject($Vm, $Component) {
    $style = $Vm.EnumStyle
    $language = if ($Vm.Language -like 'de*') { 'de' } else { 'en' }
    $name = $Component[$language]
    $enabled = $Component.Enabled
    $operational = $null
    $description = $null
    if ($Component.Key -eq 'Kvp') {
        if ($Vm.Kvp.Name) { $name = $Vm.Kvp.Name }
        $enabled = [bool]$Vm.Kvp.Enabled
        if (Test-VMRunning $Vm) {
            $operational = $Vm.Kvp.OperationalStatus
            $description = if ($Vm.Kvp.Status) { $Vm.Kvp.Status } else { $script:StatusDescriptions[$language][$operational] }
        }
    } elseif ($enabled -and (Test-VMRunning $Vm)) {
        $operational = 'Ok'
        # The Heartbeat component reports what the VM's Heartbeat says when the guest is silent.
        if ($Component.Key -eq 'Heartbeat' -and "$($Vm.Heartbeat)" -in 'NoContact', 'LostCommunication', 'Error') { $operational = "$($Vm.Heartbeat)" }
        $description = $script:StatusDescriptions[$language][$operational]
    }
    New-StandInObject -TypeNames @('Microsoft.HyperV.PowerShell.VMIntegrationComponent', 'Microsoft.HyperV.PowerShell.VirtualizationObject', 'System.Object') -Properties ([ordered]@{
            VMName                     = $Vm.Name
            VMId                       = $Vm.Id
            Name                       = $name
            Id                         = "Microsoft:$($Vm.Id.ToString().ToUpperInvariant())\$($Component.Guid)"
            Enabled                    = $enabled
            PrimaryStatusDescription   = $description
            SecondaryStatusDescription = $null
            PrimaryOperationalStatus   = ConvertTo-StandInEnum -Type ([Microsoft.HyperV.PowerShell.VMIntegrationComponentOperationalStatus]) -Value $operational -Style $style
            ComputerName               = (Get-StandInState).ComputerName
        })
}

# Every stand-in command answers alike: the call logged, latency before and after, a scripted fault,
# nothing (and no error) without rights, else what $Answer writes, in the caller's scope (its
# parameters and $PSCmdlet). The parameter names are unlike any stand-in's own.
function Invoke-HyperVStandIn([string] $StandInCommand, $StandInCmdlet, [hashtable] $StandInBound, [scriptblock] $Answer) {
    Write-StandInCall -Command $StandInCommand -Bound $StandInBound
    Wait-StandInLatency
    if (Invoke-StandInFault -Command $StandInCommand -Cmdlet $StandInCmdlet) { return }
    if (Test-NoRights) { Wait-StandInLatency; return }
    $objects = @(& $Answer)
    Wait-StandInLatency
    $objects | Write-StandInOutput
}

function Get-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('VMName')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [Parameter(ParameterSetName = 'Id', Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('VMId')]
        [guid[]] $Id,

        [string[]] $ComputerName
    )
    process {
        Invoke-HyperVStandIn 'Get-VM' $PSCmdlet $PSBoundParameters {
            foreach ($vm in @(Resolve-VMRecord -Cmdlet $PSCmdlet -Command 'Get-VM' -Name $Name -Id $Id)) {
                if (Invoke-StandInVMFault -Command 'Get-VM' -Cmdlet $PSCmdlet -VMName $vm.Name) { continue }
                ConvertTo-VMObject $vm
            }
        }
    }
}

function Get-VMNetworkAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $VMName,

        [Parameter(ParameterSetName = 'VMObject', Mandatory, Position = 0, ValueFromPipeline)]
        [ValidateNotNullOrEmpty()]
        [psobject[]] $VM,

        [Parameter(ParameterSetName = 'All', Mandatory)]
        [switch] $All,

        [Parameter(ParameterSetName = 'ManagementOS', Mandatory)]
        [switch] $ManagementOS,

        [Parameter(ParameterSetName = 'ManagementOS')]
        [string] $SwitchName,

        [string] $Name,
        [string[]] $ComputerName
    )
    process {
        Invoke-HyperVStandIn 'Get-VMNetworkAdapter' $PSCmdlet $PSBoundParameters {
            if ($ManagementOS) {
                foreach ($adapter in (Get-StandInState).ManagementAdapters) {
                    if ($SwitchName -and -not (Test-StandInWildcardMatch -Patterns $SwitchName -Value $adapter.SwitchName)) { continue }
                    if ($Name -and -not (Test-StandInWildcardMatch -Patterns $Name -Value $adapter.Name)) { continue }
                    ConvertTo-ManagementAdapterObject $adapter
                }
                return
            }
            $vms = if ($All) { @((Get-StandInState).VMs) } else { @(Resolve-VMRecord -Cmdlet $PSCmdlet -Command 'Get-VMNetworkAdapter' -Name $VMName -VM $VM) }
            foreach ($vmRecord in $vms) {
                if (Invoke-StandInVMFault -Command 'Get-VMNetworkAdapter' -Cmdlet $PSCmdlet -VMName $vmRecord.Name) { continue }
                foreach ($adapter in $vmRecord.Adapters) {
                    if ($Name -and -not (Test-StandInWildcardMatch -Patterns $Name -Value $adapter.Name)) { continue }
                    ConvertTo-AdapterObject $vmRecord $adapter
                }
            }
        }
    }
}

function Get-VMIntegrationService {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    param(
        [Parameter(ParameterSetName = 'VMName', Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $VMName,

        [Parameter(ParameterSetName = 'VMObject', Mandatory, Position = 0, ValueFromPipeline)]
        [ValidateNotNullOrEmpty()]
        [psobject[]] $VM,

        [Parameter(Position = 1)]
        [string[]] $Name,

        [string[]] $ComputerName
    )
    process {
        Invoke-HyperVStandIn 'Get-VMIntegrationService' $PSCmdlet $PSBoundParameters {
            foreach ($vmRecord in @(Resolve-VMRecord -Cmdlet $PSCmdlet -Command 'Get-VMIntegrationService' -Name $VMName -VM $VM)) {
                if (Invoke-StandInVMFault -Command 'Get-VMIntegrationService' -Cmdlet $PSCmdlet -VMName $vmRecord.Name) { continue }
                foreach ($component in $script:IntegrationComponents) {
                    $object = ConvertTo-IntegrationObject $vmRecord $component
                    if ($Name -and -not (Test-StandInWildcardMatch -Patterns $Name -Value $object.Name)) { continue }
                    $object
                }
            }
        }
    }
}

Export-ModuleMember -Function Get-VM, Get-VMNetworkAdapter, Get-VMIntegrationService
