# Runs the Pester suite in this (fresh) process and writes its counts as JSON for build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $ExcludeTag = ''
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
# The module under test, for any file that does not dot-source common.ps1 yet (Repository.Tests.ps1 names them).
. (Join-Path $PSScriptRoot '../Pester/common.ps1') -Discovery
$config = New-PesterConfiguration
$config.Run.Path = $Path -split [IO.Path]::PathSeparator
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
if ($env:CI) { $config.Output.RenderMode = 'Plaintext' }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag -split ',' }
$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
exit ([int]($failed -gt 0))
