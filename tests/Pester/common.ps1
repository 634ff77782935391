# The one setup every Pester file shares. Each file dot-sources it first, so any single file runs
# on its own against the built module (out/Ragnatramp, from `dotnet pwsh ./build.ps1 -Task Build`):
#
#     Invoke-Pester tests/Pester/Get-RagnaConfig.Tests.ps1
#
# The pattern (docs/ARCHITECTURE.md, "Tests"):
#
#     BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }   # only when discovery needs it
#     BeforeAll { . "$PSScriptRoot/common.ps1" }               # the module
#     BeforeAll { . "$PSScriptRoot/common.ps1" -StandIns }     # + the Hyper-V/NetTCPIP stand-ins
#     BeforeAll { . "$PSScriptRoot/common.ps1" -Lab }          # + real lab guests (root; tag Lab)
#
# It defines $RepoRoot, $ModuleManifest and $IsRoot; sets RAGNATRAMP_MODULE, RAGNATRAMP_REPO_ROOT,
# RAGNATRAMP_PACKAGE_REPO and RAGNATRAMP_TOOLS for processes the tests start; imports
# tests/Common/BuildSupport.psm1 (Invoke-FreshPwsh, Invoke-WithPrivateHome, Get-PinnedVersion);
# and defines Wait-Until (and, with -Lab, Get-RealHostsHash and the shared lab setup Start-PesterLab /
# Stop-PesterLab).
# Everything is derived from this file's place in the repository, never from the caller's
# environment, so a shell that ran the tests of another checkout cannot point these at its build.
param(
    # Discovery time (BeforeDiscovery): paths and $IsRoot only; nothing imported.
    [switch] $Discovery,
    # Import the Hyper-V and NetTCPIP stand-ins (tests/Lab/FakeHyperV.psm1) into the global session state.
    [switch] $StandIns,
    # Also the real-guest lab (tests/Lab/RagnaLab.psm1); implies -StandIns. Needs root.
    [switch] $Lab
)

$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$ModuleManifest = Join-Path $RepoRoot 'out/Ragnatramp/Ragnatramp.psd1'
$IsRoot = $IsLinux -and ((& id -u) -eq '0')

$env:RAGNATRAMP_REPO_ROOT = $RepoRoot
$env:RAGNATRAMP_MODULE = $ModuleManifest
$env:RAGNATRAMP_PACKAGE_REPO = Join-Path $RepoRoot 'out/package'
$env:RAGNATRAMP_TOOLS = Join-Path $RepoRoot 'out/tools'

if (-not (Test-Path -LiteralPath $ModuleManifest)) {
    throw "The built module is missing ($ModuleManifest). Build it first: dotnet pwsh ./build.ps1 -Task Build"
}
if ($Discovery) {
    Remove-Variable -Name Discovery, StandIns, Lab   # dot-sourced: the switches would linger in the test file's scope
    return
}

Import-Module (Join-Path $RepoRoot 'tests/Common/BuildSupport.psm1') -Force
if ($StandIns -or $Lab) { Import-Module (Join-Path $RepoRoot 'tests/Lab/FakeHyperV.psm1') -Force -Global }
if ($Lab) { Import-Module (Join-Path $RepoRoot 'tests/Lab/RagnaLab.psm1') -Force -Global }
Import-Module $ModuleManifest -Force

function Wait-Until {
    <# $true once $Condition holds, $false if it still does not after $TimeoutSec. A generous bound for "eventually", never a timing assertion. #>
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSec = 60, [int] $IntervalMilliseconds = 100)
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Condition)) {
        if ([datetime]::UtcNow -gt $deadline) { return $false }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    $true
}

if ($Lab) {
    # This machine's own /etc/hosts, which no test may change (the lab's guests have their own).
    function Get-RealHostsHash { (Get-FileHash -Algorithm SHA256 /etc/hosts).Hash }

    function Start-PesterLab {
        <#
        The lab setup every lab test file shares (its BeforeAll): the per-user files a sync writes (pins in
        RAGNATRAMP_KNOWN_HOSTS, XDG_DATA_HOME) in a private folder under $PrivateRoot, never this machine's
        profile; the Hyper-V stand-ins reset; then the guests (Start-RagnaLab -Guests). Returns the lab.
        Stop-PesterLab (AfterAll) undoes all of it.
        #>
        param([Parameter(Mandatory)] [object[]] $Guests, [string] $PrivateRoot = $TestDrive)
        $saved = @{ XDG_DATA_HOME = $env:XDG_DATA_HOME; RAGNATRAMP_KNOWN_HOSTS = $env:RAGNATRAMP_KNOWN_HOSTS }
        $realHosts = Get-RealHostsHash
        $env:XDG_DATA_HOME = Join-Path $PrivateRoot 'xdg'
        $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path $PrivateRoot 'pins/known_hosts'
        try {
            Reset-FakeHyperV
            $lab = Start-RagnaLab -Guests $Guests
        }
        catch {
            Restore-PesterLabEnvironment $saved
            throw
        }
        $lab | Add-Member -NotePropertyName PesterSavedEnvironment -NotePropertyValue $saved
        $lab | Add-Member -NotePropertyName PesterRealHostsHash -NotePropertyValue $realHosts
        $lab
    }

    function Stop-PesterLab {
        <# Stops the lab (unless a test did), restores the environment Start-PesterLab changed, and checks this machine's /etc/hosts is untouched. #>
        param($Lab)
        if (-not $Lab) { return }
        if (-not $Lab.Stopped) { Stop-RagnaLab -Lab $Lab }
        Restore-PesterLabEnvironment $Lab.PesterSavedEnvironment
        Get-RealHostsHash | Should -Be $Lab.PesterRealHostsHash -Because 'the real /etc/hosts is never written'
    }

    function New-PesterLabProject {
        <#
        A project as the Node.js CLI creates it, for the lab's guests to belong to: a temporary folder (Root) with
        ragnatramp.yaml ($ConfigText), each machine's VM name (VmNames) and the marker the CLI writes into its VMs'
        Notes (Marker). Write-PesterLabState adds the state file. The caller removes Root.
        #>
        param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $ConfigText)
        $root = Join-Path ([IO.Path]::GetTempPath()) ("ragnatramp-$Name-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory -Force (Join-Path $root '.ragnatramp') | Out-Null
        $configPath = Join-Path $root 'ragnatramp.yaml'
        [IO.File]::WriteAllText($configPath, $ConfigText)
        $vmNames = @{}
        foreach ($m in Get-RagnaConfig -Path $root) { $vmNames[$m.MachineName] = $m.VMName }
        [pscustomobject]@{
            Root       = $root
            ConfigPath = $configPath
            StatePath  = Join-Path $root '.ragnatramp/state.json'
            VmNames    = $vmNames
            Marker     = "ragnatramp:v0.1.0`nconfig:$configPath`nmanaged:true"
        }
    }

    function Write-PesterLabState {
        <# The state the Node.js CLI wrote when it created the lab's VMs for $Project: no network yet, its own fields. #>
        param([Parameter(Mandatory)] $Project, [Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $ProjectName)
        $vms = foreach ($guest in $Lab.Guests) {
            "    `"$($guest.Name)`": {`n      `"id`": `"$($guest.VMId)`",`n      `"name`": `"$($guest.VMName)`",`n      `"machineName`": `"$($guest.Name)`",`n      `"diskPath`": `"C:\\HyperV\\$ProjectName\\$($guest.Name).vhdx`",`n      `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n      `"checkpoints`": []`n    }"
        }
        [IO.File]::WriteAllText($Project.StatePath, "{`n  `"version`": 1,`n  `"configHash`": `"1a2b3c4d`",`n  `"configPath`": `"$($Project.ConfigPath)`",`n  `"project`": `"$ProjectName`",`n  `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n  `"updatedAt`": `"2026-01-30T10:00:00.000Z`",`n  `"vms`": {`n$($vms -join ",`n")`n  }`n}")
    }

    function Restore-PesterLabEnvironment([hashtable] $Saved) {
        foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
    }
}
Remove-Variable -Name Discovery, StandIns, Lab   # the test files use $Lab for the lab itself
