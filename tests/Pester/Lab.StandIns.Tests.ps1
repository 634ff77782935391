# The Hyper-V and NetTCPIP stand-ins (tests/Lab) return what docs/CONTRACT.md documents, so every
# other test can trust them as a picture of Windows.
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns
    $KvpGuid = '2A34B1C2-FD73-4043-8A5B-DD2159BC743F'
}

Describe 'Stand-in modules' {
    BeforeEach { Reset-FakeHyperV }

    It 'answers plain and module-qualified calls' {
        $null = Add-FakeVM -Name 'web'
        (Get-VM).Name | Should -Be 'web'
        (Hyper-V\Get-VM).Name | Should -Be 'web'
        (Hyper-V\Get-VMNetworkAdapter -VMName web).VMName | Should -Be 'web'
        @(Hyper-V\Get-VMIntegrationService -VMName web).Count | Should -Be 6
        Add-FakeNeighbor -IPAddress '172.18.0.9' -LinkLayerAddress '00155D000009'
        (NetTCPIP\Get-NetNeighbor).IPAddress | Should -Be '172.18.0.9'
        (Get-Command Get-VM).Module.Name | Should -Be 'Hyper-V'
        (Get-Command Get-NetNeighbor).Module.Name | Should -Be 'NetTCPIP'
    }

    It 'is visible to code in another module scope and to a nested pipeline in the current runspace, as a binary cmdlet calls it' {
        $null = Add-FakeVM -Name 'web'
        $other = New-Module -Name 'SomeOtherModule' { function Invoke-Probe { $ExecutionContext.InvokeCommand.InvokeScript('Hyper-V\Get-VM -Name web') } }
        (& $other { Invoke-Probe }).Name | Should -Be 'web'
        $ps = [powershell]::Create([System.Management.Automation.RunspaceMode]::CurrentRunspace)
        try {
            $result = $ps.AddScript('NetTCPIP\Get-NetNeighbor; Hyper-V\Get-VM').Invoke()
            $result.Name | Should -Be 'web'
        } finally { $ps.Dispose() }
    }
}

Describe 'Get-VM' {
    BeforeEach { Reset-FakeHyperV }

    It 'returns a VirtualMachine with VMName and VMId aliases, notes and an enum state' {
        $id = [guid]::NewGuid()
        $null = Add-FakeVM -Name 'demo-web-1a2b3c4d' -Id $id -Notes "ragnatramp:v0.1.0`nmanaged:true"
        $vm = Get-VM -Name 'demo-web-1a2b3c4d'
        $vm.PSTypeNames[0] | Should -Be 'Microsoft.HyperV.PowerShell.VirtualMachine'
        $vm.Id | Should -Be $id
        $vm.VMId | Should -Be $id
        $vm.VMName | Should -Be 'demo-web-1a2b3c4d'
        $vm.Notes | Should -Match 'managed:true'
        $vm.State | Should -BeOfType [Microsoft.HyperV.PowerShell.VMState]
        $vm.State | Should -Be ([Microsoft.HyperV.PowerShell.VMState]::Running)
        $vm.Heartbeat | Should -Be ([Microsoft.HyperV.PowerShell.VMHeartbeatStatus]::OkApplicationsHealthy)
        $vm.NetworkAdapters[0].PSTypeNames[0] | Should -Be 'Microsoft.HyperV.PowerShell.VMNetworkAdapter'
    }

    It 'renders the state as <Style> when asked per VM' -TestCases @(
        @{ Style = 'Enum'; Expected = 'Off'; Type = 'Microsoft.HyperV.PowerShell.VMState' }
        @{ Style = 'Name'; Expected = 'Off'; Type = 'string' }
        @{ Style = 'Number'; Expected = 3; Type = 'int' }
    ) {
        $null = Add-FakeVM -Name 'db' -State Off -EnumStyle $Style
        $state = (Get-VM -Name db).State
        $state | Should -BeOfType ($Type -as [type])
        $state | Should -Be $Expected
    }

    It 'renders every enum by name or number when set globally' {
        Set-FakeHyperVEnumStyle -EnumStyle Number
        $null = Add-FakeVM -Name 'web' -State RunningCritical
        (Get-VM web).State | Should -Be 32785
        (Get-VMNetworkAdapter -VMName web).Status | Should -Be @(2)
        Reset-FakeHyperV -EnumStyle Name
        $null = Add-FakeVM -Name 'web'
        (Get-VM web).State | Should -BeExactly 'Running'
        (Get-VMIntegrationService -VMName web | Where-Object Id -like "*$KvpGuid").PrimaryOperationalStatus | Should -BeExactly 'Ok'
    }

    It 'matches wildcards and takes several names' {
        'demo-web-1', 'demo-db-1', 'other' | ForEach-Object { $null = Add-FakeVM -Name $_ }
        @(Get-VM -Name 'demo-*').Name | Sort-Object | Should -Be @('demo-db-1', 'demo-web-1')
        @(Get-VM -Name 'other', 'demo-w*').Name | Should -Be @('other', 'demo-web-1')
        @(Get-VM -Name 'nothing-*' -ErrorAction Stop) | Should -BeNullOrEmpty
        @(Get-VM).Count | Should -Be 3
    }

    It 'finds a VM by id' {
        $id = [guid]::NewGuid()
        $null = Add-FakeVM -Name 'web' -Id $id
        (Get-VM -Id $id).Name | Should -Be 'web'
    }

    It 'writes a non-terminating InvalidParameter error for a missing exact name and goes on' {
        $null = Add-FakeVM -Name 'web'
        $found = Get-VM -Name 'missing', 'web' -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'web'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -BeExactly 'Hyper-V was unable to find a virtual machine with name "missing".'
        $failures[0].TargetObject | Should -Be 'missing'
    }
}

Describe 'Get-VMNetworkAdapter' {
    BeforeEach { Reset-FakeHyperV }

    It 'returns the adapter shape with IPv4 and IPv6 mixed' {
        $null = Add-FakeVM -Name 'web' -Adapters @(@{ MacAddress = '00:15:5d:de:33:09'; IPAddresses = '172.18.185.163', 'fe80::215:5dff:fede:3309' })
        $adapter = Get-VMNetworkAdapter -VMName 'web'
        $adapter.PSTypeNames[0] | Should -Be 'Microsoft.HyperV.PowerShell.VMNetworkAdapter'
        $adapter.Name | Should -Be 'Network Adapter'
        $adapter.SwitchName | Should -Be 'Default Switch'
        $adapter.MacAddress | Should -BeExactly '00155DDE3309'
        $adapter.IPAddresses | Should -Be @('172.18.185.163', 'fe80::215:5dff:fede:3309')
        $adapter.Status[0] | Should -Be ([Microsoft.HyperV.PowerShell.VMNetworkAdapterOperationalStatus]::Ok)
        $adapter.Connected | Should -BeTrue
        $adapter.VMId | Should -Be (Get-VM web).Id
    }

    It 'returns many VMs and adapters in one call with -VMName a,b, -All or -VM' {
        $null = Add-FakeVM -Name 'web' -Adapters @(@{ SwitchName = 'Default Switch' }, @{ SwitchName = 'Internal' })
        $null = Add-FakeVM -Name 'db'
        @(Get-VMNetworkAdapter -VMName 'web', 'db').Count | Should -Be 3
        @(Get-VMNetworkAdapter -All).Count | Should -Be 3
        @(Get-VM -Name web | Get-VMNetworkAdapter).SwitchName | Should -Be @('Default Switch', 'Internal')
        @(Get-VMNetworkAdapter -VM (Get-VM -Name db)).VMName | Should -Be 'db'
    }

    It 'reports no addresses for a VM that is off' {
        $null = Add-FakeVM -Name 'web' -State Off -Adapters @(@{ IPAddresses = '10.0.0.1' })
        (Get-VMNetworkAdapter -VMName web).IPAddresses | Should -BeNullOrEmpty
    }

    It 'follows Set-FakeVM' {
        $null = Add-FakeVM -Name 'web'
        Set-FakeVM -Name 'web' -IPAddresses '172.18.0.20'
        (Get-VMNetworkAdapter -VMName web).IPAddresses | Should -Be '172.18.0.20'
        Set-FakeVM -Name 'web' -State Saved
        (Get-VM web).State | Should -Be 'Saved'
    }

    It 'writes the not-found error for a missing VM' {
        Get-VMNetworkAdapter -VMName 'ghost' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVMNetworkAdapter'
    }
}

Describe 'Get-VMNetworkAdapter -ManagementOS' {
    BeforeEach { Reset-FakeHyperV }

    It 'reports the host vNIC of the Default Switch, named like the switch, without a VM' {
        $vnic = @(Get-VMNetworkAdapter -ManagementOS -SwitchName 'Default Switch')
        $vnic.Count | Should -Be 1
        $vnic[0].Name | Should -Be 'Default Switch'
        $vnic[0].IsManagementOs | Should -BeTrue
        $vnic[0].VMName | Should -BeNullOrEmpty
        $vnic[0].MacAddress | Should -Match '^00155D[0-9A-F]{6}$'
        , $vnic[0].IPAddresses | Should -BeOfType [string[]]
        $vnic[0].IPAddresses.Count | Should -Be 0
    }

    It 'reports a host vNIC registered under another name, filtered by switch' {
        Add-FakeManagementAdapter -Name 'Mgmt' -SwitchName 'External' -MacAddress '00-15-5D-00-00-77'
        (Get-VMNetworkAdapter -ManagementOS -SwitchName 'External').Name | Should -Be 'Mgmt'
        (Get-VMNetworkAdapter -ManagementOS -SwitchName 'External').MacAddress | Should -Be '00155D000077'
        @(Get-VMNetworkAdapter -ManagementOS).Name | Should -Be @('Default Switch', 'Mgmt')
        Remove-FakeManagementAdapter -SwitchName 'External'
        Get-VMNetworkAdapter -ManagementOS -SwitchName 'External' | Should -BeNullOrEmpty
    }
}

Describe 'Faults for one VM' {
    BeforeEach { Reset-FakeHyperV }
    AfterEach { Clear-FakeHyperVFault }

    It 'fails only the named VM and still reports the others' {
        $null = Add-FakeVM web1; $null = Add-FakeVM ghost; $null = Add-FakeVM web2
        Set-FakeHyperVFault -Command Get-VMNetworkAdapter -Kind Failure -Message 'gone' -VMName ghost
        $adapters = Get-VMNetworkAdapter -VMName web1, ghost, web2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $adapters.VMName | Should -Be @('web1', 'web2')
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'ghost'
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'Unspecified,Microsoft.HyperV.PowerShell.Commands.GetVMNetworkAdapter'
    }
}

Describe 'Get-VMIntegrationService' {
    BeforeEach { Reset-FakeHyperV }

    It 'lists the standard components, each with Id Microsoft:<VMId>\<GUID>' {
        $vm = Add-FakeVM -Name 'web'
        $components = @(Get-VMIntegrationService -VMName web)
        $components.Count | Should -Be 6
        $components[0].PSTypeNames[0] | Should -Be 'Microsoft.HyperV.PowerShell.VMIntegrationComponent'
        $kvp = $components | Where-Object Id -like "*\$KvpGuid"
        $kvp.Id | Should -BeExactly "Microsoft:$($vm.Id.ToString().ToUpperInvariant())\$KvpGuid"
        $kvp.Name | Should -Be 'Key-Value Pair Exchange'
        $kvp.Enabled | Should -BeTrue
        $kvp.PrimaryStatusDescription | Should -Be 'OK'
        $kvp.PrimaryOperationalStatus | Should -Be ([Microsoft.HyperV.PowerShell.VMIntegrationComponentOperationalStatus]::Ok)
        $components.Name | Should -Contain 'Heartbeat'
        $components.Name | Should -Contain 'Guest Service Interface'
    }

    It 'says No Contact and reports no addresses when the guest runs no KVP daemon' {
        $null = Add-FakeVM -Name 'db' -Kvp @{ Enabled = $true; Status = 'No Contact' } -Adapters @(@{ IPAddresses = @() })
        $kvp = Get-VMIntegrationService -VMName db | Where-Object Id -like "*$KvpGuid"
        $kvp.PrimaryStatusDescription | Should -Be 'No Contact'
        $kvp.PrimaryOperationalStatus | Should -Be ([Microsoft.HyperV.PowerShell.VMIntegrationComponentOperationalStatus]::NoContact)
        (Get-VMNetworkAdapter -VMName db).IPAddresses | Should -BeNullOrEmpty
    }

    It 'names components in German on a German host, so only the GUID identifies KVP' {
        $null = Add-FakeVM -Name 'web' -Language de-DE
        $kvp = Get-VMIntegrationService -VMName web | Where-Object Id -like "*$KvpGuid"
        $kvp.Name | Should -Be 'Austausch von Schlüsselwertepaaren'
        @(Get-VMIntegrationService -VMName web | Where-Object Name -eq 'Key-Value Pair Exchange') | Should -BeNullOrEmpty
    }
}

Describe 'Get-NetNeighbor' {
    BeforeEach {
        Reset-FakeHyperV
        Add-FakeNeighbor -IPAddress '172.18.0.10' -LinkLayerAddress '00:15:5d:de:33:09' -State Permanent
        Add-FakeNeighbor -IPAddress 'fe80::215:5dff:fede:3309' -LinkLayerAddress '00155DDE3309' -State Stale
        Add-FakeNeighbor -IPAddress 'ff02::1' -LinkLayerAddress '33-33-00-00-00-01' -State Permanent
        Add-FakeNeighbor -InterfaceAlias 'Ethernet' -InterfaceIndex 4 -IPAddress '192.168.1.1' -LinkLayerAddress '00-11-22-33-44-55'
    }

    It 'returns MSFT_NetNeighbor CIM-shaped entries with dash-separated upper-case MACs' {
        $entry = Get-NetNeighbor -IPAddress '172.18.0.10'
        $entry.PSTypeNames[0] | Should -Be 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetNeighbor'
        $entry.InterfaceAlias | Should -Be 'vEthernet (Default Switch)'
        $entry.LinkLayerAddress | Should -BeExactly '00-15-5D-DE-33-09'
        $entry.State | Should -Be ([Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State]::Permanent)
        $entry.AddressFamily | Should -Be 'IPv4'
        $entry.ifIndex | Should -Be 17
        $entry.InterfaceIndex | Should -Be 17
        $entry.Store | Should -Be 'ActiveStore'
    }

    It 'filters by interface alias, address family and state' {
        @(Get-NetNeighbor -InterfaceAlias 'vEthernet (Default Switch)').Count | Should -Be 3
        @(Get-NetNeighbor -InterfaceAlias 'vEthernet*' -AddressFamily IPv6).IPAddress | Should -Be @('fe80::215:5dff:fede:3309', 'ff02::1')
        @(Get-NetNeighbor -State Stale).IPAddress | Should -Be 'fe80::215:5dff:fede:3309'
        @(Get-NetNeighbor -LinkLayerAddress '00-15-5D-DE-33-09').Count | Should -Be 2
    }

    It 'renders State and AddressFamily as numbers for an entry that asks' {
        Add-FakeNeighbor -IPAddress '172.18.0.11' -LinkLayerAddress '00155D000011' -State Reachable -EnumStyle Number
        $entry = Get-NetNeighbor -IPAddress '172.18.0.11'
        $entry.State | Should -Be 5
        $entry.AddressFamily | Should -Be 2
    }

    It 'writes the CDXML ObjectNotFound error for an alias without entries' {
        Get-NetNeighbor -InterfaceAlias 'vEthernet (X)' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].Exception.Message | Should -BeLike "No MSFT_NetNeighbor objects found with property 'InterfaceAlias' equal to 'vEthernet (X)'.*"
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'CmdletizationQuery_NotFound_InterfaceAlias,Get-NetNeighbor'
        @(Get-NetNeighbor -InterfaceAlias 'vEthernet (X*)' -ErrorAction Stop) | Should -BeNullOrEmpty
    }
}

Describe 'Call log' {
    BeforeEach { Reset-FakeHyperV }

    It 'records each call with its bound parameters, so tests can count calls per poll round' {
        $null = Add-FakeVM -Name 'web'
        $null = Add-FakeVM -Name 'db'
        $null = Get-VMNetworkAdapter -VMName 'web', 'db'
        $null = Hyper-V\Get-VM -Name 'web'
        $null = NetTCPIP\Get-NetNeighbor -InterfaceAlias 'vEthernet (Default Switch)' -ErrorAction SilentlyContinue
        $calls = @(Get-FakeHyperVCall)
        $calls.Command | Should -Be @('Get-VMNetworkAdapter', 'Get-VM', 'Get-NetNeighbor')
        $calls[0].Parameters.VMName | Should -Be @('web', 'db')
        @(Get-FakeHyperVCall -Command Get-VM).Count | Should -Be 1
        Clear-FakeHyperVCall
        @(Get-FakeHyperVCall) | Should -BeNullOrEmpty
    }
}

Describe 'Faults' {
    BeforeEach { Reset-FakeHyperV }

    It 'denies access the way Hyper-V does for a non-administrator' {
        $null = Add-FakeVM -Name 'web'
        Set-FakeHyperVFault -Command Get-VM -Kind AccessDenied
        Get-VM -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].Exception.Message | Should -Match "^You do not have the required permission to complete this task\. Contact the administrator of the authorization policy for the computer '.+'\.$"
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'AccessDenied,Microsoft.HyperV.PowerShell.Commands.GetVM'
        $failures[0].Exception | Should -BeOfType [Microsoft.HyperV.PowerShell.VirtualizationException]
        (Get-VMNetworkAdapter -VMName web).VMName | Should -Be 'web' -Because 'only Get-VM was made to fail'
    }

    It 'can fail terminating' {
        Set-FakeHyperVFault -Command Get-NetNeighbor -Kind Failure -Message 'boom' -Terminating
        { Get-NetNeighbor -ErrorAction SilentlyContinue } | Should -Throw 'boom'
    }

    It 'removes the module for ModuleMissing, so module-qualified calls are not found, and restores it' {
        Set-FakeHyperVFault -Command Get-VMIntegrationService -Kind ModuleMissing
        { Hyper-V\Get-VMIntegrationService -VMName x } | Should -Throw -ExceptionType ([System.Management.Automation.CommandNotFoundException])
        (Get-Command NetTCPIP\Get-NetNeighbor -ErrorAction SilentlyContinue) | Should -Not -BeNullOrEmpty -Because 'the other module stays'
        Clear-FakeHyperVFault
        (Get-Command Hyper-V\Get-VMIntegrationService).Module.Name | Should -Be 'Hyper-V'
    }
}
