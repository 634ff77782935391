# Host keys on real sshd guests (tests/Lab/RagnaLab.psm1): one per-user pin store that every path
# consults, that OpenSSH reads too, and that nothing else rewrites. Each way 0.1 trusted a changed key
# without a word is here, now refused or verified. Needs root; tagged Lab. Every pin store and data
# folder is under $TestDrive: never the real ~/.ssh or ~/.local/share.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab

    function Invoke-Captured([scriptblock] $Command) {
        # Output, non-terminating errors and warnings of one command.
        $ErrorActionPreference = 'Continue'
        $all = @(& $Command 2>&1 3>&1)
        [pscustomobject]@{
            Output   = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.WarningRecord] })
            Errors   = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { $_.Message })
        }
    }

    function Get-Result($Results, [string] $Guest) {
        $vmName = (Get-RagnaLabGuest -Lab $Lab -Name $Guest).VMName
        @($Results | Where-Object VMName -eq $vmName)[0]
    }

    function Invoke-OpenSsh([string] $Guest, [string] $Store = $env:RAGNATRAMP_KNOWN_HOSTS) {
        # The system OpenSSH client, checking the guest against the pin store by its alias; its own HOME.
        $g = Get-RagnaLabGuest -Lab $Lab -Name $Guest
        $output = & env "HOME=$SshHome" ssh -F /dev/null -o "HostKeyAlias=ragnatramp-$($g.VMId)" -o "UserKnownHostsFile=$Store" `
            -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=10 -i $Lab.KeyFile "$($Lab.User)@$($g.IPv4)" true 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }

    function Get-PinLines([string] $Store = $env:RAGNATRAMP_KNOWN_HOSTS) {
        @(Get-Content $Store -ErrorAction Ignore | Where-Object { $_ -like 'ragnatramp-*' })
    }

    function New-Project([string] $Name, [string[]] $Machines, [hashtable] $Aliases = @{}) {
        $dir = (New-Item -ItemType Directory -Force (Join-Path $TestDrive $Name)).FullName
        $config = Join-Path $dir 'ragnatramp.yaml'
        $project = [pscustomobject]@{ Name = $Name; Dir = $dir; Config = $config; Machines = $Machines; Aliases = $Aliases; VmNames = @{}; Marker = "managed:true`nconfig:$config" }
        Write-ProjectConfig $project ''
        Get-RagnaConfig -Path $config | ForEach-Object { $project.VmNames[$_.MachineName] = $_.VMName }
        $project
    }

    function Write-ProjectConfig($Project, [string] $Ssh) {
        # ragnatramp.yaml as the Node.js CLI has it; login and aliases in ragnatramp.reconcile.yaml.
        # The VM names hang on the config's path only, so the login can be added once the lab has one.
        $yaml = "project:`n  name: $($Project.Name)`nmachines:`n" + (($Project.Machines | ForEach-Object { "  - name: $_`n" }) -join '')
        [IO.File]::WriteAllText($Project.Config, $yaml)
        $withAliases = @($Project.Machines | Where-Object { $Project.Aliases[$_] })
        $reconcile = $Ssh + $(if ($withAliases) { "machines:`n" + (($withAliases | ForEach-Object { "  ${_}:`n    aliases: [$($Project.Aliases[$_] -join ', ')]`n" }) -join '') } else { '' })
        [IO.File]::WriteAllText((Join-Path $Project.Dir 'ragnatramp.reconcile.yaml'), $reconcile)
    }

    function Set-ProjectLogin($Project) {
        Write-ProjectConfig $Project "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`n"
    }

    function New-Address([string] $Guest, [guid] $VMId = [guid]::Empty) {
        $g = Get-RagnaLabGuest -Lab $Lab -Name $Guest
        [Ragnatramp.VmAddress]@{ VMName = $g.VMName; VMId = $(if ($VMId -ne [guid]::Empty) { $VMId } else { $g.VMId }); State = 'Running'; IPv4 = $g.IPv4 }
    }
}

Describe 'Host keys: one pin store for every path' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $SshHome = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'ssh-home')).FullName
        $Outside = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'outside')).FullName

        $ProjA = New-Project 'projA' @('web', 'db', 'cache') @{ web = @('www') }
        $ProjB = New-Project 'projB' @('web', 'db', 'cache') @{ web = @('b-only-alias') }
        $guests = foreach ($p in @(@{ Prefix = 'a'; Project = $ProjA }, @{ Prefix = 'b'; Project = $ProjB })) {
            foreach ($m in 'web', 'db', 'cache') {
                @{ Name = "$($p.Prefix)-$m"; VMName = $p.Project.VmNames[$m]; Notes = $p.Project.Marker }
            }
        }
        $Lab = Start-PesterLab -Guests (@($guests) + @(@{ Name = 'x1' }, @{ Name = 'x2' }))
        Set-ProjectLogin $ProjA
        Set-ProjectLogin $ProjB
    }

    AfterAll {
        Stop-PesterLab $Lab
    }

    It 'Sync-RagnaHosts in a project without a state and Invoke-RagnaReconcile, which creates it, check the same pins' {
        $sync = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir }
        foreach ($g in 'a-web', 'a-db', 'a-cache') {
            (Get-Result $sync.Output $g).HostKey | Should -Be 'Pinned'
            (Get-Result $sync.Output $g).HostKeyFingerprint | Should -Be (Get-RagnaLabGuestHostKey -Lab $Lab -Name $g).Fingerprint
        }
        Test-Path (Join-Path $ProjA.Dir '.ragnatramp/state.json') | Should -BeFalse
        $new = Set-RagnaLabGuestHostKey -Lab $Lab -Name a-db

        $reconcile = Invoke-Captured { Invoke-RagnaReconcile -Path $ProjA.Dir }

        $result = $reconcile.Output[0]
        (Get-Result $result.HostsSync a-web).HostKey | Should -Be 'Verified'
        $db = Get-Result $result.HostsSync a-db
        $db.Status | Should -Be 'Failed'
        $db.HostKey | Should -Be 'Refused'
        $db.HostKeyFingerprint | Should -Be $new.Fingerprint
        @($reconcile.Errors | Where-Object { $_.TargetObject.VMName -eq $db.VMName }).Count | Should -Be 1 -Because 'a failed guest is an error after the result'
        Get-Content -Raw (Join-Path $ProjA.Dir '.ragnatramp/state.json') | Should -Not -Match 'hostKeys' -Because 'pins never go into the state'
        Get-PinLines | Should -HaveCount 3
    }

    It 'the system OpenSSH client accepts a guest Ragnatramp pinned and refuses it once its key changed, until -TrustHostKey re-pins it' {
        $web = Invoke-OpenSsh a-web
        $web.ExitCode | Should -Be 0 -Because $web.Output
        $db = Invoke-OpenSsh a-db
        $db.ExitCode | Should -Not -Be 0
        $db.Output | Should -Match 'REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed'

        $trusted = Invoke-Captured { Invoke-RagnaReconcile -Path $ProjA.Dir -TrustHostKey }

        (Get-Result $trusted.Output[0].HostsSync a-db).HostKey | Should -Be 'Replaced'
        @($trusted.Warnings | Where-Object { $_ -match 'replaced the pinned SSH host key' }).Count | Should -Be 1
        $after = Invoke-OpenSsh a-db
        $after.ExitCode | Should -Be 0 -Because $after.Output
        Get-PinLines | Should -HaveCount 3 -Because 'the new pin replaced the old line'
    }

    It 'Get-VM | Get-RagnaVmAddress | Sync-RagnaHosts from a folder without ragnatramp.yaml checks the project''s pins' {
        $before = [IO.File]::ReadAllBytes((Get-RagnaLabGuest -Lab $Lab -Name a-web).HostsPath)
        $new = Set-RagnaLabGuestHostKey -Lab $Lab -Name a-web
        $names = 'a-web', 'a-db' | ForEach-Object { (Get-RagnaLabGuest -Lab $Lab -Name $_).VMName }
        Push-Location $Outside
        try {
            $refused = Invoke-Captured { Get-VM -Name $names | Get-RagnaVmAddress -TimeoutSec 0 | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile }
            $trusted = Invoke-Captured { Get-VM -Name $names | Get-RagnaVmAddress -TimeoutSec 0 | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile -TrustHostKey }
        } finally { Pop-Location }

        (Get-Result $refused.Output a-web).HostKey | Should -Be 'Refused'
        (Get-Result $refused.Output a-web).Reason | Should -Match ([regex]::Escape($new.Fingerprint))
        (Get-Result $refused.Output a-db).HostKey | Should -Be 'Verified'
        (Get-Result $trusted.Output a-web).HostKey | Should -Be 'Replaced'
        (Invoke-OpenSsh a-web).ExitCode | Should -Be 0
        $null = $before
    }

    It 'addresses of one project piped into Sync-RagnaHosts in another keep their own identity: no login, alias or machine of the other' {
        Push-Location $ProjB.Dir
        try {
            $noLogin = Invoke-Captured { Get-RagnaVmAddress -Path $ProjA.Dir -TimeoutSec 0 | Sync-RagnaHosts }
            $withLogin = Invoke-Captured { Get-RagnaVmAddress -Path $ProjA.Dir -TimeoutSec 0 | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile }
        } finally { Pop-Location }

        foreach ($g in 'a-web', 'a-db', 'a-cache') {
            (Get-Result $noLogin.Output $g).Status | Should -Be 'Failed' -Because 'projB''s ssh login is not projA''s'
            ($noLogin.Errors | Where-Object { $_.TargetObject.VMName -eq (Get-RagnaLabGuest -Lab $Lab -Name $g).VMName }).FullyQualifiedErrorId | Should -BeLike 'SshLoginMissing,*'
            (Get-Result $withLogin.Output $g).HostKey | Should -Be 'Verified' -Because 'projA''s VMs are checked against their own pins, by VM id'
        }
        $dbHosts = [IO.File]::ReadAllText((Get-RagnaLabGuest -Lab $Lab -Name a-db).HostsPath)
        $dbHosts | Should -Match ([regex]::Escape("$((Get-RagnaLabGuest -Lab $Lab -Name a-web).IPv4) web`n"))
        $dbHosts | Should -Not -Match 'b-only-alias'
    }

    It 'a stale copy of state.json written back mid-sync (as the Node.js CLI does) changes nothing about trust' {
        $statePath = Join-Path $ProjA.Dir '.ragnatramp/state.json'
        $pinsBefore = Get-PinLines
        # The copy the Node.js CLI read before: a 0.1 state still holding a pin, here a key that is not web's.
        $attacker = Join-Path $TestDrive 'attacker_key'
        & ssh-keygen -q -t ed25519 -N '' -f $attacker | Out-Null
        $state = Get-Content -Raw $statePath | ConvertFrom-Json -AsHashtable
        $state.hostKeys = @{ "$((Get-RagnaLabGuest -Lab $Lab -Name a-web).VMId)" = @{ vmName = 'a'; algorithm = 'ssh-ed25519'; key = ((Get-Content "$attacker.pub") -split ' ')[1] } }
        $stale = [Text.Encoding]::UTF8.GetBytes(($state | ConvertTo-Json -Depth 10))
        $addresses = [Ragnatramp.VmAddress[]]@('a-web', 'a-db', 'a-cache' | ForEach-Object { New-Address $_ })
        # As the Node.js CLI saves: state.json.tmp, renamed over state.json.
        function Write-Stale { [IO.File]::WriteAllBytes("$statePath.tmp", $stale); [IO.File]::Move("$statePath.tmp", $statePath, $true) }

        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:RAGNATRAMP_MODULE'; Set-Location '$($ProjA.Dir)'").AddStatement().
                AddCommand('Sync-RagnaHosts').AddParameter('InputObject', $addresses).AddParameter('ThrottleLimit', 1).AddParameter('ErrorAction', 'SilentlyContinue')
            $run = $ps.BeginInvoke()
            $writes = 0
            while (-not $run.IsCompleted) {
                Write-Stale
                $writes++
                Start-Sleep -Milliseconds 20
            }
            $during = @($ps.EndInvoke($run))
        } finally { $ps.Dispose() }
        Write-Stale
        $after = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir }

        $writes | Should -BeGreaterThan 0
        $during.HostKey | Should -Be @('Verified', 'Verified', 'Verified') -Because ($during.Reason -join '; ')
        $after.Output.HostKey | Should -Be @('Verified', 'Verified', 'Verified') -Because 'the pin store is checked, not the stale state'
        Get-PinLines | Should -Be $pinsBefore
        Get-Content -Raw $statePath | Should -Not -Match 'hostKeys' -Because 'the stale 0.1 pin was dropped: the store already pins that VM'
        $new = Set-RagnaLabGuestHostKey -Lab $Lab -Name a-cache
        Write-Stale
        $rekeyed = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir }
        (Get-Result $rekeyed.Output a-cache).HostKey | Should -Be 'Refused' -Because "a changed key ($($new.Fingerprint)) is still refused"
        $null = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir -TrustHostKey }
    }

    It 'two processes, each syncing 8 guests at once, pin 16 VMs without losing one' {
        $store = Join-Path $TestDrive 'race/known_hosts'
        $go = Join-Path $TestDrive 'race/go'
        $null = New-Item -ItemType Directory -Force (Split-Path $store)
        $guests = $Lab.Guests | ForEach-Object { @{ VMName = $_.VMName; VMId = "$($_.VMId)"; IPv4 = $_.IPv4 } }
        $otherIds = @($Lab.Guests | ForEach-Object { "$([guid]::NewGuid())" })
        $job = {
            param($Module, $Store, $Go, $Guests, $Ids, $User, $Key)
            $env:RAGNATRAMP_KNOWN_HOSTS = $Store
            Import-Module $Module
            $addresses = for ($i = 0; $i -lt $Guests.Count; $i++) {
                [Ragnatramp.VmAddress]@{ VMName = $Guests[$i].VMName; VMId = $(if ($Ids) { $Ids[$i] } else { $Guests[$i].VMId }); State = 'Running'; IPv4 = $Guests[$i].IPv4 }
            }
            while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 20 }
            $addresses | Sync-RagnaHosts -User $User -KeyFile $Key -ThrottleLimit 8 -ErrorAction SilentlyContinue 3>$null |
                ForEach-Object { [pscustomobject]@{ VMName = $_.VMName; HostKey = "$($_.HostKey)"; Reason = $_.Reason } }
        }
        $jobs = @(
            Start-Job -ScriptBlock $job -ArgumentList $env:RAGNATRAMP_MODULE, $store, $go, $guests, $null, $Lab.User, $Lab.KeyFile
            Start-Job -ScriptBlock $job -ArgumentList $env:RAGNATRAMP_MODULE, $store, $go, $guests, $otherIds, $Lab.User, $Lab.KeyFile
        )
        try {
            Start-Sleep -Seconds 2
            $null = New-Item -ItemType File $go
            $null = $jobs | Wait-Job -Timeout 600
            $results = @($jobs | Receive-Job)
        } finally { $jobs | Remove-Job -Force }

        $results | Should -HaveCount 16
        $results | ForEach-Object { $_.HostKey | Should -Be 'Pinned' -Because "$($_.VMName): $($_.Reason)" }
        $lines = Get-PinLines $store
        $lines | Should -HaveCount 16
        $ids = @($Lab.Guests.VMId | ForEach-Object { "$_" }) + $otherIds
        foreach ($id in $ids) { @($lines | Where-Object { $_ -like "ragnatramp-$id *" }) | Should -HaveCount 1 }
    }

    It 'moves the pins of both 0.1 stores in on first contact; where they disagree the VM is refused until -TrustHostKey' {
        $statePath = Join-Path $ProjB.Dir '.ragnatramp/state.json'
        $null = New-Item -ItemType Directory -Force (Split-Path $statePath)
        $key = @{}
        foreach ($g in 'b-web', 'b-db', 'b-cache') { $key[$g] = Get-RagnaLabGuestHostKey -Lab $Lab -Name $g }
        $id = @{}
        foreach ($g in 'b-web', 'b-db', 'b-cache') { $id[$g] = "$((Get-RagnaLabGuest -Lab $Lab -Name $g).VMId)" }
        $other = Join-Path $TestDrive 'other_key'
        & ssh-keygen -q -t ed25519 -N '' -f $other | Out-Null
        $otherKey = ((Get-Content "$other.pub") -split ' ')[1]
        $otherFingerprint = ((& ssh-keygen -l -f "$other.pub") -split ' ')[1]
        function Pin([string] $Key) { @{ vmName = 'x'; algorithm = 'ssh-ed25519'; key = $Key; fingerprint = 'SHA256:x'; trustedAt = '2026-01-30T10:05:00.000Z' } }
        # The Node.js CLI's state plus 0.1's hostKeys: web and db pinned there.
        $vms = [ordered]@{}
        foreach ($m in 'web', 'db', 'cache') {
            $g = Get-RagnaLabGuest -Lab $Lab -Name "b-$m"
            $vms[$m] = [ordered]@{ id = "$($g.VMId)"; name = $g.VMName; machineName = $m; diskPath = "C:\HyperV\projB\$m.vhdx"; createdAt = '2026-01-30T10:00:00.000Z'; checkpoints = @() }
        }
        [ordered]@{ version = 1; configHash = '1a2b3c4d'; configPath = $ProjB.Config; project = 'projB'; createdAt = '2026-01-30T10:00:00.000Z'
            updatedAt = '2026-01-30T10:00:00.000Z'; futureField = @{ kept = $true }; vms = $vms
            hostKeys = [ordered]@{ $id['b-web'] = Pin $key['b-web'].Key; $id['b-db'] = Pin $key['b-db'].Key }
        } | ConvertTo-Json -Depth 10 | Set-Content $statePath
        # 0.1's per-user JSON store: web agrees, db disagrees, cache only here.
        $json = Join-Path $env:XDG_DATA_HOME 'ragnatramp/known_hosts.json'
        $null = New-Item -ItemType Directory -Force (Split-Path $json)
        @{ version = 1; hosts = @{ $id['b-web'] = Pin $key['b-web'].Key; $id['b-db'] = Pin $otherKey; $id['b-cache'] = Pin $key['b-cache'].Key } } |
            ConvertTo-Json -Depth 5 | Set-Content $json

        $first = Invoke-Captured { Invoke-RagnaReconcile -Path $ProjB.Dir }

        (Get-Result $first.Output[0].HostsSync b-web).HostKey | Should -Be 'Verified'
        (Get-Result $first.Output[0].HostsSync b-cache).HostKey | Should -Be 'Verified'
        $db = Get-Result $first.Output[0].HostsSync b-db
        $db.HostKey | Should -Be 'Refused'
        $db.Reason | Should -Match ([regex]::Escape("(hostKeys) has ssh-ed25519 $($key['b-db'].Fingerprint)"))
        $db.Reason | Should -Match ([regex]::Escape("known_hosts.json (0.1 store) has ssh-ed25519 $otherFingerprint"))
        @($first.Errors | Where-Object { $_.TargetObject.VMName -eq $db.VMName }).Count | Should -Be 1 -Because 'a failed guest is an error after the result'
        @((Get-Content -Raw $statePath | ConvertFrom-Json -AsHashtable).hostKeys.Keys) | Should -Be @($id['b-db'])
        @((Get-Content -Raw $json | ConvertFrom-Json -AsHashtable).hosts.Keys) | Should -Be @($id['b-db'])
        Get-PinLines | Should -Contain "ragnatramp-$($id['b-web']) ssh-ed25519 $($key['b-web'].Key) x"
        Get-PinLines | Should -Contain "ragnatramp-$($id['b-cache']) ssh-ed25519 $($key['b-cache'].Key) x"

        $trusted = Invoke-Captured { Invoke-RagnaReconcile -Path $ProjB.Dir -TrustHostKey }

        (Get-Result $trusted.Output[0].HostsSync b-db).HostKey | Should -Be 'Replaced'
        $state = Get-Content -Raw $statePath | ConvertFrom-Json -AsHashtable
        $state.Keys | Should -Not -Contain 'hostKeys'
        $state.futureField.kept | Should -BeTrue -Because 'every other field of the state stays'
        Test-Path $json | Should -BeFalse -Because 'its last pin moved'
        (Invoke-OpenSsh b-db).ExitCode | Should -Be 0
    }

    It 'a store line that does not parse fails every guest closed, naming file and line, and nothing is written' {
        $store = $env:RAGNATRAMP_KNOWN_HOSTS
        $saved = [IO.File]::ReadAllBytes($store)
        $lineCount = @(Get-Content $store).Count
        Add-Content -Path $store -Value 'ragnatramp-broken ssh-ed25519 AAAA'
        $hostsBefore = @{}
        foreach ($g in 'a-web', 'a-db', 'a-cache') { $hostsBefore[$g] = [IO.File]::ReadAllBytes((Get-RagnaLabGuest -Lab $Lab -Name $g).HostsPath) }
        try {
            Set-RagnaLabGuestAddress -Lab $Lab -Name a-cache -IPv4 "$($Lab.SubnetPrefix).99"  # a change every guest would get
            $broken = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir }
        } finally { [IO.File]::WriteAllBytes($store, $saved) }

        $broken.Output | ForEach-Object {
            $_.Status | Should -Be 'Failed'
            $_.HostKey | Should -BeNullOrEmpty
            $_.Reason | Should -Match ([regex]::Escape("The pin store $store, line $($lineCount + 1):"))
        }
        $broken.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'HostKeyStoreCorrupt,*' }
        foreach ($g in 'a-web', 'a-db', 'a-cache') { [IO.File]::ReadAllBytes((Get-RagnaLabGuest -Lab $Lab -Name $g).HostsPath) | Should -Be $hostsBefore[$g] }
    }

    It 'a 0.1 hostKeys that is not an object fails the project''s guests closed, naming the state file, which keeps it' {
        $statePath = Join-Path $ProjA.Dir '.ragnatramp/state.json'
        $state = Get-Content -Raw $statePath | ConvertFrom-Json -AsHashtable
        $state.hostKeys = 'not an object'
        $state | ConvertTo-Json -Depth 10 | Set-Content $statePath

        $result = Invoke-Captured { Sync-RagnaHosts -Path $ProjA.Dir }

        $result.Output | ForEach-Object {
            $_.Status | Should -Be 'Failed'
            $_.Reason | Should -Match ([regex]::Escape($statePath))
            $_.Reason | Should -Match '"hostKeys" is not an object'
        }
        (Get-Content -Raw $statePath | ConvertFrom-Json).hostKeys | Should -Be 'not an object'
        $state.Remove('hostKeys')
        $state | ConvertTo-Json -Depth 10 | Set-Content $statePath
    }

    It 'a VM re-created under the same name (a new id) is pinned as new, with a warning, without -TrustHostKey' {
        $oldId = (Get-RagnaLabGuest -Lab $Lab -Name a-web).VMId
        $key = Set-RagnaLabGuestHostKey -Lab $Lab -Name a-web
        $newId = Set-RagnaLabGuestVMId -Lab $Lab -Name a-web
        $vmName = (Get-RagnaLabGuest -Lab $Lab -Name a-web).VMName
        Push-Location $Outside
        try {
            $result = Invoke-Captured { Get-RagnaVmAddress -Name $vmName -TimeoutSec 0 | Sync-RagnaHosts -User $Lab.User -KeyFile $Lab.KeyFile }
        } finally { Pop-Location }

        $result.Output[0].HostKey | Should -Be 'Pinned'
        $result.Output[0].Status | Should -BeIn 'Updated', 'Unchanged'
        @($result.Warnings | Where-Object { $_ -like "${vmName}: pinned its SSH host key ssh-ed25519 $($key.Fingerprint) on first use (VM id $newId*" }).Count | Should -Be 1
        Get-PinLines | Should -Contain "ragnatramp-$newId ssh-ed25519 $($key.Key) $vmName"
        @(Get-PinLines | Where-Object { $_ -like "ragnatramp-$oldId *" }) | Should -HaveCount 1 -Because 'the old VM''s pin is left as it was'
    }
}
