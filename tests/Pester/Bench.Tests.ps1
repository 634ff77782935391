# The benchmark (tests/Lab/Bench.ps1) runs start to finish on the lab and reports every figure.
# Only its completeness is checked: speed is the benchmark's business, never a test's. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function Test-Number($Value) { $Value -is [double] -or $Value -is [long] -or $Value -is [int] -or $Value -is [decimal] }
}

Describe 'Bench.ps1 -Quick' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $OutDir = Join-Path ([IO.Path]::GetTempPath()) ('ragna-bench-test-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $OutDir | Out-Null
        # A fresh process, as build.ps1 -Task Bench runs it (RAGNATRAMP_MODULE is set for the suite).
        $Output = Invoke-FreshPwsh -File (Join-Path $RepoRoot 'tests/Lab/Bench.ps1') -Arguments @('-OutDir', $OutDir, '-Quick') 2>&1 | Out-String
        $ExitCode = $LASTEXITCODE
        $JsonPath = Join-Path $OutDir 'bench.json'
        $Report = if (Test-Path $JsonPath) { Get-Content -Raw $JsonPath | ConvertFrom-Json } else { $null }
    }
    AfterAll { Remove-Item -Recurse -Force $OutDir -ErrorAction Ignore }

    It 'finishes with exit code 0 and writes bench.json' {
        $ExitCode | Should -Be 0 -Because $Output
        $Report | Should -Not -BeNullOrEmpty
    }

    It 'measures guests laid out as a VM by default, and says so' {
        $Report.hostsLayout | Should -Be 'dir' -Because 'a VM''s /etc/hosts is a plain file'
        $Output | Should -Match "Guests' /etc/hosts layout: dir"
    }

    It 'removes its labs when it ends' {
        # Only this run's labs (bench.json names them): other runs on this machine may be live.
        @($Report.labRuns).Count | Should -Be 4 -Because 'two labs for the address latency (without and with Hyper-V latency), one each for the 1- and 3-guest projects'
        $namespaces = @(& ip netns list | ForEach-Object { ($_ -split ' ')[0] })
        foreach ($runId in $Report.labRuns) {
            Test-Path "/run/ragnalab/runs/$runId.json" | Should -BeFalse -Because "lab run $runId is no longer registered"
            Test-Path "/tmp/ragnalab-$runId" | Should -BeFalse
            @($namespaces | Where-Object { $_ -like "rl-$runId-*" }) | Should -BeNullOrEmpty
        }
        @(Get-ChildItem /sys/fs/cgroup/cpuacct, /sys/fs/cgroup/unified -Directory -Filter 'ragnatramp-bench-*' -ErrorAction Ignore) | Should -BeNullOrEmpty -Because 'its CPU-accounting group is removed'
    }

    It 'reports reconcile times against the baseline in both situations' {
        $Report.reconcile.situation | Sort-Object | Should -Be @('current', 'notCurrent')
        foreach ($row in $Report.reconcile) {
            $row.guests | Should -Be 3
            foreach ($figure in 'oursSeconds', 'baselineSeconds', 'ratio', 'baselineHypervisorSeconds', 'baselineSshSeconds', 'baselineLowerBoundSeconds', 'ratioLowerBound', 'ratioRoundMedian') {
                Test-Number $row.$figure | Should -BeTrue -Because "reconcile.$figure ($($row.situation)) is a number"
                $row.$figure | Should -BeGreaterThan 0
            }
            @($row.oursSamples).Count | Should -Be $row.rounds
        }
    }

    It 'reports the warm sync, the cold reconcile and both floors at every size, with CPU and memory per guest' {
        $Report.sync.guests | Should -Be @(1, 3)
        foreach ($row in $Report.sync) {
            foreach ($figure in 'oursSeconds', 'floorSeconds', 'floorSameKexSeconds', 'ratioToFloor', 'ratioToFloorRoundMedian', 'ratioToFloorSameKex',
                'coldSeconds', 'coldStandInSeconds', 'coldOursSeconds', 'coldToWarm') {
                Test-Number $row.$figure | Should -BeTrue -Because "sync.$figure ($($row.guests) guests) is a number"
                $row.$figure | Should -BeGreaterThan 0
            }
            foreach ($part in 'pwshStartupSeconds', 'importSeconds', 'reconcileSeconds', 'reconcileAgainSeconds') {
                Test-Number $row.coldParts.$part | Should -BeTrue -Because "coldParts.$part is a number"
            }
            $row.negotiated | Should -Match '^kex \S+, host key ssh-ed25519, cipher \S+, MAC \S+$'
            foreach ($figure in 'ours', 'coldProcessBothRuns', 'floorClient', 'floorSameKexClient', 'oursGuestSide', 'floorGuestSide') {
                Test-Number $row.cpuMsPerGuest.$figure | Should -BeTrue -Because "cpuMsPerGuest.$figure is a number"
            }
            $row.memory.coldPeakMB | Should -BeGreaterOrEqual $row.memory.coldBeforeReconcileMB
            Test-Number $row.memory.growthPerGuestMB | Should -BeTrue
        }
        Test-Number $Report.memoryGrowthPerGuestMB | Should -BeTrue
    }

    It 'reports address latency samples from both sources with their median and max' {
        @($Report.address.samples).Count | Should -Be 2
        $Report.address.samples.source | Sort-Object | Should -Be @('arp', 'hyperv')
        Test-Number $Report.address.medianSeconds | Should -BeTrue
        Test-Number $Report.address.maxSeconds | Should -BeTrue
        $Report.address.maxSeconds | Should -BeGreaterOrEqual $Report.address.medianSeconds
        # The same measurement with every Hyper-V call slowed to a real host's pace.
        $Report.addressSlowHyperV.hyperVCallLatencyMs | Should -Be 250
        @($Report.addressSlowHyperV.samples).Count | Should -Be @($Report.address.samples).Count
        Test-Number $Report.addressSlowHyperV.maxSeconds | Should -BeTrue
    }

    It 'reports hypervisor calls per poll round at 3 and 25 VMs' {
        $Report.pollCalls.vms | Should -Be @(3, 25)
        foreach ($row in $Report.pollCalls) {
            $row.rounds | Should -BeGreaterThan 0
            $row.callsPerRound | Should -BeGreaterThan 0
            # A round is one adapter query (+1: the host vNIC lookup); VM states are read in the first and final round.
            $row.byCommand.'Get-VMNetworkAdapter' | Should -Be ($row.rounds + 1)
            $row.byCommand.'Get-VM' | Should -BeLessOrEqual $row.rounds
        }
    }

    It 'reports import time over a bare pwsh' {
        foreach ($figure in 'bareSeconds', 'importSeconds', 'overheadSeconds') { Test-Number $Report.import.$figure | Should -BeTrue -Because "import.$figure" }
    }

    It 'judges every target and prints it' {
        $Report.targets.figure | Sort-Object -Unique | Should -Be @('address.maxSeconds', 'addressSlowHyperV.maxSeconds', 'import.overheadSeconds', 'reconcile.ratio', 'sync.coldToWarm', 'sync.ratioToFloor', 'sync.ratioToFloorSameKex')
        foreach ($target in $Report.targets) {
            $target.pass | Should -BeOfType [bool]
            $Output | Should -Match ([regex]::Escape($target.name))
        }
    }
}

Describe 'Bench.ps1 -Quick -HostsLayout bind' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $OutDir = Join-Path ([IO.Path]::GetTempPath()) ('ragna-bench-test-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $OutDir | Out-Null
        # The worst case (every write in place), kept short: one guest, one sample of the rest.
        $Output = Invoke-FreshPwsh -File (Join-Path $RepoRoot 'tests/Lab/Bench.ps1') -Arguments @('-OutDir', $OutDir, '-Quick', '-HostsLayout', 'bind', '-Sizes', '1', '-NoBaseline', '-AddressSamples', '1', '-ImportSamples', '1') 2>&1 | Out-String
        $ExitCode = $LASTEXITCODE
        $JsonPath = Join-Path $OutDir 'bench.json'
        $Report = if (Test-Path $JsonPath) { Get-Content -Raw $JsonPath | ConvertFrom-Json } else { $null }
    }
    AfterAll { Remove-Item -Recurse -Force $OutDir -ErrorAction Ignore }

    It 'measures the sync and the floor against bind-mounted /etc/hosts and records the layout' {
        $ExitCode | Should -Be 0 -Because $Output
        $Report.hostsLayout | Should -Be 'bind'
        $Output | Should -Match "Guests' /etc/hosts layout: bind"
        $Report.sync.guests | Should -Be @(1)
        foreach ($figure in 'oursSeconds', 'floorSeconds', 'floorSameKexSeconds', 'coldOursSeconds') { $Report.sync[0].$figure | Should -BeGreaterThan 0 }
    }
}
