# Help as a user reads it: Get-Help -Full / -Examples for every cmdlet, and about_Ragnatramp.
BeforeDiscovery {
    . "$PSScriptRoot/common.ps1" -Discovery
    $data = Import-PowerShellDataFile $ModuleManifest
    $Cmdlets = @($data.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'has a written synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + ' \[') -Because 'an auto-generated synopsis is only the syntax'
    }

    It 'has a description' {
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            ($entry.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has help data only for parameters the cmdlet has' {
        $dataFile = Join-Path $env:RAGNATRAMP_REPO_ROOT "src/Ragnatramp/Help/$Name.help.psd1"
        $dataFile | Should -Exist
        foreach ($described in (Import-PowerShellDataFile $dataFile).Parameters.Keys) {
            $command.Parameters.Keys | Should -Contain $described
        }
    }

    It 'has at least two examples with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { $example.code | Should -Not -BeNullOrEmpty }
    }

    It 'has examples that parse and use no variable they do not set' {
        foreach ($example in @($help.examples.example)) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "the example '$($example.title)' is typed as written"
            $set = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -in 'OutVariable', 'ov' }, $true) |
                    ForEach-Object { $_.Argument.Value; $_.Parent.CommandElements[$_.Parent.CommandElements.IndexOf($_) + 1].Value }) +
                @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true) | ForEach-Object { $_.Left.VariablePath.UserPath })
            $used = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.VariableExpressionAst] -and -not $n.Parent.Left }, $true) |
                ForEach-Object { $_.VariablePath.UserPath } | Where-Object { $_ -notin '_', 'PSItem', 'true', 'false', 'null', 'env:USERPROFILE', 'env:SystemRoot', 'PWD', 'LASTEXITCODE' }
            $remarks = ($example.remarks.Text -join ' ')
            $mentioned = [regex]::Matches($remarks, '\$(\w+)') | ForEach-Object { $_.Groups[1].Value } | Where-Object { $_ -notin 'true', 'false', 'null', 'LASTEXITCODE' }
            foreach ($name in @($used) + @($mentioned)) { $name | Should -BeIn $set -Because "the example '$($example.title)' uses `$$name" }
        }
    }
}

Describe 'about_Ragnatramp' {
    It 'is found by Get-Help and covers the flow, prerequisites and troubleshooting' {
        $text = Get-Help about_Ragnatramp | Out-String
        $text | Should -Match 'GUEST PREREQUISITES'
        $text | Should -Match 'TROUBLESHOOTING'
        $text | Should -Match 'NOPASSWD'
    }
}
