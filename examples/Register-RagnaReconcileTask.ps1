<#
.SYNOPSIS
    Registers a Windows scheduled task that runs Invoke-RagnaReconcile for one project.
.DESCRIPTION
    The task runs

        pwsh.exe -NoProfile -NonInteractive -Command "Invoke-RagnaReconcile -Path '<project>' -ErrorAction Stop"

    every -IntervalMinutes (and, with -AtLogOn / -AtStartup, also when you log on or the host
    starts), so the project's state and every guest's /etc/hosts follow the addresses the
    Default Switch hands out after a reboot. The task's Last Run Result (LastTaskResult) is 0
    when every guest was synced, and 1 when discovery failed (ReconcileDiscoveryFailed: nothing
    was written) or when a guest's sync failed (HostsSyncFailed: the other guests were synced and
    the state written; the error is written after the ReconcileResult, and -ErrorAction Stop
    turns it into the exit code). To see which guest failed and why, run the same command by
    hand with '| Format-List' at the end: the result, then the error (a table view would print
    nothing, because the error ends the output before the table is drawn).

    The project's SSH login, aliases and timeouts come from ragnatramp.reconcile.yaml beside its
    ragnatramp.yaml (see about_Ragnatramp); the task runs as you, so '~' in key paths is your
    profile.

    The Hyper-V cmdlets need an elevated session (or membership in "Hyper-V Administrators"):
    use -RunElevated unless your account is in that group. Ragnatramp must be installed for the
    account the task runs as (Install-PSResource Ragnatramp, or Install-Module).
    Windows only (ScheduledTasks module).
.PARAMETER Path
    The project's folder or its ragnatramp.yaml.
.PARAMETER IntervalMinutes
    How often the task runs, in minutes (default 15). 0: no repetition (use -AtLogOn/-AtStartup).
.PARAMETER AtLogOn
    Also run when the current user logs on.
.PARAMETER AtStartup
    Also run when the host starts (needs -RunElevated: the task then runs whether you are logged on or not).
.PARAMETER RunElevated
    Run with highest privileges (needed for the Hyper-V cmdlets unless you are in "Hyper-V Administrators").
.PARAMETER TaskName
    Default: "Ragnatramp reconcile (<project folder name>)".
.PARAMETER PowerShellPath
    The PowerShell to run: pwsh.exe when installed, else Windows PowerShell.
.EXAMPLE
    .\Register-RagnaReconcileTask.ps1 -Path C:\proj\demo -IntervalMinutes 10 -AtLogOn -RunElevated
.EXAMPLE
    .\Register-RagnaReconcileTask.ps1 -Path C:\proj\demo -WhatIf
    Shows the task it would register.
.EXAMPLE
    Get-ScheduledTaskInfo -TaskName 'Ragnatramp reconcile (demo)' | Select-Object LastRunTime, LastTaskResult
    LastTaskResult 0 is a successful reconcile, 1 a failed one. Then
    pwsh -NoProfile -Command "Invoke-RagnaReconcile -Path C:\proj\demo -ErrorAction Stop | Format-List"
    shows the result and the first error (HostsSyncFailed names the guest and the reason).
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Path,
    [ValidateRange(0, 1440)] [int] $IntervalMinutes = 15,
    [switch] $AtLogOn,
    [switch] $AtStartup,
    [switch] $RunElevated,
    [string] $TaskName,
    [string] $PowerShellPath
)
$ErrorActionPreference = 'Stop'

if (-not ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') -or -not (Get-Module -ListAvailable ScheduledTasks)) {
    throw 'Register-RagnaReconcileTask.ps1 needs Windows and its ScheduledTasks module (Task Scheduler).'
}
if ($IntervalMinutes -eq 0 -and -not $AtLogOn -and -not $AtStartup) {
    throw 'Nothing would start the task: give -IntervalMinutes, -AtLogOn or -AtStartup.'
}
if ($AtStartup -and -not $RunElevated) {
    throw '-AtStartup runs the task before anyone logs on, which needs -RunElevated.'
}

$project = (Resolve-Path -LiteralPath $Path).ProviderPath
$folder = if (Test-Path -LiteralPath $project -PathType Leaf) { Split-Path $project } else { $project }
if (-not $TaskName) { $TaskName = "Ragnatramp reconcile ($(Split-Path $folder -Leaf))" }
if (-not $PowerShellPath) {
    $pwsh = Get-Command pwsh.exe -ErrorAction Ignore
    $PowerShellPath = if ($pwsh) { $pwsh.Source } else { (Get-Command powershell.exe).Source }
}

# Single quotes inside the -Command string: a path with spaces stays one argument; ' is doubled.
$quoted = "'" + ($project -replace "'", "''") + "'"
$arguments = "-NoProfile -NonInteractive -Command `"Invoke-RagnaReconcile -Path $quoted -ErrorAction Stop`""
$action = New-ScheduledTaskAction -Execute $PowerShellPath -Argument $arguments -WorkingDirectory $folder

$triggers = @()
if ($IntervalMinutes -gt 0) {
    $triggers += New-ScheduledTaskTrigger -Once -At ((Get-Date).AddMinutes(1)) -RepetitionInterval (New-TimeSpan -Minutes $IntervalMinutes)
}
if ($AtLogOn) { $triggers += New-ScheduledTaskTrigger -AtLogOn -User "$env:USERDOMAIN\$env:USERNAME" }
if ($AtStartup) { $triggers += New-ScheduledTaskTrigger -AtStartup }

$user = "$env:USERDOMAIN\$env:USERNAME"
$principal = if ($AtStartup) {
    # Before anyone logs on: run as the user without storing a password (S4U), elevated.
    New-ScheduledTaskPrincipal -UserId $user -LogonType S4U -RunLevel Highest
} else {
    New-ScheduledTaskPrincipal -UserId $user -LogonType Interactive -RunLevel $(if ($RunElevated) { 'Highest' } else { 'Limited' })
}
# One run at a time (the state is locked anyway); a run stuck on an unreachable guest is stopped.
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -StartWhenAvailable `
    -ExecutionTimeLimit (New-TimeSpan -Minutes 10) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries

$description = "Invoke-RagnaReconcile for $project (Ragnatramp): records the VMs' addresses and syncs every guest's /etc/hosts. Exit code 0 = every guest synced, 1 = discovery failed or a guest's sync failed (run the command with '| Format-List' to see which)."
if ($PSCmdlet.ShouldProcess($TaskName, "Register a scheduled task running: $PowerShellPath $arguments")) {
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $triggers -Principal $principal -Settings $settings `
        -Description $description -Force
}
