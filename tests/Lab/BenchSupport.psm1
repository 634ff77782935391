# The pieces of tests/Lab/Bench.ps1 that start processes and time them: the original design's
# baseline (one OpenSSH client per guest, one after another; one fresh PowerShell per hypervisor
# query), the SSH floor (every guest's OpenSSH client at once), fresh-process measurements, and
# CPU accounting (this process, its children, and the guests' sshd through a control group).

Import-Module (Join-Path $PSScriptRoot '../Common/BuildSupport.psm1')

# The guest-side read-modify-write of the original design: drop the managed block with sed, append
# the new one from standard input, write the file in place (a bind-mounted /etc/hosts refuses a
# rename, so no sed -i). Run under sudo, as the Node.js CLI does.
$script:RewriteCommand = 'sudo -n sh -c ''t=$(mktemp) && sed "/^# BEGIN RAGNATRAMP$/,/^# END RAGNATRAMP$/d" /etc/hosts >"$t" && cat >>"$t" && cat "$t" >/etc/hosts; s=$?; rm -f "$t"; exit $s'''

function Measure-Seconds {
    <# Wall-clock seconds of a script block (its output is discarded). #>
    param([Parameter(Mandatory)] [scriptblock] $Action)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Action
    $watch.Elapsed.TotalSeconds
}

function Get-Median {
    param([double[]] $Values)
    if (-not $Values) { return $null }
    $sorted = @($Values | Sort-Object)
    $mid = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Start-BenchProcess {
    <# Starts a process with arguments passed verbatim; writes -InputText to its standard input, then closes it. #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments = @(), [string] $InputText)
    $info = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    # Both pipes are drained asynchronously, so a chatty process never blocks on a full pipe.
    $output = $process.StandardOutput.ReadToEndAsync()
    $errors = $process.StandardError.ReadToEndAsync()
    if ($InputText) { $process.StandardInput.Write($InputText) }
    $process.StandardInput.Close()
    [pscustomobject]@{ Process = $process; Output = $output; Errors = $errors; What = "$File $($Arguments -join ' ')" }
}

function Wait-BenchProcess {
    <# Waits for a process from Start-BenchProcess; returns its standard output; throws when it failed. #>
    param([Parameter(Mandatory)] $Started, [int] $TimeoutSec = 120)
    if (-not $Started.Process.WaitForExit($TimeoutSec * 1000)) {
        try { $Started.Process.Kill($true) } catch { }
        throw "Bench: '$($Started.What)' did not finish within $TimeoutSec s."
    }
    $Started.Process.WaitForExit()
    $code = $Started.Process.ExitCode
    $Started.Process.Dispose()
    if ($code -ne 0) { throw "Bench: '$($Started.What)' failed (exit $code): $($Started.Errors.Result.Trim())" }
    $Started.Output.Result
}

function Invoke-FreshPwshCommand {
    <# Runs a command in a fresh 'pwsh -NoProfile -NonInteractive' (the same PowerShell as this one); returns its standard output. #>
    param([Parameter(Mandatory)] [string] $Command)
    $commandLine = @(Get-PwshCommandLine)
    $arguments = @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command)
    Wait-BenchProcess (Start-BenchProcess -File $commandLine[0] -Arguments $arguments)
}

function Get-ManagedBlock {
    <# The managed block as the Node.js CLI writes it: every other machine's 'ip name', sorted by name. #>
    param([Parameter(Mandatory)] [hashtable] $Addresses, [Parameter(Mandatory)] [string] $Except)
    $lines = foreach ($name in ($Addresses.Keys | Where-Object { $_ -ne $Except } | Sort-Object)) { "$($Addresses[$name]) $name" }
    (@('# BEGIN RAGNATRAMP', '# Managed by ragnatramp - do not edit this block') + @($lines) + @('# END RAGNATRAMP')) -join "`n"
}

function Start-GuestRewrite {
    <# One OpenSSH client process (BatchMode, the lab key) running the read-modify-write of the guest's /etc/hosts under sudo. #>
    param([Parameter(Mandatory)] $Guest, [Parameter(Mandatory)] [string] $Block, [string] $KexAlgorithms)
    $kex = if ($KexAlgorithms) { @('-o', "KexAlgorithms=$KexAlgorithms") } else { @() }
    $arguments = $kex + @('-F', '/dev/null', '-i', $Guest.KeyFile, '-p', "$($Guest.SshPort)", '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes',
        '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=10',
        "$($Guest.User)@$($Guest.IPv4)", $script:RewriteCommand)
    Start-BenchProcess -File 'ssh' -Arguments $arguments -InputText "$Block`n"
}

function Invoke-BaselineQuery {
    <#
        One hypervisor query the way the Node.js CLI makes it: a fresh PowerShell (powershell.exe
        there, pwsh here) that loads the Hyper-V module (the stand-ins, with the host's VMs read from
        the snapshot) and prints the answer as JSON. Returns the parsed answer.
    #>
    param([Parameter(Mandatory)] [string] $Snapshot, [Parameter(Mandatory)] [string] $Query)
    $fake = Join-Path $PSScriptRoot 'FakeHyperV.psm1'
    $command = "`$ErrorActionPreference = 'Stop'; Import-Module '$fake'; Import-FakeHyperV -Path '$Snapshot'; $Query | ConvertTo-Json -Compress -Depth 3"
    $json = Invoke-FreshPwshCommand -Command $command
    if (-not $json) { return @() }
    @($json | ConvertFrom-Json)
}

function Invoke-Baseline {
    <#
        The original design, timed: one fresh PowerShell for Get-VM, one per VM for its adapters
        (sequential, as the Node.js CLI awaits each), then one OpenSSH client per guest, one after
        another, each rewriting /etc/hosts. The blocks are built from what the queries returned.
    #>
    param([Parameter(Mandatory)] $Guests, [Parameter(Mandatory)] [string] $Snapshot)
    $addresses = @{}
    $hypervisor = Measure-Seconds {
        $vms = Invoke-BaselineQuery -Snapshot $Snapshot -Query 'Get-VM | Select-Object Name, Id, State'
        foreach ($guest in $Guests) {
            if (-not ($vms | Where-Object Name -eq $guest.VMName)) { throw "Bench: the baseline's Get-VM did not list $($guest.VMName)." }
            $adapter = Invoke-BaselineQuery -Snapshot $Snapshot -Query "Get-VMNetworkAdapter -VMName '$($guest.VMName)' | Select-Object VMName, MacAddress, IPAddresses"
            $ipv4 = @($adapter | ForEach-Object IPAddresses | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' })[0]
            if ($ipv4 -ne $guest.IPv4) { throw "Bench: the baseline's query found '$ipv4' for $($guest.VMName), expected $($guest.IPv4)." }
            $addresses[$guest.Name] = $ipv4
        }
    }
    $ssh = Measure-Seconds {
        foreach ($guest in $Guests) {
            $null = Wait-BenchProcess (Start-GuestRewrite -Guest $guest -Block (Get-ManagedBlock -Addresses $addresses -Except $guest.Name))
        }
    }
    [pscustomobject]@{ Total = $hypervisor + $ssh; Hypervisor = $hypervisor; Ssh = $ssh; Queries = 1 + @($Guests).Count }
}

function Invoke-SshFloor {
    <# Every guest's read-modify-write by its own OpenSSH client, all started at once; seconds until the last one ends. #>
    param([Parameter(Mandatory)] $Guests, [string] $KexAlgorithms)
    $addresses = @{}
    foreach ($guest in $Guests) { $addresses[$guest.Name] = $guest.IPv4 }
    $blocks = @{}
    foreach ($guest in $Guests) { $blocks[$guest.Name] = Get-ManagedBlock -Addresses $addresses -Except $guest.Name }
    Measure-Seconds {
        $started = @(foreach ($guest in $Guests) { Start-GuestRewrite -Guest $guest -Block $blocks[$guest.Name] -KexAlgorithms $KexAlgorithms })
        foreach ($one in $started) { $null = Wait-BenchProcess $one }
    }
}

function Get-OwnCpuMs {
    <# CPU time of this process so far (all its threads), in ms. #>
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $process.TotalProcessorTime.TotalMilliseconds
}

function Get-ChildrenCpuMs {
    <# CPU time of this process's children that have ended and been waited for (cutime + cstime of /proc/self/stat), in ms. #>
    $fields = ((Get-Content -Raw /proc/self/stat) -replace '^.*\) ', '') -split ' '
    ([long]$fields[13] + [long]$fields[14]) * 1000.0 / 100    # USER_HZ is 100 on Linux
}

function New-BenchCgroup {
    <#
        A CPU-accounting control group for the guests' sshd (cgroup v1 cpuacct, else v2): every
        session, shell and sudo they start is counted in it, which /proc of the listener alone does
        not see (sessions outlive their parent). Returns $null when neither can be made here.
    #>
    param([Parameter(Mandatory)] [string] $Name)
    foreach ($root in '/sys/fs/cgroup/cpuacct', '/sys/fs/cgroup/unified', '/sys/fs/cgroup') {
        $isV1 = Test-Path (Join-Path $root 'cpuacct.usage')
        $isV2 = Test-Path (Join-Path $root 'cgroup.controllers')
        if (-not ($isV1 -or $isV2)) { continue }
        $path = Join-Path $root $Name
        try {
            New-Item -ItemType Directory -Path $path -ErrorAction Stop | Out-Null
            return [pscustomobject]@{ Path = $path; Root = $root; Version = if ($isV1) { 1 } else { 2 } }
        } catch { continue }
    }
    $null
}

function Add-BenchCgroupProcess {
    param($Cgroup, [int[]] $ProcessId)
    if (-not $Cgroup) { return }
    foreach ($id in $ProcessId) { [IO.File]::WriteAllText((Join-Path $Cgroup.Path 'cgroup.procs'), "$id") }
}

function Get-BenchCgroupCpuMs {
    <# CPU time of everything in the group so far, in ms ($null without a group). #>
    param($Cgroup)
    if (-not $Cgroup) { return $null }
    if ($Cgroup.Version -eq 1) { return [long](Get-Content -Raw (Join-Path $Cgroup.Path 'cpuacct.usage')) / 1e6 }
    $line = Get-Content (Join-Path $Cgroup.Path 'cpu.stat') | Where-Object { $_ -like 'usage_usec *' }
    [long]($line -split ' ')[1] / 1e3
}

function Remove-BenchCgroup {
    <# Moves what is left back to the root group and removes the group. #>
    param($Cgroup)
    if (-not $Cgroup -or -not (Test-Path $Cgroup.Path)) { return }
    foreach ($id in @(Get-Content (Join-Path $Cgroup.Path 'cgroup.procs') -ErrorAction Ignore)) {
        try { [IO.File]::WriteAllText((Join-Path $Cgroup.Root 'cgroup.procs'), "$id") } catch { }
    }
    # rmdir, as for any control group (its files are the kernel's, not children to delete).
    try { [IO.Directory]::Delete($Cgroup.Path, $false) } catch { Write-Warning "Could not remove the control group $($Cgroup.Path): $($_.Exception.Message)" }
}

Export-ModuleMember -Function Measure-Seconds, Get-Median, Start-BenchProcess, Wait-BenchProcess, Invoke-FreshPwshCommand,
    Get-ManagedBlock, Start-GuestRewrite, Invoke-BaselineQuery, Invoke-Baseline, Invoke-SshFloor,
    Get-OwnCpuMs, Get-ChildrenCpuMs, New-BenchCgroup, Add-BenchCgroupProcess, Get-BenchCgroupCpuMs, Remove-BenchCgroup
