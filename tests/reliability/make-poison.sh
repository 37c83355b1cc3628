#!/usr/bin/env bash
# make-poison.sh - writes a folder of hostile "PDFs" for the reliability
# tests: damaged, encrypted, empty, huge, image-only, not PDFs at all, PDFs
# built to make poppler loop or allocate without bound, awkward file names,
# an unreadable file and folder, and symbolic-link loops.
#
#   tests/reliability/make-poison.sh DIR MANIFEST
#
# DIR is created and the files are written into it; MANIFEST (a file
# outside DIR) gets one line per case.
#
# Everything is generated here (nothing large is committed).  Needs python3,
# qpdf; uses corpus/samples of this repository (or $KINDEX_CORPUS) and the
# shared corpus' scans when present.  A manifest line is
#   NAME<TAB>EXPECT<TAB>WHAT
# NAME relative to DIR (with \n-style escapes for unprintable bytes),
# EXPECT a regular expression (Python) that the file's outcome must match:
# one outcome per file (what this Debian's poppler does with it), so that a
# change in how kindex handles any of them shows.
# The outcome is "failed: REASON", "indexed; warning: REASON", "indexed",
# or "absent" (see check-poison.py); SKIP means not checked.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${KINDEX_CORPUS:-$root/corpus/samples}
out=${1:?usage: make-poison.sh DIR MANIFEST}
manifest=${2:?usage: make-poison.sh DIR MANIFEST}
mkdir -p "$out"
out=$(cd "$out" && pwd)
: > "$manifest"
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$manifest"; }

good="$corpus/un/CRC-C-GC-14_best-interests.pdf"
[ -f "$good" ] || good=$(find "$corpus" -name '*.pdf' | sort | head -1)
small=$(find "$corpus" -name '*.pdf' -size -200k | sort | head -1)

# -- damaged ---------------------------------------------------------------
size=$(stat -c %s "$good")
head -c $((size * 3 / 10)) "$good" > "$out/truncated.pdf"
note truncated.pdf '^failed: damaged: PDF document is damaged$' 'first 30% of a real PDF'
head -c 600 "$good" > "$out/truncated-header-only.pdf"
note truncated-header-only.pdf 'failed: damaged' 'first 600 bytes of a real PDF'

python3 - "$good" "$out" <<'PY'
import random, re, sys, zlib
src, out = sys.argv[1], sys.argv[2]
data = bytearray(open(src, 'rb').read())
rnd = random.Random(7)
# random bytes flipped in the middle third
flipped = bytearray(data)
n = len(flipped)
for _ in range(max(64, n // 200)):
    i = rnd.randrange(n // 3, 2 * n // 3)
    flipped[i] ^= 1 + rnd.randrange(255)
open(out + '/corrupt-flipped.pdf', 'wb').write(flipped)
# cross-reference table and trailer destroyed (every "xref"/"startxref"
# and the offsets after them overwritten with garbage), and every stream
# dictionary's /Length garbled
x = bytearray(data)
for m in re.finditer(rb'(start)?xref', bytes(x)):
    s = m.start()
    for i in range(s, min(len(x), s + 400)):
        x[i] = rnd.randrange(256)
open(out + '/corrupt-xref.pdf', 'wb').write(x)
# only garbage after a valid header
open(out + '/header-then-garbage.pdf', 'wb').write(
    b'%PDF-1.7\n' + bytes(rnd.randrange(256) for _ in range(200000)))
PY
note corrupt-flipped.pdf '^indexed; warning: no text layer' 'random bytes flipped in the middle third'
note corrupt-xref.pdf '^indexed$' 'xref tables, startxref and trailers overwritten with garbage'
note header-then-garbage.pdf 'failed: damaged' '%PDF- header followed by 200 kB of random bytes'

# -- not PDFs --------------------------------------------------------------
echo "this is not a PDF, only named like one" > "$out/not-a-pdf.pdf"
note not-a-pdf.pdf 'failed: not a PDF' 'a text file named .pdf'
printf '\x89PNG\r\n\x1a\n' > "$out/image.png.pdf"
head -c 5000 /dev/urandom >> "$out/image.png.pdf"
note image.png.pdf 'failed: not a PDF' 'PNG magic and random bytes named .pdf'
: > "$out/empty.pdf"
note empty.pdf 'failed: empty file' 'zero bytes'
mkdir -p "$out/folder.pdf"
note folder.pdf 'absent' 'a folder named .pdf (silently not a file)'

# -- encrypted -------------------------------------------------------------
qpdf --encrypt secret owner 256 -- "$good" "$out/encrypted-user-password.pdf"
note encrypted-user-password.pdf 'failed: encrypted' 'AES-256, user password "secret"'
qpdf --allow-weak-crypto --encrypt secret owner 40 -- "$good" "$out/encrypted-rc4-40.pdf"
note encrypted-rc4-40.pdf 'failed: encrypted' 'RC4-40, user password "secret"'
qpdf --encrypt '' owner 256 --extract=n --print=none -- "$good" "$out/encrypted-no-user-password.pdf"
note encrypted-no-user-password.pdf '^indexed$' 'AES-256 with an empty user password (opens without one): must be indexed'

# -- page counts -----------------------------------------------------------
pages=$(qpdf --show-npages "$good")
args=()
for _ in $(seq 1 $(( (2000 + pages - 1) / pages ))); do args+=("$good" 1-z); done
qpdf --empty --pages "${args[@]}" -- "$out/big-2000-pages.pdf.tmp"
n=$(qpdf --show-npages "$out/big-2000-pages.pdf.tmp")
qpdf --empty --pages "$out/big-2000-pages.pdf.tmp" 1-2000 -- "$out/big-2000-pages.pdf"
rm -f "$out/big-2000-pages.pdf.tmp"
note big-2000-pages.pdf '^indexed$' "2,000 pages (a ${pages}-page PDF repeated)"

# -- generated hostile PDFs ------------------------------------------------
python3 - "$out" <<'PY'
import sys, zlib
out = sys.argv[1]

def pdf(objs, root=1, extra_trailer=b'', header=b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'):
    """objs: {num: body bytes}; writes a PDF with a correct xref."""
    b = bytearray(header)
    offs = {}
    for num in sorted(objs):
        offs[num] = len(b)
        b += b'%d 0 obj\n' % num + objs[num] + b'\nendobj\n'
    xref = len(b)
    size = max(objs) + 1
    b += b'xref\n0 %d\n0000000000 65535 f \n' % size
    for i in range(1, size):
        if i in offs:
            b += b'%010d 00000 n \n' % offs[i]
        else:
            b += b'0000000000 65535 f \n'
    b += b'trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n' % (
        size, root, extra_trailer, xref)
    return bytes(b)

def stream(dict_body, data):
    return b'<< %s /Length %d >>\nstream\n' % (dict_body, len(data)) + data + b'\nendstream'

FONT = b'<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>'

def page_objs(contents, first=3):
    return {1: b'<< /Type /Catalog /Pages 2 0 R >>',
            2: b'<< /Type /Pages /Kids [%d 0 R] /Count 1 >>' % first,
            first: b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>' % (FONT, first + 1),
            first + 1: contents}

def adler_combine(a1, a2, len2):
    BASE = 65521
    rem = len2 % BASE
    s1 = a1 & 0xffff
    s2 = (rem * s1) % BASE
    s1 += (a2 & 0xffff) + BASE - 1
    s2 += ((a1 >> 16) & 0xffff) + ((a2 >> 16) & 0xffff) + BASE - rem
    if s1 >= BASE: s1 -= BASE
    if s1 >= BASE: s1 -= BASE
    if s2 >= (BASE << 1): s2 -= (BASE << 1)
    if s2 >= BASE: s2 -= BASE
    return s1 | (s2 << 16)

def repeated_deflate(chunk, copies):
    """A zlib stream of chunk * copies, built without materialising it:
    after a full flush the compressor's output for the same input repeats."""
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    third = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert second == third
    body = first + second * (copies - 1)
    tail = zlib.compressobj(9)  # final empty block
    end = b'\x03\x00'           # fixed-Huffman empty final block
    a = 1
    ac = zlib.adler32(chunk)
    # adler of chunk*copies by doubling
    total, n, lenc = 1, copies, len(chunk)
    acc, acc_len = ac, lenc
    res, res_len = None, 0
    while n:
        if n & 1:
            res = acc if res is None else adler_combine(res, acc, acc_len)
            res_len += acc_len
        acc = adler_combine(acc, acc, acc_len)
        acc_len *= 2
        n >>= 1
    stream_ = body + end + res.to_bytes(4, 'big')
    assert zlib.decompressobj().decompress(stream_[:200000], 1 << 20)  # sane start
    return stream_

# 1. zip bomb for time: 64 GB of PDF whitespace behind two FlateDecode filters
inner = repeated_deflate(b' ' * (1 << 20), 64 * 1024)
outer = zlib.compress(inner, 9)
open(out + '/bomb-flate-64GB.pdf', 'wb').write(pdf(page_objs(
    stream(b'/Filter [/FlateDecode /FlateDecode]', outer))))

# 2. memory bomb: content streams that show ~1.2 G characters of text, all
#    on the page (poppler drops off-page and, past 50,000, tiny glyphs);
#    poppler's text extraction keeps every glyph of a page in memory
block = b'BT /F1 12 Tf 14 TL 20 780 Td\n' + (b"(" + b"xy " * 15 + b") '\n") * 50 + b'ET\n'
inner = repeated_deflate(block, 512 * 1024)
outer = zlib.compress(inner, 9)
open(out + '/bomb-text-memory.pdf', 'wb').write(pdf(page_objs(
    stream(b'/Filter [/FlateDecode /FlateDecode]', outer))))

# 3. page tree that contains itself
open(out + '/pagetree-self-loop.pdf', 'wb').write(pdf({
    1: b'<< /Type /Catalog /Pages 2 0 R >>',
    2: b'<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
    3: b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>'}))

# 4. two page-tree nodes pointing at each other
open(out + '/pagetree-mutual-loop.pdf', 'wb').write(pdf({
    1: b'<< /Type /Catalog /Pages 2 0 R >>',
    2: b'<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>',
    3: b'<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1000000 >>'}))

# 5. page tree nested 100,000 levels deep
depth = 100000
objs = {1: b'<< /Type /Catalog /Pages 2 0 R >>'}
for i in range(depth):
    n = 2 + i
    objs[n] = b'<< /Type /Pages /Kids [%d 0 R] /Count 1 >>' % (n + 1)
objs[2 + depth] = b'<< /Type /Page /MediaBox [0 0 612 792] >>'
open(out + '/pagetree-deep-100000.pdf', 'wb').write(pdf(objs))

# 6. a page count that lies: /Count 2^31-1 with one real page
o = page_objs(stream(b'', b'BT /F1 12 Tf 72 700 Td (one real page) Tj ET'))
o[2] = b'<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>'
open(out + '/pagecount-lie.pdf', 'wb').write(pdf(o))

# 7. zero pages
open(out + '/zero-pages.pdf', 'wb').write(pdf({
    1: b'<< /Type /Catalog /Pages 2 0 R >>',
    2: b'<< /Type /Pages /Kids [] /Count 0 >>'}))

# 8. an object stream that claims 2^31-1 objects at a huge offset
objs = page_objs(stream(b'', b'BT /F1 12 Tf 72 700 Td (object stream) Tj ET'))
objs[5] = stream(b'/Type /ObjStm /N 2147483647 /First 999999999', b'1 0 2 5 ')
open(out + '/objstm-huge.pdf', 'wb').write(pdf(objs))

# 9. a stream whose /Length is 2^62 and whose content self-references
o = page_objs(b'<< /Length 4611686018427387904 >>\nstream\nBT ET\nendstream')
open(out + '/stream-length-huge.pdf', 'wb').write(pdf(o))

# 10. resources that reference themselves forever (Form XObject drawing itself)
o = page_objs(stream(b'', b'/X1 Do'))
o[3] = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>'
o[5] = stream(b'/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >>', b'/X1 Do /X1 Do')
open(out + '/xobject-recursion.pdf', 'wb').write(pdf(o))

# 11. image-only page (no text layer): a 200x200 grey image
img = zlib.compress(bytes((x ^ y) & 0xff for y in range(200) for x in range(200)))
o = page_objs(stream(b'', b'q 500 0 0 500 50 150 cm /Im1 Do Q'))
o[3] = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>'
o[5] = stream(b'/Type /XObject /Subtype /Image /Width 200 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', img)
open(out + '/image-only-generated.pdf', 'wb').write(pdf(o, extra_trailer=b''))

# 12. title and text carrying script payloads (the web layer must escape them)
o = page_objs(stream(b'', b'BT /F1 12 Tf 72 700 Td (<script>alert\\("kindex-xss-body"\\)</script> zzxssbody) Tj ET'))
o[6] = b'<< /Title (<script>alert\\("kindex-xss-title"\\)</script><img src=x onerror=alert\\(1\\)>) >>'
open(out + '/xss-title-and-text.pdf', 'wb').write(pdf(o, extra_trailer=b'/Info 6 0 R '))

# 13. words, title and identifiers far longer than Xapian's 245-byte term limit
o = page_objs(stream(b'', b'BT /F1 12 Tf 72 700 Td (het belang van het kind ' + b'a' * 3000 + b' ' + b'\xe9' * 800 +
                     b' art. 3 IVRK ECLI:NL:RVS:2019:' + b'9' * 600 + b' CRC/C/GC/' + b'1' * 500 + b') Tj ET'))
o[6] = b'<< /Title (' + b'T' * 5000 + b') /Author (' + b'A' * 5000 + b') >>'
open(out + '/terms-too-long.pdf', 'wb').write(pdf(o, extra_trailer=b'/Info 6 0 R '))
PY
note terms-too-long.pdf '^indexed$' 'a 3,000-byte word, 5,000-byte title, 600-digit ECLI (Xapian terms are limited to 245 bytes)'
note bomb-flate-64GB.pdf 'failed: took longer than' 'content stream: 64 GB of whitespace behind two FlateDecode filters (~70 kB file)'
note bomb-text-memory.pdf 'failed: ran out of memory' 'content stream that shows ~1.2 G characters (poppler keeps them all)'
note pagetree-self-loop.pdf '^indexed; warning: no text layer' 'page tree that contains itself'
note pagetree-mutual-loop.pdf '^indexed; warning: no pages' 'two page-tree nodes pointing at each other, /Count 1000000'
note pagetree-deep-100000.pdf '^indexed; warning: no text layer' 'page tree nested 100,000 levels deep'
note pagecount-lie.pdf '^indexed; warning: no pages' '/Count 2147483647 with one real page'
note zero-pages.pdf '^indexed; warning: no pages' 'a valid PDF with /Count 0'
note objstm-huge.pdf '^indexed$' 'object stream claiming 2^31-1 objects'
note stream-length-huge.pdf '^indexed; warning: no text layer' 'stream /Length 2^62'
note xobject-recursion.pdf '^indexed; warning: no text layer' 'Form XObject that draws itself'
note image-only-generated.pdf '^indexed; warning: no text layer' 'a page holding one image and no text'
note xss-title-and-text.pdf '^indexed$' 'Title and text hold <script> payloads'

for s in "${KINDEX_SHARED:-$root/../shared}"/corpus/scans/*.pdf; do
	[ -f "$s" ] || continue
	cp "$s" "$out/scan-$(basename "$s")"
	note "scan-$(basename "$s")" '^indexed$' 'image-only scan from the shared corpus (read by OCR)'
	break
done

# -- names -----------------------------------------------------------------
cp "$small" "$out/name with  spaces.pdf"
note 'name with  spaces.pdf' '^indexed$' 'spaces in the name'
cp "$small" "$out/kinderrechten – ünïcödé 儿童权利 🧒.pdf"
note 'kinderrechten – ünïcödé 儿童权利 🧒.pdf' '^indexed$' 'Unicode name'
cp "$small" "$out/new"$'\n'"line.pdf"
note 'new\nline.pdf' '^indexed$' 'a newline in the name'
printf 'not a PDF\n' > "$out/failing"$'\n'"newline name.pdf"
note 'failing\nnewline name.pdf' 'failed: not a PDF' 'a failing file with a newline in its name (one summary line)'
cp "$small" "$out/bad-utf8-"$'\xff\xfe'".pdf"
note 'bad-utf8-\xff\xfe.pdf' '^indexed$' 'a name that is not UTF-8'
cp "$small" "$out/UPPER.PDF"
note UPPER.PDF '^indexed$' 'upper-case extension'
cp "$small" "$out/-dash-first.pdf"
note -dash-first.pdf '^indexed$' 'name starting with a dash'

# -- unreadable ------------------------------------------------------------
cp "$small" "$out/unreadable.pdf"
chmod 000 "$out/unreadable.pdf"
note unreadable.pdf 'failed: Permission denied' 'mode 000 (effective only when the indexer runs as non-root)'
mkdir -p "$out/unreadable-folder"
cp "$small" "$out/unreadable-folder/inside.pdf"
chmod 000 "$out/unreadable-folder"
note unreadable-folder 'failed: Permission denied' 'folder with mode 000'

# -- links and special files ------------------------------------------------
# Inside the folders only regular files are indexed; links are not followed
# without --follow-symlinks (tests/reliability/security-test.py tries that).
mkdir -p "$out/loop/sub"
ln -s .. "$out/loop/sub/up"
ln -s ../.. "$out/loop/sub/upup"
note loop/sub/up 'failed: symbolic link; not followed' 'link to the parent folder'
note loop/sub/upup 'failed: symbolic link; not followed' 'link to the grandparent folder'
ln -s self-link.pdf "$out/self-link.pdf"
note self-link.pdf 'failed: symbolic link; not followed' 'a link to itself'
ln -s ping.pdf "$out/pong.pdf"; ln -s pong.pdf "$out/ping.pdf"
note ping.pdf 'failed: symbolic link; not followed' 'two links pointing at each other'
note pong.pdf 'failed: symbolic link; not followed' 'two links pointing at each other'
ln -s /nonexistent/nowhere.pdf "$out/dangling.pdf"
note dangling.pdf 'failed: symbolic link; not followed' 'a link to nothing'
ln -s "name with  spaces.pdf" "$out/link-to-good.pdf"
note link-to-good.pdf 'failed: symbolic link; not followed' 'a link to another file of the batch'
mkfifo "$out/fifo.pdf"
note fifo.pdf 'failed: not a regular file' 'a FIFO named .pdf (opening it would block)'

echo "made $(wc -l < "$manifest") poison cases in $out (manifest: $manifest)"
