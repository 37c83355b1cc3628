#!/usr/bin/env bash
# kill-test.sh - crash safety of `kindex index`.
#
# Kills the indexer with SIGKILL at $KILLS (20) different moments over a
# corpus, in groups of five: each group starts from an empty index and each
# kill interrupts the run that continues the previous one.  After every kill:
# xapian-check passes, `kindex search` opens the index, no worker outlives
# its indexer; after every group a re-run completes the index and it must
# equal a clean index of the same files (document count, the set of unique
# ids, every term).  Then Ctrl-C: SIGINT to the whole process group stops
# the run at a batch boundary (exit 130) and a re-run completes it.
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
cp "$KINDEX" "$work/kindex" && KINDEX=$work/kindex
fails=0
fail() { echo "  FAIL $*"; fails=$((fails + 1)); }
opts=(--batch 10 --quiet)

# The index as a comparable text: document count and every term.
fingerprint() {
	xapian-delve "$1" | grep -E '^number of documents' || return 1
	xapian-delve -a -1 "$1" || return 1
}

echo "  corpus: $corpus ($(find -L "$corpus" -iname '*.pdf' | wc -l) PDFs), seed $seed"
t0=$(date +%s%N)
"$KINDEX" index --db "$work/clean" "${opts[@]}" "$corpus" > "$work/clean.out" 2>&1
t1=$(date +%s%N)
clean_ms=$(( (t1 - t0) / 1000000 ))
fingerprint "$work/clean" > "$work/clean.fp" || { echo "  FAIL clean index"; exit 1; }
n_clean=$(xapian-delve "$work/clean" | sed -n 's/^number of documents = //p')
n_q=$(grep -c '^Q' "$work/clean.fp")
echo "  clean index: $n_clean documents, $n_q unique ids, in $clean_ms ms"

# Runs the indexer in its own process group; sets $pg.
start() {
	setsid "$KINDEX" index --db "$work/db" "${opts[@]}" "$corpus" > "$work/run.out" 2>&1 &
	pg=$!
}

check_after_kill() {
	local i=$1
	sleep 0.3
	# zombies do not count: PID 1 of a container may not reap them
	local alive
	alive=$(ps -o pid=,stat= -g "$pg" 2>/dev/null | awk '$2 !~ /^Z/ {print $1}' | tr '\n' ' ')
	if [ -n "$alive" ]; then
		fail "kill $i: processes of the killed indexer still running: $alive"
		kill -KILL -- "-$pg" 2>/dev/null
	fi
	pg=
	if [ ! -e "$work/db/iamglass" ]; then
		echo "no index yet"
		return
	fi
	xapian-check "$work/db" > "$work/check.out" 2>&1 || { fail "kill $i: xapian-check: $(tail -1 "$work/check.out")"; return; }
	"$KINDEX" search --db "$work/db" --json --limit 1 '' > "$work/s.json" 2> "$work/s.err" ||
		{ fail "kill $i: kindex search cannot open the index: $(head -1 "$work/s.err")"; return; }
	local n
	n=$(xapian-delve "$work/db" | sed -n 's/^number of documents = //p')
	local q
	q=$(xapian-delve -a -1 "$work/db" | grep -c '^Q')
	[ "$n" = "$q" ] || fail "kill $i: $n documents but $q unique ids"
	[ "$n" -le "$n_clean" ] || fail "kill $i: $n documents, more than the $n_clean files"
	echo "$n docs"
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

survived=0
compared=0
killed=0
finished=0
max_ms=$(( clean_ms * 6 / 10 ))
[ "$max_ms" -lt 1500 ] && max_ms=1500
rm -rf "$work/db"
round=0
while [ "$killed" -lt "$kills" ] && [ "$round" -lt $(( kills * 3 )) ]; do
	round=$((round + 1))
	# spread the delays: early (opening, first batch), middle, late
	delay_ms=$(( 50 + (RANDOM * 32768 + RANDOM) % max_ms ))
	start
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	if kill -0 "$pg" 2>/dev/null; then
		kill -KILL "$pg"
		wait "$pg" 2>/dev/null
		killed=$((killed + 1))
		state=$(check_after_kill "$killed" | tr '\n' ' ')
		printf '  kill %2d: SIGKILL after %5d ms -> %s\n' "$killed" "$delay_ms" "$state"
		case "$state" in *FAIL*) fails=$((fails + 1)) ;; *) survived=$((survived + 1)) ;; esac
		if [ $(( killed % 5 )) -eq 0 ] || [ "$killed" -eq "$kills" ]; then
			complete_and_compare "after kill $killed"
			rm -rf "$work/db" "$work"/db.compact-*
		fi
	else
		# the run completed before its kill: start over from empty so
		# that the next kills hit a run with work to do
		wait "$pg" 2>/dev/null
		pg=
		finished=$((finished + 1))
		printf '  (run completed before the kill at %d ms; starting again from an empty index)\n' "$delay_ms"
		complete_and_compare "completed run"
		rm -rf "$work/db" "$work"/db.compact-*
	fi
done
[ "$killed" -ge "$kills" ] || fail "only $killed kills in $round rounds"

# Aimed kills: while the indexer compacts the index into a sibling folder
# and swaps it in (after a run that wrote most of the index).
compact_kills=0
for extra in 0 30 150; do
	rm -rf "$work/db" "$work"/db.compact-*
	start
	t=0
	while kill -0 "$pg" 2>/dev/null && ! ls -d "$work"/db.compact-* > /dev/null 2>&1 && [ "$t" -lt 200000 ]; do
		sleep 0.005
		t=$((t + 5))
	done
	if ls -d "$work"/db.compact-* > /dev/null 2>&1 && kill -0 "$pg" 2>/dev/null; then
		sleep "0.$(printf '%03d' "$extra")"
		kill -KILL "$pg" 2>/dev/null
		wait "$pg" 2>/dev/null
		killed=$((killed + 1))
		compact_kills=$((compact_kills + 1))
		state=$(check_after_kill "$killed" | tr '\n' ' ')
		printf '  kill %2d: SIGKILL %3d ms into compaction -> %s\n' "$killed" "$extra" "$state"
		case "$state" in *FAIL*) fails=$((fails + 1)) ;; *) survived=$((survived + 1)) ;; esac
		complete_and_compare "after the kill during compaction"
	else
		wait "$pg" 2>/dev/null
		pg=
		echo "  (compaction not caught: run ended first)"
	fi
done

echo "  Ctrl-C:"
rm -rf "$work/db"
"$KINDEX" index --db "$work/db" "${opts[@]}" "$corpus" > /dev/null 2>&1 # a complete index...
touch "$work/stamp"
# ... that must now be re-extracted from scratch
rm -rf "$work/db"
setsid "$KINDEX" index --db "$work/db" --batch 10 "$corpus" > "$work/int.out" 2>&1 &
pg=$!
sleep "$(printf '%d.%03d' $(( (clean_ms / 3) / 1000 )) $(( (clean_ms / 3) % 1000 )))"
ti=$(date +%s%N)
kill -INT -- "-$pg"
wait "$pg"
rc=$?
te=$(date +%s%N)
pg=
stop_ms=$(( (te - ti) / 1000000 ))
n=$(xapian-delve "$work/db" 2>/dev/null | sed -n 's/^number of documents = //p')
if [ "$rc" -eq 130 ] && grep -q '^interrupted: stopped after the last complete batch' "$work/int.out"; then
	echo "  ok   SIGINT to the process group: exit 130 in $stop_ms ms, '$(grep '^interrupted' "$work/int.out" | cut -c1-50)...', $n of $n_clean documents committed"
else
	fail "SIGINT: exit $rc, output: $(head -3 "$work/int.out" | tr '\n' ' ')"
fi
xapian-check "$work/db" > /dev/null 2>&1 || fail "SIGINT: xapian-check"
complete_and_compare "after Ctrl-C"

echo "KILL_RESULT kills=$killed compaction_kills=$compact_kills survived=$survived compared=$compared clean_docs=$n_clean fails=$fails"
[ "$fails" -eq 0 ]
