# Reaching lab guests by name from the host: Invoke-RagnaReconcile with publish.ssh_config and
# publish.hosts_file on, the real OpenSSH client against the published file (pinned key accepted,
# re-keyed guest refused) and Enter-RagnaVm. A temporary HOME and pin store; the reconcile that writes
# /etc/hosts runs in a private mount namespace where /etc/hosts is a temporary file bind-mounted over
# it, so this machine's own /etc/hosts is never written. Needs root; tagged Lab.
BeforeDiscovery { . "$PSScriptRoot/common.ps1" -Discovery }

BeforeAll {
    . "$PSScriptRoot/common.ps1" -Lab

    function Invoke-NamespacedReconcile([switch] $WhatIf) {
        <# Invoke-RagnaReconcile in a fresh PowerShell, in a mount namespace whose /etc/hosts is $HostsFile. #>
        Export-FakeHyperV -Path $Snapshot
        $script = "Import-Module '$RepoRoot/tests/Lab/FakeHyperV.psm1'; Import-FakeHyperV -Path '$Snapshot'; Import-Module '$ModuleManifest'; " +
            "`$r = Invoke-RagnaReconcile -Path '$Project' -WhatIf:`$$([bool]$WhatIf) -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; " +
            "[pscustomobject]@{ Success = `$r.Success; Published = @(`$r.Published); Errors = @(`$problems | ForEach-Object FullyQualifiedErrorId) } | ConvertTo-Json -Compress"
        $pwsh = @(Get-PwshCommandLine)
        $output = & unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' $HostsFile @pwsh -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        ($output | Select-Object -Last 1) | ConvertFrom-Json
    }

    function Invoke-Ssh([string] $Name, [string] $Command = 'true') {
        # -F: only the published project file (as the brief's "ssh -F file web.demo"); BatchMode: never a prompt.
        $out = & ssh -F $ConfFile -o BatchMode=yes -o ConnectTimeout=10 $Name $Command 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | ForEach-Object { "$_" }) -join "`n" }
    }
}

Describe 'Reaching lab guests by name from the host' -Tag Lab -Skip:(-not $IsRoot) {
    BeforeAll {
        $RealHostsBefore = Get-RealHostsHash
        $SavedHome = $env:HOME
        $env:HOME = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'home')).FullName
        $ConfFile = Join-Path $env:HOME '.ssh/ragnatramp/demo.conf'
        $UserConfig = Join-Path $env:HOME '.ssh/config'
        $Snapshot = Join-Path $TestDrive 'fakehyperv.json'
        $HostsFile = Join-Path $TestDrive 'namespace-hosts'
        [IO.File]::WriteAllText($HostsFile, "127.0.0.1 localhost`n# BEGIN RAGNATRAMP shop`n10.1.1.1 api.shop`n# END RAGNATRAMP shop`n")

        $P = New-PesterLabProject 'publish-lab' "project:`n  name: demo`nmachines:`n  - name: web`n  - name: db`n"
        $Project, $ConfigPath = $P.Root, $P.ConfigPath
        $vmNames, $notes = $P.VmNames, $P.Marker
        $Lab = Start-PesterLab -Guests @(
            @{ Name = 'web'; VMName = $vmNames.web; Kvp = $true; Notes = $notes }
            @{ Name = 'db'; VMName = $vmNames.db; Kvp = $false; Notes = $notes }
        )
        Set-Content -Path (Join-Path $Project 'ragnatramp.reconcile.yaml') -NoNewline -Value (
            "defaults:`n  ssh: { user: $($Lab.User), private_key: '$($Lab.KeyFile)' }`nmachines:`n  web:`n    aliases: [www]`n" +
            "settings:`n  address_timeout: 30`npublish:`n  ssh_config: true`n  hosts_file: true`n")
        $Web = Get-RagnaLabGuest -Lab $Lab -Name web
        $Db = Get-RagnaLabGuest -Lab $Lab -Name db
    }

    AfterAll {
        Stop-PesterLab $Lab
        if ($Project) { Remove-Item -Recurse -Force $Project -ErrorAction Ignore }
        $env:HOME = $SavedHome
    }

    It 'a dry run lists what it would publish and writes nothing' {
        $result = Invoke-NamespacedReconcile -WhatIf

        $result.Success | Should -BeTrue
        $result.Published | Should -Contain $ConfFile
        $result.Published | Should -Contain $UserConfig
        $result.Published | Should -Contain '/etc/hosts'
        $ConfFile | Should -Not -Exist
        $UserConfig | Should -Not -Exist
        [IO.File]::ReadAllText($HostsFile) | Should -Not -Match 'web\.demo'
    }

    It 'reconcile publishes the ssh config, the include and the hosts block, and lists them' {
        $result = Invoke-NamespacedReconcile

        $result.Success | Should -BeTrue
        $result.Errors | Should -BeNullOrEmpty
        @($result.Published | Sort-Object) | Should -Be @(@($ConfFile, $UserConfig, '/etc/hosts') | Sort-Object)
        [IO.File]::ReadAllText($HostsFile) | Should -BeExactly ("127.0.0.1 localhost`n# BEGIN RAGNATRAMP shop`n10.1.1.1 api.shop`n# END RAGNATRAMP shop`n" +
            "# BEGIN RAGNATRAMP demo`n# Managed by ragnatramp - do not edit this block`n$($Db.IPv4) db.demo`n$($Web.IPv4) web.demo www.demo`n# END RAGNATRAMP demo`n")
        (Get-Content $UserConfig) | Should -Contain 'Include ragnatramp/*.conf'
        ([Convert]::ToString([int](Get-Item $ConfFile).UnixFileMode, 8)) | Should -Be '600'
        ([Convert]::ToString([int](Get-Item $UserConfig).UnixFileMode, 8)) | Should -Be '600'
        Get-RealHostsHash | Should -Be $RealHostsBefore
    }

    It 'a second reconcile publishes nothing' {
        (Invoke-NamespacedReconcile).Published | Should -BeNullOrEmpty
    }

    It 'ssh web.demo from the host by name logs in with the pinned key' {
        $web = Invoke-Ssh 'web.demo' 'hostname'
        $web.ExitCode | Should -Be 0 -Because $web.Output
        $web.Output | Should -Be 'web'
        (Invoke-Ssh 'www.demo' 'hostname').Output | Should -Be 'web'
        (Invoke-Ssh 'db.demo' 'hostname').Output | Should -Be 'db'
    }

    It 'Enter-RagnaVm runs ssh in the console and sets $LASTEXITCODE' {
        Enter-RagnaVm web -Path $Project -Command 'test "$(hostname)" = web'
        $LASTEXITCODE | Should -Be 0
        Enter-RagnaVm -MachineName db -Path $Project -Command 'exit 3'
        $LASTEXITCODE | Should -Be 3
    }

    It 'a stopped machine leaves the published files at the next reconcile' {
        Stop-RagnaLabGuest -Lab $Lab -Name db

        $result = Invoke-NamespacedReconcile

        @($result.Published | Sort-Object) | Should -Be @(@($ConfFile, '/etc/hosts') | Sort-Object)
        Get-Content -Raw $ConfFile | Should -Not -Match 'db\.demo'
        [IO.File]::ReadAllText($HostsFile) | Should -Not -Match 'db\.demo'
        [IO.File]::ReadAllText($HostsFile) | Should -Match "$([regex]::Escape($Web.IPv4)) web\.demo www\.demo"
    }

    It 'a publishing failure is a warning and an error after the result; the guests are synced all the same' {
        Start-RagnaLabGuest -Lab $Lab -Name db | Out-Null
        & chattr +i $HostsFile
        try {
            Export-FakeHyperV -Path $Snapshot
            $script = "Import-Module '$RepoRoot/tests/Lab/FakeHyperV.psm1'; Import-FakeHyperV -Path '$Snapshot'; Import-Module '$ModuleManifest'; " +
                "try { Invoke-RagnaReconcile -Path '$Project' -ErrorAction Stop -WarningAction SilentlyContinue | ForEach-Object { `$global:r = `$_ } } " +
                "catch { `$global:e = `$_ }; " +
                "[pscustomobject]@{ Result = [bool]`$global:r; Error = `$global:e.FullyQualifiedErrorId; Published = @(`$global:r.Published); " +
                "Synced = @(`$global:r.HostsSync | ForEach-Object { `"`$(`$_.MachineName)=`$(`$_.Status)`" }); Warned = @(`$global:r.Warnings) -join ' ' } | ConvertTo-Json -Compress"
            $pwsh = @(Get-PwshCommandLine)
            $output = & unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' $HostsFile @pwsh -NoProfile -NonInteractive -Command $script
        } finally {
            & chattr -i $HostsFile
        }
        $run = ($output | Select-Object -Last 1) | ConvertFrom-Json

        $run.Result | Should -BeTrue -Because 'the result is written before the error that -ErrorAction Stop turns into a stop'
        $run.Error | Should -BeLike 'HostsFileAccessDenied,*'
        $run.Warned | Should -Match 'hosts file'
        $run.Synced | Should -Contain 'web=Updated'
        ($run.Synced | Where-Object { $_ -like 'db=*' }) | Should -BeIn @('db=Updated', 'db=Unchanged')
        $run.Published | Should -Be @($ConfFile) -Because 'the ssh config was published; the hosts file was not'
    }

    It 'a re-keyed guest is refused by ssh and by Enter-RagnaVm' {
        Set-RagnaLabGuestHostKey -Lab $Lab -Name web | Out-Null

        $refused = Invoke-Ssh 'web.demo'
        $refused.ExitCode | Should -Be 255
        $refused.Output | Should -Match 'REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed'
        Enter-RagnaVm web -Path $Project -Command 'true' 2>$null
        $LASTEXITCODE | Should -Be 255
        Get-RealHostsHash | Should -Be $RealHostsBefore
    }
}
