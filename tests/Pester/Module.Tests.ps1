# The built module as a user meets it: manifest, import, type names, packaging.
BeforeAll {
    . "$PSScriptRoot/common.ps1"
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

Describe 'Versions are written once' {
    # Package versions need no test: central package management (Directory.Packages.props) makes
    # NuGet refuse a PackageReference with its own version and a package without a pin.
    It 'runs on the PowerShell that dotnet-tools.json and Directory.Packages.props both pin' {
        $pinned = Get-PinnedVersion Microsoft.PowerShell.SDK
        $tools = Get-Content -Raw (Join-Path $RepoRoot 'dotnet-tools.json') | ConvertFrom-Json
        $tools.tools.powershell.version | Should -Be $pinned -Because 'dotnet-tools.json cannot read MSBuild, so this pair is checked here'
        $PSVersionTable.PSVersion.ToString() | Should -Be $pinned
    }

    It "stamps the manifest's ModuleVersion into every assembly of the built module" {
        $version = [version] (Import-PowerShellDataFile (Join-Path $RepoRoot 'Ragnatramp.psd1')).ModuleVersion
        (Import-PowerShellDataFile $ModuleManifest).ModuleVersion | Should -Be $version.ToString()
        $dir = Split-Path $ModuleManifest
        foreach ($dll in @(Join-Path $dir 'Ragnatramp.dll') + @(Get-ChildItem (Join-Path $dir 'Dependencies') -Filter 'Ragnatramp.*.dll').FullName) {
            [Reflection.AssemblyName]::GetAssemblyName($dll).Version | Should -Be ([version]::new($version.Major, $version.Minor, $version.Build, 0)) -Because $dll
            [Diagnostics.FileVersionInfo]::GetVersionInfo($dll).ProductVersion | Should -BeLike "$version*" -Because $dll
        }
    }

    It 'pins the .NET SDK in global.json' {
        $sdk = (Get-Content -Raw (Join-Path $RepoRoot 'global.json') | ConvertFrom-Json).sdk
        $sdk.version | Should -Match '^\d+\.\d+\.\d{3}$'
        Push-Location $RepoRoot
        try { $used = & dotnet --version } finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because 'an SDK that global.json accepts is installed'
        ([version] $used).Major | Should -Be ([version] $sdk.version).Major
    }

    It "has a dated CHANGELOG section for the manifest's version, below Unreleased" {
        $version = (Import-PowerShellDataFile (Join-Path $RepoRoot 'Ragnatramp.psd1')).ModuleVersion
        $changelog = Get-Content -Raw (Join-Path $RepoRoot 'CHANGELOG.md')
        $headings = @([regex]::Matches($changelog, '(?m)^## \[(?<v>[^\]]+)\](?: - (?<d>\d{4}-\d{2}-\d{2}))?[ \t]*$') | ForEach-Object { $_.Groups['v'].Value })
        $headings[0] | Should -Be 'Unreleased'
        $headings | Should -Contain $version
        $changelog | Should -Match "(?m)^## \[$([regex]::Escape($version))\] - \d{4}-\d{2}-\d{2}\s*$"
        $changelog | Should -Match "(?m)^\[$([regex]::Escape($version))\]: https://"
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
