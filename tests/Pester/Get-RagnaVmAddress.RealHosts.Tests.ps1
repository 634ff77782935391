# Get-RagnaVmAddress against stand-ins shaped like the hosts real users have (issue 12): a German host, an older
# Windows build's VMState numbering, objects through the Windows PowerShell compatibility layer (deserialized), a
# session without Hyper-V rights, slow Hyper-V calls, a Hyper-V module that is installed but fails to load.
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns
    $DefaultSwitchId = 'C08CB7B8-9B3C-408E-8E30-5E16A3AEB444'

    function Get-FakeAdapterRecord([string] $VMName) {
        & (Get-Module FakeHyperV) { param($name) @($script:State.VMs | Where-Object Name -eq $name)[0].Adapters[0] } $VMName
    }

    . (Join-Path $RepoRoot 'tests/Common/DelayedChange.ps1')
}

AfterAll { Reset-FakeHyperV }

Describe 'A German host' {
    BeforeEach { Reset-FakeHyperV -Language de-DE }

    It 'the stand-in names the Default Switch Standardswitch, with its fixed Id, and German integration services' {
        $null = Add-FakeVM web
        $adapter = Get-VMNetworkAdapter -VMName web
        $adapter.SwitchName | Should -Be 'Standardswitch'
        "$($adapter.SwitchId)" | Should -Be $DefaultSwitchId.ToLowerInvariant()
        (Get-VMIntegrationService -VMName web).Name | Should -Contain 'Austausch von Schlüsselwertepaaren'
        (Get-VMNetworkAdapter -ManagementOS).Name | Should -Be 'Standardswitch'
    }

    It 'finds the Default Switch by its Id: a KVP guest and a guest only the neighbour table knows' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000001'; IPAddresses = '172.18.185.163' }
        $null = Add-FakeVM db -Adapters @{ MacAddress = '00155D000002' } -Kvp @{ Status = 'Kein Kontakt' }
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Standardswitch)' -IPAddress '172.18.185.164' -LinkLayerAddress '00155D000002' -State Permanent
        $web, $db = Get-RagnaVmAddress -Name web, db -TimeoutSec 0 -ErrorVariable errs
        $errs.Count | Should -Be 0
        $web.IPv4 | Should -Be '172.18.185.163'
        $db.IPv4 | Should -Be '172.18.185.164'
        $db.Source | Should -Be 'arp'
        $db.KvpStatus | Should -Be 'No Contact' -Because 'the KVP status is read from its number, not its German description'
        @($web.SwitchName, $db.SwitchName) | Should -Be @('Standardswitch', 'Standardswitch')
    }

    It 'takes the switch Id, or its localized name, for -SwitchName' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        (Get-RagnaVmAddress -Name web -SwitchName $DefaultSwitchId -TimeoutSec 0).IPv4 | Should -Be '172.18.185.163'
        (Get-RagnaVmAddress -Name web -SwitchName 'Standardswitch' -TimeoutSec 0).IPv4 | Should -Be '172.18.185.163'
    }
}

Describe 'An older Windows build (VMState numbered before Hibernated existed)' {
    It 'reads a RunningCritical VM as running, by name, when it comes as <_>' -ForEach 'Enum', 'Name' {
        Reset-FakeHyperV -StateNumbering Legacy -EnumStyle $_
        $null = Add-FakeVM web -State RunningCritical -Adapters @{ IPAddresses = '172.18.185.163' }
        $null = Add-FakeVM db -State OffCritical
        $vm = Get-VM -Name web
        if ($_ -eq 'Enum') { [int]$vm.State | Should -Be 32783 -Because 'the older numbering' }
        $web, $db = Get-RagnaVmAddress -Name web, db -TimeoutSec 0
        $web.State | Should -Be 'RunningCritical'
        $web.IPv4 | Should -Be '172.18.185.163'
        $db.State | Should -Be 'OffCritical'
        $db.IPv4 | Should -BeNullOrEmpty
    }
}

Describe 'Objects through the Windows PowerShell compatibility layer (deserialized)' {
    It 'the stand-in delivers deserialized objects whose enums are numbers carrying their names' {
        Reset-FakeHyperV -Deserialized
        $null = Add-FakeVM web
        $vm = Get-VM -Name web
        $vm.PSObject.TypeNames[0] | Should -Be 'Deserialized.Microsoft.HyperV.PowerShell.VirtualMachine'
        $vm.PSObject.Properties['State'].Value.PSObject.TypeNames | Should -Contain 'Deserialized.System.Enum'
        $vm.State.ToString() | Should -Be 'Running'
    }

    It 'discovers every kind of VM from deserialized objects (<Name>)' -ForEach @(
        @{ Name = 'English host'; Language = 'en-US'; Numbering = 'Current' }
        @{ Name = 'German host, older build'; Language = 'de-DE'; Numbering = 'Legacy' }
    ) {
        Reset-FakeHyperV -Deserialized -Language $Language -StateNumbering $Numbering
        $switch = if ($Language -eq 'de-DE') { 'Standardswitch' } else { 'Default Switch' }
        $null = Add-FakeVM web -State RunningCritical -Adapters @{ MacAddress = '00155D000001'; IPAddresses = '172.18.185.163', 'fe80::1' }
        $null = Add-FakeVM db -Adapters @{ MacAddress = '00155D000002' } -Kvp @{ Status = 'No Contact' }
        $null = Add-FakeVM 'off [1]' -State Off
        Add-FakeNeighbor -InterfaceAlias "vEthernet ($switch)" -IPAddress '172.18.185.164' -LinkLayerAddress '00155D000002' -State Stale
        $out = Get-RagnaVmAddress -Name web, db, 'off `[1`]' -TimeoutSec 0 -ErrorVariable errs
        $errs.Count | Should -Be 0
        $web, $db, $off = $out
        ($web.State, $web.IPv4, $web.Source, ($web.IPv6 -join ',')) | Should -Be @('RunningCritical', '172.18.185.163', 'hyperv', 'fe80::1')
        ($db.IPv4, $db.Source, $db.KvpStatus) | Should -Be @('172.18.185.164', 'arp', 'No Contact')
        ($off.VMName, $off.State, $off.IPv4) | Should -Be @('off [1]', 'Off', $null)
    }
}

Describe 'Get-NetNeighbor and Get-NetIPAddress as NetTCPIP has them' {
    BeforeEach { Reset-FakeHyperV }

    It 'the stand-in takes IPAddress by position and -InterfaceIndex in the same parameter set' {
        Add-FakeNeighbor -InterfaceIndex 17 -IPAddress '172.18.0.9' -LinkLayerAddress '00155D000009'
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Other)' -InterfaceIndex 30 -IPAddress '172.18.0.10' -LinkLayerAddress '00155D00000A'
        (Get-NetNeighbor '172.18.0.9').LinkLayerAddress | Should -Be '00-15-5D-00-00-09'
        (Get-NetNeighbor -InterfaceIndex 30).IPAddress | Should -Be '172.18.0.10'
        (Get-NetNeighbor '172.18.0.*' -InterfaceIndex 17).IPAddress | Should -Be '172.18.0.9'
        (Get-Command Get-NetNeighbor).Parameters['InterfaceAlias'].ParameterSets.Keys | Should -Be 'ByName'
    }

    It 'reads the table by the interface index Get-NetIPAddress gives, so no alias needs escaping' {
        Remove-FakeManagementAdapter -SwitchName 'Default Switch'
        Add-FakeManagementAdapter -Name 'Lab [1]' -SwitchName 'Default Switch'
        Add-FakeHostAddress -InterfaceAlias 'vEthernet (Lab [1])' -InterfaceIndex 42 -IPAddress '172.18.176.1' -PrefixLength 20
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000001' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Lab [1])' -InterfaceIndex 42 -IPAddress '172.18.185.163' -LinkLayerAddress '00155D000001'
        (Get-RagnaVmAddress -Name web -TimeoutSec 0).IPv4 | Should -Be '172.18.185.163'
        $call = @(Get-FakeHyperVCall -Command Get-NetNeighbor)[0]
        $call.Parameters.InterfaceIndex | Should -Be 42
        $call.Parameters.ContainsKey('InterfaceAlias') | Should -BeFalse
        (Get-FakeHyperVCall -Command Get-NetIPAddress).Parameters.ContainsKey('InterfaceAlias') | Should -BeFalse
    }

    It 'escapes the alias when the interface has no IPv4 to look its index up by' {
        Add-FakeManagementAdapter -Name 'Lab [2]' -SwitchName 'Lab'
        $null = Add-FakeVM web -Adapters @{ SwitchName = 'Lab'; MacAddress = '00155D000001' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Lab [2])' -IPAddress '192.168.9.5' -LinkLayerAddress '00155D000001'
        (Get-RagnaVmAddress -Name web -SwitchName Lab -TimeoutSec 0).IPv4 | Should -Be '192.168.9.5'
        (Get-FakeHyperVCall -Command Get-NetNeighbor).Parameters.InterfaceAlias | Should -Be 'vEthernet (Lab `[2`])'
    }
}

Describe 'VM names that look like wildcards' {
    BeforeEach { Reset-FakeHyperV }

    It 'never sends an escaped name to -VMName, and keeps only the VM it asked for' {
        $null = Add-FakeVM 'web [1]' -Adapters @{ IPAddresses = '172.18.185.1' }
        $null = Add-FakeVM 'web 11]' -Adapters @{ IPAddresses = '172.18.185.2' }
        $vm = Get-VM -Name 'web `[1`]' | Get-RagnaVmAddress -TimeoutSec 0
        @($vm).Count | Should -Be 1
        ($vm.VMName, $vm.IPv4) | Should -Be @('web [1]', '172.18.185.1')
        $sent = @(Get-FakeHyperVCall -Command Get-VMNetworkAdapter)[0].Parameters.VMName
        $sent | Should -Be 'web ?1?'
        $sent | Should -Not -Match '`'
    }
}

Describe 'A session without Hyper-V rights' {
    BeforeEach { Reset-FakeHyperV -NoHyperVRights }

    It 'the stand-in lists nothing and says nothing, as Hyper-V does' {
        $null = Add-FakeVM web
        $listed = @(Get-VM -ErrorVariable errs)
        $listed.Count | Should -Be 0
        $errs.Count | Should -Be 0
    }

    It 'a project with recorded VMs stops with HyperVReturnedNoVMs and the rights advice, not "every VM is gone"' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "ragna-norights-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory -Force (Join-Path $dir '.ragnatramp') | Out-Null
        try {
            Set-Content (Join-Path $dir 'ragnatramp.yaml') "project:`n  name: demo`nmachines:`n  - name: web`n"
            $id = [guid]::NewGuid()
            @{ version = 1; project = 'demo'; vms = @{ web = @{ id = "$id"; name = 'demo-web-00000000'; machineName = 'web' } } } |
                ConvertTo-Json -Depth 5 | Set-Content (Join-Path $dir '.ragnatramp/state.json')
            $null = Add-FakeVM 'demo-web-00000000' -Id $id
            { Get-RagnaVmAddress -Path $dir -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -ErrorId 'HyperVReturnedNoVMs*'
            try { Get-RagnaVmAddress -Path $dir -TimeoutSec 0 -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'Hyper-V Administrators' }
        } finally {
            Remove-Item -Recurse -Force $dir
        }
    }
}

Describe 'Slow Hyper-V calls' {
    It 'still reports an address that appears while it waits, with 250 ms per Hyper-V call' {
        Reset-FakeHyperV -LatencyMs 250
        $null = Add-FakeVM late
        $started = [datetime]::UtcNow
        $null = Get-VM
        ([datetime]::UtcNow - $started).TotalMilliseconds | Should -BeGreaterOrEqual 240 -Because 'the latency option slows every Hyper-V call'
        [RagnaTest.DelayedChange]::Set((Get-FakeAdapterRecord late), 'IPAddresses', [string[]]@('172.18.185.200'), 1500)
        $vm = Get-RagnaVmAddress -Name late -TimeoutSec 30 -ErrorVariable errs
        $vm.IPv4 | Should -Be '172.18.185.200'
        $errs.Count | Should -Be 0
    }
}

Describe 'A Hyper-V module that is installed but fails to load' {
    AfterEach { Clear-FakeHyperVFault }

    It 'stops with HyperVModuleLoadFailed and the module''s own error, not "install the Hyper-V tools"' {
        Reset-FakeHyperV
        $null = Add-FakeVM web
        Set-FakeHyperVFault -Command Get-VM -Kind ModuleBroken -Message 'Class not registered (0x80040154)'
        $err = $null
        try { Get-RagnaVmAddress -Name web -TimeoutSec 0 -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'HyperVModuleLoadFailed*'
        $err.Exception.Message | Should -Match 'Class not registered \(0x80040154\)'
        $err.Exception.Message | Should -Not -Match 'Enable-WindowsOptionalFeature'
    }

    It 'still says how to install the tools when the module is not there at all' {
        Reset-FakeHyperV
        Set-FakeHyperVFault -Command Get-VM -Kind ModuleMissing
        { Get-RagnaVmAddress -Name web -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -ErrorId 'HyperVModuleNotFound*'
    }
}
