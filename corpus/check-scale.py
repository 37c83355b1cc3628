#!/usr/bin/env python3
"""check-scale.py - verify a corpus made by mkcorpus against its labels.

Usage: corpus/check-scale.py OUTDIR [MAX_DOCS]

For up to MAX_DOCS documents (default 200, spread over the corpus) it runs
pdfinfo and pdftotext and checks that
  - the page count equals MANIFEST.tsv's pages column;
  - the first line is the synthetic-document banner;
  - the identifier, the title's first words and the body are on page 1;
  - every CITATIONS.tsv row is on its page: the passage, whitespace
    collapsed, occurs in that page's text (rows flagged linebreak or
    pagebreak are checked with line ends joined, pagebreak against the
    page and the next);
  - the text is valid UTF-8 and has no U+FFFD.
Prints one line per failure and a summary; exits 1 when anything failed.
Needs poppler-utils (pdftotext, pdfinfo).
"""
import csv, re, subprocess, sys
from collections import defaultdict

def pages_of(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                         capture_output=True, check=True).stdout
    text = out.decode("utf-8")  # raises on invalid UTF-8
    return text.split("\f")

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

def main():
    outdir = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    csv.field_size_limit(1 << 24)
    with open(f"{outdir}/MANIFEST.tsv", newline="", encoding="utf-8") as f:
        docs = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    cites = defaultdict(list)
    with open(f"{outdir}/CITATIONS.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            cites[row["file"]].append(row)
    step = max(1, len(docs) // limit)
    fails = checked = n_cites = 0
    for d in docs[::step][:limit]:
        path = f"{outdir}/{d['file']}"
        checked += 1
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if not m or int(m.group(1)) != int(d["pages"]):
            print(f"FAIL {d['file']}: pdfinfo pages {m and m.group(1)} != manifest {d['pages']}")
            fails += 1
        pages = pages_of(path)
        if "\ufffd" in "".join(pages):
            print(f"FAIL {d['file']}: U+FFFD in text"); fails += 1
        first = pages[0].lstrip().split("\n", 1)[0]
        if not first.startswith(("SYNTHETISCH DOCUMENT", "SYNTHETIC DOCUMENT")):
            print(f"FAIL {d['file']}: first line {first!r}"); fails += 1
        p1 = norm(pages[0])
        for what in (d["identifier"], d["court_or_body"], " ".join(d["title"].split()[:4])):
            if what not in p1:
                print(f"FAIL {d['file']}: {what!r} not on page 1"); fails += 1
        for c in cites[d["file"]]:
            n_cites += 1
            pg = int(c["page"])
            hay = pages[pg - 1]
            if "pagebreak" in c["flags"] and pg < len(pages):
                # Drop the footer ("– n –") and the running header between.
                tail = [l for l in hay.split("\n") if l.strip()][:-1]
                head = [l for l in pages[pg].split("\n") if l.strip()][1:]
                hay = "\n".join(tail + head)
            hay = norm(re.sub(r"-\n", "-", hay))
            if norm(c["passage"]) not in hay:
                print(f"FAIL {d['file']}: p.{pg} {c['instrument']} {c['article']}: {c['passage']!r} ({c['flags']})")
                fails += 1
    print(f"check-scale: {checked} documents, {n_cites} citations checked, {fails} failures")
    sys.exit(1 if fails else 0)

main()
