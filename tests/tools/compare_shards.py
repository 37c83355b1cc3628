#!/usr/bin/env python3
"""compare_shards.py - the same queries against one index and a stub of shards.

usage: compare_shards.py KINDEX ONE_DB STUB QUERIES.tsv

For every distinct query of the judged set (column 3), runs
`kindex search --json --passages 3` on both and compares what a user sees:
the total, the ten documents (by path) in their order, the facets, and each
hit's snippet and passages with their pages.  Prints one line per query that
differs and a summary; exits 1 when any differs."""
import json
import subprocess
import sys

kindex, one, stub, qfile = sys.argv[1:5]
queries = []
for line in open(qfile, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f) >= 3 and f[2] not in queries:
        queries.append(f[2])


def run(db, q):
    p = subprocess.run([kindex, "search", "--db", db, "--json", "--passages", "3", "--limit", "10", q],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return {"error": p.stderr.strip()}
    return json.loads(p.stdout)


def view(d):
    if "error" in d:
        return d
    return {
        "total": d["total"],
        "docs": sorted(r["path"] for r in d["results"]),
        "order": [r["path"] for r in d["results"]],
        "facets": d.get("facets"),
        "passages": sorted((r["path"], json.dumps(r.get("snippet")), json.dumps(r.get("passages"))) for r in d["results"]),
    }


bad = 0
reordered = 0
for q in queries:
    a, b = view(run(one, q)), view(run(stub, q))
    if a.get("order") != b.get("order"):
        reordered += 1
    a.pop("order", None)
    b.pop("order", None)
    if a != b:
        bad += 1
        what = [k for k in ("error", "total", "docs", "facets", "passages") if a.get(k) != b.get(k)]
        print(f"DIFFERS {q!r}: {', '.join(what)}")
        if "total" in what:
            print(f"   total {a.get('total')} vs {b.get('total')}")
print(f"{reordered} of {len(queries)} queries rank their ten documents in another order")
print(f"{len(queries) - bad} of {len(queries)} queries the same on one index and on the shards")
sys.exit(1 if bad else 0)
