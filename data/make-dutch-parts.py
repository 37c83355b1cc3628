#!/usr/bin/env python3
"""Derives data/dutch-parts.txt, the word list kindex splits Dutch compounds
against (search/analyze.c), from a Dutch spelling word list.

  python3 data/make-dutch-parts.py /usr/share/dict/dutch > data/dutch-parts.txt

(/usr/share/dict/dutch: Debian package wdutch, OpenTaal word list, BSD/CC-BY.)
A word is kept when it is one of the two halves of another word of the list,
split as HEAD [linking s|e|en|er] TAIL with both halves at least 4 letters long:
so the list holds the words Dutch actually builds compounds from (gezin,
hereniging, plaatsing, straffen, ...), not every compound itself.  The output
is sorted bytewise (LC_ALL=C) so that kindex can search it without sorting.
"""
import re
import sys

MIN_PART = 4
LINKS = ('', 's', 'e', 'en', 'er')


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/dict/dutch'
    words = set()
    with open(src, encoding='utf-8') as fh:
        for line in fh:
            w = line.strip()
            if re.fullmatch(r'[a-zëéèïöüáóäâêîôûç]+', w) and MIN_PART <= len(w) <= 24:
                words.add(w)
    parts = set()
    for w in words:
        for i in range(MIN_PART, len(w) - MIN_PART + 1):
            head = w[:i]
            if head not in words:
                continue
            for link in LINKS:
                if not w.startswith(link, i):
                    continue
                tail = w[i + len(link):]
                if len(tail) >= MIN_PART and tail in words:
                    parts.add(head)
                    parts.add(tail)
    out = sorted(parts, key=lambda s: s.encode('utf-8'))
    sys.stdout.write('# Dutch compound parts, derived by data/make-dutch-parts.py from the\n'
                     '# OpenTaal word list (Debian wdutch). One word a line, sorted bytewise.\n')
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
