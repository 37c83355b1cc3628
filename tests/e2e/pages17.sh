#!/usr/bin/env bash
# pages17.sh - end-to-end tests of issue 17: the facts lawyers filter by
# (kindex show --json, titles) and the pages' rough edges (facets, tab
# stops, Dutch messages, badges, print stylesheet, index folders, README).
#
# Needs: $KINDEX, python3, curl.  Uses corpus/samples of this repository.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
corpus=$root/corpus/samples
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

echo "== kindex index --db with missing folders"
"$KINDEX" index --quiet --db "$work/new/folders/db" "$corpus/un/CRC-C-79-D-12-2017.pdf" > "$work/index0.out" 2>&1
check "index --db a/b/c creates the missing folders" [ -d "$work/new/folders/db" ]
db=$work/db
"$KINDEX" index --quiet --db "$db" "$corpus" > "$work/index.out" 2>&1
: > "$work/afile"
"$KINDEX" index --db "$work/afile/db" "$corpus/un/CRC-C-79-D-12-2017.pdf" > "$work/bad.out" 2>&1
check "a file in the way is named, not 'mkdir failed'" \
	grep -q "afile is not a folder" "$work/bad.out"

echo "== facts and titles (kindex show --json)"
show() { "$KINDEX" show --db "$db" --json "$corpus/$1"; }
show un/CRC-C-79-D-12-2017.pdf > "$work/v.json"
check "Views: state, outcome, violated articles, parties in meta" \
	[ "$(json_py '(d["meta"]["state"]["value"], d["meta"]["outcome"]["value"], d["meta"]["violated"]["value"], d["meta"]["parties"]["value"])' < "$work/v.json")" = "('Belgium', 'violation', '3; 10; 12', 'Y.B.')" ]
check "Views titled as the case is named, with the symbol" \
	[ "$(json_py 'd["title"]' < "$work/v.json")" = "Y.B. v. Belgium (CRC/C/79/D/12/2017)" ]
show rulings-echr/ECHR_001-72317_DH-v-Czech-Republic.pdf > "$work/e.json"
check "ECtHR: formation, respondent State, outcome" \
	[ "$(json_py '(d["meta"]["formation"]["value"], d["meta"]["state"]["value"], d["meta"]["outcome"]["value"])' < "$work/e.json")" = "('Chamber', 'Czech Republic', 'no violation')" ]
show rulings-nl/ECLI_NL_RBSGR_2012_BZ0845.pdf > "$work/n.json"
check "Dutch ruling: rechtsgebied, procedure, seat" \
	[ "$(json_py '(d["meta"]["area"]["value"], d["meta"]["procedure"]["value"], d["meta"]["seat"]["value"])' < "$work/n.json")" = "('Bestuursrecht; Vreemdelingenrecht', 'voorlopige voorziening', 'Haarlem')" ]
show legislation/Aanwijzing_kindermishandeling_BWBR0028884.pdf > "$work/l.json"
check "legislation titled by its title, not 'BWBR… • wetten.overheid.nl'" \
	[ "$(json_py '"BWBR" not in d["title"] and "wetten.overheid" not in d["title"]' < "$work/l.json")" = True ]

echo "== README's commands on a machine used as root"
check "README's second command has no sudo (root has none on a fresh Debian)" \
	grep -qx 'scripts/install-deps.sh && make test *# all tests:.*' "$root/README.md"
check "the install script calls sudo only when not root" \
	grep -q '\[ "$(id -u)" -eq 0 \] || SUDO=sudo' "$root/scripts/install-deps.sh"

echo "== the pages"
users=$work/users
printf 'e2e-secret-pw\n' | "$KINDEX" user add --users "$users" e2e > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$db" --users "$users" --port "$port" > "$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
jar=$work/jar
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "user=e2e" --data-urlencode "password=e2e-secret-pw" --data-urlencode "csrf=$csrf" "$base/login"
get() { curl -s -b "$jar" "$base$1"; }

get "/search?q=kind" > "$work/s.html"
check "facets come before the hits in the page (first on a narrow screen)" python3 - "$work/s.html" <<'PY'
import sys
h = open(sys.argv[1], encoding="utf-8").read()
f, r = h.find('<details class="refine"'), h.find('<ol class="hits"')
sys.exit(0 if 0 <= f < r else 1)
PY
check "…behind a 'Verfijnen' summary" grep -q '<details class="refine" open><summary>Verfijnen</summary>' "$work/s.html"
check "one tab stop per hit's chip group, hit titles are headings" python3 - "$work/s.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
hits = re.findall(r'<li class="hit">(.*?)</li>\s*(?=<li class="hit">|</ol>)', h, re.S)
ok = len(hits) > 3
for x in hits:
    ok &= x.startswith("<h3>")
    for grp in re.findall(r'<ul class="chips arts".*?</ul>', x, re.S):
        links = re.findall(r'<a class="chip"[^>]*>', grp)
        ok &= sum('tabindex="-1"' not in a for a in links) <= 1
sys.exit(0 if ok else 1)
PY
get "/search?q=kind" > "$work/a.html"
check "years before 2011 can be chosen (behind 'meer' when many)" \
	bash -c "grep -q 'from=1989' '$work/a.html' && grep -q 'from=2006' '$work/a.html'"
check "long facets end in 'meer' instead of stopping" python3 - "$work/a.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
# every value the facet counts is a link somewhere in the section
secs = re.findall(r'<section class="facet"><h3>(.*?)</h3>(.*?)</section>', h, re.S)
ok = bool(secs)
for title, body in secs:
    n = len(re.findall(r'<li>', body))
    if n > 12:
        ok &= '<details class="more"><summary>meer' in body
sys.exit(0 if ok else 1)
PY
get "/search?q=zzqxwv+nothingmatches" > "$work/zero.html"
check "no empty 'Verfijnen' box on 0 results" bash -c "! grep -q 'Verfijnen' '$work/zero.html'"
get "/search?q=kind+NOT" > "$work/p1.html"
get "/search?q=art:99" > "$work/p2.html"
check "Dutch parser messages on Dutch pages (no 'Syntax:')" \
	bash -c "! grep -q 'Syntax' '$work/p1.html' && ! grep -q 'expression' '$work/p1.html'"
check "no English 'is not an article (try …)' on Dutch pages" \
	bash -c "! grep -q 'is not an article' '$work/p2.html' && ! grep -q '(try' '$work/p2.html'"
get "/search?q=art:99&lang_ui=en" > "$work/p2en.html"
check "…while the English page keeps English" grep -q 'not an article' "$work/p2en.html"
check "the query box says when pasted text was cut" grep -q 'id="q-cut"' "$work/s.html"

get "/search?q=bewaring" > "$work/t.html"
check "constructed documents carry a badge on every hit" python3 - "$work/t.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
hits = re.findall(r'<li class="hit">(.*?)</li>\s*(?=<li class="hit">|</ol>)', h, re.S)
test = [x for x in hits if ":TEST." in x]
ok = len(test) > 0 and all('class="badge constructed"' in x for x in test)
ok &= all('class="badge constructed"' not in x for x in hits if ":TEST." not in x)
sys.exit(0 if ok else 1)
PY
id_test=$(curl -s -u e2e:e2e-secret-pw "$base/api/search?q=ECLI:NL:RVS:2019:TEST.0001" | json_py '[r["id"] for r in d["results"] if "TEST.0001" in (r.get("ident") or "")][0]')
get "/doc/$id_test" > "$work/dt.html"
check "…and on its document page" grep -q 'class="badge constructed"' "$work/dt.html"

id_leg=$(curl -s -u e2e:e2e-secret-pw "$base/api/search?q=kindermishandeling&type=legislation" | json_py 'd["results"][0]["id"]')
get "/doc/$id_leg" > "$work/dl.html"
check "no internal codes on the document page ('ident:bwb', 'hoe gevonden')" \
	bash -c "! grep -q 'ident:' '$work/dl.html' && ! grep -q 'hoe gevonden' '$work/dl.html' && ! grep -q 'rule:' '$work/dl.html'"
id_v=$(curl -s -u e2e:e2e-secret-pw "$base/api/search?q=CRC/C/79/D/12/2017" | json_py '[r["id"] for r in d["results"] if r["ident"] == "CRC/C/79/D/12/2017"][0]')
get "/doc/$id_v" > "$work/dv.html"
check "Views are 'Views / beslissing', not 'Zienswijze'" \
	bash -c "grep -q 'Views / beslissing' '$work/dv.html' && ! grep -qi 'zienswijze' '$work/dv.html'"
check "the Views page states the facts in Dutch (schending, België)" \
	bash -c "grep -q 'class=\"facts\"' '$work/dv.html' && grep -q 'schending' '$work/dv.html' && grep -q 'België' '$work/dv.html'"
id_gc=$(curl -s -u e2e:e2e-secret-pw "$base/api/search?q=CRC/C/GC/14" | json_py '[r["id"] for r in d["results"] if r["ident"] == "CRC/C/GC/14"][0]')
get "/doc/$id_gc?q=right+to+be+heard" > "$work/dg.html"
check "the highlighter marks 'right to be heard', not every 'Rights of the Child'" python3 - "$work/dg.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
together = len(re.findall(r'<mark>right\s+to\s+be\s+heard</mark>', h, re.I))
alone = len(re.findall(r'<mark>Rights</mark>', h))
sys.exit(0 if together > 0 and alone == 0 else 1)
PY
similar() { # prints the identifiers listed under "Vergelijkbare documenten"
	python3 -c '
import re, sys
h = sys.stdin.read()
i = h.find("Vergelijkbare documenten")
s = h[i:h.find("</section>", i)] if i >= 0 else ""
print(" ".join(re.findall(r"ECLI:[A-Z]+:[A-Z]+:[0-9]+:[A-Z0-9.]+|CRC/C/[0-9A-Z/]+", s)))'
}
id_nl=$("$KINDEX" show --db "$db" --json "$corpus/rulings-nl/ECLI_NL_GHSGR_2006_AY3631.pdf" | json_py 'd["id"]')
n_sim=$(get "/doc/$id_nl" | similar | wc -w)
check "'Vergelijkbare documenten' is not empty for a Dutch ruling ($n_sim)" [ "$n_sim" -ge 3 ]
id_scan=$("$KINDEX" show --db "$db" --json "$corpus/scans/ECLI_NL_HR_1995_AA3911-scan.pdf" | json_py 'd["id"]')
sim_scan=$(get "/doc/$id_scan" | similar)
# A scan without text gets its court's documents; one read by OCR (when
# tesseract is there) is compared by its words, like other rulings.
notext=$("$KINDEX" show --db "$db" --json "$corpus/scans/ECLI_NL_HR_1995_AA3911-scan.pdf" | json_py 'd["notext"]')
want=ECLI:NL:; [ "$notext" = True ] && want=ECLI:NL:HR:
check "…and not chance for a scan: Dutch rulings, its court's when it has no text ($sim_scan)" \
	python3 -c 'import sys; w = sys.argv[1].split(); sys.exit(0 if w and all(x.startswith(sys.argv[2]) for x in w) else 1)' "$sim_scan" "$want"
echo "== facets and query terms of the facts"
api() { curl -s -u e2e:e2e-secret-pw "$base/api/search?$1"; }
api "type=un_views&limit=50" > "$work/f.json"
check "/api/search counts state, outcome and area" \
	[ "$(json_py 'd["facets"]["outcome"].get("violation", 0) >= 2 and d["facets"]["outcome"].get("inadmissible", 0) >= 1 and d["facets"]["state"].get("Spain", 0) >= 1 and "area" in d["facets"]' < "$work/f.json")" = True ]
api "type=ruling&limit=50" > "$work/fr.json"
check "…area (rechtsgebied) for rulings" \
	[ "$(json_py 'd["facets"]["area"].get("Bestuursrecht", 0) >= 2 and d["facets"]["area"].get("Strafrecht", 0) >= 1' < "$work/fr.json")" = True ]
api "q=outcome:violation+art:12&limit=50" > "$work/ov.json"
api "q=art:12&limit=50" > "$work/a12.json"
check "outcome:violation art:12 lists only Views that found art. 12 violated" python3 - "$work/ov.json" "$work/a12.json" "$KINDEX" "$db" <<'PY'
import json, subprocess, sys
ov = json.load(open(sys.argv[1]))
a12 = json.load(open(sys.argv[2]))
ok = ov["total"] >= 1 and a12["total"] > ov["total"]
for r in ov["results"]:
    m = json.loads(subprocess.run([sys.argv[3], "show", "--db", sys.argv[4], "--json", str(r["id"])],
                                  capture_output=True).stdout)["meta"]
    ok &= m["outcome"]["value"] == "violation"
    ok &= "12" in [a.strip() for a in m["violated"]["value"].split(";")]
sys.exit(0 if ok else 1)
PY
api "q=outcome:violation+art:3.1" > "$work/ov31.json"
check "outcome:violation art:3.1: none here (no View in the samples found 3(1) violated)" \
	[ "$(json_py 'd["total"]' < "$work/ov31.json")" = 0 ]
api "q=uitkomst:niet-ontvankelijk" > "$work/on.json"
check "Dutch field and value (uitkomst:niet-ontvankelijk) work too" \
	[ "$(json_py 'd["total"] >= 1 and set(d["facets"]["outcome"]) == {"inadmissible"}' < "$work/on.json")" = True ]
code=$(curl -s -u e2e:e2e-secret-pw -o /dev/null -w '%{http_code}' "$base/api/search?q=outcome:maybe")
check "an unknown outcome is a 400, not a 500 ($code)" [ "$code" = 400 ]
get "/search?type=un_views" > "$work/fv.html"
check "Dutch labels in the Dutch interface (schending, niet-ontvankelijk, Spanje)" \
	bash -c "grep -q '>schending<' '$work/fv.html' && grep -q '>niet-ontvankelijk<' '$work/fv.html' && grep -q '>Spanje<' '$work/fv.html'"
check "…and a facet link adds the query term" grep -q 'q=outcome%3Aviolation' "$work/fv.html"
check "hits of Views say their outcome and State" python3 - "$work/fv.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
hits = re.findall(r'<li class="hit">(.*?)</li>\s*(?=<li class="hit">|</ol>)', h, re.S)
facts = [x for x in hits if '<p class="facts">' in x]
sys.exit(0 if len(facts) >= 3 and any("schending" in x and "België" in x for x in facts) else 1)
PY
curl -s -b "$jar" "$base/static/kindex.css" > "$work/k.css"
check "a print stylesheet for the results and the document page" \
	bash -c "grep -q '@media print' '$work/k.css' && grep -q 'details.refine' '$work/k.css' && grep -q '@page' '$work/k.css'"
echo "== passages without page furniture"
check "no passage ends with its page's footer number ('artikel 3, eerste 3')" \
	python3 "$here/footer_check.py" "$KINDEX" "$db" 'artikel 3 eerste lid' 'best interests of the child' \
	'belang van het kind' 'jeugdbescherming' 'detention' 'verblijfsvergunning kind' 'residence permit' 'Committee'
"$KINDEX" search --db "$db" --json 'type:un_views' > "$work/fo.json"
check "a filter-only search's opening leaves out the running header (the UN symbol)" \
	[ "$(json_py 'len(d["results"]) >= 3 and not any(r["snippet"]["text"].startswith("CRC/C/") for r in d["results"])' < "$work/fo.json")" = True ]
finish
