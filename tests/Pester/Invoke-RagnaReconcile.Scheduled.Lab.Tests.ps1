# Invoke-RagnaReconcile as Task Scheduler runs it (a real child 'pwsh -NoProfile -Command ...
# -ErrorAction Stop') against lab guests, and a state the Node.js CLI rewrites from a stale copy.
# The project uses the documented layout: ragnatramp.yaml as the Node.js CLI accepts it, the SSH
# login in ragnatramp.reconcile.yaml. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab
    $FakeHyperV = Join-Path $RepoRoot 'tests/Lab/FakeHyperV.psm1'

    function Write-Reconcile([string] $Text) { [IO.File]::WriteAllText((Join-Path $Project 'ragnatramp.reconcile.yaml'), $Text) }

    function Invoke-ScheduledRun([string] $Then = '') {
        <#
            The documented task command in a child pwsh (after loading the Hyper-V stand-ins it needs
            here), optionally piped on ($Then, e.g. '| Format-List'); returns exit code, stdout, stderr.
        #>
        Export-FakeHyperV -Path $Snapshot
        $command = "Import-Module '$FakeHyperV' -Global; Import-FakeHyperV -Path '$Snapshot'; Import-Module '$env:RAGNATRAMP_MODULE'; " +
                   "Invoke-RagnaReconcile -Path '$Project' -ErrorAction Stop $Then"
        $commandLine = @(Get-PwshCommandLine)
        $arguments = @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-Command', $command)
        $stderrFile = Join-Path $Project 'stderr.txt'
        $stdout = (& $commandLine[0] @arguments 2>$stderrFile) -join "`n"
        $exitCode = $LASTEXITCODE
        $plain = { param($text) $text -replace '\x1b\[[0-9;]*m', '' } # without the colours PowerShell puts on list labels
        [pscustomobject]@{ ExitCode = $exitCode; Stdout = & $plain $stdout; Stderr = & $plain ((Get-Content -Raw $stderrFile -ErrorAction Ignore) + '') }
    }

    function Read-State { Get-Content -Raw $StatePath | ConvertFrom-Json -AsHashtable }
}

Describe 'Invoke-RagnaReconcile as a scheduled task' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $RealHostsBefore = (Get-FileHash -Algorithm SHA256 /etc/hosts).Hash
        # Pins and per-user files of this run stay in a private folder, never in this machine's profile.
        $Private = Join-Path ([IO.Path]::GetTempPath()) ('ragnatramp-sched-home-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory -Force $Private | Out-Null

        $P = New-PesterLabProject 'sched-lab' "project:`n  name: sched`ndefaults:`n  base_image: C:/HyperV/Golden/ubuntu.vhdx`nmachines:`n  - name: web`n  - name: db`n  - name: cache`n"
        $Project, $ConfigPath, $StatePath = $P.Root, $P.ConfigPath, $P.StatePath
        $Snapshot = Join-Path $Project 'hyperv.json'
        $vmNames, $notes = $P.VmNames, $P.Marker
        $Lab = Start-PesterLab -PrivateRoot $Private -Guests @(
            @{ Name = 'web'; VMName = $vmNames.web; Kvp = $true; Notes = $notes }
            @{ Name = 'db'; VMName = $vmNames.db; Kvp = $false; Notes = $notes }
            @{ Name = 'cache'; VMName = $vmNames.cache; Running = $false; Notes = $notes }
        )
        $Login = "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`nsettings:`n  address_timeout: 20`nmachines:`n  web:`n    aliases: [www]`n"
        Write-Reconcile $Login
        $Web = Get-RagnaLabGuest -Lab $Lab -Name web
        $Db = Get-RagnaLabGuest -Lab $Lab -Name db
        $Cache = Get-RagnaLabGuest -Lab $Lab -Name cache
        Write-PesterLabState $P $Lab sched
    }

    AfterAll {
        Stop-PesterLab $Lab
        if ($Project) { Remove-Item -Recurse -Force $Project -ErrorAction Ignore }
        if ($Private) { Remove-Item -Recurse -Force $Private -ErrorAction Ignore }
    }

    It 'exits 0 when every guest was synced, printing the result' {
        $run = Invoke-ScheduledRun
        $run.ExitCode | Should -Be 0 -Because $run.Stderr
        $run.Stdout | Should -Match 'sched\s+True\s+False' -Because 'the result shows in its table view'
        $run.Stderr | Should -Not -Match 'HostsSyncFailed'
        [IO.File]::ReadAllText($Db.HostsPath) | Should -Match "$([regex]::Escape($Web.IPv4)) web www"
        (Read-State).vms.db.network.ipv4 | Should -Be $Db.IPv4
    }

    It 'exits 1 when a guest failed, after printing the result; the error names the guest and why' {
        Write-Reconcile ($Login + "  db:`n    ssh: { user: nosuchuser }`n")
        try {
            $run = Invoke-ScheduledRun
            # PowerShell's table view prints only at the end of the output, which the error cuts short;
            # a list view prints each object at once: the task script's log uses it.
            $listed = Invoke-ScheduledRun -Then '| Format-List'
        } finally { Write-Reconcile $Login }
        $run.ExitCode | Should -Be 1
        $run.Stderr | Should -Match "Hosts sync of $([regex]::Escape($Db.VMName)) failed \(SshAuthenticationFailed\)"
        $listed.ExitCode | Should -Be 1
        $listed.Stdout | Should -Match 'Project\s+: sched' -Because 'the ReconcileResult is written before the error'
        $listed.Stdout | Should -Match 'Success\s+: True'
        $listed.Stderr | Should -Match 'HostsSyncFailed|Hosts sync of'
        (Read-State).vms.web.network.ipv4 | Should -Be $Web.IPv4 -Because 'the state is written although a guest failed'
    }

    It 'in a session: HostsSyncFailed comes after the ReconcileResult, with the guest''s HostsSyncResult as target' {
        Write-Reconcile ($Login + "  db:`n    ssh: { user: nosuchuser }`n")
        $out = $null; $caught = $null
        try {
            Invoke-RagnaReconcile -Path $Project -ErrorAction Stop -OutVariable out | Out-Null
        } catch { $caught = $_ } finally { Write-Reconcile $Login }
        $out.Count | Should -Be 1 -Because 'the result is already out when -ErrorAction Stop ends the command'
        $out[0].Success | Should -BeTrue
        ($out[0].HostsSync | Where-Object MachineName -eq 'db').Status | Should -Be 'Failed'
        ($out[0].HostsSync | Where-Object MachineName -eq 'web').Status | Should -BeIn 'Updated', 'Unchanged'
        $out[0].Warnings -join "`n" | Should -Match 'Hosts sync of .* failed'
        $caught.FullyQualifiedErrorId | Should -Be 'HostsSyncFailed,Ragnatramp.Cmdlets.InvokeRagnaReconcileCommand'
        $caught.TargetObject | Should -BeOfType ([Ragnatramp.HostsSyncResult])
        $caught.TargetObject.MachineName | Should -Be 'db'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'

        # Without -ErrorAction Stop: one non-terminating error per failed guest, the others synced.
        $result = Invoke-RagnaReconcile -Path $Project -ErrorVariable errors -ErrorAction SilentlyContinue
        $result.Success | Should -BeTrue
        $errors | Should -BeNullOrEmpty -Because 'the login is right again'
    }

    It 'exits 1 when discovery failed, with nothing written' {
        $stateBefore = [IO.File]::ReadAllBytes($StatePath)
        Write-Reconcile ($Login -replace 'address_timeout: 20', 'address_timeout: 0')
        # Hyper-V says cache is running, but its guest has no network: no address will come.
        Set-FakeVM -Name $Cache.VMName -State Running
        try { $run = Invoke-ScheduledRun } finally { Set-FakeVM -Name $Cache.VMName -State Off; Write-Reconcile $Login }
        $run.ExitCode | Should -Be 1
        $run.Stderr | Should -Match ([regex]::Escape($Cache.VMName))
        [IO.File]::ReadAllBytes($StatePath) | Should -Be $stateBefore
    }

    It 'heals a state the Node.js CLI rewrote from the copy it read before a reconcile' {
        Invoke-RagnaReconcile -Path $Project | Out-Null
        # 'ragnatramp checkpoint' starts and reads the state...
        $stale = Read-State
        # ...db gets a new lease and a reconcile records it...
        $old = $Db.IPv4
        $new = "$($Lab.SubnetPrefix).77"
        Set-RagnaLabGuestAddress -Lab $Lab -Name db -IPv4 $new
        (Invoke-RagnaReconcile -Path $Project).Success | Should -BeTrue
        (Read-State).vms.db.network.ipv4 | Should -Be $new
        # ...then the Node.js CLI writes its copy back, without a lock: its own change in, db's new network out.
        $stale.vms.web.checkpoints = @(@{ name = 'before-upgrade'; createdAt = '2026-02-01T09:00:00.000Z' })
        $stale.updatedAt = '2026-02-01T09:00:00.000Z'
        [IO.File]::WriteAllText($StatePath, ($stale | ConvertTo-Json -Depth 10))
        (Read-State).vms.db.network.ipv4 | Should -Be $old

        $result = Invoke-RagnaReconcile -Path $Project
        $result.Success | Should -BeTrue
        ($result.Changes | Where-Object { $_.MachineName -eq 'db' -and $_.Field -eq 'ipv4' }).NewValue | Should -Be $new
        $state = Read-State
        $state.vms.db.network.ipv4 | Should -Be $new
        $state.vms.db.network.previousIpv4 | Should -Be $old
        $state.vms.web.checkpoints[0].name | Should -Be 'before-upgrade' -Because "the Node.js CLI's own change is kept"
        [IO.File]::ReadAllText($Web.HostsPath) | Should -Match "$([regex]::Escape($new)) db"
    }

    It 'logs into each guest on the ssh.port of ragnatramp.reconcile.yaml' {
        # sshd listens on 22 only: a machine whose port is 2299 is not reachable there, and says so.
        Write-Reconcile ($Login + "  db:`n    ssh: { port: 2299 }`n")
        try {
            $dry = Invoke-RagnaReconcile -Path $Project -WhatIf -WarningAction SilentlyContinue
            $real = Invoke-RagnaReconcile -Path $Project -WarningAction SilentlyContinue
        } finally { Write-Reconcile $Login }
        ($dry.HostsSync | Where-Object MachineName -eq 'db').Reason | Should -Match "SSH port 2299 on $([regex]::Escape($Db.IPv4)) is not reachable"
        ($dry.HostsSync | Where-Object MachineName -eq 'web').Reason | Should -Match 'SSH port 22 answers'
        ($real.HostsSync | Where-Object MachineName -eq 'db').Status | Should -Be 'Skipped'
        ($real.HostsSync | Where-Object MachineName -eq 'db').Reason | Should -Match 'SSH port 2299'
        ($real.HostsSync | Where-Object MachineName -eq 'web').Status | Should -BeIn 'Updated', 'Unchanged'
    }

    It 'never touched the real /etc/hosts' {
        (Get-FileHash -Algorithm SHA256 /etc/hosts).Hash | Should -Be $RealHostsBefore
    }
}
