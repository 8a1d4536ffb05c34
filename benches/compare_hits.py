#!/usr/bin/env python3
"""Same index, same answers? Ingests the same inputs with two undex
binaries and compares what `search --format json` answers on each.

    python3 benches/compare_hits.py OLD_UNDEX NEW_UNDEX PATH... [--keyword N]

A change meant to make ingest faster must leave the index the same for
users: this builds one index with each binary (in a temporary folder),
(with one ingest thread, so that documents get the same addresses and
ties the same order), runs every query of benches/relevance/needs.toml and heldout.toml plus the
first N keyword queries of the shared benchmark set (default 20; each also
once with `--facets` and once under `--topic nuclear`) with the binary
that built the index, and compares the whole JSON answer (totals, hits in
order, scores, snippets, highlights, facets) except the time it took.
Exit 0 when every answer is identical, 1 otherwise (the differences are
printed).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def queries(keyword_n):
    out = []
    for name in ("needs.toml", "heldout.toml"):
        text = (ROOT / "benches" / "relevance" / name).read_text(encoding="utf-8")
        out += re.findall(r'^query = "(.*)"$', text, flags=re.M)
    shared = Path(os.environ.get("UNDEX_SHARED", ROOT.parent / "shared"))
    kw = shared / "bench" / "queries-keyword.txt"
    if keyword_n and not kw.exists():
        sys.exit(f"compare_hits: {kw} is missing (set UNDEX_SHARED, or --keyword 0)")
    if keyword_n:
        out += [q.strip() for q in kw.read_text(encoding="utf-8").splitlines()[:keyword_n] if q.strip()]
    return out


def answer(exe, index, args):
    r = subprocess.run([exe, "--quiet", "--index", index, "search", *args, "--format", "json"],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        return {"exit": r.returncode, "stderr": r.stderr.strip()}
    o = json.loads(r.stdout)
    o.pop("took_ms", None)
    return o


def first_difference(old, new, where="answer"):
    """Where two JSON values first differ, for the report."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in list(old) + [k for k in new if k not in old]:
            if old.get(k) != new.get(k):
                return first_difference(old.get(k), new.get(k), f"{where}.{k}")
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                return first_difference(a, b, f"{where}[{i}]")
        if len(old) != len(new):
            return f"{where}: {len(old)} items, now {len(new)}"
    return f"{where}: {json.dumps(old)[:200]} -> {json.dumps(new)[:200]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--keyword", type=int, default=20, help="keyword queries from the shared set")
    ap.add_argument("--limit", type=int, default=20, help="hits per query")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="undex-compare-"))
    try:
        idx = {}
        for name, exe in (("old", args.old), ("new", args.new)):
            idx[name] = work / name
            t0 = time.perf_counter()
            # One ingest thread: with two, which of tantivy's indexing threads
            # takes a document decides its address, and equal scores are
            # ordered by address, so two ingests by the same binary can
            # order ties differently.
            r = subprocess.run([exe, "--index", idx[name], "ingest", "--threads", "1", *args.paths],
                               capture_output=True, text=True)
            last = r.stderr.strip().splitlines()[-1:] or [""]
            print(f"{name}: ingest {time.perf_counter() - t0:.1f} s, exit {r.returncode}: {last[0]}")
        qs = queries(args.keyword)
        variants = [[]] + [["--facets"], ["--topic", "nuclear"]]
        same = differ = 0
        for q in qs:
            for extra in variants:
                a = [q, "--limit", str(args.limit), *extra]
                old, new = answer(args.old, idx["old"], a), answer(args.new, idx["new"], a)
                if old == new:
                    same += 1
                else:
                    differ += 1
                    print(f"DIFFERS: {a}: {first_difference(old, new)}")
        hits = sum(1 for _ in qs)
        print(f"{hits} queries x {len(variants)} variants: {same} identical, {differ} different")
        return 0 if differ == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
