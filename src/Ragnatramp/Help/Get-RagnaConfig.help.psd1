@{
    Synopsis    = 'Reads and validates a project''s ragnatramp.yaml and shows each machine as Ragnatramp resolves it.'
    Description = @'
Get-RagnaConfig reads a project's ragnatramp.yaml (the Node.js CLI's file) and the ragnatramp.reconcile.yaml beside it (Ragnatramp's own settings, optional), checks every rule of both and outputs one Ragnatramp.MachineConfig per machine: the project, the machine name, the Hyper-V VM name derived exactly as the Node.js CLI derives it ({project}-{machine}-{hash8}), the host names that go into peers' /etc/hosts (machine name, then aliases), the SSH user, expanded key path and port, the project's switch name, address timeout and publish settings, and the paths of both files.

Each setting is resolved field by field: ragnatramp.reconcile.yaml (the machine's entry, then defaults), then ragnatramp.yaml (the machine, then defaults), then the default. The Sources property (an ordered dictionary) says where each one came from: 'aliases', 'ssh.user', 'ssh.private_key', 'ssh.port', 'settings.switch_name', 'settings.address_timeout', 'publish.ssh_config' and 'publish.hosts_file', each "<file name>:<line>" (both files are in the project folder), "default" or "not set". Cmdlet parameters such as -User or -SwitchName of the other cmdlets go over all of these for their run.

A config that breaks a rule is a terminating error (ErrorId ConfigInvalid) whose message names the file, line and column and says what is allowed. Unknown keys are errors too, so a typo never passes silently. Ragnatramp 0.1's keys in ragnatramp.yaml (aliases, settings.switch_name, settings.address_timeout) still apply, with one warning naming each key and its line: move them to ragnatramp.reconcile.yaml, because the Node.js CLI refuses a ragnatramp.yaml that has them.
'@
    Parameters  = @{
        Path        = 'The config file, or the folder that holds ragnatramp.yaml. Default: ragnatramp.yaml in the current location.'
        MachineName = 'Only these machines (wildcards allowed; Tab completes the project''s machine names). A name without wildcards that matches no machine is a MachineNotFound error.'
    }
    Examples    = @(
        @{
            Title   = 'Show the machines of the project in the current folder'
            Code    = 'Get-RagnaConfig'
            Remarks = 'Lists each machine with its derived VM name and host names.'
        }
        @{
            Title   = 'Check a config before committing it'
            Code    = 'try { Get-RagnaConfig -Path C:\proj\ragnatramp.yaml | Out-Null; "valid" } catch { $_.Exception.Message }'
            Remarks = 'Prints "valid", or the problem with its file, line and column.'
        }
        @{
            Title   = 'Put the SSH login and an alias in ragnatramp.reconcile.yaml, and see where each setting comes from'
            Code    = @'
Set-Content C:\proj\ragnatramp.yaml @"
# ragnatramp.yaml
project:
  name: demo
defaults:
  base_image: C:/HyperV/Golden/ubuntu.vhdx
machines:
  - name: web
  - name: db
"@
Set-Content C:\proj\ragnatramp.reconcile.yaml @"
# ragnatramp.reconcile.yaml
defaults:
  ssh: { user: kadmin, private_key: ~/.ssh/id_ed25519 }
machines:
  web:
    aliases: [www]
"@
(Get-RagnaConfig -Path C:\proj -MachineName web).Sources
'@
            Remarks = 'ragnatramp.yaml keeps only what the Node.js CLI accepts. The last line lists each setting of web and where it came from: aliases = ragnatramp.reconcile.yaml:6, ssh.user = ragnatramp.reconcile.yaml:3 and ssh.port = default.'
        }
        @{
            Title   = 'Find the Hyper-V VM of a machine'
            Code    = 'Get-RagnaConfig -Path C:\proj | Where-Object MachineName -eq db | ForEach-Object { Get-VM -Name $_.VMName }'
            Remarks = 'Uses the derived VM name to reach the VM through the Hyper-V module.'
        }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A path: a string, or by property name (Path, FullName), e.g. from Get-ChildItem.' })
    Outputs     = @(@{ Type = 'Ragnatramp.MachineConfig'; Description = 'One object per machine.' })
    Notes       = 'Both files are described in about_Ragnatramp (THE PROJECT).'
}
