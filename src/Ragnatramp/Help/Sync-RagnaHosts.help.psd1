@{
    Synopsis    = 'Writes the managed block of peer addresses into every running guest''s /etc/hosts over SSH.'
    Description = @'
Sync-RagnaHosts logs into each running guest over SSH (key login, sudo without a password) and replaces the block between "# BEGIN RAGNATRAMP" and "# END RAGNATRAMP" in /etc/hosts with one line per other running VM that has a unique IPv4: the address, the machine name, then its aliases, sorted by machine name. Every other line of the file stays byte for byte as it was; when nothing would change, nothing is written (Status Unchanged). The block takes the file's line endings: CRLF when most of the other lines end in CRLF, LF otherwise. A file whose markers do not pair up (BEGIN without END, END first, nested) is not guessed at: the guest fails with the line number and the file is not written.

The whole set of addresses is read before any guest is touched, and each guest's block lists only the VMs in that set: piping part of a project removes the others' lines (a warning names the machines the state last saw with an address). Guests are handled in parallel (-ThrottleLimit), and a guest that fails is reported (Status Failed, plus a non-terminating error) while the others go on. Guests that are not running, have no IPv4, share an IPv4 with another VM or do not answer on port 22 are Skipped with the reason; a running guest that does not answer on port 22 is also a warning, since its /etc/hosts stays stale.

SSH host keys are trusted on first use and then pinned per VM; a changed key fails the guest until you pass -TrustHostKey. Inside a project the keys are pinned in its state file; outside one in known_hosts.json under %LOCALAPPDATA%\Ragnatramp (Windows) or $XDG_DATA_HOME/ragnatramp (default ~/.local/share/ragnatramp).

The new content travels on standard input to a POSIX sh step run with sudo -n: it writes a temporary file beside /etc/hosts, checks its size and checksum, and renames it over /etc/hosts (or copies it in place where /etc/hosts is a bind mount, as in containers and WSL), keeping owner and mode. If /etc/hosts changed since it was read, it is read again once.
'@
    Parameters  = @{
        Path          = 'The project''s config file or folder; addresses come from a fresh discovery of its machines. Default: the current location, when no -InputObject is given.'
        InputObject   = 'Ragnatramp.VmAddress objects, typically from Get-RagnaVmAddress through the pipeline.'
        User          = 'The SSH user for every guest, instead of ssh.user from ragnatramp.reconcile.yaml or ragnatramp.yaml.'
        KeyFile       = 'The private key file for every guest, instead of ssh.private_key from ragnatramp.reconcile.yaml or ragnatramp.yaml (~ is your profile; a relative path is relative to the current location). A file that does not exist stops the command (KeyFileNotFound) before anything is discovered, written or logged into.'
        Credential    = 'A user name and the passphrase of the private key. The user name overrides the config''s ssh.user.'
        ThrottleLimit = 'How many guests are handled at once. Default: 8.'
        TrustHostKey  = 'Accept and pin a host key that differs from the pinned one, e.g. after a VM was re-created.'
    }
    Examples    = @(
        @{
            Title   = 'Discover, then sync the project in the current folder'
            Code    = 'Get-RagnaVmAddress | Sync-RagnaHosts'
            Remarks = 'One result per VM: Updated, Unchanged, Skipped or Failed, with the reason.'
        }
        @{
            Title   = 'See what would be written, without logging in anywhere'
            Code    = 'Sync-RagnaHosts -Path C:\proj -WhatIf -Verbose'
            Remarks = 'Each guest is reported as WouldUpdate and its block is shown in the verbose stream.'
        }
        @{
            Title   = 'Use another login and trust re-created VMs'
            Code    = 'Sync-RagnaHosts -Path C:\proj -User ubuntu -KeyFile ~\.ssh\lab_ed25519 -TrustHostKey'
            Remarks = 'Overrides the config''s ssh settings for this run and re-pins changed host keys.'
        }
    )
    Inputs      = @(@{ Type = 'Ragnatramp.VmAddress'; Description = 'Discovered addresses, from Get-RagnaVmAddress.' })
    Outputs     = @(@{ Type = 'Ragnatramp.HostsSyncResult'; Description = 'One object per VM.' })
    Notes       = 'Guests need sshd, key login and passwordless sudo for the user (see about_Ragnatramp).'
}
