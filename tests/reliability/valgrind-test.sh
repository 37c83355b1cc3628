#!/usr/bin/env bash
# valgrind-test.sh - the indexer (parent and its forked workers) and the
# server under valgrind memcheck: no invalid reads or writes, no definite or
# indirect leaks.  Suppressions (documented): tests/reliability/valgrind.supp.
#
# The indexer indexes a few samples plus the quick poison cases (damaged,
# encrypted, not PDFs, page-tree loops, zero pages, script payloads; the
# bombs are left out: under valgrind they only test the time limit again);
# the server answers the hostile requests of server-test.py, then SIGTERM.
#   KINDEX=build/kindex tests/reliability/valgrind-test.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
fails=0
VG=(valgrind --soname-synonyms=somalloc=*jemalloc* --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --suppressions="$here/valgrind.supp" --error-exitcode=99)
command -v valgrind > /dev/null || { echo "  SKIP valgrind is not installed"; exit 0; }

"$here/make-poison.sh" "$work/poison" "$work/manifest.tsv" > /dev/null
mkdir -p "$work/docs"
for f in truncated.pdf corrupt-xref.pdf not-a-pdf.pdf empty.pdf encrypted-user-password.pdf zero-pages.pdf \
	 pagetree-self-loop.pdf pagetree-deep-100000.pdf objstm-huge.pdf xobject-recursion.pdf \
	 image-only-generated.pdf xss-title-and-text.pdf; do
	cp "$work/poison/$f" "$work/docs/"
done
cp "$root/corpus/samples/un/CRC-C-GC-14_best-interests.pdf" "$root/corpus/samples/scans/"*.pdf "$work/docs/"
# --no-ocr: tesseract under memcheck takes many minutes a page (OCR runs
# under ASan in make asan-test instead).
"${VG[@]}" --log-file="$work/vg-index.%p.log" "$KINDEX" index --db "$work/db" --jobs 2 --timeout 600 --no-ocr \
	"$work/docs" > "$work/index.out" 2>&1
rc=$?
[ "$rc" -le 1 ] || { echo "  FAIL indexer under valgrind: exit $rc"; fails=$((fails + 1)); }
report() {
	local key=$1 what=$2; shift 2
	local n=0 bad=0 f
	for f in "$@"; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		local errs def ind
		errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$f" | tail -1)
		def=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tail -1)
		ind=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tail -1)
		if [ "${errs:-x}" != 0 ] || { [ -n "$def" ] && [ "$def" != 0 ]; } || { [ -n "$ind" ] && [ "$ind" != 0 ]; }; then
			bad=$((bad + 1))
			echo "  FAIL $what: $(basename "$f"): errors=${errs:-none (killed?)} definitely lost=${def:-?} indirectly lost=${ind:-?}"
			grep -m3 -A6 -E 'Invalid|definitely lost in' "$f" | sed 's/^/       /'
		fi
	done
	[ "$bad" -eq 0 ] && echo "  ok   $what: $n processes, 0 errors, 0 bytes definitely or indirectly lost"
	fails=$((fails + bad))
	VG_SUMMARY="$VG_SUMMARY ${key}_processes=$n ${key}_bad=$bad"
}
VG_SUMMARY=
report indexer "indexer (parent + workers, $(ls "$work/docs" | wc -l) files)" "$work"/vg-index.*.log
SERVE_PREFIX="${VG[*]} --log-file=$work/vg-serve.%p.log" SLOW_MS=60000 \
	python3 "$here/server-test.py" "$KINDEX" "$root/corpus/samples" > "$work/server.out" 2>&1
src=$?
grep -E '^(HOSTILE|READERS)_RESULT' "$work/server.out" | sed 's/^/  /'
[ "$src" -eq 0 ] || { echo "  FAIL server-test under valgrind:"; grep FAIL "$work/server.out" | head -5; fails=$((fails + 1)); }
report server "server (hostile requests, readers while writing, SIGTERM)" "$work"/vg-serve.*.log
echo "VALGRIND_RESULT$VG_SUMMARY fails=$fails"
[ "$fails" -eq 0 ]
