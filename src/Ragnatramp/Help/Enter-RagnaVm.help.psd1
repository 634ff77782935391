@{
    Synopsis    = 'Logs in to a machine with the system''s OpenSSH client, its pinned host key enforced.'
    Description = @'
Enter-RagnaVm runs the system's OpenSSH client (ssh, built into Windows 10 and later) in the current console, so you get a real terminal, with the settings Get-RagnaSshConfig shows: the address recorded in the state, the configured user, key and port, and the host key checked against Ragnatramp's pin store under the VM's id (StrictHostKeyChecking yes: a guest whose key changed is refused). With -Command it runs that one command instead of a shell and sets $LASTEXITCODE to its exit code (255 when ssh itself failed). Errors say what to do: MachineNotFound (no such machine in the project), NoRecordedAddress and NoPinnedHostKey (run Invoke-RagnaReconcile first: it records the address and pins the key on first contact), SshClientNotFound (install the OpenSSH client).
'@
    Parameters  = @{
        MachineName = 'The machine to log in to (Tab completes the project''s machine names).'
        Path        = 'The project''s config file or folder. Default: ragnatramp.yaml in the current location.'
        Command     = 'One command to run on the guest; $LASTEXITCODE is its exit code.'
    }
    Examples    = @(
        @{
            Title   = 'A shell on web'
            Code    = 'Enter-RagnaVm web'
            Remarks = 'Type exit to come back to PowerShell.'
        }
        @{
            Title   = 'One command, with its exit code'
            Code    = 'Enter-RagnaVm db -Path C:\proj -Command ''systemctl is-active postgresql''; $LASTEXITCODE'
            Remarks = '0 when the service is active.'
        }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'None'; Description = 'ssh writes to the console itself; $LASTEXITCODE is set.' })
    Notes       = 'Needs a recorded address and a pinned host key: run Invoke-RagnaReconcile after starting the VM.'
}
