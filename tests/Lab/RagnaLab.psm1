# Real lab guests for the tests, the demo and the benchmark: each guest is a Linux network
# namespace behind a veth on a bridge (the virtual switch), with a Hyper-V MAC, its own
# /etc/hosts (/etc/netns/<ns>/hosts), its own host name and a real OpenSSH server. Every guest is
# also registered as a VM in the Hyper-V/NetTCPIP stand-ins (FakeHyperV.psm1), so Get-VM,
# Get-VMNetworkAdapter (live from the namespace) and Get-NetNeighbor (the kernel's real neighbour
# table on the bridge) show it the way Windows would. Needs root. How it works: tests/Lab/README.md.
#
# Safety: the real /etc/hosts is never written; traffic stays on 10.231.X.0/24, X allocated per
# run under a lock so labs of parallel runs never collide; every name carries the run id; users
# and sudoers files are per run; everything is removed by Stop-RagnaLab, on failure, when
# PowerShell exits, and (for crashed runs) by Reset-RagnaLab -Force.

$script:RegistryDir = '/run/ragnalab'
$script:RunsDir = '/run/ragnalab/runs'
$script:LockPath = '/run/ragnalab/allocation.lock'
$script:GuestInit = Join-Path $PSScriptRoot 'guest-init.sh'
$script:GuestAddress = Join-Path $PSScriptRoot 'guest-address.sh'
$script:Teardown = Join-Path $PSScriptRoot 'lab-teardown.sh'
$script:LiveLabs = [System.Collections.Generic.List[object]]::new()

if (-not ('RagnaLab.ExitHook' -as [type])) {
    # When the process ends (script finished, Ctrl+C, SIGTERM) PowerShell can no longer run
    # script; this hook tears down the runs still registered, with lab-teardown.sh.
    Add-Type -TypeDefinition @'
namespace RagnaLab
{
    using System;
    using System.Collections.Generic;
    using System.Diagnostics;

    public static class ExitHook
    {
        private static readonly HashSet<string> Runs = new HashSet<string>();
        private static string teardownScript;
        private static bool hooked;
        private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> Signals =
            new List<System.Runtime.InteropServices.PosixSignalRegistration>();

        public static void Remember(string runId, string script)
        {
            lock (Runs)
            {
                teardownScript = script;
                Runs.Add(runId);
                if (hooked) { return; }
                hooked = true;
                AppDomain.CurrentDomain.ProcessExit += (s, e) => TearDownAll();
                // PowerShell ends on SIGTERM/SIGHUP without raising ProcessExit: tear down first, then let the signal do its work.
                foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGHUP })
                {
                    Signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context => TearDownAll()));
                }
            }
        }

        public static void Forget(string runId) { lock (Runs) { Runs.Remove(runId); } }

        public static void TearDownAll()
        {
            string[] ids;
            lock (Runs) { ids = new string[Runs.Count]; Runs.CopyTo(ids); Runs.Clear(); }
            foreach (var id in ids)
            {
                try
                {
                    using (var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { teardownScript, id }, UseShellExecute = false }))
                    {
                        process.WaitForExit(20000);
                    }
                }
                catch (Exception) { }
            }
        }
    }
}
'@
}

if (-not (Get-Module FakeHyperV)) {
    # Global, so the tests and the module see one FakeHyperV and one set of stand-ins.
    Import-Module (Join-Path $PSScriptRoot 'FakeHyperV.psm1') -Global
}

#region Small pieces

function Invoke-LabNative {
    <# Runs a native command; throws with its output when it fails (unless -AllowFailure). Returns stdout lines. #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments = @(), [switch] $AllowFailure)
    $output = & $File @Arguments 2>&1
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) {
        throw "RagnaLab: '$File $($Arguments -join ' ')' failed (exit $code): $(($output | Out-String).Trim())"
    }
    @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" })
}

function Get-ProcessStartTicks([int] $ProcessId) {
    # Field 22 of /proc/<pid>/stat: start time since boot, so a reused pid is not mistaken for the owner.
    $stat = Get-Content "/proc/$ProcessId/stat" -Raw -ErrorAction Ignore
    if (-not $stat) { return $null }
    ($stat.Substring($stat.LastIndexOf(')') + 2) -split ' ')[19]
}

function Test-RunOwnerAlive($Run) {
    $ticks = Get-ProcessStartTicks $Run.OwnerPid
    $null -ne $ticks -and $ticks -eq $Run.OwnerStartTicks
}

function Lock-LabAllocation {
    <# An exclusive flock on /run/ragnalab/allocation.lock (waits up to 60 s); dispose to release. #>
    New-Item -ItemType Directory -Force $script:RunsDir | Out-Null
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try {
            return [IO.FileStream]::new($script:LockPath, 'OpenOrCreate', 'ReadWrite', 'None')
        } catch [IO.IOException] {
            if ([datetime]::UtcNow -gt $deadline) { throw "RagnaLab: another lab has held $script:LockPath for 60 s." }
            Start-Sleep -Milliseconds 100
        }
    }
}

function Get-LabRun {
    <# Every registered run (live or crashed), from /run/ragnalab/runs/*.json. #>
    Get-ChildItem $script:RunsDir -Filter '*.json' -ErrorAction Ignore | ForEach-Object {
        try { Get-Content $_.FullName -Raw | ConvertFrom-Json -AsHashtable } catch { $null }
    } | Where-Object { $_ }
}

function Save-LabRun([hashtable] $Run) {
    $path = Join-Path $script:RunsDir "$($Run.RunId).json"
    $Run | ConvertTo-Json -Depth 5 | Set-Content -Path "$path.tmp"
    Move-Item "$path.tmp" $path -Force
}

function New-LabRun {
    <# Allocates a run id and a free 10.231.X.0/24 under the lock, and registers the run before anything exists. #>
    $lock = Lock-LabAllocation
    try {
        $runs = @(Get-LabRun)
        $taken = [System.Collections.Generic.HashSet[int]]::new()
        foreach ($run in $runs) { [void]$taken.Add([int]$run.SubnetIndex) }
        # Subnets in use by anything on this machine, lab or not.
        foreach ($line in (Invoke-LabNative ip @('-4', '-o', 'addr', 'show') -AllowFailure)) {
            if ($line -match '\b10\.231\.(\d+)\.\d+/') { [void]$taken.Add([int]$Matches[1]) }
        }
        foreach ($line in (Invoke-LabNative ip @('-4', 'route', 'show') -AllowFailure)) {
            if ($line -match '^10\.231\.(\d+)\.') { [void]$taken.Add([int]$Matches[1]) }
        }
        $free = @(1..254 | Where-Object { -not $taken.Contains($_) })
        if (-not $free) { throw 'RagnaLab: no free 10.231.X.0/24 subnet (254 labs registered?). Run Reset-RagnaLab -Force.' }
        do {
            $runId = -join ((1..6) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
        } while (($runs | Where-Object RunId -eq $runId) -or (Test-Path "/tmp/ragnalab-$runId"))
        $run = @{
            RunId           = $runId
            SubnetIndex     = $free | Get-Random
            OwnerPid        = $PID
            OwnerStartTicks = Get-ProcessStartTicks $PID
            StartedAt       = [datetime]::UtcNow.ToString('o')
            Directory       = "/tmp/ragnalab-$runId"
            Bridge          = "rlb$runId"
            User            = "rl$runId"
            Sudoers         = "/etc/sudoers.d/ragnalab-$runId"
            Namespaces      = @()
        }
        Save-LabRun $run
        [RagnaLab.ExitHook]::Remember($runId, $script:Teardown)
        $run
    } finally {
        $lock.Dispose()
    }
}

function New-HyperVMac([System.Collections.Generic.HashSet[string]] $Used) {
    # 00:15:5d (Microsoft's Hyper-V prefix); the fourth byte stays below 0xf0, which the bridges use.
    do {
        $bytes = @(0x00, 0x15, 0x5d, (Get-Random -Maximum 0xf0), (Get-Random -Maximum 256), (Get-Random -Maximum 256))
        $mac = ($bytes | ForEach-Object { '{0:x2}' -f $_ }) -join ':'
    } while (-not $Used.Add($mac))
    $mac
}

function Wait-LabCondition([scriptblock] $Condition, [int] $TimeoutSec, [string] $What) {
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Condition)) {
        if ([datetime]::UtcNow -gt $deadline) { throw "RagnaLab: timed out after $TimeoutSec s waiting for $What." }
        Start-Sleep -Milliseconds 100
    }
}

function Start-LabBackground {
    <# Starts a detached process (its own session) and returns its pid. #>
    param([string[]] $CommandLine)
    $quoted = ($CommandLine | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
    [int]@(Invoke-LabNative bash @('-c', "setsid $quoted </dev/null >/dev/null 2>&1 & echo `$!"))[0]
}

function Assert-LabPrerequisite {
    if (@(Invoke-LabNative id @('-u'))[0] -ne '0') { throw 'RagnaLab needs root (network namespaces, users, sudoers).' }
    $missing = @('ip', 'sshd', 'ssh', 'ssh-keygen', 'sudo', 'ping', 'unshare', 'setsid', 'useradd', 'visudo' |
            Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) -and -not (Test-Path "/usr/sbin/$_") })
    if ($missing) { throw "RagnaLab needs: $($missing -join ', ') (apt-get install -y openssh-server openssh-client sudo iproute2 iputils-ping)." }
}

#endregion

#region Guests

function New-LabUser([hashtable] $Run, [string[]] $SudoHosts) {
    $user = $Run.User
    $homeDir = Join-Path $Run.Directory 'home'
    # useradd refuses while another process holds /etc/passwd's lock (parallel labs): retry.
    $attempt = 0
    while ($true) {
        $output = & useradd -m -d $homeDir -s /bin/bash -c "ragnalab $($Run.RunId)" $user 2>&1
        if ($LASTEXITCODE -eq 0) { break }
        if (++$attempt -ge 30) { throw "RagnaLab: useradd $user failed: $output" }
        Start-Sleep -Milliseconds 200
    }
    # A locked password ('!') makes sshd (UsePAM no) refuse even key logins; '*' means "no password".
    # Through bash: PowerShell would expand a bare '*' argument as a file glob on Linux.
    Invoke-LabNative bash @('-c', "usermod -p '*' '$user'") | Out-Null
    if ($SudoHosts) {
        # Sudo per guest host name: the same user has sudo on some guests and not on others.
        $rule = "$user $($SudoHosts -join ', ') = (ALL) NOPASSWD: ALL`n"
        $staging = Join-Path $Run.Directory 'sudoers'
        Set-Content -Path $staging -Value $rule -NoNewline
        Invoke-LabNative visudo @('-c', '-q', '-f', $staging) | Out-Null
        Invoke-LabNative install @('-m', '0440', '-o', 'root', '-g', 'root', $staging, $Run.Sudoers) | Out-Null
    }
}

function Write-SshdConfig($Lab, $Guest) {
    $config = @"
# RagnaLab guest '$($Guest.Name)' (run $($Lab.RunId))
Port 22
ListenAddress 0.0.0.0
ListenAddress ::
HostKey $($Guest.Directory)/ssh_host_ed25519_key
PidFile /run/sshd.pid
AuthorizedKeysFile $($Lab.Directory)/authorized_keys
AllowUsers $($Lab.User)
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
PrintMotd no
LogLevel VERBOSE
Subsystem sftp internal-sftp
"@
    Set-Content -Path (Join-Path $Guest.Directory 'sshd_config') -Value $config
}

function Write-LabGuestSetup($Guest) {
    <#
        The guest's own file-system layout and faults, as a script guest-init.sh runs inside the guest's
        mount namespace (so nothing of it reaches this machine's /etc or /usr): returns its path, or ''.
        HostsLayout 'dir': /etc is a private tmpfs copy, so /etc/hosts is a plain file and the write
        takes the rename path; 'symlink': as 'dir', with /etc/hosts a link to /etc/ragnalab-static/hosts.
        HostsFsKB (bind layout): the hosts file lives on a tmpfs of that size. NoCksum: cksum says "not
        found". SudoFault 'TOOL:N:ACTION[:SECONDS]': sudo runs the write step with shims first in its
        PATH; the Nth run of TOOL in a write does ACTION first (term = SIGTERM to the step's shell, kill =
        SIGKILL to the whole remote command (its process group), half = dd copies all but the last 10
        bytes (the new content starts with the old, so a shorter copy would change nothing), then that
        SIGKILL, hang = sleep SECONDS, halfhang = dd copies all but the last 10 bytes, then sleeps SECONDS).
    #>
    $lines = [System.Collections.Generic.List[string]]::new()
    switch ($Guest.HostsLayout) {
        { $_ -in 'dir', 'symlink' } {
            # Other labs on this machine add and remove files under /etc meanwhile (/etc/netns/*, useradd's
            # locks): a file gone between listing and copying fails one pass, so the copy is tried again.
            $lines.Add('size=$(( $( (du -sk /etc 2>/dev/null || true) | cut -f1) + 4096 ))')
            $lines.Add('mkdir -p /run/ragnalab-etc && for try in 1 2 3 4 5; do cp -a /etc/. /run/ragnalab-etc/ 2>/run/ragnalab-etc.err && break; [ $try = 5 ] && { cat /run/ragnalab-etc.err >&2; exit 1; }; sleep 0.2; done')
            $lines.Add('mount -t tmpfs -o "size=${size}k,mode=0755" ragnalab-etc /etc')
            $lines.Add('cp -a /run/ragnalab-etc/. /etc/ && rm -rf /run/ragnalab-etc')
        }
        'symlink' {
            $lines.Add('mkdir /etc/ragnalab-static && mv /etc/hosts /etc/ragnalab-static/hosts && ln -s ragnalab-static/hosts /etc/hosts')
        }
    }
    if ($Guest.HostsFsKB -gt 0 -and $Guest.HostsLayout -eq 'bind') {
        $lines.Add("mkdir -p /run/ragnalab-hostsfs && mount -t tmpfs -o size=$($Guest.HostsFsKB)k ragnalab-hostsfs /run/ragnalab-hostsfs")
        $lines.Add('cp /etc/hosts /run/ragnalab-hostsfs/hosts && mount --bind /run/ragnalab-hostsfs/hosts /etc/hosts')
    }
    if ($Guest.NoCksum) {
        $lines.Add('printf ''#!/bin/sh\necho "sh: 1: cksum: not found" >&2\nexit 127\n'' >/run/ragnalab-nocksum && chmod 755 /run/ragnalab-nocksum')
        $lines.Add('mount --bind /run/ragnalab-nocksum /usr/bin/cksum')
    }
    if ($Guest.SudoFault) {
        $tool, $nth, $action, $seconds = $Guest.SudoFault -split ':'
        if (-not $seconds) { $seconds = 20 }
        $lines.Add('mkdir -p /run/ragnalab-fault /run/ragnalab-localbin')
        $lines.Add(@'
cat >/run/ragnalab-localbin/sudo <<'WRAP'
#!/bin/sh
[ "$1" = -n ] && shift
exec /usr/bin/sudo -n env PATH=/run/ragnalab-fault:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
WRAP
chmod 755 /run/ragnalab-localbin/sudo
mount --bind /run/ragnalab-localbin /usr/local/bin
'@)
        $real = "/usr/bin/$tool"
        $lines.Add(@"
cat >/run/ragnalab-fault/$tool <<'SHIM'
#!/bin/bash
# Only the write step counts (the read step runs the same script).
if tr '\0' ' ' </proc/`$PPID/cmdline | grep -q ' ragnatramp-hosts write '; then
  n=0; [ -f /run/ragnalab-fault/count ] && read -r n </run/ragnalab-fault/count; n=`$((n + 1)); echo `$n >/run/ragnalab-fault/count
  if [ `$n -eq $nth ]; then
    for a in "`$@"; do case `$a in if=*) i=`${a#if=} ;; of=*) o=`${a#of=} ;; esac; done
    case $action in
      term) kill -TERM `$PPID ;;
      kill) kill -KILL -- -`$(ps -o pgid= -p `$`$ | tr -d ' ') ;;
      hang) sleep $seconds ;;
      half|halfhang)
        head -c `$(( `$(wc -c <"`$i") - 10 )) "`$i" | $real of="`$o" conv=notrunc 2>/dev/null
        [ $action = half ] && kill -KILL -- -`$(ps -o pgid= -p `$`$ | tr -d ' ')
        sleep $seconds; exit 1 ;;
    esac
  fi
fi
exec $real "`$@"
SHIM
chmod 755 /run/ragnalab-fault/$tool
"@)
    }
    if ($lines.Count -eq 0) { return '' }
    $path = Join-Path $Guest.Directory 'setup.sh'
    Set-Content -Path $path -Value ($lines -join "`n")
    $path
}

function Invoke-RagnaLabGuestRoot {
    <# Runs a shell command as root inside a running guest's mount namespace (not over SSH). Returns stdout lines; sets $LASTEXITCODE. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Command)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if (-not $guest.SshdPid) { throw "RagnaLab: guest '$Name' is not running." }
    & nsenter -t $guest.SshdPid -m -- sh -c $Command
}

function Get-RagnaLabGuestHosts {
    <# The guest's /etc/hosts as the guest sees it (through a link, on its own tmpfs), byte for byte. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if ($guest.HostsLayout -eq 'bind' -and -not $guest.HostsFsKB) { return [IO.File]::ReadAllBytes($guest.HostsPath) }
    $view = Join-Path $guest.Directory 'hosts.view'
    Invoke-RagnaLabGuestRoot -Lab $Lab -Name $Name -Command "cat /etc/hosts >'$view'" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "RagnaLab: cannot read /etc/hosts of guest '$Name'." }
    [IO.File]::ReadAllBytes($view)
}

function Get-RagnaLabGuestHostsPath {
    <#
        A path on this machine that is the guest's /etc/hosts as the guest sees it, for reading or
        resetting it in place from outside without a process per call: the file bind-mounted over it
        (layout 'bind'), else the same path in the guest's mount namespace through /proc/<sshd pid>/root
        (layouts 'dir' and 'symlink', or a hosts file on its own tmpfs; valid while the guest runs).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    $path = if ($guest.HostsLayout -eq 'bind' -and -not $guest.HostsFsKB) { $guest.HostsPath } else {
        if (-not $guest.SshdPid) { throw "RagnaLab: guest '$Name' is not running (its /etc/hosts is in its own mount namespace)." }
        "/proc/$($guest.SshdPid)/root/etc/hosts"
    }
    # Callers write through this path: it must never be this machine's own /etc/hosts (same device and inode).
    $ids = @(& stat -L -c '%d:%i' -- $path /etc/hosts 2>$null)
    if ($LASTEXITCODE -ne 0 -or $ids.Count -ne 2 -or $ids[0] -eq $ids[1]) {
        throw "RagnaLab: the /etc/hosts of guest '$Name' ($path) is not a file of its own, or is this machine's /etc/hosts; refusing to hand it out."
    }
    $path
}

function Get-RagnaLabGuestLeftover {
    <# Files a hosts write left beside the guest's /etc/hosts (or its link target): *.ragnatramp.* and *.ragnatramp-old.*. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if ($guest.HostsLayout -eq 'bind' -and -not $guest.Running) {
        return @(Get-ChildItem /etc -Force -Filter 'hosts.ragnatramp*' -ErrorAction Ignore | ForEach-Object FullName)
    }
    @(Invoke-RagnaLabGuestRoot -Lab $Lab -Name $Name -Command 'ls -a /etc /etc/ragnalab-static 2>/dev/null | grep ragnatramp')
}

function Start-LabGuestSshd($Lab, $Guest) {
    Write-SshdConfig $Lab $Guest
    $hostKey = "$($Guest.Directory)/ssh_host_ed25519_key"
    # A restarted guest keeps its host key, as a rebooted VM does.
    if (-not (Test-Path $hostKey)) {
        Invoke-LabNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', "$($Guest.Name)@ragnalab-$($Lab.RunId)", '-f', $hostKey) | Out-Null
    }
    Set-Content -Path $Guest.SshdLogPath -Value $null
    $setup = Write-LabGuestSetup $Guest
    $guestPid = Start-LabBackground @('ip', 'netns', 'exec', $Guest.Namespace, 'unshare', '--uts', '--', 'bash', $script:GuestInit,
        $Guest.Name, "$($Guest.Directory)/sshd_config", $Guest.SshdLogPath, [string][int][bool]$Guest.ReadOnlyHosts, $setup)
    $Guest.SshdPid = $guestPid
    Wait-LabCondition -TimeoutSec 20 -What "sshd of guest '$($Guest.Name)' ($($Guest.SshdLogPath))" -Condition {
        if (-not (Test-Path "/proc/$guestPid")) { throw "RagnaLab: sshd of guest '$($Guest.Name)' exited: $(Get-Content $Guest.SshdLogPath -Raw -ErrorAction Ignore)" }
        (Get-Content $Guest.SshdLogPath -Raw -ErrorAction Ignore) -match 'Server listening on 0\.0\.0\.0 port 22'
    }
}

function Start-LabGuestAddress($Lab, $Guest, [int] $DelaySec) {
    $arguments = @($Guest.Namespace, $Guest.Interface, "$($Guest.IPv4)/24", $Lab.HostAddress, [string]$DelaySec, (Join-Path $Guest.Directory 'keepalive.pid'),
        $(if ($Guest.Quiet) { 'quiet' } else { 'talk' }))
    if ($DelaySec -le 0) {
        Invoke-LabNative bash (@($script:GuestAddress) + $arguments) | Out-Null
        return
    }
    # Detached; lab-teardown.sh finds it by the namespace name in its command line.
    $null = Start-LabBackground (@('bash', $script:GuestAddress) + $arguments)
}

function New-LabGuest([hashtable] $Run, $Lab, [hashtable] $Spec, [int] $Index, [System.Collections.Generic.HashSet[string]] $Macs) {
    $name = $Spec.Name
    if ($name -notmatch '^[a-zA-Z][a-zA-Z0-9-]{0,30}$') { throw "RagnaLab: guest name '$name' must be a host name (letters, digits, '-')." }
    $namespace = "rl-$($Run.RunId)-$name"
    $hostInterface = 'rl{0}g{1:d2}' -f $Run.RunId, $Index
    $mac = New-HyperVMac $Macs
    $running = if ($Spec.ContainsKey('Running')) { [bool]$Spec.Running } else { $true }
    $ipv4 = if ($Spec.IPv4) { $Spec.IPv4 } else { '{0}.{1}' -f $Lab.SubnetPrefix, (11 + $Index) }
    Assert-LabGuestAddress -Lab $Lab -IPv4 $ipv4
    $directory = Join-Path $Run.Directory $name
    New-Item -ItemType Directory -Force $directory | Out-Null
    $guest = [pscustomobject]@{
        PSTypeName      = 'RagnaLab.Guest'
        Name            = $name
        VMName          = if ($Spec.VMName) { $Spec.VMName } else { $name }
        VMId            = if ($Spec.VMId) { [guid]$Spec.VMId } else { [guid]::NewGuid() }
        Namespace       = $namespace
        Interface       = 'eth0'
        HostInterface   = $hostInterface
        IPv4            = $ipv4
        MacAddress      = ($mac -replace ':', '').ToUpperInvariant()
        LinkLayerAddress = $mac
        SshPort         = 22
        User            = $Run.User
        KeyFile         = $Lab.KeyFile
        HostsPath       = "/etc/netns/$namespace/hosts"
        SshdLogPath     = Join-Path $directory 'sshd.log'
        SshdPid         = $null
        Directory       = $directory
        Running         = $running
        Kvp             = if ($Spec.ContainsKey('Kvp')) { [bool]$Spec.Kvp } else { $true }
        Sshd            = if ($Spec.ContainsKey('Sshd')) { [bool]$Spec.Sshd } else { $true }
        Sudo            = if ($Spec.ContainsKey('Sudo')) { [bool]$Spec.Sudo } else { $true }
        ReadOnlyHosts   = [bool]$Spec.ReadOnlyHosts
        HostsLayout     = if ($Spec.HostsLayout) { [string]$Spec.HostsLayout } else { 'bind' }
        HostsFsKB       = [int]$Spec.HostsFsKB
        NoCksum         = [bool]$Spec.NoCksum
        SudoFault       = [string]$Spec.SudoFault
        AddressDelaySec = if ($Spec.AddressDelaySec) { [int]$Spec.AddressDelaySec } else { 0 }
        # A guest that never talks to the host (no ping at address time, no keepalive): the host's table learns it only when asked.
        Quiet           = [bool]$Spec.Quiet
        AddressReadyAt  = $null
        Notes           = if ($null -ne $Spec.Notes) { [string]$Spec.Notes } else { '' }
    }

    # Registered before it exists, so a crash at any point leaves something Reset-RagnaLab finds.
    $Run.Namespaces += $namespace
    Save-LabRun $Run

    Invoke-LabNative ip @('netns', 'add', $namespace) | Out-Null
    New-Item -ItemType Directory -Force "/etc/netns/$namespace" | Out-Null
    $hostsContent = if ($null -ne $Spec.HostsContent) { [string]$Spec.HostsContent } else { "127.0.0.1 localhost`n127.0.1.1 $name`n" }
    [IO.File]::WriteAllText($guest.HostsPath, $hostsContent)

    Invoke-LabNative ip @('link', 'add', $hostInterface, 'type', 'veth', 'peer', 'name', "${hostInterface}p") | Out-Null
    Invoke-LabNative ip @('link', 'set', "${hostInterface}p", 'netns', $namespace) | Out-Null
    Invoke-LabNative ip @('-n', $namespace, 'link', 'set', "${hostInterface}p", 'name', 'eth0') | Out-Null
    Invoke-LabNative ip @('-n', $namespace, 'link', 'set', 'eth0', 'address', $mac) | Out-Null
    Invoke-LabNative ip @('link', 'set', $hostInterface, 'master', $Lab.Bridge, 'up') | Out-Null
    Invoke-LabNative ip @('-n', $namespace, 'link', 'set', 'lo', 'up') | Out-Null
    # No duplicate-address wait for the guest's link-local IPv6: it is usable at once.
    Invoke-LabNative ip @('netns', 'exec', $namespace, 'sysctl', '-q', '-w', 'net.ipv6.conf.eth0.accept_dad=0') -AllowFailure | Out-Null

    if ($running) {
        Invoke-LabNative ip @('-n', $namespace, 'link', 'set', 'eth0', 'up') | Out-Null
        if ($guest.Sshd) { Start-LabGuestSshd $Lab $guest }
        $guest.AddressReadyAt = [datetime]::UtcNow.AddSeconds($guest.AddressDelaySec)
        Start-LabGuestAddress $Lab $guest $guest.AddressDelaySec
    }
    $guest
}

function Register-LabFakeVM($Lab, $Guest) {
    $kvp = if ($Guest.Kvp) { @{ Enabled = $true; Status = 'OK' } } else { @{ Enabled = $true; Status = 'No Contact' } }
    $adapter = @{ MacAddress = $Guest.MacAddress; SwitchName = $Lab.SwitchName; LiveInterface = $Guest.Interface }
    $null = Add-FakeVM -Name $Guest.VMName -Id $Guest.VMId -State $(if ($Guest.Running) { 'Running' } else { 'Off' }) -Notes $Guest.Notes `
        -Kvp $kvp -Namespace $Guest.Namespace -Adapters @($adapter)
}

#endregion

function Start-RagnaLab {
    <#
    .SYNOPSIS
        Starts lab guests (network namespaces with real sshd) and registers them in the Hyper-V stand-ins.
    .PARAMETER Guests
        Hashtables: Name (host name, required), VMName, VMId, Kvp ($true), Running ($true),
        AddressDelaySec (0), Sshd ($true), Sudo ($true), HostsContent, ReadOnlyHosts ($false), Quiet ($false: never talks to the host),
        HostsLayout ('bind', 'dir', 'symlink'), HostsFsKB (0), NoCksum ($false), SudoFault (see Write-LabGuestSetup),
        Notes (''), IPv4 (default 10.231.X.(11+index)).
    .OUTPUTS
        RagnaLab.Lab
    #>
    [CmdletBinding()]
    [OutputType('RagnaLab.Lab')]
    param(
        [Parameter(Mandatory)] [hashtable[]] $Guests,
        [string] $SwitchName = 'Default Switch',
        # Leave the Hyper-V stand-ins alone (no fake VMs, no neighbour bridge).
        [switch] $NoFakeVM
    )
    Assert-LabPrerequisite
    $names = @($Guests | ForEach-Object { $_.Name })
    if (@($names | Select-Object -Unique).Count -ne $names.Count) { throw "RagnaLab: guest names must be unique: $($names -join ', ')." }

    $run = New-LabRun
    $lab = $null
    $completed = $false
    try {
        $prefix = "10.231.$($run.SubnetIndex)"
        New-Item -ItemType Directory -Force $run.Directory | Out-Null
        Invoke-LabNative chmod @('0755', $run.Directory) | Out-Null
        $keyFile = Join-Path $run.Directory 'id_ed25519'
        Invoke-LabNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', "ragnalab-$($run.RunId)", '-f', $keyFile) | Out-Null
        Copy-Item "$keyFile.pub" (Join-Path $run.Directory 'authorized_keys')

        $lab = [pscustomobject]@{
            PSTypeName   = 'RagnaLab.Lab'
            RunId        = $run.RunId
            Bridge       = $run.Bridge
            SwitchName   = $SwitchName
            InterfaceAlias = "vEthernet ($SwitchName)"
            Subnet       = "$prefix.0/24"
            SubnetPrefix = $prefix
            HostAddress  = "$prefix.1"
            User         = $run.User
            KeyFile      = $keyFile
            Directory    = $run.Directory
            Guests       = @()
            FakeVMs      = -not $NoFakeVM
            Stopped      = $false
        }
        $script:LiveLabs.Add($lab)

        New-LabUser $run @($Guests | Where-Object { -not $_.ContainsKey('Sudo') -or $_.Sudo } | ForEach-Object { $_.Name })

        $macs = [System.Collections.Generic.HashSet[string]]::new()
        $bridgeMac = '00:15:5d:f{0:x}:{1:x2}:{2:x2}' -f (Get-Random -Maximum 16), (Get-Random -Maximum 256), (Get-Random -Maximum 256)
        Invoke-LabNative ip @('link', 'add', $run.Bridge, 'address', $bridgeMac, 'type', 'bridge') | Out-Null
        Invoke-LabNative sysctl @('-q', '-w', "net.ipv6.conf.$($run.Bridge).accept_dad=0") -AllowFailure | Out-Null
        Invoke-LabNative ip @('addr', 'add', "$($lab.HostAddress)/24", 'dev', $run.Bridge) | Out-Null
        Invoke-LabNative ip @('link', 'set', $run.Bridge, 'up') | Out-Null

        $index = 0
        foreach ($spec in $Guests) {
            $lab.Guests += New-LabGuest $run $lab $spec ($index++) $macs
        }
        if (-not $NoFakeVM) {
            Register-FakeNeighborBridge -Bridge $run.Bridge -SwitchName $SwitchName
            foreach ($guest in $lab.Guests) { Register-LabFakeVM $lab $guest }
        }
        $completed = $true
        $lab
    } finally {
        # Failure or Ctrl+C half-way: nothing of this run may stay behind.
        if (-not $completed) {
            Remove-LabRun -RunId $run.RunId
            if ($lab) { [void]$script:LiveLabs.Remove($lab) }
        }
    }
}

function Register-RagnaLabFakeVM {
    <# Registers the lab's guests in the Hyper-V stand-ins again (after Reset-FakeHyperV). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab)
    Register-FakeNeighborBridge -Bridge $Lab.Bridge -SwitchName $Lab.SwitchName
    foreach ($guest in $Lab.Guests) { Register-LabFakeVM $Lab $guest }
}

function Get-RagnaLabGuest {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = $Lab.Guests | Where-Object Name -eq $Name
    if (-not $guest) { throw "RagnaLab: the lab has no guest '$Name' (guests: $($Lab.Guests.Name -join ', '))." }
    $guest
}

function Set-RagnaLabGuestAddress {
    <# Re-addresses a running guest (its DHCP lease changed). The host's old neighbour entry may stay, as on Windows. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $IPv4)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    Assert-LabGuestAddress -Lab $Lab -IPv4 $IPv4
    if (-not $guest.Running) { throw "RagnaLab: guest '$Name' is off; start it before re-addressing it." }
    $guest.IPv4 = $IPv4
    Start-LabGuestAddress $Lab $guest 0
}

function Stop-RagnaLabGuest {
    <# Powers a guest off: its processes end, its link goes down, it loses its addresses; the VM shows Off. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    Invoke-LabNative pkill @('-9', '-f', "guest-address.sh $($guest.Namespace) ") -AllowFailure | Out-Null
    foreach ($line in (Invoke-LabNative ip @('netns', 'pids', $guest.Namespace) -AllowFailure)) { & kill -9 $line 2>$null }
    Invoke-LabNative ip @('-n', $guest.Namespace, '-4', 'addr', 'flush', 'dev', $guest.Interface) | Out-Null
    Invoke-LabNative ip @('-n', $guest.Namespace, 'link', 'set', $guest.Interface, 'down') | Out-Null
    $guest.Running = $false
    $guest.SshdPid = $null
    $guest.AddressReadyAt = $null
    if ($Lab.FakeVMs) { Set-FakeVM -Id $guest.VMId -State Off }
}

function Start-RagnaLabGuest {
    <#
        Powers a guest on (again): link up, sshd (when the guest has one, with the same host key),
        and its address, optionally a new one (-IPv4: the lease changed across the restart) and
        after a delay (-AddressDelaySec).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name, [string] $IPv4, [int] $AddressDelaySec = 0)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if ($guest.Running) { throw "RagnaLab: guest '$Name' is already running." }
    if ($IPv4) { Assert-LabGuestAddress -Lab $Lab -IPv4 $IPv4; $guest.IPv4 = $IPv4 }
    Invoke-LabNative ip @('-n', $guest.Namespace, 'link', 'set', $guest.Interface, 'up') | Out-Null
    if ($guest.Sshd) { Start-LabGuestSshd $Lab $guest }
    $guest.Running = $true
    $guest.AddressReadyAt = [datetime]::UtcNow.AddSeconds($AddressDelaySec)
    Start-LabGuestAddress $Lab $guest $AddressDelaySec
    if ($Lab.FakeVMs) { Set-FakeVM -Id $guest.VMId -State Running }
}

function Get-RagnaLabGuestHostKey {
    <# The guest's ed25519 host key as sshd serves it: Type, Key (base64 blob, as in known_hosts) and Fingerprint (as ssh-keygen -l prints it). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    $pub = "$($guest.Directory)/ssh_host_ed25519_key.pub"
    $fields = (Get-Content $pub -Raw).Trim() -split ' '
    [pscustomobject]@{ Type = $fields[0]; Key = $fields[1]; Fingerprint = ((Invoke-LabNative ssh-keygen @('-l', '-f', $pub)) -split ' ')[1] }
}

function Set-RagnaLabGuestHostKey {
    <#
        Re-keys a running guest: a new ed25519 host key (as when a VM's host keys are regenerated, or
        another machine answers at its address), served at once (sshd re-executes itself on SIGHUP).
        Returns the new key (Get-RagnaLabGuestHostKey).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if (-not $guest.Running -or -not $guest.Sshd) { throw "RagnaLab: guest '$Name' has no running sshd to re-key." }
    $key = Join-Path $guest.Directory 'ssh_host_ed25519_key'
    Remove-Item $key, "$key.pub"
    Invoke-LabNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', "$Name@ragnalab-$($Lab.RunId)", '-f', $key) | Out-Null
    & kill -HUP $guest.SshdPid
    $new = Get-RagnaLabGuestHostKey -Lab $Lab -Name $Name
    Wait-LabCondition -TimeoutSec 60 -What "sshd of guest '$Name' serving its new host key" -Condition {
        (@(& ssh-keyscan -t ed25519 -T 2 $guest.IPv4 2>$null) -join "`n") -match [regex]::Escape($new.Key)
    }
    $new
}

function Set-RagnaLabGuestVMId {
    <# The VM was re-created under the same name: the stand-ins show it with a new VM id (default: a random one). Returns the new id. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name, [guid] $VMId = [guid]::NewGuid())
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    if ($Lab.FakeVMs) { Remove-FakeVM -Id $guest.VMId }
    $guest.VMId = $VMId
    if ($Lab.FakeVMs) { Register-LabFakeVM $Lab $guest }
    $VMId
}

function Assert-LabGuestAddress($Lab, [string] $IPv4) {
    if (-not $IPv4.StartsWith("$($Lab.SubnetPrefix).") -or $IPv4 -eq $Lab.HostAddress -or -not ($IPv4 -as [ipaddress])) {
        throw "RagnaLab: $IPv4 is not a guest address in the lab's subnet $($Lab.Subnet)."
    }
}

function Invoke-RagnaLabGuestCommand {
    <# Runs a shell command in the guest over SSH as the lab user (system ssh client). Returns stdout lines; sets $LASTEXITCODE. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Command, [int] $ConnectTimeoutSec = 5)
    $guest = Get-RagnaLabGuest -Lab $Lab -Name $Name
    & ssh -F /dev/null -i $guest.KeyFile -p $guest.SshPort -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no `
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=$ConnectTimeoutSec "$($guest.User)@$($guest.IPv4)" $Command
}

function Remove-LabRun {
    <#
        Removes everything a run made (lab-teardown.sh); safe on partial and already-removed runs.
        Processes are found by the run id in their command line, never by a recorded pid, which
        another process may have been given since.
    #>
    param([Parameter(Mandatory)] [string] $RunId)
    $id = $RunId
    Invoke-LabNative bash @($script:Teardown, $id) | Out-Null
    [RagnaLab.ExitHook]::Forget($id)
    if (Get-Command Unregister-FakeNeighborBridge -ErrorAction Ignore) { Unregister-FakeNeighborBridge -Bridge "rlb$id" }
}

function Stop-RagnaLab {
    <# Stops a lab and removes everything it made (namespaces, veths, bridge, sshd, user, sudoers, folders, fake VMs). #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Lab)
    process {
        if ($Lab.Stopped) { return }
        if ($Lab.FakeVMs -and (Get-Command Remove-FakeVM -ErrorAction Ignore)) {
            foreach ($guest in $Lab.Guests) { try { Remove-FakeVM -Id $guest.VMId } catch { Write-Verbose $_ } }
        }
        Remove-LabRun -RunId $Lab.RunId
        $Lab.Stopped = $true
        [void]$script:LiveLabs.Remove($Lab)
    }
}

function Get-RagnaLabLeftover {
    <# What crashed runs left behind: runs whose owner process is gone, and lab-named objects no live run owns. #>
    [CmdletBinding()]
    param()
    $runs = @(Get-LabRun)
    $live = @($runs | Where-Object { Test-RunOwnerAlive $_ } | ForEach-Object RunId)
    $ids = [System.Collections.Generic.SortedSet[string]]::new()
    foreach ($run in $runs) { if ($run.RunId -notin $live) { [void]$ids.Add($run.RunId) } }
    $found = @(
        Invoke-LabNative ip @('netns', 'list') -AllowFailure | ForEach-Object { if ($_ -match '^rl-([0-9a-f]{6})-') { $Matches[1] } }
        Invoke-LabNative ip @('-o', 'link', 'show') -AllowFailure | ForEach-Object { if ($_ -match '^\d+: rlb?([0-9a-f]{6})') { $Matches[1] } }
        Get-ChildItem /etc/netns -Directory -ErrorAction Ignore | ForEach-Object { if ($_.Name -match '^rl-([0-9a-f]{6})-') { $Matches[1] } }
        Get-ChildItem /etc/sudoers.d -ErrorAction Ignore | ForEach-Object { if ($_.Name -match '^ragnalab-([0-9a-f]{6})$') { $Matches[1] } }
        Get-ChildItem /tmp -Directory -Filter 'ragnalab-*' -ErrorAction Ignore | ForEach-Object { if ($_.Name -match '^ragnalab-([0-9a-f]{6})$') { $Matches[1] } }
        Get-Content /etc/passwd | ForEach-Object { if ($_ -match '^rl([0-9a-f]{6}):.*:ragnalab ') { $Matches[1] } }
    )
    foreach ($id in $found) { if ($id -notin $live) { [void]$ids.Add($id) } }
    foreach ($id in $ids) {
        $run = $runs | Where-Object RunId -eq $id
        [pscustomobject]@{ PSTypeName = 'RagnaLab.Leftover'; RunId = $id; Registered = [bool]$run; OwnerPid = if ($run) { $run.OwnerPid } else { $null } }
    }
}

function Reset-RagnaLab {
    <# Removes the leftovers of crashed lab runs (never a live run's). Without -Force it only lists them. #>
    [CmdletBinding(SupportsShouldProcess)]
    param([switch] $Force)
    $leftovers = @(Get-RagnaLabLeftover)
    if (-not $Force) {
        if ($leftovers) { Write-Warning "RagnaLab: $($leftovers.Count) crashed run(s) left things behind; Reset-RagnaLab -Force removes them." }
        return $leftovers
    }
    $lock = Lock-LabAllocation
    try {
        foreach ($leftover in $leftovers) {
            if (-not $PSCmdlet.ShouldProcess("lab run $($leftover.RunId)", 'Remove leftovers')) { continue }
            Remove-LabRun -RunId $leftover.RunId
            $leftover
        }
    } finally { $lock.Dispose() }
}

# Removing the module takes its labs down with it (the process-exit hook covers the rest).
$ExecutionContext.SessionState.Module.OnRemove = {
    foreach ($lab in @($script:LiveLabs)) { try { Stop-RagnaLab -Lab $lab } catch { Write-Warning $_ } }
}

Export-ModuleMember -Function Start-RagnaLab, Stop-RagnaLab, Reset-RagnaLab, Get-RagnaLabLeftover, Set-RagnaLabGuestAddress,
    Get-RagnaLabGuest, Stop-RagnaLabGuest, Start-RagnaLabGuest, Invoke-RagnaLabGuestCommand, Register-RagnaLabFakeVM,
    Get-RagnaLabGuestHostKey, Set-RagnaLabGuestHostKey, Set-RagnaLabGuestVMId,
    Invoke-RagnaLabGuestRoot, Get-RagnaLabGuestHosts, Get-RagnaLabGuestHostsPath, Get-RagnaLabGuestLeftover
