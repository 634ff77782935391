# The lab's real guests (tests/Lab/RagnaLab.psm1) behave as each option promises, and the
# stand-ins show them the way Hyper-V would. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab
    $KvpGuid = '2A34B1C2-FD73-4043-8A5B-DD2159BC743F'

    function Invoke-Guest([string] $Name, [string] $Command) {
        # Output and exit code of a command run in the guest as the lab user, over the system ssh client.
        $output = Invoke-RagnaLabGuestCommand -Lab $Lab -Name $Name -Command $Command 2>&1
        [pscustomobject]@{ Output = (@($output | ForEach-Object { "$_" }) -join "`n"); ExitCode = $LASTEXITCODE }
    }

    function Test-TcpPort([string] $Address, [int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            if ($client.ConnectAsync($Address, $Port).Wait(3000)) { 'Open' } else { 'Timeout' }
        } catch {
            $socket = $_.Exception.GetBaseException()
            if ($socket -is [System.Net.Sockets.SocketException]) { "$($socket.SocketErrorCode)" } else { throw }
        } finally { $client.Dispose() }
    }
}

Describe 'The lab' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $HostsHashBefore = Get-RealHostsHash
        $WebHosts = "127.0.0.1 localhost`n127.0.1.1 web`n# golden image`n"
        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'web'; VMName = 'demo-web-1a2b3c4d'; HostsContent = $WebHosts; Notes = "ragnatramp:v0.1.0`nmanaged:true" }
            @{ Name = 'db'; VMName = 'demo-db-1a2b3c4d'; Kvp = $false }
            @{ Name = 'cache'; VMName = 'demo-cache-1a2b3c4d'; Running = $false }
            @{ Name = 'late'; AddressDelaySec = 20 }
            @{ Name = 'nossh'; Sshd = $false }
            @{ Name = 'nosudo'; Sudo = $false }
            @{ Name = 'rohosts'; ReadOnlyHosts = $true }
            @{ Name = 'moving' }
            @{ Name = 'cycle' }
        )
    }

    AfterAll { Stop-PesterLab $Lab }

    Context 'Lab guests' {
        It 'starts with a delayed guest whose address is not there yet' {
            # First, while the delay runs: not yet in the guest, not in KVP, not in the neighbour table.
            $late = Get-RagnaLabGuest -Lab $Lab -Name late
            [datetime]::UtcNow | Should -BeLessThan $late.AddressReadyAt -Because 'the 20 s delay must outlast the lab start'
            (Get-VMNetworkAdapter -VMName late).IPAddresses | Should -Not -Contain $late.IPv4
            @(Get-NetNeighbor -IPAddress $late.IPv4 -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        }

        It 'logs in with the ed25519 key as the non-root lab user' {
            $result = Invoke-Guest web 'id -un; id -u'
            $result.ExitCode | Should -Be 0
            ($result.Output -split "`n")[0] | Should -Be $Lab.User
            ($result.Output -split "`n")[1] | Should -Not -Be '0'
            (Get-Content $Lab.KeyFile -Raw) | Should -Match 'BEGIN OPENSSH PRIVATE KEY'
            (& ssh-keygen -l -f $Lab.KeyFile) | Should -Match '\(ED25519\)'
        }

        It 'refuses a login without the key' {
            $guest = Get-RagnaLabGuest -Lab $Lab -Name web
            & ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o PubkeyAuthentication=no -o StrictHostKeyChecking=no `
                -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$($guest.User)@$($guest.IPv4)" true 2>$null
            $LASTEXITCODE | Should -Be 255
        }

        It 'gives passwordless sudo where Sudo is on and refuses it where it is off' {
            (Invoke-Guest web 'sudo -n true').ExitCode | Should -Be 0
            $refused = Invoke-Guest nosudo 'sudo -n true'
            $refused.ExitCode | Should -Not -Be 0
            $refused.Output | Should -Match 'password is required|not allowed|may not run sudo'
        }

        It 'gives each guest its own host name and /etc/hosts, readable from the host at HostsPath' {
            (Invoke-Guest web 'hostname').Output | Should -Be 'web'
            (Invoke-Guest db 'hostname').Output | Should -Be 'db'
            (Invoke-Guest web 'cat /etc/hosts').Output | Should -Be $WebHosts.TrimEnd("`n")
            $web = Get-RagnaLabGuest -Lab $Lab -Name web
            Get-Content $web.HostsPath -Raw | Should -Be $WebHosts
            (Invoke-Guest db 'cat /etc/hosts').Output | Should -Match '127\.0\.1\.1 db'
        }

        It 'lets sudo write the guest /etc/hosts in place, which lands in HostsPath and not in the real /etc/hosts' {
            (Invoke-Guest db "echo '10.231.0.99 probe' | sudo tee -a /etc/hosts >/dev/null").ExitCode | Should -Be 0
            Get-Content (Get-RagnaLabGuest -Lab $Lab -Name db).HostsPath -Raw | Should -Match 'probe'
            Get-Content /etc/hosts -Raw | Should -Not -Match 'probe'
        }

        It 'refuses writes to a read-only hosts file (EROFS)' {
            $result = Invoke-Guest rohosts "echo '10.231.0.99 probe' | sudo tee -a /etc/hosts"
            $result.ExitCode | Should -Not -Be 0
            $result.Output | Should -Match 'Read-only file system'
            Get-Content (Get-RagnaLabGuest -Lab $Lab -Name rohosts).HostsPath -Raw | Should -Not -Match 'probe'
        }

        It 'keeps an off guest unreachable' {
            $cache = Get-RagnaLabGuest -Lab $Lab -Name cache
            & ping -c 1 -W 1 $cache.IPv4 *> $null
            $LASTEXITCODE | Should -Not -Be 0
            Test-TcpPort $cache.IPv4 22 | Should -Not -Be 'Open'
            (Get-VM -Name $cache.VMName).State | Should -Be ([Microsoft.HyperV.PowerShell.VMState]::Off)
            (Get-VMNetworkAdapter -VMName $cache.VMName).IPAddresses | Should -BeNullOrEmpty
        }

        It 'refuses port 22 on a running guest whose sshd is down, which still answers ping' {
            $guest = Get-RagnaLabGuest -Lab $Lab -Name nossh
            & ping -c 1 -W 2 $guest.IPv4 *> $null
            $LASTEXITCODE | Should -Be 0
            Test-TcpPort $guest.IPv4 22 | Should -Be 'ConnectionRefused'
        }

        It 'shows lab guests through the Hyper-V stand-ins: state, KVP addresses read live, No Contact without KVP' {
            $web = Get-RagnaLabGuest -Lab $Lab -Name web
            $vm = Hyper-V\Get-VM -Name 'demo-web-1a2b3c4d'
            $vm.Id | Should -Be $web.VMId
            $vm.State | Should -Be 'Running'
            $vm.Notes | Should -Match 'managed:true'
            $adapter = Hyper-V\Get-VMNetworkAdapter -VMName 'demo-web-1a2b3c4d'
            $adapter.MacAddress | Should -BeExactly $web.MacAddress
            $adapter.MacAddress | Should -Match '^00155D[0-9A-F]{6}$'
            $adapter.SwitchName | Should -Be 'Default Switch'
            $adapter.IPAddresses | Should -Contain $web.IPv4
            @($adapter.IPAddresses | Where-Object { $_ -like 'fe80::*' }).Count | Should -Be 1
            (Hyper-V\Get-VMIntegrationService -VMName 'demo-web-1a2b3c4d' | Where-Object Id -like "*\$KvpGuid").PrimaryStatusDescription | Should -Be 'OK'

            (Hyper-V\Get-VMNetworkAdapter -VMName 'demo-db-1a2b3c4d').IPAddresses | Should -BeNullOrEmpty
            $kvp = Hyper-V\Get-VMIntegrationService -VMName 'demo-db-1a2b3c4d' | Where-Object Id -like "*\$KvpGuid"
            $kvp.Enabled | Should -BeTrue
            $kvp.PrimaryStatusDescription | Should -Be 'No Contact'
        }

        It 'shows the kernel neighbour table the Windows way, IPv4 and IPv6, keyed by the guest MAC' {
            $db = Get-RagnaLabGuest -Lab $Lab -Name db
            $windowsMac = $db.MacAddress -replace '(..)(?!$)', '$1-'
            $entries = @(NetTCPIP\Get-NetNeighbor -InterfaceAlias 'vEthernet (Default Switch)' -LinkLayerAddress $windowsMac)
            $entries[0].PSTypeNames[0] | Should -Be 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetNeighbor'
            ($entries | Where-Object AddressFamily -eq 'IPv4').IPAddress | Should -Be $db.IPv4
            ($entries | Where-Object AddressFamily -eq 'IPv6').IPAddress | Should -BeLike 'fe80::*'
            $entries[0].LinkLayerAddress | Should -BeExactly $windowsMac
            $entries[0].State | Should -BeOfType [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNeighbor.State]
            $entries[0].ifIndex | Should -BeGreaterThan 0
        }

        It 're-addresses a running guest; the new address shows everywhere, the old neighbour entry may stay' {
            $moving = Get-RagnaLabGuest -Lab $Lab -Name moving
            $old = $moving.IPv4
            $new = "$($Lab.SubnetPrefix).211"
            Set-RagnaLabGuestAddress -Lab $Lab -Name moving -IPv4 $new
            $moving.IPv4 | Should -Be $new
            $addresses = (Get-VMNetworkAdapter -VMName moving).IPAddresses
            $addresses | Should -Contain $new
            $addresses | Should -Not -Contain $old
            (Get-NetNeighbor -IPAddress $new).LinkLayerAddress | Should -Be ($moving.MacAddress -replace '(..)(?!$)', '$1-')
            (Invoke-Guest moving 'hostname').Output | Should -Be 'moving'
        }

        It 'powers a guest off and on again with a new lease, keeping its host key' {
            $cycle = Get-RagnaLabGuest -Lab $Lab -Name cycle
            $keyBefore = (& ssh-keyscan -t ed25519 $cycle.IPv4 2>$null) -replace '^\S+ ', ''
            Stop-RagnaLabGuest -Lab $Lab -Name cycle
            (Get-VM -Name cycle).State | Should -Be 'Off'
            (Get-VMNetworkAdapter -VMName cycle).IPAddresses | Should -BeNullOrEmpty
            Test-TcpPort $cycle.IPv4 22 | Should -Not -Be 'Open'

            $new = "$($Lab.SubnetPrefix).212"
            Start-RagnaLabGuest -Lab $Lab -Name cycle -IPv4 $new
            (Get-VM -Name cycle).State | Should -Be 'Running'
            (Get-VMNetworkAdapter -VMName cycle).IPAddresses | Should -Contain $new
            (Invoke-Guest cycle 'hostname').Output | Should -Be 'cycle'
            $keyAfter = (& ssh-keyscan -t ed25519 $new 2>$null) -replace '^\S+ ', ''
            $keyAfter | Should -Not -BeNullOrEmpty
            $keyAfter | Should -Be $keyBefore
        }

        It 'gives the delayed guest its address after the delay, and the neighbour table learns it' {
            $late = Get-RagnaLabGuest -Lab $Lab -Name late
            Wait-Until { @(Get-NetNeighbor -IPAddress $late.IPv4 -ErrorAction SilentlyContinue).Count -gt 0 } | Should -BeTrue
            [datetime]::UtcNow | Should -BeGreaterOrEqual $late.AddressReadyAt.AddSeconds(-1)
            (Get-VMNetworkAdapter -VMName late).IPAddresses | Should -Contain $late.IPv4
            (Get-NetNeighbor -IPAddress $late.IPv4).LinkLayerAddress | Should -Be ($late.MacAddress -replace '(..)(?!$)', '$1-')
        }

        It 'uses only its own subnet and run-unique interface names of at most 15 characters' {
            $Lab.Subnet | Should -Match '^10\.231\.\d{1,3}\.0/24$'
            $Lab.Bridge.Length | Should -BeLessOrEqual 15
            foreach ($guest in $Lab.Guests) {
                $guest.HostInterface.Length | Should -BeLessOrEqual 15
                $guest.HostInterface | Should -Match $Lab.RunId
                $guest.IPv4 | Should -BeLike "$($Lab.SubnetPrefix).*"
            }
            # No route out of the lab: a guest only knows its own link.
            (& ip -n (Get-RagnaLabGuest -Lab $Lab -Name web).Namespace -4 route show) | Should -Not -Match 'default'
        }
    }

    Context 'Lab clean-up' {
        It 'removes what a crashed run left behind with Reset-RagnaLab -Force, and leaves the live lab alone' {
            $marker = Join-Path ([IO.Path]::GetTempPath()) "ragnalab-crash-$([guid]::NewGuid().ToString('n')).txt"
            $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$RepoRoot/tests/Lab/RagnaLab.psm1'; " +
                "`$lab = Start-RagnaLab -Guests @(@{ Name = 'crash' }); Set-Content '$marker' `$lab.RunId; " +
                "[System.Diagnostics.Process]::GetCurrentProcess().Kill()"
            Invoke-FreshPwsh -Command $script | Out-Null
            $crashed = (Get-Content $marker -Raw).Trim()
            Remove-Item $marker
            # The crash left its namespace, user and folders behind.
            (& ip netns list 2>$null) -join "`n" | Should -Match "rl-$crashed-crash"
            (Get-RagnaLabLeftover).RunId | Should -Contain $crashed
            (Get-RagnaLabLeftover).RunId | Should -Not -Contain $Lab.RunId

            $removed = @(Reset-RagnaLab -Force)
            $removed.RunId | Should -Contain $crashed
            (& ip netns list 2>$null) -join "`n" | Should -Not -Match "rl-$crashed-"
            (& ip -o link show 2>$null) -join "`n" | Should -Not -Match "rlb?$crashed"
            (& getent passwd "rl$crashed") | Should -BeNullOrEmpty
            "/etc/sudoers.d/ragnalab-$crashed" | Should -Not -Exist
            "/tmp/ragnalab-$crashed" | Should -Not -Exist
            (& pgrep -f "ragnalab-$crashed/") | Should -BeNullOrEmpty
            (Invoke-Guest web 'hostname').Output | Should -Be 'web' -Because 'a live lab is never a leftover'
        }

        It 'tears a lab down when its PowerShell process ends without Stop-RagnaLab' {
            $marker = Join-Path ([IO.Path]::GetTempPath()) "ragnalab-exit-$([guid]::NewGuid().ToString('n')).txt"
            Invoke-FreshPwsh -Command ("Import-Module '$RepoRoot/tests/Lab/RagnaLab.psm1'; " +
                "`$lab = Start-RagnaLab -Guests @(@{ Name = 'bye' }); Set-Content '$marker' `$lab.RunId; exit 0") | Out-Null
            $ended = (Get-Content $marker -Raw).Trim()
            Remove-Item $marker
            (& ip netns list 2>$null) -join "`n" | Should -Not -Match "rl-$ended-"
            (& getent passwd "rl$ended") | Should -BeNullOrEmpty
            "/tmp/ragnalab-$ended" | Should -Not -Exist
            (Get-RagnaLabLeftover).RunId | Should -Not -Contain $ended
        }

        It 'stops the lab completely and never touched the real /etc/hosts' {
            $id = $Lab.RunId
            Stop-RagnaLab -Lab $Lab
            (& ip netns list 2>$null) -join "`n" | Should -Not -Match "rl-$id-"
            (& ip -o link show 2>$null) -join "`n" | Should -Not -Match "rlb?$id"
            (& getent passwd "rl$id") | Should -BeNullOrEmpty
            "/etc/sudoers.d/ragnalab-$id" | Should -Not -Exist
            "/tmp/ragnalab-$id" | Should -Not -Exist
            Get-ChildItem /etc/netns -Filter "rl-$id-*" -ErrorAction Ignore | Should -BeNullOrEmpty
            (& pgrep -f "ragnalab-$id/") | Should -BeNullOrEmpty
            @(Hyper-V\Get-VM -Name 'demo-*') | Should -BeNullOrEmpty
            Get-RealHostsHash | Should -Be $HostsHashBefore
        }
    }
}
