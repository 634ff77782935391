# Dependency isolation: another module's YamlDotNet or SSH.NET, loaded first into the default load
# context, must neither break Ragnatramp nor be replaced by Ragnatramp's copies. Each check runs in a
# fresh PowerShell process, so nothing that this Pester session already loaded can mask a clash.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    $ForeignYamlVersion = Get-PinnedVersion ConflictingYamlDotNetVersion
    $ForeignYaml = Join-Path $env:RAGNATRAMP_TOOLS "yamldotnet/$ForeignYamlVersion/lib/netstandard2.0/YamlDotNet.dll"
    if (-not (Test-Path $ForeignYaml)) { throw "The second YamlDotNet is missing ($ForeignYaml): build.ps1 -Task Test restores it into out/tools." }

    $Project = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'project')
    Set-Content -LiteralPath (Join-Path $Project 'ragnatramp.yaml') -Value "project: {name: iso}`nmachines: [{name: web, aliases: [www]}]`n"

    function Invoke-IsolationProbe {
        <#
            In a fresh pwsh: loads the foreign YamlDotNet and a stand-in Renci.SshNet 1.0.0.0 first, then
            imports Ragnatramp and runs $Use; returns what was loaded where, as an object.
        #>
        param([Parameter(Mandatory)] [string] $Use)
        $env:RAGNA_ISO_FOREIGN_YAML = $ForeignYaml
        $env:RAGNA_ISO_STANDIN_DIR = (New-Item -ItemType Directory -Force (Join-Path $TestDrive ([guid]::NewGuid().ToString('n')))).FullName
        $env:RAGNA_ISO_PROJECT = $Project.FullName
        $script = @'
$ErrorActionPreference = 'Stop'
$standIn = Join-Path $env:RAGNA_ISO_STANDIN_DIR 'Renci.SshNet.dll'
# Compiled with Roslyn (which PowerShell ships) because Add-Type gives its output a random assembly name.
Add-Type -AssemblyName Microsoft.CodeAnalysis, Microsoft.CodeAnalysis.CSharp
$code = @"
[assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
namespace Renci.SshNet { public class SshClient { public string Origin() { return "stand-in"; } } }
"@
$references = [Microsoft.CodeAnalysis.MetadataReference[]]@(
    foreach ($name in 'System.Private.CoreLib', 'System.Runtime') {
        [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([Reflection.Assembly]::Load($name).Location)
    })
$compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('Renci.SshNet',
    [Microsoft.CodeAnalysis.SyntaxTree[]]@([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($code)), $references,
    [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
$stream = [IO.File]::Create($standIn)
try { $emitted = $compilation.Emit($stream) } finally { $stream.Dispose() }
if (-not $emitted.Success) { throw "stand-in Renci.SshNet did not compile: $($emitted.Diagnostics -join '; ')" }
Add-Type -Path $env:RAGNA_ISO_FOREIGN_YAML
Add-Type -Path $standIn

Import-Module $env:RAGNATRAMP_MODULE
$used = @(& ([scriptblock]::Create($env:RAGNA_ISO_USE)))

# The foreign copies must still be the ones PowerShell code gets, and still work.
$foreignYamlWorks = ([YamlDotNet.Serialization.Deserializer]::new().Deserialize[object]('a: 1'))['a'] -eq '1'
$standInWorks = [Renci.SshNet.SshClient]::new().Origin() -eq 'stand-in'

$loaded = foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
    $name = $assembly.GetName()
    if ($name.Name -notin 'YamlDotNet', 'Renci.SshNet', 'Ragnatramp.Isolated') { continue }
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly)
    [pscustomobject]@{
        Name      = $name.Name
        Version   = $name.Version.ToString()
        Location  = $assembly.Location
        IsDefault = $context -eq [System.Runtime.Loader.AssemblyLoadContext]::Default
        Context   = $context.Name
    }
}
$result = [pscustomobject]@{
    Used             = $used.Count
    ForeignYamlWorks = $foreignYamlWorks
    StandInWorks     = $standInWorks
    Loaded           = @($loaded)
}
'RESULT:' + ($result | ConvertTo-Json -Depth 4 -Compress)
'@
        $env:RAGNA_ISO_USE = $Use
        $output = Invoke-FreshPwsh -Command $script 2>&1
        $exit = $LASTEXITCODE
        $line = $output | Where-Object { "$_" -like 'RESULT:*' } | Select-Object -Last 1
        if ($exit -ne 0 -or -not $line) { throw "the probe process failed (exit $exit):`n$($output -join "`n")" }
        "$line".Substring('RESULT:'.Length) | ConvertFrom-Json
    }
}

AfterAll {
    Remove-Item Env:RAGNA_ISO_* -ErrorAction Ignore
}

Describe 'Dependency isolation on PowerShell 7' {
    It 'finds the foreign YamlDotNet that the build restored' {
        $ForeignYaml | Should -Exist
    }

    Context 'YAML: Get-RagnaConfig after another YamlDotNet and Renci.SshNet were loaded first' {
        BeforeAll {
            $Probe = Invoke-IsolationProbe -Use "Get-RagnaConfig -Path '$($Project.FullName)'"
            $Default = @($Probe.Loaded | Where-Object IsDefault)
            $Private = @($Probe.Loaded | Where-Object { -not $_.IsDefault })
        }

        It 'reads the config' {
            $Probe.Used | Should -Be 1
        }

        It 'leaves the foreign YamlDotNet and the stand-in Renci.SshNet as the default context''s copies, still working' {
            @($Default | Where-Object Name -eq 'YamlDotNet').Version | Should -Be @("$(([version]$ForeignYamlVersion).Major).0.0.0")
            @($Default | Where-Object Name -eq 'Renci.SshNet').Version | Should -Be @('1.0.0.0')
            $Probe.ForeignYamlWorks | Should -BeTrue
            $Probe.StandInWorks | Should -BeTrue
        }

        It 'uses its own, different YamlDotNet from its Dependencies folder in a private load context' {
            $own = @($Private | Where-Object Name -eq 'YamlDotNet')
            $own.Count | Should -Be 1
            $own[0].Version | Should -Not -Be "$(([version]$ForeignYamlVersion).Major).0.0.0"
            $own[0].Location | Should -BeLike "*$([IO.Path]::DirectorySeparatorChar)Dependencies$([IO.Path]::DirectorySeparatorChar)YamlDotNet.dll"
            @($Private | Where-Object Name -eq 'Ragnatramp.Isolated').Count | Should -Be 1
            $own[0].Context | Should -Be @($Private | Where-Object Name -eq 'Ragnatramp.Isolated')[0].Context
        }
    }

    Context 'SSH: Sync-RagnaHosts on lab guests after a stand-in Renci.SshNet was loaded first' -Tag Lab -Skip:(-not ($IsLinux -and ((& id -u) -eq '0'))) {
        BeforeAll {
            Import-Module (Join-Path $env:RAGNATRAMP_REPO_ROOT 'tests/Lab/RagnaLab.psm1') -Force
            $Lab = Start-RagnaLab -Guests @(@{ Name = 'alpha' }, @{ Name = 'beta' }) -NoFakeVM
            $Alpha = $Lab.Guests | Where-Object Name -eq alpha
            $Beta = $Lab.Guests | Where-Object Name -eq beta
            $KeyStore = Join-Path $TestDrive 'xdg-ssh'
            $addresses = ($Alpha, $Beta | ForEach-Object {
                    "[Ragnatramp.VmAddress]@{ VMName = '$($_.Name)'; VMId = '$($_.VMId)'; State = 'Running'; IPv4 = '$($_.IPv4)' }"
                }) -join '; '
            $Probe = Invoke-IsolationProbe -Use (
                "`$env:XDG_DATA_HOME = '$KeyStore'; Push-Location '$TestDrive'; " +
                "@($addresses) | Sync-RagnaHosts -User '$($Lab.User)' -KeyFile '$($Lab.KeyFile)' | Where-Object Status -eq Updated")
            $Default = @($Probe.Loaded | Where-Object IsDefault)
            $Private = @($Probe.Loaded | Where-Object { -not $_.IsDefault })
        }

        AfterAll {
            if ($Lab -and -not $Lab.Stopped) { Stop-RagnaLab -Lab $Lab }
        }

        It 'logs in to both guests and writes their blocks' {
            $Probe.Used | Should -Be 2 -Because 'both guests come out Updated'
            [IO.File]::ReadAllText($Alpha.HostsPath) | Should -Match ([regex]::Escape("$($Beta.IPv4) beta"))
            [IO.File]::ReadAllText($Beta.HostsPath) | Should -Match ([regex]::Escape("$($Alpha.IPv4) alpha"))
        }

        It 'pins the host keys it saw, with the fingerprints ssh-keygen prints' {
            $pins = (Get-Content -Raw (Join-Path $KeyStore 'ragnatramp/known_hosts.json') | ConvertFrom-Json).hosts
            $expected = ((& ssh-keygen -l -f (Join-Path $Alpha.Directory 'ssh_host_ed25519_key.pub')) -split ' ')[1]
            $pins."$($Alpha.VMId)".fingerprint | Should -Be $expected
        }

        It 'uses its own Renci.SshNet from Dependencies in the private context; the stand-in stays the default''s and works' {
            @($Default | Where-Object Name -eq 'Renci.SshNet').Version | Should -Be @('1.0.0.0')
            $Probe.StandInWorks | Should -BeTrue
            $own = @($Private | Where-Object Name -eq 'Renci.SshNet')
            $own.Count | Should -Be 1
            $own[0].Version | Should -Not -Be '1.0.0.0'
            $own[0].Location | Should -BeLike "*$([IO.Path]::DirectorySeparatorChar)Dependencies$([IO.Path]::DirectorySeparatorChar)Renci.SshNet.dll"
            $own[0].Context | Should -Be @($Private | Where-Object Name -eq 'Ragnatramp.Isolated')[0].Context
        }
    }
}
