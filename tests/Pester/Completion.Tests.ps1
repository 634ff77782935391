# Tab completion as a user meets it: TabExpansion2 on a command line.
BeforeAll {
    . "$PSScriptRoot/common.ps1" -StandIns

    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    $Project = Join-Path $TestDrive 'proj'
    New-Item -ItemType Directory $Project | Out-Null
    Set-Content (Join-Path $Project 'ragnatramp.yaml') @'
project:
  name: demo
machines:
  - name: web
  - name: worker
  - name: db
'@
}

Describe 'Machine-name completion' {
    It 'completes -MachineName from the config named by -Path' {
        $matches = Complete "Get-RagnaConfig -Path '$Project' -MachineName w"
        $matches.CompletionText | Should -Be @('web', 'worker')
        $matches[0].ToolTip | Should -Match 'demo-web-[0-9a-f]{8}'
    }

    It 'completes from the config in the current location when -Path is not given' {
        Push-Location $Project
        try { (Complete 'Get-RagnaConfig -MachineName d').CompletionText | Should -Be @('db') }
        finally { Pop-Location }
    }

    It 'offers nothing, and does not throw, when there is no config' {
        Push-Location $TestDrive
        try { Complete 'Get-RagnaConfig -MachineName w' | Where-Object ResultType -eq ParameterValue | Should -BeNullOrEmpty }
        finally { Pop-Location }
    }
}

Describe 'Get-RagnaConfig -MachineName' {
    It 'filters machines by name and wildcard' {
        (Get-RagnaConfig -Path $Project -MachineName 'w*').MachineName | Should -Be @('web', 'worker')
        (Get-RagnaConfig -Path $Project -MachineName DB).MachineName | Should -Be @('db')
    }

    It 'reports a name that matches no machine as MachineNotFound and still outputs the others' {
        $out = Get-RagnaConfig -Path $Project -MachineName web, nope -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.MachineName | Should -Be @('web')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MachineNotFound,*'
        $errs[0].TargetObject | Should -Be 'nope'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'web, worker, db'
    }
}

Describe 'VM-name completion' {
    BeforeAll {
        Reset-FakeHyperV
        Add-FakeVM -Name 'demo-web-1a2b3c4d' -State Running | Out-Null
        Add-FakeVM -Name 'demo-db-1a2b3c4d' -State Off | Out-Null
        Add-FakeVM -Name 'other vm' -State Running | Out-Null
    }

    It 'completes -Name of Get-RagnaVmAddress from Hyper-V\Get-VM, with the state in the tooltip' {
        $matches = Complete 'Get-RagnaVmAddress -Name demo-'
        $matches.CompletionText | Should -Be @('demo-db-1a2b3c4d', 'demo-web-1a2b3c4d')
        ($matches | Where-Object CompletionText -eq 'demo-db-1a2b3c4d').ToolTip | Should -Match 'Off'
    }

    It 'quotes names with spaces' {
        (Complete 'Get-RagnaVmAddress -Name oth').CompletionText | Should -Be @("'other vm'")
    }

    It 'offers nothing, and does not throw, when Hyper-V cannot be asked' {
        Set-FakeHyperVFault -Command Get-VM -Kind AccessDenied -Terminating
        try { Complete 'Get-RagnaVmAddress -Name demo-' | Where-Object ResultType -eq ParameterValue | Should -BeNullOrEmpty }
        finally { Clear-FakeHyperVFault }
    }
}
