@{
    Synopsis    = 'Writes the managed block of peer addresses into every running guest''s /etc/hosts over SSH.'
    Description = @'
Sync-RagnaHosts logs into each running guest over SSH (key login, sudo without a password) and replaces the block between "# BEGIN RAGNATRAMP" and "# END RAGNATRAMP" in /etc/hosts with one line per other running VM that has a unique IPv4: the address, the machine name, then its aliases, sorted by machine name. Every other line of the file stays byte for byte as it was; when nothing would change, nothing is written (Status Unchanged). The block takes the file's line endings: CRLF when most of the other lines end in CRLF, LF otherwise. A file whose markers do not pair up (BEGIN without END, END first, nested) is not guessed at: the guest fails with the line number and the file is not written.

The whole set of addresses is read before any guest is touched, and each guest's block lists only the VMs in that set: piping part of a project removes the others' lines (a warning names the machines the state last saw with an address). Guests are handled in parallel (-ThrottleLimit), and a guest that fails is reported (Status Failed, plus a non-terminating error) while the others go on. Guests that are not running, have no IPv4, share an IPv4 with another VM or do not answer on port 22 are Skipped with the reason; a running guest that does not answer on port 22 is also a warning, since its /etc/hosts stays stale.

SSH host keys are pinned per VM id in one per-user pin store that every command and path uses, with or without a project: an OpenSSH known_hosts file, %LOCALAPPDATA%\Ragnatramp\known_hosts on Windows, $XDG_DATA_HOME/ragnatramp/known_hosts (default ~/.local/share/ragnatramp/known_hosts) elsewhere, or $env:RAGNATRAMP_KNOWN_HOSTS. A VM without a pin has its key pinned on first use, with a warning naming its SHA256 fingerprint (HostKey Pinned). A pinned VM is accepted only on a pinned key (Verified); a guest that shows another key fails with HostKeyMismatch and both fingerprints, before anything is sent (Refused). A pin store line that cannot be read fails every guest (HostKeyStoreCorrupt), naming the file and line. Each result's HostKey and HostKeyFingerprint say what the check made of the key the guest presented. See about_Ragnatramp for how to check a fingerprint on the guest's console.

Piped addresses are matched to the project's machines (names, aliases, SSH login) by VM id or VM name, never by machine name alone: another project's "web" keeps its own name and gets none of this project's settings.

Each guest gets one SSH login and one command, with one sudo -n: a POSIX sh step reads /etc/hosts and sends it, and the new content travels back on standard input to the same step, which writes a temporary file beside /etc/hosts, checks its size and checksum, and renames it over /etc/hosts (or copies it in place where /etc/hosts is a bind mount, as in containers and WSL), keeping owner and mode. If /etc/hosts changed since it was read, it is read again once.
'@
    Parameters  = @{
        Path          = 'The project''s config file or folder; addresses come from a fresh discovery of its machines. Default: the current location, when no -InputObject is given.'
        InputObject   = 'Ragnatramp.VmAddress objects, typically from Get-RagnaVmAddress through the pipeline.'
        User          = 'The SSH user for every guest, instead of ssh.user from ragnatramp.reconcile.yaml or ragnatramp.yaml.'
        KeyFile       = 'The private key file for every guest, instead of ssh.private_key from ragnatramp.reconcile.yaml or ragnatramp.yaml (~ is your profile; a relative path is relative to the current location). A file that does not exist stops the command (KeyFileNotFound) before anything is discovered, written or logged into.'
        Credential    = 'A user name and the passphrase of the private key. The user name overrides the config''s ssh.user.'
        ThrottleLimit = 'How many guests are handled at once. Default: 64, in effect every guest at once: the work is waiting on the network and on the guests, not on this computer''s CPUs.'
        TrustHostKey  = 'Accept a host key that differs from the one pinned for the same VM id, and pin it instead (HostKey Replaced, with a warning naming both fingerprints). Use it only after checking on the VM''s console (Hyper-V Manager, Connect) that the key it shows is the VM''s own: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints the fingerprint to compare. A re-created VM has a new id and is pinned as new without it.'
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
            Remarks = 'Each guest is reported as WouldUpdate and its block is shown in the verbose stream; a guest whose login settings would fail it (no user, no key, a key file that is not there) is Skipped with the reason. No connection is opened.'
        }
        @{
            Title   = 'Use another login for this run'
            Code    = 'Sync-RagnaHosts -Path C:\proj -User ubuntu -KeyFile ~\.ssh\lab_ed25519'
            Remarks = 'Overrides the config''s ssh settings for this run.'
        }
        @{
            Title   = 'Accept a host key you checked on the VM''s console'
            Code    = 'Sync-RagnaHosts -Path C:\proj -TrustHostKey'
            Remarks = 'After a HostKeyMismatch, and only once ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the VM''s console showed the fingerprint in the error: re-pins the key (HostKey Replaced). Keys that match their pin stay as they are.'
        }
    )
    Inputs      = @(@{ Type = 'Ragnatramp.VmAddress'; Description = 'Discovered addresses, from Get-RagnaVmAddress.' })
    Outputs     = @(@{ Type = 'Ragnatramp.HostsSyncResult'; Description = 'One object per VM.' })
    Notes       = 'Guests need sshd, key login and passwordless sudo for the user (see about_Ragnatramp).'
}
