#!/usr/bin/env python3
"""Load benchmark of `undex serve`: parallel HTTP clients on loopback
against /api/search, over an index of the UN General Debate corpus.

    python3 benches/serve_load.py             # 8 clients, 2 passes of 1,000 keyword queries
    python3 benches/serve_load.py --quick     # the last ten sessions, 1 pass

It builds undex (`cargo build --release`), unpacks the General Debate
corpus from ../shared (or $UNDEX_SHARED; it stops with a clear message when
that is missing) into a temporary folder (kept between runs under
$TMPDIR/undex-serve-bench, so a re-run skips the ingest), starts
`undex serve --addr 127.0.0.1:0 --quiet` and then:

  1. 8 client processes, each with one keep-alive connection, send the
     1,000 keyword queries of ../shared/bench/queries-keyword.txt
     (`/api/search?q=...`, 10 hits with snippets, as the page asks) in turn;
     latency is measured by the client, from sending the request to having
     read the whole answer; throughput is answers per second of wall time.
  2. 10x the server's concurrency limit of clients (at least 80; threads,
     one connection each) send the same queries at once: every answer must be 200 or 503
     (waited too long for a slot); anything else is a failure.

Prints a table and writes the figures as JSON (default:
target/bench/serve.json).
"""

import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNDEX = ROOT / "target" / "release" / "undex"
CLIENTS = 8
GOAL_P99_MS = 20.0
FLOOD_MIN_CLIENTS = 80  # the flood is never smaller than against a limit of 8


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * (len(v) - 1))))]


def shared_dir():
    d = Path(os.environ.get("UNDEX_SHARED", ROOT.parent / "shared"))
    need = [d / "corpus/ungdc/UNGDC_1946-2024_txt.tar.gz", d / "bench/queries-keyword.txt"]
    missing = [str(p) for p in need if not p.exists()]
    if missing:
        sys.exit("serve_load: the shared UN data is missing; expected under "
                 f"{d} (set UNDEX_SHARED):\n  " + "\n  ".join(missing))
    return d


def prepare(shared, quick):
    work = Path(tempfile.gettempdir()) / ("undex-serve-bench" + ("-quick" if quick else ""))
    corpus, index = work / "ungdc", work / "index"
    done = work / "ingested"
    # An index from an older undex (another schema) or a deleted one is
    # built again rather than failing the run.
    usable = done.exists() and subprocess.run(
        [UNDEX, "--quiet", "--index", index, "stats"], capture_output=True).returncode == 0
    if not usable:
        shutil.rmtree(index, ignore_errors=True)
        print(f"serve_load: unpacking and indexing into {work} ...", file=sys.stderr, flush=True)
        unpacked = work / "unpacked"
        if not unpacked.exists():
            with tarfile.open(shared / "corpus/ungdc/UNGDC_1946-2024_txt.tar.gz") as tar:
                members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")
                           and not Path(m.name).name.startswith(".")]
                if quick:
                    members = [m for m in members if re.search(r"Session (7\d)", m.name)]
                tar.extractall(corpus, members=members, filter="data")
            unpacked.write_text("ok\n")
        r = subprocess.run([UNDEX, "--quiet", "--index", index, "ingest", corpus])
        if r.returncode not in (0, 2):
            sys.exit("serve_load: ingest failed")
        done.write_text("ok\n")
    return index


def start_server(index, extra=()):
    p = subprocess.Popen([UNDEX, "--quiet", "--index", str(index), "serve",
                          "--addr", "127.0.0.1:0", *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://([\d.]+):(\d+)/ \((\d+) requests at once\)", line)
    if not m:
        p.kill()
        sys.exit(f"serve_load: no address from undex serve: {line!r} {p.stderr.read()}")
    return p, m.group(1), int(m.group(2)), int(m.group(3))


def client(args):
    """One client process: its queries in turn over one connection."""
    host, port, queries = args
    conn = http.client.HTTPConnection(host, port, timeout=60)
    out = []
    for q in queries:
        path = "/api/search?q=" + urllib.parse.quote(q)
        t0 = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t0) * 1000
        took = json.loads(body)["took_ms"] if r.status == 200 else None
        out.append((r.status, ms, len(body), took))
    conn.close()
    return out


def phase_parallel(host, port, queries, clients, passes):
    work = [q for _ in range(passes) for q in queries]
    parts = [(host, port, work[i::clients]) for i in range(clients)]
    t0 = time.perf_counter()
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(client, parts)
    wall = time.perf_counter() - t0
    flat = [r for part in results for r in part]
    lat = [ms for s, ms, _, _ in flat if s == 200]
    took = [t for s, _, _, t in flat if s == 200]
    statuses = {}
    for s, _, _, _ in flat:
        statuses[s] = statuses.get(s, 0) + 1
    return {
        "clients": clients, "requests": len(flat), "wall_s": wall,
        "rps": len(flat) / wall, "statuses": statuses,
        "p50_ms": pct(lat, 50), "p90_ms": pct(lat, 90), "p99_ms": pct(lat, 99),
        "max_ms": max(lat) if lat else float("nan"),
        "mean_bytes": sum(b for _, _, b, _ in flat) / max(1, len(flat)),
        # The search's own time inside the server (took_ms of each answer):
        # the rest of a latency is HTTP, JSON and waiting for a core.
        "took_p50_ms": pct(took, 50), "took_p99_ms": pct(took, 99),
    }


def phase_flood(host, port, queries, clients):
    """clients threads at once, each its share of the queries."""
    statuses, errors, lock = {}, [], threading.Lock()

    def run(part):
        try:
            conn = http.client.HTTPConnection(host, port, timeout=60)
            for q in part:
                conn.request("GET", "/api/search?q=" + urllib.parse.quote(q))
                r = conn.getresponse()
                r.read()
                with lock:
                    statuses[r.status] = statuses.get(r.status, 0) + 1
                if r.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=60)
            conn.close()
        except Exception as e:  # a refused or dropped connection is a failure
            with lock:
                errors.append(repr(e))

    threads = [threading.Thread(target=run, args=(queries[i::clients],)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"clients": clients, "requests": sum(statuses.values()), "wall_s": wall,
            "statuses": statuses, "connection_errors": errors[:5],
            "n_connection_errors": len(errors)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a subset of the corpus, one pass")
    ap.add_argument("--passes", type=int, default=None, help="passes over the 1,000 queries (default 2)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/undex as it is")
    ap.add_argument("--max-concurrent", type=int, default=None,
                    help="the server's --max-concurrent (default: its own default, one per core)")
    ap.add_argument("--json", default=str(ROOT / "target" / "bench" / "serve.json"))
    args = ap.parse_args()
    shared = shared_dir()
    if not args.no_build:
        print("serve_load: cargo build --release ...", file=sys.stderr, flush=True)
        if subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "undex"], cwd=ROOT).returncode:
            sys.exit("serve_load: build failed")
    index = prepare(shared, args.quick)
    queries = [l.strip() for l in open(shared / "bench/queries-keyword.txt", encoding="utf-8") if l.strip()]
    passes = args.passes or (1 if args.quick else 2)
    extra = [] if args.max_concurrent is None else ["--max-concurrent", str(args.max_concurrent)]
    server, host, port, limit = start_server(index, extra)
    try:
        docs = json.loads(urlopen(host, port, "/api/stats"))["documents"]
        client((host, port, queries[:200]))  # warm up: page cache, doc store cache
        load0 = os.getloadavg()[0]
        par = phase_parallel(host, port, queries, CLIENTS, passes)
        flood = phase_flood(host, port, queries, max(limit * 10, FLOOD_MIN_CLIENTS))
        load1 = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    ok_flood = set(flood["statuses"]) <= {200, 503} and not flood["n_connection_errors"]
    R = {"documents": docs, "queries": len(queries), "passes": passes, "parallel": par,
         "flood": flood, "load_start": load0, "load_end": load1, "nproc": os.cpu_count(),
         "goal_p99_ms": GOAL_P99_MS, "flood_ok": ok_flood, "max_concurrent": limit}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(R, indent=2))
    print(f"undex serve load — {docs} documents (General Debate corpus), {len(queries)} keyword queries x {passes}; "
          f"{os.cpu_count()} cores, load average {load0:.1f} -> {load1:.1f}")
    print(f"\n{CLIENTS} clients, keep-alive, /api/search?q=... (10 hits with snippets)")
    print(f"  requests {par['requests']}  statuses {par['statuses']}  wall {par['wall_s']:.1f} s  "
          f"throughput {par['rps']:.0f}/s")
    print(f"  latency ms: p50 {par['p50_ms']:.2f}  p90 {par['p90_ms']:.2f}  p99 {par['p99_ms']:.2f}  "
          f"max {par['max_ms']:.1f}   (goal p99 < {GOAL_P99_MS:g}: "
          f"{'met' if par['p99_ms'] < GOAL_P99_MS else 'MISSED'})")
    print(f"  search time in the server (took_ms): p50 {par['took_p50_ms']:.2f}  p99 {par['took_p99_ms']:.2f}")
    print(f"\n{flood['clients']} clients at once (10x the limit of {limit}, at least {FLOOD_MIN_CLIENTS}):")
    print(f"  requests {flood['requests']}  statuses {flood['statuses']}  "
          f"connection errors {flood['n_connection_errors']}  wall {flood['wall_s']:.1f} s  "
          f"-> {'only 200/503: ok' if ok_flood else 'FAILED'}")
    print(f"\nfigures: {args.json}")
    return 0 if ok_flood else 1


def urlopen(host, port, path):
    c = http.client.HTTPConnection(host, port, timeout=60)
    c.request("GET", path)
    body = c.getresponse().read()
    c.close()
    return body


if __name__ == "__main__":
    sys.exit(main())
