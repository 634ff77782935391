# The state lock across processes (issue 11): sixteen processes that all find the same stale lock at
# once and then make 200 updates each lose none of them, and Ctrl+C (PowerShell.Stop()) during a wait
# for the lock ends the command within 2 s, leaving the state, no temporary file and no lock of its own.
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns

    function New-StateFolder {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory -Force (Join-Path $dir '.ragnatramp') | Out-Null
        $dir
    }

    function Get-IsoNow([datetime] $Time = [datetime]::UtcNow) { $Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'") }

    function Write-LockFile([string] $Path, [int] $ProcessId, [datetime] $Started) {
        # A lock as Ragnatramp writes it: holder process, host, since, its start time and a token.
        $holder = [ordered]@{ pid = $ProcessId; host = [Environment]::MachineName; since = Get-IsoNow; processStartedAt = Get-IsoNow $Started; token = 'pester' }
        [IO.File]::WriteAllText($Path, ($holder | ConvertTo-Json))
    }
}

Describe 'The state lock' {
    It 'lets sixteen processes break one stale lock at once and keeps all of their 3200 updates' {
        $dir = New-StateFolder
        $state = Join-Path $dir '.ragnatramp/state.json'
        [IO.File]::WriteAllText($state, "{`n  `"version`": 1,`n  `"configHash`": `"deadbeef`",`n  `"configPath`": `"/p/ragnatramp.yaml`",`n  `"project`": `"0`",`n  `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n  `"updatedAt`": `"2026-01-30T10:00:00.000Z`",`n  `"vms`": {}`n}")
        # The stale lock: its process has exited.
        $dead = Start-Process -FilePath true -PassThru
        $dead.WaitForExit()
        Write-LockFile "$state.lock" $dead.Id ([datetime]::UtcNow.AddMinutes(-5))
        $go = Join-Path $dir 'go'

        $child = Join-Path $dir 'updater.ps1'
        Set-Content -Path $child -Value @"
Import-Module '$env:RAGNATRAMP_MODULE'
`$assembly = [Ragnatramp.VmAddress].Assembly
`$storeType = `$assembly.GetType('Ragnatramp.State.StateStore', `$true)
`$docType = `$assembly.GetType('Ragnatramp.State.StateDocument', `$true)
`$store = [Activator]::CreateInstance(`$storeType, [object[]]@('$state', [TimeSpan]::FromMinutes(10)))
`$project = `$docType.GetProperty('Project')
`$change = { param(`$doc) `$project.SetValue(`$doc, [string]([int]`$project.GetValue(`$doc) + 1)); `$doc } -as [Func``2].MakeGenericType(`$docType, `$docType)
`$update = `$storeType.GetMethod('Update')
while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 20 }
for (`$i = 0; `$i -lt 200; `$i++) { `$null = `$update.Invoke(`$store, [object[]]@(`$change, [Threading.CancellationToken]::None)) }
"@
        $commandLine = @(Get-PwshCommandLine)
        $processes = foreach ($n in 1..16) {
            $info = [System.Diagnostics.ProcessStartInfo]::new($commandLine[0])
            foreach ($a in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $child)) { $info.ArgumentList.Add($a) }
            $info.RedirectStandardError = $true
            $info.RedirectStandardOutput = $true
            [System.Diagnostics.Process]::Start($info)
        }
        $errors = foreach ($process in $processes) { $process.StandardError.ReadToEndAsync() }
        $outputs = foreach ($process in $processes) { $process.StandardOutput.ReadToEndAsync() }
        # All of them start updating together, so all of them meet the stale lock.
        Start-Sleep -Seconds 2
        New-Item -ItemType File $go | Out-Null
        for ($i = 0; $i -lt $processes.Count; $i++) {
            $processes[$i].WaitForExit()
            $processes[$i].ExitCode | Should -Be 0 -Because "$($outputs[$i].Result)$($errors[$i].Result)"
            $errors[$i].Result | Should -BeNullOrEmpty
        }

        (Get-Content -Raw $state | ConvertFrom-Json).project | Should -Be '3200'
        @(Get-ChildItem -Force (Split-Path $state) | ForEach-Object Name | Sort-Object) | Should -Be @('state.json', 'state.json.lock.break') -Because 'no lock, no temporary file (the unheld .break guard stays)'
    }

    It 'ends Invoke-RagnaReconcile within 2 s of Ctrl+C while it waits for the lock, leaving the state and no file of its own' {
        Reset-FakeHyperV
        $dir = New-StateFolder
        $config = Join-Path $dir 'ragnatramp.yaml'
        Set-Content -Path $config -NoNewline -Value "project:`n  name: demo`nmachines:`n  - name: web`nsettings:`n  address_timeout: 0`n"
        $vmName = (Get-RagnaConfig -Path $dir).VMName
        $vmId = [guid]::NewGuid()
        $state = Join-Path $dir '.ragnatramp/state.json'
        [IO.File]::WriteAllText($state, "{`n  `"version`": 1,`n  `"configHash`": `"1a2b3c4d`",`n  `"configPath`": `"$config`",`n  `"project`": `"demo`",`n  `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n  `"updatedAt`": `"2026-01-30T10:00:00.000Z`",`n  `"vms`": {`n    `"web`": {`n      `"id`": `"$vmId`",`n      `"name`": `"$vmName`",`n      `"machineName`": `"web`",`n      `"network`": {`n        `"ipv4`": `"10.99.0.5`",`n        `"ipv6`": [],`n        `"mac`": `"00155D000001`",`n        `"adapterName`": `"Network Adapter`",`n        `"discoveredAt`": `"2026-01-30T10:05:00.000Z`",`n        `"source`": `"arp`"`n      }`n    }`n  }`n}")
        $before = [IO.File]::ReadAllBytes($state)
        # The VM is off now: a change to record, so the reconcile must take the lock, which this (live) process holds.
        $world = Join-Path $dir 'world.ps1'
        Set-Content -Path $world -Value @(
            "Import-Module '$RepoRoot/tests/Lab/FakeHyperV.psm1' -Global", "Import-Module '$env:RAGNATRAMP_MODULE'",
            "`$null = Add-FakeVM '$vmName' -Id '$vmId' -State Off -Notes `"ragnatramp:v0.1.0``nconfig:$config``nmanaged:true`" -Adapters @{ MacAddress = '00155D000001' }")
        Write-LockFile "$state.lock" $PID (Get-Process -Id $PID).StartTime
        $lockBytes = [IO.File]::ReadAllBytes("$state.lock")

        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript(". '$world'; Invoke-RagnaReconcile -Path '$dir' -Verbose")
            $handle = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not @($ps.Streams.Verbose | Where-Object { "$_" -match 'State file .*VM\(s\) recorded' }) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Seconds 1
            $handle.IsCompleted | Should -BeFalse -Because 'it waits for the lock'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            try { $null = $ps.EndInvoke($handle) } catch [System.Management.Automation.PipelineStoppedException] { }
        } finally { $ps.Dispose() }

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        [IO.File]::ReadAllBytes($state) | Should -Be $before
        [IO.File]::ReadAllBytes("$state.lock") | Should -Be $lockBytes -Because 'the live holder''s lock is left alone'
        @(Get-ChildItem -Force (Split-Path $state) | ForEach-Object Name | Sort-Object) | Should -Be @('state.json', 'state.json.lock')
    }
}
