# Shared by the Hyper-V and NetTCPIP stand-in modules (dot-sourced into each): the state the
# control module (FakeHyperV.psm1) injects, the call log, faults, enum rendering and errors shaped
# the way the real cmdlets write them.

# Replaced by FakeHyperV.psm1 with the one state table both stand-ins share.
$script:State = $null

function Get-StandInState {
    if ($null -eq $script:State) {
        throw "The $($ExecutionContext.SessionState.Module.Name) stand-in has no state: import tests/Lab/FakeHyperV.psm1 instead of the stand-in itself."
    }
    $script:State
}

function Write-StandInCall([string] $Command, [hashtable] $Bound) {
    # A copy: PSBoundParameters is live and would change under the test's feet.
    $copy = @{}
    foreach ($key in $Bound.Keys) {
        $value = $Bound[$key]
        if ($value -is [switch]) { $value = $value.IsPresent }
        $copy[$key] = $value
    }
    (Get-StandInState).Calls.Add([pscustomobject]@{
            PSTypeName = 'RagnaLab.FakeHyperVCall'
            Command    = $Command
            Parameters = $copy
            Time       = [datetime]::UtcNow
        })
}

function New-StandInError {
    <#
        An ErrorRecord whose FullyQualifiedErrorId is exactly $FullyQualifiedErrorId. A script
        function's records would otherwise get ',<function name>' appended, where a compiled
        cmdlet's get ',<its .NET type name>' (e.g. 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM').
        PowerShell computes that suffix on every read unless the record is marked as deserialized,
        so the stand-in marks it.
    #>
    param(
        [Parameter(Mandatory)] [Exception] $Exception,
        [Parameter(Mandatory)] [string] $FullyQualifiedErrorId,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category,
        [object] $TargetObject
    )
    $errorId = ($FullyQualifiedErrorId -split ',')[0]
    $record = [System.Management.Automation.ErrorRecord]::new($Exception, $errorId, $Category, $TargetObject)
    $flags = [Reflection.BindingFlags]'NonPublic,Instance'
    $type = [System.Management.Automation.ErrorRecord]
    $serialized = $type.GetField('_isSerialized', $flags)
    $fqid = $type.GetField('_serializedFullyQualifiedErrorId', $flags)
    if ($serialized -and $fqid) {
        $serialized.SetValue($record, $true)
        $fqid.SetValue($record, $FullyQualifiedErrorId)
    }
    $record
}

function Invoke-StandInFault {
    <# Applies a fault set with Set-FakeHyperVFault for this command. Returns $true when the call must produce nothing more. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] $Cmdlet)
    $fault = (Get-StandInState).Faults[$Command]
    # A fault for named VMs only is applied per VM (Invoke-StandInVMFault), not to the whole call.
    if (-not $fault -or $fault.VMName) { return $false }
    # Each stand-in module shapes its own records (New-FaultRecord): error ids differ per module.
    $record = New-FaultRecord -Command $Command -Fault $fault
    if ($fault.Terminating) { $Cmdlet.ThrowTerminatingError($record) }
    $Cmdlet.WriteError($record)
    return $true
}

function Invoke-StandInVMFault {
    <# Applies a fault set with Set-FakeHyperVFault -VMName to one VM. Returns $true when that VM must produce nothing. #>
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] $Cmdlet, [Parameter(Mandatory)] [string] $VMName)
    $fault = (Get-StandInState).Faults[$Command]
    if (-not $fault -or -not $fault.VMName -or $VMName -notin $fault.VMName) { return $false }
    $record = New-FaultRecord -Command $Command -Fault $fault -TargetObject $VMName
    if ($fault.Terminating) { $Cmdlet.ThrowTerminatingError($record) }
    $Cmdlet.WriteError($record)
    return $true
}

function ConvertTo-StandInEnum {
    <# Renders an enum value the way the VM/entry (or the global setting) asks: the .NET enum value, its name, or its number. #>
    param([Parameter(Mandatory)] [type] $Type, $Value, [string] $Style)
    if ($null -eq $Value) { return $null }
    if (-not $Style) { $Style = (Get-StandInState).EnumStyle }
    $typed = [Enum]::Parse($Type, [string]$Value, $true)
    switch ($Style) {
        'Enum' { return $typed }
        'Name' { return $typed.ToString() }
        'Number' { return [Convert]::ChangeType($typed, [Enum]::GetUnderlyingType($Type)) }
        default { throw "Unknown enum style '$Style' (Enum, Name or Number)." }
    }
}

function New-StandInObject([string[]] $TypeNames, [System.Collections.IDictionary] $Properties) {
    $object = [pscustomobject]$Properties
    $object.PSObject.TypeNames.Clear()
    foreach ($name in $TypeNames) { $object.PSObject.TypeNames.Add($name) }
    $object
}

function Test-StandInWildcardMatch([string[]] $Patterns, [string] $Value) {
    foreach ($pattern in $Patterns) {
        if ([WildcardPattern]::new($pattern, 'IgnoreCase').IsMatch($Value)) { return $true }
    }
    $false
}

function Write-StandInOutput {
    <#
        Writes a stand-in's result the way the host variant delivers it: as is, or (with Reset-FakeHyperV -Deserialized)
        through PSSerializer Serialize/Deserialize, the shapes the Windows PowerShell compatibility layer hands pwsh.
    #>
    param([Parameter(ValueFromPipeline)] $InputObject)
    process {
        if ($null -eq $InputObject) { return }
        if ((Get-StandInState).Deserialized) {
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject))
        } else {
            $InputObject
        }
    }
}

function Wait-StandInLatency {
    <# Half of the configured per-call latency (Reset-FakeHyperV -LatencyMs): called before and after a Hyper-V call reads its answer. #>
    $ms = [int](Get-StandInState).LatencyMs
    if ($ms -gt 0) { Start-Sleep -Milliseconds ([int][math]::Ceiling($ms / 2)) }
}
