#!/usr/bin/env bash
# Runs the guest-side hosts script (GuestHostsScript.sh as sent) on a scratch hosts file in a
# private mount namespace (unshare -m; never the machine's /etc/hosts), with faults injected, and
# reports what it left. Used by GuestHostsScriptTests.
#   GuestScriptHarness.sh DIR SHELL LAYOUT FSKB FAULT
# DIR holds script (the script text), old and new (the contents). SHELL: sh, dash, bash or
# "busybox sh". LAYOUT: rename (a plain file in a folder), bind (a file bind-mounted over the
# hosts path: the rename is refused with EBUSY), symlink (hosts is a link to the real file).
# FSKB: 0, or the size of a tmpfs holding the real file (filled up before the write).
# FAULT: none, or TOOL:N:ACTION: the Nth run of TOOL (cp, cat, dd, mv, sync) does ACTION first:
# term/hup/int (that signal to the script's shell, then the tool runs), kill (SIGKILL to the shell,
# the tool does not run), half (dd only: copies half of its input over its output, then SIGKILL),
# fail (exits 1), missing (every run: "not found", exit 127). Output: write=EXIT, after=OLD|NEW|MIXED, read=EXIT, recovered=OLD|NEW|MIXED,
# leftovers=N, link=yes|no, stderr lines prefixed with "err:".
set -u
dir=$1 shell=$2 layout=$3 fskb=$4 fault=$5
exec unshare -m -- bash -s "$dir" "$shell" "$layout" "$fskb" "$fault" <<'INNER'
set -u
dir=$1 shell=$2 layout=$3 fskb=$4 fault=$5
mount --make-rprivate / 2>/dev/null
root=$dir/root
rm -rf "$root" "$dir/shims" "$dir/count"
mkdir -p "$root/etc" "$root/real" "$dir/shims"
[ "$fskb" != 0 ] && mount -t tmpfs -o size="${fskb}k" none "$root/real"
cp "$dir/old" "$root/real/hosts"
case $layout in
  rename) hosts=$root/real/hosts ;;
  bind) hosts=$root/etc/hosts; : >"$hosts"; mount --bind "$root/real/hosts" "$hosts" ;;
  symlink) hosts=$root/etc/hosts; ln -s ../real/hosts "$hosts" ;;
esac
if [ "$fskb" != 0 ]; then dd if=/dev/zero of="$root/real/fill" bs=4096 >/dev/null 2>&1; fi
digest() { echo "$(cksum <"$1")|$(sha256sum <"$1" | cut -d' ' -f1)|$(md5sum <"$1" | cut -d' ' -f1)"; }
# Fault shims: a tool of that name first in PATH.
if [ "$fault" != none ]; then
  tool=${fault%%:*}; rest=${fault#*:}; nth=${rest%%:*}; action=${rest#*:}
  real=$(command -v "$tool")
  cat >"$dir/shims/$tool" <<SHIM
#!/bin/bash
[ "$action" = missing ] && { echo "sh: $tool: not found" >&2; exit 127; }
# Builtins only: the shim may be standing in for cat.
n=0; [ -f "$dir/count" ] && read -r n <"$dir/count"; n=\$((n + 1)); echo \$n >"$dir/count"
if [ \$n -eq $nth ]; then
  case $action in
    term) kill -TERM \$PPID ;;
    hup) kill -HUP \$PPID ;;
    int) kill -INT \$PPID ;;
    kill) kill -KILL \$PPID; exit 137 ;;
    fail) exit 1 ;;
    half)
      for a in "\$@"; do case \$a in if=*) i=\${a#if=} ;; of=*) o=\${a#of=} ;; esac; done
      h=\$(( \$(wc -c <"\$i") / 2 ))
      head -c \$h "\$i" | "$real" of="\$o" conv=notrunc 2>/dev/null
      kill -KILL \$PPID; exit 137 ;;
  esac
fi
exec "$real" "\$@"
SHIM
  chmod +x "$dir/shims/$tool"
fi
PATH=$dir/shims:$PATH $shell -c "$(cat "$dir/script")" ragnatramp-hosts write "$hosts" "$(digest "$dir/new")" "$(digest "$dir/old")" \
  <"$dir/new" >"$dir/out" 2>"$dir/err"
echo "write=$?"
state() { if cmp -s "$dir/old" "$root/real/hosts"; then echo OLD; elif cmp -s "$dir/new" "$root/real/hosts"; then echo NEW; else echo MIXED; fi; }
echo "after=$(state)"
sed 's/^/err:/' "$dir/err"
echo "out:$(cat "$dir/out")"
# The next run (its read step) cleans up what a killed writer left.
$shell -c "$(cat "$dir/script")" ragnatramp-hosts read "$hosts" >"$dir/read" 2>"$dir/err2"
echo "read=$?"
echo "recovered=$(state)"
sed 's/^/err2:/' "$dir/err2"
cmp -s "$dir/read" "$root/real/hosts" && echo "readback=same" || echo "readback=differs"
echo "leftovers=$(ls -A "$root/etc" "$root/real" | grep -c ragnatramp)"
if [ "$layout" = symlink ]; then [ -L "$hosts" ] && echo link=yes || echo link=no; fi
INNER
