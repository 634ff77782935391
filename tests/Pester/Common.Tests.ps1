# tests/Pester/common.ps1 lets any one test file run on its own against the built module: every
# file dot-sources it first, and a file run alone in a fresh PowerShell (no RAGNATRAMP_* variables,
# another working folder, plain Invoke-Pester) finds everything it needs.
BeforeDiscovery {
    $TestFiles = @(Get-ChildItem $PSScriptRoot -Filter *.Tests.ps1 | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
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
