# Helpers shared by build.ps1 and the Pester tests: starting a fresh PowerShell process and the
# local PSResourceGet repository that the Package task publishes to.

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
        [string[]] $Arguments = @()
    )
    $commandLine = @(Get-PwshCommandLine)
    $exe = $commandLine[0]
    $pre = @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive')
    if ($PSCmdlet.ParameterSetName -eq 'File') {
        & $exe @pre -File $File @Arguments
    } else {
        & $exe @pre -Command $Command
    }
}

function Get-LocalRepositoryName { 'RagnatrampLocal' }

function Register-LocalRepository {
    param([Parameter(Mandatory)] [string] $Path)
    $name = Get-LocalRepositoryName
    if (Get-PSResourceRepository -Name $name -ErrorAction Ignore) {
        Unregister-PSResourceRepository -Name $name
    }
    Register-PSResourceRepository -Name $name -Uri $Path -Trusted
}

Export-ModuleMember -Function Get-PwshCommandLine, Invoke-FreshPwsh, Get-LocalRepositoryName, Register-LocalRepository
