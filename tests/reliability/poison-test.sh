#!/usr/bin/env bash
# poison-test.sh - indexes a folder of hostile files (make-poison.sh) among
# good ones and checks that each is handled: one clear summary line naming
# the file and the reason, the batch goes on, nothing hangs or exhausts the
# indexer, workers killed for time or memory are reported and replaced.
#
#   KINDEX=build/kindex tests/reliability/poison-test.sh
#
# Runs the indexer with one worker (so that a lost worker that were not
# replaced would stop everything after it), --timeout $POISON_TIMEOUT (40)
# and --mem-limit $POISON_MEM (384).  When run as root the indexer runs as
# "nobody" (setpriv), so that the mode-000 file and folder are really
# unreadable.  POISON_ASAN=1 (an ASan build, which runs workers without an
# address-space limit) accepts the time limit for the memory bomb.  Exit 0
# when every check passes.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
timeout_s=${POISON_TIMEOUT:-40}
mem_mb=${POISON_MEM:-384}
work=$(mktemp -d)
chmod 755 "$work"
cleanup() { chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0
check() { local what=$1; shift; if "$@"; then echo "  ok   $what"; else echo "  FAIL $what"; fails=$((fails + 1)); fi; }

"$here/make-poison.sh" "$work/files" "$work/manifest.tsv" > /dev/null || { echo "  FAIL make-poison.sh"; exit 1; }
if [ "${POISON_ASAN:-0}" = 1 ]; then
	sed -i 's/^\(bomb-text-memory.pdf\t\)[^\t]*/\1failed: (ran out of memory|took longer than)/' "$work/manifest.tsv"
fi
# a private copy: others may rebuild the binary meanwhile
cp "$KINDEX" "$work/kindex" && chmod 755 "$work/kindex" &&
	{ [ ! -e "$(dirname "$KINDEX")/kindex-heavy" ] ||
	  cp "$(dirname "$KINDEX")/kindex-heavy" "$work/kindex-heavy"; } && KINDEX=$work/kindex
# the index's parent folder must be writable too (compaction writes beside it)
mkdir -p "$work/dbhome"
db=$work/dbhome/db
as=()
if [ "$(id -u)" = 0 ]; then
	chown nobody "$work/dbhome"
	as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	echo "  (indexer runs as nobody, so mode-000 files are unreadable)"
fi
t0=$(date +%s.%N)
# the hard bound: every poison file at its time limit, plus a margin
bound=$(( timeout_s * 4 + 120 ))
timeout -s KILL "$bound" "${as[@]}" "$KINDEX" index --db "$db" --jobs 1 \
	--timeout "$timeout_s" --mem-limit "$mem_mb" "$work/files" > "$work/out" 2> "$work/err"
rc=$?
t1=$(date +%s.%N)
secs=$(python3 -c "print('%.1f' % ($t1 - $t0))")
echo "  indexer: exit $rc in $secs s (bound $bound s), --jobs 1 --timeout $timeout_s --mem-limit $mem_mb"
sed -n '1,2p' "$work/out" | sed 's/^/  | /'
check "indexer exits 1 (some files failed), not killed and not a fatal error" [ "$rc" -eq 1 ]
python3 "$here/check-poison.py" "$KINDEX" "$db" "$work/files" "$work/manifest.tsv" \
	"$work/out" "$work/err"
check "every poison file handled as expected" [ $? -eq 0 ]
check "xapian-check accepts the index" xapian-check "$db" > /dev/null
lost=$(grep -cE ': (took longer than|ran out of memory|extraction crashed)' "$work/out")
check "workers lost for time or memory ($lost) were replaced: files after them were indexed" \
	"$KINDEX" show --db "$db" "$work/files/xss-title-and-text.pdf" > /dev/null
echo "POISON_RESULT fails=$fails secs=$secs lost_workers=$lost"
[ "$fails" -eq 0 ]
