# Ragnatramp's guest-side step for /etc/hosts, run by POSIX sh (dash, bash, busybox ash) as root:
#   sh -c SCRIPT ragnatramp-hosts read  FILE
#   sh -c SCRIPT ragnatramp-hosts write FILE NEW OLD      (new content on standard input)
#   sh -c SCRIPT ragnatramp-hosts exchange FILE SCRIPT   (the read, then the write if the host asks)
# NEW and OLD are the expected digests of the new content and of the content read earlier, each as
# "CKSUM-LINE|SHA256|MD5": the first of cksum, sha256sum and md5sum that works here is used.
# FILE only ever holds its old bytes or the new ones:
# - rename path: a temporary copy (owner and mode kept) gets the new bytes, is checked, flushed to
#   disk, and renamed over FILE;
# - in-place path (FILE is a mount point, e.g. a bind-mounted /etc/hosts, so the rename is refused):
#   a checked and flushed copy of the old bytes goes beside FILE first, then the new bytes are written
#   over FILE without truncating it first (the space of the old bytes stays allocated), FILE is cut
#   to length and checked; on any failure the old bytes are written back and checked.
# Temporary names are unpredictable and created exclusively (FILE.ragnatramp.PID.RANDOM, and
# FILE.ragnatramp-old.DEVICE-INODE.PID.RANDOM for the copy of the old bytes); they are removed on every exit,
# including SIGTERM, SIGHUP and SIGINT (trapped one by one: dash skips the EXIT trap on a signal).
# Leftovers of a writer that was killed outright (SIGKILL, power off) are cleaned up by the next
# run; if that writer died in the middle of an in-place write, its copy of the old bytes is put back.
# exchange is a sync in one run (one login, one sudo): after the clean-up, it prints
# "RAGNATRAMP:HOSTS LENGTH", a newline and FILE's bytes, then waits for the host's answer on standard
# input: a line "write", a line NEW, a line OLD and the new content hand over to the write mode (this
# script again, its text being the last argument), so the write is exactly the one above; anything
# else (or nothing) leaves FILE alone. FILE changing while it is sent exits 13; a failed read exits 1.
# Exit codes: 0 done; 10 no temporary file; 11 temporary file not written or flushed; 12 the content
# did not arrive whole; 13 FILE changed since it was read; 14 in-place write failed, old bytes back;
# 15 in-place write failed and the old bytes could not be put back (the copy's path is printed after
# the frame); 16 unresolvable symlink; 17 no checksum tool; 18 no room for the copy of the old
# bytes; 20 stopped by a signal, FILE unchanged; 21 stopped by a signal, the old bytes could not be
# put back (path printed as for 15).
trap '' PIPE
mode=$1
f=$2
new=${3-}
old=${4-}
if [ -L "$f" ]; then f=$(readlink -f "$f") && [ -n "$f" ] || exit 16; fi
t=
b=
st=0
S=
for k in cksum sha256sum md5sum; do
  if $k </dev/null >/dev/null 2>&1; then S=$k; break; fi
done
# sum, want and size leave their answer in a variable (sv, wv, sz): a function called as $(...)
# costs the guest a process for every check, and a write checks the file several times.
sum() {
  sv=$($S <"$1") || return 1
  set -- $sv
  if [ "$S" = cksum ]; then sv="$1 $2"; else sv=$1; fi
}
want() {
  case $S in
    cksum) wv=${1%%|*} ;;
    sha256sum) wv=${1#*|}; wv=${wv%%|*} ;;
    *) wv=${1##*|} ;;
  esac
}
is() { [ -n "$S" ] && want "$2" && sum "$1" && [ "$sv" = "$wv" ]; }
same() {
  cmp -s "$1" "$2" 2>/dev/null
  c=$?
  [ "$c" -le 1 ] && return "$c"
  [ -n "$S" ] && sum "$1" && sa=$sv && sum "$2" && [ "$sa" = "$sv" ]
}
size() { sz=$(wc -c <"$1") && sz=$((sz)); }
flush() { sync "$1" 2>/dev/null || sync; }
tmp() {
  mktemp "$1.XXXXXXXXXX" 2>/dev/null && return 0
  r=$(od -An -N8 -tx1 /dev/urandom | tr -dc 0-9a-f) && [ -n "$r" ] && (set -C && : >"$1.$r") 2>/dev/null && echo "$1.$r"
}
put() {
  m=$(dd if="$1" of="$f" bs=65536 conv=notrunc 2>&1) && size "$1" &&
    m=$(dd if=/dev/null of="$f" bs=1 seek="$sz" count=0 2>&1) && return 0
  printf '%s\n' "$m" | grep -v -e 'records in' -e 'records out' -e 'bytes' >&2
  return 1
}
restore() { same "$b" "$f" && return 0; put "$b" && flush "$f" && same "$b" "$f"; }
fin() {
  if [ "$st" = 1 ]; then
    if restore; then st=0; else st=3; fi
  fi
  [ -n "$t" ] && rm -f "$t"
  t=
  if [ -n "$b" ] && [ "$st" != 3 ]; then rm -f "$b"; b=; fi
}
kept() { printf 'RAGNATRAMP:%s' "$b"; }
# A signal is handled once the running tool has finished: that tool may have been the rename, so
# what the file now holds decides the exit code, not the step the script had noted.
stop() {
  fin
  trap - EXIT
  [ "$st" = 3 ] && kept && exit 21
  [ "$mode" = write ] && is "$f" "$new" && exit 0
  exit 20
}
trap fin EXIT
trap stop HUP
trap stop INT
trap stop TERM
# A writer counts as alive while its process exists and is not a zombie (an init that does not reap
# would otherwise keep a killed writer's leftovers forever).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  z=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  z=${z##*) }
  [ "${z%% *}" != Z ]
}
# Which file this is (device and inode): a copy of old bytes is only ever put back into the file it
# was taken from, even where several hosts files are bind-mounted over one /etc (containers).
fid() {
  i=$(stat -L -c %d-%i "$1" 2>/dev/null) || i=$(ls -iL "$1" | { read -r n z; echo "$n"; })
  echo "${i:-x}"
}
recover() {
  me=
  for x in "$f".ragnatramp.* "$f".ragnatramp-old.*; do
    [ -f "$x" ] || continue
    [ -n "$me" ] || me=$(fid "$f")
    case $x in
      "$f".ragnatramp-old.*) r=${x#"$f".ragnatramp-old.}; id=${r%%.*}; r=${r#*.} ;;
      *) r=${x#"$f".ragnatramp.}; id=$me ;;
    esac
    p=${r%%.*}
    case $p in '' | *[!0-9]*) continue ;; esac
    alive "$p" && continue
    [ "$id" = "$me" ] || continue
    case $x in
      "$f".ragnatramp-old.*)
        if ! same "$x" "$f"; then
          b=$x
          if restore; then
            echo "ragnatramp-restored: $f was left half-written by an interrupted in-place write; its old content was put back from $x" >&2
          else
            echo "ragnatramp-unrestored: $f was left half-written by an interrupted in-place write and could not be put back; its old content is in $x" >&2
            b=
            continue
          fi
          b=
        fi
        ;;
    esac
    rm -f "$x"
  done
}
recover
if [ "$mode" = read ]; then
  exec cat "$f"
fi
if [ "$mode" = exchange ]; then
  n=$(wc -c <"$f") || exit 1
  printf 'RAGNATRAMP:HOSTS %s\n' $((n))
  cat "$f" || exit 1
  size "$f" && [ "$sz" = $((n)) ] || exit 13
  read -r op || exit 0
  [ "$op" = write ] || exit 0
  read -r new && read -r old || exit 12
  exec sh -c "$3" ragnatramp-hosts write "$2" "$new" "$old"
fi
[ -n "$S" ] || exit 17
is "$f" "$old" || exit 13
t=$(tmp "$f.ragnatramp.$$") || exit 10
cp -p "$f" "$t" || exit 10
cat >"$t" || exit 11
is "$t" "$new" || exit 12
flush "$t" || exit 11
is "$f" "$old" || exit 13
if mv -f "$t" "$f" 2>/dev/null; then
  t=
  st=2
  flush "${f%/*}/"
  if command -v restorecon >/dev/null 2>&1; then restorecon "$f" 2>/dev/null; fi
  exit 0
fi
b=$(tmp "$f.ragnatramp-old.$(fid "$f").$$") || exit 18
cat "$f" >"$b" && is "$b" "$old" && flush "$b" || exit 18
is "$f" "$old" || exit 13
st=1
if put "$t" && flush "$f" && is "$f" "$new"; then
  st=2
  exit 0
fi
if restore; then
  st=0
  exit 14
fi
st=3
kept
exit 15
