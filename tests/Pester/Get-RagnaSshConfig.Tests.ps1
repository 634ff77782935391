# Get-RagnaSshConfig, read by the real OpenSSH client (ssh -G). A temporary HOME and pin store: the
# real ~/.ssh is never read or written.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function New-SshProject {
        param([string] $Name, [string] $KeyFile = '~/.ssh/id_ed25519')
        $folder = New-Item -ItemType Directory -Force (Join-Path $TestDrive "$Name/.ragnatramp")
        $dir = Split-Path $folder.FullName
        Set-Content -LiteralPath (Join-Path $dir 'ragnatramp.yaml') -NoNewline -Value "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n"
        Set-Content -LiteralPath (Join-Path $dir 'ragnatramp.reconcile.yaml') -NoNewline -Value (
            "defaults:`n  ssh: { user: kadmin, private_key: '$KeyFile' }`nmachines:`n  web:`n    aliases: [www]`n  db:`n    ssh: { user: postgres-admin, port: 2222 }`n")
        Set-Content -LiteralPath (Join-Path $folder.FullName 'state.json') -NoNewline -Value (
            '{ "version": 1, "project": "demo", "vms": { ' +
            '"web": { "id": "5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e", "name": "demo-web-1a2b3c4d", "machineName": "web", "network": { "ipv4": "172.18.185.163" } }, ' +
            '"db": { "id": "00000000-0000-0000-0000-00000000000b", "name": "demo-db-1a2b3c4d", "machineName": "db", "network": null } } }')
        $dir
    }

    function Get-SshG([string] $File, [string] $HostName) {
        $settings = @{}
        foreach ($line in (& ssh -G -F $File $HostName 2>&1)) {
            $key, $value = "$line" -split ' ', 2
            if (-not $settings.ContainsKey($key)) { $settings[$key] = $value }
        }
        $settings
    }

    $SavedHome = $env:HOME
    $SavedStore = $env:RAGNATRAMP_KNOWN_HOSTS
}

AfterAll {
    $env:HOME = $SavedHome
    $env:RAGNATRAMP_KNOWN_HOSTS = $SavedStore
}

Describe 'Get-RagnaSshConfig' {
    BeforeAll {
        # A user profile with a space and letters outside ASCII, as on many Windows machines.
        $env:HOME = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'Zoë Ñandú home')).FullName
        $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path $TestDrive 'pin store/known_hosts'
        $Project = New-SshProject -Name 'demo'
    }

    It 'outputs one SshHostConfig per machine with a recorded IPv4, and warns of the others' {
        $hosts = @(Get-RagnaSshConfig -Path $Project -WarningVariable warnings -WarningAction SilentlyContinue)

        $hosts.Count | Should -Be 1
        $web = $hosts[0]
        $web.PSObject.TypeNames[0] | Should -Be 'Ragnatramp.SshHostConfig'
        $web.MachineName | Should -Be 'web'
        $web.VMName | Should -Be 'demo-web-1a2b3c4d'
        $web.Host | Should -Be @('web.demo', 'www.demo', 'demo-web-1a2b3c4d')
        $web.HostName | Should -Be '172.18.185.163'
        $web.User | Should -Be 'kadmin'
        $web.IdentityFile | Should -Be (Join-Path $env:HOME '.ssh/id_ed25519')
        $web.Port | Should -Be 22
        $web.HostKeyAlias | Should -Be 'ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e'
        $web.UserKnownHostsFile | Should -Be $env:RAGNATRAMP_KNOWN_HOSTS
        $web.StrictHostKeyChecking | Should -Be 'yes'
        ($warnings -join "`n") | Should -Match 'db'
    }

    It '-AsText is read by the real OpenSSH client (ssh -G), awkward paths included' {
        $file = Join-Path $TestDrive 'ssh config/demo.conf'
        New-Item -ItemType Directory -Force (Split-Path $file) | Out-Null
        $text = Get-RagnaSshConfig -Path $Project -AsText -WarningAction SilentlyContinue
        $text | Should -BeOfType [string]
        [IO.File]::WriteAllText($file, $text)

        foreach ($name in 'web.demo', 'www.demo', 'demo-web-1a2b3c4d') {
            $settings = Get-SshG $file $name
            $settings.hostname | Should -Be '172.18.185.163'
            $settings.user | Should -Be 'kadmin'
            $settings.port | Should -Be '22'
            $settings.identityfile | Should -Be (Join-Path $env:HOME '.ssh/id_ed25519')
            $settings.hostkeyalias | Should -Be 'ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e'
            $settings.userknownhostsfile | Should -Be $env:RAGNATRAMP_KNOWN_HOSTS
            $settings.stricthostkeychecking | Should -Be 'true'
        }
        (Get-SshG $file 'db.demo').hostname | Should -Be 'db.demo' -Because 'a machine without an address has no entry'
    }

    It 'a key path with % and quotes-worthy characters survives ssh -G' {
        $odd = New-SshProject -Name 'odd' -KeyFile (Join-Path $TestDrive 'keys 100% #1/id')
        $file = Join-Path $TestDrive 'odd.conf'
        [IO.File]::WriteAllText($file, (Get-RagnaSshConfig -Path $odd -AsText -WarningAction SilentlyContinue))

        # ssh -G prints the value before %-token expansion, where '%%' becomes the '%' of the path.
        (Get-SshG $file 'web.demo').identityfile | Should -Be (Join-Path $TestDrive 'keys 100%% #1/id')
    }

    It '-MachineName filters with wildcards and names an unknown machine' {
        @(Get-RagnaSshConfig -Path $Project -MachineName 'w*' -WarningAction SilentlyContinue).MachineName | Should -Be @('web')
        Get-RagnaSshConfig -Path $Project -MachineName 'nope' -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MachineNotFound,*'
    }
}

Describe 'Enter-RagnaVm errors' {
    BeforeAll {
        $env:HOME = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'home')).FullName
        $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path $TestDrive 'pins/known_hosts'
        $Project = New-SshProject -Name 'enter'
    }

    It 'an unknown machine: MachineNotFound' {
        { Enter-RagnaVm nope -Path $Project } | Should -Throw -ErrorId 'MachineNotFound,Ragnatramp.Cmdlets.EnterRagnaVmCommand'
    }

    It 'a machine without a recorded address: NoRecordedAddress, saying to run Invoke-RagnaReconcile' {
        $thrown = { Enter-RagnaVm db -Path $Project } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoRecordedAddress,*'
        $thrown.ErrorDetails.RecommendedAction | Should -Match 'Invoke-RagnaReconcile'
    }

    It 'a machine without a pin: NoPinnedHostKey, saying to run Invoke-RagnaReconcile first' {
        $thrown = { Enter-RagnaVm web -Path $Project } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoPinnedHostKey,*'
        $thrown.ErrorDetails.RecommendedAction | Should -Match 'Invoke-RagnaReconcile first'
    }

    It 'no ssh on PATH: SshClientNotFound' {
        New-Item -ItemType Directory -Force (Split-Path $env:RAGNATRAMP_KNOWN_HOSTS) | Out-Null
        Set-Content $env:RAGNATRAMP_KNOWN_HOSTS "ragnatramp-5b1c0d1e-7f7a-4c1e-9d7e-2f1a3b4c5d6e ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl demo-web-1a2b3c4d"
        $savedPath = $env:PATH
        $env:PATH = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'empty-path')).FullName
        try {
            { Enter-RagnaVm web -Path $Project } | Should -Throw -ErrorId 'SshClientNotFound,Ragnatramp.Cmdlets.EnterRagnaVmCommand'
        } finally {
            $env:PATH = $savedPath
        }
    }

    It 'completes machine names' {
        $completion = TabExpansion2 -inputScript "Enter-RagnaVm -Path '$Project' -MachineName w" -cursorColumn ("Enter-RagnaVm -Path '$Project' -MachineName w").Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'web'
    }
}
