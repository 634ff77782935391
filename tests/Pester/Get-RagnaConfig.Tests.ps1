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
  base_image: C:/HyperV/Golden/ubuntu.vhdx
machines:
  - name: web
  - name: db
'@
    $DemoReconcileYaml = @'
defaults:
  ssh:
    user: kadmin
    private_key: ~/.ssh/id_ed25519
machines:
  web:
    aliases: [www, web.local]
  db:
    ssh: { user: postgres-admin, private_key: ./keys/db, port: 2222 }
settings:
  switch_name: Default Switch
  address_timeout: 60
publish:
  ssh_config: true
'@
    $Demo = New-Project -Name 'demo' -Yaml $DemoYaml
    $DemoConfig = Join-Path $Demo 'ragnatramp.yaml'
    $DemoReconcile = Join-Path $Demo 'ragnatramp.reconcile.yaml'
    Set-Content -LiteralPath $DemoReconcile -Value $DemoReconcileYaml -NoNewline
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
        $web.SshPort | Should -Be 22
        $web.SwitchName | Should -Be 'Default Switch'
        $web.AddressTimeoutSec | Should -Be 60
        $web.PublishSshConfig | Should -BeTrue
        $web.PublishHostsFile | Should -BeFalse
        $web.ConfigPath | Should -Be $DemoConfig
        $web.ReconcileConfigPath | Should -Be $DemoReconcile
    }

    It 'says in Sources where each setting came from: file and line, default or not set' {
        $web = $machines[0]
        $web.Sources | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        @($web.Sources.Keys) | Should -Be @('aliases', 'ssh.user', 'ssh.private_key', 'ssh.port', 'settings.switch_name',
            'settings.address_timeout', 'publish.ssh_config', 'publish.hosts_file')
        $web.Sources['aliases'] | Should -Be 'ragnatramp.reconcile.yaml:7'
        $web.Sources['ssh.user'] | Should -Be 'ragnatramp.reconcile.yaml:3'
        $web.Sources['ssh.port'] | Should -Be 'default'
        $web.Sources['settings.address_timeout'] | Should -Be 'ragnatramp.reconcile.yaml:12'
        $web.Sources['publish.ssh_config'] | Should -Be 'ragnatramp.reconcile.yaml:14'
        $web.Sources['publish.hosts_file'] | Should -Be 'default'
        $machines[1].Sources['ssh.port'] | Should -Be 'ragnatramp.reconcile.yaml:9'
    }

    It 'shows the sources in its list view' {
        $list = Get-RagnaConfig -Path $DemoConfig -MachineName db | Format-List | Out-String
        $list | Should -Match 'ReconcileConfigPath'
        $list | Should -Match 'ssh\.port = ragnatramp\.reconcile\.yaml:9'
        $list | Should -Match 'SshPort\s+: 2222'
    }

    It 'reads a project without ragnatramp.reconcile.yaml, with ssh blocks in ragnatramp.yaml (spec 003), without a warning' {
        $folder = New-Project -Name 'no-reconcile' -Yaml "project: {name: solo}`ndefaults:`n  ssh: {user: ops, private_key: ./id}`nmachines: [{name: app}]`n"
        $app = Get-RagnaConfig -Path $folder -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $app.ReconcileConfigPath | Should -BeNullOrEmpty
        $app.SshUser | Should -Be 'ops'
        $app.Sources['ssh.user'] | Should -Be 'ragnatramp.yaml:3'
        $app.Sources['ssh.private_key'] | Should -Be 'ragnatramp.yaml:3'
        $app.Sources['aliases'] | Should -Be 'default'
    }

    It "takes the machine's own ssh block over the defaults, with a key path relative to the config's folder" {
        $db = $machines[1]
        $db.HostNames | Should -Be @('db')
        $db.SshUser | Should -Be 'postgres-admin'
        $db.SshKeyFile | Should -Be ([IO.Path]::Combine($Demo, 'keys', 'db'))
        $db.SshPort | Should -Be 2222
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
        ($verbose.Message -join "`n") | Should -BeLike "*Ragnatramp's settings from '$DemoReconcile'*"
    }
}

Describe 'Get-RagnaConfig -Path' {
    It 'takes the config file itself, whatever its name' {
        $folder = New-Project -Name 'other-name' -Yaml "project: {name: other}`nmachines: [{name: app}]`n" -FileName 'lab.yaml'
        Set-Content -LiteralPath (Join-Path $folder 'lab.reconcile.yaml') -Value "machines:`n  app: {aliases: [api]}`n"
        $result = Get-RagnaConfig -Path (Join-Path $folder 'lab.yaml')
        $result.ConfigPath | Should -Be (Join-Path $folder 'lab.yaml')
        $result.MachineName | Should -Be 'app'
        $result.ReconcileConfigPath | Should -Be (Join-Path $folder 'lab.reconcile.yaml') -Because "a config's settings file is named after it"
        $result.HostNames | Should -Be @('app', 'api')
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

    It 'stops with ConfigInvalid for a bad ragnatramp.reconcile.yaml, naming that file, line and column' {
        $folder = New-Project -Name 'bad-reconcile' -Yaml "project: {name: demo}`nmachines: [{name: web}]`n"
        $reconcile = Join-Path $folder 'ragnatramp.reconcile.yaml'
        Set-Content -LiteralPath $reconcile -Value "machines:`n  cache:`n    aliases: [redis]`n"
        $err = $null
        try { Get-RagnaConfig -Path $folder } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'ConfigInvalid,Ragnatramp.Cmdlets.GetRagnaConfigCommand'
        $err.TargetObject | Should -Be $reconcile
        $err.Exception.Message | Should -Be "$($reconcile):2:3: machine 'cache' is not a machine of $(Join-Path $folder 'ragnatramp.yaml'): its machines are web; add the machine there first, or remove it here"
    }

    It 'warns once per command of Ragnatramp 0.1 keys in ragnatramp.yaml, naming each key, its line and ragnatramp.reconcile.yaml' {
        $folder = New-Project -Name 'legacy' -Yaml "project: {name: demo}`nmachines:`n  - name: web`n    aliases: [www]`n  - name: db`nsettings:`n  address_timeout: 5`n"
        $out = Get-RagnaConfig -Path $folder -WarningVariable warnings -WarningAction SilentlyContinue
        $out[0].HostNames | Should -Be @('web', 'www')
        $out[0].AddressTimeoutSec | Should -Be 5
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*aliases of machine 'web' (line 4), settings.address_timeout (line 7)*"
        "$($warnings[0])" | Should -BeLike "*move them to $(Join-Path $folder 'ragnatramp.reconcile.yaml')*"
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
