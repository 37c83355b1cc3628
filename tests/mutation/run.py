#!/usr/bin/env python3
"""run.py - the mutation suite of kindex (`make mutation-test`).

For each mutation of tests/mutation/mutations.txt (the format is described at
the top of that file): copy the tree to a scratch folder, apply the change
(STALE when the original text is not found exactly once), build, run the
suites, and tell whether any of them failed, i.e. caught the mutation.  Prints
a table:

    mutation | expected suite | caught by | result

Results: caught (by an expected suite), caught-other (only by a suite not
named), NOT CAUGHT, STALE, BUILD FAILED, skipped (--fast, and the expected
suites are not among unit and e2e).

The suites run in the order unit, e2e, reliability, browser, the expected
ones first; the first one that fails ends the mutation (a suite that runs
past --timeout counts as failing).  With --all-suites every allowed suite
runs, to list all that catch it.

Speed: the tree is copied once to a base folder (without build dirs) and
built there; each mutation copies that base, build included, with its
timestamps, so that `make` rebuilds only the changed file and relinks.

Before the mutations, the suites that may be used run once on the unchanged
tree; one that fails there is left out, with a warning (--no-baseline skips
this check).

Usage: tests/mutation/run.py [--only NAME[,NAME...]] [--fast] [--all-suites]
                             [--timeout SECONDS] [--keep] [--no-baseline] [--list]
Exit status: 0 when every mutation that ran was caught, 1 otherwise, 2 on a
usage or setup error.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SUITES = ["unit", "e2e", "reliability", "browser"]
TARGETS = {s: s + "-test" for s in SUITES}
EXCLUDE = {"build", "build-asan", "build-fuzz", ".git", "kindex", "tests/artifacts"}


class Mutation:
    def __init__(self, name, lineno):
        self.name = name
        self.lineno = lineno
        self.file = None
        self.suites = []
        self.why = ""
        self.orig = None
        self.repl = None


def parse(path):
    """Reads the mutations file; exits with a message on a malformed one."""
    muts, cur, mode, lines = [], None, None, []

    def close():
        nonlocal lines
        if cur is None:
            return
        if mode == "orig":
            die(f"{path}:{cur.lineno}: {cur.name}: no '+++ replacement' line")
        if mode == "repl":
            while lines and lines[-1] == "":
                lines.pop()
            cur.repl = "\n".join(lines)
        if cur.file is None or not cur.suites or cur.orig is None or cur.repl is None:
            die(f"{path}:{cur.lineno}: {cur.name}: needs file:, suite:, --- original and +++ replacement")
        bad = [s for s in cur.suites if s not in SUITES]
        if bad:
            die(f"{path}:{cur.lineno}: {cur.name}: unknown suite {' '.join(bad)}")
        muts.append(cur)
        lines = []

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("== "):
                close()
                name = line[3:].strip()
                if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
                    die(f"{path}:{n}: bad mutation name '{name}'")
                if any(m.name == name for m in muts):
                    die(f"{path}:{n}: mutation '{name}' named twice")
                cur, mode, lines = Mutation(name, n), "head", []
                continue
            if cur is None or mode == "head":
                if line.startswith("#") or line.strip() == "":
                    continue
                if cur is None:
                    die(f"{path}:{n}: text before the first '== NAME'")
                if line == "--- original":
                    mode, lines = "orig", []
                    continue
                key, _, val = line.partition(":")
                val = val.strip()
                if key == "file":
                    cur.file = val
                elif key == "suite":
                    cur.suites = val.split()
                elif key == "why":
                    cur.why = val
                else:
                    die(f"{path}:{n}: unknown field '{key}'")
                continue
            if mode == "orig" and line == "+++ replacement":
                cur.orig = "\n".join(lines)
                mode, lines = "repl", []
                continue
            lines.append(line)
    close()
    return muts


def die(msg):
    print(f"mutation-test: {msg}", file=sys.stderr)
    sys.exit(2)


def copy_tree(src, dst, with_build):
    """Copies src to dst, keeping timestamps; build dirs only if with_build."""
    def ignore(d, names):
        rel = os.path.relpath(d, src)
        out = []
        for n in names:
            p = n if rel == "." else os.path.join(rel, n)
            if p in EXCLUDE and not (with_build and p == "build"):
                out.append(n)
        return out
    shutil.copytree(src, dst, symlinks=True, ignore=ignore, copy_function=shutil.copy2)


def apply(m, tree):
    """Applies m in tree.  Returns None, or why it could not (STALE)."""
    path = os.path.join(tree, m.file)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        return f"{m.file}: {e.strerror}"
    n = text.count(m.orig)
    if n != 1:
        return f"original found {n} times in {m.file}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(m.orig, m.repl))
    return None


def run(cmd, cwd, log, timeout):
    """Runs cmd (a list) in cwd, output appended to log.  Returns the exit
    status, or 'timeout'."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
            return "timeout"


def build(tree, log, timeout):
    return run(["make", "-j2", "all"], tree, log, timeout) == 0 and \
        run(["make", "-j2", *test_bins(tree)], tree, log, timeout) == 0


def test_bins(tree):
    return ["build/tests/" + f[:-2] for f in sorted(os.listdir(os.path.join(tree, "tests/unit")))
            if f.startswith("test_") and f.endswith(".c")]


def main():
    ap = argparse.ArgumentParser(description="kindex mutation suite")
    ap.add_argument("--only", help="comma-separated mutation names")
    ap.add_argument("--fast", action="store_true", help="unit and e2e suites only")
    ap.add_argument("--all-suites", action="store_true",
                    help="run every allowed suite, not only until the first catch")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per suite (default 900)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folders")
    ap.add_argument("--no-baseline", action="store_true",
                    help="do not first check that the suites pass on the unchanged tree")
    ap.add_argument("--list", action="store_true", help="list the mutations and check them")
    ap.add_argument("--file", default=os.path.join(HERE, "mutations.txt"))
    args = ap.parse_args()

    muts = parse(args.file)
    if args.only:
        want = args.only.split(",")
        unknown = [w for w in want if not any(m.name == w for m in muts)]
        if unknown:
            die(f"no mutation named {', '.join(unknown)}")
        muts = [m for m in muts if m.name in want]
    allowed = ["unit", "e2e"] if args.fast else list(SUITES)

    if args.list:
        bad = 0
        for m in muts:
            with open(os.path.join(ROOT, m.file), encoding="utf-8") as f:
                n = f.read().count(m.orig)
            state = "ok" if n == 1 else f"STALE ({n} matches)"
            bad += n != 1
            print(f"{m.name:32} {m.file:22} {' '.join(m.suites):18} {state}")
        print(f"{len(muts)} mutations, {bad} stale")
        return 1 if bad else 0

    scratch = tempfile.mkdtemp(prefix="kindex-mutation-")
    # The reliability suite runs the indexer as nobody: it must reach the tree.
    os.chmod(scratch, 0o755)
    logdir = os.path.join(scratch, "logs")
    os.mkdir(logdir)
    print(f"mutation-test: {len(muts)} mutations; scratch {scratch}", flush=True)
    base = os.path.join(scratch, "base")
    copy_tree(ROOT, base, with_build=False)
    t0 = time.time()
    if not build(base, os.path.join(logdir, "base.log"), args.timeout):
        print(f"mutation-test: the unchanged tree does not build; see {logdir}/base.log")
        return 2
    print(f"mutation-test: base built in {time.time() - t0:.0f} s", flush=True)
    # A suite that fails on the unchanged tree cannot judge a mutation.
    if not args.no_baseline:
        for s in list(allowed):
            if not any(s in m.suites for m in muts) and not args.all_suites and s not in ("unit", "e2e"):
                continue
            rc = run(["make", TARGETS[s]], base, os.path.join(logdir, "base.log"), args.timeout)
            if rc != 0:
                print(f"mutation-test: WARNING: suite {s} fails on the unchanged tree "
                      f"({rc}); it is not used (see {logdir}/base.log)", flush=True)
                allowed.remove(s)
            else:
                print(f"mutation-test: suite {s} passes on the unchanged tree", flush=True)

    rows = []
    for i, m in enumerate(muts, 1):
        t1 = time.time()
        tree = os.path.join(scratch, "m-" + m.name)
        log = os.path.join(logdir, m.name + ".log")
        copy_tree(base, tree, with_build=True)
        expected = " ".join(m.suites)
        why = apply(m, tree)
        if why is not None:
            rows.append((m.name, expected, "-", "STALE", why))
        elif not [s for s in m.suites if s in allowed]:
            rows.append((m.name, expected, "-", "skipped", "expected suite not run (--fast)"))
        elif not build(tree, log, args.timeout):
            rows.append((m.name, expected, "-", "BUILD FAILED", f"see {log}"))
        else:
            order = [s for s in m.suites if s in allowed] + \
                    [s for s in SUITES if s in allowed and s not in m.suites]
            caught = []
            for s in order:
                rc = run(["make", TARGETS[s]], tree, log, args.timeout)
                if rc != 0:
                    caught.append(s + (" (timeout)" if rc == "timeout" else ""))
                    if not args.all_suites:
                        break
            names = [c.split()[0] for c in caught]
            if not caught:
                result = "NOT CAUGHT"
            elif any(n in m.suites for n in names):
                result = "caught"
            else:
                result = "caught-other"
            rows.append((m.name, expected, ", ".join(caught) or "-", result, ""))
        print(f"[{i}/{len(muts)}] {m.name}: {rows[-1][3]} ({rows[-1][2]}) "
              f"{time.time() - t1:.0f} s", flush=True)
        if not args.keep:
            shutil.rmtree(tree, ignore_errors=True)

    w = [max(len(r[k]) for r in rows + [("mutation", "expected suite", "caught by", "result")])
         for k in range(4)]
    print()
    print(" | ".join(h.ljust(w[k]) for k, h in
                     enumerate(("mutation", "expected suite", "caught by", "result"))))
    print("-+-".join("-" * x for x in w))
    for r in rows:
        line = " | ".join(r[k].ljust(w[k]) for k in range(4))
        print(line + (f"   ({r[4]})" if r[4] else ""))
    n_ok = sum(1 for r in rows if r[3] in ("caught", "caught-other"))
    n_run = sum(1 for r in rows if r[3] != "skipped")
    print(f"\n{n_ok} of {n_run} mutations caught ({len(rows) - n_run} skipped) "
          f"in {time.time() - t0:.0f} s; logs in {logdir}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if n_ok == n_run else 1


if __name__ == "__main__":
    sys.exit(main())
