# The repository explains and tests itself: any one Pester file runs on its own against the built
# module (every file dot-sources tests/Pester/common.ps1 first, and a file run alone in a fresh
# PowerShell with no RAGNATRAMP_* variables, from another folder, passes), and the documentation
# points only at what the repository holds.
BeforeDiscovery {
    $TestFiles = @(Get-ChildItem $PSScriptRoot -Filter *.Tests.ps1 | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
    $Docs = @('README.md', 'CHANGELOG.md', 'docs/ARCHITECTURE.md', 'docs/CONTRACT.md', 'tests/Lab/README.md') | ForEach-Object { @{ Doc = $_ } }
}

BeforeAll {
    . "$PSScriptRoot/common.ps1"
}

Describe 'Every Pester file' {
    It '<Name> dot-sources common.ps1 first in its BeforeAll' -ForEach $TestFiles {
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        $beforeAll = @($ast.EndBlock.Statements | ForEach-Object { $_.PipelineElements[0] } |
            Where-Object { $_ -is [System.Management.Automation.Language.CommandAst] -and $_.GetCommandName() -eq 'BeforeAll' })
        $beforeAll.Count | Should -Be 1 -Because 'one file-level BeforeAll sets the file up'
        $first = $beforeAll[0].CommandElements[1].ScriptBlock.EndBlock.Statements[0].Extent.Text
        $first | Should -Match '^\. "\$PSScriptRoot/common\.ps1"( -StandIns| -Lab)?$'
    }
}

Describe 'One test file run alone' {
    It 'passes <Name> with plain Invoke-Pester in a fresh PowerShell that knows nothing of the build' -ForEach @(
        @{ Name = 'Get-RagnaConfig.Tests.ps1' }   # the module, from BeforeAll
        @{ Name = 'Help.Tests.ps1' }              # the manifest, already at discovery
    ) {
        $pester = Join-Path $RepoRoot "out/tools/pester/$(Get-PinnedVersion PesterVersion)/tools/Pester.psd1"
        $file = Join-Path $PSScriptRoot $Name
        $script = "`$ErrorActionPreference = 'Stop'; Set-Location '$TestDrive'; Import-Module '$pester'; " +
            "`$leak = @(Get-ChildItem Env:RAGNATRAMP_MODULE, Env:RAGNATRAMP_REPO_ROOT, Env:RAGNATRAMP_PACKAGE_REPO, Env:RAGNATRAMP_TOOLS -ErrorAction Ignore); if (`$leak) { throw ""leaked into the process: `$(`$leak.Name)"" }; " +
            "`$r = Invoke-Pester -Path '$file' -PassThru -Output None; 'RESULT:{0} {1}' -f `$r.PassedCount, (`$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount)"
        $clean = @{}
        foreach ($name in 'RAGNATRAMP_MODULE', 'RAGNATRAMP_REPO_ROOT', 'RAGNATRAMP_PACKAGE_REPO', 'RAGNATRAMP_TOOLS') { $clean[$name] = $null }
        $output = @(Invoke-FreshPwsh -Command $script -Environment $clean 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $result = $output | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1
        $passed, $failed = [int[]] ($result.Substring('RESULT:'.Length) -split ' ')
        $failed | Should -Be 0 -Because ($output -join "`n")
        $passed | Should -BeGreaterThan 0
    }
}

Describe 'The documentation' {
    BeforeAll {
        # Every text file of the repository (not build output): sources, tests, docs, build files.
        $skip = @('out', 'bin', 'obj', '.git', 'TestResults', 'node_modules')
        $TextFiles = @(Get-ChildItem $RepoRoot -Recurse -File -Force | Where-Object {
                $relative = [IO.Path]::GetRelativePath($RepoRoot, $_.FullName)
                -not ($relative.Split([IO.Path]::DirectorySeparatorChar) | Where-Object { $_ -in $skip }) -and
                $_.Extension -in '.md', '.cs', '.ps1', '.psm1', '.psd1', '.ps1xml', '.sh', '.txt', '.csproj', '.props', '.targets', '.json', '.yml', '.yaml', '.js', '.sln'
            })
    }

    It 'cites no design note kept outside the repository' {
        $TextFiles.Count | Should -BeGreaterThan 50
        # Assembled here so that this file does not match itself.
        $outside = @(('/work/' + 'shared'), ('../' + 'shared'), ('LAB' + '.md'), ('HYPERV-SHAPES' + '.md'), ('API' + '.md'), ('STYLE' + '.md'), ('research' + '.md'))
        $found = foreach ($file in $TextFiles) {
            $text = [IO.File]::ReadAllText($file.FullName)
            foreach ($needle in $outside) {
                if ($text.Contains($needle, [StringComparison]::OrdinalIgnoreCase)) { "$([IO.Path]::GetRelativePath($RepoRoot, $file.FullName)): $needle" }
            }
        }
        $found | Should -BeNullOrEmpty -Because 'the repository explains itself (docs/ARCHITECTURE.md, docs/CONTRACT.md)'
    }

    It '<Doc> links only to files that exist' -ForEach $Docs {
        $path = Join-Path $RepoRoot $Doc
        $path | Should -Exist
        $links = [regex]::Matches([IO.File]::ReadAllText($path), '\]\((?<target>[^)#\s]+)(#[^)]*)?\)') | ForEach-Object { $_.Groups['target'].Value } |
            Where-Object { $_ -notmatch '^[a-z]+:' }
        foreach ($target in $links) {
            Join-Path (Split-Path $path) $target | Should -Exist -Because "$Doc links to $target"
        }
    }

    It 'is reached from the README' {
        $readme = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
        $readme | Should -Match '\(docs/ARCHITECTURE\.md\)'
        $readme | Should -Match '\(docs/CONTRACT\.md\)'
    }
}
