#!/usr/bin/env bash
# Gives a lab guest its IPv4, optionally after a delay (DHCP still settling), then talks to the
# host so the host's neighbour table learns the guest, as a DHCP exchange does on the Default
# Switch, and keeps talking to it now and then (as a guest using the switch's DNS does), so the
# entry is not garbage-collected while many labs share this machine's neighbour table.
# With 'quiet' the guest never talks to the host (as a guest with a static address that nobody pinged yet).
# Usage: guest-address.sh <ns> <dev> <ipv4/prefix> <host ipv4> <delay seconds> <keepalive pid file> [talk|quiet]
set -uo pipefail
ns="$1"; dev="$2"; address="$3"; host="$4"; delay="$5"; pidfile="$6"; mode="${7:-talk}"
if [ "$delay" != 0 ]; then sleep "$delay"; fi
ip -n "$ns" -4 addr flush dev "$dev"
ip -n "$ns" addr add "$address" dev "$dev" || exit 1
if [ "$mode" = quiet ]; then exit 0; fi
# Only the lab's own host address is ever contacted.
ip netns exec "$ns" ping -q -c 1 -W 2 "$host" >/dev/null 2>&1
# IPv6: one packet to all-nodes on the lab link so the host learns the guest's link-local address too.
ip netns exec "$ns" ping -q -6 -c 1 -W 1 "ff02::1%$dev" >/dev/null 2>&1 || true

# One keepalive per guest: a re-addressed guest replaces its old one.
# (Killed only if that pid still runs in this guest: a pid can have been reused since.)
if [ -s "$pidfile" ]; then
  old=$(cat "$pidfile")
  if [ "$(ip netns identify "$old" 2>/dev/null)" = "$ns" ]; then kill -9 "$old" 2>/dev/null; fi
fi
setsid ip netns exec "$ns" ping -q -i 10 "$host" </dev/null >/dev/null 2>&1 &
echo $! > "$pidfile"
exit 0
