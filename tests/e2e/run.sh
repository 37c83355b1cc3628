#!/usr/bin/env bash
# run.sh - end-to-end tests: index the bundled corpus (plus broken files),
# search it through the CLI and over HTTP, and check real hits.
#
# Needs: $KINDEX (the binary), python3 (for JSON checks), curl, xapian-tools.
# Uses corpus/samples of this repository; KINDEX_CORPUS overrides it.
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

echo "== indexing (with broken files among good ones)"
cp -r "$corpus" "$work/docs"
n_good=$(find "$work/docs" -name '*.pdf' | wc -l)
head -c 4000 "$corpus/un/CRC-C-GC-14_best-interests.pdf" > "$work/docs/truncated copy.pdf"
echo "this is not a PDF" > "$work/docs/not-a-pdf.pdf"
: > "$work/docs/empty.pdf"
db=$work/db
"$KINDEX" index --db "$db" "$work/docs" > "$work/index1.out" 2>&1
rc=$?
cat "$work/index1.out" | head -20
check "index exits 1 when some files failed" [ "$rc" -eq 1 ]
check "truncated file named with its reason" grep -q "truncated copy.pdf: damaged" "$work/index1.out"
check "non-PDF named with its reason" grep -q "not-a-pdf.pdf: not a PDF" "$work/index1.out"
check "empty file named" grep -q "empty.pdf: empty file" "$work/index1.out"
check "every good file indexed ($n_good)" grep -q "^indexed $n_good new" "$work/index1.out"
check "scan read by OCR, not reported as having no text" \
	sh -c "grep -q '^OCR: 1 page read by OCR' '$work/index1.out' && ! grep -q 'AA3911-scan.pdf: no text layer' '$work/index1.out'"
check "xapian-check accepts the index" quiet xapian-check "$db"
check "xapian-delve opens the index" quiet xapian-delve "$db"

echo "== incremental runs"
"$KINDEX" index --db "$db" "$work/docs" > "$work/index2.out" 2>&1
check "second run re-extracts nothing" grep -q "^indexed 0 new, 0 changed, 0 metadata-only; $n_good unchanged" "$work/index2.out"
rm "$work/docs/truncated copy.pdf" "$work/docs/not-a-pdf.pdf" "$work/docs/empty.pdf"
touch -d '2020-01-01' "$work/docs/un/CRC-C-GC-8_corporal-punishment.pdf"
rm "$work/docs/rulings-nl/ECLI_NL_GHSGR_2006_AY3631.pdf"
"$KINDEX" index --db "$db" "$work/docs" > "$work/index3.out" 2>&1
check "changed file re-indexed, deleted one removed" \
	grep -q "^indexed 0 new, 1 changed, 0 metadata-only; $((n_good - 2)) unchanged (not re-extracted); 1 removed; 0 failed" "$work/index3.out"
n_docs=$((n_good - 1))

echo "== search from the command line"
"$KINDEX" search --db "$db" 'belang van het kind' > "$work/s1.out"
head -12 "$work/s1.out"
check "Dutch query finds documents" grep -q "^1\. " "$work/s1.out"
check "hits name their page" grep -q "^   p\. [0-9]" "$work/s1.out"
"$KINDEX" search --db "$db" --json 'belang van het kind' > "$work/s1.json"
check "JSON: total > 0" [ "$(json_py 'd["total"] > 0' < "$work/s1.json")" = True ]
check "JSON: every hit has id, path, title, score, pages, lang and a snippet with page and marked text" \
	[ "$(json_py 'all(r["id"] > 0 and r["path"] and r["title"] and r["score"] > 0 and r["pages"] > 0 and r["lang"] and r["snippet"]["page"] >= 1 and "<mark>" in r["snippet"]["html"] and r["snippet"]["text"] for r in d["results"])' < "$work/s1.json")" = True ]
check "JSON: the snippet's words come from the page it names" python3 - "$db" "$KINDEX" "$work/s1.json" <<'PY'
import json, subprocess, sys, re
db, kindex, f = sys.argv[1:]
d = json.load(open(f))
for r in d["results"][:5]:
    page = r["snippet"]["page"]
    out = subprocess.run([kindex, "show", "--db", db, "--text", str(r["id"])], capture_output=True, text=True).stdout
    m = re.search(r"--- page %d ---\n(.*?)(\n--- page |\Z)" % page, out, re.S)
    text = " ".join(m.group(1).split())
    marked = re.findall(r"<mark>(.*?)</mark>", r["snippet"]["html"])
    if not marked or not all(w.replace("&#39;", "'") in text for w in marked):
        print("snippet words not on page", page, r["path"], marked[:5]); sys.exit(1)
PY
"$KINDEX" search --db "$db" --json '"best interests of the child"' > "$work/s2.json"
check "English phrase: General Comment 14 among the first three" \
	[ "$(json_py 'any("GC-14" in r["path"] for r in d["results"][:3])' < "$work/s2.json")" = True ]
# finds_other_form LANG QUERY FORM: searching QUERY finds a document in LANG
# whose text has FORM but not QUERY itself (stemming at work).
finds_other_form() {
	"$KINDEX" search --db "$db" --json --limit 50 "$2" > "$work/stem.json"
	python3 - "$db" "$KINDEX" "$work/stem.json" "$1" "$2" "$3" <<'PY'
import json, subprocess, sys
db, kindex, f, lang, query, form = sys.argv[1:]
for r in json.load(open(f))["results"]:
    t = subprocess.run([kindex, "show", "--db", db, "--text", str(r["id"])], capture_output=True, text=True).stdout.lower()
    if r["lang"] == lang and form in t and query not in t:
        sys.exit(0)
sys.exit(1)
PY
}
check "Dutch stemming: 'beslissingen' finds Dutch documents that only say 'beslissing'" \
	finds_other_form nl beslissingen beslissing
check "English stemming in the same index: 'assessments' finds English documents that only say 'assessment'" \
	finds_other_form en assessments assessment
# Phrases of the data files are index terms (search/phrases.h): the same
# documents as matching them by positions, which an index without the
# kindex.phrases list falls back to.
cp -r "$db" "$work/db-positions"
xapian-metadata set "$work/db-positions" kindex.phrases ""
same_as_positions() {
	"$KINDEX" search --db "$db" --json --limit 100 "$1" > "$work/ph1.json" &&
	"$KINDEX" search --db "$work/db-positions" --json --limit 100 "$1" > "$work/ph2.json" &&
	python3 - "$work/ph1.json" "$work/ph2.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
paths = lambda d: sorted(r["path"] for r in d["results"])
sys.exit(0 if a["total"] > 0 and a["total"] == b["total"] and paths(a) == paths(b) else 1)
PY
}
for q in 'belang van het kind' '"best interests of the child"' 'family reunification' \
	'"het belang van het kind"' 'alleenstaande minderjarige vreemdeling'; do
	check "phrase terms find what positions find: $q" same_as_positions "$q"
done
KINDEX_DESCRIBE=1 "$KINDEX" search --db "$db" --limit 1 '"best interests of the child"' 2> "$work/desc.txt" > /dev/null
check "a quoted data-file phrase is one term" grep -q 'XK0:best interest of the child' "$work/desc.txt"
"$KINDEX" search --db "$db" --json 'title:nareis' > "$work/s3.json"
check "title: field prefix" [ "$(json_py 'd["total"] >= 1 and all("nareis" in r["title"].lower() for r in d["results"])' < "$work/s3.json")" = True ]
"$KINDEX" search --db "$db" --json 'kinderbescherm*' > "$work/s4.json"
check "wildcard" [ "$(json_py 'd["total"] >= 1' < "$work/s4.json")" = True ]
"$KINDEX" search --db "$db" --json 'verblijfsvergunning NOT gezinshereniging' > "$work/s5.json"
"$KINDEX" search --db "$db" --json 'verblijfsvergunning' > "$work/s6.json"
check "NOT narrows" [ "$(json_py 'd["total"]' < "$work/s5.json")" -lt "$(json_py 'd["total"]' < "$work/s6.json")" ]
"$KINDEX" search --db "$db" --json --limit 2 --offset 2 'kind' > "$work/s7.json"
"$KINDEX" search --db "$db" --json --limit 4 'kind' > "$work/s8.json"
check "offset pages through the same ranking" \
	[ "$(json_py '[r["id"] for r in d["results"]]' < "$work/s7.json")" = "$(json_py '[r["id"] for r in d["results"][2:4]]' < "$work/s8.json")" ]
"$KINDEX" search --db "$db" 'belang AND (' > /dev/null 2> "$work/err.out"
check "a malformed query is a usage error with a message" [ $? -eq 2 ] && grep -q "kindex search:" "$work/err.out"

echo "== articles of the Convention"
"$KINDEX" search --db "$db" --json --article 12 > "$work/a12.json"
check "--article 12 finds documents" [ "$(json_py 'd["total"] > 0' < "$work/a12.json")" = True ]
check "--article 12: every hit cites CRC article 12" \
	[ "$(json_py 'all(any(a == "12" or a.startswith("12(") for a in r["articles"]) for r in d["results"])' < "$work/a12.json")" = True ]
"$KINDEX" search --db "$db" --json 'art:3.1 verblijfsvergunning' > "$work/a31.json"
check "art:3.1 with words: hits cite 3(1)" \
	[ "$(json_py 'd["total"] > 0 and all(any(a.startswith("3(1)") for a in r["articles"]) for r in d["results"])' < "$work/a31.json")" = True ]

echo "== metadata: filters, facets, sorting, corrections"
"$KINDEX" search --db "$db" --json --limit 100 --type ruling --from 2015 --article 3 > "$work/f1.json"
check "filters alone: only rulings from 2015 on that cite article 3" \
	[ "$(json_py 'd["total"] > 0 and all(r["type"] == "ruling" and r["date"][:4] >= "2015" and any(a == "3" or a.startswith("3(") for a in r["articles"]) for r in d["results"])' < "$work/f1.json")" = True ]
check "filters alone: newest first" [ "$(json_py '[r["date"] for r in d["results"]] == sorted([r["date"] for r in d["results"]], reverse=True)' < "$work/f1.json")" = True ]
check "facet counts agree with the results" \
	[ "$(json_py 'd["facets"]["type"] == {"ruling": d["total"]} and sum(d["facets"]["year"].values()) == d["total"] and d["facets"]["article"]["CRC:3"] == d["total"] and sum(d["facets"]["court"].values()) == d["total"]' < "$work/f1.json")" = True ]
"$KINDEX" search --db "$db" --json --limit 100 --court RVS > "$work/f2.json"
check "--court RVS: only Raad van State" [ "$(json_py 'd["total"] > 0 and all(r["court"] == "RVS" for r in d["results"])' < "$work/f2.json")" = True ]
"$KINDEX" search --db "$db" --json --limit 100 --lang en --type un_views > "$work/f3.json"
check "--lang en --type un_views" [ "$(json_py 'd["total"] > 0 and all(r["lang"] == "en" and r["type"] == "un_views" for r in d["results"])' < "$work/f3.json")" = True ]
target="$work/docs/rulings-nl/ECLI_NL_CRVB_2014_355.pdf"
"$KINDEX" show --db "$db" --json "$target" > "$work/show1.json"
check "show: each field with how it was found" [ "$(json_py 'd["meta"]["court"]["value"] == "CRVB" and len(d["meta"]["court"]["source"]) > 0 and d["meta"]["date"]["value"] == "2014-02-06"' < "$work/show1.json")" = True ]
printf 'type: report\ndate: 1999-12-31\ncourt: HR\n' > "$target.meta"
"$KINDEX" index --db "$db" "$work/docs" > "$work/index4.out" 2>&1
check "a new sidecar is picked up without re-extracting the PDF" grep -q "^indexed 0 new, 0 changed, 1 metadata-only" "$work/index4.out"
"$KINDEX" show --db "$db" --json "$target" > "$work/show2.json"
check "the sidecar's corrections take effect, with their source" \
	[ "$(json_py 'd["meta"]["type"]["value"] == "report" and d["meta"]["date"]["value"] == "1999-12-31" and d["meta"]["court"]["value"] == "HR" and "sidecar" in d["meta"]["type"]["source"]' < "$work/show2.json")" = True ]
"$KINDEX" search --db "$db" --json --type report --to 2000 > "$work/f4.json"
check "the corrected document is found by its new type and date" [ "$(json_py 'any(r["path"].endswith("ECLI_NL_CRVB_2014_355.pdf") for r in d["results"])' < "$work/f4.json")" = True ]
cp "$work/docs/un/CRC-C-GC-14_best-interests.pdf" "$work/docs/GC14 copy.pdf"
"$KINDEX" index --db "$db" "$work/docs" > /dev/null 2>&1
"$KINDEX" search --db "$db" --json '"best interests of the child"' > "$work/d1.json"
check "the same document saved twice is shown once, with its other path" \
	[ "$(json_py 'sum(1 for r in d["results"] if "GC-14" in r["path"] or "GC14 copy" in r["path"]) == 1 and any(any("GC14 copy" in p or "GC-14" in p for p in r["duplicates"]) for r in d["results"])' < "$work/d1.json")" = True ]
rm "$work/docs/GC14 copy.pdf" "$target.meta"
"$KINDEX" index --db "$db" "$work/docs" > /dev/null 2>&1

echo "== the web server"
if "$KINDEX" serve --help > /dev/null 2>&1; then
	users=$work/users
	printf 'e2e-secret-pw\n' | "$KINDEX" user add --users "$users" e2e > /dev/null
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$KINDEX" serve --db "$db" --users "$users" --port "$port" > "$work/serve.out" 2>&1 &
	server_pid=$!
	for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
	base="http://127.0.0.1:$port"
	code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/search?q=kind")
	check "API without credentials is refused (401)" [ "$code" = 401 ]
	curl -s -u e2e:e2e-secret-pw "$base/api/search?q=belang+van+het+kind" > "$work/h1.json"
	check "/api/search gives the same hits as the CLI" \
		[ "$(json_py '[r["id"] for r in d["results"]]' < "$work/h1.json")" = "$(json_py '[r["id"] for r in d["results"]]' < "$work/s1.json")" ]
	# A session for the HTML pages.
	jar=$work/jar
	csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "user=e2e" --data-urlencode "password=e2e-secret-pw" --data-urlencode "csrf=$csrf" "$base/login"
	curl -s -b "$jar" "$base/search?q=belang+van+het+kind" > "$work/h1.html"
	first_title=$(json_py 'd["results"][0]["title"].split(",")[0][:30]' < "$work/s1.json")
	check "/search lists the first CLI hit" grep -qF "$first_title" "$work/h1.html"
	check "/search names pages and links the PDF at that page" grep -q '/pdf#page=[0-9]' "$work/h1.html"
	id=$(json_py 'd["results"][0]["id"]' < "$work/s1.json")
	ctype=$(curl -s -b "$jar" -o "$work/doc.pdf" -w '%{content_type}' "$base/doc/$id/pdf")
	check "/doc/ID/pdf serves the PDF" [ "$ctype" = application/pdf ] && head -c 5 "$work/doc.pdf" | grep -q '%PDF-'
	# Sorting: without words newest first, and the switch says so; asked
	# for, relevance (how often the article is cited) holds without words.
	curl -s -u e2e:e2e-secret-pw "$base/api/search?article=3&limit=50" > "$work/sd.json"
	curl -s -u e2e:e2e-secret-pw "$base/api/search?article=3&limit=50&sort=relevance" > "$work/sr.json"
	check "no words: sorted by date, and the answer says so" \
		[ "$(json_py 'd["sort"] == "date" and [r["date"] for r in d["results"]] == sorted([r["date"] for r in d["results"]], reverse=True)' < "$work/sd.json")" = True ]
	check "no words, sort=relevance: by relevance (citation counts), not by date" \
		[ "$(json_py 'd["sort"] == "relevance" and [r["score"] for r in d["results"]] == sorted([r["score"] for r in d["results"]], reverse=True)' < "$work/sr.json")" = True ]
	curl -s -b "$jar" "$base/search?article=3" > "$work/sd.html"
	check "/search without words marks date as the current order" \
		grep -q '<span aria-current="true">datum</span>' "$work/sd.html"
	check "/search without words links relevance explicitly" grep -q 'sort=relevance' "$work/sd.html"
	check "/search with words marks relevance as the current order" \
		grep -q '<span aria-current="true">relevantie</span>' "$work/h1.html"
	curl -s -b "$jar" "$base/search?q=committee&court=CRC" > "$work/crc-nl.html"
	curl -s -b "$jar" "$base/search?q=committee&court=CRC&lang_ui=en" > "$work/crc-en.html"
	check "Dutch pages name the UN Committee in Dutch (facet and hits)" \
		[ "$(grep -o 'VN-Kinderrechtencomité' "$work/crc-nl.html" | wc -l)" -ge 2 ] && \
		! grep -q 'UN Committee on the Rights of the Child' "$work/crc-nl.html"
	check "English pages name it in English" grep -q 'UN Committee on the Rights of the Child' "$work/crc-en.html"
	code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base/doc/..%2f..%2fetc%2fpasswd/pdf")
	check "path traversal on /doc is refused ($code)" [ "$code" -ge 400 ] && [ "$code" -lt 500 ]
	code=$(curl -s -b "$jar" -o "$work/x.html" -w '%{http_code}' "$base/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
	check "script in a query comes back escaped" [ "$code" -lt 500 ] && ! grep -q '<script>alert(1)' "$work/x.html"
	kill "$server_pid" && wait "$server_pid" 2>/dev/null
	server_pid=
else
	not_ok "kindex serve is not available in this build"
fi
finish
