#!/usr/bin/env bash
# replica.sh - kindex serve on a read replica (xapian-replicate-server on the
# indexing side, xapian-replicate on the search side) follows the updates the
# indexer makes: a document added, a document removed.
#
# Needs: $KINDEX, python3, curl, xapian-replicate(-server) (xapian-tools).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -- -"$p" 2> /dev/null; kill "$p" 2> /dev/null; done
	wait 2> /dev/null
	rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# The master keeps changesets, so that replicas are brought up to date
# incrementally (Xapian writes none without this).
export XAPIAN_MAX_CHANGESETS=${XAPIAN_MAX_CHANGESETS-20}
extra=un/CRC-C-GC-14_best-interests.pdf

echo "== the indexing machine: an index and xapian-replicate-server"
mkdir -p "$work/master" "$work/replica"
cp -r "$corpus" "$work/docs"
mv "$work/docs/$extra" "$work/held-back.pdf"
"$KINDEX" index --quiet --no-compact --db "$work/master/kindex" "$work/docs" > /dev/null 2>&1
rport=$(free_port)
setsid xapian-replicate-server -I 127.0.0.1 -p "$rport" "$work/master" > "$work/rserver.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1',$rport),0.2)" 2> /dev/null && break
	sleep 0.1
done
replicate() {
	xapian-replicate -h 127.0.0.1 -p "$rport" -m kindex -o -r 0 -v "$work/replica/kindex" \
		>> "$work/replicate.out" 2>&1
}

echo "== the search machine: a replica and kindex serve on it"
replicate
check "xapian-replicate made a replica" [ -e "$work/replica/kindex" ]
users=$work/users
printf 'e2e-secret-pw\n' | "$KINDEX" user add --users "$users" e2e > /dev/null 2>&1
port=$(free_port)
"$KINDEX" serve --db "$work/replica/kindex" --users "$users" --port "$port" > "$work/serve.out" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -s -o /dev/null "$base/login" && break; sleep 0.1; done
total() { curl -s -m 20 -u e2e:e2e-secret-pw "$base/api/search?q=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
# ident: 1 when the held-back document is among the hits of its subject.
ident() { curl -s -m 20 -u e2e:e2e-secret-pw "$base/api/search?q=best+interests+primary+consideration&limit=50" | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["results"] if r["path"].endswith("/'"$extra"'")))'; }
all_before=$(total 'kind')
check "the replica answers /api/search ($all_before matches)" [ "${all_before:-0}" -gt 0 ]
check "the held-back document is not there yet" [ "$(ident)" = 0 ]
# wait_for EXPECTED CMD...: until CMD prints EXPECTED (10 s at most).
wait_for() {
	local want=$1
	shift
	for _ in $(seq 40); do
		[ "$("$@")" = "$want" ] && return 0
		sleep 0.25
	done
	return 1
}

echo "== an update on the indexing machine reaches the server through the replica"
mv "$work/held-back.pdf" "$work/docs/$extra"
"$KINDEX" index --quiet --no-compact --db "$work/master/kindex" "$work/docs" > /dev/null 2>&1
replicate
check "a document added on the master is found on the replica's server" wait_for 1 ident
rm "$work/docs/$extra"
"$KINDEX" index --quiet --no-compact --db "$work/master/kindex" "$work/docs" > /dev/null 2>&1
replicate
check "a document removed on the master is gone from the replica's server" wait_for 0 ident
check "... and the rest is as before" [ "$(total 'kind')" = "$all_before" ]
check "the two updates came as changesets, not full copies" \
	[ "$(grep -c 'Update complete: 0 copies, [1-9][0-9]* changesets' "$work/replicate.out")" = 2 ]
cat "$work/replicate.out" | sed "s/^/    /" | tail -12
finish
