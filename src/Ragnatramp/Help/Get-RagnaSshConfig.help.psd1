@{
    Synopsis    = 'Shows how OpenSSH reaches each machine by name, with its pinned host key (like vagrant ssh-config).'
    Description = @'
Get-RagnaSshConfig reads the project's config and state and outputs one Ragnatramp.SshHostConfig per machine whose IPv4 the state records: the names to use (<machine>.<project>, each alias as <alias>.<project>, and the VM name), the recorded IPv4 as HostName, the SSH user, key file and port, and the host key settings that make OpenSSH check the same pins Ragnatramp keeps: HostKeyAlias ragnatramp-<vm id>, UserKnownHostsFile = the per-user pin store, StrictHostKeyChecking yes. A guest whose key changed is refused by ssh as it is by Ragnatramp. A machine without a recorded IPv4 (not running, or not reconciled since it started) gets a warning instead. With -AsText it outputs the same as one string in ssh_config syntax (paths with spaces quoted), for a file that ssh -F, VS Code Remote-SSH or any OpenSSH client reads. It writes nothing; publish.ssh_config: true in ragnatramp.reconcile.yaml makes every reconcile keep ~/.ssh/ragnatramp/<project>.conf current instead.
'@
    Parameters  = @{
        Path        = 'The project''s config file or folder. Default: ragnatramp.yaml in the current location.'
        MachineName = 'Only these machines (wildcards allowed; Tab completes the project''s machine names). A name without wildcards that matches no machine is a MachineNotFound error.'
        AsText      = 'Output one string in ssh_config syntax instead of objects.'
    }
    Examples    = @(
        @{
            Title   = 'The settings of every machine'
            Code    = 'Get-RagnaSshConfig -Path C:\proj'
            Remarks = 'One row per machine with a recorded address: its names, address, user and port.'
        }
        @{
            Title   = 'A file for ssh -F and VS Code Remote-SSH'
            Code    = '[IO.File]::WriteAllText("$PWD\demo.conf", (Get-RagnaSshConfig -AsText)); ssh -F demo.conf web.demo'
            Remarks = 'WriteAllText writes UTF-8 without a BOM, as OpenSSH needs (Windows PowerShell''s > and Set-Content -Encoding utf8 do not). In VS Code set "remote.SSH.configFile" to that file, or use publish.ssh_config so that your ~/.ssh/config includes it.'
        }
        @{
            Title   = 'One machine''s host names'
            Code    = '(Get-RagnaSshConfig -MachineName web).Host'
            Remarks = 'web.demo, its aliases and its VM name.'
        }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(
        @{ Type = 'Ragnatramp.SshHostConfig'; Description = 'One object per machine with a recorded IPv4.' }
        @{ Type = 'System.String'; Description = 'With -AsText: the ssh_config text.' }
    )
    Notes       = 'The addresses are those of the last reconcile (the state); run Invoke-RagnaReconcile after starting VMs. The pin store is %LOCALAPPDATA%\Ragnatramp\known_hosts on Windows, $XDG_DATA_HOME/ragnatramp/known_hosts elsewhere ($env:RAGNATRAMP_KNOWN_HOSTS overrides).'
}
