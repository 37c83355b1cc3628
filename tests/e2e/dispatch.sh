#!/usr/bin/env bash
# dispatch.sh - end-to-end tests of the two executables: `kindex` holds
# search, show, user and alerts and loads none of the heavy libraries;
# index, cite and serve run in kindex-heavy, which kindex execs from beside
# itself (the same process: same pid, arguments, exit status).
#
# Needs: $KINDEX (the light binary, kindex-heavy beside it), ldd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

heavy_re='poppler|tesseract|lept|cairo|pango|xml2|libzip|microhttpd|jemalloc|curl|archive'
if ldd "$KINDEX" | grep -q 'libasan'; then
	echo "  (sanitizer build: both executables link everything; the library checks are skipped)"
else
	check "kindex loads no heavy library" sh -c "! ldd '$KINDEX' | grep -Eq '$heavy_re'"
	check "kindex-heavy has them" sh -c "ldd '$(dirname "$KINDEX")/kindex-heavy' | grep -q poppler"
fi

# The heavy commands work through kindex: exit status and output pass.
"$KINDEX" index --db "$work/db" --quiet "$corpus" > "$work/index.out" 2>&1
check "kindex index runs (through kindex-heavy)" test -d "$work/db"
"$KINDEX" index --no-such-option > /dev/null 2> "$work/bad.err"
check "a heavy command's usage error keeps its exit status 2" [ $? -eq 2 ]
check "and its message" grep -q "usage: kindex index" "$work/bad.err"
"$KINDEX" cite --help > "$work/cite.out" 2>&1
check "kindex cite --help answers" grep -qi "usage: kindex cite" "$work/cite.out"
"$KINDEX" search --db "$work/db" --json kind > "$work/s.json" 2> /dev/null
check "kindex search answers from the light binary" \
	python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["total"] < 1)' < "$work/s.json"

# The same process: exec, not a child (systemd and kill see one pid).
sh -c 'echo $$ > "$1"; exec "$2" serve --port 0 --db "$3" --users "$1.users" > "$1.out" 2>&1' \
	sh "$work/pid" "$KINDEX" "$work/db" &
bg=$!
pid=
for _ in $(seq 50); do
	grep -q "listening\|http://" "$work/pid.out" 2> /dev/null && break
	sleep 0.1
done
pid=$(cat "$work/pid")
comm=$(cat "/proc/$pid/comm" 2> /dev/null)
kill "$pid" 2> /dev/null
wait "$bg" 2> /dev/null
check "kindex serve becomes kindex-heavy in the same process (comm: $comm)" [ "$comm" = "kindex-heavy" ]

# Without kindex-heavy: a clear error, the light commands still work.
mkdir "$work/alone"
cp "$KINDEX" "$work/alone/kindex"
"$work/alone/kindex" index --db "$work/db2" "$corpus" > /dev/null 2> "$work/alone.err"
check "no kindex-heavy: exit status 2" [ $? -eq 2 ]
check "no kindex-heavy: the error names it and where it looked" \
	grep -q "cannot start kindex-heavy.*$work/alone/" "$work/alone.err"
"$work/alone/kindex" search --db "$work/db" kind > /dev/null 2>&1
check "no kindex-heavy: kindex search still works" [ $? -eq 0 ]
finish
