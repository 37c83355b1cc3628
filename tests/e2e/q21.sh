#!/usr/bin/env bash
# q21.sh - end-to-end tests of citations as lawyers write them (issue 21):
# field prefixes through the query parser, article logic, citations typed
# in the query box, permanent addresses, known items first, pinpoints, the
# citation graph, two judgments as two documents, the article page.
#
# Needs: $KINDEX (the binary), python3, curl.  Indexes corpus/samples
# (KINDEX_CORPUS overrides it).
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
db=$work/db
"$KINDEX" index --db "$db" "$corpus" > "$work/index.out" 2>&1
check "corpus indexed" grep -q "^indexed [1-9]" "$work/index.out"

# total QUERY [search options...]: the number of matching documents.
total() {
	"$KINDEX" search --db "$db" --json --limit 1 "$@" 2>"$work/err" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null ||
		{ echo "   (error: $(head -c 200 "$work/err"))" >&2; echo -1; }
}
# ids QUERY [options...]: the ids of all matches, sorted, one line
# ("error" and a different word each time when the search fails, so that
# two failures never compare equal).
ids() {
	"$KINDEX" search --db "$db" --json --limit 100 "$@" 2>/dev/null |
		python3 -c 'import json,sys; print(" ".join(sorted(str(r["id"]) for r in json.load(sys.stdin)["results"])))' 2>/dev/null ||
		echo "error-$RANDOM"
}
# search_json FILE QUERY [options...]
search_json() {
	local out=$1
	shift
	"$KINDEX" search --db "$db" --json --limit 100 "$@" > "$out" 2>/dev/null
}
py_check() { # py_check FILE 'expression over d'
	[ "$(json_py "$2" < "$1" 2>/dev/null)" = True ]
}

echo "== every documented prefix, through the query parser"
search_json "$work/all.json" ''
n_all=$(json_py 'd["total"]' < "$work/all.json")
# The identifier cited most often in the collection, and a court.
gc_cited=$(json_py 'sorted([c for r in d["results"] for c in r["cites"]].count(x) for x in ["CRC/C/GC/14"])[0]' < "$work/all.json")
search_json "$work/cites.json" 'cites:CRC/C/GC/14'
check "cites:CRC/C/GC/14 finds documents ($gc_cited cite it)" [ "$gc_cited" -gt 0 ]
check "cites:CRC/C/GC/14 returns exactly the documents that cite it" \
	py_check "$work/cites.json" "d['total'] == $gc_cited and all('CRC/C/GC/14' in r['cites'] for r in d['results'])"
check "cites: accepts lower case (cites:crc/c/gc/14)" [ "$(total 'cites:crc/c/gc/14')" = "$gc_cited" ]
for court in RVS CRC ECTHR; do
	want=$(total '' --court $court)
	check "court:$court returns what --court $court does ($want)" \
		[ "$want" -gt 0 -a "$(ids "court:$court")" = "$(ids '' --court $court)" ]
done
check "court:rvs (lower case) = --court RVS" [ -n "$(ids 'court:rvs')" -a "$(ids 'court:rvs')" = "$(ids '' --court RVS)" ]
check "type:ruling = --type ruling" [ "$(ids 'type:ruling')" = "$(ids '' --type ruling)" ]
check "lang:en = --lang en" [ "$(ids 'lang:en')" = "$(ids '' --lang en)" ]
check "year:2019 = --from 2019 --to 2019" [ "$(ids 'year:2019')" = "$(ids '' --from 2019 --to 2019)" ]
check "art:3.1 = --article 3.1" [ "$(ids 'art:3.1')" = "$(ids '' --article 3.1)" ]
check "Dutch aliases: instantie:RVS taal:nl jaar:2019 as court: lang: year:" \
	[ "$(ids 'instantie:RVS')" = "$(ids 'court:RVS')" -a "$(ids 'taal:nl')" = "$(ids 'lang:nl')" -a "$(ids 'jaar:2019')" = "$(ids 'year:2019')" ]
n_e=$(json_py "sum('ECLI:NL:RVS:2012:TEST.0412' in r['cites'] for r in d['results'])" < "$work/all.json")
check "ecli:NL:RVS:2012:TEST.0412 returns the $n_e documents that cite it" \
	py_check <(search_json /dev/stdout 'ecli:NL:RVS:2012:TEST.0412') "$n_e > 0 and d['total'] == $n_e and all('ECLI:NL:RVS:2012:TEST.0412' in r['cites'] for r in d['results'])"
check "id:ECLI:NL:RVS:2019:TEST.0001 returns that document" \
	py_check <(search_json /dev/stdout 'id:ECLI:NL:RVS:2019:TEST.0001') "d['total'] == 1 and d['results'][0]['ident'] == 'ECLI:NL:RVS:2019:TEST.0001'"
search_json "$work/title.json" 'title:kind'
check "title:kind: every hit has kind in its title" \
	py_check "$work/title.json" "d['total'] > 0 and all('kind' in r['title'].lower() for r in d['results'])"
check "court:RVS with words keeps the filter" \
	py_check <(search_json /dev/stdout 'court:RVS kind') "d['total'] > 0 and all(r['court'] == 'RVS' for r in d['results'])"

echo "== article logic"
a37=$(total 'art:37'); a40=$(total 'art:40')
and=$(total 'art:37 AND art:40'); or=$(total 'art:37 OR art:40'); not=$(total 'art:37 NOT art:40')
echo "   |37| = $a37, |40| = $a40, AND $and, OR $or, NOT $not"
check "art:37 OR art:40 = |37| + |40| - |37 AND 40|" [ "$or" = "$((a37 + a40 - and))" ]
check "art:37 AND art:40 = --article 37 --article 40" [ "$and" = "$(total '' --article 37 --article 40)" ]
check "art:37 NOT art:40 = |37| - |37 AND 40|" [ "$not" = "$((a37 - and))" ]
check "AND is not OR (the sample has a difference)" [ "$and" -lt "$or" ]
check "brackets: (art:37 OR art:40) AND NOT art:40 = art:37 NOT art:40" \
	[ "$(ids '(art:37 OR art:40) AND NOT art:40')" = "$(ids 'art:37 NOT art:40')" ]
check "art:3(1) OR art:37 works" [ "$(total 'art:3(1) OR art:37')" -ge "$(total 'art:3.1')" ]
check "--any-article 37 40 = art:37 OR art:40" \
	[ "$(ids '' --article 37 --article 40 --any-article)" = "$(ids 'art:37 OR art:40')" ]
check "a bad article in an OR is an error, not a crash" \
	sh -c "! '$KINDEX' search --db '$db' 'art:99 OR art:3' > /dev/null 2>&1"

echo "== citations typed in the query box"
# subset A B: every id of A is in B.
subset() { python3 -c 'import sys; a=set(sys.argv[1].split()); b=set(sys.argv[2].split()); sys.exit(0 if a <= b else 1)' "$1" "$2"; }
for form in 'artikel 3 lid 1 IVRK|3.1' 'art. 3 lid 1 IVRK|3.1' 'article 3(1) CRC|3.1' \
	'art. 22 VRK|22' 'artikel 37 IVRK|37' 'art. 2 OPSC|OPSC:2'; do
	typed=${form%|*}; art=${form#*|}
	got=$(ids "$typed"); want=$(ids '' --article "$art")
	check "\"$typed\": only documents citing $art, no more than --article $art ($(echo $got | wc -w) of $(echo $want | wc -w))" \
		sh -c "[ -n '$want' ] && [ -n '$got' ] && python3 -c 'import sys; a=set(sys.argv[1].split()); b=set(sys.argv[2].split()); sys.exit(0 if a <= b else 1)' '$got' '$want'"
done
search_json "$work/u1.json" 'art. 3 lid 1 IVRK verblijfsvergunning'
check "the result says what it understood (art. 3 lid 1 IVRK + verblijfsvergunning)" \
	py_check "$work/u1.json" "d.get('understood') == 'art. 3 lid 1 IVRK + verblijfsvergunning' and d.get('understood_en') == 'art. 3(1) CRC + verblijfsvergunning'"
check "the article combined with the other words: fewer than the article alone" \
	py_check "$work/u1.json" "0 < d['total'] < $(total '' --article 3.1)"
check "--plain searches the words as words (more documents, nothing understood)" \
	py_check <(search_json /dev/stdout --plain 'art. 3 lid 1 IVRK verblijfsvergunning') \
	"'understood' not in d and d['total'] > $(json_py 'd["total"]' < "$work/u1.json")"

echo "== known items first"
# first QUERY: the identifier of the first hit.
first() { "$KINDEX" search --db "$db" --json --limit 3 "$@" 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["ident"] if r else "")' 2>/dev/null; }
for form in 'General Comment No. 14|CRC/C/GC/14' 'algemeen commentaar nr. 14|CRC/C/GC/14' \
	'GC 14|CRC/C/GC/14' 'General Comment No. 10|CRC/C/GC/10' 'CRC/C/GC/8|CRC/C/GC/8' \
	'ECLI:NL:RVS:2019:TEST.0001|ECLI:NL:RVS:2019:TEST.0001' \
	'CRC/C/79/D/12/2017|CRC/C/79/D/12/2017' '57325/00|57325/00' \
	'D.H. v. Czech Republic|57325/00' 'D.H. and Others v. the Czech Republic|57325/00' \
	'communication No. 12/2017|CRC/C/79/D/12/2017' 'communicatie nr. 92/2019|CRC/C/85/D/92/2019'; do
	q=${form%|*}; want=${form#*|}
	got=$(first "$q")
	check "\"$q\" puts $want first (got ${got:-nothing})" [ "$got" = "$want" ]
done
check "a communication number alone finds only its Views (12/2017)" \
	py_check <(search_json /dev/stdout '12/2017') "d['total'] == 1 and d['results'][0]['ident'] == 'CRC/C/79/D/12/2017'"
check "an identifier the collection lacks finds nothing, not everything (99/2030, CRC/C/GC/77)" \
	[ "$(total '99/2030')" = 0 -a "$(total 'CRC/C/GC/77')" = 0 ]

echo "== the web: permanent addresses, what the query understood"
users=$work/users
printf 'q21-secret-pw\n' | "$KINDEX" user add --users "$users" q21 > /dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$db" --users "$users" --port "$port" > "$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
jar=$work/jar
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "user=q21" --data-urlencode "password=q21-secret-pw" --data-urlencode "csrf=$csrf" "$base/login"
get() { curl -s -b "$jar" -o "$work/page.html" -w '%{http_code}' "$base$1"; }
for id in 'ECLI:NL:RVS:2019:TEST.0001' 'ECLI%3ANL%3ARVS%3A2019%3ATEST.0001' 'CRC%2FC%2FGC%2F14' 'CRC/C/GC/14' '57325%2F00' 'crc%2Fc%2Fgc%2F14'; do
	code=$(get "/doc/$id")
	check "/doc/$id resolves (HTTP $code)" [ "$code" = 200 ]
done
get "/doc/ECLI%3ANL%3ARVS%3A2019%3ATEST.0001" > /dev/null
check "the document page shows its permanent address" grep -q 'class="permalink" href="/doc/ECLI%3ANL%3ARVS%3A2019%3ATEST.0001"' "$work/page.html"
code=$(get "/doc/ECLI%3ANL%3ARVS%3A2019%3ANOPE")
check "/doc/ of an unknown identifier is a 404 (HTTP $code)" [ "$code" = 404 ]
code=$(get "/doc/CRC%2FC%2FGC%2F14/pdf")
check "/doc/<identifier>/pdf serves the PDF (HTTP $code)" [ "$code" = 200 ]
get "/search?q=art.+3+lid+1+IVRK+verblijfsvergunning" > /dev/null
check "the search page says what it understood" grep -q 'class="understood".*art. 3 lid 1 IVRK + verblijfsvergunning' "$work/page.html"
check "... and offers the words as plain words" grep -q 'href="/search?q=art.*plain=1"' "$work/page.html"
code=$(get "/search?article=37&article=40&art_op=any")
check "several articles, any: as art:37 OR art:40 (HTTP $code)" \
	sh -c "[ '$code' = 200 ] && grep -q '<strong>$or</strong>' '$work/page.html'"
code=$(get "/search?article=37&art_op=sometimes")
check "a bad art_op is a 400 (HTTP $code)" [ "$code" = 400 ]

echo "== pinpoints: passages name the paragraph they start in"
# Query, the type of document: each kind must have passages with para, and
# every para must stand at the start of a line on the page named, as the
# last paragraph number there before the passage.
for spec in 'best interests primary consideration|un_general_comment' \
	'best interests of the child|un_views' \
	'belang van het kind gezinsleven|ruling|RVS' \
	'discrimination Roma education|ruling|ECTHR'; do
	IFS='|' read -r q type court <<< "$spec"
	search_json "$work/para.json" --passages 3 --type "$type" ${court:+--court "$court"} "$q"
	check "pinpoints on $type${court:+ ($court)} for \"$q\"" python3 - "$work/para.json" "$KINDEX" "$db" <<'PY'
import json, re, subprocess, sys
d = json.load(open(sys.argv[1]))
n_para = n_bad = 0
for r in d["results"]:
    text = subprocess.run([sys.argv[2], "show", "--db", sys.argv[3], "--text", str(r["id"])],
                          capture_output=True, text=True).stdout
    pages = re.split(r"\n?--- page \d+ ---\n", text)
    for p in r["passages"]:
        if "para" not in p:
            continue
        n_para += 1
        page = pages[p["page"]] if p["page"] < len(pages) else ""
        # Where the passage starts on its page (blanks flexible).
        words = p["text"].strip("… ").split("…")[0].split()[:10]
        m = re.search(r"\s+".join(map(re.escape, words)), page)
        nums = [(x.start(), x.group(1)) for x in re.finditer(r"(?m)^[ \t]*(\d{1,3}(?:\.\d{1,3}){0,2})\.?(?=[\s(\"'A-Z\u0080-\uffff]|$)", page)]
        before = [num for pos, num in nums if m and pos <= m.start()]
        if not m or not before or p["para"] not in before:
            n_bad += 1
            print("   bad:", r["ident"], p["page"], p["para"], words, file=sys.stderr)
print("   %d passages with para, %d not where they say" % (n_para, n_bad))
sys.exit(0 if n_para >= 3 and n_bad == 0 else 1)
PY
done
search_json "$work/para2.json" --passages 3 'best interests primary consideration'
check "JSON: snippet carries the para of the first passage" \
	py_check "$work/para2.json" "any('para' in r['snippet'] and r['snippet']['para'] == r['passages'][0]['para'] for r in d['results'] if r['snippet'])"
gc14=$("$KINDEX" search --db "$db" --json --limit 1 'CRC/C/GC/14' | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["id"])')
get "/doc/$gc14" > /dev/null
check "the document page has paragraph anchors (#para-1 … #para-45 of GC 14)" \
	sh -c "grep -q 'id=\"para-1\"' '$work/page.html' && grep -q 'id=\"para-45\"' '$work/page.html'"
get "/search?q=best+interests+primary+consideration&type=un_general_comment" > /dev/null
check "hits show the paragraph and link to its anchor" grep -q 'class="para" href="/doc/[0-9]*?q=[^"]*#para-[0-9.]*">para. [0-9]' "$work/page.html"

echo "== the citation graph"
search_json "$work/all2.json" '' 
check "JSON: each hit says how often the collection cites it (cited_by = documents with it in cites)" \
	py_check "$work/all2.json" "all(r['cited_by'] == sum(1 for x in d['results'] if r['ident'] and r['ident'].upper() in x['cites']) for r in d['results']) and any(r['cited_by'] > 0 for r in d['results'])"
get "/doc/CRC%2FC%2FGC%2F14" > /dev/null
n_cb=$(json_py "[r['cited_by'] for r in d['results'] if r['ident'] == 'CRC/C/GC/14'][0]" < "$work/all2.json")
check "GC 14's page: \"Geciteerd door ($n_cb)\" and a link to all $n_cb" \
	sh -c "grep -q 'Geciteerd door ($n_cb)' '$work/page.html' && grep -q 'href=\"/search?q=cites%3ACRC%2FC%2FGC%2F14\">Alle $n_cb' '$work/page.html'"
check "a cited document outside the collection links out to the UN database, marked external" \
	grep -q 'class="ext" rel="noopener noreferrer" href="https://tbinternet.ohchr.org/[^"]*symbolno=CRC%2FC%2FGC%2F7".*(extern)' "$work/page.html"
get "/doc/ECLI%3ANL%3ARVS%3A2019%3ATEST.0001" > /dev/null
check "an ECLI outside the collection links to rechtspraak.nl" \
	grep -q 'href="https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2018:TEST.0217"' "$work/page.html"
get "/doc/57325%2F00" > /dev/null
check "an application number outside the collection links to HUDOC" \
	grep -q 'href="https://hudoc.echr.coe.int/eng#{%22appno%22:\[%2243577%2F98%22\]}"' "$work/page.html"

# On copies from the shared corpus (when it is beside this checkout): the
# older symbols and corrigenda, and the two D.H. judgments.
shared=${KINDEX_SHARED:-$root/../shared/corpus}
if [ -f "$shared/rulings/echr/ECHR_001-83256_DH-v-Czech-Republic.pdf" ]; then
	mkdir -p "$work/sh"
	for f in un/general-comments/CRC-C-GC-10_juvenile-justice.pdf \
		un/general-comments/CRC-C-GC-9_children-with-disabilities.pdf \
		un/general-comments/CRC-GC-2001-1_aims-of-education.pdf \
		rulings/echr/ECHR_001-72317_DH-v-Czech-Republic.pdf \
		rulings/echr/ECHR_001-83256_DH-v-Czech-Republic.pdf \
		rulings/echr/ECHR_001-83258_DH-c-Republique-Tcheque_fr.pdf \
		rulings/echr/ECHR_001-114082_Catan-v-Republic-of-Moldova-and-Russia.pdf \
		rulings/echr/ECHR_001-86798_Sampanis-v-Greece.pdf \
		un/general-comments/CRC-C-GC-14_best-interests.pdf \
		un/general-comments/CRC-C-GC-23_CMW-C-GC-4_migration-state-obligations.pdf \
		legislation/Uitvoeringswet_internationale_kinderbescherming_BWBR0019574.pdf; do
		cp "$shared/$f" "$work/sh/"
	done
	"$KINDEX" index --db "$work/shdb" "$work/sh" > /dev/null 2>&1
	"$KINDEX" search --db "$work/shdb" --json --limit 20 'D.H. v. Czech Republic' > "$work/dh.json"
	check "D.H.: the Chamber (2006) and Grand Chamber (2007) judgments are two results" \
		py_check "$work/dh.json" "sorted(r['date'] for r in d['results'] if r['ident'] == '57325/00')[:2] == ['2006-02-07', '2007-11-13']"
	check "D.H.: the French version of the Grand Chamber judgment is shown with it" \
		py_check "$work/dh.json" "any(r['date'] == '2007-11-13' and any('DH-c-Republique' in p for p in r['duplicates']) for r in d['results'])"
	check "Catan (a case name) puts Catan first" \
		sh -c "'$KINDEX' search --db '$work/shdb' --json --limit 1 'Catan' | grep -q '\"ident\": *\"43370/04'"
	check "an application number of a judgment in several applications resolves (18454/06)" \
		sh -c "'$KINDEX' search --db '$work/shdb' --json --limit 1 '18454/06' | grep -q '\"ident\": *\"43370/04'"
	for form in 'General Comment No. 14|CRC/C/GC/14' 'algemeen commentaar nr. 14|CRC/C/GC/14' \
		'GC 14|CRC/C/GC/14' 'General Comment No. 23|CRC/C/GC/23' 'D.H. v. Czech Republic|57325/00'; do
		q=${form%|*}; want=${form#*|}
		got=$("$KINDEX" search --db "$work/shdb" --json --limit 1 "$q" 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(r[0]["ident"] if r else "")' 2>/dev/null)
		check "shared copies: \"$q\" puts $want first (got ${got:-nothing})" [ "${got%%;*}" = "$want" ]
	done
	"$KINDEX" search --db "$work/shdb" --json --limit 20 '' > "$work/gc10.json"
	check "GC 10's citations of CRC/C/GC/9 and CRC/C/GC/1 reach the corrigendum and the older symbol" \
		py_check "$work/gc10.json" "{r['ident']: r['cited_by'] for r in d['results']}.get('CRC/C/GC/9/Corr.1', 0) > 0 and 'CRC/C/GC/9' in [r for r in d['results'] if r['ident'] == 'CRC/C/GC/10'][0]['cites']"
	"$KINDEX" search --db "$work/shdb" --json --limit 1 'CRC/C/GC/1' > "$work/gc1.json"
	check "CRC/C/GC/1 finds CRC/GC/2001/1, cited by GC 10" \
		py_check "$work/gc1.json" "d['results'][0]['ident'] == 'CRC/GC/2001/1' and d['results'][0]['cited_by'] > 0"
else
	echo "   (no shared corpus at $shared: D.H. and older symbols not checked)"
fi

echo "== one page per article"
code=$(get "/articles/3.1")
check "/articles/3.1 answers (HTTP $code)" [ "$code" = 200 ]
check "... with the Dutch text of art. 3 lid 1" grep -q 'de belangen van het kind de eerste overweging' "$work/page.html"
check "... and the English text" grep -q 'best interests of the child shall be a primary consideration' "$work/page.html"
check "... not the text of paragraph 2" sh -c "! grep -q 'such protection and care as is necessary' '$work/page.html'"
n_gc=$(total '' --article 3.1 --type un_general_comment)
n_nl=$(total '' --article 3.1 --type ruling --lang nl)
check "... General Comments with their count ($n_gc) and paragraphs" \
	sh -c "grep -q 'Algemene commentaren van het VN-Kinderrechtencomité <span class=\"count\">$n_gc</span>' '$work/page.html' && grep -q 'class=\"para\" href=\"/doc/[0-9]*#para-' '$work/page.html'"
check "... Dutch rulings with their count ($n_nl)" grep -q "Nederlandse uitspraken <span class=\"count\">$n_nl</span>" "$work/page.html"
check "... Dutch rulings newest first" python3 - "$work/page.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
sec = h[h.index("Nederlandse uitspraken"):]
dates = re.findall(r'<span class="sub">(\d{4}-\d{2}-\d{2})', sec)
sys.exit(0 if len(dates) >= 2 and dates == sorted(dates, reverse=True) else 1)
PY
check "... says where a ruling held the article not directly applicable" grep -q 'Niet een ieder verbindend' "$work/page.html"
code=$(get "/articles/37")
check "/articles/37 answers with the Dutch text (HTTP $code)" sh -c "[ '$code' = 200 ] && grep -q 'foltering' '$work/page.html'"
code=$(get "/articles/99")
check "/articles/99 is a 404 (HTTP $code)" [ "$code" = 404 ]
code=$(get "/articles/%3Cscript%3E")
check "/articles/<script> is a 404, nothing echoed (HTTP $code)" sh -c "[ '$code' = 404 ] && ! grep -q '<script>' '$work/page.html'"
code=$(curl -s -b "$jar" -o "$work/page.html" -w '%{http_code}' -H 'Cookie: kindex_lang=en' "$base/articles/3.1?lang_ui=en")
check "/articles/3.1 in English (HTTP $code)" sh -c "[ '$code' = 200 ] && grep -q 'Article 3(1) CRC' '$work/page.html'"
echo "== words and an article: a passage where the document cites the article"
check "'artikel 3 lid 1 IVRK verblijfsvergunning', two passages: every hit shows where it cites art. 3" python3 - "$KINDEX" "$db" <<'PY'
import json, re, subprocess, sys
kx, db = sys.argv[1], sys.argv[2]
d = json.loads(subprocess.run([kx, "search", "--db", db, "--json", "--passages", "2", "--limit", "20",
                               "artikel 3 lid 1 IVRK verblijfsvergunning"], capture_output=True, text=True).stdout)
rx = re.compile(r"\b(artikel|art\.?|article)\s*3\b", re.I)
hits = d["results"]
cited = [r for r in hits if any(rx.search(p["text"]) for p in r["passages"])]
print("hits %d, with a passage citing art. 3: %d" % (len(hits), len(cited)))
sys.exit(0 if len(hits) >= 3 and len(cited) == len(hits) else 1)
PY
finish
