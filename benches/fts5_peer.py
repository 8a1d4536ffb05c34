#!/usr/bin/env python3
"""SQLite FTS5 peer for benches/bench.py: what a script using Python's
sqlite3 module would do, on the same texts and queries as undex.

    fts5_peer.py index  DB PATH...      # .txt files / folders, or .jsonl records
    fts5_peer.py batch  DB QUERIES      # one JSON line per query, with took_ms
    fts5_peer.py search DB QUERY        # one query

Table `fts5(symbol, title, body, tokenize = 'porter unicode61')`, filled in
one transaction; a query is its words ANDed (a query holding `/` is a
document symbol: the phrase of its parts); top 10 by bm25 with snippet().
It imports only what it needs, so its process starts as fast as it can.
"""

import json
import os
import re
import sqlite3
import sys
import time

FTS5_SQL = "CREATE VIRTUAL TABLE docs USING fts5(symbol, title, body, tokenize = 'porter unicode61')"

FTS5_QUERY = (
    "SELECT rowid, symbol, title, snippet(docs, -1, '[', ']', '…', 32), bm25(docs) "
    "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
)


def files_of(inputs):
    files = []
    for inp in inputs:
        if os.path.isfile(inp):
            files.append(inp)
            continue
        for dirpath, dirs, names in os.walk(inp):
            dirs.sort()
            for name in sorted(names):
                if not name.startswith(".") and name.endswith((".txt", ".jsonl")):
                    files.append(os.path.join(dirpath, name))
    return files


def index(db, inputs):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute(FTS5_SQL)
    n = 0
    rows = []

    def flush():
        con.executemany("INSERT INTO docs(symbol, title, body) VALUES (?, ?, ?)", rows)
        rows.clear()

    files = files_of(inputs)
    with con:
        for f in files:
            with open(f, "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            if f.endswith(".jsonl"):
                for line in text.splitlines():
                    if line.strip():
                        o = json.loads(line)
                        t = o.get("title") or ""
                        rows.append((o.get("symbol") or "", t, t))
                        n += 1
            else:
                text = text.lstrip("\ufeff")
                first = next((l.strip() for l in text.splitlines() if l.strip()), "")
                rows.append(("", first, text))
                n += 1
            if len(rows) >= 500:
                flush()
        flush()
    con.close()
    print(f"fts5: indexed {n} documents from {len(files)} files", file=sys.stderr)


def match(q):
    words = re.findall(r"\w+", q)
    if not words:
        return None
    if "/" in q:  # a document symbol: the phrase of its parts
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)  # AND


def batch(db, queries):
    con = sqlite3.connect(db)
    out = sys.stdout
    with open(queries, encoding="utf-8") as qf:
        for i, line in enumerate(qf):
            line = line.strip()
            if not line:
                continue
            t0 = time.perf_counter()
            m = match(line)
            rows = con.execute(FTS5_QUERY, (m,)).fetchall() if m else []
            hits = [{"rowid": r[0], "symbol": r[1], "title": r[2], "snippet": r[3], "score": -r[4]} for r in rows]
            took = (time.perf_counter() - t0) * 1000
            out.write(json.dumps({"line": i + 1, "query": line, "took_ms": took, "hits": hits}) + "\n")


def search(db, query):
    con = sqlite3.connect(db)
    rows = con.execute(FTS5_QUERY, (match(query),)).fetchall()
    print(json.dumps([list(r) for r in rows]))


if __name__ == "__main__":
    op, db, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if op == "index":
        index(db, rest)
    elif op == "batch":
        batch(db, rest[0])
    elif op == "search":
        search(db, rest[0])
    else:
        sys.exit(f"fts5_peer: unknown operation {op!r}")
