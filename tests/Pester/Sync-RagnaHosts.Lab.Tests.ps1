# Sync-RagnaHosts against real sshd guests (tests/Lab/RagnaLab.psm1): what lands in each guest's
# /etc/hosts, byte for byte, and how each failure is reported. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab

    $Notice = '# Managed by ragnatramp - do not edit this block'

    function Get-HostsBytes([string] $Name) { [IO.File]::ReadAllBytes((Get-RagnaLabGuest -Lab $Lab -Name $Name).HostsPath) }
    function Get-HostsText([string] $Name) { [Text.Encoding]::UTF8.GetString((Get-HostsBytes $Name)) }
    function Get-Bytes([string] $Text) { [Text.Encoding]::UTF8.GetBytes($Text) }

    # The block a guest must get: every other running guest, sorted by machine name, names then aliases.
    function Get-ExpectedBlock([string] $Self, [string] $Newline = "`n", [hashtable] $Names = $null) {
        $lines = @('# BEGIN RAGNATRAMP', $Notice)
        $peers = $Lab.Guests | Where-Object { $_.Running -and $_.Name -ne $Self } |
            Sort-Object -Property @{ Expression = { $_.Name.ToLowerInvariant() } }
        foreach ($peer in $peers) {
            $hostNames = if ($Names) { $Names[$peer.Name] } else { @($peer.Name) + @($Aliases[$peer.Name] | Where-Object { $_ }) }
            $lines += "$($peer.IPv4) $($hostNames -join ' ')"
        }
        $lines += '# END RAGNATRAMP'
        ($lines -join $Newline) + $Newline
    }

    function Wait-NoTemporaryHostsFile {
        Wait-Until { @(Get-ChildItem /etc -Filter 'hosts.ragnatramp.*' -ErrorAction Ignore).Count -eq 0 } -TimeoutSec 30
    }

    function Get-ConnectionCount([string] $Name) {
        $log = (Get-RagnaLabGuest -Lab $Lab -Name $Name).SshdLogPath
        @(Select-String -Path $log -Pattern 'Connection from' -ErrorAction Ignore).Count
    }

    function Invoke-Sync {
        # Results and the non-terminating errors of one run, from the project folder.
        param([switch] $TrustHostKey, [switch] $WhatIf)
        $errors = $null
        $warnings = $null
        Push-Location $ProjectDir
        try {
            $results = @(Sync-RagnaHosts -TrustHostKey:$TrustHostKey -WhatIf:$WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warnings 3>$null)
        } finally { Pop-Location }
        [pscustomobject]@{ Results = $results; Errors = @($errors); Warnings = @($warnings | ForEach-Object { "$_" }); ByName = @{} + ($results | Group-Object MachineName -AsHashTable) }
    }
}

Describe 'Sync-RagnaHosts on real guests' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $ProjectDir = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'demo')).FullName
        $ConfigPath = Join-Path $ProjectDir 'ragnatramp.yaml'
        $Aliases = @{ web = @('www', 'web.local'); cache = @('redis') }
        $Machines = 'web', 'db', 'cache', 'nosudo', 'nossh', 'rohosts', 'off'
        function Write-Config([string] $Ssh) {
            # ragnatramp.yaml with the Node.js CLI's keys; the login and aliases in ragnatramp.reconcile.yaml beside it.
            [IO.File]::WriteAllText($ConfigPath, "project:`n  name: demo`nmachines:`n" + (($Machines | ForEach-Object { "  - name: $_`n" }) -join ''))
            $reconcile = "$Ssh" + "machines:`n" + (($Aliases.Keys | Sort-Object | ForEach-Object { "  $($_):`n    aliases: [$($Aliases[$_] -join ', ')]`n" }) -join '')
            [IO.File]::WriteAllText((Join-Path $ProjectDir 'ragnatramp.reconcile.yaml'), $reconcile)
        }
        Write-Config ''
        $VmNames = @{}
        Get-RagnaConfig -Path $ConfigPath | ForEach-Object { $VmNames[$_.MachineName] = $_.VMName }
        $Marker = "managed:true`nconfig:$ConfigPath"

        # User content the sync must keep byte for byte: no final newline, tabs, trailing spaces,
        # Unicode, look-alike markers; a stale block in the middle; a CRLF file.
        $WebHosts = "127.0.0.1`tlocalhost`n127.0.1.1 web`n# golden image – café ☕`n10.9.9.9 printer   `n# begin ragnatramp (a look-alike)`n10.8.8.8 last-line-without-newline"
        $DbHosts = "127.0.0.1 localhost`n# BEGIN RAGNATRAMP`n10.0.0.1 stale`n# END RAGNATRAMP`n::1 localhost ip6-localhost`n"
        $CacheHosts = "127.0.0.1 localhost`r`n::1 localhost`r`n"
        $RoHosts = "127.0.0.1 localhost`n# read-only image`n"

        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'web'; VMName = $VmNames.web; Notes = $Marker; HostsContent = $WebHosts }
            @{ Name = 'db'; VMName = $VmNames.db; Notes = $Marker; HostsContent = $DbHosts }
            @{ Name = 'cache'; VMName = $VmNames.cache; Notes = $Marker; HostsContent = $CacheHosts }
            @{ Name = 'nosudo'; VMName = $VmNames.nosudo; Notes = $Marker; Sudo = $false }
            @{ Name = 'nossh'; VMName = $VmNames.nossh; Notes = $Marker; Sshd = $false }
            @{ Name = 'rohosts'; VMName = $VmNames.rohosts; Notes = $Marker; ReadOnlyHosts = $true; HostsContent = $RoHosts }
            @{ Name = 'off'; VMName = $VmNames.off; Notes = $Marker; Running = $false }
        )
        Write-Config "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`n"
        $NoSudoBefore = Get-HostsBytes nosudo

        $First = Invoke-Sync
    }

    AfterAll {
        Stop-PesterLab $Lab
    }

    It 'returns one result per VM, in machine-name order' {
        $First.Results.MachineName | Should -Be @('cache', 'db', 'nossh', 'nosudo', 'off', 'rohosts', 'web')
        $First.Results | ForEach-Object { $_ | Should -BeOfType Ragnatramp.HostsSyncResult }
        $First.ByName.web.VMName | Should -Be $VmNames.web
    }

    It 'updates the guests it can log in to' {
        foreach ($name in 'web', 'db', 'cache') {
            $First.ByName[$name].Status | Should -Be 'Updated' -Because "$name has sshd and sudo ($($First.ByName[$name].Reason))"
        }
    }

    It 'writes each guest the block of its peers, itself left out, aliases on the line' {
        Get-HostsText db | Should -BeLike "*$(Get-ExpectedBlock db)*"
        (Get-HostsText db) | Should -Match ([regex]::Escape("$((Get-RagnaLabGuest -Lab $Lab -Name web).IPv4) web www web.local"))
        (Get-HostsText web) | Should -Not -Match ' web www'
        (Get-HostsText web) | Should -Not -Match ' off'
    }

    It 'appends after the last user line, adding only the missing final newline' {
        $expected = (Get-Bytes $WebHosts) + (Get-Bytes "`n") + (Get-Bytes (Get-ExpectedBlock web))
        Get-HostsBytes web | Should -Be $expected
    }

    It 'replaces a stale block where it stands and keeps the lines around it' {
        $expected = "127.0.0.1 localhost`n" + (Get-ExpectedBlock db) + "::1 localhost ip6-localhost`n"
        Get-HostsBytes db | Should -Be (Get-Bytes $expected)
    }

    It 'keeps a CRLF file CRLF' {
        Get-HostsBytes cache | Should -Be (Get-Bytes ($CacheHosts + (Get-ExpectedBlock cache "`r`n")))
    }

    It 'reports a guest without sudo rights as Failed with the sudoers fix, and does not touch it' {
        $First.ByName.nosudo.Status | Should -Be 'Failed'
        $First.ByName.nosudo.Reason | Should -Match ([regex]::Escape("$($Lab.User) ALL=(ALL) NOPASSWD: ALL"))
        $err = $First.Errors | Where-Object { $_.TargetObject.MachineName -eq 'nosudo' }
        $err.FullyQualifiedErrorId | Should -BeLike 'SudoRefused,*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.TargetObject | Should -BeOfType Ragnatramp.HostsSyncResult
        Get-HostsBytes nosudo | Should -Be $NoSudoBefore
    }

    It 'skips a guest whose sshd is down, with the reason' {
        $First.ByName.nossh.Status | Should -Be 'Skipped'
        $First.ByName.nossh.Reason | Should -Match 'SSH port 22 on .* is not reachable \(connection refused'
        $warning = @($First.Warnings | Where-Object { $_ -like "$($VmNames.nossh):*" })
        $warning.Count | Should -Be 1 -Because 'a running guest left with a stale /etc/hosts is said once, as a warning'
        $warning[0] | Should -Match '/etc/hosts was not updated: SSH port 22 on .* is not reachable.*Start sshd'
        $First.Warnings | Where-Object { $_ -like "$($VmNames.off):*" } | Should -BeNullOrEmpty -Because 'a VM that is off is no surprise'
    }

    It 'skips a VM that is not running' {
        $First.ByName.off.Status | Should -Be 'Skipped'
        $First.ByName.off.Reason | Should -Match 'not running'
    }

    It 'reports a read-only /etc/hosts as Failed and leaves it intact' {
        $First.ByName.rohosts.Status | Should -Be 'Failed'
        $First.ByName.rohosts.Reason | Should -Match 'Read-only file system'
        ($First.Errors | Where-Object { $_.TargetObject.MachineName -eq 'rohosts' }).FullyQualifiedErrorId | Should -BeLike 'HostsWriteFailed,*'
        Get-HostsBytes rohosts | Should -Be (Get-Bytes $RoHosts)
    }

    It 'writes one non-terminating error per failed guest and no more' {
        @($First.Errors).Count | Should -Be 2
    }

    It 'leaves no temporary file beside /etc/hosts' {
        # Lab guests share the machine's /etc (only /etc/hosts is their own), so another test run's
        # write may hold a temporary file for a moment: none may stay.
        Wait-NoTemporaryHostsFile | Should -BeTrue
    }

    It 'reports Unchanged on a second run and does not write: the files keep their modification time' {
        $before = @{}
        foreach ($name in 'web', 'db', 'cache') { $before[$name] = (Get-Item (Get-RagnaLabGuest -Lab $Lab -Name $name).HostsPath).LastWriteTimeUtc }
        Start-Sleep -Milliseconds 1100 # a write during the run would show as a later second

        $second = Invoke-Sync

        foreach ($name in 'web', 'db', 'cache') {
            $second.ByName[$name].Status | Should -Be 'Unchanged'
            (Get-Item (Get-RagnaLabGuest -Lab $Lab -Name $name).HostsPath).LastWriteTimeUtc | Should -Be $before[$name]
        }
    }

    It 'opens no SSH session under -WhatIf: WouldUpdate, and no connection in any sshd log' {
        $connections = @{}
        foreach ($name in 'web', 'db', 'cache', 'nosudo', 'rohosts') { $connections[$name] = Get-ConnectionCount $name }
        $webBytes = Get-HostsBytes web

        $dry = Invoke-Sync -WhatIf

        foreach ($name in 'web', 'db', 'cache', 'nosudo', 'rohosts') {
            $dry.ByName[$name].Status | Should -Be 'WouldUpdate'
            Get-ConnectionCount $name | Should -Be $connections[$name] -Because "-WhatIf must not connect to $name"
        }
        $dry.ByName.nossh.Status | Should -Be 'WouldUpdate' -Because 'whether sshd answers is not known without connecting'
        Get-HostsBytes web | Should -Be $webBytes
    }

    It 'shows each guest''s block in -Verbose under -WhatIf' {
        Push-Location $ProjectDir
        try {
            $verbose = @(Sync-RagnaHosts -WhatIf -Verbose 4>&1 3>$null 2>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        } finally { Pop-Location }
        ($verbose.Message -join "`n") | Should -Match ([regex]::Escape((Get-ExpectedBlock web).TrimEnd("`n")))
    }

    It 'pins every guest it logged in to on first use, with a warning naming the fingerprint' {
        foreach ($name in 'web', 'db', 'cache', 'nosudo', 'rohosts') {
            $key = Get-RagnaLabGuestHostKey -Lab $Lab -Name $name
            $First.ByName[$name].HostKey | Should -Be 'Pinned'
            $First.ByName[$name].HostKeyFingerprint | Should -Be $key.Fingerprint
            @($First.Warnings | Where-Object { $_ -like "$($VmNames[$name]): pinned its SSH host key ssh-ed25519 $($key.Fingerprint) on first use*" }).Count | Should -Be 1
        }
        $First.ByName.nossh.HostKey | Should -BeNullOrEmpty -Because 'no handshake was made'
        $First.ByName.off.HostKeyFingerprint | Should -BeNullOrEmpty
        $web = Get-RagnaLabGuest -Lab $Lab -Name web
        (Get-Content $env:RAGNATRAMP_KNOWN_HOSTS) | Should -Contain "ragnatramp-$($web.VMId) ssh-ed25519 $((Get-RagnaLabGuestHostKey -Lab $Lab -Name web).Key) $($web.VMName)"
    }

    It 'refuses a changed host key with both fingerprints and sends nothing, then accepts it with -TrustHostKey as Replaced' {
        $old = (Get-RagnaLabGuestHostKey -Lab $Lab -Name db).Fingerprint
        $new = (Set-RagnaLabGuestHostKey -Lab $Lab -Name db).Fingerprint
        $dbBytes = Get-HostsBytes db
        $logins = @(Select-String -Path (Get-RagnaLabGuest -Lab $Lab -Name db).SshdLogPath -Pattern 'Accepted publickey' -ErrorAction Ignore).Count

        $refused = Invoke-Sync

        $refused.ByName.db.Status | Should -Be 'Failed'
        $refused.ByName.db.HostKey | Should -Be 'Refused'
        $refused.ByName.db.HostKeyFingerprint | Should -Be $new
        $refused.ByName.db.Reason | Should -Match ([regex]::Escape($old))
        $refused.ByName.db.Reason | Should -Match ([regex]::Escape($new))
        $refused.ByName.db.Reason | Should -Match 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key\.pub'
        $refused.ByName.db.Reason | Should -Match '-TrustHostKey'
        $refused.ByName.db.Reason | Should -Match 'A re-created VM has a new id and is pinned as new'
        ($refused.Errors | Where-Object { $_.TargetObject.MachineName -eq 'db' }).FullyQualifiedErrorId | Should -BeLike 'HostKeyMismatch,*'
        $refused.ByName.web.Status | Should -Be 'Unchanged' -Because 'the other guests go on'
        $refused.ByName.web.HostKey | Should -Be 'Verified'
        Get-HostsBytes db | Should -Be $dbBytes
        @(Select-String -Path (Get-RagnaLabGuest -Lab $Lab -Name db).SshdLogPath -Pattern 'Accepted publickey' -ErrorAction Ignore).Count |
            Should -Be $logins -Because 'nothing is sent to a guest whose key is refused: no login'

        $trusted = Invoke-Sync -TrustHostKey
        $trusted.ByName.db.Status | Should -Be 'Unchanged'
        $trusted.ByName.db.HostKey | Should -Be 'Replaced'
        $replacedWarning = @($trusted.Warnings | Where-Object { $_ -like "$($VmNames.db): replaced the pinned SSH host key*" })
        $replacedWarning.Count | Should -Be 1
        $replacedWarning[0] | Should -Match ([regex]::Escape($old))
        $replacedWarning[0] | Should -Match ([regex]::Escape($new))
        $trusted.ByName.web.HostKey | Should -Be 'Verified' -Because '-TrustHostKey changes only keys that differ'

        $again = Invoke-Sync
        $again.ByName.db.Status | Should -Be 'Unchanged' -Because 'the new key is pinned now'
        $again.ByName.db.HostKey | Should -Be 'Verified'
    }

    It 'reports an immutable /etc/hosts (chattr +i) as Failed and leaves it intact' {
        $path = (Get-RagnaLabGuest -Lab $Lab -Name db).HostsPath
        $stale = Get-Bytes "127.0.0.1 localhost`n# BEGIN RAGNATRAMP`n10.0.0.1 stale`n# END RAGNATRAMP`n"
        [IO.File]::WriteAllBytes($path, $stale) # in place: the guest's bind mount keeps this inode
        & chattr +i $path 2>$null
        if ($LASTEXITCODE -ne 0) { Set-ItResult -Skipped -Because "chattr +i is not supported where $path lives"; return }
        try {
            $result = Invoke-Sync
        } finally {
            & chattr -i $path
        }

        $result.ByName.db.Status | Should -Be 'Failed'
        $result.ByName.db.Reason | Should -Match 'Operation not permitted'
        $result.ByName.db.Reason | Should -Match 'chattr -i /etc/hosts'
        [IO.File]::ReadAllBytes($path) | Should -Be $stale
        Wait-NoTemporaryHostsFile | Should -BeTrue
        (Invoke-Sync).ByName.db.Status | Should -Be 'Updated' -Because 'once the flag is gone the block is written'
    }

    It 'refuses a file whose markers do not pair up, naming the line, and leaves it intact' {
        $path = (Get-RagnaLabGuest -Lab $Lab -Name cache).HostsPath
        $before = [IO.File]::ReadAllBytes($path)
        $broken = Get-Bytes "127.0.0.1 localhost`n::1 localhost`n# BEGIN RAGNATRAMP`n10.0.0.1 stale`n"
        [IO.File]::WriteAllBytes($path, $broken)
        try {
            $result = Invoke-Sync
            $result.ByName.cache.Status | Should -Be 'Failed'
            $result.ByName.cache.Reason | Should -Match "line 3: '# BEGIN RAGNATRAMP' has no '# END RAGNATRAMP'"
            ($result.Errors | Where-Object { $_.TargetObject.MachineName -eq 'cache' }).FullyQualifiedErrorId | Should -BeLike 'HostsMarkersUnpaired,*'
            ($result.Errors | Where-Object { $_.TargetObject.MachineName -eq 'cache' }).CategoryInfo.Category | Should -Be 'InvalidData'
            [IO.File]::ReadAllBytes($path) | Should -Be $broken
        } finally {
            [IO.File]::WriteAllBytes($path, $before)
        }
    }

    It 'ignores what a chatty ~/.bashrc prints before each command, writes the block, and warns naming the rc file' {
        $homeDir = ((& getent passwd $Lab.User) -split ':')[5]
        $rc = Join-Path $homeDir '.bashrc'
        $savedRc = if (Test-Path $rc) { [IO.File]::ReadAllBytes($rc) } else { $null }
        $path = (Get-RagnaLabGuest -Lab $Lab -Name db).HostsPath
        [IO.File]::WriteAllBytes($path, (Get-Bytes "127.0.0.1 localhost`n")) # in place: a write is needed
        [IO.File]::WriteAllText($rc, "echo 'Welcome to the lab guest'`n")
        try {
            $greeting = @(Invoke-RagnaLabGuestCommand -Lab $Lab -Name db -Command 'true') -join "`n"
            if ($greeting -notmatch 'Welcome to the lab guest') {
                Set-ItResult -Skipped -Because "this machine's bash does not read ~/.bashrc for SSH commands"
                return
            }
            Push-Location $ProjectDir
            try {
                $results = @(Sync-RagnaHosts -WarningVariable warned -ErrorAction SilentlyContinue 3>$null)
            } finally { Pop-Location }
        } finally {
            if ($null -ne $savedRc) { [IO.File]::WriteAllBytes($rc, $savedRc) } else { Remove-Item $rc -ErrorAction Ignore }
        }

        $db = $results | Where-Object MachineName -eq 'db'
        $db.Status | Should -Be 'Updated' -Because $db.Reason
        [IO.File]::ReadAllBytes($path) | Should -Be (Get-Bytes ("127.0.0.1 localhost`n" + (Get-ExpectedBlock db)))
        $dbWarning = @($warned | Where-Object { "$_" -like "$($VmNames.db):*" })
        $dbWarning.Count | Should -Be 1
        "$($dbWarning[0])" | Should -Match "prints 'Welcome to the lab guest'"
        "$($dbWarning[0])" | Should -Match '\.bashrc'
    }

    It 'reports progress per guest and completes it, seen from a runspace that records the progress stream' {
        $addresses = foreach ($name in 'web', 'db', 'cache', 'nosudo') {
            $guest = Get-RagnaLabGuest -Lab $Lab -Name $name
            [Ragnatramp.VmAddress]@{ VMName = $guest.VMName; MachineName = $name; VMId = $guest.VMId; State = 'Running'; IPv4 = $guest.IPv4 }
        }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:RAGNATRAMP_MODULE).AddStatement().
                AddCommand('Sync-RagnaHosts').AddParameter('InputObject', [Ragnatramp.VmAddress[]]$addresses).
                AddParameter('User', $Lab.User).AddParameter('KeyFile', $Lab.KeyFile).AddParameter('ThrottleLimit', 2)
            $results = $ps.Invoke()
            $progress = @($ps.Streams.Progress | Where-Object Activity -like '*/etc/hosts on each guest*')
        } finally { $ps.Dispose() }

        @($results).Count | Should -Be 4
        @($progress | Where-Object { $_.StatusDescription -match '^\d+ of 4 guests done' }).Count | Should -Be 4
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'syncs addresses piped from Get-RagnaVmAddress outside a project, naming hosts by VM name' {
        $outside = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'elsewhere')).FullName
        Push-Location $outside
        try {
            $results = @(Get-RagnaVmAddress -Name $VmNames.web, $VmNames.db, $VmNames.cache -TimeoutSec 0 |
                    Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile -ThrottleLimit 2)
        } finally { Pop-Location }

        $results.VMName | Should -Be @($VmNames.cache, $VmNames.db, $VmNames.web)
        $results.Status | Should -Be @('Updated', 'Updated', 'Updated')
        $results.MachineName | Should -Be @($null, $null, $null)
        $webFile = Get-HostsText web
        $webFile | Should -Match ([regex]::Escape("$((Get-RagnaLabGuest -Lab $Lab -Name db).IPv4) $($VmNames.db)"))
        $webFile | Should -Match ([regex]::Escape("$((Get-RagnaLabGuest -Lab $Lab -Name cache).IPv4) $($VmNames.cache)"))
        $webFile.StartsWith("$WebHosts`n# BEGIN RAGNATRAMP`n", [StringComparison]::Ordinal) | Should -BeTrue -Because 'the user lines stay as they were'
    }

    It 'logs in with key type <Type><Note>' -TestCases @(
        @{ Type = 'rsa'; Passphrase = ''; Note = '' }
        @{ Type = 'ecdsa'; Passphrase = ''; Note = '' }
        @{ Type = 'ed25519'; Passphrase = 'correct horse'; Note = ' protected by a passphrase given with -Credential' }
    ) {
        $key = Join-Path $TestDrive "id_$Type"
        & ssh-keygen -q -t $Type -N $Passphrase -C "ragnatramp-test-$Type" -f $key | Out-Null
        Add-Content -Path (Join-Path $Lab.Directory 'authorized_keys') -Value (Get-Content "$key.pub")
        $web = Get-RagnaLabGuest -Lab $Lab -Name web
        $address = [Ragnatramp.VmAddress]@{ VMName = $web.VMName; VMId = $web.VMId; State = 'Running'; IPv4 = $web.IPv4 }
        $login = if ($Passphrase) {
            @{ Credential = [pscredential]::new($Lab.User, (ConvertTo-SecureString $Passphrase -AsPlainText -Force)) }
        } else { @{ User = $Lab.User } }
        Push-Location $TestDrive
        try { $result = $address | Sync-RagnaHosts -KeyFile $key @login } finally { Pop-Location }

        $result.Status | Should -BeIn 'Updated', 'Unchanged' -Because $result.Reason
    }

    It 'keeps to the pinned key type: an RSA-pinned guest that also serves ed25519 is not a changed key' {
        $cache = Get-RagnaLabGuest -Lab $Lab -Name cache
        $config = Join-Path $cache.Directory 'sshd_config'
        $original = Get-Content $config -Raw
        $ed25519 = Join-Path $cache.Directory 'ssh_host_ed25519_key'
        $rsa = Join-Path $cache.Directory 'ssh_host_rsa_key'
        if (-not (Test-Path $rsa)) { & ssh-keygen -q -t rsa -b 2048 -N '' -f $rsa | Out-Null }
        function Set-HostKeys([string[]] $Keys, [string] $Type) {
            # sshd re-executes itself on SIGHUP and then serves the host keys of its config.
            $lines = ($original -split "`n") | Where-Object { $_ -notmatch '^HostKey ' }
            [IO.File]::WriteAllText($config, (($lines + ($Keys | ForEach-Object { "HostKey $_" })) -join "`n") + "`n")
            & kill -HUP $cache.SshdPid
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not (@(& ssh-keyscan -t $Type -T 2 $cache.IPv4 2>$null) -match "ssh-$Type")) {
                if ([datetime]::UtcNow -gt $deadline) { throw "sshd of cache does not serve a $Type key" }
                Start-Sleep -Milliseconds 250
            }
        }
        # A VM id of its own: a pin no other test sees.
        $address = [Ragnatramp.VmAddress]@{ VMName = 'rsa-first'; VMId = [guid]::NewGuid(); State = 'Running'; IPv4 = $cache.IPv4 }
        try {
            Set-HostKeys @($rsa) 'rsa'
            Push-Location $TestDrive
            try {
                $first = $address | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile -WarningVariable firstWarnings 3>$null
                Set-HostKeys @($ed25519, $rsa) 'ed25519'
                $second = $address | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile -ErrorAction SilentlyContinue
            } finally { Pop-Location }
        } finally {
            [IO.File]::WriteAllText($config, $original)
            & kill -HUP $cache.SshdPid
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not (@(& ssh-keyscan -t ed25519 -T 2 $cache.IPv4 2>$null) -match 'ssh-ed25519')) {
                if ([datetime]::UtcNow -gt $deadline) { throw 'sshd of cache did not come back' }
                Start-Sleep -Milliseconds 250
            }
        }

        $first.HostKey | Should -Be 'Pinned'
        "$firstWarnings" | Should -Match 'pinned its SSH host key ssh-rsa SHA256:' -Because 'the first run pins the RSA key'
        (Get-Content $env:RAGNATRAMP_KNOWN_HOSTS) -match "^ragnatramp-$($address.VMId) ssh-rsa " | Should -Not -BeNullOrEmpty
        $second.Status | Should -BeIn 'Updated', 'Unchanged' -Because $second.Reason
        $second.HostKey | Should -Be 'Verified' -Because 'the pinned RSA key is offered first, so the guest shows it, not its new ed25519 key' 
    }

    It 'reports a wrong passphrase as Failed naming the key file' {
        $web = Get-RagnaLabGuest -Lab $Lab -Name web
        $address = [Ragnatramp.VmAddress]@{ VMName = $web.VMName; VMId = $web.VMId; State = 'Running'; IPv4 = $web.IPv4 }
        $credential = [pscredential]::new($Lab.User, (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        Push-Location $TestDrive
        try { $result = $address | Sync-RagnaHosts -KeyFile (Join-Path $TestDrive 'id_ed25519') -Credential $credential -ErrorVariable failed -ErrorAction SilentlyContinue } finally { Pop-Location }

        $result.Status | Should -Be 'Failed'
        $result.Reason | Should -Match ([regex]::Escape((Join-Path $TestDrive 'id_ed25519')))
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SshKeyFileInvalid,*'
    }
}
