# Sync-RagnaHostsFile on temporary files (-HostsPath): never this machine's /etc/hosts.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function New-HostsProject {
        <# A project with web (alias www), db and cache, and a state: web and db with an IPv4, cache off. #>
        param([string] $Name, [string] $Project = 'demo', [string] $DbAddress = '172.18.185.164')
        $folder = New-Item -ItemType Directory -Force (Join-Path $TestDrive "$Name/.ragnatramp")
        $dir = Split-Path $folder.FullName
        Set-Content -LiteralPath (Join-Path $dir 'ragnatramp.yaml') -NoNewline -Value "project:`n  name: $Project`nmachines:`n  - name: web`n  - name: db`n  - name: cache`n"
        Set-Content -LiteralPath (Join-Path $dir 'ragnatramp.reconcile.yaml') -NoNewline -Value "machines:`n  web:`n    aliases: [www]`n"
        $vm = {
            param($machine, $id, $ip)
            $network = if ($ip) { "{ `"ipv4`": `"$ip`", `"ipv6`": [], `"mac`": null, `"adapterName`": null, `"discoveredAt`": null, `"source`": `"arp`" }" } else { 'null' }
            "`"$machine`": { `"id`": `"$id`", `"name`": `"$Project-$machine-1a2b3c4d`", `"machineName`": `"$machine`", `"network`": $network }"
        }
        $vms = @(
            & $vm 'web' '00000000-0000-0000-0000-00000000000a' '172.18.185.163'
            & $vm 'db' '00000000-0000-0000-0000-00000000000b' $DbAddress
            & $vm 'cache' '00000000-0000-0000-0000-00000000000c' $null
        ) -join ', '
        Set-Content -LiteralPath (Join-Path $folder.FullName 'state.json') -NoNewline -Value "{ `"version`": 1, `"project`": `"$Project`", `"vms`": { $vms } }"
        $dir
    }

    function New-HostsFile([string] $Content) {
        $path = Join-Path $TestDrive ("hosts-" + [guid]::NewGuid().ToString('n'))
        [IO.File]::WriteAllText($path, $Content)
        $path
    }

    $Block = "# BEGIN RAGNATRAMP demo`n# Managed by ragnatramp - do not edit this block`n172.18.185.164 db.demo`n172.18.185.163 web.demo www.demo`n# END RAGNATRAMP demo`n"
    $Demo = New-HostsProject -Name 'demo'
}

Describe 'Sync-RagnaHostsFile' {
    BeforeEach {
        # A stand-in for Windows' DnsClient module: records each flush.
        $global:RagnaDnsFlushes = 0
        New-Module -Name DnsClient -ScriptBlock { function Clear-DnsClientCache { $global:RagnaDnsFlushes++ } } | Import-Module -Force
    }
    AfterEach { Remove-Module DnsClient -ErrorAction Ignore }

    It 'writes the project block of running VMs with their machine.project names, keeps every other line, and flushes the DNS cache' {
        $hosts = New-HostsFile "127.0.0.1 localhost`n# BEGIN RAGNATRAMP shop`n10.1.1.1 api.shop`n# END RAGNATRAMP shop`n"

        $result = Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningVariable warnings -WarningAction SilentlyContinue

        $result.PSObject.TypeNames[0] | Should -Be 'Ragnatramp.HostsFileResult'
        $result.Status | Should -Be 'Updated'
        $result.Project | Should -Be 'demo'
        $result.Path | Should -Be $hosts
        $result.Lines | Should -Be @('172.18.185.164 db.demo', '172.18.185.163 web.demo www.demo')
        [IO.File]::ReadAllText($hosts) | Should -BeExactly ("127.0.0.1 localhost`n# BEGIN RAGNATRAMP shop`n10.1.1.1 api.shop`n# END RAGNATRAMP shop`n" + $Block)
        $global:RagnaDnsFlushes | Should -Be 1
        ($warnings -join "`n") | Should -Match 'cache'
    }

    It 'is Unchanged the second time: nothing written, no flush' {
        $hosts = New-HostsFile "127.0.0.1 localhost`n$Block"
        $before = (Get-Item $hosts).LastWriteTimeUtc.AddMinutes(-5)
        (Get-Item $hosts).LastWriteTimeUtc = $before

        $result = Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue

        $result.Status | Should -Be 'Unchanged'
        (Get-Item $hosts).LastWriteTimeUtc | Should -Be $before
        $global:RagnaDnsFlushes | Should -Be 0
    }

    It '-WhatIf says WouldUpdate and writes nothing' {
        $hosts = New-HostsFile "127.0.0.1 localhost`r`n"

        $result = Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WhatIf -WarningAction SilentlyContinue

        $result.Status | Should -Be 'WouldUpdate'
        [IO.File]::ReadAllText($hosts) | Should -BeExactly "127.0.0.1 localhost`r`n"
        $global:RagnaDnsFlushes | Should -Be 0
    }

    It 'keeps the CRLF endings and the ANSI bytes of a Windows hosts file' {
        $hosts = Join-Path $TestDrive 'ansi-hosts'
        $ansi = [byte[]](0x23, 0x20, 0x4B, 0xF6, 0x6C, 0x6E, 0x0D, 0x0A) # "# Köln" in code page 1252
        [IO.File]::WriteAllBytes($hosts, $ansi)

        Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue | Out-Null

        $bytes = [IO.File]::ReadAllBytes($hosts)
        $bytes[0..7] | Should -Be $ansi
        [Text.Encoding]::ASCII.GetString($bytes, 8, $bytes.Length - 8) | Should -BeExactly $Block.Replace("`n", "`r`n")
    }

    It 'leaves out two VMs with the same address, with a warning' {
        $dup = New-HostsProject -Name 'dup' -DbAddress '172.18.185.163'
        $hosts = New-HostsFile ''

        $result = Sync-RagnaHostsFile -Path $dup -HostsPath $hosts -WarningVariable warnings -WarningAction SilentlyContinue

        $result.Lines | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match '172\.18\.185\.163'
    }

    It 'refuses unpaired markers of the project with a terminating error naming the line' {
        $hosts = New-HostsFile "a 1`n# BEGIN RAGNATRAMP demo`n"

        $thrown = { Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue } | Should -Throw -PassThru

        $thrown.FullyQualifiedErrorId | Should -BeLike 'HostsFileMarkersUnpaired,*'
        $thrown.Exception.Message | Should -Match 'line 2'
        [IO.File]::ReadAllText($hosts) | Should -BeExactly "a 1`n# BEGIN RAGNATRAMP demo`n"
    }

    It 'without write access: HostsFileAccessDenied before anything else, saying to run elevated' -Skip:(-not $IsRoot) {
        $hosts = New-HostsFile "a 1`n"
        & chattr +i $hosts
        try {
            # Even a config that does not exist is not looked at first.
            $thrown = { Sync-RagnaHostsFile -Path (Join-Path $TestDrive 'no-such-project') -HostsPath $hosts } | Should -Throw -PassThru
        } finally {
            & chattr -i $hosts
        }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'HostsFileAccessDenied,*'
        $thrown.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $thrown.ErrorDetails.RecommendedAction | Should -Match 'root|elevated'
        [IO.File]::ReadAllText($hosts) | Should -BeExactly "a 1`n"
    }

    It 'keeps a read-only attribute' {
        $hosts = New-HostsFile "a 1`n"
        Set-ItemProperty $hosts -Name IsReadOnly -Value $true

        (Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue).Status | Should -Be 'Updated'

        (Get-Item $hosts).IsReadOnly | Should -BeTrue
        [IO.File]::ReadAllText($hosts) | Should -BeExactly ("a 1`n" + $Block)
        Set-ItemProperty $hosts -Name IsReadOnly -Value $false
    }

    It 'two projects keep their own blocks in one file' {
        $shop = New-HostsProject -Name 'shop' -Project 'shop'
        $hosts = New-HostsFile "127.0.0.1 localhost`n"

        Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue | Out-Null
        Sync-RagnaHostsFile -Path $shop -HostsPath $hosts -WarningAction SilentlyContinue | Out-Null
        (Sync-RagnaHostsFile -Path $Demo -HostsPath $hosts -WarningAction SilentlyContinue).Status | Should -Be 'Unchanged'

        $text = [IO.File]::ReadAllText($hosts)
        $text | Should -BeExactly ("127.0.0.1 localhost`n" + $Block + $Block.Replace('demo', 'shop'))
    }
}
