#!/usr/bin/env python3
"""Judged relevance of undex against an SQLite FTS5 baseline (issue 11, part 7).

    relevance.py build --work DIR [--undex PATH] [--index DIR] [--only undex|fts5]
    relevance.py pool  --work DIR [--set dev|heldout|all] [--undex PATH] [--index DIR]
    relevance.py run   --work DIR [--set dev|heldout] [--undex PATH] [--index DIR] [--verbose] [--explain NEED]
    relevance.py show  --work DIR KEY [--undex PATH] [--index DIR]

The corpus is the shared data as issue 11 describes it: ../shared/corpus/
(or $UNDEX_SHARED/corpus/) un-pdf, un-pdf-ga-res, sc-resolutions-en.jsonl,
undl-voting-records.jsonl, bulletins, dhl-html, un-akn, and the 10,952
General Debate speeches unpacked into DIR/ungdc.

* `build` unpacks the speeches, ingests everything with undex into
  DIR/undex-index (`undex ingest`, a fresh index; the binary is
  /work/main/target/release/undex or --undex, or $UNDEX_BIN), and fills the
  baseline DIR/fts5.db as a user would script it: one table
  `fts5(symbol, title, body, tokenize='porter unicode61')`, ranked by
  `bm25(docs, 1.0, 2.0, 1.0)` (title ×2); a query is its words ANDed (a
  query holding `/` is the phrase of its parts), as `fts5_peer.py` does.
  Texts: .txt files as they are (title: first line); PDFs through
  `pdftotext` (title: first line; symbol and language from the file name,
  `A_79_722.en.pdf` → A/79/722, en); HTML through html.parser (title:
  <title>); JSON Lines records (`symbol`, `title` or `first_line`, `text`,
  language en); AKN XML through ElementTree (title: the resolution title,
  symbol and language from the file name, `A_RES_79_15-2421700F.xml` →
  A/RES/79/15, fr). Extracted PDF texts are cached in DIR/text/.
* `pool` runs both engines on every need of the set, takes the union of
  their top 10 keys (`--depth N`: top N, to judge ahead of ranking changes), and writes those without a judgement in qrels.tsv to a
  shuffled grading sheet DIR/sheet-SET.txt (title, key, text windows around
  the query words) that does not say which engine found what, and a blank
  judgement file DIR/sheet-SET.tsv to fill in and append to qrels.tsv
  (dev) or qrels-heldout.tsv (heldout).
* `run` prints nDCG@10, P@10, success@1, unjudged keys and the worst
  same-title count for both engines; --verbose adds a table per need;
  --explain d15 lists both engines' top 10s for need d15 with the grade of
  each hit (`?` unjudged, `dup` a key already shown).
* `show` prints the whole text of a key, for grading.

Document keys (pooling and judging), one rule for both engines:
  - a hit with a symbol: the symbol upper-cased with spaces removed, a
    Security Council resolution without its year (`S/RES/282 (1970)` →
    `S/RES/282`), then `@` and the hit's language (an undetermined or
    missing language counts as `en`: the catalogue's records are English);
  - a hit without a symbol: `file:` + the base name of its source.
  In one ranking, a key met again lower in the same top 10 gains 0.

Metrics, per need, then averaged over the needs of the set:
  - nDCG@10: gains 0/1/2, discount log2(rank + 1), ideal ranking from all
    judged grades of the need; unjudged keys gain 0 (and are counted);
  - P@10: share of the 10 ranks holding a first-seen key graded >= 1;
  - success@1: the top hit is graded 2;
  - same-title: the most hits in one top 10 with one identical title
    (case and spacing ignored); the issue asks for at most 3.
"""

import argparse
import concurrent.futures
import html.parser
import json
import math
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
import tomllib
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REL = os.path.join(HERE, "relevance")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the benches
from fts5_peer import FTS5_SQL, match  # noqa: E402  (the speed benchmark's table and query rule)

DEFAULT_UNDEX = os.environ.get("UNDEX_BIN", "/work/main/target/release/undex")
SETS = {"dev": "needs.toml", "heldout": "heldout.toml"}
QRELS = {"dev": "qrels.tsv", "heldout": "qrels-heldout.tsv"}  # apart, so tuning never reads held-out facts
SOURCES = [
    "un-pdf",
    "un-pdf-ga-res",
    "sc-resolutions-en.jsonl",
    "undl-voting-records.jsonl",
    "bulletins",
    "dhl-html",
    "un-akn",
]
FTS5_RANKED = (
    "SELECT rowid, title FROM docs WHERE docs MATCH ? "
    "ORDER BY bm25(docs, 1.0, 2.0, 1.0) LIMIT ?"
)
AKN_LANG = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}


def die(msg):
    print(f"relevance.py: {msg}", file=sys.stderr)
    sys.exit(2)


def shared_corpus():
    root = os.environ.get("UNDEX_SHARED") or os.path.join(HERE, "..", "..", "shared")
    corpus = os.path.realpath(os.path.join(root, "corpus"))
    if not os.path.isdir(corpus):
        die(f"the shared corpus is missing: {corpus} (set UNDEX_SHARED)")
    return corpus


# ---------------------------------------------------------------- keys


def norm_symbol(sym):
    s = re.sub(r"\s+", "", sym or "").upper()
    if s.startswith("S/RES/"):
        s = re.sub(r"\(\d{4}\)$", "", s)
    return s


def doc_key(symbol, lang, source):
    s = norm_symbol(symbol)
    if s:
        lang = (lang or "").lower()
        if lang in ("", "und", "unknown"):
            lang = "en"
        return f"{s}@{lang}"
    return "file:" + os.path.basename((source or "").rstrip("/"))


def norm_title(t):
    return re.sub(r"\s+", " ", (t or "").strip().lower())


# ---------------------------------------------------------------- texts for the baseline


class HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title, self._skip, self._in_title = [], "", 0, False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def first_line(text):
    return next((l.strip() for l in text.splitlines() if l.strip()), "")[:300]


def symbol_from_pdf_name(name):
    stem = re.sub(r"\.[a-z]{2}\.pdf$|\.pdf$", "", name, flags=re.I)
    stem = re.sub(r"-EN$", "", stem)
    lang = re.search(r"\.([a-z]{2})\.pdf$", name)
    return stem.replace("_", "/"), (lang.group(1) if lang else "en")


def pdf_text(path, cache):
    out = os.path.join(cache, os.path.basename(path) + ".txt")
    if not os.path.exists(out):
        tmp = out + ".part"
        r = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", path, tmp], capture_output=True)
        if r.returncode != 0 or not os.path.exists(tmp):
            open(out, "w").close()
        else:
            os.replace(tmp, out)
    with open(out, encoding="utf-8", errors="replace") as f:
        return f.read()


def akn_doc(path):
    root = ET.parse(path).getroot()
    title, parts = "", []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "docTitle" and (el.get("refersTo") == "#resolutionTitle" or not title):
            title = " ".join("".join(el.itertext()).split())
    for top in root:
        for child in top:
            if child.tag.rsplit("}", 1)[-1] != "meta":
                parts.append(" ".join(child.itertext()))
    m = re.match(r"(A_RES_\d+_\d+)-\d+([ACEFRS])\.xml$", os.path.basename(path))
    sym, lang = (m.group(1).replace("_", "/"), AKN_LANG[m.group(2)]) if m else ("", "en")
    return sym, lang, title, "\n".join(parts)


def baseline_rows(paths, cache):
    """Yield (symbol, title, body, key, source) for every document in paths."""
    files = []
    for p in paths:
        if os.path.isfile(p):
            files.append(p)
            continue
        for dirpath, dirs, names in os.walk(p):
            dirs.sort()
            files += [os.path.join(dirpath, n) for n in sorted(names) if not n.startswith(".")]
    pdfs = [f for f in files if f.lower().endswith(".pdf")]
    with concurrent.futures.ThreadPoolExecutor(max(1, os.cpu_count() or 1)) as ex:
        list(ex.map(lambda f: pdf_text(f, cache), pdfs))
    for f in files:
        low, base = f.lower(), os.path.basename(f)
        if low.endswith(".pdf"):
            text = pdf_text(f, cache)
            sym, lang = symbol_from_pdf_name(base)
            yield sym, first_line(text), text, doc_key(sym, lang, f), f
        elif low.endswith(".txt"):
            with open(f, "rb") as fh:
                text = fh.read().decode("utf-8", "replace").lstrip("\ufeff")
            yield "", first_line(text), text, doc_key("", "", f), f
        elif low.endswith((".html", ".htm")):
            p = HTMLText()
            with open(f, "rb") as fh:
                p.feed(fh.read().decode("utf-8", "replace"))
            text = re.sub(r"\n\s*\n+", "\n", "".join(p.parts))
            yield "", p.title.strip(), text, doc_key("", "", f), f
        elif low.endswith(".jsonl"):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    o = json.loads(line)
                    sym = o.get("symbol") or ""
                    title = o.get("title") or o.get("first_line") or ""
                    yield sym, title, o.get("text") or "", doc_key(sym, "en", f), f
        elif low.endswith(".xml"):
            sym, lang, title, text = akn_doc(f)
            yield sym, title, text, doc_key(sym, lang, f), f


# ---------------------------------------------------------------- build


def unpack_speeches(corpus, work):
    dest = os.path.join(work, "ungdc")
    if os.path.isdir(dest):
        return dest
    tmp = dest + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(os.path.join(corpus, "ungdc", "UNGDC_1946-2024_txt.tar.gz")) as tf:
        tf.extractall(tmp, filter="data")
    # the archive holds one folder of session folders, and a stray .DS_Store copy
    inner = [os.path.join(tmp, d) for d in os.listdir(tmp)]
    root = inner[0] if len(inner) == 1 and os.path.isdir(inner[0]) else tmp
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.startswith("."):
                os.remove(os.path.join(dirpath, n))
    os.replace(root, dest)
    shutil.rmtree(tmp, ignore_errors=True)
    return dest


def inputs(corpus, work):
    return [os.path.join(corpus, s) for s in SOURCES] + [os.path.join(work, "ungdc")]


def build(args):
    corpus = shared_corpus()
    if args.only in (None, "fts5") and not shutil.which("pdftotext"):
        die("pdftotext is missing (apt-get install poppler-utils): the FTS5 baseline reads the PDFs with it")
    os.makedirs(args.work, exist_ok=True)
    t0 = time.time()
    unpack_speeches(corpus, args.work)
    paths = inputs(corpus, args.work)
    if args.only in (None, "undex"):
        index = index_path(args)
        shutil.rmtree(index, ignore_errors=True)
        t = time.time()
        r = subprocess.run([args.undex, "--index", index, "-q", "ingest", *paths], capture_output=True, text=True)
        failed = [l for l in r.stderr.splitlines() if l.strip()]
        print(f"undex: ingested into {index} in {time.time() - t:.0f} s (exit {r.returncode}; {len(failed)} stderr lines)")
        with open(os.path.join(args.work, "undex-ingest.log"), "w") as f:
            f.write(r.stderr)
        if r.returncode not in (0, 2):
            die(f"undex ingest failed with exit {r.returncode}; see {args.work}/undex-ingest.log")
    if args.only in (None, "fts5"):
        t = time.time()
        db = os.path.join(args.work, "fts5.db")
        cache = os.path.join(args.work, "text")
        os.makedirs(cache, exist_ok=True)
        if os.path.exists(db):
            os.remove(db)
        con = sqlite3.connect(db)
        con.execute(FTS5_SQL)
        con.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, key TEXT, source TEXT)")
        n = 0
        with con:
            for sym, title, body, key, src in baseline_rows(paths, cache):
                cur = con.execute("INSERT INTO docs(symbol, title, body) VALUES (?, ?, ?)", (sym, title, body))
                con.execute("INSERT INTO meta(rowid, key, source) VALUES (?, ?, ?)", (cur.lastrowid, key, src))
                n += 1
        con.execute("CREATE INDEX meta_key ON meta(key)")
        con.commit()
        con.close()
        print(f"fts5: {n} documents into {db} in {time.time() - t:.0f} s")
    print(f"build: {time.time() - t0:.0f} s in all")


# ---------------------------------------------------------------- engines


def load_needs(which):
    needs = []
    for s in (SETS if which == "all" else [which]):
        with open(os.path.join(REL, SETS[s]), "rb") as f:
            needs += tomllib.load(f)["need"]
    return needs


def load_qrels():
    q = {}
    for name in QRELS.values():
        path = os.path.join(REL, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip() or line.startswith("#") or line.startswith("need\t"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 3 or cols[2] not in ("0", "1", "2"):
                    die(f"{name} line {n}: expected need<TAB>key<TAB>0|1|2[<TAB>reason], got {line!r}")
                q[(cols[0], cols[1])] = int(cols[2])
    return q


# Extra `undex search` options for every query (`--undex-arg=--no-collapse`),
# to measure a variant against the default.
UNDEX_ARGS = []


def undex_top(undex, index, query, depth=10):
    r = subprocess.run(
        [undex, "--index", index, "-q", "search", query, "--format", "json", "--limit", str(depth)]
        + UNDEX_ARGS,
        capture_output=True,
        text=True,
    )
    if r.returncode == 1:
        return []
    if r.returncode != 0:
        die(f"undex search {query!r} failed (exit {r.returncode}): {r.stderr.strip()}")
    hits = json.loads(r.stdout)["hits"]
    return [(doc_key(h.get("symbol"), h.get("lang"), h.get("source")), h.get("title") or "", h) for h in hits]


def fts5_top(con, query, depth=10):
    m = match(query)
    if not m:
        return []
    rows = con.execute(FTS5_RANKED, (m, depth)).fetchall()
    out = []
    for rowid, title in rows:
        key, src = con.execute("SELECT key, source FROM meta WHERE rowid = ?", (rowid,)).fetchone()
        out.append((key, title or "", {"rowid": rowid, "source": src}))
    return out


def index_path(args):
    return args.index or os.path.join(args.work, "undex-index")


def open_engines(args):
    index = index_path(args)
    db = os.path.join(args.work, "fts5.db")
    for p in (index, db):
        if not os.path.exists(p):
            die(f"{p} is missing: run `relevance.py build --work {args.work}` first")
    if not os.access(args.undex, os.X_OK):
        die(f"undex binary not found or not executable: {args.undex} (--undex PATH)")
    return index, sqlite3.connect(db)


# ---------------------------------------------------------------- metrics


def score(ranking, grades, ideal):
    seen, gains, unjudged = set(), [], 0
    for key, _title, _ in ranking[:10]:
        if key in seen:
            gains.append(0)
            continue
        seen.add(key)
        if key not in grades:
            unjudged += 1
        gains.append(grades.get(key, 0))
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(ideal, reverse=True)[:10]))
    titles = {}
    for _key, title, _ in ranking[:10]:
        t = norm_title(title)
        titles[t] = titles.get(t, 0) + 1
    return {
        "ndcg": dcg / idcg if idcg else 0.0,
        "p10": sum(1 for g in gains if g >= 1) / 10,
        "s1": 1.0 if gains and gains[0] == 2 else 0.0,
        "unjudged": unjudged,
        "same_title": max(titles.values()) if titles else 0,
        "hits": len(ranking),
    }


def explain(need, rankings, grades):
    """Each engine's top 10 for one need, with the grade each hit earned."""
    print(f"=== {need['id']}: {need['query']}")
    for name, ranking in rankings:
        print(f"  {name}:")
        seen = set()
        for i, (key, title, _) in enumerate(ranking[:10], 1):
            g = "dup" if key in seen else str(grades.get(key, "?"))
            seen.add(key)
            print(f"    {i:2} [{g:>3}] {key}  {title[:70]}")
    print()


def bootstrap_interval(values, rounds=10000, seed=7):
    """The 95% percentile interval of the mean of `values`, resampling the
    needs with replacement: how far the set's mean could move with another
    draw of needs of the same kind. A fixed seed keeps reruns identical."""
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choice(values) for _ in range(n)) / n for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


def run(args):
    index, con = open_engines(args)
    needs = load_needs(args.set)
    qrels = load_qrels()
    t0 = time.time()
    rows = []
    for need in needs:
        nid = need["id"]
        grades = {k: g for (n, k), g in qrels.items() if n == nid}
        ideal = list(grades.values())
        ut, ft = undex_top(args.undex, index, need["query"]), fts5_top(con, need["query"])
        u, f = score(ut, grades, ideal), score(ft, grades, ideal)
        rows.append((need, u, f))
        if nid in (args.explain or []):
            explain(need, (("undex", ut), ("fts5", ft)), grades)
    n = len(rows)

    def mean(engine, m):
        return sum(r[engine][m] for r in rows) / n

    print(f"relevance: set {args.set} ({n} needs, {sum(1 for k in qrels if k[0] in {x['id'] for x in needs})} judgements); "
          f"undex {args.undex}; {time.time() - t0:.1f} s")
    print()
    print("engine  nDCG@10   P@10  success@1  unjudged in top 10s  worst same-title")
    print("------  -------  -----  ---------  -------------------  ----------------")
    for name, e in (("undex", 1), ("fts5", 2)):
        unj = sum(r[e]["unjudged"] for r in rows)
        worst = max(r[e]["same_title"] for r in rows)
        nworst = sum(1 for r in rows if r[e]["same_title"] > 3)
        print(f"{name:<6}  {mean(e, 'ndcg'):7.3f}  {mean(e, 'p10'):5.3f}  {mean(e, 's1'):9.3f}  "
              f"{unj:>19}  {worst:>3} ({nworst} needs > 3)")
    diffs = [r[1]["ndcg"] - r[2]["ndcg"] for r in rows]
    low, high = bootstrap_interval(diffs)
    won = sum(1 for d in diffs if d > 0.0005)
    lost = sum(1 for d in diffs if d < -0.0005)
    print(f"\nnDCG@10 difference undex - fts5: {mean(1, 'ndcg') - mean(2, 'ndcg'):+.3f} "
          f"(95% bootstrap interval over needs {low:+.3f} to {high:+.3f}; "
          f"undex better on {won} needs, worse on {lost}, equal on {n - won - lost})")
    if sum(r[1]["unjudged"] + r[2]["unjudged"] for r in rows):
        print("unjudged keys count 0: run `relevance.py pool` and grade the new sheet before trusting a change")
    if args.verbose:
        print()
        print("need  query                                            undex nDCG  P@10  s@1  unj  same   fts5 nDCG  P@10  s@1  unj  same")
        for need, u, f in rows:
            q = need["query"][:48]
            print(f"{need['id']:<5} {q:<48} {u['ndcg']:10.3f} {u['p10']:5.1f} {u['s1']:4.0f} {u['unjudged']:4} {u['same_title']:5}"
                  f"  {f['ndcg']:10.3f} {f['p10']:5.1f} {f['s1']:4.0f} {f['unjudged']:4} {f['same_title']:5}")


# ---------------------------------------------------------------- pooling and grading sheets


def key_text(key, con, undex, index, hit=None):
    """The fullest text the corpus has for a key: every baseline row with the
    key (a record's title and a resolution's text), else undex's stored body."""
    rows = con.execute(
        "SELECT d.title, d.body FROM meta m JOIN docs d ON d.rowid = m.rowid WHERE m.key = ?", (key,)
    ).fetchall()
    if rows:
        rows.sort(key=lambda r: -len(r[1] or ""))
        return rows[0][0] or "", "\n\n".join(f"{t}\n{b}" for t, b in rows)
    sym = (hit or {}).get("symbol") or (key.split("@")[0] if not key.startswith("file:") else "")
    if sym:
        r = subprocess.run([undex, "--index", index, "-q", "get", sym, "--format", "json"], capture_output=True, text=True)
        if r.returncode == 0:
            try:
                docs = json.loads(r.stdout)
                docs = docs if isinstance(docs, list) else docs.get("documents", [docs])
                lang = key.rsplit("@", 1)[-1]
                docs.sort(key=lambda d: 0 if d.get("lang") == lang else 1)
                d = docs[0]
                return d.get("title") or "", d.get("body") or d.get("text") or json.dumps(d)[:5000]
            except (ValueError, IndexError, AttributeError):
                return "", r.stdout
    return (hit or {}).get("title") or "", (hit or {}).get("snippet") or ""


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def windows(text, query, n=3, width=220):
    words = [fold(w) for w in re.findall(r"\w+", query) if len(w) > 2]
    stems = [w[: max(4, len(w) - 2)] for w in words]
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths: search the plain lower-case text
        folded = text.lower()
    best = []
    for m in re.finditer(r"\w+", folded):
        w = m.group(0)
        if any(w.startswith(s) for s in stems):
            best.append(m.start())
    # prefer windows holding the most distinct query words
    scored = []
    for p in best:
        seg = folded[max(0, p - width // 2): p + width]
        scored.append((-len({s for s in stems if s in seg}), p))
    scored.sort()
    out, taken = [], []
    for _, p in scored:
        if any(abs(p - t) < width for t in taken):
            continue
        taken.append(p)
        seg = text[max(0, p - width // 2): p + width]
        out.append(" ".join(seg.split()))
        if len(out) == n:
            break
    if not out:
        out.append(" ".join(text[:width * 2].split()))
    return out


def pool(args):
    index, con = open_engines(args)
    needs = load_needs(args.set)
    qrels = load_qrels()
    rng = random.Random(11)
    sheet, blank, total = [], [], 0
    for need in needs:
        nid = need["id"]
        hits = {}
        d = args.depth
        for key, title, h in undex_top(args.undex, index, need["query"], d) + fts5_top(con, need["query"], d):
            if (nid, key) not in qrels and key not in hits:
                hits[key] = (title, h)
        if not hits:
            continue
        keys = sorted(hits)
        rng.shuffle(keys)
        sheet.append(f"=== {nid}: {need['query']}\n{need['relevant']}\n{need['grades']}\n")
        for key in keys:
            title, body = key_text(key, con, args.undex, index, hits[key][1])
            sheet.append(f"--- {nid} {key}\n  title: {title or hits[key][0]}\n  length: {len(body)} chars")
            for w in windows(body, need["query"]):
                sheet.append(f"  … {w} …")
            sheet.append("")
            blank.append(f"{nid}\t{key}\t\t")
            total += 1
    name = os.path.join(args.work, f"sheet-{args.set}")
    with open(name + ".txt", "w", encoding="utf-8") as f:
        f.write("\n".join(sheet) + "\n")
    with open(name + ".tsv", "w", encoding="utf-8") as f:
        f.write("\n".join(blank) + ("\n" if blank else ""))
    print(f"pool: {total} unjudged (need, key) pairs over {len(needs)} needs → {name}.txt, {name}.tsv")


def show(args):
    index, con = open_engines(args)
    title, body = key_text(args.key, con, args.undex, index)
    print(title)
    print(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="op", required=True)
    for op in ("build", "pool", "run", "show"):
        p = sub.add_parser(op)
        p.add_argument("--work", required=True, help="work folder: speeches, indexes, grading sheets")
        p.add_argument("--undex", default=DEFAULT_UNDEX, help=f"undex binary (default {DEFAULT_UNDEX})")
        p.add_argument("--index", help="undex index folder (default WORK/undex-index)")
        p.add_argument("--undex-arg", action="append", default=[], metavar="ARG",
                       help="an extra option for every `undex search` (repeatable), e.g. --undex-arg=--no-collapse")
        if op == "build":
            p.add_argument("--only", choices=["undex", "fts5"])
        if op in ("pool", "run"):
            p.add_argument("--set", default="dev", choices=["dev", "heldout"] + (["all"] if op == "pool" else []))
        if op == "run":
            p.add_argument("--verbose", action="store_true")
            p.add_argument("--explain", action="append", metavar="NEED",
                           help="print both top 10s of this need with their grades (? = unjudged); repeatable")
        if op == "pool":
            p.add_argument("--depth", type=int, default=10, help="pool each engine's top N (default 10)")
        if op == "show":
            p.add_argument("key")
    args = ap.parse_args()
    UNDEX_ARGS.extend(args.undex_arg)
    {"build": build, "pool": pool, "run": run, "show": show}[args.op](args)


if __name__ == "__main__":
    main()
