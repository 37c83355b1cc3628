#!/usr/bin/env bash
# ocr.sh - end-to-end tests of OCR: a scan (renamed, so that nothing comes
# from its file name), a document whose second page is that scan, a PDF
# with two poisoned image pages, and a text PDF.  Checks what OCR read, how
# it is flagged, that metadata rules read the OCR text, that the poisoned
# pages are named and skipped while the rest indexes, that nothing is read
# twice (second run, metadata correction, a new index) and --no-ocr.
#
# Needs: $KINDEX (the binary), python3, qpdf.  Reads three pages by OCR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
KINDEX=${KINDEX:-$root/build/kindex}
samples=$root/corpus/samples
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
docs=$work/docs
mkdir -p "$docs"
scan=$samples/scans/ECLI_NL_HR_1995_AA3911-scan.pdf
cp "$scan" "$docs/scan-001.pdf"
cp "$samples/un/CRC-C-77-D-10-2017.pdf" "$docs/text.pdf"
qpdf --empty --pages "$samples/un/CRC-C-79-D-12-2017.pdf" 1 "$scan" 1 -- "$docs/mixed.pdf"
python3 - "$docs/poisoned.pdf" <<'PY'
import sys, zlib
def pdf(objs):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    x, m = len(out), max(objs)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (m + 1)
    for n in range(1, m + 1):
        out += b"%010d 00000 n \n" % offs[n] if n in offs else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (m + 1, x)
    return bytes(out)
def stream(d, data):
    return b"<< " + d + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
o = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
     2: b"<< /Type /Pages /Kids [3 0 R 6 0 R 9 0 R] /Count 3 >>"}
font = b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
o[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << " + font + b" >> /Contents 4 0 R >>"
o[4] = stream(b"", b"BT /F1 12 Tf 72 700 Td (Dit document heeft een tekstlaag op de eerste pagina: zzpoisonfirst.) Tj ET")
# page 2: an image claiming 100,000 x 100,000 pixels over a corrupt stream
o[6] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 7 0 R >> >> /Contents 8 0 R >>"
o[7] = stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
              zlib.compress(b"\x80" * 5000)[:40] + b"\x00garbage\xff" * 50)
o[8] = stream(b"", b"q 500 0 0 600 50 100 cm /Im1 Do Q")
# page 3: 200 inches square (the largest a PDF page may be) with an image
img = zlib.compress(bytes((x * 7 ^ y * 3) & 0xff for y in range(100) for x in range(100)))
o[9] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Resources << /XObject << /Im2 10 0 R >> >> /Contents 11 0 R >>"
o[10] = stream(b"/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", img)
o[11] = stream(b"", b"q 14000 0 0 14000 200 200 cm /Im2 Do Q")
open(sys.argv[1], "wb").write(pdf(o))
PY
db=$work/db
show() { "$KINDEX" show --db "$1" --json "$2"; }

echo "== first run: OCR of the pages without text"
"$KINDEX" index --db "$db" --jobs 2 --ocr-timeout 20 "$docs" > "$work/i1.out" 2>&1
rc=$?
cat "$work/i1.out"
check "index exits 0 (a page that fails does not fail its file)" [ "$rc" -eq 0 ]
check "all four files indexed" grep -q "^indexed 4 new" "$work/i1.out"
check "summary: two pages read by OCR, both recognised now" grep -q "^OCR: 2 pages read by OCR (2 recognised now" "$work/i1.out"
check "summary: the poisoned image page named" grep -q "poisoned.pdf: not read by OCR: page 2: took longer than 20 s" "$work/i1.out"
check "summary: the huge page named" grep -q "page 3: page too large to read by OCR" "$work/i1.out"
check "the scan no longer counts as without text" grep -q "; 0 without text$" "$work/i1.out"

show "$db" "$docs/scan-001.pdf" > "$work/scan.json"
check "show --json: scan has ocr_pages 1, page 1 flagged with a confidence" \
	[ "$(json_py 'd["ocr_pages"] == 1 and d["ocr"][0]["page"] == 1 and 60 <= d["ocr"][0]["confidence"] <= 100 and not d["notext"]' < "$work/scan.json")" = True ]
check "metadata from the OCR text: court HR, date 1995-06-23, ECLI (not from the file name)" \
	[ "$(json_py 'd["meta"]["court"]["value"] == "HR" and d["meta"]["date"]["value"] == "1995-06-23" and d["meta"]["ident"]["value"] == "ECLI:NL:HR:1995:AA3911" and "filename" not in d["meta"]["ident"]["source"]' < "$work/scan.json")" = True ]
check "title from what the OCR text says: identifier, court, date" \
	[ "$(json_py 'd["title"] == "ECLI:NL:HR:1995:AA3911, Hoge Raad, 1995-06-23"' < "$work/scan.json")" = True ]
show "$db" "$docs/mixed.pdf" > "$work/mixed.json"
check "a document with text: only its scanned page 2 is read by OCR" \
	[ "$(json_py 'd["ocr_pages"] == 1 and [o["page"] for o in d["ocr"]] == [2]' < "$work/mixed.json")" = True ]
show "$db" "$docs/text.pdf" > "$work/text.json"
check "a text PDF: no page read by OCR" [ "$(json_py 'd["ocr_pages"] == 0 and "ocr" not in d' < "$work/text.json")" = True ]

"$KINDEX" search --db "$db" --json geboortejaar > "$work/s1.json"
check "a word only the scan's image holds finds the scan" \
	[ "$(json_py 'any(r["path"].endswith("/scan-001.pdf") for r in d["results"])' < "$work/s1.json")" = True ]
check "its hit says OCR: ocr_pages and the passage's confidence" \
	[ "$(json_py '[(r["ocr_pages"], r["snippet"]["ocr_confidence"] > 0) for r in d["results"] if r["path"].endswith("/scan-001.pdf")][0] == (1, True)' < "$work/s1.json")" = True ]
"$KINDEX" search --db "$db" --json zzpoisonfirst > "$work/s2.json"
check "the poisoned file's text page is indexed" [ "$(json_py 'd["total"] == 1' < "$work/s2.json")" = True ]
"$KINDEX" search --db "$db" --json 'individuele klachtprocedure' > "$work/s3.json"
check "a hit on a page with a text layer has no OCR confidence" \
	[ "$(json_py 'all("ocr_confidence" not in p for r in d["results"] if r["path"].endswith("/text.pdf") for p in r["passages"])' < "$work/s3.json")" = True ]

echo "== the web pages say OCR"
users=$work/users
printf 'ocr-secret-pw\n' | "$KINDEX" user add --users "$users" ocr > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$KINDEX" serve --db "$db" --users "$users" --port "$port" > "$work/serve.out" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -s -o /dev/null "$base/login" && break; sleep 0.1; done
jar=$work/jar
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "user=ocr" --data-urlencode "password=ocr-secret-pw" --data-urlencode "csrf=$csrf" "$base/login"
curl -s -b "$jar" "$base/search?q=geboortejaar" > "$work/w1.html"
check "the web hit says its text was read by OCR, with the confidence" grep -q 'class="ocr">tekst uit OCR, zekerheid [0-9]*%' "$work/w1.html"
scan_id=$(json_py 'd["id"]' < "$work/scan.json")
curl -s -b "$jar" "$base/doc/$scan_id" > "$work/w2.html"
check "the document page says page 1 was read by OCR" grep -q 'id="p-1".*door OCR gelezen' "$work/w2.html"
text_id=$(json_py 'd["id"]' < "$work/text.json")
curl -s -b "$jar" "$base/doc/$text_id" > "$work/w3.html"
check "a text PDF's page says nothing of OCR" sh -c "grep -q 'id=\"p-1\"' '$work/w3.html' && ! grep -q 'door OCR gelezen' '$work/w3.html'"
kill "$server_pid" && wait "$server_pid" 2>/dev/null
server_pid=

echo "== never twice"
"$KINDEX" index --db "$db" --ocr-timeout 20 "$docs" > "$work/i2.out" 2>&1
check "second run: nothing re-extracted, nothing read by OCR" \
	sh -c "grep -q '^indexed 0 new, 0 changed, 0 metadata-only; 4 unchanged' '$work/i2.out' && grep -q '^OCR: 0 pages read by OCR (0 recognised now' '$work/i2.out'"
printf 'title: Beschikking over de ontvankelijkheid\n' > "$docs/scan-001.pdf.meta"
"$KINDEX" index --db "$db" --ocr-timeout 20 "$docs" > "$work/i3.out" 2>&1
check "metadata correction: rebuilt from the stored text, no OCR" \
	sh -c "grep -q '^indexed 0 new, 0 changed, 1 metadata-only' '$work/i3.out' && grep -q '(0 recognised now' '$work/i3.out'"
check "after the correction the scan is still flagged as OCR" \
	[ "$(show "$db" "$docs/scan-001.pdf" | json_py 'd["ocr_pages"] == 1 and d["ocr"][0]["page"] == 1 and d["title"].startswith("Beschikking")')" = True ]
start=$(date +%s)
KINDEX_OCR_CACHE=$db.ocr-cache "$KINDEX" index --db "$work/db2" --ocr-timeout 20 "$docs" > "$work/i4.out" 2>&1
took=$(($(date +%s) - start))
cat "$work/i4.out" | grep -E "^OCR|poisoned"
check "a new index reads the pages from the cache: none recognised" grep -q "^OCR: 2 pages read by OCR (0 recognised now" "$work/i4.out"
check "the poisoned page is remembered as failed, not tried again (${took}s < 20 s)" \
	sh -c "grep -q 'page 2: took longer than 20 s' '$work/i4.out' && [ $took -lt 20 ]"

echo "== --no-ocr"
KINDEX_OCR_CACHE=$work/cache3 "$KINDEX" index --db "$work/db3" --no-ocr "$docs" > "$work/i5.out" 2>&1
check "--no-ocr: summary says OCR is off and counts the pages left (scan, mixed, poisoned 2)" grep -q "^OCR: off (--no-ocr); 0 pages from the cache; 4 pages left for a run with OCR" "$work/i5.out"
check "--no-ocr: the scan is without text" grep -q "scan-001.pdf: no text layer" "$work/i5.out"
check "--no-ocr: nothing cached" [ ! -e "$work/cache3" ]
KINDEX_OCR_CACHE=$db.ocr-cache "$KINDEX" index --db "$work/db3" --ocr-timeout 20 "$docs" > "$work/i6.out" 2>&1
check "a later run with OCR takes up the pages --no-ocr left" \
	sh -c "grep -q '^OCR: 2 pages read by OCR' '$work/i6.out' && [ \"\$('$KINDEX' show --db '$work/db3' --json '$docs/scan-001.pdf' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"ocr_pages\"])')\" = 1 ]"
"$KINDEX" index --db "$work/db3" --ocr-timeout 20 "$docs" > "$work/i7.out" 2>&1
check "and then nothing is pending any more" grep -q "^indexed 0 new, 0 changed, 0 metadata-only; 4 unchanged" "$work/i7.out"
finish
