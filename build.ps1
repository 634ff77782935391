#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages, demonstrates and benchmarks the Ragnatramp module.
.DESCRIPTION
    Each task can run alone:
      Build    compile and lay out the importable module under out/Ragnatramp
      Test     Build + Package, then the xunit tests and the Pester tests (against the built
               module, in a fresh process); ends with 'Total: N passed, N failed[, N skipped]'
      Package  a .nupkg of the built module in out/package (a local PSResourceGet repository)
      Demo     a three-guest lab on this machine running the main job (needs root)
      Bench    the benchmark (needs root); writes out/bench.json
      Clean    remove out/ and every bin/ and obj/
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -Skip Xunit -Pester tests/Pester/Get-RagnaConfig.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test: only these Pester files or folders (default: all of tests/Pester).
    [string[]] $Pester,

    # Test: a dotnet test --filter expression for the xunit tests.
    [string] $Xunit,

    # Test: leave out a suite.
    [ValidateSet('Xunit', 'Pester')]
    [string[]] $Skip = @(),

    # Test: leave out Pester tests with these tags (e.g. Lab).
    [string[]] $ExcludeTag = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleDir = Join-Path $Out 'Ragnatramp'
$ToolsDir = Join-Path $Out 'tools'
$ResultsDir = Join-Path $Out 'test-results'
$PackageRepoDir = Join-Path $Out 'package'

Import-Module (Join-Path $Root 'tests/Common/BuildSupport.psm1') -Force

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host '== Build' -ForegroundColor Cyan
    $staging = Join-Path $Out 'staging'
    Remove-Item -Recurse -Force $ModuleDir, $staging -ErrorAction Ignore
    foreach ($project in 'Ragnatramp', 'Ragnatramp.Isolated', 'Ragnatramp.Isolation.LoadContext') {
        Invoke-Native dotnet @('publish', "$Root/src/$project/$project.csproj", '-c', $Configuration, '-o', "$staging/$project", '--nologo', '-v', 'quiet')
    }
    $deps = New-Item -ItemType Directory -Force (Join-Path $ModuleDir 'Dependencies')
    Copy-Item "$staging/Ragnatramp/Ragnatramp.dll" $ModuleDir
    # Everything else (the isolated adapters, third-party libraries, netstandard polyfills) goes
    # to Dependencies/, where only Ragnatramp's own resolver looks.
    foreach ($dir in "$staging/Ragnatramp", "$staging/Ragnatramp.Isolated", "$staging/Ragnatramp.Isolation.LoadContext") {
        Get-ChildItem $dir -Filter *.dll | Where-Object Name -ne 'Ragnatramp.dll' | Copy-Item -Destination $deps -Force
    }
    Copy-Item (Join-Path $Root 'Ragnatramp.psd1') $ModuleDir
    Copy-Item (Join-Path $Root 'src/Ragnatramp/Ragnatramp.Format.ps1xml') $ModuleDir
    Remove-Item -Recurse -Force $staging
    # MAML help from the help data files and the compiled cmdlets (imports the module: own process).
    Invoke-FreshPwsh -File (Join-Path $Root 'src/Ragnatramp/Help/Build-MamlHelp.ps1') -Arguments @('-ModuleDir', $ModuleDir)
    if ($LASTEXITCODE -ne 0) { throw "Building the help failed (exit code $LASTEXITCODE)." }
    Write-Host "Module laid out in $ModuleDir"
}

function Restore-TestTools {
    $pester = Join-Path $ToolsDir "pester/$(Get-PinnedVersion PesterVersion)/tools/Pester.psd1"
    if (-not (Test-Path $pester)) {
        Write-Host '== Restoring test tools (Pester) from NuGet' -ForegroundColor Cyan
        Invoke-Native dotnet @('restore', "$Root/tests/Tools/Tools.csproj", '--packages', $ToolsDir, '--nologo', '-v', 'quiet')
    }
    $pester
}

function Invoke-Package {
    Write-Host '== Package' -ForegroundColor Cyan
    if (-not (Test-Path (Join-Path $ModuleDir 'Ragnatramp.psd1'))) { Invoke-Build }
    Remove-Item -Recurse -Force $PackageRepoDir -ErrorAction Ignore
    New-Item -ItemType Directory -Force $PackageRepoDir | Out-Null
    $publish = "`$ErrorActionPreference = 'Stop'; Register-PSResourceRepository -Name RagnatrampLocal -Uri '$PackageRepoDir' -Trusted; " +
        "Publish-PSResource -Path '$ModuleDir' -Repository RagnatrampLocal -SkipDependenciesCheck"
    Invoke-WithPrivateHome -Command $publish
    if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed with exit code $LASTEXITCODE" }
    Get-ChildItem $PackageRepoDir -Filter *.nupkg | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout; Skipped = [int]$c.notExecuted }
}

function Invoke-Test {
    Invoke-Build
    Invoke-Package
    $pesterModule = Restore-TestTools
    New-Item -ItemType Directory -Force $ResultsDir | Out-Null
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }

    if ('Xunit' -notin $Skip) {
        Write-Host '== xunit' -ForegroundColor Cyan
        $trx = Join-Path $ResultsDir 'xunit.trx'
        Remove-Item $trx -ErrorAction Ignore
        $arguments = @('test', "$Root/tests/Ragnatramp.Tests/Ragnatramp.Tests.csproj", '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal')
        if ($Xunit) { $arguments += @('--filter', $Xunit) }
        & dotnet @arguments
        if (Test-Path $trx) {
            $counts = Read-TrxCounts $trx
        } else {
            $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
            Write-Warning 'xunit produced no results (build failure?): counted as one failure.'
        }
        if ($LASTEXITCODE -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
        Write-Host ("xunit: {0} passed, {1} failed, {2} skipped" -f $counts.Passed, $counts.Failed, $counts.Skipped)
        foreach ($k in 'Passed', 'Failed', 'Skipped') { $totals[$k] += $counts.$k }
    }

    if ('Pester' -notin $Skip) {
        Write-Host '== Pester (built module, fresh process)' -ForegroundColor Cyan
        # From a shell, -Pester a,b arrives as one string: split it.
        $paths = if ($Pester) { $Pester -split ',' | Where-Object { $_ } | ForEach-Object { (Resolve-Path $_).Path } } else { @(Join-Path $Root 'tests/Pester') }
        $summary = Join-Path $ResultsDir 'pester-summary.json'
        Remove-Item $summary -ErrorAction Ignore
        # Each test file finds the built module through tests/Pester/common.ps1.
        $runner = Join-Path $Root 'tests/Common/Invoke-PesterSuite.ps1'
        Invoke-FreshPwsh -File $runner -Arguments @('-PesterModule', $pesterModule, '-Path', ($paths -join [IO.Path]::PathSeparator),
            '-SummaryPath', $summary, '-ExcludeTag', ($ExcludeTag -join ','))
        if (Test-Path $summary) {
            $counts = Get-Content -Raw $summary | ConvertFrom-Json
        } else {
            $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
            Write-Warning 'Pester produced no summary (crash?): counted as one failure.'
        }
        Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $counts.Passed, $counts.Failed, $counts.Skipped)
        foreach ($k in 'Passed', 'Failed', 'Skipped') { $totals[$k] += $counts.$k }
    }

    $line = "Total: $($totals.Passed) passed, $($totals.Failed) failed"
    if ($totals.Skipped) { $line += ", $($totals.Skipped) skipped" }
    if ($totals.Failed -gt 0 -or ($totals.Passed -eq 0)) { $script:ExitCode = 1 }
    $script:TotalLine = $line
}

function Invoke-Clean {
    Remove-Item -Recurse -Force $Out -ErrorAction Ignore
    Get-ChildItem $Root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
}

function Invoke-LabScript([string] $Name) {
    if (-not (Test-Path (Join-Path $ModuleDir 'Ragnatramp.psd1'))) { Invoke-Build }
    $script = Join-Path $Root "tests/Lab/$Name.ps1"
    if (-not (Test-Path $script)) { throw "$Name is not available: $script is missing." }
    $env:RAGNATRAMP_MODULE = Join-Path $ModuleDir 'Ragnatramp.psd1'
    Invoke-FreshPwsh -File $script -Arguments @('-OutDir', $Out)
    if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit code $LASTEXITCODE)." }
}

$script:ExitCode = 0
$script:TotalLine = $null
try {
    foreach ($t in $Task) {
        switch ($t) {
            'Build'   { Invoke-Build }
            'Test'    { Invoke-Test }
            'Package' { Invoke-Package }
            'Demo'    { Invoke-Build; Invoke-LabScript 'Demo' }
            'Bench'   { Invoke-Build; Invoke-LabScript 'Bench' }
            'Clean'   { Invoke-Clean }
        }
    }
} catch {
    Write-Host "build.ps1: $($_.Exception.Message)" -ForegroundColor Red
    if ($script:TotalLine) { Write-Host $script:TotalLine }
    elseif ('Test' -in $Task) { Write-Host 'Total: 0 passed, 1 failed' }
    exit 1
}
if ($script:TotalLine) { Write-Host $script:TotalLine }
exit $script:ExitCode
