#!/usr/bin/env bash
# run.sh - end-to-end tests: index the bundled corpus (plus broken files),
# search it through the CLI and over HTTP, and check real hits.
#
# Needs: $KINDEX (the binary), python3 (for JSON checks), curl, xapian-tools,
# pdftotext (poppler-utils: the page texts are checked against it).
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
# The text kindex shows for page N is page N of the PDF, as pdftotext (not
# kindex) reads it: the page store and its cache (search/docdata.c) must not
# hand out another page.  Whitespace and hyphens are left out of the
# comparison (pdftotext joins words broken at a line end).
check "show --text: every page of every document is that page of the PDF (pdftotext -f N -l N)" \
	python3 - "$db" "$KINDEX" "$work/docs" <<'PY'
import glob, json, re, subprocess, sys
db, kindex, top = sys.argv[1:]
norm = lambda s: re.sub(r"[\s\-\u00ad\u2010\u2011]", "", s)
n_pages = bad = 0
for f in sorted(glob.glob(top + "/**/*.pdf", recursive=True)):
    out = subprocess.run([kindex, "show", "--db", db, "--text", f], capture_output=True, text=True).stdout
    pages = {int(m.group(1)): m.group(2) for m in re.finditer(r"--- page (\d+) ---\n(.*?)(?=\n--- page |\Z)", out, re.S)}
    # Pages read by OCR (a scan) have no text layer for pdftotext to read.
    meta = json.loads(subprocess.run([kindex, "show", "--db", db, "--json", f], capture_output=True, text=True).stdout)
    ocr = {o["page"] for o in meta.get("ocr", [])}
    for n in sorted(set(pages) - ocr):
        ref = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), f, "-"], capture_output=True, text=True).stdout
        n_pages += 1
        if norm(pages[n]) != norm(ref):
            bad += 1
            if bad <= 3:
                print("   page %d of %s differs from pdftotext's: %r" % (n, f, pages[n][:80]))
print("   %d pages compared, %d differ" % (n_pages, bad))
sys.exit(0 if n_pages >= 100 and bad == 0 else 1)
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
# A phrase of the data files adds weight to its words; it does not replace
# them (issue 18: "juvenile detention" found only the documents with the
# phrase, not General Comment 10 on juvenile justice).
"$KINDEX" search --db "$db" --json --limit 100 'juvenile detention' > "$work/pw1.json"
"$KINDEX" search --db "$db" --json --limit 100 'juvenile AND detention' > "$work/pw2.json"
"$KINDEX" search --db "$db" --json --limit 100 '"juvenile detention"' > "$work/pw3.json"
check "a data-file phrase adds to its words: every document with both words is found" \
	python3 - "$work/pw1.json" "$work/pw2.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
paths = lambda d: {r["path"] for r in d["results"]}
sys.exit(0 if b["total"] > 1 and paths(b) <= paths(a) else 1)
PY
check "... and a document with the phrase itself ranks first" \
	python3 - "$work/pw1.json" "$work/pw3.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(0 if b["total"] > 0 and a["results"][0]["path"] in {r["path"] for r in b["results"]} else 1)
PY
# Words no document holds are named; a query that finds nothing runs its
# spelling correction instead and says so (--exact: the words as typed).
"$KINDEX" search --db "$db" --json 'xyzzyqqq kinderen' > "$work/u1.json"
check "a word no document holds is named in the answer" \
	[ "$(json_py 'd["total"] > 0 and d.get("unknown") == ["xyzzyqqq"] and "instead_of" not in d' < "$work/u1.json")" = True ]
# A Dutch word no document holds is searched by its English translations
# (FreeDict, search/xlate.h), and the answer says which.
"$KINDEX" search --db "$db" --json 'kinderen zonder elektriciteit' > "$work/u4.json"
check "a word searched by its translation says so (translated)" \
	[ "$(json_py 'd["unknown"] == ["elektriciteit"] and "electricity" in d.get("translated", {}).get("elektriciteit", "")' < "$work/u4.json")" = True ]
check "…and a word without one has none" [ "$(json_py '"translated" not in d' < "$work/u1.json")" = True ]
"$KINDEX" search --db "$db" 'kinderen zonder elektriciteit' > "$work/u4.txt"
check "the CLI says what it searched instead" grep -q '^not found: elektriciteit (searched as: electricity' "$work/u4.txt"
"$KINDEX" search --db "$db" --json 'gezinsherenging' > "$work/u2.json"
check "nothing found: the corrected query runs, and the answer says so" \
	[ "$(json_py 'd["total"] > 0 and d["corrected"] == "gezinshereniging" and d["instead_of"] == "gezinsherenging" and d["unknown"] == ["gezinsherenging"]' < "$work/u2.json")" = True ]
"$KINDEX" search --db "$db" --json --exact 'gezinsherenging' > "$work/u3.json"
check "--exact: the words as typed, with the suggestion" \
	[ "$(json_py 'd["total"] == 0 and d["corrected"] == "gezinshereniging" and "instead_of" not in d' < "$work/u3.json")" = True ]
"$KINDEX" search --db "$db" --json 'title:nareis' > "$work/s3.json"
check "title: field prefix" [ "$(json_py 'd["total"] >= 1 and all("nareis" in r["title"].lower() for r in d["results"])' < "$work/s3.json")" = True ]
"$KINDEX" search --db "$db" --json 'kinderbescherm*' > "$work/s4.json"
check "wildcard" [ "$(json_py 'd["total"] >= 1' < "$work/s4.json")" = True ]
"$KINDEX" search --db "$db" --json 'verblijfsvergunning NOT gezinshereniging' > "$work/s5.json"
"$KINDEX" search --db "$db" --json 'verblijfsvergunning' > "$work/s6.json"
check "NOT narrows" [ "$(json_py 'd["total"]' < "$work/s5.json")" -lt "$(json_py 'd["total"]' < "$work/s6.json")" ]
"$KINDEX" search --db "$db" --json --limit 2 --offset 2 'kind' > "$work/s7.json"
"$KINDEX" search --db "$db" --json --limit 4 'kind' > "$work/s8.json"
check "offset pages through the same ranking (two hits, not an empty list)" \
	eval '[ "$(json_py "len(d[\"results\"])" < "$work/s7.json")" -eq 2 ] &&
	      [ "$(json_py '"'"'[r["id"] for r in d["results"]]'"'"' < "$work/s7.json")" = "$(json_py '"'"'[r["id"] for r in d["results"][2:4]]'"'"' < "$work/s8.json")" ]'
"$KINDEX" search --db "$db" 'belang AND (' > /dev/null 2> "$work/err.out"
rc=$?
check "a malformed query is a usage error with a message" eval '[ "$rc" -eq 2 ] && grep -q "kindex search:" "$work/err.out"'

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
# Text counts no facets (issue 19): its total comes from the match alone,
# and must be the --json total (the facet count's), duplicates counted once.
for q in '"best interests of the child"' 'child' 'kind'; do
	"$KINDEX" search --db "$db" --json "$q" > "$work/d2.json"
	"$KINDEX" search --db "$db" "$q" > "$work/d2.txt"
	check "text and --json give the same total for $q" \
		[ "$(sed -n '1s/ document.*//p' "$work/d2.txt")" = "$(json_py 'd["total"]' < "$work/d2.json")" ]
done
rm "$work/docs/GC14 copy.pdf" "$target.meta"
"$KINDEX" index --db "$db" "$work/docs" > /dev/null 2>&1

echo "== the web server"
# A document whose PDF title and text carry markup, for the escaping checks.
mkdir -p "$work/xss"
python3 - "$work/xss/markup-title.pdf" <<'PY'
import sys
title = b'<script>alert\\("e2e-xss"\\)</script><b>e2e-bold</b>'
content = b'BT /F1 12 Tf 72 700 Td (zzxsstitle <script>alert\\(2\\)</script> markup in the text) Tj ET'
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>',
        b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream', b'<< /Title (' + title + b') >>']
b, offs = bytearray(b'%PDF-1.7\n'), []
for i, o in enumerate(objs):
    offs.append(len(b))
    b += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
x = len(b)
b += b'xref\n0 6\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offs)
b += b'trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n' % x
open(sys.argv[1], 'wb').write(bytes(b))
PY
"$KINDEX" index --db "$db" "$work/xss" > "$work/index-xss.out" 2>&1
check "the document with markup in its title is indexed" grep -q "^indexed 1 new" "$work/index-xss.out"
# (the collection changed: the CLI's answer again, to compare the server's with)
"$KINDEX" search --db "$db" --json 'belang van het kind' > "$work/s1.json"
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
	check "/doc/ID/pdf serves the PDF" eval '[ "$ctype" = application/pdf ] && [ "$(head -c 5 "$work/doc.pdf")" = "%PDF-" ]'
	# Sorting: without words newest first, and the switch says so; asked
	# for, relevance (how often the article is cited) holds without words.
	curl -s -u e2e:e2e-secret-pw "$base/api/search?article=3&limit=50" > "$work/sd.json"
	curl -s -u e2e:e2e-secret-pw "$base/api/search?article=3&limit=50&sort=relevance" > "$work/sr.json"
	check "no words: sorted by date, and the answer says so" \
		[ "$(json_py 'd["sort"] == "date" and len(set(r["date"] for r in d["results"])) >= 3 and [r["date"] for r in d["results"]] == sorted([r["date"] for r in d["results"]], reverse=True)' < "$work/sd.json")" = True ]
	check "no words, sort=relevance: by relevance (citation counts), not by date" \
		[ "$(json_py 'd["sort"] == "relevance" and len(set(r["score"] for r in d["results"])) >= 2 and [r["score"] for r in d["results"]] == sorted([r["score"] for r in d["results"]], reverse=True) and [r["date"] for r in d["results"]] != sorted([r["date"] for r in d["results"]], reverse=True)' < "$work/sr.json")" = True ]
	curl -s -b "$jar" "$base/search?article=3" > "$work/sd.html"
	check "/search without words marks date as the current order" \
		grep -q '<span aria-current="true">datum</span>' "$work/sd.html"
	check "/search without words links relevance explicitly" grep -q 'sort=relevance' "$work/sd.html"
	check "/search with words marks relevance as the current order" \
		grep -q '<span aria-current="true">relevantie</span>' "$work/h1.html"
	curl -s -b "$jar" "$base/search?q=committee&court=CRC" > "$work/crc-nl.html"
	curl -s -b "$jar" "$base/search?q=committee&court=CRC&lang_ui=en" > "$work/crc-en.html"
	check "Dutch pages name the UN Committee in Dutch (facet and hits)" \
		eval '[ "$(grep -o "VN-Kinderrechtencomité" "$work/crc-nl.html" | wc -l)" -ge 2 ] &&
		      ! grep -q "UN Committee on the Rights of the Child" "$work/crc-nl.html"'
	check "English pages name it in English" grep -q 'UN Committee on the Rights of the Child' "$work/crc-en.html"
	curl -s -b "$jar" "$base/search?q=gezinsherenging" > "$work/c1.html"
	check "/search: results for the correction, the words typed one click away (exact=1)" \
		grep -q 'Resultaten voor <strong>gezinshereniging</strong>; zoek in plaats daarvan op <a href="[^"]*exact=1[^"]*">gezinsherenging</a>' "$work/c1.html"
	check "/search names the words not found" grep -q 'Niet gevonden in de documenten: <em>gezinsherenging</em>' "$work/c1.html"
	curl -s -b "$jar" "$base/search?q=kinderen+zonder+elektriciteit" > "$work/c5.html"
	check "/search says a word was searched by its English translation" \
		grep -q '<em>elektriciteit</em> (gezocht op de Engelse vertaling: electricity' "$work/c5.html"
	curl -s -b "$jar" "$base/search?q=gezinsherenging&exact=1" > "$work/c2.html"
	check "/search?exact=1: no results, the suggestion offered" \
		grep -q 'Bedoelde u <a' "$work/c2.html" && ! grep -q 'Resultaten voor' "$work/c2.html"
	code=$(curl -s -u e2e:e2e-secret-pw -o /dev/null -w '%{http_code}' "$base/api/search?q=kind&exact=yes")
	check "exact=yes is refused (400)" [ "$code" = 400 ]
	code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base/doc/..%2f..%2fetc%2fpasswd/pdf")
	check "path traversal on /doc is refused with 404 ($code)" [ "$code" = 404 ]
	code=$(curl -s -b "$jar" -o "$work/x.html" -w '%{http_code}' "$base/search?q=%3Cscript%3Ealert(1)%3C/script%3E%22%27%26")
	check "script in a query comes back escaped ($code)" \
		eval '[ "$code" = 200 ] && ! grep -q "<script>alert(1)" "$work/x.html" && grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" "$work/x.html"'
	check "the page <title> echoing the query is HTML-escaped" \
		eval 'tr "\n" " " < "$work/x.html" | grep -o "<title>[^<]*</title>" | grep -qF "<title>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"'
	# A document whose PDF title and text carry markup (indexed beside the others).
	curl -s -b "$jar" -o "$work/xss.html" "$base/search?q=zzxsstitle"
	check "a hit title from the PDF is HTML-escaped" \
		eval 'grep -q "<li class=\"hit\"" "$work/xss.html" && ! grep -q "<script>alert(\"e2e-xss\")\|<b>e2e-bold</b>" "$work/xss.html" &&
		      tr "\n" " " < "$work/xss.html" | grep -o "<li class=\"hit\"><h3><a [^>]*>[^<]*</a>" | grep -qF "&lt;script&gt;alert(&quot;e2e-xss&quot;)&lt;/script&gt;&lt;b&gt;e2e-bold&lt;/b&gt;"'
	xid=$(curl -s -u e2e:e2e-secret-pw "$base/api/search?q=zzxsstitle" | json_py 'd["results"][0]["id"]')
	curl -s -b "$jar" -o "$work/xssdoc.html" "$base/doc/$xid"
	check "the document page shows that title escaped, in <title> and heading" \
		eval '! grep -q "<script>alert(\"e2e-xss\")\|<b>e2e-bold</b>" "$work/xssdoc.html" &&
		      [ "$(grep -oF "&lt;script&gt;alert(&quot;e2e-xss&quot;)&lt;/script&gt;&lt;b&gt;e2e-bold&lt;/b&gt;" "$work/xssdoc.html" | wc -l)" -ge 2 ]'

	# Without a session (none, a made-up one, or one ended by logging
	# out) every HTML page redirects to /login and shows nothing else; the
	# login page is the only one served.
	no_session() { # no_session LABEL CURL-ARGS...: checks every HTML route
		local label=$1 route code
		shift
		for route in / "/search?q=belang+van+het+kind" "/articles" "/doc/$id" "/doc/$id/pdf" "/search?article=3"; do
			code=$(curl -s "$@" -o "$work/ns.body" -D "$work/ns.head" -w '%{http_code}' "$base$route")
			check "$label: $route redirects to /login ($code)" \
				eval '[ "$code" = 303 ] && grep -qi "^location: /login" "$work/ns.head" &&
				      [ ! -s "$work/ns.body" ] && ! grep -qi "^set-cookie: kx_sess=[0-9a-f]" "$work/ns.head"'
		done
		code=$(curl -s "$@" -o "$work/ns.body" -w '%{http_code}' "$base/login")
		check "$label: /login serves only the login form ($code)" \
			eval '[ "$code" = 200 ] && grep -q "action=\"/login\"" "$work/ns.body" && grep -q "name=\"password\"" "$work/ns.body" &&
			      ! grep -q "action=\"/logout\"\|<li class=\"hit\"" "$work/ns.body"'
		code=$(curl -s "$@" -o /dev/null -w '%{http_code}' "$base/api/search?q=kind")
		check "$label: /api/search is refused ($code)" [ "$code" = 401 ]
	}
	no_session "no session"
	no_session "a made-up session" -b "kx_sess=$(printf '%064d' 7)"

	# CSRF: a login POST needs the form's token and its cookie.
	login_post() { # login_post JAR CSRF-FIELD...: prints the status
		local j=$1
		shift
		curl -s -c "$j" -b "$j" -o "$work/lp.body" -D "$work/lp.head" -w '%{http_code}' \
			--data-urlencode "user=e2e" --data-urlencode "password=e2e-secret-pw" "$@" "$base/login"
	}
	jar2=$work/jar2
	rm -f "$jar2"
	tok=$(curl -s -c "$jar2" -b "$jar2" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(login_post "$jar2")
	check "a login POST without a CSRF token is refused (403, no session) ($code)" \
		eval '[ "$code" = 403 ] && ! grep -qi "^set-cookie: kx_sess=[0-9a-f]" "$work/lp.head"'
	code=$(login_post "$jar2" --data-urlencode "csrf=$(printf '%064d' 1)")
	check "a login POST with a wrong CSRF token is refused (403, no session) ($code)" \
		eval '[ "$code" = 403 ] && ! grep -qi "^set-cookie: kx_sess=[0-9a-f]" "$work/lp.head"'
	rm -f "$work/jar3"
	code=$(login_post "$work/jar3" --data-urlencode "csrf=$tok")
	check "a login POST with the token but without the form's cookie is refused (403) ($code)" \
		eval '[ "$code" = 403 ] && ! grep -qi "^set-cookie: kx_sess=[0-9a-f]" "$work/lp.head"'
	tok=$(curl -s -c "$jar2" -b "$jar2" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(login_post "$jar2" --data-urlencode "csrf=$tok")
	check "a login POST with the form's token logs in (303 and a session) ($code)" \
		eval '[ "$code" = 303 ] && grep -qi "^set-cookie: kx_sess=[0-9a-f]" "$work/lp.head"'

	# Logging out needs the session's token too.
	stok=$(curl -s -b "$jar" "$base/" | sed -n 's/.*action="\/logout"><input type="hidden" name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	sid=$(awk '$6 == "kx_sess" {print $7}' "$jar")
	logout() { curl -s -b "$jar" -o /dev/null -D "$work/lo.head" -w '%{http_code}' -X POST "$@" "$base/logout"; }
	still_in() { [ "$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base/search?q=kind")" = 200 ]; }
	code=$(logout -d "")
	check "logout without a CSRF token is refused and the session stays ($code)" eval '[ "$code" = 403 ] && still_in'
	code=$(logout --data-urlencode "csrf=$(printf '%064d' 2)")
	check "logout with a wrong CSRF token is refused and the session stays ($code)" eval '[ "$code" = 403 ] && still_in'
	code=$(logout --data-urlencode "csrf=$stok")
	check "logout with the session's token ends it (303 to /login) ($code)" \
		eval '[ -n "$stok" ] && [ "$code" = 303 ] && grep -qi "^location: /login" "$work/lo.head" && ! still_in'
	no_session "the session ended by logout" -b "kx_sess=$sid"
	kill "$server_pid" && wait "$server_pid" 2>/dev/null
	server_pid=
else
	not_ok "kindex serve is not available in this build"
fi
finish
