#!/usr/bin/env bash
# shards.sh - kindex on Xapian's remote backend: the corpus indexed as two
# shards (kindex index --shard K/2), each served by xapian-tcpsrv on a
# loopback port, searched through a stub file naming both, against one index
# of the whole corpus; then kindex serve on the stub, a shard killed and
# stopped under load, and its return.
#
# Needs: $KINDEX, python3, curl, xapian-tcpsrv (xapian-tools).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
if ! command -v xapian-tcpsrv > /dev/null; then
	echo "shards.sh: xapian-tcpsrv not found (apt-get install xapian-tools)" >&2
	exit 1
fi
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -- -"$p" 2> /dev/null; kill -CONT -- -"$p" 2> /dev/null; kill "$p" 2> /dev/null; done
	wait 2> /dev/null
	rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# tcpsrv PORT DB: starts a shard server in a process group of its own
# (xapian-tcpsrv signals its whole group when it ends, and forks a child per
# connection: "the shard goes down" is the group); its pid in $srv_pid.
tcpsrv() {
	setsid xapian-tcpsrv "${@:3}" --interface 127.0.0.1 --port "$1" "$2" > /dev/null 2>&1 &
	srv_pid=$!
	pids+=("$srv_pid")
	for _ in $(seq 50); do
		python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}

echo "== indexing: one index, and the same corpus as two shards"
cp -r "$corpus" "$work/docs"
n_good=$(find "$work/docs" -name '*.pdf' | wc -l)
"$KINDEX" index --quiet --db "$work/one" "$work/docs" > /dev/null 2>&1
"$KINDEX" index --quiet --db "$work/s1" --shard 1/2 "$work/docs" > "$work/i1.out" 2>&1
"$KINDEX" index --quiet --db "$work/s2" --shard 2/2 "$work/docs" > "$work/i2.out" 2>&1
grep '^shard' "$work/i1.out" "$work/i2.out"
n1=$(sed -n 's/^shard 1 of 2: \([0-9]*\) documents here.*/\1/p' "$work/i1.out")
n2=$(sed -n 's/^shard 2 of 2: \([0-9]*\) documents here.*/\1/p' "$work/i2.out")
check "the summaries say which shard got what" test -n "$n1" -a -n "$n2"
check "every document on exactly one shard ($n1 + $n2 = $n_good)" [ "$((n1 + n2))" -eq "$n_good" ]
check "neither shard is empty" test "$n1" -gt 0 -a "$n2" -gt 0
check "a shard's summary counts the files of the others" \
	grep -q "^shard 1 of 2: $n1 documents here; $n2 files belong to the other shards" "$work/i1.out"
"$KINDEX" index --quiet --db "$work/s2" --shard 2/2 "$work/docs" > "$work/i2b.out" 2>&1
check "a re-run keeps every document where it is" \
	grep -q "^indexed 0 new, 0 changed, 0 metadata-only; $n2 unchanged" "$work/i2b.out"
"$KINDEX" index --quiet --db "$work/s2" "$work/docs" > "$work/i2c.out" 2>&1
rc=$?
check "a shard refuses a run without its --shard (exit 2, says which)" \
	grep -q "is shard 2/2 of a sharded index" "$work/i2c.out"
check "... exit status 2 ($rc)" [ "$rc" -eq 2 ]
"$KINDEX" index --quiet --db "$work/s1" --shard 1/3 "$work/docs" > /dev/null 2>&1
check "a shard refuses another layout" [ $? -eq 2 ]
"$KINDEX" index --db "$work/x" --shard 3/2 "$work/docs" > /dev/null 2>&1
rc=$?
check "--shard 3/2 is refused as bad input ($rc), nothing written" test "$rc" -eq 2 -a ! -e "$work/x"

# An index of everything becomes shard 1: the others' documents leave it.
cp -r "$work/one" "$work/split"
"$KINDEX" index --quiet --db "$work/split" --shard 1/2 "$work/docs" > "$work/split.out" 2>&1
check "an unsharded index run with --shard 1/2 keeps shard 1's documents and removes the rest" \
	grep -q "; $n1 unchanged (not re-extracted); $n2 removed;" "$work/split.out"
rm -rf "$work/split"

# A removal reaches the shard that holds the file, and only it.
cp "$work/docs/un/CRC-C-GC-14_best-interests.pdf" "$work/docs/moved.pdf"
"$KINDEX" index --quiet --db "$work/s1" --shard 1/2 "$work/docs" > /dev/null 2>&1
"$KINDEX" index --quiet --db "$work/s2" --shard 2/2 "$work/docs" > /dev/null 2>&1
rm "$work/docs/moved.pdf"
"$KINDEX" index --quiet --db "$work/s1" --shard 1/2 "$work/docs" > "$work/r1.out" 2>&1
"$KINDEX" index --quiet --db "$work/s2" --shard 2/2 "$work/docs" > "$work/r2.out" 2>&1
removed=$(cat "$work/r1.out" "$work/r2.out" | sed -n 's/.*; \([0-9]*\) removed;.*/\1/p' | paste -sd+ | bc)
check "a deleted file is removed from its shard (removals: $removed)" [ "$removed" = 1 ]

echo "== two shards behind xapian-tcpsrv, searched through a stub"
p1=$(free_port)
tcpsrv "$p1" "$work/s1"
pid1=$srv_pid
p2=$(free_port)
tcpsrv "$p2" "$work/s2"
pid2=$srv_pid
printf '# kindex shards\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" > "$work/stub"
printf 'auto s1\nauto s2\n' > "$work/local-stub"
"$KINDEX" search --db "$work/stub" --json 'belang van het kind' > "$work/st.json" 2> "$work/st.err"
check "kindex search --db STUB answers (no revision error)" \
	[ "$(json_py 'd["total"] > 0 and len(d["results"]) > 0' < "$work/st.json")" = True ]
check "a remote stub says spelling is unavailable" \
	[ "$(json_py 'd.get("spelling")' < "$work/st.json")" = unavailable ]
# Spelling data beside the stub (the shards merged by Xapian's own tool):
# suggestions over remote shards as from one index.
xapian-compact "$work/s1" "$work/s2" "$work/stub.spelling" > /dev/null 2>&1
"$KINDEX" search --db "$work/stub" --json 'kinderbeschermng' > "$work/sp.json" 2>&1
"$KINDEX" search --db "$work/one" --json 'kinderbeschermng' > "$work/sp1.json" 2>&1
sugg1=$(json_py 'd.get("corrected") or d.get("instead_of")' < "$work/sp1.json")
check "with STUB.spelling the remote stub suggests as one index does ($sugg1)" \
	test "$sugg1" != None -a "$(json_py 'd.get("corrected") or d.get("instead_of")' < "$work/sp.json")" = "$sugg1"
check "... and no longer says it cannot" [ "$(json_py 'd.get("spelling")' < "$work/sp.json")" = None ]
check "hits from both shards carry passages with their page" \
	[ "$(json_py 'all(r["snippet"]["page"] >= 1 and r["snippet"]["text"] for r in d["results"] if not r["notext"])' < "$work/st.json")" = True ]
python3 "$root/tests/tools/compare_shards.py" "$KINDEX" "$work/one" "$work/stub" \
	"$root/tests/data/judged-queries.tsv" --order > "$work/cmp-one.out" 2>&1
rc=$?
cat "$work/cmp-one.out"
nq=$(sed -n 's/^[0-9]* of \([0-9]*\) queries: same totals.*/\1/p' "$work/cmp-one.out")
same=$(sed -n 's/^[0-9]* of [0-9]*: same ten documents; \([0-9]*\) of .* in the same order.*/\1/p' "$work/cmp-one.out")
check "judged queries: remote shards = one index in totals, facets, passage pages and the ten documents in order ($same of $nq)" \
	[ "$rc" -eq 0 -a "${nq:-0}" -ge 48 -a "$same" = "$nq" ]
python3 "$root/tests/tools/compare_shards.py" "$KINDEX" "$work/local-stub" "$work/stub" \
	"$root/tests/data/judged-queries.tsv" --order > "$work/cmp-local.out" 2>&1
rc=$?
cat "$work/cmp-local.out"
check "judged queries: remote shards = the same shards read locally, ten documents in order" \
	[ "$rc" -eq 0 ]
id=$(json_py 'd["results"][0]["id"]' < "$work/st.json")
"$KINDEX" show --db "$work/stub" --text "$id" > "$work/show.out" 2>&1
check "kindex show --db STUB gives the document with its page texts" grep -q -- '^--- page 1 ---' "$work/show.out"

echo "== kindex serve --db STUB"
users=$work/users
printf 'e2e-secret-pw\n' | "$KINDEX" user add --users "$users" e2e > /dev/null 2>&1
port=$(free_port)
KINDEX_SHARD_TIMEOUT_MS=1500 "$KINDEX" serve --db "$work/stub" --users "$users" --port "$port" --no-cache \
	> "$work/serve.out" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -s -o /dev/null "$base/login" && break; sleep 0.1; done
api() { curl -s -m 20 -u e2e:e2e-secret-pw -o "$work/api.json" -w '%{http_code} %{time_total}' "$base/api/search?q=$1"; }
r=$(api 'belang+van+het+kind')
check "/api/search on the stub answers 200 ($r)" [ "${r%% *}" = 200 ]
check "/api/search on the stub = the CLI on the stub" \
	[ "$(json_py 'd["total"]' < "$work/api.json")" = "$(json_py 'd["total"]' < "$work/st.json")" ]

# Load while shard 2 is killed: every answer is 200 (before) or 503 (after),
# never 500 and never slower than the timeout allows; then the server
# recovers once the shard is back.
( for i in $(seq 200); do
	curl -s -m 20 -u e2e:e2e-secret-pw -o /dev/null -w '%{http_code} %{time_total}\n' "$base/api/search?q=kind+$i" || echo "000 x"
done ) > "$work/load.out" &
load=$!
sleep 0.5
kill -KILL -- -"$pid2"
wait "$load"
codes=$(cut -d' ' -f1 "$work/load.out" | sort | uniq -c | tr -s ' ' | paste -sd,)
echo "  answers under load, shard 2 killed midway: $codes"
check "under load with a shard killed: only 200 and 503" [ -z "$(cut -d' ' -f1 "$work/load.out" | grep -v '^200$\|^503$')" ]
check "... and some 503 once it is gone" grep -q '^503 ' "$work/load.out"
slowest=$(cut -d' ' -f2 "$work/load.out" | sort -g | tail -1)
check "... every answer within 5 s (slowest $slowest s)" python3 -c "import sys; sys.exit(0 if float('$slowest') < 5 else 1)"
r=$(api 'kind')
curl -s -m 20 -u e2e:e2e-secret-pw "$base/api/search?q=kind" > "$work/down.json"
check "shard down: 503 ($r)" [ "${r%% *}" = 503 ]
check "... saying a shard is unavailable" grep -q 'shard_unavailable' "$work/down.json"
tcpsrv "$p2" "$work/s2"
pid2=$srv_pid
ok_again=0
for _ in $(seq 20); do
	r=$(api 'belang+van+het+kind')
	[ "${r%% *}" = 200 ] && { ok_again=1; break; }
	sleep 0.25
done
check "the server recovers when the shard returns" [ "$ok_again" = 1 ]
check "... with every document again" \
	[ "$(json_py 'd["total"]' < "$work/api.json")" = "$(json_py 'd["total"]' < "$work/st.json")" ]

# A shard that hangs (SIGSTOP) costs at most the timeout, then 503.
kill -STOP -- -"$pid2"
r=$(api 'kinderen')
t=${r#* }
check "a stopped shard gives 503 ($r)" [ "${r%% *}" = 503 ]
check "... within the timeout" python3 -c "import sys; sys.exit(0 if float('$t') < 5 else 1)"
kill -CONT -- -"$pid2"
ok_again=0
for _ in $(seq 40); do
	r=$(api 'belang+van+het+kind')
	[ "${r%% *}" = 200 ] && { ok_again=1; break; }
	sleep 0.25
done
check "... and answers again once it resumes" [ "$ok_again" = 1 ]

# xapian-tcpsrv closes a connection left idle (--idle-timeout, a minute by
# default; 1 s here): the server connects afresh instead of answering 503.
pi1=$(free_port)
tcpsrv "$pi1" "$work/s1" --idle-timeout 1000
pi2=$(free_port)
tcpsrv "$pi2" "$work/s2" --idle-timeout 1000
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$pi1" "$pi2" > "$work/idle-stub"
iport=$(free_port)
"$KINDEX" serve --db "$work/idle-stub" --users "$users" --port "$iport" --no-cache > "$work/serve-idle.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$iport/login" && break; sleep 0.1; done
codes=""
for i in 1 2 3 4 5 6; do
	codes="$codes $(curl -s -m 20 -u e2e:e2e-secret-pw -o /dev/null -w '%{http_code}' "http://127.0.0.1:$iport/api/search?q=kind+$i")"
	sleep 1.5
done
check "shards that closed idle connections: every answer 200 (${codes# })" [ "$codes" = " 200 200 200 200 200 200" ]
finish
