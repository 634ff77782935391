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
# and defines Wait-Until (and, with -Lab, Get-RealHostsHash).
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
}
Remove-Variable -Name Discovery, StandIns, Lab   # the test files use $Lab for the lab itself
