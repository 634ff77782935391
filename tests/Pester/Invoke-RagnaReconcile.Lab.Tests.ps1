# Invoke-RagnaReconcile end to end on real lab guests (tests/Lab/RagnaLab.psm1: network namespaces
# with sshd, sudo and their own /etc/hosts, shown through the Hyper-V stand-ins): web reports its
# address over KVP, db has no KVP daemon (neighbour table), cache is off. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab

    function Get-GuestSnapshot {
        # Each guest's /etc/hosts: content and last write time (a rewrite with equal content still shows).
        $snapshot = @{}
        foreach ($guest in $Lab.Guests) {
            $snapshot[$guest.Name] = [pscustomobject]@{
                Content = [IO.File]::ReadAllText($guest.HostsPath)
                Written = (Get-Item $guest.HostsPath).LastWriteTimeUtc
            }
        }
        $snapshot
    }

    function Get-Block([string] $Name) {
        $content = [IO.File]::ReadAllText((Get-RagnaLabGuest -Lab $Lab -Name $Name).HostsPath)
        if ($content -match '(?s)# BEGIN RAGNATRAMP\n.*?# END RAGNATRAMP\n') { $Matches[0] } else { $null }
    }

    function Block([string[]] $Lines) {
        "# BEGIN RAGNATRAMP`n# Managed by ragnatramp - do not edit this block`n$(($Lines | ForEach-Object { "$_`n" }) -join '')# END RAGNATRAMP`n"
    }

    function Read-State { Get-Content -Raw $StatePath | ConvertFrom-Json -AsHashtable }
}

Describe 'Invoke-RagnaReconcile on lab guests' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $RealHostsBefore = Get-RealHostsHash
        # The documented layout: ragnatramp.yaml as the Node.js CLI accepts it, Ragnatramp's settings beside it.
        $P = New-PesterLabProject 'reconcile-lab' "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n  - name: cache`n"
        $Project, $ConfigPath, $StatePath = $P.Root, $P.ConfigPath, $P.StatePath
        $reconcilePath = Join-Path $Project 'ragnatramp.reconcile.yaml'
        $reconcileText = "machines:`n  web:`n    aliases: [www]`n  cache:`n    aliases: [redis]`nsettings:`n  address_timeout: 30`n"
        Set-Content -Path $reconcilePath -NoNewline -Value $reconcileText
        $vmNames, $notes = $P.VmNames, $P.Marker
        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'web'; VMName = $vmNames.web; Kvp = $true; Notes = $notes; HostsContent = "127.0.0.1 localhost`n127.0.1.1 web`n# from the golden image`n" }
            @{ Name = 'db'; VMName = $vmNames.db; Kvp = $false; Notes = $notes }
            @{ Name = 'cache'; VMName = $vmNames.cache; Running = $false; Notes = $notes }
        )
        Set-Content -Path $reconcilePath -NoNewline -Value "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`n$reconcileText"

        Write-PesterLabState $P $Lab demo
        $Web = Get-RagnaLabGuest -Lab $Lab -Name web
        $Db = Get-RagnaLabGuest -Lab $Lab -Name db
        $Cache = Get-RagnaLabGuest -Lab $Lab -Name cache
    }

    AfterAll {
        Stop-PesterLab $Lab
        if ($Project) { Remove-Item -Recurse -Force $Project -ErrorAction Ignore }
    }

    It 'dry run: Changes, the block and reachable SSH ports, with the state bytes and every guest untouched' {
        $stateBefore = [IO.File]::ReadAllBytes($StatePath)
        $guestsBefore = Get-GuestSnapshot
        $result = Invoke-RagnaReconcile -Path $Project -WhatIf
        $result.DryRun | Should -BeTrue
        $result.Success | Should -BeTrue
        ($result.Changes | Where-Object { $_.MachineName -eq 'db' -and $_.Field -eq 'ipv4' }).NewValue | Should -Be $Db.IPv4
        $result.HostsBlock | Should -Be (Block "$($Db.IPv4) db", "$($Web.IPv4) web www")
        ($result.HostsSync | Where-Object MachineName -eq 'web').Status | Should -Be 'WouldUpdate'
        ($result.HostsSync | Where-Object MachineName -eq 'db').Reason | Should -Match 'KVP: No Contact'
        ($result.HostsSync | Where-Object MachineName -eq 'cache').Status | Should -Be 'Skipped'
        [IO.File]::ReadAllBytes($StatePath) | Should -Be $stateBefore
        $after = Get-GuestSnapshot
        foreach ($name in $guestsBefore.Keys) {
            $after[$name].Content | Should -Be $guestsBefore[$name].Content
            $after[$name].Written | Should -Be $guestsBefore[$name].Written
        }
        @(Get-Content $Web.SshdLogPath -ErrorAction Ignore) -join "`n" | Should -Not -Match 'Accepted publickey' -Because 'the dry run logs into nothing'
    }

    It 'records every VM in the state and writes every running guest''s hosts file' {
        $result = Invoke-RagnaReconcile -Path $Project
        $result.Success | Should -BeTrue
        @($result.Warnings).Count | Should -Be 2 -Because 'the only warnings are the first-use pins of web and db'
        $result.Warnings | ForEach-Object { $_ | Should -Match ': pinned its SSH host key ssh-ed25519 SHA256:\S+ on first use' }
        ($result.HostsSync | Where-Object MachineName -eq 'web').Status | Should -Be 'Updated'
        ($result.HostsSync | Where-Object MachineName -eq 'db').Status | Should -Be 'Updated'
        ($result.HostsSync | Where-Object MachineName -eq 'cache').Status | Should -Be 'Skipped'

        $state = Read-State
        $state.vms.web.network.ipv4 | Should -Be $Web.IPv4
        $state.vms.web.network.source | Should -Be 'hyperv'
        $state.vms.web.network.mac | Should -Be $Web.MacAddress
        $state.vms.db.network.ipv4 | Should -Be $Db.IPv4
        $state.vms.db.network.source | Should -Be 'arp'
        $state.vms.cache.network.ipv4 | Should -BeNullOrEmpty
        $state.vms.cache.network.Keys | Should -Contain 'source'
        $state.vms.web.diskPath | Should -Be 'C:\HyperV\demo\web.vhdx'
        $state.Keys | Should -Not -Contain 'hostKeys' -Because 'host keys are pinned in the per-user pin store, never in the state'
        (Get-Content $env:RAGNATRAMP_KNOWN_HOSTS) | Should -Contain "ragnatramp-$($Web.VMId) ssh-ed25519 $((Get-RagnaLabGuestHostKey -Lab $Lab -Name web).Key) $($Web.VMName)"
        ($result.HostsSync | Where-Object MachineName -eq 'web').HostKey | Should -Be 'Pinned'
        ($result.HostsSync | Where-Object MachineName -eq 'cache').HostKey | Should -BeNullOrEmpty

        Get-Block web | Should -Be (Block "$($Db.IPv4) db")
        Get-Block db | Should -Be (Block "$($Web.IPv4) web www")
        [IO.File]::ReadAllText($Web.HostsPath) | Should -Match '(?s)^127\.0\.0\.1 localhost\n127\.0\.1\.1 web\n# from the golden image\n'
        [IO.File]::ReadAllText($Cache.HostsPath) | Should -Not -Match 'RAGNATRAMP'
    }

    It 'changes nothing and writes no guest on a second run' {
        $stateBefore = [IO.File]::ReadAllBytes($StatePath)
        $guestsBefore = Get-GuestSnapshot
        $result = Invoke-RagnaReconcile -Path $Project
        $result.Success | Should -BeTrue
        $result.Changes | Should -BeNullOrEmpty
        @($result.HostsSync | Where-Object Status -eq 'Updated') | Should -BeNullOrEmpty
        ($result.HostsSync | Where-Object MachineName -eq 'web').Status | Should -Be 'Unchanged'
        [IO.File]::ReadAllBytes($StatePath) | Should -Be $stateBefore
        $after = Get-GuestSnapshot
        foreach ($name in $guestsBefore.Keys) { $after[$name].Written | Should -Be $guestsBefore[$name].Written }
    }

    It 'fails fast when a running VM has no address: Success false, state and every guest untouched' {
        $stateBefore = [IO.File]::ReadAllBytes($StatePath)
        $guestsBefore = Get-GuestSnapshot
        # Hyper-V says cache is running, but its guest has no network: no address will come.
        Set-FakeVM -Name $Cache.VMName -State Running
        try {
            $result = Invoke-RagnaReconcile -Path $Project -TimeoutSec 0 -ErrorVariable errors -ErrorAction SilentlyContinue
        } finally {
            Set-FakeVM -Name $Cache.VMName -State Off
        }
        $result.Success | Should -BeFalse
        $errors[0].FullyQualifiedErrorId | Should -Match '^ReconcileDiscoveryFailed'
        $errors[0].Exception.Message | Should -Match ([regex]::Escape($Cache.VMName))
        [IO.File]::ReadAllBytes($StatePath) | Should -Be $stateBefore
        $after = Get-GuestSnapshot
        foreach ($name in $guestsBefore.Keys) {
            $after[$name].Content | Should -Be $guestsBefore[$name].Content
            $after[$name].Written | Should -Be $guestsBefore[$name].Written
        }
    }

    It 'records a re-addressed guest old -> new with previousIpv4 and updates every peer' {
        $old = $Db.IPv4
        $new = "$($Lab.SubnetPrefix).99"
        Set-RagnaLabGuestAddress -Lab $Lab -Name db -IPv4 $new
        $result = Invoke-RagnaReconcile -Path $Project
        $result.Success | Should -BeTrue
        $change = $result.Changes | Where-Object { $_.MachineName -eq 'db' -and $_.Field -eq 'ipv4' }
        $change.OldValue | Should -Be $old
        $change.NewValue | Should -Be $new
        @($result.Changes | Where-Object MachineName -ne 'db') | Should -BeNullOrEmpty
        (Read-State).vms.db.network.previousIpv4 | Should -Be $old
        (Read-State).vms.db.network.ipv4 | Should -Be $new
        ($result.HostsSync | Where-Object MachineName -eq 'web').Status | Should -Be 'Updated'
        ($result.HostsSync | Where-Object MachineName -eq 'db').Status | Should -Be 'Unchanged'
        Get-Block web | Should -Be (Block "$new db")
        $result.HostsBlock | Should -Be (Block "$new db", "$($Web.IPv4) web www")
    }

    It 'shows the recorded addresses in Get-RagnaStatus' {
        $rows = @(Get-RagnaStatus -Path $Project)
        ($rows | Where-Object MachineName -eq 'db').IPv4 | Should -Be "$($Lab.SubnetPrefix).99"
        ($rows | Where-Object MachineName -eq 'db').Source | Should -Be 'arp'
        ($rows | Where-Object MachineName -eq 'cache').State | Should -Be 'Off'
    }

    It 'never touched the real /etc/hosts' {
        Get-RealHostsHash | Should -Be $RealHostsBefore
    }
}
