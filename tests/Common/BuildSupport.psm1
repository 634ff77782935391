# Helpers shared by build.ps1 and the Pester tests: the pinned versions, starting a fresh
# PowerShell process and the local PSResourceGet repository that the Package task publishes to.

function Get-PinnedVersion {
    <#
        A version pinned in Directory.Packages.props: a property (PesterVersion,
        ConflictingYamlDotNetVersion) or a package's PackageVersion (Microsoft.PowerShell.SDK).
    #>
    param([Parameter(Mandatory)] [string] $Name)
    $path = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'Directory.Packages.props'
    [xml] $props = Get-Content -Raw -LiteralPath $path
    $value = @($props.Project.PropertyGroup | ForEach-Object { $_.$Name } | Where-Object { $_ }) +
        @($props.Project.ItemGroup.PackageVersion | Where-Object { $_.Include -eq $Name } | ForEach-Object Version)
    if (-not $value) { throw "$path pins no '$Name'." }
    [string] $value[0]
}

function Get-PwshCommandLine {
    <# The executable and leading arguments that start a new PowerShell of the same version as this one. #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        # Running as the local .NET tool ('dotnet pwsh'): start pwsh.dll from the same tool folder.
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

function Invoke-FreshPwsh {
    <# Runs a script file or command in a new PowerShell process; sets $LASTEXITCODE. Output streams through. #>
    [CmdletBinding(DefaultParameterSetName = 'File')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'File')] [string] $File,
        [Parameter(Mandatory, ParameterSetName = 'Command')] [string] $Command,
        [string[]] $Arguments = @(),
        # Environment variables for the new process only (e.g. a private HOME); $null removes one.
        [hashtable] $Environment = @{}
    )
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        Set-ProcessVariable $name $Environment[$name]
    }
    try {
        Invoke-PwshProcess -ParameterSetName $PSCmdlet.ParameterSetName -File $File -Command $Command -Arguments $Arguments
    } finally {
        foreach ($name in $saved.Keys) { Set-ProcessVariable $name $saved[$name] }
    }
}

function Set-ProcessVariable([string] $Name, [string] $Value) {
    # PowerShell passes $null to a .NET string parameter as '', which leaves an empty variable behind.
    if ($null -eq $Value -or $Value -eq '') { Remove-Item "Env:$Name" -ErrorAction Ignore } else { Set-Item "Env:$Name" $Value }
}

function Invoke-PwshProcess([string] $ParameterSetName, [string] $File, [string] $Command, [string[]] $Arguments) {
    $commandLine = @(Get-PwshCommandLine)
    $exe = $commandLine[0]
    $pre = @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive')
    if ($ParameterSetName -eq 'File') {
        & $exe @pre -File $File @Arguments
    } else {
        & $exe @pre -Command $Command
    }
}

function Invoke-WithPrivateHome {
    <#
        Runs a PowerShell command in a fresh process whose HOME is a new temporary folder, so that
        PSResourceGet's repository list and CurrentUser installs never touch the real profile
        (and parallel runs never see each other's). Returns the output; sets $LASTEXITCODE.
    #>
    param([Parameter(Mandatory)] [string] $Command)
    $privateHome = Join-Path ([IO.Path]::GetTempPath()) ('ragna-home-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory $privateHome | Out-Null
    # Started in the private home too: PSResourceGet's NuGet client otherwise leaves a NuGet/
    # folder in the working directory (the repository).
    Push-Location -LiteralPath $privateHome
    try {
        Invoke-FreshPwsh -Command $Command -Environment @{ HOME = $privateHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null }
    } finally {
        Pop-Location
        Remove-Item -Recurse -Force $privateHome -ErrorAction Ignore
    }
}

Export-ModuleMember -Function Get-PinnedVersion, Get-PwshCommandLine, Invoke-FreshPwsh, Invoke-WithPrivateHome
