#!/usr/bin/env bash
# article-shots.sh - screenshots of the article pages in Dutch into
# docs/screenshots/ (article-3-1-nl.png, article-37-nl.png): indexes
# corpus/samples, starts `kindex serve` and drives headless Chromium through
# article-shots.mjs.  Needs what run.sh needs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm ci --no-audit --no-fund > /dev/null)
"$KINDEX" index --db "$work/db" "$corpus" > /dev/null 2>&1 || true
printf 'shots-pw-123\n' | "$KINDEX" user add --users "$work/users" shots > /dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$work/db" --users "$work/users" --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
mkdir -p "$root/docs/screenshots"
KINDEX_URL="http://127.0.0.1:$port" KINDEX_USER=shots KINDEX_PASSWORD=shots-pw-123 \
	KINDEX_SHOTS="$root/docs/screenshots" node "$here/article-shots.mjs"
