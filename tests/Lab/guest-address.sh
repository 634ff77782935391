#!/usr/bin/env bash
# Gives a lab guest its IPv4, optionally after a delay (DHCP still settling), then talks to the
# host once so the host's neighbour table learns the guest, as a DHCP exchange does on the
# Default Switch. Usage: guest-address.sh <ns> <dev> <ipv4/prefix> <host ipv4> <delay seconds>
set -uo pipefail
ns="$1"; dev="$2"; address="$3"; host="$4"; delay="$5"
if [ "$delay" != 0 ]; then sleep "$delay"; fi
ip -n "$ns" -4 addr flush dev "$dev"
ip -n "$ns" addr add "$address" dev "$dev" || exit 1
# Only the lab's own host address is ever contacted.
ip netns exec "$ns" ping -q -c 1 -W 2 "$host" >/dev/null 2>&1
# IPv6: one packet to all-nodes on the link so the host learns the guest's link-local address too.
ip netns exec "$ns" ping -q -6 -c 1 -W 1 "ff02::1%$dev" >/dev/null 2>&1 || true
exit 0
