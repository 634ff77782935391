# Export-FakeHyperV / Import-FakeHyperV: a fresh PowerShell process sees the same Hyper-V host as
# the one that exported it (the benchmark's baseline spawns one per hypervisor query). Lab-backed
# VMs staying live across the snapshot is exercised by Bench.Tests.ps1 (needs root).
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns
    $FakeHyperV = Join-Path $RepoRoot 'tests/Lab/FakeHyperV.psm1'

    # What the four stand-ins answer, as JSON, minus what moves with the clock (Uptime).
    $Query = 'Get-VM | Select-Object Name, Id, State, Status, Notes, Heartbeat, CreationTime, Generation | ConvertTo-Json -Depth 3 -EnumsAsStrings; ' +
        'Get-VMNetworkAdapter -All | Select-Object VMName, Name, MacAddress, SwitchName, SwitchId, IPAddresses, Status | ConvertTo-Json -Depth 3 -EnumsAsStrings; ' +
        'Get-VMNetworkAdapter -ManagementOS | Select-Object Name, MacAddress, SwitchName, IsManagementOs | ConvertTo-Json -Depth 3 -EnumsAsStrings; ' +
        'Get-VMIntegrationService -VMName * | Select-Object VMName, Name, Id, Enabled, PrimaryStatusDescription, PrimaryOperationalStatus | ConvertTo-Json -Depth 3 -EnumsAsStrings; ' +
        'Get-NetNeighbor | Select-Object InterfaceAlias, ifIndex, IPAddress, LinkLayerAddress, State, AddressFamily | ConvertTo-Json -Depth 3 -EnumsAsStrings'
}

Describe 'Export-FakeHyperV and Import-FakeHyperV' {
    BeforeAll {
        Reset-FakeHyperV
        $null = Add-FakeVM -Name 'web' -Notes "managed:true" -Heartbeat OkApplicationsHealthy -Adapters @(
            @{ IPAddresses = @('172.18.185.163', 'fe80::215:5dff:fede:3309'); MacAddress = '00155DDE3309' }
            @{ Name = 'Network Adapter 2'; SwitchName = 'Internal'; IPAddresses = @('192.168.10.5') })
        $null = Add-FakeVM -Name 'db' -State Off -Kvp @{ Status = 'No Contact' } -Language de-DE
        $null = Add-FakeVM -Name 'cache' -EnumStyle Number -Kvp @{ Enabled = $false }
        Add-FakeNeighbor -IPAddress '172.18.185.170' -LinkLayerAddress '00:15:5d:de:33:10' -State Stale
        Add-FakeManagementAdapter -Name 'Internal' -SwitchName 'Internal' -MacAddress '00155D0A0B0C'
        $Snapshot = Join-Path ([IO.Path]::GetTempPath()) ("fakehyperv-$([guid]::NewGuid().ToString('n')).json")
        Export-FakeHyperV -Path $Snapshot
        $Here = (Invoke-Expression $Query) -join "`n"
    }
    AfterAll {
        Remove-Item $Snapshot -ErrorAction Ignore
        Reset-FakeHyperV
    }

    It 'gives a fresh process the same VMs, adapters, host vNICs, integration services and neighbours' {
        $There = (Invoke-FreshPwsh -Command "Import-Module '$FakeHyperV'; Import-FakeHyperV -Path '$Snapshot'; $Query") -join "`n"
        $LASTEXITCODE | Should -Be 0
        $There | Should -Be $Here
    }

    It 'replaces the current state and starts with an empty call log' {
        $null = Add-FakeVM -Name 'extra'
        $null = Get-VM
        Import-FakeHyperV -Path $Snapshot
        (Get-VM).Name | Should -Be @('web', 'db', 'cache')
        @(Get-FakeHyperVCall -Command 'Get-VM').Count | Should -Be 1 -Because 'only the call just made is logged'
    }

    It 'keeps enum styles and typed ids after the round trip' {
        Import-FakeHyperV -Path $Snapshot
        (Get-VM -Name cache).State | Should -BeOfType [int]
        (Get-VM -Name web).State | Should -BeOfType [Microsoft.HyperV.PowerShell.VMState]
        (Get-VM -Name web).Id | Should -BeOfType [guid]
        (Get-VMNetworkAdapter -VMName web).IPAddresses | Should -Be @('172.18.185.163', 'fe80::215:5dff:fede:3309', '192.168.10.5')
    }
}
