@{
    Synopsis    = 'Shows each machine''s recorded network beside its live Hyper-V state.'
    Description = @'
Get-RagnaStatus reads the project's state file and asks Hyper-V once for the VMs' live state, and outputs one Ragnatramp.VmStatus per machine: the VM name, its state now, the recorded IPv4 (or the first IPv6 when there is no IPv4), the adapter, where the address came from (hyperv or arp) and when that address was first discovered. A machine whose VM was not running at the last reconcile has no recorded address. It writes nothing; run Invoke-RagnaReconcile to refresh the recorded addresses. When Hyper-V lists no VM at all while the state records some (a session without Hyper-V rights), it stops with HyperVReturnedNoVMs instead of showing every machine Missing.
'@
    Parameters  = @{
        Path        = 'The project''s config file or folder. Default: ragnatramp.yaml in the current location.'
        MachineName = 'Only these machines (wildcards allowed; Tab completes the project''s machine names). A name without wildcards that matches no machine is a MachineNotFound error.'
    }
    Examples    = @(
        @{
            Title   = 'Status of the project in the current folder'
            Code    = 'Get-RagnaStatus'
            Remarks = 'One row per machine.'
        }
        @{
            Title   = 'Machines whose recorded address may be stale'
            Code    = 'Get-RagnaStatus -Path C:\proj | Where-Object { $_.State -eq "Running" -and -not $_.IPv4 }'
            Remarks = 'Running VMs with no recorded address: run Invoke-RagnaReconcile.'
        }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'Ragnatramp.VmStatus'; Description = 'One object per machine.' })
    Notes       = 'Reads .ragnatramp/state.json beside the config.'
}
