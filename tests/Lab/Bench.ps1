#Requires -Version 7.4
<#
.SYNOPSIS
    The benchmark: Ragnatramp against the SSH floor and the original design, on the lab, in the same run.
.DESCRIPTION
    Runs as root on Linux (build.ps1 -Task Bench starts it with $env:RAGNATRAMP_MODULE set).
    For each guest count it starts a lab (tests/Lab/RagnaLab.psm1: real sshd per guest, every guest
    reporting its address through KVP) with a project folder (ragnatramp.yaml and the state the
    Node.js CLI writes), and measures, round by round, every guest's /etc/hosts reset before each (laid
    out as -HostsLayout says: by default a plain file, as on a VM):
      - Invoke-RagnaReconcile in this process with addresses known and every /etc/hosts already
        current (a second run) and not current;
      - at 10 guests, the baseline, the original design: one fresh PowerShell per hypervisor query
        (Get-VM, then Get-VMNetworkAdapter per VM, one after another, as the Node.js CLI spawns
        powershell.exe), then one OpenSSH client process per guest, one after another, each doing
        the read-modify-write of /etc/hosts under sudo;
      - Sync-RagnaHosts warm (this process, the module used before) of addresses already discovered;
      - Invoke-RagnaReconcile cold: a new 'pwsh -NoProfile' as Task Scheduler starts it (the Hyper-V
        stand-ins' own import is timed inside it and reported apart);
      - the floor: every guest's read-modify-write under sudo by its own OpenSSH client, all started
        at once, once with OpenSSH's default algorithms (as users run it) and once with the key
        exchange Ragnatramp negotiated (read from -Verbose), so the comparison is of implementations.
    Each is the median of the rounds. CPU time per guest: this process (warm sync), the cold
    process, the OpenSSH clients (children), and on the guests' side everything their sshd starts
    (a cpuacct control group around the lab's sshd). Memory: the cold process's peak RSS, before the
    reconcile and after, and its growth per guest. One guest against one OpenSSH client is the
    "plain ssh round trip plus the sudo write".
    Then: how long after a delayed guest's address appears Get-RagnaVmAddress returns it (KVP and
    neighbour-table guests, random delays); hypervisor calls per poll round at 3 and 25 VMs (from
    the stand-ins' call log); Import-Module time over a bare 'pwsh -NoProfile -c 1' (fresh processes).
    Prints a table with the targets and writes <OutDir>/bench.json. Tears every lab down on exit,
    failure and Ctrl+C; labs of other runs on this machine are left alone. Figures are only as quiet
    as the machine: the load average at start and end is in bench.json.
.PARAMETER Sizes
    Guest counts (default 1, 10, 25, 50; 1 and 3 with -Quick).
.PARAMETER Rounds
    Rounds per guest count (default 5 up to 10 guests, 3 above; 1 with -Quick).
.PARAMETER NoBaseline
    Leave out the original design's baseline (the slowest part: about 15 s a round).
.PARAMETER HostsLayout
    How the guests' /etc/hosts is laid out (tests/Lab/RagnaLab.psm1): 'dir' (default), a plain file
    in a private /etc as on a real VM, so the write takes its rename path; 'bind', the file that
    'ip netns exec' bind-mounts over /etc/hosts, which cannot be renamed over, so every write takes
    the in-place path (a checked copy of the old bytes first): the worst case. The floor and ours run
    against the same guests.
.PARAMETER Quick
    A short smoke run: 1 and 3 guests, one round, two samples of everything else.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh tests/Lab/Bench.ps1 -OutDir /tmp/bench -Quick
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $OutDir,
    # Guest counts, e.g. 3,10 (a string too, as 'pwsh -File' passes it).
    [string[]] $Sizes,
    [ValidateRange(1, 100)] [int] $Rounds,
    [ValidateRange(1, 100)] [int] $AddressSamples,
    [ValidateRange(1, 100)] [int] $ImportSamples,
    [switch] $NoBaseline,
    [ValidateSet('dir', 'bind')] [string] $HostsLayout = 'dir',
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $IsLinux -or (& id -u) -ne '0') {
    Write-Host 'The benchmark runs on the lab (network namespaces, users and an SSH server per guest): it needs root on Linux (try: sudo dotnet pwsh ./build.ps1 -Task Bench).' -ForegroundColor Red
    exit 1
}

[int[]] $Sizes = if ($Sizes) { @($Sizes -split ',' | Where-Object { $_.Trim() } | ForEach-Object { [int]$_ }) } elseif ($Quick) { @(1, 3) } else { @(1, 10, 25, 50) }
if ($Sizes | Where-Object { $_ -lt 1 -or $_ -gt 100 }) { Write-Host "-Sizes takes guest counts from 1 to 100 (got $($Sizes -join ', '))." -ForegroundColor Red; exit 1 }
$Sizes = @($Sizes | Sort-Object -Unique)
if (-not $AddressSamples) { $AddressSamples = if ($Quick) { 2 } else { 8 } }
if (-not $ImportSamples) { $ImportSamples = if ($Quick) { 2 } else { 7 } }
$TargetSize = if (10 -in $Sizes) { 10 } else { $Sizes[-1] }    # the targets speak of 10 guests
$PollVmCounts = 3, 25
function Get-Rounds([int] $Size) {
    if ($Rounds) { return $Rounds }
    if ($Quick) { return 1 }
    if ($Size -le 10) { 5 } else { 3 }
}

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
# Host keys are pinned in a pin store of this run's own, never the user's (~/.local/share/ragnatramp).
if (-not $env:RAGNATRAMP_KNOWN_HOSTS) { $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path ([IO.Path]::GetTempPath()) "ragnatramp-bench-$PID/known_hosts" }
$modulePath = if ($env:RAGNATRAMP_MODULE) { $env:RAGNATRAMP_MODULE } else { Join-Path $repoRoot 'out/Ragnatramp/Ragnatramp.psd1' }
$fakeHyperV = Join-Path $PSScriptRoot 'FakeHyperV.psm1'
Import-Module $modulePath
Import-Module $fakeHyperV -Global
Import-Module (Join-Path $PSScriptRoot 'RagnaLab.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1')

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }
function Round3([double] $Value) { [math]::Round($Value, 3) }

#region The project a lab guest set belongs to

function Write-BenchConfig([string] $Path, [string[]] $Machines, $Lab) {
    # The project layout users write: ragnatramp.yaml (the Node.js CLI's keys), Ragnatramp's settings beside it.
    $list = ($Machines | ForEach-Object { "  - name: $_" }) -join "`n"
    Set-Content -Path $Path -NoNewline -Value "project:`n  name: bench`ndefaults:`n  cpu: 2`n  memory: 2048`n  base_image: C:/HyperV/Golden/ubuntu.vhdx`nmachines:`n$list`n"
    $ssh = if ($Lab) { "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`n" } else { '' }
    Set-Content -Path (Join-Path (Split-Path $Path) 'ragnatramp.reconcile.yaml') -NoNewline -Value "$($ssh)settings:`n  switch_name: Default Switch`n  address_timeout: 30`n"
}

function ConvertTo-JsTimestamp([datetime] $Time) { $Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'") }

function New-BenchProject {
    <# A project folder with N machines, a lab whose guests are its VMs (marker in Notes), and the state the Node.js CLI wrote. #>
    param([int] $Size, [hashtable] $Extra = @{})
    $folder = Join-Path $script:WorkDir "project-$Size"
    New-Item -ItemType Directory -Force (Join-Path $folder '.ragnatramp') | Out-Null
    $configPath = Join-Path $folder 'ragnatramp.yaml'
    $machines = @(1..$Size | ForEach-Object { 'g{0:d2}' -f $_ })
    Write-BenchConfig -Path $configPath -Machines $machines -Lab $null
    $vmNames = @{}
    foreach ($machine in Get-RagnaConfig -Path $folder) { $vmNames[$machine.MachineName] = $machine.VMName }
    $notes = "ragnatramp:v0.1.0`nconfig:$configPath`nmanaged:true"
    $specs = @(foreach ($machine in $machines) { @{ Name = $machine; VMName = $vmNames[$machine]; Notes = $notes } + $Extra })
    $lab = Start-RagnaLab -Guests $specs
    $script:Labs.Add($lab)
    # Where each guest's /etc/hosts is seen from here, whatever the layout (fixed while the lab runs).
    $hostsPaths = @{}
    foreach ($guest in $lab.Guests) { $hostsPaths[$guest.Name] = Get-RagnaLabGuestHostsPath -Lab $lab -Name $guest.Name }
    $script:Report.labRuns += $lab.RunId
    Write-BenchConfig -Path $configPath -Machines $machines -Lab $lab

    $created = ConvertTo-JsTimestamp ([datetime]::UtcNow.AddMinutes(-30))
    $vms = [ordered]@{}
    foreach ($guest in $lab.Guests) {
        $vms[$guest.Name] = [ordered]@{
            id = $guest.VMId.ToString(); name = $guest.VMName; machineName = $guest.Name
            diskPath = "C:\HyperV\bench\$($guest.VMName).vhdx"; createdAt = $created; checkpoints = @()
        }
    }
    $hash = (-join ([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes($configPath)) | ForEach-Object { $_.ToString('x2') })).Substring(0, 8)
    [ordered]@{ version = 1; configHash = $hash; configPath = $configPath; project = 'bench'; createdAt = $created; updatedAt = $created; vms = $vms } |
        ConvertTo-Json -Depth 6 | Set-Content (Join-Path $folder '.ragnatramp/state.json')
    [pscustomobject]@{ Folder = $folder; Lab = $lab; Guests = $lab.Guests; HostsPaths = $hostsPaths }
}

function Stop-BenchLab($Lab) {
    Stop-RagnaLab -Lab $Lab
    [void]$script:Labs.Remove($Lab)
}

function Set-GuestHosts($Project, [hashtable] $Content) {
    # A reset, outside the timed parts: written from the host into each guest's /etc/hosts as the guest sees it, in place.
    foreach ($name in $Project.HostsPaths.Keys) { [IO.File]::WriteAllText($Project.HostsPaths[$name], $Content[$name]) }
}

function Get-GuestHosts($Project) {
    $content = @{}
    foreach ($name in $Project.HostsPaths.Keys) { $content[$name] = [IO.File]::ReadAllText($Project.HostsPaths[$name]) }
    $content
}

function Assert-SyncStatus($Results, [string] $Expected, [int] $Count, [string] $What) {
    $statuses = @($Results | ForEach-Object { "$($_.Status)" })
    $good = @($statuses | Where-Object { $_ -eq $Expected }).Count
    if ($good -ne $Count) {
        $detail = ($Results | ForEach-Object { "$($_.VMName): $($_.Status) $($_.Reason)" }) -join '; '
        throw "Bench: $What expected $Count guests '$Expected', got $($statuses -join ', '): $detail"
    }
}

function Invoke-Reconcile([string] $Folder, [string] $Expected, [int] $Count) {
    $result = $null
    $seconds = Measure-Seconds { $script:LastResult = Invoke-RagnaReconcile -Path $Folder -WarningAction SilentlyContinue }
    $result = $script:LastResult
    if (-not $result.Success) { throw "Bench: Invoke-RagnaReconcile failed: $($result.Warnings -join '; ')" }
    Assert-SyncStatus $result.HostsSync $Expected $Count 'Invoke-RagnaReconcile'
    $seconds
}

#endregion

#region Measurements

function Measure-ProjectSize([int] $Size) {
    $rounds = Get-Rounds $Size
    Write-Step "$Size guest(s): starting the lab"
    $project = New-BenchProject -Size $Size -Extra @{ HostsLayout = $HostsLayout }
    $guests = @($project.Guests)
    $snapshot = Join-Path $script:WorkDir "hyperv-$Size.json"
    Export-FakeHyperV -Path $snapshot
    $initial = Get-GuestHosts $project
    $resetFile = Join-Path $script:WorkDir "initial-$Size.json"
    $byPath = [ordered]@{}
    foreach ($guest in $guests) { $byPath[$project.HostsPaths[$guest.Name]] = $initial[$guest.Name] }
    $byPath | ConvertTo-Json | Set-Content $resetFile
    # Every process the guests' sshd starts (sessions, shells, sudo) is counted in this group.
    Add-BenchCgroupProcess $script:Cgroup @($guests | ForEach-Object SshdPid)

    # First run: pins every host key, records the addresses, writes every guest.
    $null = Invoke-Reconcile $project.Folder 'Updated' $Size
    $current = Get-GuestHosts $project
    $addresses = @(Get-RagnaVmAddress -Path $project.Folder -TimeoutSec 0)
    $negotiated = Get-NegotiatedAlgorithms $project.Folder $addresses
    $kex = if ($negotiated -match '^kex (\S+),') { $Matches[1] } else { throw "Bench: no key exchange in '$negotiated'." }
    $withBaseline = $Size -eq $TargetSize -and -not $NoBaseline

    $s = @{}
    foreach ($k in 'oursCurrent', 'oursStale', 'baseline', 'baselineHv', 'baselineSsh', 'sync', 'syncCpu', 'syncGuestCpu', 'cold', 'coldStandIn', 'coldCpu', 'coldGuestCpu', 'coldStartup', 'coldImport', 'coldReconcile', 'coldReconcileAgain',
        'coldReadyMB', 'coldPeakMB', 'floor', 'floorCpu', 'floorGuestCpu', 'floorSame', 'floorSameCpu', 'floorSameGuestCpu') { $s[$k] = [System.Collections.Generic.List[double]]::new() }
    for ($round = 1; $round -le $rounds; $round++) {
        Write-Host "  round $round of $($rounds): $(if ($Size -gt 1) { 'reconcile (hosts current, not current), ' })$(if ($withBaseline -and $round -le 3) { 'baseline, ' })sync, cold reconcile, floor, floor with $kex"
        if ($Size -gt 1) {
            Set-GuestHosts $project $current
            $s.oursCurrent.Add((Invoke-Reconcile $project.Folder 'Unchanged' $Size))
            Set-GuestHosts $project $initial
            $s.oursStale.Add((Invoke-Reconcile $project.Folder 'Updated' $Size))
        }
        # The baseline takes 15 s or more a round: three rounds of it are enough for its median.
        if ($withBaseline -and $round -le 3) {
            Set-GuestHosts $project $initial
            $b = Invoke-Baseline -Guests $guests -Snapshot $snapshot
            $s.baseline.Add($b.Total); $s.baselineHv.Add($b.Hypervisor); $s.baselineSsh.Add($b.Ssh)
        }

        # Warm: the module loaded and used before, addresses known; every guest's /etc/hosts not current.
        Set-GuestHosts $project $initial
        $cpu = Get-OwnCpuMs; $guestCpu = Get-BenchCgroupCpuMs $script:Cgroup
        $s.sync.Add((Measure-Seconds {
            $results = @($addresses | Sync-RagnaHosts -Path $project.Folder -WarningAction SilentlyContinue)
            Assert-SyncStatus $results 'Updated' $Size 'Sync-RagnaHosts'
        }))
        $s.syncCpu.Add((Get-OwnCpuMs) - $cpu); Add-GuestCpu $s.syncGuestCpu $guestCpu

        # Cold: a new pwsh -NoProfile, as Task Scheduler starts it, reconciling the project.
        Set-GuestHosts $project $initial
        $cold = Invoke-ColdReconcile -Folder $project.Folder -Snapshot $snapshot -Size $Size -ResetFile $resetFile
        $s.cold.Add($cold.Seconds); $s.coldStandIn.Add($cold.StandInSeconds); $s.coldStartup.Add($cold.StartupSeconds); $s.coldImport.Add($cold.ImportSeconds); $s.coldReconcile.Add($cold.ReconcileSeconds); $s.coldReconcileAgain.Add($cold.ReconcileAgainSeconds); $s.coldCpu.Add($cold.CpuMs); $s.coldGuestCpu.Add($cold.GuestCpuMs)
        $s.coldReadyMB.Add($cold.ReadyMB); $s.coldPeakMB.Add($cold.PeakMB)

        # The floor: every guest's own OpenSSH client at once, with its defaults, then with our key exchange.
        foreach ($floor in @(@{ Key = 'floor'; Kex = $null }, @{ Key = 'floorSame'; Kex = $kex })) {
            Set-GuestHosts $project $initial
            $cpu = Get-ChildrenCpuMs; $guestCpu = Get-BenchCgroupCpuMs $script:Cgroup
            $s[$floor.Key].Add((Invoke-SshFloor -Guests $guests -KexAlgorithms $floor.Kex))
            $s["$($floor.Key)Cpu"].Add((Get-ChildrenCpuMs) - $cpu); Add-GuestCpu $s["$($floor.Key)GuestCpu"] $guestCpu
        }
    }
    Stop-BenchLab $project.Lab

    if ($Size -gt 1) {
        $baselineMedian = Get-Median $s.baseline
        # The stand-ins compile their enum types in every fresh process, which Windows' Hyper-V module does
        # not: a lower bound for the baseline counts each query process as a bare 'pwsh -NoProfile -c 1'.
        $baselineFloor = if ($withBaseline) { $script:Report.import.bareSeconds * (1 + $Size) + (Get-Median $s.baselineSsh) } else { $null }
        foreach ($situation in @(@{ Key = 'current'; Ours = $s.oursCurrent }, @{ Key = 'notCurrent'; Ours = $s.oursStale })) {
            $oursMedian = Get-Median $situation.Ours
            $row = [ordered]@{ guests = $Size; situation = $situation.Key; rounds = $rounds; oursSeconds = Round3 $oursMedian; oursSamples = @($situation.Ours | ForEach-Object { Round3 $_ }) }
            if ($withBaseline) {
                # Each round's pair ran back to back, so its ratio rides out the load swings of a shared machine.
                $pairRatios = @(for ($i = 0; $i -lt $s.baseline.Count; $i++) { $s.baseline[$i] / $situation.Ours[$i] })
                $extra = [ordered]@{
                    baselineSeconds = Round3 $baselineMedian; ratio = [math]::Round($baselineMedian / $oursMedian, 2); ratioRoundMedian = [math]::Round((Get-Median $pairRatios), 2)
                    baselineHypervisorSeconds = Round3 (Get-Median $s.baselineHv); baselineSshSeconds = Round3 (Get-Median $s.baselineSsh)
                    baselineQueryProcesses = 1 + $Size; baselineLowerBoundSeconds = Round3 $baselineFloor; ratioLowerBound = [math]::Round($baselineFloor / $oursMedian, 2)
                    baselineSamples = @($s.baseline | ForEach-Object { Round3 $_ }); baselineRounds = $s.baseline.Count
                }
                foreach ($key in $extra.Keys) { $row[$key] = $extra[$key] }
            }
            $script:Report.reconcile += $row
        }
    }

    $sync = Get-Median $s.sync; $floor = Get-Median $s.floor; $floorSame = Get-Median $s.floorSame
    # A scheduled run of ours: pwsh starting, Import-Module, the reconcile (not the stand-ins, not the second run).
    $coldOurs = @(for ($i = 0; $i -lt $rounds; $i++) { $s.coldStartup[$i] + $s.coldImport[$i] + $s.coldReconcile[$i] })
    $perGuest = { param($Values) [math]::Round((Get-Median $Values) / $Size, 1) }
    $script:Report.sync += [ordered]@{
        guests = $Size; rounds = $rounds; negotiated = $negotiated; floorDefaultKex = $script:OpenSshDefaultKex
        oursSeconds = Round3 $sync; floorSeconds = Round3 $floor; floorSameKexSeconds = Round3 $floorSame
        ratioToFloor = [math]::Round($sync / $floor, 2)
        ratioToFloorRoundMedian = [math]::Round((Get-Median @(for ($i = 0; $i -lt $rounds; $i++) { $s.sync[$i] / $s.floor[$i] })), 2)
        ratioToFloorSameKex = [math]::Round($sync / $floorSame, 2)
        ratioToFloorSameKexRoundMedian = [math]::Round((Get-Median @(for ($i = 0; $i -lt $rounds; $i++) { $s.sync[$i] / $s.floorSame[$i] })), 2)
        coldSeconds = Round3 (Get-Median $s.cold); coldStandInSeconds = Round3 (Get-Median $s.coldStandIn); coldOursSeconds = Round3 (Get-Median $coldOurs)
        coldToWarm = [math]::Round((Get-Median $coldOurs) / $sync, 2)
        # Where a cold run's time goes: pwsh starting (to the first line of the command), Import-Module, the reconcile itself.
        coldParts = [ordered]@{ pwshStartupSeconds = Round3 (Get-Median $s.coldStartup); importSeconds = Round3 (Get-Median $s.coldImport); reconcileSeconds = Round3 (Get-Median $s.coldReconcile); reconcileAgainSeconds = Round3 (Get-Median $s.coldReconcileAgain) }
        cpuMsPerGuest = [ordered]@{
            ours = & $perGuest $s.syncCpu; oursGuestSide = & $perGuest $s.syncGuestCpu
            coldProcessBothRuns = & $perGuest $s.coldCpu; coldGuestSideBothRuns = & $perGuest $s.coldGuestCpu
            floorClient = & $perGuest $s.floorCpu; floorGuestSide = & $perGuest $s.floorGuestCpu
            floorSameKexClient = & $perGuest $s.floorSameCpu; floorSameKexGuestSide = & $perGuest $s.floorSameGuestCpu
        }
        memory = [ordered]@{
            coldBeforeReconcileMB = [math]::Round((Get-Median $s.coldReadyMB), 1); coldPeakMB = [math]::Round((Get-Median $s.coldPeakMB), 1)
            growthPerGuestMB = [math]::Round(((Get-Median $s.coldPeakMB) - (Get-Median $s.coldReadyMB)) / $Size, 2)
        }
        oursSamples = @($s.sync | ForEach-Object { Round3 $_ }); floorSamples = @($s.floor | ForEach-Object { Round3 $_ }); floorSameKexSamples = @($s.floorSame | ForEach-Object { Round3 $_ })
        coldSamples = @($s.cold | ForEach-Object { Round3 $_ }); coldStandInSamples = @($s.coldStandIn | ForEach-Object { Round3 $_ })
    }
}

function Add-GuestCpu($List, $Before) {
    # Sessions end a moment after the client does: give the guests' last processes time to be counted.
    if ($null -eq $Before) { $List.Add([double]::NaN); return }
    Start-Sleep -Milliseconds 300
    $List.Add((Get-BenchCgroupCpuMs $script:Cgroup) - $Before)
}

function Get-NegotiatedAlgorithms([string] $Folder, $Addresses) {
    # What Ragnatramp's SSH sessions settle on, from -Verbose (one guest is enough: they are all alike).
    $lines = @($Addresses | Select-Object -First 1 | Sync-RagnaHosts -Path $Folder -Verbose -WarningAction SilentlyContinue 4>&1 |
        Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    $line = $lines | Where-Object { $_ -match ': SSH kex ' } | Select-Object -First 1
    if (-not $line) { throw "Bench: -Verbose named no negotiated algorithms: $($lines -join ' | ')" }
    $line -replace '^.*?: SSH ', ''
}

function Invoke-ColdReconcile([string] $Folder, [string] $Snapshot, [int] $Size, [string] $ResetFile) {
    <#
        A scheduled task's run: a new 'pwsh -NoProfile' imports the module and reconciles (writing
        every guest). The Hyper-V stand-ins are loaded first and their import is timed inside, so it
        can be taken out: on Windows that is the Hyper-V module's business, not ours.
    #>
    $command = @"
`$ErrorActionPreference = 'Stop'
`$startup = ([datetime]::Now - [Diagnostics.Process]::GetCurrentProcess().StartTime).TotalSeconds
`$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$fakeHyperV' -Global
Import-FakeHyperV -Path '$Snapshot'
`$standIn = `$watch.Elapsed.TotalSeconds
function Get-Hwm { [long]((Select-String -Path /proc/self/status -Pattern '^VmHWM:\s+(\d+) kB').Matches[0].Groups[1].Value) }
`$ready = Get-Hwm
`$watch.Restart()
Import-Module '$modulePath'
`$import = `$watch.Elapsed.TotalSeconds
`$watch.Restart()
`$r = Invoke-RagnaReconcile -Path '$Folder' -WarningAction SilentlyContinue
`$reconcile = `$watch.Elapsed.TotalSeconds
`$peak = Get-Hwm
# The same run again in the same process (every /etc/hosts reset): what is left once the code is loaded and compiled.
foreach (`$entry in (Get-Content -Raw '$ResetFile' | ConvertFrom-Json).PSObject.Properties) { [IO.File]::WriteAllText(`$entry.Name, `$entry.Value) }
`$watch.Restart()
`$again = Invoke-RagnaReconcile -Path '$Folder' -WarningAction SilentlyContinue
`$reconcileAgain = `$watch.Elapsed.TotalSeconds
[pscustomobject]@{ Success = `$r.Success; Updated = @(`$r.HostsSync | Where-Object { "`$(`$_.Status)" -eq 'Updated' }).Count; Startup = `$startup; StandIn = `$standIn; Import = `$import; Reconcile = `$reconcile; ReconcileAgain = `$reconcileAgain; AgainUpdated = @(`$again.HostsSync | Where-Object { "`$(`$_.Status)" -eq 'Updated' }).Count; ReadyKb = `$ready; PeakKb = `$peak } | ConvertTo-Json -Compress
"@
    $cpu = Get-ChildrenCpuMs; $guestCpu = Get-BenchCgroupCpuMs $script:Cgroup
    $answer = $null
    $seconds = Measure-Seconds { $script:ColdAnswer = Invoke-FreshPwshCommand -Command $command }
    $answer = $script:ColdAnswer | ConvertFrom-Json
    $cpuMs = (Get-ChildrenCpuMs) - $cpu
    $guestList = [System.Collections.Generic.List[double]]::new(); Add-GuestCpu $guestList $guestCpu
    if (-not $answer.Success -or $answer.Updated -ne $Size -or $answer.AgainUpdated -ne $Size) { throw "Bench: the reconcile in its own process did not update every guest: $($answer | ConvertTo-Json -Compress)" }
    [pscustomobject]@{ Seconds = $seconds; StartupSeconds = $answer.Startup; StandInSeconds = $answer.StandIn; ImportSeconds = $answer.Import; ReconcileSeconds = $answer.Reconcile; ReconcileAgainSeconds = $answer.ReconcileAgain; CpuMs = $cpuMs; GuestCpuMs = $guestList[0]; ReadyMB = $answer.ReadyKb / 1024; PeakMB = $answer.PeakKb / 1024 }
}

function Measure-AddressLatency {
    # Two guests whose address is not there yet (their own delayed DHCP never comes during the run):
    # the bench gives it at a random moment while Get-RagnaVmAddress polls, and notes when it appeared.
    # -LatencyMs makes every Hyper-V call that slow (a real host's Get-VM and friends take about a quarter second).
    param([int] $LatencyMs = 0)
    Write-Step "Address latency: $AddressSamples samples (KVP and neighbour-table guests alternating), $LatencyMs ms per Hyper-V call"
    Reset-FakeHyperV -LatencyMs $LatencyMs
    $lab = Start-RagnaLab -Guests @(@{ Name = 'kvp'; AddressDelaySec = 86400 }, @{ Name = 'arp'; Kvp = $false; AddressDelaySec = 86400 })
    $script:Labs.Add($lab)
    $script:Report.labRuns += $lab.RunId
    $samples = @()
    try {
        for ($i = 0; $i -lt $AddressSamples; $i++) {
            $guest = $lab.Guests[$i % 2]
            & ip -n $guest.Namespace -4 addr flush dev eth0
            & ip neigh flush dev $lab.Bridge to $guest.IPv4 2>$null
            $stamp = Join-Path $script:WorkDir "appeared-$i"
            $delay = [math]::Round(0.3 + (Get-Random -Maximum 4700) / 1000, 3)
            # KVP reports the address once it is on the interface; the neighbour table once the guest has talked to the host.
            $script = "sleep $delay; ip -n '$($guest.Namespace)' addr add '$($guest.IPv4)/24' dev eth0 || exit 1; " +
                $(if ($guest.Kvp) { "date +%s.%N >'$stamp'; " } else { '' }) +
                "ip netns exec '$($guest.Namespace)' ping -q -c 1 -W 2 '$($lab.HostAddress)' >/dev/null 2>&1; " +
                $(if ($guest.Kvp) { '' } else { "date +%s.%N >'$stamp'" })
            $giver = Start-BenchProcess -File 'bash' -Arguments @('-c', $script)
            $address = Get-RagnaVmAddress -Name $guest.VMName -TimeoutSec 30
            $returned = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() / 1000.0
            $null = Wait-BenchProcess $giver
            if ($address.IPv4 -ne $guest.IPv4) { throw "Bench: Get-RagnaVmAddress returned '$($address.IPv4)' for $($guest.Name), expected $($guest.IPv4)." }
            $appeared = [double]::Parse((Get-Content -Raw $stamp).Trim(), [cultureinfo]::InvariantCulture)
            $latency = $returned - $appeared
            Write-Host ("  {0} ({1}): appeared after {2:0.000} s, reported {3:0.000} s later" -f $guest.Name, $address.Source, $delay, $latency)
            $samples += [ordered]@{ source = $address.Source; delaySeconds = $delay; latencySeconds = Round3 $latency }
        }
    } finally {
        Stop-BenchLab $lab
    }
    $latencies = @($samples | ForEach-Object { $_.latencySeconds })
    Reset-FakeHyperV
    [ordered]@{
        hyperVCallLatencyMs = $LatencyMs
        samples = $samples; medianSeconds = Round3 (Get-Median $latencies); maxSeconds = Round3 (($latencies | Measure-Object -Maximum).Maximum)
    }
}

function Measure-PollCalls {
    # Running VMs whose DHCP has not settled: KVP works but reports no address, the neighbour table
    # has nothing for them. Every round asks Hyper-V; the call log says how many calls a round costs.
    Write-Step 'Hypervisor calls per poll round'
    $script:Report.pollCalls = @()
    foreach ($count in $PollVmCounts) {
        Reset-FakeHyperV
        Add-FakeNeighbor -IPAddress '172.31.255.1' -LinkLayerAddress '00155DFFFFFF'
        foreach ($n in 1..$count) { $null = Add-FakeVM -Name ('poll-{0:d2}' -f $n) }
        Clear-FakeHyperVCall
        $null = Get-RagnaVmAddress -Name 'poll-*' -TimeoutSec 2 -ErrorAction SilentlyContinue
        $calls = @(Get-FakeHyperVCall)
        # A round is one adapter query (VM states and KVP health are read every 10 s and in the final round).
        $rounds = @($calls | Where-Object { $_.Command -eq 'Get-VMNetworkAdapter' -and -not $_.Parameters.ContainsKey('ManagementOS') }).Count
        $byCommand = [ordered]@{}
        foreach ($group in $calls | Group-Object Command | Sort-Object Name) { $byCommand[$group.Name] = $group.Count }
        $perRound = [math]::Round($calls.Count / [math]::Max(1, $rounds), 2)
        Write-Host "  $count VMs: $($calls.Count) calls in $rounds rounds = $perRound per round ($(($byCommand.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join ', '))"
        $script:Report.pollCalls += [ordered]@{ vms = $count; rounds = $rounds; calls = $calls.Count; callsPerRound = $perRound; byCommand = $byCommand; baselineQueriesPerRound = 1 + $count }
    }
    Reset-FakeHyperV
}

function Measure-ImportTime {
    Write-Step "Import-Module Ragnatramp over a bare pwsh: $ImportSamples fresh processes each, interleaved"
    $bare = @(); $import = @()
    for ($i = 0; $i -lt $ImportSamples; $i++) {
        $bare += Measure-Seconds { Invoke-FreshPwshCommand -Command '1' }
        $import += Measure-Seconds { Invoke-FreshPwshCommand -Command "Import-Module '$modulePath'" }
    }
    $bareMedian = Get-Median $bare
    $importMedian = Get-Median $import
    $script:Report.import = [ordered]@{
        samples = $ImportSamples; bareSeconds = Round3 $bareMedian; importSeconds = Round3 $importMedian; overheadSeconds = Round3 ($importMedian - $bareMedian)
        bareSamples = @($bare | ForEach-Object { Round3 $_ }); importSamples = @($import | ForEach-Object { Round3 $_ })
    }
}

#endregion

#region Report

function Get-Target([string] $Name, [string] $Figure, $Value, [double] $Limit, [string] $Relation) {
    $pass = switch ($Relation) { '>=' { $Value -ge $Limit } '<' { $Value -lt $Limit } default { $Value -le $Limit } }
    [ordered]@{ name = $Name; figure = $Figure; value = $Value; relation = $Relation; limit = $Limit; pass = [bool]$pass }
}

function Write-BenchTable {
    $r = $script:Report
    Write-Host "Guests' /etc/hosts layout: $($r.hostsLayout) ($(if ($r.hostsLayout -eq 'dir') { 'a plain file, as on a VM: the write renames' } else { 'a bind mount: every write in place, the worst case' })); the floor ran against the same guests."
    $rows = @(
        foreach ($row in $r.reconcile) {
            $versus = if ($row.Contains('baselineSeconds')) { 'baseline {0:0.000} s' -f $row.baselineSeconds } else { '' }
            $ratio = if ($row.Contains('ratio')) { '{0:0.0}x faster (per round {1:0.0}x; lower bound {2:0.0}x)' -f $row.ratio, $row.ratioRoundMedian, $row.ratioLowerBound } else { '' }
            [pscustomobject]@{ Figure = "Reconcile in this process, $($row.guests) guests, $(if ($row.situation -eq 'current') { 'hosts current' } else { 'hosts not current' })"; Ours = '{0:0.000} s' -f $row.oursSeconds; Reference = $versus; Ratio = $ratio }
        }
        foreach ($row in $r.sync) {
            [pscustomobject]@{ Figure = "Sync-RagnaHosts warm, $($row.guests) guest(s)"; Ours = '{0:0.000} s' -f $row.oursSeconds; Reference = 'floor {0:0.000} s, same kex {1:0.000} s' -f $row.floorSeconds, $row.floorSameKexSeconds; Ratio = '{0:0.00}x floor (per round {1:0.00}x), {2:0.00}x same kex' -f $row.ratioToFloor, $row.ratioToFloorRoundMedian, $row.ratioToFloorSameKex }
            [pscustomobject]@{ Figure = "Invoke-RagnaReconcile cold, $($row.guests) guest(s)"; Ours = '{0:0.000} s' -f $row.coldOursSeconds; Reference = 'process {0:0.000} s with the stand-ins'' import {1:0.000} s and a second run' -f $row.coldSeconds, $row.coldStandInSeconds; Ratio = '{0:0.00}x the warm sync (pwsh start {1:0.000} s, import {2:0.000} s, reconcile {3:0.000} s, again in that process {4:0.000} s)' -f $row.coldToWarm, $row.coldParts.pwshStartupSeconds, $row.coldParts.importSeconds, $row.coldParts.reconcileSeconds, $row.coldParts.reconcileAgainSeconds }
            $c = $row.cpuMsPerGuest
            [pscustomobject]@{ Figure = "CPU per guest, $($row.guests) guest(s) (client + guest side)"; Ours = '{0:0.0} + {1:0.0} ms' -f $c.ours, $c.oursGuestSide; Reference = 'floor {0:0.0} + {1:0.0} ms, same kex {2:0.0} + {3:0.0} ms' -f $c.floorClient, $c.floorGuestSide, $c.floorSameKexClient, $c.floorSameKexGuestSide; Ratio = '' }
            [pscustomobject]@{ Figure = "Memory, cold reconcile of $($row.guests) guest(s)"; Ours = 'peak {0:0.0} MB' -f $row.memory.coldPeakMB; Reference = '{0:0.0} MB before the reconcile' -f $row.memory.coldBeforeReconcileMB; Ratio = '+{0:0.00} MB per guest' -f $row.memory.growthPerGuestMB }
        }
        [pscustomobject]@{ Figure = 'Address reported after it appears'; Ours = 'median {0:0.000} s' -f $r.address.medianSeconds; Reference = 'max {0:0.000} s' -f $r.address.maxSeconds; Ratio = '' }
        [pscustomobject]@{ Figure = 'The same, 250 ms per Hyper-V call'; Ours = 'median {0:0.000} s' -f $r.addressSlowHyperV.medianSeconds; Reference = 'max {0:0.000} s' -f $r.addressSlowHyperV.maxSeconds; Ratio = '' }
        foreach ($row in $r.pollCalls) {
            [pscustomobject]@{ Figure = "Hypervisor calls per poll round, $($row.vms) VMs"; Ours = "$($row.callsPerRound)"; Reference = "baseline $($row.baselineQueriesPerRound) processes"; Ratio = '' }
        }
        [pscustomobject]@{ Figure = 'Import-Module over bare pwsh'; Ours = '{0:0.000} s' -f $r.import.overheadSeconds; Reference = 'bare {0:0.000} s, with import {1:0.000} s' -f $r.import.bareSeconds, $r.import.importSeconds; Ratio = '' }
    )
    # Wide enough for every column whatever the console (build logs, pipes).
    $rows | Format-Table -AutoSize | Out-String -Width 240 | Write-Host
    if ($null -ne $r.memoryGrowthPerGuestMB) { Write-Host ("Memory growth per guest (cold process peak, {0} to {1} guests): {2:0.00} MB" -f $r.sync[0].guests, $r.sync[-1].guests, $r.memoryGrowthPerGuestMB) }
    if ($r.sync) { Write-Host "Negotiated by Ragnatramp: $($r.sync[0].negotiated); by the floor with OpenSSH's defaults: kex $($r.sync[0].floorDefaultKex)" }
    $r.targets | ForEach-Object {
        [pscustomobject]@{ Target = $_.name; Value = $_.value; Limit = "$($_.relation) $($_.limit)"; Result = if ($_.pass) { 'pass' } else { 'MISS' } }
    } | Format-Table -AutoSize | Out-String -Width 240 | Write-Host
}

#endregion

$script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ('ragnatramp-bench-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
$script:Labs = [System.Collections.Generic.List[object]]::new()
$script:LastResult = $null
$script:ColdAnswer = $null
$script:Cgroup = $null
# The lab's sshd is this machine's OpenSSH, so its client's first key exchange is the one the floor negotiates.
$script:OpenSshDefaultKex = "$((& ssh -G -F /dev/null ragnatramp.invalid 2>$null | Where-Object { $_ -like 'kexalgorithms *' }) -replace '^kexalgorithms ', '' -replace ',.*$', '')"
$script:Report = [ordered]@{
    schema = 3
    command = if ($Quick) { "tests/Lab/Bench.ps1 -Quick -HostsLayout $HostsLayout" } else { "dotnet pwsh ./build.ps1 -Task Bench (tests/Lab/Bench.ps1 -HostsLayout $HostsLayout)" }
    quick = [bool]$Quick
    # The guests' /etc/hosts: 'dir' a plain file (a VM's; the write renames), 'bind' a bind mount (written in place).
    hostsLayout = $HostsLayout
    startedAt = [datetime]::UtcNow.ToString('o')
    machine = [ordered]@{ cpus = [Environment]::ProcessorCount; loadAverageAtStart = (Get-Content /proc/loadavg -Raw).Trim(); pwsh = "$($PSVersionTable.PSVersion)"; openssh = "$(& ssh -V 2>&1)" }
    labRuns = @()   # this run's labs (RagnaLab run ids), all removed when it ends
    reconcile = @(); sync = @(); memoryGrowthPerGuestMB = $null; address = $null; addressSlowHyperV = $null; pollCalls = @(); import = $null; targets = @()
}
$exitCode = 0
try {
    New-Item -ItemType Directory -Force $script:WorkDir, $OutDir | Out-Null
    $script:Cgroup = New-BenchCgroup -Name (Split-Path $script:WorkDir -Leaf)
    if (-not $script:Cgroup) { Write-Warning 'No CPU-accounting control group could be made here: the guests'' CPU is not reported.' }
    Measure-PollCalls
    Measure-ImportTime
    $script:Report.address = Measure-AddressLatency
    $script:Report.addressSlowHyperV = Measure-AddressLatency -LatencyMs 250
    foreach ($size in $Sizes) {
        Reset-FakeHyperV
        Measure-ProjectSize $size
    }

    # Memory per guest as the guest count grows: the cold process's peak, smallest to largest project.
    $grown = @($script:Report.sync)
    if ($grown.Count -ge 2) {
        $script:Report.memoryGrowthPerGuestMB = [math]::Round(($grown[-1].memory.coldPeakMB - $grown[0].memory.coldPeakMB) / ($grown[-1].guests - $grown[0].guests), 2)
    }
    $atTarget = @($script:Report.reconcile | Where-Object { $_.guests -eq $TargetSize -and $_.Contains('ratio') })
    $syncAtTarget = $script:Report.sync | Where-Object { $_.guests -eq $TargetSize }
    $script:Report.targets = @(
        foreach ($row in $atTarget) { Get-Target "Reconcile $TargetSize guests ($($row.situation)): times faster than the baseline" 'reconcile.ratio' $row.ratio 5 '>=' }
        foreach ($row in $script:Report.sync) {
            if ($row.guests -eq 1) {
                Get-Target 'One guest: times one OpenSSH round trip with the sudo write (OpenSSH defaults)' 'sync.ratioToFloor' $row.ratioToFloor 1.1 '<='
                Get-Target 'One guest: times one OpenSSH round trip with the sudo write (same key exchange)' 'sync.ratioToFloorSameKex' $row.ratioToFloorSameKex 1.1 '<='
            } else {
                Get-Target "Sync-RagnaHosts of $($row.guests) guests: times the floor (OpenSSH defaults)" 'sync.ratioToFloor' $row.ratioToFloor 1.2 '<='
                Get-Target "Sync-RagnaHosts of $($row.guests) guests: times the floor (same key exchange)" 'sync.ratioToFloorSameKex' $row.ratioToFloorSameKex 1.2 '<='
            }
        }
        if ($syncAtTarget) { Get-Target "Cold Invoke-RagnaReconcile of $TargetSize guests: times the warm Sync-RagnaHosts" 'sync.coldToWarm' $syncAtTarget.coldToWarm 2 '<' }
        Get-Target 'Address reported after it appears (max, s)' 'address.maxSeconds' $script:Report.address.maxSeconds 0.5 '<='
        Get-Target 'Address reported after it appears, 250 ms per Hyper-V call (max, s)' 'addressSlowHyperV.maxSeconds' $script:Report.addressSlowHyperV.maxSeconds 0.5 '<='
        Get-Target 'Import-Module over bare pwsh (s)' 'import.overheadSeconds' $script:Report.import.overheadSeconds 0.5 '<='
    )
    $script:Report.machine.loadAverageAtEnd = (Get-Content /proc/loadavg -Raw).Trim()
    $script:Report.finishedAt = [datetime]::UtcNow.ToString('o')
    $json = Join-Path $OutDir 'bench.json'
    $script:Report | ConvertTo-Json -Depth 8 | Set-Content -Path $json
    Write-Step 'Results'
    Write-BenchTable
    Write-Host "Written to $json (guests' /etc/hosts layout $HostsLayout; load average at start $($script:Report.machine.loadAverageAtStart), at end $($script:Report.machine.loadAverageAtEnd))"
} catch {
    Write-Host "Bench failed: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
    $exitCode = 1
} finally {
    # Reached on success, on failure and on Ctrl+C: every lab of this run goes, then its control group.
    foreach ($lab in @($script:Labs)) { try { Stop-RagnaLab -Lab $lab } catch { Write-Warning "Stopping lab $($lab.RunId): $_" } }
    Remove-BenchCgroup $script:Cgroup
    Remove-Item -Recurse -Force $script:WorkDir -ErrorAction Ignore
}
exit $exitCode
