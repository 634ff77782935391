@{
    Synopsis    = 'Discovers every machine''s address, records it in the project state and syncs every guest''s /etc/hosts, as one step.'
    Description = @'
Invoke-RagnaReconcile is the command to run after a host reboot, a VM restart, or on a schedule. It discovers the address of every machine of the project (as Get-RagnaVmAddress), records the network of each VM in .ragnatramp/state.json (the file the Node.js CLI shares; fields it does not know are kept), and writes the managed block into every running guest's /etc/hosts (as Sync-RagnaHosts).

Discovery is fail-fast: if any running VM has no IPv4 when the timeout runs out, nothing is written anywhere, Success is false and a ReconcileDiscoveryFailed error names the VMs. Hosts sync is per guest: a guest that fails does not stop the others and is listed in the result's Warnings; it is also a non-terminating HostsSyncFailed error (the guest's HostsSyncResult as target), written after the ReconcileResult, so a scheduled run with -ErrorAction Stop prints its result and then exits with 1. A running guest that does not answer on its SSH port is Skipped with a warning. Two VMs with the same IPv4 keep it in the state but are left out of every block and not synced, with a warning.

Each VM's record: a running VM gets its ipv4, ipv6, mac, adapterName, source and discoveredAt (when that network was first seen; a run that sees the same network changes nothing and leaves the file untouched). A VM that is not running gets all of these null; previousIpv4 keeps its last address (previousIpv4 changes whenever ipv4 changes away from an address, stopping included). A recorded VM that Hyper-V no longer has gets its network cleared, with a warning; but if Hyper-V has none of the recorded VMs at all, nothing is written, Success is false and a ReconcileAllVmsGone error names them (that is far more often a session without Hyper-V rights than deleted VMs; an empty Get-VM while the state records VMs stops with HyperVReturnedNoVMs).

SSH host keys are checked against the per-user pin store, as by Sync-RagnaHosts (see its help and about_Ragnatramp): a key pinned on first use is a warning with its fingerprint, a changed key fails that guest (HostKeyMismatch) until -TrustHostKey. Pins that Ragnatramp 0.1 kept in this state's hostKeys are moved into the pin store at the first run, and hostKeys is removed from the state.

-WhatIf is the dry run: it discovers, computes Changes and the block, checks KVP status and each guest's SSH port, and writes nothing and logs into nothing.
'@
    Parameters  = @{
        Path          = 'The project''s config file or folder. Default: ragnatramp.yaml in the current location.'
        SwitchName    = 'The virtual switch whose addresses are discovered. Default: settings.switch_name (ragnatramp.reconcile.yaml), else "Default Switch".'
        TimeoutSec    = 'How long to wait for a running VM''s address, in seconds (0: one pass). Default: settings.address_timeout (ragnatramp.reconcile.yaml), else 60.'
        ThrottleLimit = 'How many guests are synced at once. Default: 64, in effect every guest at once: the work is waiting on the network and on the guests, not on this computer''s CPUs.'
        User          = 'The SSH user for every guest, instead of ssh.user from ragnatramp.reconcile.yaml or ragnatramp.yaml.'
        KeyFile       = 'The private key file for every guest, instead of ssh.private_key from ragnatramp.reconcile.yaml or ragnatramp.yaml (~ is your profile; a relative path is relative to the current location). A file that does not exist stops the command (KeyFileNotFound) before anything is discovered, written or logged into.'
        Credential    = 'A user name and the passphrase of the private key.'
        TrustHostKey  = 'Accept a host key that differs from the one pinned for the same VM id, and pin it instead (HostKey Replaced, with a warning naming both fingerprints). Use it only after checking on the VM''s console (Hyper-V Manager, Connect) that the key it shows is the VM''s own: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints the fingerprint to compare. A re-created VM has a new id and is pinned as new without it.'
    }
    Examples    = @(
        @{
            Title   = 'Reconcile the project in the current folder'
            Code    = "Invoke-RagnaReconcile -OutVariable r`n`$r.HostsSync"
            Remarks = 'The first line shows Success and how many changes and warnings there were; the second, one hosts-sync result per guest (Updated, Unchanged, Skipped or Failed, with the reason).'
        }
        @{
            Title   = 'Dry run: what would change?'
            Code    = 'Invoke-RagnaReconcile -Path C:\proj -WhatIf | Select-Object -ExpandProperty Changes'
            Remarks = 'Lists every field that would change, old and new, and writes nothing.'
        }
        @{
            Title   = 'From Task Scheduler'
            Code    = 'pwsh -NoProfile -Command "Invoke-RagnaReconcile -Path C:\proj -ErrorAction Stop"'
            Remarks = 'Exits 0 when every guest was synced, and 1 when discovery failed or any guest''s sync failed (HostsSyncFailed, written after the result), so the task''s history shows failures and its output shows the result first.'
        }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'Ragnatramp.ReconcileResult'; Description = 'One object for the run.' })
    Notes       = 'See about_Ragnatramp for guest prerequisites and troubleshooting.'
}
