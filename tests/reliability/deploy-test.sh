#!/usr/bin/env bash
# deploy-test.sh - `make install` into scratch folders and the systemd units
# it installs: files where they belong, the installed binary reads its data
# files from PREFIX/share/kindex, `systemd-analyze verify` accepts the units
# (when systemd-analyze is there), the man page renders without warnings.
#
#   tests/reliability/deploy-test.sh        (from anywhere; uses make -C ROOT)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
check() { local what=$1; shift; if "$@"; then echo "  ok   $what"; else echo "  FAIL $what"; fails=$((fails + 1)); fi; }

make -s -C "$root" install DESTDIR="$work/dest" > "$work/log1" 2>&1
check "make install DESTDIR=… (PREFIX /usr/local)" [ $? -eq 0 ]
for f in bin/kindex lib/kindex/kindex-heavy share/kindex/meta-rules.txt share/kindex/courts.txt share/kindex/cite-formats.txt share/kindex/synonyms.txt share/kindex/glossary.tsv \
	share/kindex/dutch-parts.txt share/man/man1/kindex.1 lib/systemd/system/kindex.service \
	lib/systemd/system/kindex-index.service lib/systemd/system/kindex-index.timer lib/sysusers.d/kindex.conf; do
	[ -e "$work/dest/usr/local/$f" ] || { echo "  missing: /usr/local/$f"; fails=$((fails + 1)); }
done
echo "  installed: $(cd "$work/dest" && find . -type f | wc -l) files under DESTDIR"

# A real prefix: the binary must find its data there, the units name it.
make -s -C "$root" install PREFIX="$work/prefix" > "$work/log2" 2>&1
check "make install PREFIX=…" [ $? -eq 0 ]
mkdir -p "$work/pdfs"
cp "$(find "$root/corpus/samples" -name '*.pdf' | sort | head -1)" "$work/pdfs/"
"$work/prefix/bin/kindex" index --db "$work/db" --quiet "$work/pdfs" > /dev/null 2>&1
check "the installed kindex indexes (through PREFIX/lib/kindex/kindex-heavy)" [ -f "$work/db/iamglass" ]
if command -v strace > /dev/null; then
	strace -f -e trace=openat -o "$work/trace" "$work/prefix/bin/kindex" search --db "$work/db" kind > /dev/null 2>&1
	check "the installed binary reads its data files from PREFIX/share/kindex" \
		grep -q "\"$work/prefix/share/kindex/synonyms.txt\", O_RDONLY|O_CLOEXEC) = [0-9]" "$work/trace"
else
	check "the installed binary names PREFIX/share/kindex" grep -q "$work/prefix/share/kindex" "$work/prefix/bin/kindex"
fi
check "units name the installed binary" grep -q "ExecStart=$work/prefix/bin/kindex serve" \
	"$work/prefix/lib/systemd/system/kindex.service"
if command -v systemd-analyze > /dev/null; then
	u=$work/prefix/lib/systemd/system
	systemd-analyze verify --man=no "$u/kindex.service" "$u/kindex-index.service" "$u/kindex-index.timer" > "$work/verify" 2>&1
	rc=$?
	sed 's/^/  | /' "$work/verify"
	check "systemd-analyze verify accepts the three units" [ "$rc" -eq 0 ]
	exposure=$(systemd-analyze security --offline=yes "$u/kindex.service" 2>/dev/null | grep -o 'exposure level for kindex.service: [0-9.]*' | grep -o '[0-9.]*$')
	echo "  systemd-analyze security: kindex.service exposure ${exposure:-?} (0 = fully sandboxed, 10 = none)"
else
	echo "  (no systemd-analyze: units not verified)"
fi
warn=$(MANWIDTH=80 man --warnings -l "$root/docs/kindex.1" 2>&1 > /dev/null)
check "kindex(1) renders without warnings" [ -z "$warn" ]
echo "DEPLOY_RESULT fails=$fails"
[ "$fails" -eq 0 ]
