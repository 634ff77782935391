# Get-RagnaConfig as a user meets it: the built module, PowerShell paths and locations, errors, pipeline.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function New-Project {
        <# Writes a ragnatramp.yaml (or another file name) in a new folder under TestDrive and returns the folder. #>
        param([string] $Name, [string] $Yaml, [string] $FileName = 'ragnatramp.yaml')
        $folder = New-Item -ItemType Directory -Force (Join-Path $TestDrive $Name)
        Set-Content -LiteralPath (Join-Path $folder.FullName $FileName) -Value $Yaml -NoNewline
        $folder.FullName
    }

    # The Node.js CLI's hash (ASCII paths here, so .NET's lower-casing agrees with JavaScript's).
    function Get-ExpectedVmName([string] $Project, [string] $Machine, [string] $ConfigPath) {
        $text = $ConfigPath.Replace('\', '/').ToLowerInvariant()
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $hash = -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($text)) | Select-Object -First 4 | ForEach-Object { $_.ToString('x2') })
        "$Project-$Machine-$hash"
    }

    $DemoYaml = @'
project:
  name: demo
defaults:
  ssh:
    user: kadmin
    private_key: ~/.ssh/id_ed25519
machines:
  - name: web
    aliases: [www, web.local]
  - name: db
    ssh: { user: postgres-admin, private_key: ./keys/db }
settings:
  switch_name: Default Switch
  address_timeout: 60
'@
    $Demo = New-Project -Name 'demo' -Yaml $DemoYaml
    $DemoConfig = Join-Path $Demo 'ragnatramp.yaml'
}

Describe 'Get-RagnaConfig output' {
    BeforeAll { $machines = @(Get-RagnaConfig -Path $DemoConfig) }

    It 'outputs one Ragnatramp.MachineConfig per machine, in file order' {
        $machines.Count | Should -Be 2
        $machines | ForEach-Object { $_ | Should -BeOfType ([Ragnatramp.MachineConfig]) }
        $machines.MachineName | Should -Be @('web', 'db')
    }

    It 'fills every property' {
        $web = $machines[0]
        $web.Project | Should -Be 'demo'
        $web.VMName | Should -Be (Get-ExpectedVmName 'demo' 'web' $DemoConfig)
        $web.HostNames | Should -Be @('web', 'www', 'web.local')
        $web.SshUser | Should -Be 'kadmin'
        $web.SshKeyFile | Should -Be ([IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.ssh', 'id_ed25519'))
        $web.ConfigPath | Should -Be $DemoConfig
    }

    It "takes the machine's own ssh block over the defaults, with a key path relative to the config's folder" {
        $db = $machines[1]
        $db.HostNames | Should -Be @('db')
        $db.SshUser | Should -Be 'postgres-admin'
        $db.SshKeyFile | Should -Be ([IO.Path]::Combine($Demo, 'keys', 'db'))
    }

    It 'declares its output type' {
        (Get-Command Get-RagnaConfig).OutputType.Type | Should -Be ([Ragnatramp.MachineConfig])
    }

    It 'shows a table with the host names by default' {
        $table = Get-RagnaConfig -Path $DemoConfig | Out-String
        $table | Should -Match 'HostNames'
        $table | Should -Match 'web www web\.local'
    }

    It 'says with -Verbose which file it read' {
        $verbose = Get-RagnaConfig -Path $Demo -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -BeLike "*Reading config file '$DemoConfig'*"
    }
}

Describe 'Get-RagnaConfig -Path' {
    It 'takes the config file itself, whatever its name' {
        $folder = New-Project -Name 'other-name' -Yaml "project: {name: other}`nmachines: [{name: app}]`n" -FileName 'lab.yaml'
        $result = Get-RagnaConfig -Path (Join-Path $folder 'lab.yaml')
        $result.ConfigPath | Should -Be (Join-Path $folder 'lab.yaml')
        $result.MachineName | Should -Be 'app'
    }

    It 'takes the folder that holds ragnatramp.yaml' {
        (Get-RagnaConfig -Path $Demo)[0].ConfigPath | Should -Be $DemoConfig
    }

    It 'defaults to ragnatramp.yaml in the current location' {
        Push-Location $Demo
        try { $result = Get-RagnaConfig } finally { Pop-Location }
        $result[0].ConfigPath | Should -Be $DemoConfig
    }

    It "resolves a relative path against PowerShell's location, not the process's working directory" {
        Push-Location $TestDrive
        try {
            [Environment]::CurrentDirectory | Should -Not -Be (Get-Location).ProviderPath
            $result = Get-RagnaConfig -Path 'demo'
        } finally { Pop-Location }
        $result[0].ConfigPath | Should -Be $DemoConfig
    }

    It 'accepts PowerShell drive paths' {
        (Get-RagnaConfig -Path 'TestDrive:/demo/ragnatramp.yaml')[0].ConfigPath | Should -Be $DemoConfig
    }

    It 'gives the same VM names for the same config reached by different paths' {
        $viaFolder = (Get-RagnaConfig -Path $Demo).VMName
        $viaDots = (Get-RagnaConfig -Path (Join-Path $Demo '../demo/./ragnatramp.yaml')).VMName
        $viaDots | Should -Be $viaFolder
    }
}

Describe 'Get-RagnaConfig from the pipeline' {
    It 'takes files from Get-Item by their FullName' {
        $result = Get-Item $DemoConfig | Get-RagnaConfig
        $result.MachineName | Should -Be @('web', 'db')
    }

    It 'takes objects with a Path property' {
        $result = [pscustomobject]@{ Path = $Demo } | Get-RagnaConfig
        $result.MachineName | Should -Be @('web', 'db')
    }

    It 'reads every project piped in' {
        $second = New-Project -Name 'tree/second' -Yaml "project: {name: second}`nmachines: [{name: cache}]`n"
        $result = Get-Item $DemoConfig, (Join-Path $second 'ragnatramp.yaml') | Get-RagnaConfig
        $result.Project | Should -Be @('demo', 'demo', 'second')
    }

    It 'takes plain strings' {
        ($Demo | Get-RagnaConfig).Count | Should -Be 2
    }
}

Describe 'Get-RagnaConfig errors' {
    BeforeAll {
        $Bad = New-Project -Name 'bad' -Yaml "project:`n  name: demo`nmachines:`n  - name: web`n  - name: web_1`n"
        $BadConfig = Join-Path $Bad 'ragnatramp.yaml'
    }

    It 'stops with ConfigInvalid for a bad config, naming file, line and column' {
        $err = $null
        try { Get-RagnaConfig -Path $Bad } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'ConfigInvalid,Ragnatramp.Cmdlets.GetRagnaConfigCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.TargetObject | Should -Be $BadConfig
        $err.Exception.Message | Should -Be "$($BadConfig):5:11: machine name 'web_1' is invalid: use a letter first, then letters, digits or '-', at most 16 characters"
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*line 5, column 11*'
    }

    It 'is terminating: -ErrorAction SilentlyContinue does not turn it into output' {
        $after = $false
        $output = $null
        $err = $null
        try {
            $output = Get-RagnaConfig -Path $Bad -ErrorAction SilentlyContinue
            $after = $true
        } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConfigInvalid,*'
        $after | Should -BeFalse
        $output | Should -BeNullOrEmpty
    }

    It 'stops with ConfigNotFound when the file does not exist' {
        $missing = Join-Path $TestDrive 'nowhere/ragnatramp.yaml'
        $err = $null
        try { Get-RagnaConfig -Path $missing } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ConfigNotFound,Ragnatramp.Cmdlets.GetRagnaConfigCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $missing
        $err.Exception.Message | Should -BeLike "*'$missing' does not exist*"
    }

    It 'stops with ConfigNotFound when the current location has no ragnatramp.yaml' {
        $empty = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'empty')
        Push-Location $empty
        try { { Get-RagnaConfig } | Should -Throw -ErrorId 'ConfigNotFound,*' } finally { Pop-Location }
    }

    It 'stops with ConfigNotFound for a path of another provider' {
        $err = $null
        try { Get-RagnaConfig -Path 'Env:/PATH' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ConfigNotFound,Ragnatramp.Cmdlets.GetRagnaConfigCommand'
        $err.Exception.Message | Should -Be "'Env:/PATH' is a path of the Environment provider: pass the config file or its folder on the file system."
    }

    It 'stops with ConfigInvalid for a YAML syntax error, with its position' {
        $broken = New-Project -Name 'broken' -Yaml "project:`n  name: demo: x`nmachines: [{name: web}]`n"
        $err = $null
        try { Get-RagnaConfig -Path $broken } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ConfigInvalid,Ragnatramp.Cmdlets.GetRagnaConfigCommand'
        $err.Exception.Message | Should -BeLike "$(Join-Path $broken 'ragnatramp.yaml'):2:13: invalid YAML: *"
    }
}
