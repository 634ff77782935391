#Requires -Version 7.4
<#
.SYNOPSIS
    The benchmark: Ragnatramp against the original design, on the lab, in the same run.
.DESCRIPTION
    Runs as root on Linux (build.ps1 -Task Bench starts it with $env:RAGNATRAMP_MODULE set).
    For each guest count it starts a lab (tests/Lab/RagnaLab.psm1: real sshd per guest, every guest
    reporting its address through KVP) with a project folder (ragnatramp.yaml and the state the
    Node.js CLI writes), and measures, round by round:
      - Invoke-RagnaReconcile with addresses known and every /etc/hosts already current (a second
        run) and with every /etc/hosts reset to its initial content (not current);
      - the baseline, the original design: one fresh PowerShell per hypervisor query (Get-VM, then
        Get-VMNetworkAdapter per VM, one after another, as the Node.js CLI spawns powershell.exe),
        then one OpenSSH client process per guest, one after another, each doing the read-modify-
        write of /etc/hosts under sudo. It rewrites every guest either way, so one baseline per
        round serves both situations;
      - Sync-RagnaHosts of addresses already discovered, against the floor: every guest's
        read-modify-write by its own OpenSSH client, all started at once (client, sshd and sudo of
        all guests share this machine's CPUs).
    Then: how long after a delayed guest's address appears Get-RagnaVmAddress returns it (KVP and
    neighbour-table guests, random delays); hypervisor calls per poll round at 3 and 25 VMs (from
    the stand-ins' call log); Import-Module time over a bare 'pwsh -NoProfile -c 1' (fresh
    processes); the peak memory of a reconcile of the largest project in its own process.
    Prints a table with the targets and writes <OutDir>/bench.json. Tears every lab down on exit,
    failure and Ctrl+C; labs of other runs on this machine are left alone.
.PARAMETER Rounds
    Rounds per guest count (default 5 up to 10 guests, 3 above; 1 with -Quick).
.PARAMETER Quick
    A short smoke run: 3 guests, one round, two samples of everything else.
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
    [switch] $Quick
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $IsLinux -or (& id -u) -ne '0') {
    Write-Host 'The benchmark runs on the lab (network namespaces, users and an SSH server per guest): it needs root on Linux (try: sudo dotnet pwsh ./build.ps1 -Task Bench).' -ForegroundColor Red
    exit 1
}

[int[]] $Sizes = if ($Sizes) { @($Sizes -split ',' | Where-Object { $_.Trim() } | ForEach-Object { [int]$_ }) } elseif ($Quick) { @(3) } else { @(3, 10, 25) }
if ($Sizes | Where-Object { $_ -lt 2 -or $_ -gt 100 }) { Write-Host "-Sizes takes guest counts from 2 to 100 (got $($Sizes -join ', '))." -ForegroundColor Red; exit 1 }
$Sizes = @($Sizes | Sort-Object -Unique)
if (-not $AddressSamples) { $AddressSamples = if ($Quick) { 2 } else { 8 } }
if (-not $ImportSamples) { $ImportSamples = if ($Quick) { 2 } else { 7 } }
$TargetSize = if (10 -in $Sizes) { 10 } else { $Sizes[-1] }    # the targets speak of 10 guests
$MemorySize = if (25 -in $Sizes) { 25 } else { $Sizes[-1] }
$PollVmCounts = 3, 25
function Get-Rounds([int] $Size) {
    if ($Rounds) { return $Rounds }
    if ($Quick) { return 1 }
    if ($Size -le 10) { 5 } else { 3 }
}

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
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
    [pscustomobject]@{ Folder = $folder; Lab = $lab; Guests = $lab.Guests }
}

function Stop-BenchLab($Lab) {
    Stop-RagnaLab -Lab $Lab
    [void]$script:Labs.Remove($Lab)
}

function Set-GuestHosts([object[]] $Guests, [hashtable] $Content) {
    # Written from the host into each guest's own file (the one bind-mounted over its /etc/hosts), in place.
    foreach ($guest in $Guests) { [IO.File]::WriteAllText($guest.HostsPath, $Content[$guest.Name]) }
}

function Get-GuestHosts([object[]] $Guests) {
    $content = @{}
    foreach ($guest in $Guests) { $content[$guest.Name] = [IO.File]::ReadAllText($guest.HostsPath) }
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
    Write-Step "$Size guests: starting the lab"
    $project = New-BenchProject -Size $Size
    $guests = @($project.Guests)
    $snapshot = Join-Path $script:WorkDir "hyperv-$Size.json"
    Export-FakeHyperV -Path $snapshot
    $initial = Get-GuestHosts $guests

    # First run: pins every host key, records the addresses, writes every guest.
    $null = Invoke-Reconcile $project.Folder 'Updated' $Size
    $current = Get-GuestHosts $guests

    $oursCurrent = @(); $oursStale = @(); $baseline = @(); $baselineHv = @(); $baselineSsh = @()
    $sync = @(); $floor = @()
    for ($round = 1; $round -le $rounds; $round++) {
        Write-Host "  round $round of $($rounds): reconcile (hosts current, not current), baseline, sync, floor"
        Set-GuestHosts $guests $current
        $oursCurrent += Invoke-Reconcile $project.Folder 'Unchanged' $Size
        Set-GuestHosts $guests $initial
        $oursStale += Invoke-Reconcile $project.Folder 'Updated' $Size
        Set-GuestHosts $guests $initial
        $b = Invoke-Baseline -Guests $guests -Snapshot $snapshot
        $baseline += $b.Total; $baselineHv += $b.Hypervisor; $baselineSsh += $b.Ssh

        # The SSH part alone: the product's sync of known addresses against all OpenSSH clients at once.
        $addresses = @(Get-RagnaVmAddress -Path $project.Folder -TimeoutSec 0)
        Set-GuestHosts $guests $initial
        $sync += Measure-Seconds {
            $results = @($addresses | Sync-RagnaHosts -Path $project.Folder -WarningAction SilentlyContinue)
            Assert-SyncStatus $results 'Updated' $Size 'Sync-RagnaHosts'
        }
        Set-GuestHosts $guests $initial
        $floor += Invoke-SshFloor -Guests $guests
    }

    $memory = $null
    if ($Size -eq $MemorySize) { $memory = Measure-ReconcileMemory -Project $project -Snapshot $snapshot -Initial $initial }
    Stop-BenchLab $project.Lab

    $baselineMedian = Get-Median $baseline
    # The stand-ins compile their enum types in every fresh process, which Windows' Hyper-V module does
    # not: a lower bound for the baseline counts each query process as a bare 'pwsh -NoProfile -c 1'.
    $baselineFloor = $script:Report.import.bareSeconds * (1 + $Size) + (Get-Median $baselineSsh)
    foreach ($situation in @(@{ Name = 'hosts current'; Key = 'current'; Ours = $oursCurrent }, @{ Name = 'hosts not current'; Key = 'notCurrent'; Ours = $oursStale })) {
        $oursMedian = Get-Median $situation.Ours
        # Each round's pair ran back to back, so its ratio rides out the load swings of a shared machine.
        $pairRatios = @(for ($i = 0; $i -lt $rounds; $i++) { $baseline[$i] / $situation.Ours[$i] })
        $script:Report.reconcile += [ordered]@{
            guests = $Size; situation = $situation.Key; rounds = $rounds
            oursSeconds = Round3 $oursMedian; baselineSeconds = Round3 $baselineMedian
            ratio = [math]::Round($baselineMedian / $oursMedian, 2); ratioRoundMedian = [math]::Round((Get-Median $pairRatios), 2)
            baselineHypervisorSeconds = Round3 (Get-Median $baselineHv); baselineSshSeconds = Round3 (Get-Median $baselineSsh)
            baselineQueryProcesses = 1 + $Size
            baselineLowerBoundSeconds = Round3 $baselineFloor; ratioLowerBound = [math]::Round($baselineFloor / $oursMedian, 2)
            oursSamples = @($situation.Ours | ForEach-Object { Round3 $_ }); baselineSamples = @($baseline | ForEach-Object { Round3 $_ })
        }
    }
    $syncMedian = Get-Median $sync
    $floorMedian = Get-Median $floor
    $script:Report.sync += [ordered]@{
        guests = $Size; rounds = $rounds; oursSeconds = Round3 $syncMedian; floorSeconds = Round3 $floorMedian
        ratioToFloor = [math]::Round($syncMedian / $floorMedian, 2)
        ratioToFloorRoundMedian = [math]::Round((Get-Median @(for ($i = 0; $i -lt $rounds; $i++) { $sync[$i] / $floor[$i] })), 2)
        oursSamples = @($sync | ForEach-Object { Round3 $_ }); floorSamples = @($floor | ForEach-Object { Round3 $_ })
    }
    if ($memory) { $script:Report.memory = $memory }
}

function Measure-ReconcileMemory($Project, [string] $Snapshot, [hashtable] $Initial) {
    # A scheduled task's run: a fresh process imports the module and reconciles (writing every guest).
    Write-Host "  peak memory of a $(@($Project.Guests).Count)-guest reconcile in its own process"
    Set-GuestHosts @($Project.Guests) $Initial
    $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$fakeHyperV' -Global
Import-FakeHyperV -Path '$Snapshot'
Import-Module '$modulePath'
function Get-Hwm { [long]((Select-String -Path /proc/self/status -Pattern '^VmHWM:\s+(\d+) kB').Matches[0].Groups[1].Value) }
`$ready = Get-Hwm
`$r = Invoke-RagnaReconcile -Path '$($Project.Folder)' -WarningAction SilentlyContinue
[pscustomobject]@{ Success = `$r.Success; Updated = @(`$r.HostsSync | Where-Object { "`$(`$_.Status)" -eq 'Updated' }).Count; ReadyKb = `$ready; PeakKb = Get-Hwm } | ConvertTo-Json -Compress
"@
    $answer = Invoke-FreshPwshCommand -Command $command | ConvertFrom-Json
    if (-not $answer.Success -or $answer.Updated -ne @($Project.Guests).Count) { throw "Bench: the reconcile in its own process did not update every guest: $($answer | ConvertTo-Json -Compress)" }
    [ordered]@{
        guests = @($Project.Guests).Count
        peakRssMB = [math]::Round($answer.PeakKb / 1024, 1)
        beforeReconcileRssMB = [math]::Round($answer.ReadyKb / 1024, 1)
        reconcileRssMB = [math]::Round(($answer.PeakKb - $answer.ReadyKb) / 1024, 1)
    }
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
    $pass = if ($Relation -eq '>=') { $Value -ge $Limit } else { $Value -le $Limit }
    [ordered]@{ name = $Name; figure = $Figure; value = $Value; relation = $Relation; limit = $Limit; pass = [bool]$pass }
}

function Write-BenchTable {
    $r = $script:Report
    $rows = @(
        foreach ($row in $r.reconcile) {
            [pscustomobject]@{
                Figure = "Reconcile, $($row.guests) guests, $(if ($row.situation -eq 'current') { 'hosts current' } else { 'hosts not current' })"
                Ours = '{0:0.000} s' -f $row.oursSeconds; Reference = 'baseline {0:0.000} s' -f $row.baselineSeconds; Ratio = '{0:0.0}x faster (per round {1:0.0}x; lower bound {2:0.0}x)' -f $row.ratio, $row.ratioRoundMedian, $row.ratioLowerBound
            }
        }
        foreach ($row in $r.sync) {
            [pscustomobject]@{ Figure = "Hosts sync, $($row.guests) guests"; Ours = '{0:0.000} s' -f $row.oursSeconds; Reference = 'floor {0:0.000} s' -f $row.floorSeconds; Ratio = '{0:0.00}x floor (per round {1:0.00}x)' -f $row.ratioToFloor, $row.ratioToFloorRoundMedian }
        }
        [pscustomobject]@{ Figure = 'Address reported after it appears'; Ours = 'median {0:0.000} s' -f $r.address.medianSeconds; Reference = 'max {0:0.000} s' -f $r.address.maxSeconds; Ratio = '' }
        [pscustomobject]@{ Figure = 'The same, 250 ms per Hyper-V call'; Ours = 'median {0:0.000} s' -f $r.addressSlowHyperV.medianSeconds; Reference = 'max {0:0.000} s' -f $r.addressSlowHyperV.maxSeconds; Ratio = '' }
        foreach ($row in $r.pollCalls) {
            [pscustomobject]@{ Figure = "Hypervisor calls per poll round, $($row.vms) VMs"; Ours = "$($row.callsPerRound)"; Reference = "baseline $($row.baselineQueriesPerRound) processes"; Ratio = '' }
        }
        [pscustomobject]@{ Figure = 'Import-Module over bare pwsh'; Ours = '{0:0.000} s' -f $r.import.overheadSeconds; Reference = 'bare {0:0.000} s, with import {1:0.000} s' -f $r.import.bareSeconds, $r.import.importSeconds; Ratio = '' }
        [pscustomobject]@{ Figure = "Peak memory, $($r.memory.guests)-guest reconcile (own process)"; Ours = '{0:0.0} MB' -f $r.memory.peakRssMB; Reference = '{0:0.0} MB before reconcile' -f $r.memory.beforeReconcileRssMB; Ratio = '' }
    )
    # Wide enough for every column whatever the console (build logs, pipes).
    $rows | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
    $r.targets | ForEach-Object {
        [pscustomobject]@{ Target = $_.name; Value = $_.value; Limit = "$($_.relation) $($_.limit)"; Result = if ($_.pass) { 'pass' } else { 'MISS' } }
    } | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
}

#endregion

$script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ('ragnatramp-bench-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
$script:Labs = [System.Collections.Generic.List[object]]::new()
$script:LastResult = $null
$script:Report = [ordered]@{
    schema = 1
    command = if ($Quick) { 'tests/Lab/Bench.ps1 -Quick' } else { 'dotnet pwsh ./build.ps1 -Task Bench' }
    quick = [bool]$Quick
    startedAt = [datetime]::UtcNow.ToString('o')
    machine = [ordered]@{ cpus = [Environment]::ProcessorCount; loadAverageAtStart = (Get-Content /proc/loadavg -Raw).Trim(); pwsh = "$($PSVersionTable.PSVersion)" }
    labRuns = @()   # this run's labs (RagnaLab run ids), all removed when it ends
    reconcile = @(); sync = @(); address = $null; addressSlowHyperV = $null; pollCalls = @(); import = $null; memory = $null; targets = @()
}
$exitCode = 0
try {
    New-Item -ItemType Directory -Force $script:WorkDir, $OutDir | Out-Null
    Measure-PollCalls
    Measure-ImportTime
    $script:Report.address = Measure-AddressLatency
    $script:Report.addressSlowHyperV = Measure-AddressLatency -LatencyMs 250
    foreach ($size in $Sizes) {
        Reset-FakeHyperV
        Measure-ProjectSize $size
    }

    $atTarget = $script:Report.reconcile | Where-Object { $_.guests -eq $TargetSize }
    $syncAtTarget = $script:Report.sync | Where-Object { $_.guests -eq $TargetSize }
    $script:Report.targets = @(
        foreach ($row in $atTarget) { Get-Target "Reconcile $TargetSize guests ($($row.situation)): times faster than the baseline" 'reconcile.ratio' $row.ratio 5 '>=' }
        Get-Target "Sync of $TargetSize guests: times the SSH floor" 'sync.ratioToFloor' $syncAtTarget.ratioToFloor 1.5 '<='
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
    Write-Host "Written to $json (load average at start $($script:Report.machine.loadAverageAtStart), at end $($script:Report.machine.loadAverageAtEnd))"
} catch {
    Write-Host "Bench failed: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
    $exitCode = 1
} finally {
    # Reached on success, on failure and on Ctrl+C: every lab of this run goes.
    foreach ($lab in @($script:Labs)) { try { Stop-RagnaLab -Lab $lab } catch { Write-Warning "Stopping lab $($lab.RunId): $_" } }
    Remove-Item -Recurse -Force $script:WorkDir -ErrorAction Ignore
}
exit $exitCode
