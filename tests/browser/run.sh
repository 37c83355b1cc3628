#!/usr/bin/env bash
# run.sh - browser tests of the kindex web server: index a few PDFs of the
# repository's corpus, create a user, start `kindex serve` on a free port and
# drive headless Chromium through flow.mjs (log in, search, filter by
# article, open a document and its PDF, switch language, log out).
#
# Needs: $KINDEX (the binary; default build/kindex), node + npm, python3,
# /usr/bin/chromium.  Installs playwright-core into tests/browser/node_modules
# when it is missing.  Screenshots go to tests/artifacts/browser/.
# Exits non-zero when any check fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
[ -d "$corpus" ] || corpus=/work/shared/corpus
artifacts=$root/tests/artifacts/browser
work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/playwright-core" ]; then
	echo "== installing playwright-core"
	(cd "$here" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund;
	 else npm install --no-audit --no-fund playwright-core@1; fi) > "$work/npm.log" 2>&1 ||
		{ cat "$work/npm.log"; exit 1; }
fi

echo "== indexing a few PDFs of $corpus"
mkdir -p "$work/docs"
# Dutch rulings (they speak of "het belang van het kind"), the Convention,
# General Comment 14 and one ECtHR judgment: enough for every step.
n=0
while IFS= read -r f; do
	cp "$f" "$work/docs/"
	n=$((n + 1))
done < <(find "$corpus" -name '*.pdf' \( -path '*rulings-nl*' -o -path '*rulings/nl*' \
	-o -name 'CRC_IVRK*' -o -name '*GC-14*' -o -name 'ECHR_001-72317*' \
	-o -name 'CRC-C-79-D-12-2017*' \) | sort | head -n 25)
[ "$n" -gt 0 ] || { echo "no PDFs found under $corpus"; exit 1; }
"$KINDEX" index --db "$work/db" "$work/docs" > "$work/index.log" 2>&1 ||
	{ cat "$work/index.log"; exit 1; }
echo "   $n PDFs indexed"

users=$work/users
printf 'browser-test-pw\n' | "$KINDEX" user add --users "$users" tester > /dev/null 2>&1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$work/db" --users "$users" --port "$port" --threads 2 \
	> "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$port/login" && break
	sleep 0.1
done

mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
status=0
KINDEX_URL="http://127.0.0.1:$port" KINDEX_USER=tester KINDEX_PASSWORD=browser-test-pw \
KINDEX_ARTIFACTS="$artifacts" node "$here/flow.mjs" || status=$?
KINDEX_URL="http://127.0.0.1:$port" KINDEX_USER=tester KINDEX_PASSWORD=browser-test-pw \
KINDEX_ARTIFACTS="$artifacts" node "$here/workbench.mjs" || status=$?
mkdir -p "$root/docs/screenshots"
KINDEX_URL="http://127.0.0.1:$port" KINDEX_USER=tester KINDEX_PASSWORD=browser-test-pw \
KINDEX_SCREENSHOTS="$root/docs/screenshots" node "$here/pages17.mjs" || status=$?
if [ "$status" -ne 0 ]; then
	echo "== server log"
	cat "$work/serve.log"
fi
exit "$status"
