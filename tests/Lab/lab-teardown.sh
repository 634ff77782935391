#!/usr/bin/env bash
# Removes everything lab run <id> made: its processes, namespaces (and with them the veths),
# bridge, /etc/netns entries, sudoers file, user, folder and registration. Idempotent and safe
# on a run that crashed half-way. Used by Stop-RagnaLab, Reset-RagnaLab -Force and the
# process-exit hook of RagnaLab.psm1 (which cannot rely on PowerShell while the process ends).
# Usage: lab-teardown.sh <run id: 6 hex digits>
set -u
id="${1:-}"
if ! [[ "$id" =~ ^[0-9a-f]{6}$ ]]; then
  echo "lab-teardown.sh: '$id' is not a lab run id (6 hex digits)" >&2
  exit 2
fi

# sshd (its config lives under /tmp/ragnalab-<id>/) and delayed-address helpers (they name the namespace).
pkill -9 -f "ragnalab-$id/" 2>/dev/null
pkill -9 -f "rl-$id-" 2>/dev/null
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^rl-$id-"); do
  # Whatever else runs in the guest (SSH sessions).
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  ip netns delete "$ns" 2>/dev/null
done
rm -rf /etc/netns/rl-"$id"-*
for link in $(ip -o link show 2>/dev/null | sed -n "s/^[0-9]*: \(rlb\{0,1\}$id[^:@]*\)[:@].*/\1/p"); do
  ip link delete "$link" 2>/dev/null
done
rm -f "/etc/sudoers.d/ragnalab-$id"
if getent passwd "rl$id" >/dev/null; then
  # userdel waits for nobody: retry while another lab holds the lock on /etc/passwd.
  for _ in $(seq 1 30); do
    userdel -f "rl$id" 2>/dev/null
    rc=$?
    if [ "$rc" = 0 ] || [ "$rc" = 6 ]; then break; fi
    sleep 0.2
  done
fi
rm -rf "/tmp/ragnalab-$id"
rm -f "/run/ragnalab/runs/$id.json"
exit 0
