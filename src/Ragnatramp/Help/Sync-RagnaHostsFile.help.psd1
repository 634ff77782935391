@{
    Synopsis    = 'Keeps this project''s block of <machine>.<project> names in the host''s own hosts file.'
    Description = @'
Sync-RagnaHostsFile writes one block per project into the host's hosts file (%SystemRoot%\System32\drivers\etc\hosts on Windows, /etc/hosts elsewhere, or -HostsPath), between '# BEGIN RAGNATRAMP <project>' and '# END RAGNATRAMP <project>': every VM the state records with an IPv4, named <machine>.<project> and <alias>.<project>, so a browser or any program on the host reaches web.demo by name. Two VMs recorded with the same address are left out, with a warning. Every other byte of the file is kept: other projects' blocks, your lines, CRLF line endings, its encoding, a missing final newline, a read-only attribute. The file is written only when the block changes, atomically (or, where it cannot be replaced, such as a bind-mounted file, in place and read back, with the old bytes put back on failure). Write access is checked before anything else: without it the command stops with HostsFileAccessDenied, saying to run elevated. A file held open by another program (antivirus, the DNS client) is retried for up to 5 seconds. After a change the DNS client cache is flushed with DnsClient\Clear-DnsClientCache where that command exists. publish.hosts_file: true in ragnatramp.reconcile.yaml makes every reconcile do the same.
'@
    Parameters  = @{
        Path      = 'The project''s config file or folder. Default: ragnatramp.yaml in the current location.'
        HostsPath = 'The hosts file to write. Default: the platform''s own hosts file.'
        WhatIf    = 'Shows whether the file would change (Status WouldUpdate) and writes nothing.'
        Confirm   = 'Asks before writing the file.'
    }
    Examples    = @(
        @{
            Title   = 'Names for the host, from an elevated PowerShell'
            Code    = 'Sync-RagnaHostsFile -Path C:\proj; Test-Connection web.demo -Count 1'
            Remarks = 'Writes the block of project demo and resolves web.demo.'
        }
        @{
            Title   = 'See the block without writing it'
            Code    = '(Sync-RagnaHostsFile -WhatIf).Lines'
            Remarks = 'The address lines the block would hold.'
        }
        @{
            Title   = 'Undo: remove the project''s block'
            Code    = '$h = "$env:SystemRoot\System32\drivers\etc\hosts"; $t = Get-Content $h -Raw; [IO.File]::WriteAllText($h, ($t -replace ''(?s)# BEGIN RAGNATRAMP demo\r?\n.*?# END RAGNATRAMP demo\r?\n'', ''''))'
            Remarks = 'Or delete the lines from BEGIN to END in an editor; set publish.hosts_file to false first so that reconcile does not add them back.'
        }
    )
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'Ragnatramp.HostsFileResult'; Description = 'Path, Project, Status (Updated, Unchanged, WouldUpdate) and Lines.' })
    Notes       = 'The addresses are those of the last reconcile (the state). Writing the system hosts file needs an elevated session (root elsewhere).'
}
