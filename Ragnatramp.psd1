@{
    RootModule           = 'Ragnatramp.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '49f4de03-c7d0-4c97-a060-59ae41f5b58f'
    Author               = 'Ragnatramp contributors'
    CompanyName          = 'Ragnatramp'
    Copyright            = '(c) Ragnatramp contributors. MIT License.'
    Description          = 'Finds the current IPv4 of Hyper-V Linux VMs on the Default Switch (KVP, then the host neighbour table), records it in the project state and writes every peer into every guest''s /etc/hosts over SSH.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('Ragnatramp.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-RagnaConfig'
        'Get-RagnaVmAddress'
        'Sync-RagnaHosts'
        'Invoke-RagnaReconcile'
        'Get-RagnaStatus'
        'Get-RagnaSshConfig'
        'Enter-RagnaVm'
        'Sync-RagnaHostsFile'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Hyper-V', 'HyperV', 'DefaultSwitch', 'Linux', 'VM', 'SSH', 'hosts', 'DNS', 'DHCP', 'Windows', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/ragnatramp/ragnatramp'
            LicenseUri   = 'https://github.com/ragnatramp/ragnatramp/blob/main/LICENSE'
            ReleaseNotes = 'See https://github.com/ragnatramp/ragnatramp/blob/main/CHANGELOG.md'
        }
    }
}
