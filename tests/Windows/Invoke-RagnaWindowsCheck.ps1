<#
.SYNOPSIS
    Read-only check of a real Windows host against what Ragnatramp relies on.
.DESCRIPTION
    Run it on a Hyper-V host, once in Windows PowerShell 5.1 and once in PowerShell 7 (elevated, or as a member of
    'Hyper-V Administrators'). It imports the module, reads the real objects of one VM (Get-VM, Get-VMNetworkAdapter,
    Get-VMIntegrationService), the host's side of the VM's switch (Get-VMNetworkAdapter -ManagementOS,
    NetTCPIP\Get-NetIPAddress, NetTCPIP\Get-NetNeighbor) and prints a table of every property the module relies on,
    what it found there, and whether that is what the module expects. It changes nothing: no VM, no file, no setting.

    Nobody has run it on a real host yet (the project is built on Linux with stand-ins); the README says so. Paste its
    output into an issue when something looks wrong.

    -SkipHyperV checks only the runtime and the import (what a hosted CI runner without Hyper-V can do).
.EXAMPLE
    powershell.exe -NoProfile -File .\tests\Windows\Invoke-RagnaWindowsCheck.ps1 -VMName demo-web-1a2b3c4d
.EXAMPLE
    pwsh -NoProfile -File .\tests\Windows\Invoke-RagnaWindowsCheck.ps1 -ModulePath .\out\Ragnatramp\Ragnatramp.psd1
#>
[CmdletBinding()]
param(
    # The module to import: a .psd1 path, or the name of an installed module.
    [string] $ModulePath = 'Ragnatramp',
    # The VM to read (default: the first running VM, else the first VM).
    [string] $VMName,
    # Only the runtime and the import.
    [switch] $SkipHyperV
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0
$script:Rows = New-Object System.Collections.Generic.List[object]
$script:Failed = $false
$DefaultSwitchId = 'c08cb7b8-9b3c-408e-8e30-5e16a3aeb444'
$KvpComponentId = '2A34B1C2-FD73-4043-8A5B-DD2159BC743F'

function Add-Row([string] $Area, [string] $Check, [string] $Expected, $Found, [string] $Result) {
    if ($Result -eq 'FAIL') { $script:Failed = $true }
    $text = if ($null -eq $Found) { '(null)' } elseif ($Found -is [array]) { ($Found | ForEach-Object { "$_" }) -join ', ' } else { "$Found" }
    $script:Rows.Add([pscustomobject]@{ Result = $Result; Area = $Area; Check = $Check; Found = $text; Expected = $Expected })
}

function Test-Property($Object, [string] $Area, [string] $Name, [string] $Expected, [scriptblock] $IsGood) {
    # One property the module reads: its value, the .NET type it arrived as, and whether that fits.
    $property = $Object.PSObject.Properties[$Name]
    if (-not $property) { Add-Row $Area $Name $Expected '(no such property)' 'FAIL'; return }
    $value = $property.Value
    $type = if ($null -eq $value) { 'null' } else { $value.GetType().FullName }
    $names = if ($null -ne $value -and $value -is [psobject]) { ($value.PSObject.TypeNames | Select-Object -First 1) } else { $type }
    $shown = if ($null -ne $value -and ($value -is [enum] -or "$names" -like 'Deserialized.*')) { "$value [$names = $([int64]$value.PSObject.BaseObject)]" } else { "$value [$names]" }
    $ok = $true
    if ($IsGood) { $ok = [bool](& $IsGood $value) }
    Add-Row $Area $Name $Expected $shown $(if ($ok) { 'OK' } else { 'CHECK' })
}

# --- The runtime ----------------------------------------------------------------------------------------------------
Add-Row 'Runtime' 'PowerShell' '5.1 (Desktop) or 7.4+ (Core)' "$($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition)" $(
    if ($PSVersionTable.PSEdition -eq 'Desktop' -and $PSVersionTable.PSVersion -ge [version]'5.1') { 'OK' }
    elseif ($PSVersionTable.PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -ge [version]'7.4') { 'OK' } else { 'FAIL' })
if ($PSVersionTable.PSEdition -eq 'Desktop') {
    $release = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name Release -ErrorAction SilentlyContinue).Release
    Add-Row 'Runtime' '.NET Framework release' '>= 461808 (4.7.2)' $release $(if ($release -ge 461808) { 'OK' } else { 'FAIL' })
}
Add-Row 'Runtime' 'Culture' 'any (names are read by Id and number)' "$([cultureinfo]::CurrentUICulture.Name)" 'OK'

# --- The module ------------------------------------------------------------------------------------------------------
try {
    $module = Import-Module $ModulePath -Force -PassThru -ErrorAction Stop
    Add-Row 'Module' 'Import-Module' 'imports' "$($module.Name) $($module.Version) from $($module.ModuleBase)" 'OK'
    $commands = @(Get-Command -Module $module.Name | ForEach-Object Name)
    Add-Row 'Module' 'Exported commands' 'Get-RagnaVmAddress, Get-RagnaConfig, ...' ($commands -join ', ') $(if ($commands -contains 'Get-RagnaVmAddress') { 'OK' } else { 'FAIL' })
    $help = Get-Help Get-RagnaVmAddress -ErrorAction SilentlyContinue
    $synopsis = if ($help) { "$($help.Synopsis)".Trim() } else { '' }
    Add-Row 'Module' 'Help' 'a synopsis (MAML help found)' $synopsis $(if ($synopsis -and $synopsis -notmatch '^Get-RagnaVmAddress \[') { 'OK' } else { 'CHECK' })
    $types = @([Ragnatramp.VmAddress], [Ragnatramp.ReconcileResult]) | ForEach-Object { $_.FullName }
    Add-Row 'Module' 'Output types' 'nameable in the session' ($types -join ', ') 'OK'
} catch {
    Add-Row 'Module' 'Import-Module' 'imports' $_.Exception.Message 'FAIL'
}

if (-not $SkipHyperV) {
    # --- Hyper-V: one VM ---------------------------------------------------------------------------------------------
    $hyperV = Get-Module Hyper-V
    if (-not $hyperV) { $hyperV = Import-Module Hyper-V -PassThru -ErrorAction SilentlyContinue }
    $how = if (-not $hyperV) { 'not loaded' } elseif ($hyperV.PrivateData -and "$($hyperV.PrivateData.ImplicitRemoting)" -eq 'True') { 'compatibility layer (deserialized objects)' } else { "native ($($hyperV.Version))" }
    Add-Row 'Hyper-V' 'Module' 'loaded' $how $(if ($hyperV) { 'OK' } else { 'FAIL' })
    $stateType = 'Microsoft.HyperV.PowerShell.VMState' -as [type]
    $numbering = if (-not $stateType) { 'no VMState type in this process (names come deserialized)' } else { "RunningCritical = $([int]([enum]::Parse($stateType, 'RunningCritical')))" }
    Add-Row 'Hyper-V' 'VMState numbering' '32785 (current) or 32783 (older builds): read by name either way' $numbering 'OK'

    $vms = @(Hyper-V\Get-VM)
    Add-Row 'Hyper-V' 'Get-VM' 'lists the VMs (an empty list without rights)' "$($vms.Count) VMs" $(if ($vms.Count -gt 0) { 'OK' } else { 'CHECK' })
    $vm = if ($VMName) { $vms | Where-Object { $_.Name -eq $VMName } | Select-Object -First 1 } else { @($vms | Where-Object { "$($_.State)" -eq 'Running' }) + $vms | Select-Object -First 1 }
    if ($vm) {
        Test-Property $vm 'Get-VM' 'Name' 'string' { param($v) $v -is [string] }
        Test-Property $vm 'Get-VM' 'Id' 'Guid' { param($v) "$v" -as [guid] }
        Test-Property $vm 'Get-VM' 'State' 'enum or deserialized enum; its NAME (Running, RunningCritical, Off...)' { param($v) "$v" -match '^[A-Za-z]+$' }
        Test-Property $vm 'Get-VM' 'Notes' 'string (managed:true / config:<path> for ragnatramp VMs)' $null

        $adapters = @(Hyper-V\Get-VMNetworkAdapter -VMName ($vm.Name -replace '[\[\]\*\?`]', '?') | Where-Object { "$($_.VMId)" -eq "$($vm.Id)" })
        Add-Row 'Get-VMNetworkAdapter' 'adapters of the VM' '1 or more' $adapters.Count $(if ($adapters.Count -gt 0) { 'OK' } else { 'CHECK' })
        foreach ($adapter in $adapters | Select-Object -First 1) {
            foreach ($p in 'VMName', 'VMId', 'Name') { Test-Property $adapter 'Get-VMNetworkAdapter' $p 'string / Guid' $null }
            Test-Property $adapter 'Get-VMNetworkAdapter' 'SwitchName' 'string (localized for the Default Switch)' $null
            Test-Property $adapter 'Get-VMNetworkAdapter' 'SwitchId' "Guid ($DefaultSwitchId for the Default Switch)" { param($v) "$v" -as [guid] }
            Test-Property $adapter 'Get-VMNetworkAdapter' 'MacAddress' '12 hex digits, no separators' { param($v) "$v" -match '^[0-9A-Fa-f]{12}$' }
            Test-Property $adapter 'Get-VMNetworkAdapter' 'IPAddresses' 'string[]: IPv4 and IPv6 (empty without hv_kvp_daemon)' $null
        }

        $components = @(Hyper-V\Get-VMIntegrationService -VMName ($vm.Name -replace '[\[\]\*\?`]', '?') | Where-Object { "$($_.VMId)" -eq "$($vm.Id)" })
        $kvp = $components | Where-Object { "$($_.Id)" -like "*$KvpComponentId" } | Select-Object -First 1
        Add-Row 'Get-VMIntegrationService' 'KVP component found by its Id' "Id ends with $KvpComponentId" $(if ($kvp) { "$($kvp.Name)" } else { $null }) $(if ($kvp) { 'OK' } else { 'FAIL' })
        if ($kvp) {
            Test-Property $kvp 'Get-VMIntegrationService' 'Enabled' 'bool' { param($v) $v -is [bool] }
            Test-Property $kvp 'Get-VMIntegrationService' 'PrimaryOperationalStatus' 'enum by name (Ok, NoContact, ...)' { param($v) $null -eq $v -or "$v" -match '^[A-Za-z]+$' }
            Test-Property $kvp 'Get-VMIntegrationService' 'PrimaryStatusDescription' 'string, localized (not used to decide)' $null
        }
    } else {
        Add-Row 'Get-VM' 'a VM to read' 'one VM' $null 'CHECK'
    }

    # --- The host side of the switch ----------------------------------------------------------------------------------
    $defaultSwitch = Hyper-V\Get-VMSwitch -Id $DefaultSwitchId -ErrorAction SilentlyContinue
    Add-Row 'Switch' 'Default Switch by its Id' $DefaultSwitchId $(if ($defaultSwitch) { "$($defaultSwitch.Name)" } else { $null }) $(if ($defaultSwitch) { 'OK' } else { 'CHECK' })
    $vnics = @(Hyper-V\Get-VMNetworkAdapter -ManagementOS)
    Add-Row 'Switch' 'host vNICs (-ManagementOS)' 'Name, SwitchName, SwitchId' (($vnics | ForEach-Object { "$($_.Name) on $($_.SwitchName) ($($_.SwitchId))" }) -join '; ') $(if ($vnics) { 'OK' } else { 'CHECK' })
    $vnic = $vnics | Where-Object { "$($_.SwitchId)" -eq $DefaultSwitchId } | Select-Object -First 1
    if ($vnic) {
        $alias = "vEthernet ($($vnic.Name))"
        $address = @(NetTCPIP\Get-NetIPAddress -AddressFamily IPv4 | Where-Object { $_.InterfaceAlias -eq $alias }) | Select-Object -First 1
        Add-Row 'NetTCPIP' "Get-NetIPAddress on '$alias'" 'InterfaceIndex, IPAddress, PrefixLength (>= 20 to be resolved)' $(if ($address) { "ifIndex $($address.InterfaceIndex) $($address.IPAddress)/$($address.PrefixLength)" } else { $null }) $(if ($address -and $address.PrefixLength -ge 20) { 'OK' } else { 'CHECK' })
        if ($address) {
            $neighbors = @(NetTCPIP\Get-NetNeighbor -InterfaceIndex $address.InterfaceIndex -ErrorAction SilentlyContinue)
            Add-Row 'NetTCPIP' 'Get-NetNeighbor -InterfaceIndex' 'entries' "$($neighbors.Count) entries" 'OK'
            foreach ($entry in $neighbors | Where-Object { "$($_.AddressFamily)" -eq 'IPv4' } | Select-Object -First 1) {
                Test-Property $entry 'Get-NetNeighbor' 'InterfaceAlias' 'string' $null
                Test-Property $entry 'Get-NetNeighbor' 'LinkLayerAddress' '00-15-5D-..' { param($v) "$v" -match '^([0-9A-F]{2}-){5}[0-9A-F]{2}$' -or -not $v }
                Test-Property $entry 'Get-NetNeighbor' 'State' 'enum by name (Reachable, Stale, Permanent, ...)' { param($v) "$v" -match '^[A-Za-z]+$' }
                Test-Property $entry 'Get-NetNeighbor' 'AddressFamily' 'IPv4 / IPv6 by name' { param($v) "$v" -match '^IPv[46]$' }
            }
        }
    }

    # --- The module reads the same VM (reads only: TimeoutSec 0, no state, no guest) ------------------------------------
    if ($vm -and (Get-Command Get-RagnaVmAddress -ErrorAction SilentlyContinue)) {
        try {
            $found = Get-VM -Id $vm.Id | Get-RagnaVmAddress -TimeoutSec 0 -ErrorAction SilentlyContinue
            Add-Row 'Ragnatramp' 'Get-RagnaVmAddress (one pass)' 'State by name; IPv4 when running' "$($found.State) $($found.IPv4) ($($found.Source)) on $($found.SwitchName)" 'OK'
        } catch {
            Add-Row 'Ragnatramp' 'Get-RagnaVmAddress (one pass)' 'no terminating error' $_.Exception.Message 'FAIL'
        }
    }
}

$script:Rows | Format-Table -AutoSize -Wrap | Out-String -Width 220 | Write-Output
if ($script:Failed) { Write-Warning 'Some checks FAILED (see Result).'; exit 1 }
exit 0
