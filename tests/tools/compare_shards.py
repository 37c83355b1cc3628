#!/usr/bin/env python3
"""compare_shards.py - the same queries on two indexes (one index and a stub
of its shards, or a stub read locally and remotely).

usage: compare_shards.py KINDEX DB_A DB_B QUERIES.tsv [--order]

For every distinct query of the judged set (column 3), runs
`kindex search --json --passages 3` on both and compares what a user sees.
Must agree (exit 1 otherwise): the total, the facets, and for each document
in both top tens the pages of its snippet and passages; with --order also
the ten documents in their order.  Reported only: passage texts (the window
within the page follows Xapian's snippet term weights, which Xapian 1.4
adds up over the shards that hold a term)."""
import json
import subprocess
import sys

kindex, db_a, db_b, qfile = sys.argv[1:5]
strict_order = "--order" in sys.argv[5:]
queries = []
for line in open(qfile, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f) >= 3 and f[0] != "query_id" and f[2] not in queries:
        queries.append(f[2])


def run(db, q):
    p = subprocess.run([kindex, "search", "--db", db, "--json", "--passages", "3", "--limit", "10", q],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return {"error": p.stderr.strip()}
    return json.loads(p.stdout)


def pages(r):
    return ((r.get("snippet") or {}).get("page"), [x["page"] for x in r.get("passages") or []])


def texts(r):
    return (json.dumps(r.get("snippet")), json.dumps(r.get("passages")))


n = len(queries)
bad = same_docs = same_order = same_text = 0
for q in queries:
    a, b = run(db_a, q), run(db_b, q)
    if "error" in a or "error" in b:
        print(f"FAILS {q!r}: {a.get('error') or b.get('error')}")
        bad += 1
        continue
    ra = {r["path"]: r for r in a["results"]}
    rb = {r["path"]: r for r in b["results"]}
    common = [p for p in ra if p in rb]
    order_a = [r["path"] for r in a["results"]]
    order_b = [r["path"] for r in b["results"]]
    wrong = []
    if a["total"] != b["total"]:
        wrong.append(f"total {a['total']} vs {b['total']}")
    if a.get("facets") != b.get("facets"):
        wrong.append("facets")
    if any(pages(ra[p]) != pages(rb[p]) for p in common):
        wrong.append("passage pages")
    if strict_order and order_a != order_b:
        wrong.append("order")
    same_docs += set(ra) == set(rb)
    same_order += order_a == order_b
    same_text += set(ra) == set(rb) and all(texts(ra[p]) == texts(rb[p]) for p in common)
    if wrong:
        bad += 1
        print(f"DIFFERS {q!r}: {', '.join(wrong)}")
print(f"{n - bad} of {n} queries: same totals, facets and passage pages")
print(f"{same_docs} of {n}: same ten documents; {same_order} of {n} in the same order; "
      f"{same_text} of {n}: same documents and passage texts")
sys.exit(1 if bad else 0)
