# Get-RagnaVmAddress with real lab guests (network namespaces on a bridge): KVP read live from the
# guest, the neighbour table is the kernel's real one. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab

    function Get-KernelNeighbor($Lab, [string] $Mac) {
        # The bridge's IPv4 neighbour entries for one guest MAC, as the kernel holds them.
        @(& ip -4 -j neigh show dev $Lab.Bridge | ConvertFrom-Json | Where-Object { $_.lladdr -and ($_.lladdr -replace ':', '') -eq $Mac.ToLowerInvariant() })
    }
}

Describe 'Get-RagnaVmAddress with real guests' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'web' },                 # hv_kvp_daemon running: KVP reports the address
            @{ Name = 'db'; Kvp = $false },    # no KVP daemon: only the neighbour table knows
            @{ Name = 'off'; Running = $false }
        )
    }
    AfterAll { Stop-PesterLab $Lab }

    It 'reads a KVP guest from KVP and a no-KVP guest from the real neighbour table' {
        $web = Get-RagnaLabGuest -Lab $Lab -Name web
        $db = Get-RagnaLabGuest -Lab $Lab -Name db
        Wait-Until { (Get-KernelNeighbor $Lab $db.MacAddress).Count -gt 0 } | Should -BeTrue -Because 'the guest talked to the host when it got its address'

        $out = Get-RagnaVmAddress -Name web, db, off -TimeoutSec 10
        $outWeb, $outDb, $outOff = $out
        $outWeb.IPv4 | Should -Be $web.IPv4
        $outWeb.Source | Should -Be 'hyperv'
        $outWeb.IPv6 | Should -Not -BeNullOrEmpty -Because 'the guest has a link-local IPv6 that KVP reports'
        $outDb.IPv4 | Should -Be $db.IPv4
        $outDb.Source | Should -Be 'arp'
        $outDb.KvpStatus | Should -Be 'No Contact'
        $outDb.MacAddress | Should -Be $db.MacAddress
        @($outDb.IPv6 | Where-Object { $_ -like 'fe80::*' }).Count | Should -Be 1 -Because 'the guest announced its link-local address to the host'
        $outOff.State | Should -Be 'Off'
        $outOff.IPv4 | Should -BeNullOrEmpty
    }

    It 'picks the address that answers when an old lease stays in the table beside the new one' {
        $db = Get-RagnaLabGuest -Lab $Lab -Name db
        $old = $db.IPv4
        $new = "$($Lab.SubnetPrefix).77"
        Set-RagnaLabGuestAddress -Lab $Lab -Name db -IPv4 $new
        Wait-Until { (Get-KernelNeighbor $Lab $db.MacAddress).dst -contains $new } | Should -BeTrue
        (Get-KernelNeighbor $Lab $db.MacAddress).dst | Should -Contain $old -Because 'the old entry is still in the table'

        $vm = Get-RagnaVmAddress -Name db -TimeoutSec 10
        $vm.IPv4 | Should -Be $new
        $vm.Source | Should -Be 'arp'
        ($vm.Warnings -join ' ') | Should -Match 'answered'
        ($vm.Warnings -join ' ') | Should -Match ([regex]::Escape($old))
    }
}

Describe 'Get-RagnaVmAddress waiting for a guest whose address comes late' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'slowarp'; Kvp = $false; AddressDelaySec = 3 },
            @{ Name = 'slowkvp'; AddressDelaySec = 4 }
        )
    }
    AfterAll { Stop-PesterLab $Lab }

    It 'reports each address soon after it appears' {
        $out = Get-RagnaVmAddress -Name slowarp, slowkvp -TimeoutSec 30 -ErrorVariable errs
        $errs.Count | Should -Be 0
        foreach ($name in 'slowarp', 'slowkvp') {
            $guest = Get-RagnaLabGuest -Lab $Lab -Name $name
            $vm = $out | Where-Object VMName -eq $name
            $vm.IPv4 | Should -Be $guest.IPv4
            if ($name -eq 'slowarp') { $vm.Source | Should -Be 'arp' }
            # The KVP guest pings the host right after its address is set: a round can see the table entry (proved live by
            # the probe) before KVP reports, which is a right answer too.
            else { $vm.Source | Should -BeIn @('hyperv', 'arp') }
            # A loose sanity bound on "appeared -> returned" (the goal is well under a second; the benchmark measures it).
            $latency = ($vm.DiscoveredAt - $guest.AddressReadyAt).TotalSeconds
            Write-Host "  $name reported $([math]::Round($latency, 2)) s after its address was due"
            $latency | Should -BeLessThan 3
            $latency | Should -BeGreaterThan -0.5 -Because 'it cannot be reported before it exists'
        }
    }
}

Describe 'Get-RagnaVmAddress with a cold neighbour table' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        # No KVP daemon, and the guest never talks to the host: only the host asking (ARP) can find it.
        $Lab = Start-PesterLab -Guests @(@{ Name = 'quiet'; Kvp = $false; Quiet = $true })
    }
    AfterAll { Stop-PesterLab $Lab }

    It 'finds a guest whose neighbour entry was flushed and who never talked to the host' {
        $quiet = Get-RagnaLabGuest -Lab $Lab -Name quiet
        & ip -4 neigh flush dev $Lab.Bridge
        Get-KernelNeighbor $Lab $quiet.MacAddress | Should -BeNullOrEmpty -Because 'the host has no entry for the guest'

        # Before anything is sent: the subnet Ragnatramp computes from the host interface (the NetTCPIP stand-in, backed
        # by the bridge's real address) is the lab bridge's own, so the sweep stays inside the lab.
        $hostAddress = @(NetTCPIP\Get-NetIPAddress -AddressFamily IPv4 | Where-Object InterfaceAlias -eq $Lab.InterfaceAlias)
        $hostAddress.Count | Should -Be 1
        $tryCreate = [Ragnatramp.VmAddress].Assembly.GetType('Ragnatramp.Discovery.OnLinkSubnet').GetMethod('TryCreate')
        $subnet = $tryCreate.Invoke($null, [object[]]@($hostAddress[0].IPAddress, [int]$hostAddress[0].PrefixLength, $null))
        "$subnet" | Should -Be $Lab.Subnet
        $Lab.Subnet | Should -Match '^10\.231\.\d+\.0/24$'

        $out = Get-RagnaVmAddress -Name quiet -TimeoutSec 15 -Verbose 4>&1
        $vm = $out | Where-Object { $_ -is [Ragnatramp.VmAddress] }
        $vm.IPv4 | Should -Be $quiet.IPv4
        $vm.Source | Should -Be 'arp'
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match ([regex]::Escape("making the host resolve $($Lab.Subnet)"))
        ([regex]::Matches($verbose, 'making the host resolve')).Count | Should -Be 1 -Because 'the subnet is resolved once per discovery'
    }
}
