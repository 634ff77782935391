@{
    Synopsis    = 'Discovers the current IPv4 (and IPv6) addresses of Hyper-V VMs from the host, waiting while DHCP settles.'
    Description = @'
Get-RagnaVmAddress finds each VM's adapter on the virtual switch (Default Switch unless told otherwise) and its current address. It takes the first usable IPv4 the guest reports through Hyper-V's Key-Value Pair Exchange (Source 'hyperv'); when the guest runs no KVP daemon, it looks the adapter's MAC up in the host's neighbour table with Get-NetNeighbor (Source 'arp'). Link-local (169.254.x.x), 0.0.0.0, loopback, multicast and broadcast addresses are never reported.

A running VM without an address is polled, quickly at first and then backing off, until it has one or -TimeoutSec passes; Write-Progress names the VMs still waiting and Ctrl+C stops at once. A VM that is not running is reported at once with empty addresses. A VM that has no address at the timeout is still output (IPv4 empty) together with a non-terminating AddressNotFound error.

Every poll round makes one call of each Hyper-V command for all VMs together, however many there are. Nothing is written anywhere.
'@
    Parameters  = @{
        Path       = 'The project''s config file or folder: every machine of that project is discovered. Default: the current location, when -Name is not used.'
        Name       = 'VM names to discover (wildcards allowed). Accepts pipeline input by property name (Name, VMName), so Get-VM | Get-RagnaVmAddress works.'
        MachineName = 'Hidden; bound from the pipeline only. The machine name a piped Get-RagnaConfig or Get-RagnaVmAddress object carries, so that Get-RagnaConfig | Get-RagnaVmAddress keeps MachineName.'
        SwitchName = 'The virtual switch whose adapter is read. Default: settings.switch_name of the project (ragnatramp.reconcile.yaml), else "Default Switch".'
        TimeoutSec = 'How long to wait for a running VM''s address, in seconds. 0 makes one pass without waiting. Default: settings.address_timeout of the config, else 60.'
    }
    Examples    = @(
        @{
            Title   = 'Addresses of every machine of the project in the current folder'
            Code    = 'Get-RagnaVmAddress'
            Remarks = 'MachineName, VMName, State, IPv4 and Source per machine.'
        }
        @{
            Title   = 'Addresses of VMs by name, from Get-VM'
            Code    = 'Get-VM -Name "demo-*" | Get-RagnaVmAddress -TimeoutSec 0'
            Remarks = 'One pass, no waiting; works for any VM, in a project or not.'
        }
        @{
            Title   = 'Why is a VM using the neighbour table?'
            Code    = 'Get-RagnaVmAddress -Name demo-db-1a2b3c4d | Format-List VMName, IPv4, Source, KvpStatus, Warnings'
            Remarks = 'KvpStatus "No Contact" means the guest runs no hv_kvp_daemon; Warnings say how to install it.'
        }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'VM names by property name (Name, VMName), e.g. Hyper-V VirtualMachine objects from Get-VM, or Ragnatramp.MachineConfig objects from Get-RagnaConfig (their MachineName is kept).' })
    Outputs     = @(@{ Type = 'Ragnatramp.VmAddress'; Description = 'One object per VM.' })
    Notes       = 'Needs the Hyper-V module (and NetTCPIP for the neighbour table) in an elevated session or as a member of Hyper-V Administrators.'
}
