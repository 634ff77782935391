@{
    Synopsis    = 'Reads and validates a project''s ragnatramp.yaml and shows each machine as Ragnatramp resolves it.'
    Description = @'
Get-RagnaConfig reads ragnatramp.yaml (the file the Node.js CLI also reads), checks every rule of its schema and outputs one Ragnatramp.MachineConfig per machine: the project, the machine name, the Hyper-V VM name derived exactly as the Node.js CLI derives it ({project}-{machine}-{hash8}), the host names that go into peers' /etc/hosts (machine name, then aliases), and the SSH user and expanded key path.

A config that breaks a rule is a terminating error (ErrorId ConfigInvalid) whose message names the file, line and column and says what is allowed. Unknown keys are errors too, so a typo never passes silently.
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
            Title   = 'Find the Hyper-V VM of a machine'
            Code    = 'Get-RagnaConfig -Path C:\proj | Where-Object MachineName -eq db | ForEach-Object { Get-VM -Name $_.VMName }'
            Remarks = 'Uses the derived VM name to reach the VM through the Hyper-V module.'
        }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A path: a string, or by property name (Path, FullName), e.g. from Get-ChildItem.' })
    Outputs     = @(@{ Type = 'Ragnatramp.MachineConfig'; Description = 'One object per machine.' })
    Notes       = 'The config format is described in about_Ragnatramp.'
}
