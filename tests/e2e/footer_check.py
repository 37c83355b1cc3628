#!/usr/bin/env python3
"""footer_check.py KINDEX DB QUERY... - no passage of a search ends with the
page-number line of its page (the footer): "artikel 3, eerste 3" was the page
number 3 between a page's last words and the next page.  Exits 1 when one does
(and when no passage at all was seen)."""
import json, re, subprocess, sys
kx, db = sys.argv[1], sys.argv[2]
queries = sys.argv[3:]
pn = re.compile(r'^\s*(?:(?:page|pagina|blz\.?|p\.)\s*)?(?:[-–]\s*\d{1,4}\s*[-–]|\d{1,4}(?:\s*(?:/|of|van)\s*\d{1,4})?)\s*$', re.I)
pages = {}
def page_lines(doc, page):
    if doc not in pages:
        out = subprocess.run([kx, 'show', '--db', db, '--text', str(doc)], capture_output=True, text=True).stdout
        parts = re.split(r'^--- page (\d+) ---$', out, flags=re.M)
        pages[doc] = {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}
    return [l for l in pages[doc].get(page, '').split('\n') if l.strip()]
bad = seen = 0
for q in queries:
    d = json.loads(subprocess.run([kx, 'search', '--db', db, '--json', '--passages', '3', '--limit', '20', q], capture_output=True, text=True).stdout)
    for h in d['results']:
        ps = ([h['snippet']] if h.get('snippet') else []) + h.get('passages', [])
        for p in ps:
            lines = page_lines(h['id'], p['page'])
            if not lines: continue
            last, t = lines[-1].strip(), p['text'].rstrip('…').rstrip()
            seen += 1
            if pn.match(last) and t.endswith(' ' + last) and not t.endswith(lines[-2].strip() if len(lines) > 1 else '\0'):
                bad += 1
                print('footer in passage: doc %d page %d: ...%s' % (h['id'], p['page'], t[-60:]))
print('passages %d, with a footer page number: %d' % (seen, bad))
sys.exit(1 if bad or seen == 0 else 0)
