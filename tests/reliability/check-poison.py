#!/usr/bin/env python3
"""check-poison.py - checks how `kindex index` handled the poison files.

usage: check-poison.py KINDEX DB DIR MANIFEST OUTPUT STDERR

OUTPUT and STDERR are what `kindex index --db DB DIR` printed.  For every
manifest line (see make-poison.sh) the file's outcome is worked out from the
summary ("failed: REASON", "indexed; warning: REASON", "indexed" when
`kindex show` finds it, else "absent") and matched against the expectation.
Also checks that every summary line is one line naming one file, and that
stderr holds nothing but the progress line.  Prints one row per file and
exits 1 when any check fails."""
import codecs, os, re, subprocess, sys

kindex, db, top, manifest, out_path, err_path = sys.argv[1:7]
top = os.path.abspath(top).encode()
out = open(out_path, 'rb').read()
err = open(err_path, 'rb').read()


def oneline(b):
    """The indexer's escaping of control characters (index.c add_oneline)."""
    r = bytearray()
    for c in b:
        if c == 10:
            r += b'\\n'
        elif c == 9:
            r += b'\\t'
        elif c < 0x20 or c == 0x7f:
            r += b'\\x%02x' % c
        else:
            r.append(c)
    return bytes(r)


section, failed, warnings = None, [], []
for line in out.split(b'\n'):
    if re.match(rb'^failed \(\d+\):$', line):
        section = failed
    elif re.match(rb'^warnings \(\d+\):$', line):
        section = warnings
    elif line.startswith(b'  ') and section is not None:
        section.append(line[2:])
    else:
        section = None

rows, bad = [], 0
claimed = set()
for mline in open(manifest, 'rb').read().split(b'\n'):
    if not mline.strip():
        continue
    name_esc, expect, what = mline.split(b'\t', 2)
    name = codecs.escape_decode(name_esc)[0]
    path = os.path.join(top, name)
    prefix = oneline(path) + b': '
    f = [l for l in failed if l.startswith(prefix)]
    w = [l for l in warnings if l.startswith(prefix)]
    claimed.update(f + w)
    if f:
        outcome = b'failed: ' + f[0][len(prefix):]
    else:
        show = subprocess.run([kindex, 'show', '--db', db, path.decode('utf-8', 'surrogateescape')],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if show.returncode == 0:
            outcome = b'indexed' + (b'; warning: ' + w[0][len(prefix):] if w else b'')
        else:
            outcome = b'absent'
    ok = re.search(expect.decode(), outcome.decode('utf-8', 'replace')) is not None
    if len(f) > 1:
        ok = False
        outcome += b' (named %d times)' % len(f)
    bad += not ok
    rows.append((name_esc.decode('utf-8', 'replace'), what.decode(), outcome.decode('utf-8', 'replace'), ok))

w1 = max(len(r[0]) for r in rows)
for name, what, outcome, ok in rows:
    print('  %-4s %-*s  %s' % ('ok' if ok else 'FAIL', w1, name, outcome))
    print('       %-*s  (%s)' % (w1, '', what))
stray = [l for l in failed + warnings if l not in claimed]
for l in stray:
    print('  FAIL summary line that names no poison file: %r' % l)
bad += len(stray)
noise = [l for l in err.replace(b'\r', b'\n').split(b'\n') if l.strip() and not l.startswith(b'\x1b[K')]
for l in noise:
    print('  FAIL stderr holds more than the progress line: %s' % l.decode('utf-8', 'replace')[:160])
bad += len(noise)
print('  poison files: %d tried, %d handled as expected; %d stray summary lines, %d lines of stderr noise' % (
    len(rows), len(rows) - sum(not r[3] for r in rows), len(stray), len(noise)))
sys.exit(1 if bad else 0)
