# Sync-RagnaHosts as a user meets it without any guest to reach: parameters, planning, -WhatIf,
# skipped and failed guests reported before any network work. The SSH side is in the Lab tests.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function New-Address([string] $Name, [string] $IPv4, [string] $State = 'Running', [string] $Machine = $null) {
        [Ragnatramp.VmAddress]@{ VMName = $Name; MachineName = $Machine; VMId = [guid]::NewGuid(); State = $State; IPv4 = $IPv4 }
    }
    $Outside = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'outside')).FullName
    # A login that a real run could use, so a dry run judges the guests as WouldUpdate (a new local
    # variable: the session's own defaults are left alone).
    $Key = (New-Item -ItemType File -Force (Join-Path $TestDrive 'id_ed25519')).FullName
    $PSDefaultParameterValues = @{ 'Sync-RagnaHosts:User' = 'kadmin'; 'Sync-RagnaHosts:KeyFile' = $Key }
}

Describe 'Sync-RagnaHosts' {
    It 'declares HostsSyncResult output, -WhatIf/-Confirm and a default ThrottleLimit of 64' {
        $command = Get-Command Sync-RagnaHosts
        $command.OutputType.Type | Should -Be ([Ragnatramp.HostsSyncResult])
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $command.Parameters.InputObject.ParameterType | Should -Be ([Ragnatramp.VmAddress[]])
        foreach ($name in 'Path', 'User', 'KeyFile', 'Credential', 'ThrottleLimit', 'TrustHostKey') { $command.Parameters.Keys | Should -Contain $name }
        (New-Object Ragnatramp.Cmdlets.SyncRagnaHostsCommand).ThrottleLimit | Should -Be 64
    }

    It 'rejects a ThrottleLimit below 1' {
        { New-Address web 10.231.250.11 | Sync-RagnaHosts -ThrottleLimit 0 -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Ragnatramp.Cmdlets.SyncRagnaHostsCommand'
    }

    It 'reads the whole pipeline before planning: under -WhatIf each guest would get its peers, none itself' {
        Push-Location $Outside
        try {
            $output = @(New-Address web 10.231.250.11; New-Address db 10.231.250.12) | Sync-RagnaHosts -WhatIf -Verbose 4>&1
        } finally { Pop-Location }
        $results = @($output | Where-Object { $_ -is [Ragnatramp.HostsSyncResult] })
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"

        $results.VMName | Should -Be @('db', 'web')
        $results.Status | Should -Be @('WouldUpdate', 'WouldUpdate')
        $verbose | Should -Match "db: the block it would get:\n# BEGIN RAGNATRAMP\n# Managed by ragnatramp - do not edit this block\n10\.231\.250\.11 web\n# END RAGNATRAMP"
        $verbose | Should -Match "web: the block it would get:\n# BEGIN RAGNATRAMP\n# Managed by ragnatramp - do not edit this block\n10\.231\.250\.12 db\n# END RAGNATRAMP"
    }

    It 'skips a VM that is not running and one without an IPv4, with the reason, and lists neither' {
        Push-Location $Outside
        try {
            $output = @(New-Address web 10.231.250.11; New-Address off $null Off; New-Address bare $null) | Sync-RagnaHosts -WhatIf -Verbose 4>&1
        } finally { Pop-Location }
        $results = @($output | Where-Object { $_ -is [Ragnatramp.HostsSyncResult] })

        ($results | Where-Object VMName -eq off).Status | Should -Be 'Skipped'
        ($results | Where-Object VMName -eq off).Reason | Should -Match 'not running \(state: Off\)'
        ($results | Where-Object VMName -eq bare).Reason | Should -Match 'no IPv4'
        ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Not -Match ' off\n| bare\n'
    }

    It 'under -WhatIf, says which guests the real run would fail for want of a login, and why' {
        $PSDefaultParameterValues = @{}   # no -User, no -KeyFile, no config: no login at all
        Push-Location $Outside
        try {
            $results = @(New-Address web 10.231.250.11; New-Address db 10.231.250.12) | Sync-RagnaHosts -WhatIf -WarningVariable warnings 3>$null
        } finally { Pop-Location }

        $results.Status | Should -Be @('Skipped', 'Skipped')
        $results[0].Reason | Should -Match '^no SSH user is configured \(ssh\.user or -User\); the sync would fail this guest'
        $warnings -join "`n" | Should -Match 'web: no SSH user is configured'
    }

    It 'skips both VMs of a duplicate IPv4 and warns naming both and the likely cause' {
        Push-Location $Outside
        try {
            $results = @(New-Address a 10.231.250.20; New-Address b 10.231.250.20; New-Address c 10.231.250.21) |
                Sync-RagnaHosts -WhatIf -WarningVariable warnings 3>$null
        } finally { Pop-Location }

        ($results | Where-Object VMName -in a, b).Status | Should -Be @('Skipped', 'Skipped')
        ($results | Where-Object VMName -eq c).Status | Should -Be 'WouldUpdate'
        $warnings -join "`n" | Should -Match "'a' and 'b' all report IPv4 10\.231\.250\.20; none of them is listed"
        $warnings -join "`n" | Should -Match 'machine-id'
    }

    It 'stops at once on a -KeyFile that does not exist, naming it, before any guest or Hyper-V call' {
        Import-Module (Join-Path $env:RAGNATRAMP_REPO_ROOT 'tests/Lab/FakeHyperV.psm1') -Global
        Reset-FakeHyperV
        $missing = Join-Path $TestDrive 'no-such-key'
        Push-Location $Outside
        try {
            $thrown = { New-Address web 10.231.250.11 | Sync-RagnaHosts -User u -KeyFile $missing } | Should -Throw -PassThru
            $folder = { New-Address web 10.231.250.11 | Sync-RagnaHosts -User u -KeyFile $Outside } | Should -Throw -PassThru
        } finally { Pop-Location }

        $thrown.FullyQualifiedErrorId | Should -Be 'KeyFileNotFound,Ragnatramp.Cmdlets.SyncRagnaHostsCommand'
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $thrown.TargetObject | Should -Be $missing
        $thrown.Exception.Message | Should -Match ([regex]::Escape("-KeyFile '$missing' does not exist"))
        $folder.Exception.Message | Should -Match 'is a folder'
    }

    It 'Invoke-RagnaReconcile stops on a missing -KeyFile before discovery, writing no state' {
        Import-Module (Join-Path $env:RAGNATRAMP_REPO_ROOT 'tests/Lab/FakeHyperV.psm1') -Global
        Reset-FakeHyperV
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'keyfile-project')).FullName
        Set-Content (Join-Path $project 'ragnatramp.yaml') "project:`n  name: demo`nmachines:`n  - name: web`n"

        { Invoke-RagnaReconcile -Path $project -KeyFile (Join-Path $project 'typo') -TimeoutSec 0 } |
            Should -Throw -ErrorId 'KeyFileNotFound,Ragnatramp.Cmdlets.InvokeRagnaReconcileCommand'
        @(Get-FakeHyperVCall).Count | Should -Be 0
        Join-Path $project '.ragnatramp' | Should -Not -Exist
    }

    It 'warns when the input leaves out machines the state last saw with an address, since their lines would be removed' {
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'partial')).FullName
        Set-Content -Path (Join-Path $project 'ragnatramp.yaml') -Value "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n  - name: cache`n"
        $null = New-Item -ItemType Directory -Force (Join-Path $project '.ragnatramp')
        $vm = { param($machine, $ip) @{ id = [guid]::NewGuid().ToString(); name = "demo-$machine-1a2b3c4d"; machineName = $machine; network = @{ ipv4 = $ip } } }
        @{ version = 1; project = 'demo'; vms = @{ web = & $vm web 10.231.250.11; db = & $vm db 10.231.250.12; cache = & $vm cache $null } } |
            ConvertTo-Json -Depth 5 | Set-Content (Join-Path $project '.ragnatramp/state.json')
        Push-Location $project
        try {
            $null = New-Address demo-db-1a2b3c4d 10.231.250.12 -Machine db | Sync-RagnaHosts -WhatIf -WarningVariable partial 3>$null
            $null = @(New-Address demo-db-1a2b3c4d 10.231.250.12 -Machine db; New-Address demo-web-1a2b3c4d 10.231.250.11 -Machine web) |
                Sync-RagnaHosts -WhatIf -WarningVariable whole 3>$null
        } finally { Pop-Location }

        @($partial).Count | Should -Be 1
        "$($partial[0])" | Should -Match "Machine\(s\) web of project 'demo' had an address at the last reconcile but are not in the input"
        "$($partial[0])" | Should -Match ([regex]::Escape("Get-RagnaVmAddress -Path '$(Join-Path $project 'ragnatramp.yaml')' | Sync-RagnaHosts"))
        $whole | Should -BeNullOrEmpty -Because 'cache has no address to lose'
    }

    It 'says with -Verbose where host keys are pinned: the per-user pin store, with or without a project state' {
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'pins')).FullName
        Set-Content -Path (Join-Path $project 'ragnatramp.yaml') -Value "project:`n  name: demo`nmachines:`n  - name: web`n"
        $statePath = Join-Path $project '.ragnatramp/state.json'
        $saved = $env:RAGNATRAMP_KNOWN_HOSTS
        $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path $TestDrive 'pin store/known_hosts'
        Push-Location $project
        try {
            $without = (New-Address web 10.231.250.11 -Machine web | Sync-RagnaHosts -WhatIf -Verbose 4>&1 3>$null |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
            $null = New-Item -ItemType Directory -Force (Split-Path $statePath)
            Set-Content $statePath '{ "version": 1, "project": "demo", "vms": {} }'
            $with = (New-Address web 10.231.250.11 -Machine web | Sync-RagnaHosts -WhatIf -Verbose 4>&1 3>$null |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        } finally {
            Pop-Location
            $env:RAGNATRAMP_KNOWN_HOSTS = $saved
        }

        foreach ($verbose in $without, $with) {
            $verbose | Should -Match ('Host keys are pinned in ' + [regex]::Escape((Join-Path $TestDrive 'pin store/known_hosts')) + ' \(ssh -o HostKeyAlias=ragnatramp-<VM id>')
            $verbose | Should -Not -Match 'pinned in the project state'
        }
        Test-Path (Join-Path $TestDrive 'pin store') | Should -BeFalse -Because '-WhatIf contacts no guest, so the store is not even created'
    }

    It 'warns of a machine without a VM in the same words as Get-RagnaVmAddress and Invoke-RagnaReconcile' {
        Import-Module (Join-Path $env:RAGNATRAMP_REPO_ROOT 'tests/Lab/FakeHyperV.psm1') -Global
        Reset-FakeHyperV
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'novm')).FullName
        Set-Content -Path (Join-Path $project 'ragnatramp.yaml') -Value "project:`n  name: demo`nmachines:`n  - name: web`n"
        $null = Sync-RagnaHosts -Path $project -WarningVariable sync 3>$null
        $null = Get-RagnaVmAddress -Path $project -TimeoutSec 0 -WarningVariable address 3>$null
        $null = Invoke-RagnaReconcile -Path $project -TimeoutSec 0 -WhatIf -WarningVariable reconcile 3>$null 6>$null

        $expected = "Machine 'web' has no VM yet (expected a VM named '$((Get-RagnaConfig -Path $project).VMName)' with the ragnatramp marker in its Notes); create it with 'ragnatramp up'."
        "$($sync[0])" | Should -BeExactly $expected
        "$($address[0])" | Should -BeExactly $expected
        "$($reconcile[0])" | Should -BeExactly $expected
    }

    It 'names a VM without an address by its name alone (an error''s target, a reconcile''s Addresses)' {
        (New-Address web $null).ToString() | Should -BeExactly 'web'
        (New-Address web 10.231.250.11).ToString() | Should -BeExactly 'web 10.231.250.11'
    }

    It 'fails a guest with no SSH login as a non-terminating error targeting its result, and goes on' {
        $PSDefaultParameterValues = @{}   # no -User, no -KeyFile, no config
        Push-Location $Outside
        try {
            $results = @(New-Address web 10.231.250.11; New-Address off $null Off) |
                Sync-RagnaHosts -ErrorVariable failed -ErrorAction SilentlyContinue
        } finally { Pop-Location }

        ($results | Where-Object VMName -eq web).Status | Should -Be 'Failed'
        ($results | Where-Object VMName -eq web).Reason | Should -Match '-User and -KeyFile'
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'SshLoginMissing,Ragnatramp.Cmdlets.SyncRagnaHostsCommand'
        $failed[0].TargetObject | Should -Be ($results | Where-Object VMName -eq web)
        ($results | Where-Object VMName -eq off).Status | Should -Be 'Skipped'
    }

    It 'stops with ConfigNotFound when -Path has no ragnatramp.yaml' {
        { Sync-RagnaHosts -Path $Outside -WhatIf } | Should -Throw -ErrorId 'ConfigNotFound,Ragnatramp.Cmdlets.SyncRagnaHostsCommand'
    }

    It 'gives piped addresses the project''s names and aliases when their VM name is the project''s, never by machine name alone' {
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'proj')).FullName
        Set-Content -Path (Join-Path $project 'ragnatramp.yaml') -Value "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n    aliases: [database, pg]`n"
        $vmNames = @{}
        Get-RagnaConfig -Path $project | ForEach-Object { $vmNames[$_.MachineName] = $_.VMName }
        Push-Location $project
        try {
            # This project's db, and another project's web that happens to share a machine name.
            $output = @(New-Address $vmNames.db 10.231.250.12; New-Address 'projA-web-aaaaaaaa' 10.231.250.11 -Machine web) |
                Sync-RagnaHosts -WhatIf -Verbose 4>&1
        } finally { Pop-Location }
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match '10\.231\.250\.12 db database pg'
        $verbose | Should -Match '10\.231\.250\.11 web\n' -Because 'projA''s web keeps its own machine name and gets no alias or login of this project'
        $results = @($output | Where-Object { $_ -is [Ragnatramp.HostsSyncResult] })
        $results.MachineName | Should -Be @('db', 'web')
        $results.VMName | Should -Be @($vmNames.db, 'projA-web-aaaaaaaa')
    }
}
