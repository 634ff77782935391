# Invoke-RagnaReconcile and Get-RagnaStatus against the Hyper-V stand-ins (tests/Lab), as a user
# or a scheduled task meets them: the state file, fail-fast, the dry run, exit codes, two runs at
# once (issue 6). Guests here have no sshd: the one running VM uses this host's own address, so the
# SSH port check stays on this machine. Real guests: Invoke-RagnaReconcile.Lab.Tests.ps1.
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns

    # An address of this host (not loopback, which discovery rightly refuses): TCP to it never leaves the machine.
    $LocalIPv4 = [System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() |
        Where-Object { $_.OperationalStatus -eq 'Up' -and $_.NetworkInterfaceType -ne 'Loopback' } |
        ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address } |
        Where-Object { $_.AddressFamily -eq 'InterNetwork' -and -not $_.ToString().StartsWith('169.254.') } |
        Select-Object -First 1 | ForEach-Object ToString

    # A real key: a login is tried first (the TCP check of port 22 only follows a failed one), and
    # an unusable key would fail before that. No guest here runs sshd, so no login ever succeeds.
    $TestKey = Join-Path $TestDrive 'id_test'
    & ssh-keygen -q -t ed25519 -N '' -f $TestKey | Out-Null

    function New-Project([switch] $NoLogin) {
        # A project folder with web (alias www) and db; returns its path, config path and VM names.
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n').Substring(0, 8))
        New-Item -ItemType Directory $dir | Out-Null
        $config = Join-Path $dir 'ragnatramp.yaml'
        $ssh = if ($NoLogin) { '' } else { "defaults:`n  ssh:`n    user: tester`n    private_key: ./id_test`n" }
        Copy-Item $TestKey (Join-Path $dir 'id_test')
        Set-Content -Path $config -NoNewline -Value "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n"
        Set-Content -Path (Join-Path $dir 'ragnatramp.reconcile.yaml') -NoNewline -Value "$($ssh)machines:`n  web:`n    aliases: [www]`nsettings:`n  address_timeout: 0`n"
        $names = @{}
        foreach ($m in Get-RagnaConfig -Path $dir) { $names[$m.MachineName] = $m.VMName }
        [pscustomobject]@{
            Dir = $dir; Config = $config; State = Join-Path $dir '.ragnatramp/state.json'
            Web = $names.web; Db = $names.db; Notes = "ragnatramp:v0.1.0`nconfig:$config`nmanaged:true"
        }
    }

    function Add-ProjectVM($Project, [string] $Machine, [string] $IPv4, [string] $State = 'Running', [guid] $Id = [guid]::NewGuid(), [string] $Mac) {
        $adapter = @{ MacAddress = $(if ($Mac) { $Mac } else { '00155D00{0:X4}' -f (Get-Random -Maximum 65535) }) }
        if ($IPv4) { $adapter.IPAddresses = @($IPv4) }
        Add-FakeVM $Project.$Machine -Id $Id -State $State -Notes $Project.Notes -Adapters $adapter
    }

    function Write-NodeState($Project, [hashtable] $Vms) {
        # The state file as the Node.js CLI writes it (JSON.stringify(state, null, 2), no final newline),
        # with fields Ragnatramp does not know at every level.
        $records = foreach ($machine in $Vms.Keys | Sort-Object -Descending) {
            $vm = $Vms[$machine]
            $network = if ($vm.IPv4) {
                ",`n      `"network`": {`n        `"ipv4`": `"$($vm.IPv4)`",`n        `"ipv6`": [],`n        `"mac`": `"$($vm.Mac)`",`n        `"adapterName`": `"Network Adapter`",`n        `"discoveredAt`": `"2026-01-30T10:05:00.000Z`",`n        `"source`": `"arp`",`n        `"vlan`": 7`n      }"
            } else { '' }
            "    `"$machine`": {`n      `"id`": `"$($vm.Id)`",`n      `"name`": `"$($Project.$machine)`",`n      `"machineName`": `"$machine`",`n      `"diskPath`": `"C:\\HyperV\\$machine.vhdx`",`n      `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n      `"checkpoints`": [`n        {`n          `"id`": `"c1`",`n          `"name`": `"clean`",`n          `"createdAt`": `"2026-01-30T10:01:00.000Z`"`n        }`n      ],`n      `"owner`": `"ops`"$network`n    }"
        }
        $text = "{`n  `"version`": 1,`n  `"configHash`": `"1a2b3c4d`",`n  `"configPath`": `"$($Project.Config)`",`n  `"project`": `"demo`",`n  `"createdAt`": `"2026-01-30T10:00:00.000Z`",`n  `"updatedAt`": `"2026-01-30T10:05:00.000Z`",`n  `"futureField`": {`n    `"keep`": true`n  },`n  `"vms`": {`n$($records -join ",`n")`n  }`n}"
        New-Item -ItemType Directory -Force (Split-Path $Project.State) | Out-Null
        [IO.File]::WriteAllText($Project.State, $text)
    }

    function Get-StateBytes($Project) { [IO.File]::ReadAllBytes($Project.State) }
    function Read-State($Project) { Get-Content -Raw $Project.State | ConvertFrom-Json -AsHashtable }
}

Describe 'Invoke-RagnaReconcile' {
    BeforeEach { Reset-FakeHyperV }

    Context 'without a state file' {
        It 'adopts the marked VMs into a version 1 state as the Node.js CLI would write it' {
            $p = New-Project
            $web = Add-ProjectVM $p web $LocalIPv4
            $db = Add-ProjectVM $p db -State Off
            $result = Invoke-RagnaReconcile -Path $p.Dir
            $result.Success | Should -BeTrue
            $result.PSObject.TypeNames[0] | Should -Be 'Ragnatramp.ReconcileResult'

            $text = [IO.File]::ReadAllText($p.State)
            $text | Should -Not -Match "`n$" -Because 'JSON.stringify + writeFile ends without a newline'
            $text | Should -Match '^\{\n  "version": 1,\n  "configHash": '
            $state = Read-State $p
            $expectedHash = (Get-FileHash -Algorithm SHA256 $p.Config).Hash.Substring(0, 8).ToLowerInvariant()
            $state.configHash | Should -Be $expectedHash
            $state.configPath | Should -Be $p.Config
            $state.project | Should -Be 'demo'
            $text | Should -Match '"createdAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"'
            $state.vms.web.id | Should -Be $web.Id.ToString()
            $state.vms.web.name | Should -Be $p.Web
            $state.vms.web.network.ipv4 | Should -Be $LocalIPv4
            $state.vms.web.network.source | Should -Be 'hyperv'
            $state.vms.db.id | Should -Be $db.Id.ToString()
            $state.vms.db.network.ipv4 | Should -BeNullOrEmpty
            $state.vms.db.network.Keys | Should -Contain 'discoveredAt'
        }

        It 'never adopts or writes to a VM whose Notes lack the marker for this config' {
            $p = New-Project
            $null = Add-FakeVM $p.Web -Notes 'hand made' -Adapters @{ MacAddress = '00155D000101'; IPAddresses = $LocalIPv4 }
            $null = Add-ProjectVM $p db -State Off
            $result = Invoke-RagnaReconcile -Path $p.Dir -WarningVariable warnings 3>$null
            $result.Success | Should -BeTrue
            (Read-State $p).vms.Keys | Should -Be @('db')
            $result.HostsSync.VMName | Should -Not -Contain $p.Web
            $warnings -join ' ' | Should -Match 'Notes lack'
        }

        It 'warns and succeeds when the project has no VMs yet' {
            $p = New-Project
            $result = Invoke-RagnaReconcile -Path $p.Dir -WarningVariable warnings 3>$null
            $result.Success | Should -BeTrue
            $warnings -join ' ' | Should -Match 'No VMs'
            $p.State | Should -Not -Exist
        }

        It 'warns once of Ragnatramp 0.1 keys in ragnatramp.yaml, still applies them, and lists the warning in the result' {
            $p = New-Project
            Remove-Item (Join-Path $p.Dir 'ragnatramp.reconcile.yaml')
            Set-Content -Path $p.Config -NoNewline -Value "project:`n  name: demo`nmachines:`n  - name: web`n    aliases: [www]`n  - name: db`nsettings:`n  address_timeout: 0`n"
            $result = Invoke-RagnaReconcile -Path $p.Dir -WarningVariable warnings 3>$null
            $legacy = @($warnings | Where-Object { "$_" -match 'Ragnatramp 0\.1 settings' })
            $legacy.Count | Should -Be 1
            "$($legacy[0])" | Should -Match "aliases of machine 'web' \(line 5\), settings\.address_timeout \(line 8\)"
            "$($legacy[0])" | Should -Match 'ragnatramp\.reconcile\.yaml'
            @($result.Warnings | Where-Object { $_ -match 'Ragnatramp 0\.1 settings' }).Count | Should -Be 1
        }
    }

    Context 'with a state file the Node.js CLI wrote' {
        It 'records a new address old -> new with previousIpv4 and keeps every unknown field' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId; IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = $dbId } }
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId -Mac '00155D000001'
            $null = Add-ProjectVM $p db -State Off -Id $dbId
            $result = Invoke-RagnaReconcile -Path $p.Dir
            $ipv4 = $result.Changes | Where-Object { $_.MachineName -eq 'web' -and $_.Field -eq 'ipv4' }
            $ipv4.OldValue | Should -Be '172.18.176.20'
            $ipv4.NewValue | Should -Be $LocalIPv4
            $result.Changes[0].PSObject.TypeNames[0] | Should -Be 'Ragnatramp.StateChange'
            $state = Read-State $p
            $state.vms.web.network.ipv4 | Should -Be $LocalIPv4
            $state.vms.web.network.previousIpv4 | Should -Be '172.18.176.20'
            $state.vms.web.network.source | Should -Be 'hyperv'
            $state.vms.web.network.vlan | Should -Be 7
            $state.vms.web.owner | Should -Be 'ops'
            $state.vms.web.checkpoints[0].name | Should -Be 'clean'
            $state.futureField.keep | Should -BeTrue
            $state.configHash | Should -Be '1a2b3c4d' -Because 'the Node.js CLI owns configHash once the state exists'
        }

        It 'changes nothing and leaves the file byte-identical on a second run' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId }; db = @{ Id = $dbId } }
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
            $null = Add-ProjectVM $p db -State Off -Id $dbId
            $null = Invoke-RagnaReconcile -Path $p.Dir
            $before = Get-StateBytes $p
            $second = Invoke-RagnaReconcile -Path $p.Dir
            $second.Success | Should -BeTrue
            $second.Changes | Should -BeNullOrEmpty
            Get-StateBytes $p | Should -Be $before
        }

        It 'clears the network of a recorded VM that Hyper-V no longer has, with a warning' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId }; db = @{ Id = $dbId; IPv4 = '172.18.176.30'; Mac = '00155D000002' } }
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
            $result = Invoke-RagnaReconcile -Path $p.Dir -WarningVariable warnings 3>$null
            $result.Success | Should -BeTrue
            $warnings -join ' ' | Should -Match "$($p.Db).*no longer exists"
            $state = Read-State $p
            $state.vms.db.network.ipv4 | Should -BeNullOrEmpty
            $state.vms.db.network.previousIpv4 | Should -Be '172.18.176.30'
            $state.vms.db.diskPath | Should -Be 'C:\HyperV\db.vhdx'
        }

        It 'records a stopped VM all-null but for previousIpv4 (its last address), and Get-RagnaStatus shows it without an address' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId }; db = @{ Id = $dbId; IPv4 = '172.18.176.30'; Mac = '00155D000002' } }
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
            $null = Add-ProjectVM $p db -State Off -Id $dbId
            $result = Invoke-RagnaReconcile -Path $p.Dir
            $result.Success | Should -BeTrue
            ($result.Changes | Where-Object { $_.MachineName -eq 'db' } | ForEach-Object { "$($_.Field):$($_.OldValue)->$($_.NewValue)" }) |
                Should -Be @('ipv4:172.18.176.30->', 'mac:00155D000002->', 'adapterName:Network Adapter->', 'source:arp->', 'previousIpv4:->172.18.176.30')
            $network = (Read-State $p).vms.db.network
            foreach ($field in 'ipv4', 'ipv6', 'mac', 'adapterName', 'discoveredAt', 'source') {
                $network.Keys | Should -Contain $field
                $network[$field] | Should -BeNullOrEmpty -Because "$field of a VM that is not running is null"
            }
            $network.previousIpv4 | Should -Be '172.18.176.30'
            $network.vlan | Should -Be 7 -Because 'fields Ragnatramp does not know survive'
            $db = Get-RagnaStatus -Path $p.Dir | Where-Object MachineName -eq 'db'
            $db.State | Should -Be 'Off'
            $db.IPv4 | Should -BeNullOrEmpty
            $db.DiscoveredAt | Should -BeNullOrEmpty
            $before = Get-StateBytes $p
            (Invoke-RagnaReconcile -Path $p.Dir).Changes | Should -BeNullOrEmpty -Because 'a VM still off changes nothing'
            Get-StateBytes $p | Should -Be $before
        }

        It 'keeps a duplicate IPv4 in the state, leaves both VMs out of every block and names both' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId }; db = @{ Id = $dbId } }
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
            $null = Add-ProjectVM $p db $LocalIPv4 -Id $dbId
            $result = Invoke-RagnaReconcile -Path $p.Dir -WarningVariable warnings 3>$null
            $result.Success | Should -BeTrue
            $state = Read-State $p
            $state.vms.web.network.ipv4 | Should -Be $LocalIPv4
            $state.vms.db.network.ipv4 | Should -Be $LocalIPv4
            $result.HostsBlock | Should -Not -Match ([regex]::Escape($LocalIPv4))
            @($result.HostsSync | Where-Object Status -eq 'Skipped').Count | Should -Be 2
            $duplicate = $warnings | Where-Object { "$_" -match 'machine-id' }
            "$duplicate" | Should -Match "'web'"
            "$duplicate" | Should -Match "'db'"
        }

        It 'stops with a terminating error naming a corrupt state file and never rewrites it' {
            $p = New-Project
            New-Item -ItemType Directory -Force (Split-Path $p.State) | Out-Null
            [IO.File]::WriteAllText($p.State, "{`n  `"version`": 1,`n  `"vms`": {`n")
            $before = Get-StateBytes $p
            $null = Add-ProjectVM $p web $LocalIPv4
            $err = { Invoke-RagnaReconcile -Path $p.Dir } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Match '^StateFileCorrupt'
            $err.Exception.Message | Should -Match ([regex]::Escape($p.State))
            $err.Exception.Message | Should -Match 'line \d+'
            Get-StateBytes $p | Should -Be $before
        }

        It 'refuses a state of another version' {
            $p = New-Project
            New-Item -ItemType Directory -Force (Split-Path $p.State) | Out-Null
            [IO.File]::WriteAllText($p.State, '{"version": 2, "vms": {}}')
            { Invoke-RagnaReconcile -Path $p.Dir } | Should -Throw -ErrorId 'StateVersionUnsupported*'
        }
    }

    Context 'fail-fast and the dry run write nothing' {
        It 'fails fast when a running VM has no IPv4: result, ReconcileDiscoveryFailed, state bytes identical' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId; IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = $dbId } }
            $before = Get-StateBytes $p
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
            $null = Add-ProjectVM $p db -Id $dbId
            $result = Invoke-RagnaReconcile -Path $p.Dir -ErrorVariable errors -ErrorAction SilentlyContinue
            $result.Success | Should -BeFalse
            $result.HostsSync | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Match '^ReconcileDiscoveryFailed'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($p.Db))
            $errors[0].Exception.Message | Should -Not -Match ([regex]::Escape($p.Web))
            Get-StateBytes $p | Should -Be $before
            @(Get-ChildItem (Split-Path $p.State)).Name | Should -Be @('state.json')
        }

        It 'stops with HyperVReturnedNoVMs when Hyper-V lists no VM at all while the state records some (no rights): state bytes identical' {
            $p = New-Project
            Write-NodeState $p @{ web = @{ Id = [guid]::NewGuid(); IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = [guid]::NewGuid() } }
            $before = Get-StateBytes $p
            # Reset-FakeHyperV (BeforeEach) leaves Get-VM answering nothing and no error, as Hyper-V answers an un-elevated session.
            $err = { Invoke-RagnaReconcile -Path $p.Dir } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Match '^HyperVReturnedNoVMs'
            $err.Exception.Message | Should -Match 'Hyper-V Administrators'
            Get-StateBytes $p | Should -Be $before
            @(Get-ChildItem -Force (Split-Path $p.State)).Name | Should -Be @('state.json')
        }

        It 'refuses to clear the state when every recorded VM is gone at once: ReconcileAllVmsGone, state bytes identical' {
            $p = New-Project
            Write-NodeState $p @{ web = @{ Id = [guid]::NewGuid(); IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = [guid]::NewGuid(); IPv4 = '172.18.176.30'; Mac = '00155D000002' } }
            $before = Get-StateBytes $p
            $null = Add-FakeVM 'someone-elses-vm' -State Off
            $result = Invoke-RagnaReconcile -Path $p.Dir -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $result.Success | Should -BeFalse
            $result.Changes | Should -BeNullOrEmpty
            $result.HostsSync | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Match '^ReconcileAllVmsGone'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($p.Web))
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($p.Db))
            Get-StateBytes $p | Should -Be $before
            @(Get-ChildItem -Force (Split-Path $p.State)).Name | Should -Be @('state.json')
        }

        It 'fails fast without creating a state when there is none' {
            $p = New-Project
            $null = Add-ProjectVM $p web
            $result = Invoke-RagnaReconcile -Path $p.Dir -ErrorAction SilentlyContinue
            $result.Success | Should -BeFalse
            Split-Path $p.State | Should -Not -Exist
        }

        It 'dry run: reports Changes, the block and each guest''s SSH port, and leaves the state bytes identical' {
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId; IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = $dbId } }
            $before = Get-StateBytes $p
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId -Mac '00155D000001'
            $null = Add-ProjectVM $p db -State Off -Id $dbId
            $result = Invoke-RagnaReconcile -Path $p.Dir -WhatIf
            $result.DryRun | Should -BeTrue
            $result.Success | Should -BeTrue
            ($result.Changes | Where-Object Field -eq 'ipv4').NewValue | Should -Be $LocalIPv4
            $result.HostsBlock | Should -Match "(?m)^$([regex]::Escape($LocalIPv4)) web www$"
            $web = $result.HostsSync | Where-Object MachineName -eq 'web'
            $web.Reason | Should -Match 'SSH port 22'
            $web.Reason | Should -Match 'KVP: OK'
            ($result.HostsSync | Where-Object MachineName -eq 'db').Status | Should -Be 'Skipped'
            Get-StateBytes $p | Should -Be $before
            @(Get-ChildItem (Split-Path $p.State)).Name | Should -Be @('state.json')
        }

        It 'dry run: a guest without an SSH login is reported as one the sync would fail' {
            $p = New-Project -NoLogin
            $null = Add-ProjectVM $p web $LocalIPv4
            $result = Invoke-RagnaReconcile -Path $p.Dir -WhatIf -WarningVariable warnings 3>$null
            $web = $result.HostsSync | Where-Object MachineName -eq 'web'
            $web.Status | Should -Be 'Skipped'
            $web.Reason | Should -Match 'no SSH user'
            $warnings -join ' ' | Should -Match 'would fail'
        }

        It 'dry run without a state file creates none' {
            $p = New-Project
            $null = Add-ProjectVM $p web $LocalIPv4
            $result = Invoke-RagnaReconcile -Path $p.Dir -WhatIf
            $result.Changes.Count | Should -BeGreaterThan 0
            Split-Path $p.State | Should -Not -Exist
        }
    }

    Context 'from Task Scheduler and in parallel' {
        BeforeAll {
            function Write-WorldScript($Project, [hashtable[]] $Vms) {
                # The Hyper-V a child process sees: the stand-ins with these VMs (same ids in every process).
                $lines = @("Import-Module '$RepoRoot/tests/Lab/FakeHyperV.psm1' -Global", "Import-Module '$env:RAGNATRAMP_MODULE'")
                foreach ($vm in $Vms) {
                    $adapter = if ($vm.IPv4) { "@{ MacAddress = '$($vm.Mac)'; IPAddresses = '$($vm.IPv4)' }" } else { "@{ MacAddress = '$($vm.Mac)' }" }
                    $lines += "`$null = Add-FakeVM '$($Project.($vm.Machine))' -Id '$($vm.Id)' -State $($vm.State) -Notes `"$($Project.Notes -replace "`n", '`n')`" -Adapters $adapter"
                }
                $path = Join-Path $TestDrive "world-$([guid]::NewGuid().ToString('n')).ps1"
                Set-Content -Path $path -Value $lines
                $path
            }

            function Invoke-ScheduledCommand([string] $World, [string] $Dir) {
                # What the scheduled task runs, after the stand-ins are set up in the same process.
                Invoke-FreshPwsh -Command ". '$World'; Invoke-RagnaReconcile -Path '$Dir' -ErrorAction Stop" *> $null
                $LASTEXITCODE
            }
        }

        It 'exits 0 when the reconcile succeeds' {
            $p = New-Project
            $world = Write-WorldScript $p @(@{ Machine = 'web'; Id = [guid]::NewGuid(); State = 'Running'; IPv4 = $LocalIPv4; Mac = '00155D000001' })
            Invoke-ScheduledCommand $world $p.Dir | Should -Be 0
            (Read-State $p).vms.web.network.ipv4 | Should -Be $LocalIPv4
        }

        It 'exits 1 when discovery fails, having written nothing' {
            $p = New-Project
            $world = Write-WorldScript $p @(@{ Machine = 'web'; Id = [guid]::NewGuid(); State = 'Running'; Mac = '00155D000001' })
            Invoke-ScheduledCommand $world $p.Dir | Should -Be 1
            Split-Path $p.State | Should -Not -Exist
        }

        It 'ships an example script that registers such a task (parses, documents itself, refuses to run off Windows)' {
            $script = Join-Path $RepoRoot 'examples/Register-RagnaReconcileTask.ps1'
            $tokens = $null; $parseErrors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($script, [ref] $tokens, [ref] $parseErrors)
            $parseErrors | Should -BeNullOrEmpty
            $command = Get-Command $script
            foreach ($name in 'Path', 'IntervalMinutes', 'AtLogOn', 'AtStartup', 'RunElevated', 'TaskName') { $command.Parameters.Keys | Should -Contain $name }
            @((Get-Help $script).examples.example).Count | Should -BeGreaterOrEqual 2
            Get-Content -Raw $script | Should -Match ([regex]::Escape('-Command `"Invoke-RagnaReconcile -Path $quoted -ErrorAction Stop`"'))
            if (-not $IsWindows) {
                { & $script -Path $TestDrive } | Should -Throw '*needs Windows*'
            }
        }

        It 'two reconciles started at once in two processes leave a valid state holding both results' {
            # Recorded: web at this host's address, db off. Process 1 finds web off (a change) and db
            # off (no change); process 2 finds web where it was (no change) and db up on web's
            # address (a change; the duplicate keeps both out of the hosts sync, so no guest is
            # contacted). The test holds the state lock until both processes have read the state, so
            # both write after both have read: each must keep the other's change.
            $p = New-Project
            $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
            Write-NodeState $p @{ web = @{ Id = $webId; IPv4 = $LocalIPv4; Mac = '00155D000001' }; db = @{ Id = $dbId } }
            $web = @{ Machine = 'web'; Id = $webId; Mac = '00155D000001' }
            $db = @{ Machine = 'db'; Id = $dbId; Mac = '00155D000002' }
            $worlds = @(
                (Write-WorldScript $p @(($web + @{ State = 'Off' }), ($db + @{ State = 'Off' })))
                (Write-WorldScript $p @(($web + @{ State = 'Running'; IPv4 = $LocalIPv4 }), ($db + @{ State = 'Running'; IPv4 = $LocalIPv4 })))
            )
            # Written into the state once the stand-ins report network, so the record matches what process 2 sees.
            $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId -Mac '00155D000001'
            $null = Add-ProjectVM $p db -State Off -Id $dbId
            $null = Invoke-RagnaReconcile -Path $p.Dir
            Reset-FakeHyperV

            $lockPath = "$($p.State).lock"
            $self = Get-Process -Id $PID
            $holder = [ordered]@{
                pid = $PID; host = [Environment]::MachineName; since = [datetime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")
                processStartedAt = $self.StartTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"); token = 'pester'
            }
            [IO.File]::WriteAllText($lockPath, ($holder | ConvertTo-Json))
            $commandLine = @(Get-PwshCommandLine)
            $processes = foreach ($world in $worlds) {
                $info = [System.Diagnostics.ProcessStartInfo]::new($commandLine[0])
                foreach ($a in @($commandLine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
                        ". '$world'; Invoke-RagnaReconcile -Path '$($p.Dir)' -Verbose -ErrorAction Stop | Out-Null")) { $info.ArgumentList.Add($a) }
                $info.RedirectStandardOutput = $true
                $info.RedirectStandardError = $true
                [System.Diagnostics.Process]::Start($info)
            }
            try {
                $errors = foreach ($process in $processes) { $process.StandardError.ReadToEndAsync() }
                $seen = foreach ($process in $processes) {
                    $lines = [System.Collections.Generic.List[string]]::new()
                    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
                        $lines.Add($line)
                        if ($line -match 'State file .*VM\(s\) recorded') { break }
                    }
                    $line | Should -Not -BeNullOrEmpty -Because "each process reads the state before writing: $($lines -join "`n")"
                    $process.StandardOutput.ReadToEndAsync()
                }
            } finally {
                Remove-Item $lockPath -ErrorAction Ignore
            }
            for ($i = 0; $i -lt $processes.Count; $i++) {
                $processes[$i].WaitForExit()
                $processes[$i].ExitCode | Should -Be 0 -Because "$($seen[$i].Result)$($errors[$i].Result)"
            }

            $state = Read-State $p
            $state.version | Should -Be 1
            $state.vms.web.network.ipv4 | Should -BeNullOrEmpty -Because 'process 1 saw web go off'
            $state.vms.web.network.previousIpv4 | Should -Be $LocalIPv4
            $state.vms.db.network.ipv4 | Should -Be $LocalIPv4 -Because 'process 2 saw db come up'
            $state.vms.web.owner | Should -Be 'ops'
            @(Get-ChildItem -Force (Split-Path $p.State)).Name | Should -Be @('state.json') -Because 'no lock or temp file is left behind'
        }
    }
}

Describe 'Get-RagnaStatus' {
    BeforeEach { Reset-FakeHyperV }

    It 'shows the recorded network beside the live state, from one Get-VM call, writing nothing' {
        $p = New-Project
        $webId = [guid]::NewGuid(); $dbId = [guid]::NewGuid()
        Write-NodeState $p @{ web = @{ Id = $webId; IPv4 = '172.18.176.20'; Mac = '00155D000001' }; db = @{ Id = $dbId } }
        $before = Get-StateBytes $p
        $null = Add-ProjectVM $p web $LocalIPv4 -Id $webId
        $null = Add-ProjectVM $p db -State Off -Id $dbId
        Clear-FakeHyperVCall
        $rows = @(Get-RagnaStatus -Path $p.Dir)
        $rows.Count | Should -Be 2
        $rows[0].PSObject.TypeNames[0] | Should -Be 'Ragnatramp.VmStatus'
        $web = $rows | Where-Object MachineName -eq 'web'
        $web.VMName | Should -Be $p.Web
        $web.State | Should -Be 'Running'
        $web.IPv4 | Should -Be '172.18.176.20' -Because 'the recorded address is shown, not a fresh discovery'
        $web.AdapterName | Should -Be 'Network Adapter'
        $web.Source | Should -Be 'arp'
        $web.DiscoveredAt | Should -Be ([datetime]::new(2026, 1, 30, 10, 5, 0, [DateTimeKind]::Utc))
        ($rows | Where-Object MachineName -eq 'db').State | Should -Be 'Off'
        @(Get-FakeHyperVCall).Command | Should -Be @('Get-VM')
        Get-StateBytes $p | Should -Be $before
    }

    It 'shows Missing for a recorded VM that is gone and NotCreated for a machine without a VM' {
        $p = New-Project
        Write-NodeState $p @{ web = @{ Id = [guid]::NewGuid() } }
        $null = Add-FakeVM 'someone-elses-vm' -State Off
        $rows = @(Get-RagnaStatus -Path $p.Dir)
        ($rows | Where-Object MachineName -eq 'web').State | Should -Be 'Missing'
        ($rows | Where-Object MachineName -eq 'db').State | Should -Be 'NotCreated'
        ($rows | Where-Object MachineName -eq 'db').VMName | Should -Be $p.Db
    }

    It 'stops with HyperVReturnedNoVMs instead of showing every machine Missing when Hyper-V lists no VM at all' {
        $p = New-Project
        Write-NodeState $p @{ web = @{ Id = [guid]::NewGuid(); IPv4 = '172.18.176.20'; Mac = '00155D000001' } }
        $before = Get-StateBytes $p
        $err = { Get-RagnaStatus -Path $p.Dir } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Match '^HyperVReturnedNoVMs'
        $err.Exception.Message | Should -Match ([regex]::Escape($p.Web))
        Get-StateBytes $p | Should -Be $before
    }

    It 'shows the first IPv6 when the state records no IPv4' {
        $p = New-Project
        $webId = [guid]::NewGuid()
        Write-NodeState $p @{ web = @{ Id = $webId } }
        $text = [IO.File]::ReadAllText($p.State) -replace '"owner": "ops"', "`"owner`": `"ops`",`n      `"network`": { `"ipv4`": null, `"ipv6`": [`"fe80::1`", `"fe80::2`"], `"mac`": null, `"discoveredAt`": null, `"source`": `"hyperv`" }"
        [IO.File]::WriteAllText($p.State, $text)
        $null = Add-ProjectVM $p web -Id $webId -State Off
        (Get-RagnaStatus -Path $p.Dir | Where-Object MachineName -eq 'web').IPv4 | Should -Be 'fe80::1'
    }

    It 'filters with -MachineName (wildcards) and reports a name that is not a machine as MachineNotFound' {
        $p = New-Project
        $null = Add-ProjectVM $p web -State Off
        (Get-RagnaStatus -Path $p.Dir -MachineName 'w*').MachineName | Should -Be @('web')
        $rows = Get-RagnaStatus -Path $p.Dir -MachineName db, nope -ErrorVariable errs -ErrorAction SilentlyContinue
        @($rows).MachineName | Should -Be @('db')
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MachineNotFound,*'
        $errs[0].TargetObject | Should -Be 'nope'
    }

    It 'without a state file lists the marked VMs by their derived names' {
        $p = New-Project
        $null = Add-ProjectVM $p web -State Off
        $rows = @(Get-RagnaStatus -Path $p.Dir)
        ($rows | Where-Object MachineName -eq 'web').State | Should -Be 'Off'
        ($rows | Where-Object MachineName -eq 'db').State | Should -Be 'NotCreated'
        $p.State | Should -Not -Exist
    }
}
