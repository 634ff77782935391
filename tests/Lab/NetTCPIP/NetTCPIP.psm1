# Stand-in for Windows' NetTCPIP module: Get-NetNeighbor, shaped like the CIM instances of
# ROOT/StandardCimv2/MSFT_NetNeighbor. Entries come from Add-FakeNeighbor and, for a lab, from the
# kernel's real neighbour table on the lab's bridge, presented the Windows way. Import it through
# tests/Lab/FakeHyperV.psm1.

. (Join-Path $PSScriptRoot '../StandInSupport.ps1')

if (-not ('Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State' -as [type])) {
    # The names the NetTCPIP CDXML module generates for these enums on Windows.
    Add-Type -TypeDefinition @'
namespace Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor
{
    public enum State : byte { Unreachable = 0, Incomplete = 1, Probe = 2, Delay = 3, Stale = 4, Reachable = 5, Permanent = 6 }
    public enum AddressFamily : ushort { IPv4 = 2, IPv6 = 23 }
    public enum Store : byte { PersistentStore = 0, ActiveStore = 1 }
}
namespace Microsoft.Management.Infrastructure
{
    public class CimException : System.Exception
    {
        public CimException(string message) : base(message) { }
    }
}
namespace Microsoft.PowerShell.Cmdletization.Cim
{
    public class CimJobException : System.Exception
    {
        public CimJobException(string message) : base(message) { }
    }
}
'@
}

$script:NeighborTypeNames = @('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetNeighbor',
    'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetNeighbor',
    'Microsoft.Management.Infrastructure.CimInstance#MSFT_NetNeighbor',
    'Microsoft.Management.Infrastructure.CimInstance', 'System.Object') | Select-Object -Unique

# Linux NUD states (ip -j neigh) as Windows names them.
$script:KernelStates = @{
    REACHABLE = 'Reachable'; STALE = 'Stale'; DELAY = 'Delay'; PROBE = 'Probe'; INCOMPLETE = 'Incomplete'
    FAILED = 'Unreachable'; NONE = 'Unreachable'; PERMANENT = 'Permanent'; NOARP = 'Permanent'
}

function New-FaultRecord([string] $Command, [hashtable] $Fault) {
    switch ($Fault.Kind) {
        'AccessDenied' {
            $message = if ($Fault.Message) { $Fault.Message } else { 'Access denied ' }
            New-StandInError -Exception ([Microsoft.Management.Infrastructure.CimException]::new($message)) `
                -FullyQualifiedErrorId "Windows System Error 5,$Command" -Category PermissionDenied -TargetObject 'MSFT_NetNeighbor'
        }
        default {
            $message = if ($Fault.Message) { $Fault.Message } else { 'The operation failed.' }
            New-StandInError -Exception ([Microsoft.Management.Infrastructure.CimException]::new($message)) `
                -FullyQualifiedErrorId "HRESULT 0x80041001,$Command" -Category NotSpecified -TargetObject 'MSFT_NetNeighbor'
        }
    }
}

function ConvertTo-WindowsMac([string] $Mac) {
    if (-not $Mac) { return '00-00-00-00-00-00' }
    ($Mac -replace '[:-]', '').ToUpperInvariant() -replace '(..)(?!$)', '$1-'
}

function Get-KernelNeighbor($Bridge, [string[]] $States) {
    # -States: the Windows state names asked for (filtered here, as CIM filters on the server); none = all.
    $json = & ip -j neigh show dev $Bridge.Bridge 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $json) { return }
    foreach ($entry in @($json | ConvertFrom-Json)) {
        $kernelState = @($entry.state)[0]
        if ($States -and $(if ($script:KernelStates.ContainsKey("$kernelState")) { $script:KernelStates["$kernelState"] } else { 'Unreachable' }) -notin $States) { continue }
        @{
            InterfaceAlias   = "vEthernet ($(if ($Bridge.AdapterName) { $Bridge.AdapterName } else { $Bridge.SwitchName }))"
            InterfaceIndex   = $Bridge.InterfaceIndex
            IPAddress        = $entry.dst
            LinkLayerAddress = ConvertTo-WindowsMac $entry.lladdr
            State            = if ($script:KernelStates.ContainsKey("$kernelState")) { $script:KernelStates["$kernelState"] } else { 'Unreachable' }
            AddressFamily    = if ($entry.dst -like '*:*') { 'IPv6' } else { 'IPv4' }
            Store            = 'ActiveStore'
            EnumStyle        = $null
        }
    }
}

function ConvertTo-NeighborObject($Entry) {
    $style = $Entry.EnumStyle
    $object = New-StandInObject -TypeNames $script:NeighborTypeNames -Properties ([ordered]@{
            ifIndex          = [uint32]$Entry.InterfaceIndex
            InterfaceAlias   = $Entry.InterfaceAlias
            IPAddress        = $Entry.IPAddress
            LinkLayerAddress = $Entry.LinkLayerAddress
            State            = ConvertTo-StandInEnum -Type ([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State]) -Value $Entry.State -Style $style
            AddressFamily    = ConvertTo-StandInEnum -Type ([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.AddressFamily]) -Value $Entry.AddressFamily -Style $style
            Store            = ConvertTo-StandInEnum -Type ([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.Store]) -Value $Entry.Store -Style $style
            PolicyStore      = $Entry.Store
        })
    $object | Add-Member -MemberType AliasProperty -Name InterfaceIndex -Value ifIndex
    $object
}

function Write-NotFound($Cmdlet, [string] $Property, [string] $Value) {
    $message = "No MSFT_NetNeighbor objects found with property '$Property' equal to '$Value'.  Verify the value of the property and retry."
    $record = New-StandInError -Exception ([Microsoft.PowerShell.Cmdletization.Cim.CimJobException]::new($message)) `
        -FullyQualifiedErrorId "CmdletizationQuery_NotFound_$Property,Get-NetNeighbor" -Category ObjectNotFound -TargetObject $Value
    $Cmdlet.WriteError($record)
}

function Get-NetNeighbor {
    # The real parameter sets (CDXML): IPAddress is the one positional parameter; InterfaceIndex and InterfaceAlias
    # filter in the same set; AssociatedIPInterface is the other set.
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)]
        [string[]] $IPAddress,

        [Parameter(ParameterSetName = 'ByName')]
        [Alias('ifIndex')]
        [uint32[]] $InterfaceIndex,

        [Parameter(ParameterSetName = 'ByName')]
        [Alias('ifAlias')]
        [string[]] $InterfaceAlias,

        [Parameter(ParameterSetName = 'ByName')] [string[]] $LinkLayerAddress,
        [Parameter(ParameterSetName = 'ByName')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State[]] $State,
        [Parameter(ParameterSetName = 'ByName')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.AddressFamily[]] $AddressFamily,
        [Parameter(ParameterSetName = 'ByName')] [string] $PolicyStore,
        [Parameter(ParameterSetName = 'ByName')] [switch] $IncludeAllCompartments,

        [Parameter(ParameterSetName = 'ByAssociatedIPInterface', Mandatory, ValueFromPipeline)]
        [psobject] $AssociatedIPInterface,

        [object] $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    Write-StandInCall -Command 'Get-NetNeighbor' -Bound $PSBoundParameters
    if (Invoke-StandInFault -Command 'Get-NetNeighbor' -Cmdlet $PSCmdlet) { return }
    $standIn = Get-StandInState
    $stateNames = @($State | ForEach-Object { "$_" })
    $entries = @($standIn.Neighbors) + @(foreach ($bridge in $standIn.NeighborBridges) { Get-KernelNeighbor $bridge $stateNames })
    $selected = @($entries | Where-Object {
            (-not $InterfaceAlias -or (Test-StandInWildcardMatch $InterfaceAlias $_.InterfaceAlias)) -and
            (-not $InterfaceIndex -or $_.InterfaceIndex -in $InterfaceIndex) -and
            (-not $IPAddress -or (Test-StandInWildcardMatch $IPAddress $_.IPAddress)) -and
            (-not $LinkLayerAddress -or (Test-StandInWildcardMatch $LinkLayerAddress $_.LinkLayerAddress)) -and
            (-not $State -or $_.State -in @($State | ForEach-Object ToString)) -and
            (-not $AddressFamily -or $_.AddressFamily -in @($AddressFamily | ForEach-Object ToString))
        })
    foreach ($entry in $selected) { ConvertTo-NeighborObject $entry | Write-StandInOutput }

    # CDXML cmdlets report every exact (wildcard-free) value that matched nothing, one error each.
    if ($InterfaceIndex -and -not $selected) {
        foreach ($index in $InterfaceIndex) { Write-NotFound $PSCmdlet 'InterfaceIndex' "$index" }
    }
    foreach ($filter in @(@{ P = 'InterfaceAlias'; V = $InterfaceAlias }, @{ P = 'IPAddress'; V = $IPAddress }, @{ P = 'LinkLayerAddress'; V = $LinkLayerAddress })) {
        foreach ($value in @($filter.V | Where-Object { $_ })) {
            if ([WildcardPattern]::ContainsWildcardCharacters($value)) { continue }
            if (-not @($selected | Where-Object { [WildcardPattern]::new($value, 'IgnoreCase').IsMatch($_[$filter.P]) })) {
                Write-NotFound $PSCmdlet $filter.P $value
            }
        }
    }
}

function Get-KernelHostAddress($Bridge) {
    # The bridge's own IPv4 addresses: the host's address on the lab switch, as Windows shows its vEthernet adapter's.
    $json = & ip -4 -j addr show dev $Bridge.Bridge 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $json) { return }
    foreach ($info in @(($json | ConvertFrom-Json) | ForEach-Object { $_.addr_info } | Where-Object { $_ -and $_.family -eq 'inet' })) {
        @{
            InterfaceAlias = "vEthernet ($(if ($Bridge.AdapterName) { $Bridge.AdapterName } else { $Bridge.SwitchName }))"
            InterfaceIndex = $Bridge.InterfaceIndex
            IPAddress      = $info.local
            PrefixLength   = [byte]$info.prefixlen
        }
    }
}

function ConvertTo-IPAddressObject($Entry) {
    $object = New-StandInObject -TypeNames @('Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetIPAddress',
        'Microsoft.Management.Infrastructure.CimInstance#MSFT_NetIPAddress', 'Microsoft.Management.Infrastructure.CimInstance', 'System.Object') -Properties ([ordered]@{
            ifIndex        = [uint32]$Entry.InterfaceIndex
            InterfaceAlias = $Entry.InterfaceAlias
            IPAddress      = $Entry.IPAddress
            IPv4Address    = $Entry.IPAddress
            PrefixLength   = [byte]$Entry.PrefixLength
            AddressFamily  = ConvertTo-StandInEnum -Type ([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.AddressFamily]) -Value 'IPv4'
            PrefixOrigin   = 'Manual'
            AddressState   = 'Preferred'
        })
    $object | Add-Member -MemberType AliasProperty -Name InterfaceIndex -Value ifIndex
    $object
}

function Get-NetIPAddress {
    <# MSFT_NetIPAddress of the host: the lab bridges' real IPv4 addresses (as their vEthernet adapters) and Add-FakeHostAddress's. #>
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)] [string[]] $IPAddress,
        [Parameter(ParameterSetName = 'ByName')] [Alias('ifIndex')] [uint32[]] $InterfaceIndex,
        [Parameter(ParameterSetName = 'ByName')] [Alias('ifAlias')] [string[]] $InterfaceAlias,
        [Parameter(ParameterSetName = 'ByName')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.AddressFamily[]] $AddressFamily,
        [Parameter(ParameterSetName = 'ByName')] [byte[]] $PrefixLength,
        [Parameter(ParameterSetName = 'ByName')] [string] $PolicyStore,
        [Parameter(ParameterSetName = 'ByName')] [switch] $IncludeAllCompartments,
        [object] $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    Write-StandInCall -Command 'Get-NetIPAddress' -Bound $PSBoundParameters
    if (Invoke-StandInFault -Command 'Get-NetIPAddress' -Cmdlet $PSCmdlet) { return }
    $standIn = Get-StandInState
    $entries = @($standIn.HostAddresses) + @(foreach ($bridge in $standIn.NeighborBridges) { Get-KernelHostAddress $bridge })
    # Only IPv4 addresses are kept here; -AddressFamily IPv6 finds none.
    if ($AddressFamily -and 'IPv4' -notin @($AddressFamily | ForEach-Object ToString)) { return }
    $selected = @($entries | Where-Object {
            (-not $InterfaceAlias -or (Test-StandInWildcardMatch $InterfaceAlias $_.InterfaceAlias)) -and
            (-not $InterfaceIndex -or $_.InterfaceIndex -in $InterfaceIndex) -and
            (-not $IPAddress -or (Test-StandInWildcardMatch $IPAddress $_.IPAddress))
        })
    foreach ($entry in $selected) { ConvertTo-IPAddressObject $entry | Write-StandInOutput }
}

Export-ModuleMember -Function Get-NetNeighbor, Get-NetIPAddress
