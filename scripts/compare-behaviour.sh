#!/bin/sh
# compare-behaviour.sh - does a change alter what kindex answers?
#
# usage: scripts/compare-behaviour.sh [BEFORE [AFTER]]
#
# BEFORE and AFTER are each a kindex binary (a path to an executable file)
# or a git revision of this repository, which is exported with `git archive`
# into a temporary folder and built there.  BEFORE defaults to HEAD, AFTER to
# the working tree's build/kindex (built with `make` first).
#
# Each binary indexes corpus/samples into an index of its own (one job, so
# that document ids are assigned in the same order), then answers:
#   - every query of tests/data/judged-queries.tsv  (search --json --limit 20)
#   - the article queries art:3, art:3.1, art:12, art:22, art:37, art:37.b,
#     art:OPSC:2                                     (search --json --limit 50)
#   - four misspelt words, for the spelling suggestion (search --json --limit 5)
#   - `kindex show --json` of every PDF under corpus/samples
# Timing fields (ms, ms_parts) are dropped, the rest compared as canonical
# JSON.  Each binary reads the data files it was built with, or $KINDEX_DATA.
# One line per item, identical or different, then a summary line; the
# exit status is 0 when everything is identical, 1 otherwise, 2 on error.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kindex-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# binary_for ARG NAME: print the path of a kindex binary for ARG.
binary_for() {
	if [ -f "$1" ] && [ -x "$1" ]; then
		(cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")")
		return
	fi
	rev=$(git -C "$root" rev-parse --verify --quiet "$1^{commit}") || {
		echo "compare-behaviour: '$1' is neither a binary nor a revision" >&2
		exit 2
	}
	src="$work/src-$2"
	mkdir -p "$src"
	git -C "$root" archive "$rev" | tar -x -C "$src"
	echo "compare-behaviour: building $2 = $(git -C "$root" log -1 --format='%h %s' "$rev" | cut -c1-60)" >&2
	make -C "$src" -j2 >"$work/build-$2.log" 2>&1 || {
		echo "compare-behaviour: build of $1 failed, see:" >&2
		tail -20 "$work/build-$2.log" >&2
		exit 2
	}
	printf '%s/build/kindex\n' "$src"
}

before_arg=${1:-HEAD}
if [ $# -ge 2 ]; then
	after_arg=$2
else
	make -C "$root" -j2 >"$work/build-worktree.log" 2>&1 || {
		tail -20 "$work/build-worktree.log" >&2
		exit 2
	}
	after_arg="$root/build/kindex"
fi
A=$(binary_for "$before_arg" before)
B=$(binary_for "$after_arg" after)

# The canonical form of a JSON document on stdin: timings dropped, keys sorted.
canon() {
	python3 -c '
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k not in ("ms", "ms_parts")}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
print(json.dumps(strip(json.load(sys.stdin)), sort_keys=True, indent=1))'
}

# answers SIDE BINARY: index and write one file per item into $work/SIDE/.
answers() {
	out="$work/$1"
	mkdir -p "$out"
	db="$work/db-$1"
	"$2" index --db "$db" --jobs 1 "$root/corpus/samples" >"$out/index.log" 2>&1 || {
		echo "compare-behaviour: $1 failed to index:" >&2
		tail -5 "$out/index.log" >&2
		exit 2
	}
	i=0
	while IFS= read -r q; do
		i=$((i + 1))
		"$2" search --db "$db" --json --limit 20 -- "$q" 2>/dev/null | canon >"$out/q$i.json" ||
			echo "error" >"$out/q$i.json"
	done <"$work/queries"
	for a in $ARTS; do
		"$2" search --db "$db" --json --limit 50 -- "$a" 2>/dev/null | canon >"$out/$a.json" ||
			echo "error" >"$out/$a.json"
	done
	for a in $SPELL; do
		"$2" search --db "$db" --json --limit 5 -- "$a" 2>/dev/null | canon >"$out/$a.json" ||
			echo "error" >"$out/$a.json"
	done
	i=0
	while IFS= read -r f; do
		i=$((i + 1))
		"$2" show --db "$db" --json "$f" 2>/dev/null | canon >"$out/show$i.json" ||
			echo "missing" >"$out/show$i.json"
	done <"$work/files"
}

ARTS="art:3 art:3.1 art:12 art:22 art:37 art:37.b art:OPSC:2"
# Misspelt words, whose answers carry the spelling suggestion ("corrected").
SPELL="verblijfsvergunnig gezinsherenigng detentoin kinderrechtn"
grep -v '^#' "$root/tests/data/judged-queries.tsv" | awk -F'\t' 'NF >= 3 && $3 != "query" && !seen[$3]++ { print $3 }' >"$work/queries"
find "$root/corpus/samples" -name '*.pdf' | sort >"$work/files"

echo "before: $A"
echo "after:  $B"
answers before "$A"
answers after "$B"

same=0 diff=0
report() { # report LABEL FILE
	if cmp -s "$work/before/$2" "$work/after/$2"; then
		same=$((same + 1))
		echo "identical  $1"
	else
		diff=$((diff + 1))
		echo "DIFFERENT  $1"
		diff -u "$work/before/$2" "$work/after/$2" | sed -n '3,12p' | sed 's/^/    /'
	fi
}
i=0
while IFS= read -r q; do
	i=$((i + 1))
	report "query $q" "q$i.json"
done <"$work/queries"
for a in $ARTS $SPELL; do
	report "query $a" "$a.json"
done
i=0
while IFS= read -r f; do
	i=$((i + 1))
	report "show ${f#"$root"/}" "show$i.json"
done <"$work/files"
echo "summary: $same identical, $diff different ($((same + diff)) items)"
[ "$diff" -eq 0 ]
