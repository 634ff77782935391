#!/usr/bin/env bash
# A lab guest's "init": started by RagnaLab.psm1 as
#   ip netns exec <ns> unshare --uts -- bash guest-init.sh <hostname> <sshd_config> <sshd_log> <readonly_hosts 0|1> [<setup>]
# <setup> (optional): a script RagnaLab wrote for this guest's layout and faults (RagnaLab.psm1,
# Write-LabGuestSetup), run here as root inside the guest's private mount namespace.
# `ip netns exec` has already given this process a private mount namespace in which
# /etc/netns/<ns>/hosts is bind-mounted over /etc/hosts; everything mounted here stays private to
# the guest (and its SSH sessions), the host's /run and /etc/hosts are never touched.
set -euo pipefail
guest_hostname="$1"
sshd_config="$2"
sshd_log="$3"
readonly_hosts="$4"
setup="${5:-}"

hostname "$guest_hostname"
# sshd needs /run/sshd (its privilege-separation directory); a private tmpfs keeps the host's /run clean.
mount -t tmpfs -o mode=0755 none /run
mkdir -p /run/sshd
if [ "$readonly_hosts" = 1 ]; then
  # Writes to the guest's /etc/hosts then fail with EROFS, as on an image with a read-only /etc.
  mount -o remount,bind,ro /etc/hosts
fi
if [ -n "$setup" ]; then
  # Its errors go to the sshd log, which RagnaLab shows when the guest fails to start.
  # shellcheck disable=SC1090
  . "$setup" 2>>"$sshd_log"
fi
exec /usr/sbin/sshd -D -f "$sshd_config" -E "$sshd_log"
