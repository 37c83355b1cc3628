#!/usr/bin/env bash
# workbench.sh - end-to-end tests of collections, exports, saved searches,
# feeds and `kindex alerts`, through the HTTP API as scripts use it.
#
# Needs: $KINDEX, python3, curl, unzip, pdftotext.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# One ruling citing art. 3 lid 1 is held back, to arrive after a search for
# art:3.1 was saved.
held=rulings-nl/ECLI.NL.RBDHA.2023.TEST.0006.pdf
held_ecli=ECLI:NL:RBDHA:2023:TEST.0006
cp -r "$corpus" "$work/docs"
mkdir -p "$work/later"
mv "$work/docs/$held" "$work/later/"
db=$work/db
"$KINDEX" index --db "$db" "$work/docs" > /dev/null 2>&1
users=$work/users
printf 'wb-secret-pw-1\n' | "$KINDEX" user add --users "$users" anna > /dev/null
printf 'wb-secret-pw-2\n' | "$KINDEX" user add --users "$users" bert > /dev/null

# cond 'shell condition': a whole condition for check (check hands only its
# own arguments to the command, so `check X [ a ] && [ b ]` would test a alone).
cond() { eval "$1"; }
absent() { ! grep -q "$@"; }

start_server() {
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$KINDEX" serve --db "$db" --users "$users" --port "$port" "$@" >> "$work/serve.out" 2>&1 &
	server_pid=$!
	for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
	base="http://127.0.0.1:$port"
}
start_server
A=(-s -u anna:wb-secret-pw-1)
Bq=(-s -u bert:wb-secret-pw-2)
# post URL JSON: prints "status body"
post() { curl "${A[@]}" -o "$work/post.out" -w '%{http_code}' -X POST --data-binary "$2" "$base$1"; }

echo "== collections through the API"
code=$(post /api/collections '{"name":"Jeugddetentie – cursus"}')
coll=$(json_py 'd["id"]' < "$work/post.out")
check "POST /api/collections answers 201 with an id" cond '[ "$code" = 201 ] && [ "$coll" -ge 1 ]'
curl "${A[@]}" "$base/api/search?q=belang+van+het+kind&type=ruling&limit=5" > "$work/s.json"
n_hits=$(json_py 'len([r for r in d["results"] if r["snippet"]])' < "$work/s.json")
check "the search gives at least two hits with passages ($n_hits)" [ "$n_hits" -ge 2 ]
for i in 0 1; do
	json_py "json.dumps({'doc': d['results'][$i]['id'], 'page': d['results'][$i]['snippet']['page'], 'text': d['results'][$i]['snippet']['text'], 'note': 'voor de cursus $i'})" < "$work/s.json" > "$work/item$i.json"
	code=$(post "/api/collections/$coll/items" "$(cat "$work/item$i.json")")
	check "passage $i kept (201)" [ "$code" = 201 ]
done
curl "${A[@]}" "$base/api/collections/$coll" > "$work/coll.json"
check "the collection holds the two passages in order" \
	[ "$(json_py '[i["pos"] for i in d["items"]] == [1, 2] and all(i["text"] and i["note"].startswith("voor de cursus") for i in d["items"])' < "$work/coll.json")" = True ]
check "each passage cites its ruling as the Leidraad does: court, day, month written out, year, ECLI, page" \
	[ "$(json_py 'all(__import__("re").match(r"^(Rb\. [A-Z][\w\x27-]+( [A-Z][\w-]+)*( \(zittingsplaats [^)]+\))?|ABRvS|HR|CRvB|CBb|Hof [A-Z\x27][\w\x27 -]+) [0-9]{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) [0-9]{4}, ECLI:NL:[A-Z]+:[0-9]{4}:[A-Z0-9.]+, (r\.o\. [0-9.]+|p\. [0-9]+)$", i["cite_as"]["nl"]) for i in d["items"])' < "$work/coll.json")" = True ]
json_py '"\n".join(i["cite_as"]["nl"] for i in d["items"])' < "$work/coll.json" > "$work/cites.txt"
head -2 "$work/cites.txt" | sed 's/^/       /'

echo "== exports"
curl "${A[@]}" -o "$work/c.docx" "$base/api/collections/$coll/export?format=docx"
check "Word: word/document.xml holds both citations" python3 - "$work/c.docx" "$work/cites.txt" <<'EOF'
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def text(part):
    return "".join(t.text or "" for t in ET.fromstring(z.read(part)).iter(W + "t"))
doc, notes = text("word/document.xml"), text("word/footnotes.xml")
cites = [c for c in open(sys.argv[2]).read().split("\n") if c]
assert len(cites) == 2 and all(c in doc and c in notes for c in cites), (cites, doc[:300])
assert "Jeugddetentie – cursus" in doc
EOF
curl "${A[@]}" -o "$work/c.pdf" "$base/api/collections/$coll/export?format=pdf"
pdftotext "$work/c.pdf" "$work/c.txt" 2> /dev/null
check "PDF: pdftotext reads both citations" python3 - "$work/c.txt" "$work/cites.txt" <<'EOF'
import sys
squash = lambda s: "".join(s.split())
text = squash(open(sys.argv[1]).read())
cites = [c for c in open(sys.argv[2]).read().split("\n") if c]
assert all(squash(c) in text for c in cites)
EOF
curl "${A[@]}" -o "$work/c.ris" "$base/api/collections/$coll/export?format=ris"
check "RIS: one record per passage, rulings as CASE" \
	cond '[ "$(grep -c "^TY  - CASE" "$work/c.ris")" = 2 ] && [ "$(grep -c "^ER  - " "$work/c.ris")" = 2 ]'
curl "${A[@]}" -o "$work/c.csv" "$base/api/collections/$coll/export?format=csv"
check "CSV: a header and a row per passage, with the citation" python3 - "$work/c.csv" "$work/cites.txt" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
cites = [c for c in open(sys.argv[2]).read().split("\n") if c]
assert len(rows) == 3 and rows[0][1] == "citation" and [r[1] for r in rows[1:]] == cites
EOF
code=$(curl "${A[@]}" -o /dev/null -w '%{http_code}' "$base/api/collections/$coll/export?format=xls")
check "an unknown export format is a 400" [ "$code" = 400 ]

echo "== private by default"
code=$(curl "${Bq[@]}" -o /dev/null -w '%{http_code}' "$base/api/collections/$coll")
check "another user gets 404 for the collection" [ "$code" = 404 ]
code=$(curl "${Bq[@]}" -o /dev/null -w '%{http_code}' "$base/api/collections/$coll/export?format=docx")
check "another user gets 404 for its export" [ "$code" = 404 ]
code=$(curl "${Bq[@]}" -o /dev/null -w '%{http_code}' -X DELETE "$base/api/collections/$coll")
check "another user cannot delete it (404)" [ "$code" = 404 ]
check "another user's list is empty" [ "$(curl "${Bq[@]}" "$base/api/collections" | json_py 'len(d["collections"])')" = 0 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/collections")
check "without credentials: 401" [ "$code" = 401 ]
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/collections")
check "the collections page without a session goes to the login (303)" [ "$code" = 303 ]
# A session: writes need its CSRF token.
jar=$work/jar
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "user=anna" --data-urlencode "password=wb-secret-pw-1" --data-urlencode "csrf=$csrf" "$base/login"
scsrf=$(curl -s -b "$jar" "$base/collections" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
check "the collections page has the session's CSRF token" [ ${#scsrf} -ge 32 ]
code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' -X POST --data '{"name":"x"}' "$base/api/collections")
check "a session's API write without X-CSRF-Token is refused (403)" [ "$code" = 403 ]
code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' -X POST -H "X-CSRF-Token: ${scsrf}x" --data '{"name":"x"}' "$base/api/collections")
check "... and with a wrong token (403)" [ "$code" = 403 ]
code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' -X POST -H "X-CSRF-Token: $scsrf" --data '{"name":"x"}' "$base/api/collections")
check "... and accepted with the right one (201)" [ "$code" = 201 ]
code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' --data "name=form" "$base/collections")
check "a form post without its csrf field is refused (403)" [ "$code" = 403 ]
curl -s -b "$jar" "$base/collections/$coll" > "$work/coll.html"
cite1=$(head -1 "$work/cites.txt" | sed "s/'/\&#39;/g")
check "the collection page shows the passages' citations, escaped, with a copy button" \
	cond 'grep -q "data-copy=\"" "$work/coll.html" && grep -qF "$cite1" "$work/coll.html"'

echo "== bad input"
code=$(post "/api/collections/$coll/items" '{"doc": 999999, "page": 1, "text": "x"}')
check "a document that does not exist is a 400" [ "$code" = 400 ]
code=$(post "/api/collections/$coll/items" "{\"doc\": $(json_py 'd["doc"]' < "$work/item0.json"), \"page\": 5000}")
check "a page the document does not have is a 400" [ "$code" = 400 ]
long=$(python3 -c 'print("n" * 5000)')
code=$(post "/api/collections/$coll/items" "{\"doc\": $(json_py 'd["doc"]' < "$work/item0.json"), \"page\": 1, \"note\": \"$long\"}")
check "an over-long note is a 400" [ "$code" = 400 ]
code=$(post "/api/collections/$coll/items" '{"doc": 1, "page": ')
check "a malformed body is a 400" [ "$code" = 400 ]
code=$(post /api/collections/987654/items '{"doc": 1}')
check "an unknown collection is a 404" [ "$code" = 404 ]
code=$(post /api/collections '{"name": ""}')
check "an empty name is a 400" [ "$code" = 400 ]

echo "== saved searches, feeds and alerts"
code=$(post /api/saved '{"name":"art. 3 lid 1","q":"art:3.1"}')
feed=$(json_py 'd["feed"]' < "$work/post.out")
check "POST /api/saved answers 201 with a feed path" cond '[ "$code" = 201 ] && [ "${feed#/feed/}" != "$feed" ]'
curl -s "$base$feed" > "$work/feed1.xml"
check "the feed is Atom, readable with its token alone" python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
assert r.tag == "{http://www.w3.org/2005/Atom}feed" and len(r.findall("{http://www.w3.org/2005/Atom}entry")) >= 1' "$work/feed1.xml"
check "the held-back ruling is not in it yet" absent "$held_ecli" "$work/feed1.xml"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/feed/$(printf '%064d' 0)")
check "a wrong feed token is a 404" [ "$code" = 404 ]
code=$(curl "${Bq[@]}" -o /dev/null -w '%{http_code}' "$base/api/saved/$(curl "${A[@]}" "$base/api/saved" | json_py 'd["saved"][0]["id"]')")
check "another user gets 404 for the saved search" [ "$code" = 404 ]
check "nothing is new right after saving" [ "$(curl "${A[@]}" "$base/api/saved" | json_py 'd["saved"][0]["new"]')" = 0 ]
"$KINDEX" alerts --db "$db" > "$work/alerts0.out" 2> "$work/alerts0.err"
check "kindex alerts: nothing new before the ruling arrives" grep -q ', 0 new matches' "$work/alerts0.err"
cp "$work/later/$(basename "$held")" "$work/docs/rulings-nl/"
"$KINDEX" index --db "$db" "$work/docs" > /dev/null 2>&1
sleep 1.2 # the server reopens the index when it changed
curl -s "$base$feed" > "$work/feed2.xml"
check "the feed gains the ruling citing art. 3 lid 1 indexed after saving" grep -q "$held_ecli" "$work/feed2.xml"
check "the list says 1 new" [ "$(curl "${A[@]}" "$base/api/saved" | json_py 'd["saved"][0]["new"]')" = 1 ]
"$KINDEX" alerts --db "$db" > "$work/alerts1.out" 2> /dev/null
check "kindex alerts names the new ruling with its citation" grep -q "Rb. Den Haag.*$held_ecli" "$work/alerts1.out"
"$KINDEX" alerts --db "$db" > "$work/alerts2.out" 2> "$work/alerts2.err"
check "a second run reports nothing again" cond '[ ! -s "$work/alerts2.out" ] && grep -q ", 0 new matches" "$work/alerts2.err"'
sid=$(curl "${A[@]}" "$base/api/saved" | json_py 'd["saved"][0]["id"]')
curl "${A[@]}" -o "$work/tok.json" -X POST "$base/api/saved/$sid/token"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base$feed")
check "a revoked feed token is a 404" [ "$code" = 404 ]
check "the new token works" [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$(json_py 'd["feed"]' < "$work/tok.json")")" = 200 ]

echo "== killed mid-write"
kcoll=$(post /api/collections '{"name":"kill"}' > /dev/null; json_py 'd["id"]' < "$work/post.out")
doc=$(json_py 'd["doc"]' < "$work/item0.json")
python3 - "$base" "$kcoll" "$doc" > "$work/acked" 2> /dev/null <<'EOF' &
import base64, http.client, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
auth = "Basic " + base64.b64encode(b"anna:wb-secret-pw-1").decode()
acked = 0
try:
    for i in range(100000):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
        c.request("POST", "/api/collections/%s/items" % sys.argv[2],
                  '{"doc": %s, "page": 1, "text": "passage %d"}' % (sys.argv[3], i),
                  {"Authorization": auth})
        if c.getresponse().status == 201:
            acked += 1
            print(acked, flush=True)
except Exception:
    pass
EOF
writer=$!
for _ in $(seq 100); do [ "$(tail -1 "$work/acked" 2> /dev/null || echo 0)" -ge 25 ] 2> /dev/null && break; sleep 0.05; done
kill -9 "$server_pid"
wait "$server_pid" 2> /dev/null
wait "$writer" 2> /dev/null
acked=$(tail -1 "$work/acked" 2> /dev/null || echo 0)
start_server
kept=$(curl "${A[@]}" "$base/api/collections/$kcoll" | json_py 'len(d["items"])')
check "every acknowledged write survived the kill ($acked acknowledged, $kept kept)" \
	cond '[ "$acked" -ge 1 ] && [ "$kept" -ge "$acked" ] && [ "$kept" -le $((acked + 1)) ]'
check "the first collection is whole after the kill" \
	[ "$(curl "${A[@]}" "$base/api/collections/$coll" | json_py 'len(d["items"])')" = 2 ]
check "SQLite finds the file intact" [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db.workbench.sqlite")" = ok ]
kill "$server_pid" && wait "$server_pid" 2> /dev/null
server_pid=

echo "== a damaged or unsafe store is refused, never replaced"
head -c 8192 /dev/urandom > "$work/bad.sqlite"
sum=$(md5sum < "$work/bad.sqlite")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
timeout 10 "$KINDEX" serve --db "$db" --users "$users" --port "$port" --workbench "$work/bad.sqlite" > "$work/bad.out" 2>&1
rc=$?
check "the server does not start on a damaged store, and names it (rc $rc)" \
	cond '[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "bad.sqlite" "$work/bad.out"'
check "the damaged file is left as it was" [ "$(md5sum < "$work/bad.sqlite")" = "$sum" ]
cp "$db.workbench.sqlite" "$work/open.sqlite"
chmod 666 "$work/open.sqlite"
timeout 10 "$KINDEX" serve --db "$db" --users "$users" --port "$port" --workbench "$work/open.sqlite" > "$work/open.out" 2>&1
check "a store others may write is refused" grep -q "others may write" "$work/open.out"
finish
