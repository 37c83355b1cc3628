#!/usr/bin/env bash
# load-test.sh - wrk on loopback against /api/search with Basic auth: a mix
# of words, phrases and art: filters at $LOAD_CONNS (64) connections for
# $LOAD_SECS (60) s.  Checks: zero errors, the server still up, its RSS
# (/proc) flat: measured after a warm-up, after the run, and after a second,
# shorter run.
#   KINDEX=build/kindex LOAD_CORPUS=DIR tests/reliability/load-test.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${LOAD_CORPUS:-$root/corpus/samples}
secs=${LOAD_SECS:-60}
conns=${LOAD_CONNS:-64}
work=$(mktemp -d)
srv=
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0
fail() { echo "  FAIL $*"; fails=$((fails + 1)); }
command -v wrk > /dev/null || { echo "  SKIP wrk is not installed"; exit 0; }
cp "$KINDEX" "$work/kindex" && chmod 755 "$work/kindex" &&
	{ [ ! -e "$(dirname "$KINDEX")/kindex-heavy" ] ||
	  cp "$(dirname "$KINDEX")/kindex-heavy" "$work/kindex-heavy"; } && KINDEX=$work/kindex
"$KINDEX" index --db "$work/db" --quiet "$corpus" > /dev/null 2>&1
pw=load-test-password-1
echo "$pw" | "$KINDEX" user add load --db "$work/db" --users "$work/users" > /dev/null 2>&1 || { fail "user add"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$work/db" --bind 127.0.0.1 --port "$port" --users "$work/users" > "$work/serve.log" 2>&1 &
srv=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
export KINDEX_AUTH=$(printf 'load:%s' "$pw" | base64 -w0)
rss() { awk '/^VmRSS/ {print $2}' "/proc/$srv/status"; }
url="http://127.0.0.1:$port"
wrk -t2 -c"$conns" -d5s -s "$here/load.lua" "$url" > "$work/warm.out" 2>&1
rss0=$(rss)
sleep 3 # let the server close the warm-up connections (64 per address)
wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$here/load.lua" "$url" > "$work/main.out" 2>&1
rss1=$(rss)
sleep 3
wrk -t2 -c"$conns" -d15s --timeout 10s -s "$here/load.lua" "$url" > "$work/after.out" 2>&1
rss2=$(rss)
line=$(grep '^WRK' "$work/main.out")
echo "  main run (${secs} s, $conns connections, 2 threads): ${line#WRK }"
echo "  second run (15 s): $(grep '^WRK' "$work/after.out" | sed 's/^WRK //')"
echo "  server RSS: ${rss0} kB after warm-up, ${rss1} kB after the main run, ${rss2} kB after the second run"
eval "$(echo "${line#WRK }" | tr ' ' '\n' | grep -E '^(requests|non2xx|connect|read|write|timeout)=' )"
[ "${requests:-0}" -gt 0 ] || fail "no requests made"
[ "${non2xx:-1}" -eq 0 ] || fail "$non2xx answers were not 200"
[ $(( ${connect:-1} + ${read:-1} + ${write:-1} + ${timeout:-1} )) -eq 0 ] || fail "socket errors: connect=$connect read=$read write=$write timeout=$timeout"
kill -0 "$srv" 2>/dev/null || fail "the server died"
# flat: the second run may not grow RSS by more than 10% (or 8 MB)
grow=$(( rss2 - rss1 ))
lim=$(( rss1 / 10 )); [ "$lim" -lt 8192 ] && lim=8192
[ "$grow" -le "$lim" ] || fail "RSS grew by $grow kB during the second run"
echo "LOAD_RESULT requests=${requests:-0} errors=$(( ${non2xx:-0} + ${connect:-0} + ${read:-0} + ${write:-0} + ${timeout:-0} )) rss_kb_before=$rss0 rss_kb_after=$rss1 rss_kb_after_second=$rss2 server_alive=$(kill -0 "$srv" 2>/dev/null && echo yes || echo no)"
[ "$fails" -eq 0 ]
