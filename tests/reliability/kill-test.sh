#!/usr/bin/env bash
# kill-test.sh - crash safety of `kindex index`, with kills at exact points.
#
# The indexer passes named test points (base/testpoint.h): "batch" (a new
# batch begins: every earlier batch is committed), "doc" (a document is
# written into the open batch), "commit" (a full batch is about to be
# committed), "extract" (a worker starts extracting a PDF), "compact" (the
# compacted copy is complete, not yet swapped in) and "swap" (swapped in,
# the old index not yet removed).  KINDEX_TESTPOINT=NAME:N stops the process
# with SIGSTOP at the Nth pass; this test then SIGKILLs the indexer there.
# No kill depends on how fast the machine is.
#
# A clean run first counts the points a whole run passes.  Then $KILLS (20)
# kills in groups of five: each group starts from an empty index, each kill
# interrupts the run that continues the previous one, at a point chosen
# (seeded, $KILL_SEED) from what that run must still do: the documents not
# yet committed.  After every kill: xapian-check passes, `kindex search`
# opens the index, as many documents as unique ids, no process of the killed
# indexer (workers included) outlives it; after every group a re-run
# completes the index and it must equal a clean index of the same files
# (document count, every term).  Then kills inside compaction and at the
# last commit, and Ctrl-C: SIGINT to the process group while it is stopped
# a third of the way in must stop the run at a batch boundary (exit 130).
#
#   KINDEX=build/kindex KILL_CORPUS=DIR KILLS=20 tests/reliability/kill-test.sh
#
# The corpus defaults to ../shared/corpus (155 PDFs) when present, else
# corpus/samples.  Prints KILL_RESULT with the counts; exit 0 when all pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KILL_CORPUS:-}
if [ -z "$corpus" ]; then
	if [ -d "$root/../shared/corpus" ]; then corpus=$(cd "$root/../shared/corpus" && pwd); else corpus=$root/corpus/samples; fi
fi
kills=${KILLS:-20}
seed=${KILL_SEED:-$$}
RANDOM=$seed
work=$(mktemp -d)
pg=
cleanup() { [ -n "$pg" ] && kill -KILL -- "-$pg" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# A private copy: others may rebuild the binary while this runs, and the
# clean index and the killed runs must come from the same code.
cp "$KINDEX" "$work/kindex" && chmod 755 "$work/kindex" &&
	{ [ ! -e "$(dirname "$KINDEX")/kindex-heavy" ] ||
	  cp "$(dirname "$KINDEX")/kindex-heavy" "$work/kindex-heavy"; } && KINDEX=$work/kindex
fails=0
fail() { echo "  FAIL $*"; fails=$((fails + 1)); }
batch=10
opts=(--batch "$batch" --jobs 2 --quiet)

# The index as a comparable text: document count and every term.
fingerprint() {
	xapian-delve "$1" | grep -E '^number of documents' || return 1
	xapian-delve -a -1 "$1" || return 1
}
ndocs() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
# pstate PID: the process's state letter (R, S, T, Z...), empty when gone.
pstate() { sed -n 's/^[0-9]* ([^)]*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null; }
# live PGID: the processes of the group that are not zombies.
live() { ps -o pid=,stat= -g "$1" 2>/dev/null | awk '$2 !~ /^Z/ {print $1}' | tr '\n' ' '; }

echo "  corpus: $corpus ($(find -L "$corpus" -iname '*.pdf' | wc -l) PDFs), seed $seed"
t0=$(date +%s%N)
KINDEX_TESTPOINT_LOG=$work/clean.tp "$KINDEX" index --db "$work/clean" "${opts[@]}" "$corpus" > "$work/clean.out" 2>&1
t1=$(date +%s%N)
clean_ms=$(( (t1 - t0) / 1000000 ))
fingerprint "$work/clean" > "$work/clean.fp" || { echo "  FAIL clean index"; exit 1; }
n_clean=$(ndocs "$work/clean")
n_q=$(grep -c '^Q' "$work/clean.fp")
hits() { grep -cx "$1" "$work/clean.tp"; }
echo "  clean index: $n_clean documents, $n_q unique ids, in $clean_ms ms; points passed:" \
	"batch $(hits batch), doc $(hits doc), commit $(hits commit), extract $(hits extract)," \
	"compact $(hits compact), swap $(hits swap)"
[ "$(hits doc)" -eq "$n_clean" ] && [ "$(hits compact)" -eq 1 ] && [ "$(hits swap)" -eq 1 ] &&
	[ "$(hits commit)" -ge $(( n_clean / batch + 1 )) ] ||
	{ echo "  FAIL the clean run does not pass the test points as expected (a build without base/testpoint?)"; exit 1; }

# stop_at POINT N: runs the indexer over $work/db in its own process group
# ($pg) with a stop at the Nth POINT and waits until a process of it is
# stopped there (returns 0) or the run ends without reaching it (1).
stop_at() {
	rm -f "$work/tp"
	KINDEX_TESTPOINT="$1:$2" KINDEX_TESTPOINT_FILE=$work/tp \
		setsid "$KINDEX" index --db "$work/db" "${opts[@]}" "$corpus" > "$work/run.out" 2>&1 &
	pg=$!
	local s=
	while :; do
		if [ -s "$work/tp" ]; then
			local who
			who=$(awk '{print $3; exit}' "$work/tp")
			s=$(pstate "$who")
			[ "$s" = T ] || [ -z "$s" ] && break
		else
			s=$(pstate "$pg")
			[ -z "$s" ] || [ "$s" = Z ] && break
		fi
		sleep 0.005
	done
	[ -s "$work/tp" ] && [ "$s" = T ] && return 0
	wait "$pg"
	echo "run ended (exit $?) before $1:$2"
	pg=
	return 1
}

# After a kill: the group is gone, the index is whole.  Prints the state.
check_after_kill() {
	local i=$1 t=0 alive
	# the workers die with their parent (PR_SET_PDEATHSIG); give them 5 s
	while alive=$(live "$pg"); [ -n "$alive" ] && [ "$t" -lt 500 ]; do sleep 0.01; t=$((t + 1)); done
	if [ -n "$alive" ]; then
		echo "FAIL kill $i: processes of the killed indexer still running: $alive"
		kill -KILL -- "-$pg" 2>/dev/null
	fi
	pg=
	if [ ! -e "$work/db/iamglass" ]; then
		echo "no index yet"
		return
	fi
	xapian-check "$work/db" > "$work/check.out" 2>&1 || { echo "FAIL kill $i: xapian-check: $(tail -1 "$work/check.out")"; return; }
	"$KINDEX" search --db "$work/db" --json --limit 1 '' > "$work/s.json" 2> "$work/s.err" ||
		{ echo "FAIL kill $i: kindex search cannot open the index: $(head -1 "$work/s.err")"; return; }
	local n q
	n=$(ndocs "$work/db")
	q=$(xapian-delve -a -1 "$work/db" | grep -c '^Q')
	[ "$n" = "$q" ] || echo "FAIL kill $i: $n documents but $q unique ids"
	[ "$n" -le "$n_clean" ] || echo "FAIL kill $i: $n documents, more than the $n_clean files"
	echo "$n docs committed"
}

complete_and_compare() {
	local label=$1
	"$KINDEX" index --db "$work/db" "${opts[@]}" "$corpus" > "$work/final.out" 2>&1
	local rc=$?
	[ "$rc" -le 1 ] || { fail "$label: re-run exit $rc: $(grep -m1 'kindex index:' "$work/final.out")"; return; }
	fingerprint "$work/db" > "$work/db.fp"
	if cmp -s "$work/clean.fp" "$work/db.fp"; then
		echo "  ok   $label: re-run completed ($(head -1 "$work/final.out" | cut -c1-60)...); index equals the clean one ($n_clean documents, all terms)"
		compared=$((compared + 1))
	else
		fail "$label: completed index differs from the clean one: $(diff "$work/clean.fp" "$work/db.fp" | head -5 | tr '\n' ' ')"
	fi
	leftovers=$(ls -d "$work"/db.compact-* 2>/dev/null | wc -l)
	[ "$leftovers" -eq 0 ] || fail "$label: $leftovers compaction folder(s) left beside the index after the re-run"
}

# kill_at LABEL POINT N: stops the run at the Nth POINT, SIGKILLs the
# indexer's main process there and checks what is left.
kill_at() {
	local label=$1 point=$2 n=$3 state
	if ! stop_at "$point" "$n" > "$work/stop.msg"; then
		fail "$label: $(cat "$work/stop.msg")"
		return
	fi
	kill -KILL "$pg"
	wait "$pg" 2>/dev/null
	killed=$((killed + 1))
	state=$(check_after_kill "$killed" | tr '\n' ' ')
	printf '  kill %2d: SIGKILL at %-12s -> %s\n' "$killed" "$point:$n" "$state"
	case "$state" in *FAIL*) fails=$((fails + 1)) ;; *) survived=$((survived + 1)) ;; esac
}

survived=0
compared=0
killed=0
kinds=(doc commit extract batch)
rm -rf "$work/db"
for i in $(seq 0 $((kills - 1))); do
	n=0
	[ -e "$work/db/iamglass" ] && n=$(ndocs "$work/db")
	left=$((n_clean - n))   # documents this run must still write
	kind=${kinds[$(( (i + i / 5) % 4 ))]}
	[ "$left" -eq 0 ] && kind=commit
	case $kind in
	doc) max=$left ;;                        # one pass per document written
	commit | batch) max=$((left / batch + 1)) ;; # at least this many batches
	extract) max=$(( (left + 1) / 2 )) ;;      # two workers: one extracts at least half
	esac
	kill_at "kill $((i + 1))" "$kind" $(( 1 + RANDOM % max ))
	if [ $(( (i + 1) % 5 )) -eq 0 ] || [ "$i" -eq $((kills - 1)) ]; then
		complete_and_compare "after kill $((i + 1))"
		rm -rf "$work/db" "$work"/db.compact-*
	fi
done

# Aimed kills around compaction (from an empty index, so that the run
# compacts): at the last commit, with the compacted copy complete but not
# swapped in, and swapped in with the old index still beside it.
compact_kills=0
for point in "commit:$(hits commit)" compact:1 swap:1; do
	rm -rf "$work/db" "$work"/db.compact-*
	kill_at "$point" "${point%:*}" "${point#*:}"
	case $point in compact:* | swap:*) compact_kills=$((compact_kills + 1)) ;; esac
	complete_and_compare "after the kill at $point"
done

echo "  Ctrl-C:"
rm -rf "$work/db"
third=$(( n_clean / 3 ))
[ "$third" -ge 1 ] || third=1
if stop_at doc "$third" > "$work/stop.msg"; then
	ti=$(date +%s%N)
	kill -INT -- "-$pg"
	kill -CONT -- "-$pg"
	wait "$pg"
	rc=$?
	te=$(date +%s%N)
	pg=
	stop_ms=$(( (te - ti) / 1000000 ))
	n=$(ndocs "$work/db")
	if [ "$rc" -eq 130 ] && grep -q '^interrupted: stopped after the last complete batch' "$work/run.out" &&
		[ "$n" -lt "$n_clean" ]; then
		echo "  ok   SIGINT to the process group at doc:$third: exit 130 in $stop_ms ms, '$(grep '^interrupted' "$work/run.out" | cut -c1-50)...', $n of $n_clean documents committed"
	else
		fail "SIGINT at doc:$third: exit $rc, $n of $n_clean documents, output: $(head -3 "$work/run.out" | tr '\n' ' ')"
	fi
	xapian-check "$work/db" > /dev/null 2>&1 || fail "SIGINT: xapian-check"
	complete_and_compare "after Ctrl-C"
else
	fail "Ctrl-C: $(cat "$work/stop.msg")"
fi

echo "KILL_RESULT kills=$killed compaction_kills=$compact_kills survived=$survived compared=$compared clean_docs=$n_clean fails=$fails"
[ "$fails" -eq 0 ] && [ "$killed" -eq $((kills + 3)) ]
