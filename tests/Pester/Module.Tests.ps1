# The built module as a user meets it: manifest, import, type names, packaging.
BeforeAll {
    $ModuleManifest = $env:RAGNATRAMP_MODULE
    $RepoRoot = $env:RAGNATRAMP_REPO_ROOT
    Import-Module (Join-Path $RepoRoot 'tests/Common/BuildSupport.psm1') -Force
}

Describe 'The built module manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop
        $info.Name | Should -Be 'Ragnatramp'
    }

    It 'declares both editions, PowerShell 5.1 and Gallery metadata' {
        $data = Import-PowerShellDataFile $ModuleManifest
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
        $data.PrivateData.PSData.Tags | Should -Contain 'Hyper-V'
        $data.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $data.FormatsToProcess | Should -Be @('Ragnatramp.Format.ps1xml')
    }

    It 'exports exactly the cmdlets it lists, and every listed cmdlet exists' {
        $data = Import-PowerShellDataFile $ModuleManifest
        $module = Import-Module $ModuleManifest -Force -PassThru
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
    }

    It 'keeps only its own assembly beside the manifest; third-party libraries live in Dependencies' {
        $dir = Split-Path $ModuleManifest
        @(Get-ChildItem $dir -Filter *.dll).Name | Should -Be @('Ragnatramp.dll')
        Join-Path $dir 'Dependencies/Renci.SshNet.dll' | Should -Exist
        Join-Path $dir 'Dependencies/YamlDotNet.dll' | Should -Exist
        Join-Path $dir 'Dependencies/Ragnatramp.Isolated.dll' | Should -Exist
    }
}

Describe 'Imported fresh' {
    BeforeAll { Import-Module $ModuleManifest -Force }

    It 'makes its output types nameable from PowerShell' {
        foreach ($name in 'MachineConfig', 'VmAddress', 'HostsSyncResult', 'ReconcileResult', 'StateChange', 'VmStatus') {
            "Ragnatramp.$name" -as [type] | Should -Not -BeNullOrEmpty -Because "[Ragnatramp.$name] is public output"
        }
    }

    It 'loads its third-party adapters into a private load context on PowerShell 7' {
        $isolated = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Ragnatramp.Isolated' }
        $isolated | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($isolated[0]) |
            Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

Describe 'Versions are pinned in one place' {
    It 'names the same PowerShell version in dotnet-tools.json as in Directory.Build.props' {
        [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
        $pinned = @($props.Project.PropertyGroup.PowerShellToolVersion | Where-Object { $_ })[0]
        $tools = Get-Content -Raw (Join-Path $RepoRoot 'dotnet-tools.json') | ConvertFrom-Json
        $tools.tools.powershell.version | Should -Be $pinned
        $PSVersionTable.PSVersion.ToString() | Should -Be $pinned
    }

    It 'pins every PackageReference version through a property of Directory.Build.props' {
        $projects = Get-ChildItem (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests') -Recurse -Filter *.csproj
        foreach ($project in $projects) {
            [xml] $xml = Get-Content -Raw $project.FullName
            foreach ($ref in $xml.SelectNodes('//PackageReference|//PackageDownload')) {
                $ref.Version | Should -Match '^\[?\$\(\w+\)\]?$' -Because "$($project.Name) pins $($ref.Include) in Directory.Build.props"
            }
        }
    }
}

Describe 'The package' {
    It 'installs with Install-PSResource from a local repository and imports by name in a fresh session' {
        $repo = $env:RAGNATRAMP_PACKAGE_REPO
        @(Get-ChildItem $repo -Filter 'Ragnatramp.*.nupkg').Count | Should -Be 1
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name RagnatrampLocal -Uri '$repo' -Trusted
Install-PSResource -Name Ragnatramp -Repository RagnatrampLocal -TrustRepository -Scope CurrentUser
Import-Module Ragnatramp
`$m = Get-Module Ragnatramp
if (`$m.ModuleBase -notlike "`$HOME*") { throw "imported from `$(`$m.ModuleBase), not the installed copy" }
"`$(`$m.Version) `$(`$m.ExportedCmdlets.Count)"
"@
        $output = Invoke-WithPrivateHome -Command $script
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $data = Import-PowerShellDataFile $ModuleManifest
        $output | Select-Object -Last 1 | Should -Be "$($data.ModuleVersion) $($data.CmdletsToExport.Count)"
        Join-Path $RepoRoot 'NuGet' | Should -Not -Exist -Because 'packaging and installing leave nothing in the repository'
    }
}
