# Get-RagnaVmAddress against the Hyper-V and NetTCPIP stand-ins (tests/Lab): what a user on a
# Hyper-V host sees, for every branch of address discovery (issue 4).
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns

    function Get-CallCount([string] $Command) {
        # 'Get-VMNetworkAdapter -ManagementOS' (the host interface lookup) is counted apart from the VM adapter queries.
        if ($Command -eq 'Get-VMNetworkAdapter -ManagementOS') { return @(Get-FakeHyperVCall -Command Get-VMNetworkAdapter | Where-Object { $_.Parameters.ManagementOS }).Count }
        @(Get-FakeHyperVCall -Command $Command | Where-Object { -not $_.Parameters.ManagementOS }).Count
    }

    function Get-FakeAdapterRecord([string] $VMName) {
        # The stand-in's own record of the VM's first adapter: changing it changes what Get-VMNetworkAdapter reports.
        & (Get-Module FakeHyperV) { param($name) @($script:State.VMs | Where-Object Name -eq $name)[0].Adapters[0] } $VMName
    }

    . (Join-Path $RepoRoot 'tests/Common/DelayedChange.ps1')
}

Describe 'Get-RagnaVmAddress -Name' {
    BeforeEach { Reset-FakeHyperV }

    It 'prefers the KVP address over the neighbour table' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000001'; IPAddresses = '172.18.185.163', 'fe80::215:5dff:fe00:1' }
        Add-FakeNeighbor -IPAddress '172.18.185.99' -LinkLayerAddress '00-15-5D-00-00-01' -State Permanent
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 0
        $vm.IPv4 | Should -Be '172.18.185.163'
        $vm.Source | Should -Be 'hyperv'
        $vm.IPv6 | Should -Be @('fe80::215:5dff:fe00:1')
        $vm.KvpStatus | Should -Be 'OK'
    }

    It 'outputs a Ragnatramp.VmAddress with every documented property' {
        $fake = Add-FakeVM web -Adapters @{ MacAddress = '00-15-5d-de-33-09'; IPAddresses = '172.18.185.163' }
        $before = [datetime]::UtcNow
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 0
        $vm.PSObject.TypeNames[0] | Should -Be 'Ragnatramp.VmAddress'
        $vm.PSObject.Properties.Name | Should -Be @('MachineName', 'VMName', 'VMId', 'State', 'IPv4', 'IPv6', 'MacAddress', 'AdapterName',
            'SwitchName', 'Source', 'KvpStatus', 'DiscoveredAt', 'Warnings')
        $vm.MachineName | Should -BeNullOrEmpty
        $vm.VMName | Should -Be 'web'
        $vm.VMId | Should -Be $fake.Id
        $vm.State | Should -Be 'Running'
        $vm.MacAddress | Should -Be '00155DDE3309'
        $vm.AdapterName | Should -Be 'Network Adapter'
        $vm.SwitchName | Should -Be 'Default Switch'
        $vm.DiscoveredAt.Kind | Should -Be 'Utc'
        $vm.DiscoveredAt | Should -BeGreaterOrEqual $before.AddSeconds(-1)
        , $vm.Warnings | Should -BeOfType [string[]]
    }

    It 'finds a guest without a KVP daemon through the neighbour table and says how to fix KVP' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000002' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -IPAddress '172.18.185.164' -LinkLayerAddress '00-15-5D-00-00-02' -State Permanent
        Add-FakeNeighbor -IPAddress 'fe80::215:5dff:fe00:2' -LinkLayerAddress '00-15-5D-00-00-02' -State Permanent
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 30
        $vm.IPv4 | Should -Be '172.18.185.164'
        $vm.Source | Should -Be 'arp'
        $vm.KvpStatus | Should -Be 'No Contact'
        $vm.IPv6 | Should -Be @('fe80::215:5dff:fe00:2') -Because 'the table knows the link-local address too'
        $vm.Warnings -join ' ' | Should -Match 'linux-cloud-tools-\$\(uname -r\)'
        $vm.Warnings -join ' ' | Should -Match 'rmmod hv_utils && sudo modprobe hv_utils'
    }

    It 'reports KVP Disabled and uses the neighbour table at once' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000003' } -Kvp @{ Enabled = $false }
        Add-FakeNeighbor -IPAddress '172.18.185.165' -LinkLayerAddress '00155D000003'
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 30
        $vm.KvpStatus | Should -Be 'Disabled'
        $vm.IPv4 | Should -Be '172.18.185.165'
    }

    It 'never takes APIPA, 0.0.0.0 or IPv6 for the IPv4, and says so with AddressNotFound' {
        $null = Add-FakeVM apipa -Adapters @{ IPAddresses = '169.254.10.20', 'fe80::a' }
        $null = Add-FakeVM zero -Adapters @{ IPAddresses = '0.0.0.0' }
        $null = Add-FakeVM six -Adapters @{ IPAddresses = 'fe80::6', '2001:db8::6' }
        $out = Get-RagnaVmAddress -Name apipa, zero, six -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        $out.Count | Should -Be 3
        $out | ForEach-Object { $_.IPv4 | Should -BeNullOrEmpty }
        ($out | Where-Object VMName -eq six).IPv6 | Should -Be @('fe80::6', '2001:db8::6')
        ($out | Where-Object VMName -eq apipa).Warnings -join ' ' | Should -Match '169\.254\.10\.20 \(link-local'
        $errs.Count | Should -Be 3
        $errs | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'AddressNotFound,*' }
        ($errs | Where-Object { $_.TargetObject.VMName -eq 'apipa' }).Exception.Message | Should -Match '169\.254\.10\.20'
    }

    It 'ignores neighbour entries that are unreachable, incomplete, IPv6, all-zero or on another interface' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000004' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -IPAddress '172.18.1.1' -LinkLayerAddress '00155D000004' -State Unreachable
        Add-FakeNeighbor -IPAddress '172.18.1.2' -LinkLayerAddress '00155D000004' -State Incomplete
        Add-FakeNeighbor -IPAddress 'fe80::4' -LinkLayerAddress '00155D000004'
        Add-FakeNeighbor -IPAddress '0.0.0.0' -LinkLayerAddress '00155D000004'
        Add-FakeNeighbor -IPAddress '172.18.1.3' -LinkLayerAddress '00-00-00-00-00-00'
        Add-FakeNeighbor -IPAddress '172.18.1.4' -LinkLayerAddress '00155D000004' -InterfaceAlias 'vEthernet (LAN)'
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        $vm.IPv4 | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AddressNotFound,*'
    }

    It 'uses the adapter on the switch and names the other adapters in Warnings' {
        $null = Add-FakeVM web -Adapters @(
            @{ Name = 'LAN Adapter'; SwitchName = 'LAN'; MacAddress = '00155D0000A1'; IPAddresses = '192.168.1.50' },
            @{ Name = 'NAT Adapter'; SwitchName = 'Default Switch'; MacAddress = '00155D0000A2'; IPAddresses = '172.18.185.170' })
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 0
        $vm.IPv4 | Should -Be '172.18.185.170'
        $vm.AdapterName | Should -Be 'NAT Adapter'
        $vm.MacAddress | Should -Be '00155D0000A2'
        $vm.Warnings -join ' ' | Should -Match "'LAN Adapter'"
    }

    It 'reports a running VM with no adapter on the switch at once, naming the switch it uses' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.171' }
        $null = Add-FakeVM lan -Adapters @{ SwitchName = 'LAN'; IPAddresses = '192.168.1.51' }
        $out = Get-RagnaVmAddress -Name web, lan -TimeoutSec 60 -ErrorAction SilentlyContinue -ErrorVariable errs
        ($out | Where-Object VMName -eq web).IPv4 | Should -Be '172.18.185.171'
        ($out | Where-Object VMName -eq lan).IPv4 | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AddressNotFound,*'
        $errs[0].Exception.Message | Should -Match "'LAN'"
        Get-CallCount 'Get-VM' | Should -Be 1 -Because 'waiting cannot help a VM that is not on the switch'
    }

    It 'outputs off and saved VMs at once with null addresses and no error' {
        $null = Add-FakeVM off -State Off -Adapters @{ MacAddress = '000000000000' }
        $null = Add-FakeVM saved -State Saved
        $out = Get-RagnaVmAddress -Name off, saved -TimeoutSec 60 -ErrorVariable errs
        $out.State | Should -Be @('Off', 'Saved')
        $out | ForEach-Object { $_.IPv4 | Should -BeNullOrEmpty; $_.Source | Should -BeNullOrEmpty }
        $out[0].MacAddress | Should -BeNullOrEmpty
        $errs.Count | Should -Be 0
        Get-CallCount 'Get-VM' | Should -Be 1
    }

    It 'reads the KVP component by its GUID when its name is German' {
        $null = Add-FakeVM web -Language de-DE -Adapters @{ MacAddress = '00155D000005' } -Kvp @{ Status = 'Kein Kontakt' }
        $null = Add-FakeVM db -Language de-DE -Adapters @{ IPAddresses = '172.18.185.180' }
        Add-FakeNeighbor -IPAddress '172.18.185.181' -LinkLayerAddress '00155D000005'
        (Hyper-V\Get-VMIntegrationService -VMName web).Name | Should -Contain 'Austausch von Schlüsselwertepaaren'
        $out = Get-RagnaVmAddress -Name web, db -TimeoutSec 0
        ($out | Where-Object VMName -eq web).KvpStatus | Should -Be 'No Contact'
        ($out | Where-Object VMName -eq web).IPv4 | Should -Be '172.18.185.181'
        ($out | Where-Object VMName -eq db).KvpStatus | Should -Be 'OK'
    }

    It 'reads enums given as <_>' -ForEach 'Enum', 'Name', 'Number' {
        Reset-FakeHyperV -EnumStyle $_
        $null = Add-FakeVM web -State RunningCritical -Adapters @{ MacAddress = '00155D000006' } -Kvp @{ Status = 'No Contact' }
        $null = Add-FakeVM off -State Off
        Add-FakeNeighbor -IPAddress '172.18.185.190' -LinkLayerAddress '00155D000006' -State Stale
        Add-FakeNeighbor -IPAddress '172.18.185.191' -LinkLayerAddress '00155D000006' -State Unreachable
        $out = Get-RagnaVmAddress -Name web, off -TimeoutSec 0
        (Hyper-V\Get-VM -Name web).State.GetType().Name | Should -Be @{ Enum = 'VMState'; Name = 'String'; Number = 'Int32' }[$_]
        $out[0].State | Should -Be 'RunningCritical'
        $out[0].KvpStatus | Should -Be 'No Contact'
        $out[0].IPv4 | Should -Be '172.18.185.190'
        $out[1].State | Should -Be 'Off'
    }

    It 'makes one call per command per round, for 3 VMs as for 25 (<_> VMs)' -ForEach 3, 25 {
        foreach ($i in 1..$_) {
            $mac = '00155D{0:X6}' -f $i
            $null = Add-FakeVM "vm$i" -Adapters @{ MacAddress = $mac } -Kvp @{ Status = 'No Contact' }
            Add-FakeNeighbor -IPAddress "172.18.0.$i" -LinkLayerAddress $mac
        }
        $out = Get-RagnaVmAddress -Name vm* -TimeoutSec 0
        $out.Count | Should -Be $_
        foreach ($command in 'Get-VM', 'Get-VMNetworkAdapter', 'Get-VMIntegrationService', 'Get-NetNeighbor') {
            Get-CallCount $command | Should -Be 1 -Because "$command is asked once for all $_ VMs"
        }
        Get-CallCount 'Get-VMNetworkAdapter -ManagementOS' | Should -Be 1 -Because 'the host interface is looked up once'
        (Get-FakeHyperVCall -Command Get-VMNetworkAdapter)[0].Parameters.VMName.Count | Should -Be $_
    }

    It 'keeps one call per command per round while waiting (<_> VMs)' -ForEach 3, 25 {
        foreach ($i in 1..$_) { $null = Add-FakeVM "vm$i" -Kvp @{ Status = 'No Contact' } }
        $null = Get-RagnaVmAddress -Name vm* -TimeoutSec 1 -ErrorAction SilentlyContinue
        $rounds = Get-CallCount 'Get-VMNetworkAdapter'
        $rounds | Should -BeGreaterThan 1
        Get-CallCount 'Get-NetNeighbor' | Should -Be $rounds -Because 'Get-NetNeighbor is asked once per round'
        foreach ($command in 'Get-VM', 'Get-VMIntegrationService') {
            Get-CallCount $command | Should -Be 2 -Because "$command is asked in the first and the final round (and every 10 s), not every round"
        }
        Get-CallCount 'Get-VMNetworkAdapter -ManagementOS' | Should -Be 1 -Because 'the host interface is looked up once per discovery, not per round'
        # Every host vNIC is listed and the switch matched by Id or name in Ragnatramp: no switch name reaches a wildcard parameter.
        (Get-FakeHyperVCall -Command Get-VMNetworkAdapter | Where-Object { $_.Parameters.ManagementOS }).Parameters.ContainsKey('SwitchName') | Should -BeFalse
        Get-CallCount 'Get-NetIPAddress' | Should -Be 1 -Because 'the host interface is looked up once per discovery'
    }

    It 'reads the neighbour table on the host vNIC Hyper-V names for the switch, also when it is not vEthernet (switch name)' {
        # Converged networking: 'Add-VMNetworkAdapter -ManagementOS -Name Mgmt -SwitchName External' gives the host 'vEthernet (Mgmt)'.
        Add-FakeManagementAdapter -Name 'Mgmt' -SwitchName 'External'
        $null = Add-FakeVM web -Adapters @{ SwitchName = 'External'; MacAddress = '00155D000041' } -Kvp @{ Status = 'No Contact' }
        $null = Add-FakeVM db -Adapters @{ SwitchName = 'External'; MacAddress = '00155D000042' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Mgmt)' -IPAddress '192.168.7.41' -LinkLayerAddress '00155D000041' -State Permanent
        Add-FakeNeighbor -InterfaceAlias 'vEthernet (Mgmt)' -IPAddress '192.168.7.42' -LinkLayerAddress '00155D000042' -State Permanent
        $out = Get-RagnaVmAddress -Name web, db -SwitchName External -TimeoutSec 5 -Verbose 4>&1
        $vms = $out | Where-Object { $_ -is [Ragnatramp.VmAddress] }
        $vms.IPv4 | Should -Be @('192.168.7.41', '192.168.7.42')
        $vms.Source | Should -Be @('arp', 'arp')
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match ([regex]::Escape("'vEthernet (Mgmt)'"))
        Get-CallCount 'Get-VMNetworkAdapter -ManagementOS' | Should -Be 1
        (Get-FakeHyperVCall -Command Get-NetNeighbor).Parameters.InterfaceAlias | Should -Be 'vEthernet (Mgmt)'
    }

    It 'falls back to vEthernet (switch name) when the switch has no host vNIC to look up' {
        Remove-FakeManagementAdapter -SwitchName 'Default Switch'
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000043' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -IPAddress '172.18.185.43' -LinkLayerAddress '00155D000043' -State Permanent
        (Get-RagnaVmAddress -Name web -TimeoutSec 5).IPv4 | Should -Be '172.18.185.43'
        (Get-FakeHyperVCall -Command Get-NetNeighbor).Parameters.InterfaceAlias | Should -Be 'vEthernet (Default Switch)'
    }

    It 'waits for an address that appears later and reports it' {
        $null = Add-FakeVM late
        [RagnaTest.DelayedChange]::Set((Get-FakeAdapterRecord late), 'IPAddresses', [string[]]@('172.18.185.200'), 700)
        $vm = Get-RagnaVmAddress -Name late -TimeoutSec 30 -ErrorVariable errs
        $vm.IPv4 | Should -Be '172.18.185.200'
        $errs.Count | Should -Be 0
        Get-CallCount 'Get-VMNetworkAdapter' | Should -BeGreaterThan 1 -Because 'it polled the adapters again'
    }

    It 'gives up after -TimeoutSec with AddressNotFound targeting the VmAddress' {
        $null = Add-FakeVM web -Adapters @{ MacAddress = '00155D000007' } -Kvp @{ Status = 'No Contact' }
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable errs
        $vm.IPv4 | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AddressNotFound,Ragnatramp.Cmdlets.GetRagnaVmAddressCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].TargetObject.VMName | Should -Be 'web'
        $errs[0].Exception.Message | Should -Match '00-15-5D-00-00-07'
        $errs[0].Exception.Message | Should -Match 'DHCP lease'
        Get-CallCount 'Get-VM' | Should -BeGreaterThan 1 -Because 'it polled again before giving up'
    }

    It 'writes VMNotFound for an exact name that does not exist, and nothing for an empty wildcard' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        $out = Get-RagnaVmAddress -Name web, ghost, 'nothing*' -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        $out.VMName | Should -Be 'web'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VMNotFound,*'
        $errs[0].TargetObject | Should -Be 'ghost'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes VMs from Get-VM through the pipeline and discovers once' {
        foreach ($i in 1..3) { $null = Add-FakeVM "web$i" -Adapters @{ IPAddresses = "172.18.185.$i" } }
        $out = Hyper-V\Get-VM | Get-RagnaVmAddress -TimeoutSec 0
        $out.VMName | Should -Be @('web1', 'web2', 'web3')
        $out.IPv4 | Should -Be @('172.18.185.1', '172.18.185.2', '172.18.185.3')
        Get-CallCount 'Get-VMNetworkAdapter' | Should -Be 1
        'web2' | Get-RagnaVmAddress -TimeoutSec 0 | ForEach-Object IPv4 | Should -Be '172.18.185.2'
        [pscustomobject]@{ VMName = 'web3' } | Get-RagnaVmAddress -TimeoutSec 0 | ForEach-Object IPv4 | Should -Be '172.18.185.3'
    }

    It 'keeps the MachineName of piped Get-RagnaConfig and VmAddress objects, and only for their own VM' {
        $project = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'machines')).FullName
        Set-Content (Join-Path $project 'ragnatramp.yaml') "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n"
        $configs = Get-RagnaConfig -Path $project
        $null = Add-FakeVM $configs[0].VMName -Adapters @{ IPAddresses = '172.18.185.21' }
        $null = Add-FakeVM $configs[1].VMName -Adapters @{ IPAddresses = '172.18.185.22' }
        $null = Add-FakeVM 'plain' -Adapters @{ IPAddresses = '172.18.185.23' }

        $out = $configs | Get-RagnaVmAddress -TimeoutSec 0
        $out.MachineName | Should -Be @('web', 'db')
        ($out | Get-RagnaVmAddress -TimeoutSec 0).MachineName | Should -Be @('web', 'db') -Because 'a VmAddress piped back in keeps its machine'

        $mixed = @($configs[1]; Hyper-V\Get-VM -Name plain) | Get-RagnaVmAddress -TimeoutSec 0
        ($mixed | Where-Object VMName -eq plain).MachineName | Should -BeNullOrEmpty -Because 'a Get-VM object names no machine; the previous object''s does not carry over'
        ($mixed | Where-Object VMName -eq $configs[1].VMName).MachineName | Should -Be 'db'
        @((Get-RagnaVmAddress -Name 'demo-*' -TimeoutSec 0).MachineName | Where-Object { $_ }) | Should -BeNullOrEmpty -Because 'outside a piped object, -Name knows no machine'
        (Get-Command Get-RagnaVmAddress).Parameters.MachineName.Attributes.DontShow | Should -Contain $true
    }

    It 'finds a VM whose name contains wildcard characters when it comes from Get-VM' {
        $null = Add-FakeVM 'web [test]' -Adapters @{ IPAddresses = '172.18.185.44' }
        $null = Add-FakeVM 'web t' -Adapters @{ IPAddresses = '172.18.185.45' }
        $out = Hyper-V\Get-VM -Name 'web `[test`]' | Get-RagnaVmAddress -TimeoutSec 0
        $out.VMName | Should -Be 'web [test]'
        $out.IPv4 | Should -Be '172.18.185.44'
    }

    It 'narrates the calls it makes with -Verbose' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        $verbose = Get-RagnaVmAddress -Name web -TimeoutSec 0 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Contain 'Calling Hyper-V\Get-VM'
        ($verbose.Message -join "`n") | Should -Match "Hyper-V\\Get-VMNetworkAdapter -VMName 'web'"
    }
}

Describe 'Get-RagnaVmAddress when Windows says no' {
    BeforeAll {
        function Get-FaultError([string] $Command, [string] $Kind) {
            # The VM web exists and $Command fails as Windows fails it: the error Get-RagnaVmAddress stops with.
            $null = Add-FakeVM web
            Set-FakeHyperVFault -Command $Command -Kind $Kind
            { Get-RagnaVmAddress -Name web -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -PassThru
        }
    }
    BeforeEach { Reset-FakeHyperV }
    AfterEach { Clear-FakeHyperVFault }

    It 'stops with HyperVModuleNotFound when the Hyper-V module is missing' {
        $err = Get-FaultError Get-VM ModuleMissing
        $err.FullyQualifiedErrorId | Should -Be 'HyperVModuleNotFound,Ragnatramp.Cmdlets.GetRagnaVmAddressCommand'
        $err.Exception.Message | Should -Match 'Hyper-V management tools'
        $err.CategoryInfo.Category | Should -Be 'NotInstalled'
    }

    It 'stops with HyperVAccessDenied when Hyper-V refuses access' {
        $err = Get-FaultError Get-VM AccessDenied
        $err.FullyQualifiedErrorId | Should -BeLike 'HyperVAccessDenied,*'
        $err.Exception.Message | Should -Match 'Hyper-V Administrators'
        $err.Exception.Message | Should -Match 'elevated'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'stops with HyperVAccessDenied when it is the adapter query that is refused' {
        $err = Get-FaultError Get-VMNetworkAdapter AccessDenied
        $err.FullyQualifiedErrorId | Should -BeLike 'HyperVAccessDenied,*'
    }

    It 'stops with HyperVQueryFailed and the vmms hint when Get-VM fails otherwise' {
        $err = Get-FaultError Get-VM ServiceUnavailable
        $err.FullyQualifiedErrorId | Should -BeLike 'HyperVQueryFailed,*'
        $err.Exception.Message | Should -Match 'vmms'
    }

    It 'stops with SwitchNotFound naming the switches the VMs use' {
        $null = Add-FakeVM web -Adapters @{ SwitchName = 'LAN' }
        $null = Add-FakeVM db -Adapters @{ SwitchName = 'External' }
        $err = { Get-RagnaVmAddress -Name web, db -SwitchName 'Nope' -TimeoutSec 5 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'SwitchNotFound,*'
        $err.TargetObject | Should -Be 'Nope'
        $err.Exception.Message | Should -Match "'External', 'LAN'"
        $err.Exception.Message | Should -Match 'vEthernet \(Nope\)'
    }

    It 'falls back to KVP only with a warning when Get-NetNeighbor is <_>' -ForEach 'ModuleMissing', 'Failure', 'AccessDenied' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        $null = Add-FakeVM quiet -Kvp @{ Status = 'No Contact' }
        Set-FakeHyperVFault -Command Get-NetNeighbor -Kind $_
        $out = Get-RagnaVmAddress -Name web, quiet -TimeoutSec 0 -WarningVariable warns -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable errs
        ($out | Where-Object VMName -eq web).IPv4 | Should -Be '172.18.185.163'
        ($warns -join ' ') | Should -Match 'neighbour table cannot be read'
        ($errs | Where-Object { $_.TargetObject.VMName -eq 'quiet' }).Exception.Message | Should -Match 'could not be read'
    }

    It 're-emits a failed integration-service query as HyperVQueryFailed and still reports the VMs' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        Set-FakeHyperVFault -Command Get-VMIntegrationService -Kind Failure -Message 'WMI hiccup'
        $vm = Get-RagnaVmAddress -Name web -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        $vm.IPv4 | Should -Be '172.18.185.163'
        $vm.KvpStatus | Should -Be 'Unknown'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HyperVQueryFailed,*'
        $errs[0].Exception.Message | Should -Match 'Get-VMIntegrationService failed: WMI hiccup'
    }

    It 'works when the session turns every error into a stop ($ErrorActionPreference = Stop)' {
        $null = Add-FakeVM web -Adapters @{ IPAddresses = '172.18.185.163' }
        $null = Add-FakeVM quiet -Adapters @{ MacAddress = '00155D000010' } -Kvp @{ Status = 'No Contact' }
        Add-FakeNeighbor -IPAddress '172.18.185.164' -LinkLayerAddress '00155D000010' -InterfaceAlias 'vEthernet (Elsewhere)'
        $ErrorActionPreference = 'Stop'
        # The neighbour query finds no entry on the interface (CIM's not-found error) while the VMs are on the switch.
        $err = { Get-RagnaVmAddress -Name web, quiet -TimeoutSec 0 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AddressNotFound,*' -Because 'only our own error stops it, after the other VM was reported'
    }

    It 'keeps the other VMs'' adapters when the adapter query fails for one of three under $ErrorActionPreference = Stop' {
        $null = Add-FakeVM web1 -Adapters @{ IPAddresses = '172.18.185.31' }
        $null = Add-FakeVM web2 -Adapters @{ IPAddresses = '172.18.185.32' }
        $null = Add-FakeVM ghost -Adapters @{ IPAddresses = '172.18.185.33' }
        Set-FakeHyperVFault -Command Get-VMNetworkAdapter -Kind Failure -Message 'ghost is being deleted' -VMName ghost
        Set-FakeHyperVFault -Command Get-VMIntegrationService -Kind Failure -Message 'ghost is being deleted' -VMName ghost
        # Scheduled scripts often start with this; the nested Hyper-V calls run in the caller's scope and see it.
        $ErrorActionPreference = 'Stop'
        $out = Get-RagnaVmAddress -Name web1, web2, ghost -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        ($out | Where-Object VMName -eq web1).IPv4 | Should -Be '172.18.185.31'
        ($out | Where-Object VMName -eq web2).IPv4 | Should -Be '172.18.185.32'
        ($out | Where-Object VMName -eq web1).KvpStatus | Should -Be 'OK' -Because 'the integration-service query keeps its output too'
        ($out | Where-Object VMName -eq ghost).IPv4 | Should -BeNullOrEmpty
        @($errs | Where-Object FullyQualifiedErrorId -like 'HyperVQueryFailed,*').Count | Should -Be 2 -Because 'each failed query is reported, not thrown'
        @($errs | Where-Object FullyQualifiedErrorId -like 'AddressNotFound,*').TargetObject.VMName | Should -Be 'ghost'
    }

    It 'stops at once on Ctrl+C (the pipeline is stopped) while waiting' {
        $null = Add-FakeVM web -Kvp @{ Status = 'No Contact' }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($lab, $module)
                    Import-Module $lab; Import-Module $module
                    Reset-FakeHyperV
                    $null = Add-FakeVM web -Kvp @{ Status = 'No Contact' }
                    Get-RagnaVmAddress -Name web -TimeoutSec 60
                }).AddArgument((Join-Path $RepoRoot 'tests/Lab/FakeHyperV.psm1')).AddArgument($env:RAGNATRAMP_MODULE)
            $async = $ps.BeginInvoke()
            # Wait until it is polling, then stop it as Ctrl+C does.
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ($ps.Streams.Progress.Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0 -Because 'it shows progress naming the VMs it waits for'
            $ps.Streams.Progress[0].StatusDescription | Should -Match '^web '
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'Stop() returns once the cmdlet has stopped, long before its 60 s timeout'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally { $ps.Dispose() }
    }
}

Describe 'Get-RagnaVmAddress -Path (a project)' {
    BeforeEach {
        Reset-FakeHyperV
        $project = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory $project
        $configPath = Join-Path $project 'ragnatramp.yaml'
        function Write-Config([string] $Settings = '') {
            Set-Content -Path $configPath -Value @"
project:
  name: demo
machines:
  - name: web
  - name: db
  - name: cache
"@
            # Ragnatramp's settings live beside ragnatramp.yaml, in ragnatramp.reconcile.yaml.
            $reconcile = Join-Path (Split-Path $configPath) 'ragnatramp.reconcile.yaml'
            if ($Settings) { Set-Content -Path $reconcile -Value $Settings } else { Remove-Item $reconcile -ErrorAction Ignore }
            @(Get-RagnaConfig -Path $configPath)
        }
        function Get-Marker { "ragnatramp:v0.1.0`nconfig:$configPath`nmanaged:true" }
    }

    It 'finds the machines by derived name and ownership marker and fills MachineName' {
        $machines = Write-Config
        $null = Add-FakeVM $machines[0].VMName -Notes (Get-Marker) -Adapters @{ IPAddresses = '172.18.185.10' }
        # The marker written with the other slashes and case, as the Node.js CLI may on Windows.
        $null = Add-FakeVM $machines[1].VMName -Notes ((Get-Marker) -replace '/', '\' -replace 'ragnatramp.yaml', 'RAGNATRAMP.YAML') -Adapters @{ IPAddresses = '172.18.185.11' }
        $null = Add-FakeVM 'unrelated' -Adapters @{ IPAddresses = '172.18.185.12' }
        $out = Get-RagnaVmAddress -Path $project -TimeoutSec 0 -WarningVariable warns -WarningAction SilentlyContinue
        $out.MachineName | Should -Be @('web', 'db')
        $out.IPv4 | Should -Be @('172.18.185.10', '172.18.185.11')
        ($warns -join ' ') | Should -Match "Machine 'cache' has no VM yet"
    }

    It 'leaves out a VM with the derived name but without this config''s marker' {
        $machines = Write-Config
        $null = Add-FakeVM $machines[0].VMName -Notes 'made by hand' -Adapters @{ IPAddresses = '172.18.185.10' }
        $null = Add-FakeVM $machines[1].VMName -Notes "config:C:\elsewhere\ragnatramp.yaml`nmanaged:true" -Adapters @{ IPAddresses = '172.18.185.11' }
        $out = Get-RagnaVmAddress -Path $configPath -TimeoutSec 0 -WarningVariable warns -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        ($warns -join ' ') | Should -Match 'not this project'
    }

    It 'takes the switch and the timeout from settings, and the parameters over them' {
        $machines = Write-Config "settings:`n  switch_name: LAN`n  address_timeout: 0"
        $null = Add-FakeVM $machines[0].VMName -Notes (Get-Marker) -Adapters @{ SwitchName = 'LAN'; IPAddresses = '192.168.7.7' }
        $null = Add-FakeVM $machines[1].VMName -Notes (Get-Marker) -Adapters @{ SwitchName = 'LAN' }
        $out = Get-RagnaVmAddress -Path $project -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue
        $out[0].IPv4 | Should -Be '192.168.7.7'
        $out[0].SwitchName | Should -Be 'LAN'
        $errs.Count | Should -Be 1 -Because 'address_timeout 0 is one pass'
        Get-CallCount 'Get-VM' | Should -Be 1

        Clear-FakeHyperVCall
        # The Default Switch exists (its interface has the usual multicast entry) but these VMs are not on it.
        Add-FakeNeighbor -IPAddress '224.0.0.22' -LinkLayerAddress '01-00-5E-00-00-16' -State Permanent
        $out = Get-RagnaVmAddress -Path $project -SwitchName 'Default Switch' -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue
        $out.IPv4 | Should -Be @($null, $null)
        $errs.Count | Should -Be 2
    }

    It 'takes the VMs the state records, by VM id, with their machine names' {
        $machines = Write-Config
        $web = Add-FakeVM 'renamed-by-hand' -Adapters @{ IPAddresses = '172.18.185.20' }
        $null = Add-FakeVM $machines[0].VMName -Notes (Get-Marker) -Adapters @{ IPAddresses = '172.18.185.21' }
        $null = New-Item -ItemType Directory (Join-Path $project '.ragnatramp')
        @{
            version = 1; configHash = '1a2b3c4d'; configPath = $configPath; project = 'demo'
            vms = @{
                web = @{ id = "$($web.Id)"; name = $machines[0].VMName; machineName = 'web' }
                db  = @{ id = "$([guid]::NewGuid())"; name = $machines[1].VMName; machineName = 'db' }
            }
        } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $project '.ragnatramp/state.json')
        $out = Get-RagnaVmAddress -Path $project -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable errs
        $out.VMName | Should -Be 'renamed-by-hand' -Because 'the recorded id wins over the name'
        $out.MachineName | Should -Be 'web'
        $out.IPv4 | Should -Be '172.18.185.20'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VMNotFound,*'
        $errs[0].TargetObject | Should -Be $machines[1].VMName
    }

    It 'stops with HyperVReturnedNoVMs, and reconcile writes nothing, when Hyper-V lists no VM at all while the state records some' {
        $machines = Write-Config
        $null = New-Item -ItemType Directory (Join-Path $project '.ragnatramp')
        $statePath = Join-Path $project '.ragnatramp/state.json'
        @{
            version = 1; configHash = '1a2b3c4d'; configPath = $configPath; project = 'demo'
            vms = @{
                web = @{ id = "$([guid]::NewGuid())"; name = $machines[0].VMName; machineName = 'web'; network = @{ ipv4 = '172.18.185.20'; mac = '00155D000020' } }
                db  = @{ id = "$([guid]::NewGuid())"; name = $machines[1].VMName; machineName = 'db' }
            }
        } | ConvertTo-Json -Depth 5 | Set-Content $statePath
        $before = [IO.File]::ReadAllBytes($statePath)
        # What a session that is neither elevated nor in Hyper-V Administrators gets on Windows: no VMs and no error.
        $err = { Get-RagnaVmAddress -Path $project -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'HyperVReturnedNoVMs,Ragnatramp.Cmdlets.GetRagnaVmAddressCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match 'Hyper-V Administrators'
        $err.Exception.Message | Should -Match 'Run with highest privileges'

        $err = { Invoke-RagnaReconcile -Path $project -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'HyperVReturnedNoVMs,*'
        [IO.File]::ReadAllBytes($statePath) | Should -Be $before -Because 'no recorded VM may be cleared as gone'
    }

    It 'stops with the config error for a broken config' {
        Set-Content -Path $configPath -Value "project:`n  name: demo`nmachines: []`nbogus: 1"
        { Get-RagnaVmAddress -Path $project -TimeoutSec 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ConfigInvalid,Ragnatramp.Cmdlets.GetRagnaVmAddressCommand'
    }
}
