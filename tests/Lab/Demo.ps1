#Requires -Version 7.4
<#
.SYNOPSIS
    Ragnatramp on a simulated Hyper-V host: three Linux guests, one reconcile, every /etc/hosts.
.DESCRIPTION
    Runs as root on Linux (build.ps1 -Task Demo starts it with $env:RAGNATRAMP_MODULE set).
    Starts a three-guest lab (tests/Lab/RagnaLab.psm1): 'web' reports its address through Hyper-V
    KVP, 'db' runs no KVP daemon (its address comes from the host's neighbour table), 'cache' is
    powered off. The project folder has a ragnatramp.yaml (with ragnatramp.reconcile.yaml beside it) and the .ragnatramp/state.json that the
    Node.js CLI wrote when it created the VMs. Then it runs what a user runs and shows what they
    see, prints each guest's /etc/hosts, and tears everything down (also on failure or Ctrl+C).
    The project folder as the run left it is copied to <OutDir>/demo.
#>
param(
    [Parameter(Mandatory)] [string] $OutDir
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }
function Write-Command([string] $Text) { Write-Host "PS> $Text" -ForegroundColor Yellow }

if (-not $IsLinux -or (& id -u) -ne '0') {
    Write-Host 'The demo builds network namespaces, users and an SSH server per guest: it needs root on Linux (try: sudo dotnet pwsh ./build.ps1 -Task Demo).' -ForegroundColor Red
    exit 1
}

$missing = @('openssh-server', 'openssh-client', 'sudo', 'iproute2', 'iputils-ping', 'procps' | Where-Object {
        & dpkg -s $_ *> $null
        $LASTEXITCODE -ne 0
    })
if ($missing) {
    Write-Step "Installing what the lab needs: $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq
    & apt-get install -y -qq --no-install-recommends @missing
    if ($LASTEXITCODE -ne 0) { Write-Host "apt-get install $($missing -join ' ') failed." -ForegroundColor Red; exit 1 }
}

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
# Host keys are pinned in a pin store of this run's own, never the user's (~/.local/share/ragnatramp).
if (-not $env:RAGNATRAMP_KNOWN_HOSTS) { $env:RAGNATRAMP_KNOWN_HOSTS = Join-Path ([IO.Path]::GetTempPath()) "ragnatramp-demo-$PID/known_hosts" }
$modulePath = if ($env:RAGNATRAMP_MODULE) { $env:RAGNATRAMP_MODULE } else { Join-Path $repoRoot 'out/Ragnatramp/Ragnatramp.psd1' }
Import-Module $modulePath
Import-Module (Join-Path $PSScriptRoot 'FakeHyperV.psm1') -Global
Import-Module (Join-Path $PSScriptRoot 'RagnaLab.psm1')

function Get-Hash8([string] $ConfigPath) {
    # Same as the Node.js CLI (docs/CONTRACT.md, "VM names"): SHA-256 of the lower-cased, '/'-separated absolute path.
    # The demo's path is ASCII, where JavaScript's toLowerCase and ToLowerInvariant agree.
    $bytes = [Text.Encoding]::UTF8.GetBytes(($ConfigPath -replace '\\', '/').ToLowerInvariant())
    (-join ([Security.Cryptography.SHA256]::HashData($bytes) | ForEach-Object { $_.ToString('x2') })).Substring(0, 8)
}

function Write-ProjectConfig([string] $Path, $Lab) {
    # ragnatramp.yaml as the Node.js CLI accepts it; Ragnatramp's own settings in ragnatramp.reconcile.yaml beside it.
    Set-Content -Path $Path -NoNewline -Value @"
project:
  name: demo
defaults:
  cpu: 2
  memory: 2048
  base_image: C:/HyperV/Golden/ubuntu.vhdx
machines:
  - name: web
  - name: db
  - name: cache

"@
    $ssh = if ($Lab) { "defaults:`n  ssh:`n    user: $($Lab.User)`n    private_key: $($Lab.KeyFile)`n" } else { '' }
    Set-Content -Path (Join-Path (Split-Path $Path) 'ragnatramp.reconcile.yaml') -NoNewline -Value @"
$($ssh)machines:
  web:
    aliases: [www]
  cache:
    aliases: [redis]
settings:
  switch_name: Default Switch
  address_timeout: 15

"@
}

function ConvertTo-JsTimestamp([datetime] $Time) { $Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'") }

$project = Join-Path ([IO.Path]::GetTempPath()) ("ragnatramp-demo-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
$lab = $null
$jobFailed = $false
$realHostsHash = (Get-FileHash -Algorithm SHA256 /etc/hosts).Hash
try {
    New-Item -ItemType Directory -Force (Join-Path $project '.ragnatramp') | Out-Null
    $configPath = Join-Path $project 'ragnatramp.yaml'
    Write-ProjectConfig -Path $configPath -Lab $null

    # The VM names the config derives: from Get-RagnaConfig when the module has it.
    $machines = 'web', 'db', 'cache'
    $vmNames = @{}
    if (Get-Command Get-RagnaConfig -ErrorAction Ignore) {
        foreach ($machine in Get-RagnaConfig -Path $project) { $vmNames[$machine.MachineName] = $machine.VMName }
    } else {
        foreach ($machine in $machines) { $vmNames[$machine] = "demo-$machine-$(Get-Hash8 $configPath)" }
    }
    $notes = "ragnatramp:v0.1.0`nconfig:$configPath`nmanaged:true"

    Write-Step 'Starting three guests on a simulated Hyper-V host (network namespaces with real sshd)'
    Reset-FakeHyperV
    $lab = Start-RagnaLab -Guests @(
        @{ Name = 'web'; VMName = $vmNames.web; Kvp = $true; Notes = $notes }
        @{ Name = 'db'; VMName = $vmNames.db; Kvp = $false; Notes = $notes }
        @{ Name = 'cache'; VMName = $vmNames.cache; Running = $false; Notes = $notes }
    )
    Write-ProjectConfig -Path $configPath -Lab $lab

    # The state the Node.js CLI wrote when it created the VMs (no network yet).
    $created = ConvertTo-JsTimestamp ([datetime]::UtcNow.AddMinutes(-30))
    $vms = [ordered]@{}
    foreach ($guest in $lab.Guests) {
        $vms[$guest.Name] = [ordered]@{
            id = $guest.VMId.ToString(); name = $guest.VMName; machineName = $guest.Name
            diskPath = "C:\HyperV\demo\$($guest.VMName).vhdx"; createdAt = $created; checkpoints = @()
        }
    }
    [ordered]@{
        version = 1; configHash = Get-Hash8 $configPath; configPath = $configPath; project = 'demo'
        createdAt = $created; updatedAt = $created; vms = $vms
    } | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $project '.ragnatramp/state.json')

    # Where the user works: in the project folder, as after `cd`.
    Push-Location $project
    Write-Host "Project folder: $project"
    Write-Host "Guests: web (KVP reports its address), db (no KVP daemon: address from the neighbour table), cache (powered off)"
    Write-Command 'Get-VM'
    Get-VM | Format-Table Name, State, Status -AutoSize | Out-Host

    $ErrorActionPreference = 'Continue'   # a cmdlet's per-VM errors are part of what the user sees
    if (Get-Command Invoke-RagnaReconcile -ErrorAction Ignore) {
        Write-Step 'What would change (dry run)'
        Write-Command "Invoke-RagnaReconcile -Path . -WhatIf"
        $preview = Invoke-RagnaReconcile -Path . -WhatIf
        $preview | Out-Host

        Write-Step 'Reconcile: discover addresses, record them, write every guest''s /etc/hosts'
        Write-Command "Invoke-RagnaReconcile -Path ."
        $result = Invoke-RagnaReconcile -Path .
        $result | Out-Host
        Write-Host 'Addresses:'; $result.Addresses | Out-Host
        Write-Host 'Changes:'; $result.Changes | Out-Host
        Write-Host 'Hosts sync:'; $result.HostsSync | Out-Host
        if (-not $result.Success) { $jobFailed = $true }

        Write-Step 'db got a new DHCP lease (its address changed); reconcile again'
        Set-RagnaLabGuestAddress -Lab $lab -Name db -IPv4 "$($lab.SubnetPrefix).99"
        Write-Command "Invoke-RagnaReconcile -Path ."
        $again = Invoke-RagnaReconcile -Path .
        $again.Changes | Out-Host
        $again.HostsSync | Out-Host
        if (-not $again.Success) { $jobFailed = $true }
        if (Get-Command Get-RagnaStatus -ErrorAction Ignore) {
            Write-Command "Get-RagnaStatus -Path ."
            Get-RagnaStatus -Path . | Out-Host
        }
    } elseif ((Get-Command Get-RagnaVmAddress -ErrorAction Ignore) -and (Get-Command Sync-RagnaHosts -ErrorAction Ignore)) {
        Write-Step 'Discover addresses, then write every guest''s /etc/hosts'
        Write-Command "Get-RagnaVmAddress -Path ."
        $addresses = Get-RagnaVmAddress -Path .
        $addresses | Out-Host
        Write-Command '$addresses | Sync-RagnaHosts'
        $sync = $addresses | Sync-RagnaHosts
        $sync | Out-Host
        if ($sync | Where-Object Status -eq 'Failed') { $jobFailed = $true }
    } elseif (Get-Command Get-RagnaVmAddress -ErrorAction Ignore) {
        Write-Step 'Discover addresses (hosts sync is not built yet)'
        Write-Command "Get-RagnaVmAddress -Path ."
        Get-RagnaVmAddress -Path . | Out-Host
    } elseif (Get-Command Get-RagnaConfig -ErrorAction Ignore) {
        Write-Step 'The project as Ragnatramp reads it (discovery and hosts sync are not built yet)'
        Write-Command "Get-RagnaConfig -Path ."
        Get-RagnaConfig -Path . | Out-Host
    } else {
        Write-Host 'This build of Ragnatramp has no cmdlets yet; the lab is shown as it stands.' -ForegroundColor Yellow
    }
    $ErrorActionPreference = 'Stop'

    Write-Step 'Each guest''s /etc/hosts'
    foreach ($guest in $lab.Guests) {
        $state = if ($guest.Running) { "running, $($guest.IPv4)" } else { 'off' }
        Write-Host "--- $($guest.Name) ($($guest.VMName), $state)" -ForegroundColor Green
        Write-Host (Get-Content -Raw $guest.HostsPath).TrimEnd()
    }

    Write-Step 'From web, by name'
    Write-Command "ssh $($lab.User)@web 'ping -c 1 db'"
    $ping = Invoke-RagnaLabGuestCommand -Lab $lab -Name web -Command 'ping -c 1 -W 2 db 2>&1 | head -n 2'
    $ping | Out-Host

    if (Get-Command Get-RagnaSshConfig -ErrorAction Ignore) {
        # From the host by name with the pinned key checked. A -F file in the project folder: the real ~/.ssh is neither read nor written.
        Write-Step 'From the host, by name (the host key checked against the pin)'
        $sshConfig = Join-Path $project 'demo.ssh.conf'
        Write-Command "Get-RagnaSshConfig -AsText | Set-Content demo.ssh.conf"
        Get-RagnaSshConfig -Path . -AsText | Set-Content -NoNewline $sshConfig
        Write-Command "Enter-RagnaVm db -Command 'hostname'"
        Enter-RagnaVm db -Path . -Command 'hostname'
        if ($LASTEXITCODE -ne 0) { $jobFailed = $true }
        Write-Command "ssh -F demo.ssh.conf web.demo 'hostname; getent hosts db'"
        & ssh -F $sshConfig -o BatchMode=yes web.demo 'hostname; getent hosts db' 2>&1 | Out-Host
        if ($LASTEXITCODE -ne 0) { $jobFailed = $true }
    }

    $saved = Join-Path $OutDir 'demo'
    Remove-Item -Recurse -Force $saved -ErrorAction Ignore
    New-Item -ItemType Directory -Force $saved | Out-Null
    Copy-Item -Recurse -Force (Join-Path $project '*'), (Join-Path $project '.ragnatramp') $saved
    foreach ($guest in $lab.Guests) { Copy-Item $guest.HostsPath (Join-Path $saved "hosts.$($guest.Name)") }
    Write-Host "`nThe project folder and every guest's hosts file are kept in $saved"
} finally {
    # Reached on success, on failure and on Ctrl+C.
    Write-Step 'Tearing the lab down'
    if ((Get-Location).Path -eq $project) { Pop-Location }
    if ($lab) { Stop-RagnaLab -Lab $lab }
    Remove-Item -Recurse -Force $project -ErrorAction Ignore
    if ((Get-FileHash -Algorithm SHA256 /etc/hosts).Hash -eq $realHostsHash) {
        Write-Host 'Done: namespaces, bridge, sshd, user and sudoers file removed; this machine''s own /etc/hosts is unchanged.'
    } else {
        Write-Host 'This machine''s /etc/hosts changed during the demo (by the demo or by something else running here).' -ForegroundColor Red
        $jobFailed = $true
    }
}
if ($jobFailed) {
    Write-Host 'The main job reported a failure (see above).' -ForegroundColor Red
    exit 1
}
