//! Bare tantivy: the benchmark's floor peer (see `benches/bench.py`).
//!
//! A minimal indexer and searcher with tantivy's default settings — the
//! `default` tokenizer, `TEXT | STORED` fields, `QueryParser` with AND
//! semantics, top 10 by BM25, `SnippetGenerator` on the body — over the same
//! texts undex ingests, so the benchmark can show what undex's own pipeline
//! (symbols, citations, topics, two analysers, windowed snippets) costs on
//! top of the library it builds on.
//!
//! ```text
//! bare_tantivy index  INDEX_DIR PATH...              # .txt files / folders, or .jsonl records
//! bare_tantivy batch  INDEX_DIR QUERIES [THREADS]    # one JSON line per query (took_ms, total, hits)
//! bare_tantivy search INDEX_DIR QUERY                # one query, one JSON line
//! bare_tantivy index-undex INDEX_DIR PATH...         # .txt files into undex's schema
//! bare_tantivy batch-undex INDEX_DIR QUERIES [THREADS]
//! ```
//!
//! The `-undex` modes are the second peer: undex's own schema, index
//! settings and analysers (`undex::index::schema`, the English stemmer with
//! its cache, zstd store), writer heap and threads, filled with only what
//! the engine needs for a text (the stored title and body, `title_en` and
//! `body_en`, the id and language) and queried over `title_en`/`body_en`
//! with tantivy's `QueryParser` and `SnippetGenerator`. Its time is the
//! engine's share of undex's; the rest is undex's own analysis (symbols,
//! citations, topics, language, hashing) and ranking and snippet work.
//!
//! A query line that holds a `/` is taken as a document symbol and searched
//! as a phrase of its parts (what the default tokenizer makes of it);
//! anything else is a list of words, all required.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value, STORED, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, Searcher, TantivyDocument};

const HEAP_BYTES: usize = 200_000_000;
const LIMIT: usize = 10;
const SNIPPET_CHARS: usize = 200;

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("symbol", TEXT | STORED);
    b.add_text_field("title", TEXT | STORED);
    b.add_text_field("body", TEXT | STORED);
    b.build()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("index") if args.len() >= 3 => index(Path::new(&args[1]), &args[2..]),
        Some("batch") if args.len() >= 3 => {
            let threads = args.get(3).map(|t| t.parse()).transpose()?.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
            });
            batch(Peer::open(Path::new(&args[1]))?, Path::new(&args[2]), threads)
        }
        Some("index-undex") if args.len() >= 3 => index_undex(Path::new(&args[1]), &args[2..]),
        Some("batch-undex") if args.len() >= 3 => {
            let threads = args.get(3).map(|t| t.parse()).transpose()?.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
            });
            let peer = Peer::open_undex(Path::new(&args[1]))?;
            batch(peer, Path::new(&args[2]), threads)
        }
        Some("search") if args.len() == 3 => {
            let s = Peer::open(Path::new(&args[1]))?;
            let out = s.run(&args[2])?;
            println!("{out}");
            Ok(())
        }
        _ => anyhow::bail!("usage: bare_tantivy index DIR PATH... | batch DIR QUERIES [THREADS] | search DIR QUERY | index-undex DIR PATH... | batch-undex DIR QUERIES [THREADS]"),
    }
}

fn index(dir: &Path, inputs: &[String]) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let schema = schema();
    let (symbol, title, body) = (
        schema.get_field("symbol")?,
        schema.get_field("title")?,
        schema.get_field("body")?,
    );
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer = index.writer::<TantivyDocument>(HEAP_BYTES)?;
    let mut files: Vec<PathBuf> = Vec::new();
    for input in inputs {
        for e in walkdir::WalkDir::new(input).sort_by_file_name() {
            let e = e?;
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file()
                && !name.starts_with('.')
                && (name.ends_with(".txt") || name.ends_with(".jsonl"))
            {
                files.push(e.into_path());
            }
        }
    }
    let mut n = 0usize;
    for path in &files {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line)?;
                let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
                let t = s("title");
                writer.add_document(doc!(symbol => s("symbol"), title => t.clone(), body => t))?;
                n += 1;
            }
        } else {
            let text = text.trim_start_matches('\u{feff}');
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .to_string();
            writer.add_document(doc!(title => first, body => text.to_string()))?;
            n += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    eprintln!(
        "bare_tantivy: indexed {n} documents from {} files",
        files.len()
    );
    Ok(())
}

/// The `.txt` files under `inputs`, sorted.
fn text_files(inputs: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        for e in walkdir::WalkDir::new(input).sort_by_file_name() {
            let e = e?;
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file() && !name.starts_with('.') && name.ends_with(".txt") {
                files.push(e.into_path());
            }
        }
    }
    Ok(files)
}

/// Speeches into undex's schema, with undex's settings, analysers, writer
/// heap and threads, and nothing of undex's own analysis.
fn index_undex(dir: &Path, inputs: &[String]) -> anyhow::Result<()> {
    use undex::lang::Lang;
    let _ = std::fs::remove_dir_all(dir);
    let ux = undex::index::UndexIndex::open_or_create(dir)?;
    let threads = 2;
    let mut writer = ux.index.writer_with_options::<TantivyDocument>(
        tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(undex::index::writer::WRITER_HEAP_BYTES / threads)
            .build(),
    )?;
    let f = &ux.fields;
    let files = text_files(inputs)?;
    for path in &files {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let mut d = TantivyDocument::default();
        d.add_text(f.id, path.display().to_string());
        d.add_text(f.title, first);
        d.add_text(f.body, text);
        d.add_text(f.title_of(Lang::En), first);
        d.add_text(f.body_of(Lang::En), text);
        d.add_text(f.lang, "en");
        writer.add_document(d)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    eprintln!(
        "bare_tantivy: indexed {} documents (undex schema)",
        files.len()
    );
    Ok(())
}

struct Peer {
    searcher: Searcher,
    parser: QueryParser,
    /// The field whose analyser makes the snippets, and the stored text
    /// they are made from.
    snippet_field: tantivy::schema::Field,
    body: tantivy::schema::Field,
    title: tantivy::schema::Field,
}

impl Peer {
    fn open(dir: &Path) -> anyhow::Result<Peer> {
        let index = Index::open_in_dir(dir)?;
        let schema = index.schema();
        let (symbol, title, body) = (
            schema.get_field("symbol")?,
            schema.get_field("title")?,
            schema.get_field("body")?,
        );
        let mut parser = QueryParser::for_index(&index, vec![symbol, title, body]);
        parser.set_conjunction_by_default();
        let searcher = index.reader()?.searcher();
        Ok(Peer {
            searcher,
            parser,
            snippet_field: body,
            body,
            title,
        })
    }

    /// An index made by `index-undex`, searched over the English fields.
    fn open_undex(dir: &Path) -> anyhow::Result<Peer> {
        use undex::lang::Lang;
        let ux = undex::index::UndexIndex::open(dir)?;
        let f = &ux.fields;
        let (title_en, body_en) = (f.title_of(Lang::En), f.body_of(Lang::En));
        let mut parser = QueryParser::for_index(&ux.index, vec![title_en, body_en]);
        parser.set_conjunction_by_default();
        Ok(Peer {
            searcher: ux.searcher()?,
            parser,
            snippet_field: body_en,
            body: f.body,
            title: f.title,
        })
    }

    /// One query → one JSON line with its in-process time.
    fn run(&self, line: &str) -> anyhow::Result<String> {
        let started = Instant::now();
        let words: String = line
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let q = if line.contains('/') {
            format!("\"{words}\"")
        } else {
            words
        };
        let query = self.parser.parse_query(&q)?;
        let (total, top) = self.searcher.search(
            &query,
            &(Count, TopDocs::with_limit(LIMIT).order_by_score()),
        )?;
        let mut gen = SnippetGenerator::create(&self.searcher, &*query, self.snippet_field)?;
        gen.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = self.searcher.doc(addr)?;
            let body = d
                .get_first(self.body)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let snippet = gen.snippet(body);
            let title = d
                .get_first(self.title)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            hits.push(serde_json::json!({
                "title": title,
                "score": score,
                "snippet": snippet.fragment(),
                "highlights": snippet.highlighted().iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            }));
        }
        let took_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(
            serde_json::json!({"query": line, "total": total, "took_ms": took_ms, "hits": hits})
                .to_string(),
        )
    }
}

fn batch(s: Peer, queries: &Path, threads: usize) -> anyhow::Result<()> {
    let lines: Vec<String> = std::io::BufReader::new(std::fs::File::open(queries)?)
        .lines()
        .collect::<Result<_, _>>()?;
    let lines: Vec<(usize, String)> = lines
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let per = lines.len().div_ceil(threads.max(1)).max(1);
    let outputs: Vec<String> = std::thread::scope(|sc| {
        let handles: Vec<_> = lines
            .chunks(per)
            .map(|part| {
                let s = &s;
                sc.spawn(move || {
                    part.iter()
                        .map(|(i, l)| match s.run(l) {
                            Ok(o) => format!("{{\"line\":{},{}", i + 1, &o[1..]),
                            Err(e) => serde_json::json!({"line": i + 1, "error": e.to_string()})
                                .to_string(),
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for o in outputs {
        writeln!(out, "{o}")?;
    }
    Ok(())
}
