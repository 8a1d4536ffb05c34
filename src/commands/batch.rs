//! `undex batch [FILE|-]`: many queries, one result line per query line.
//!
//! Each input line is a plain query, or a JSON object with `query` and
//! optionally `id`, `limit`, `offset`, `sort` and the filters of `search`
//! (`topic`, `symbol`, `type`, `lang`, `from`, `to`). Blank lines are
//! passed over. Output keeps input order (lines are numbered from 1) even
//! though queries run on all cores. A bad line yields an error line and the
//! run goes on; the exit code is then 2.

use std::io::{BufRead, Write};

use serde::Serialize;
use serde_json::Value;

use crate::cli::{BatchArgs, BatchFormat, GlobalArgs, SortOrder};
use crate::exit_codes::ExitCode;
use crate::output::{self, csv_out, SearchOutput};
use crate::search::{Engine, FilterSpec, Filters, SearchRequest, SearchResult};

/// Lines read and run together; output is written after each chunk, so
/// memory stays bounded on long inputs and results stream out.
const CHUNK_LINES: usize = 512;

struct Job {
    line: usize,
    text: String,
}

struct Answer {
    line: usize,
    id: Option<Value>,
    query: String,
    result: Result<SearchResult, String>,
}

#[derive(Serialize)]
struct OkLine<'a> {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: &'a Option<Value>,
    #[serde(flatten)]
    search: SearchOutput<'a>,
}

#[derive(Serialize)]
struct ErrLine<'a> {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: &'a Option<Value>,
    error: &'a str,
}

pub fn run(global: &GlobalArgs, args: &BatchArgs) -> anyhow::Result<ExitCode> {
    let fields = output::check_fields(args.fields.as_deref(), &output::DEFAULT_CSV_FIELDS)?;
    let input: Box<dyn BufRead> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(std::fs::File::open(p).map_err(
            |e| anyhow::anyhow!("cannot read batch file \"{}\": {e}", p.display()),
        )?)),
    };
    let engine = super::open_engine(global)?;
    let threads = args
        .threads
        .unwrap_or_else(super::ingest::default_threads)
        .max(1);
    let stdout = std::io::stdout();
    // Buffered: stdout alone flushes at every newline, a write per result
    // line; the buffer is flushed after each chunk, so results still stream.
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut csv = (args.format == BatchFormat::Csv).then(|| csv_out::writer(Vec::new()));
    if let Some(w) = csv.as_mut() {
        let mut header = vec!["line", "id", "rank"];
        header.extend(fields.iter());
        header.push("error");
        w.write_record(&header)?;
    }
    let (mut failed, mut found) = (0usize, 0usize);
    let mut jobs = Vec::new();
    // Split on bytes, not `lines()`: a line that is not valid UTF-8 is one
    // bad line (its bad bytes become U+FFFD), not the end of the run.
    let mut lines = input.split(b'\n').enumerate();
    loop {
        jobs.clear();
        for (i, line) in lines.by_ref() {
            let bytes = line
                .map_err(|e| anyhow::anyhow!("cannot read batch input at line {}: {e}", i + 1))?;
            let text =
                String::from_utf8_lossy(bytes.strip_suffix(b"\r").unwrap_or(&bytes)).into_owned();
            if !text.trim().is_empty() {
                jobs.push(Job { line: i + 1, text });
            }
            if jobs.len() == CHUNK_LINES {
                break;
            }
        }
        if jobs.is_empty() {
            break;
        }
        let answers = run_chunk(&engine, &jobs, args.limit, threads);
        for a in &answers {
            match &a.result {
                Ok(r) => {
                    if r.total > 0 {
                        found += 1;
                    }
                    match csv.as_mut() {
                        None => {
                            serde_json::to_writer(
                                &mut out,
                                &OkLine {
                                    line: a.line,
                                    id: &a.id,
                                    search: SearchOutput::new(&a.query, r),
                                },
                            )?;
                            writeln!(out)?;
                        }
                        Some(w) => {
                            for (rank, hit) in r.hits.iter().enumerate() {
                                let mut row = vec![
                                    a.line.to_string(),
                                    id_text(&a.id),
                                    (rank + 1).to_string(),
                                ];
                                row.extend(csv_out::hit_row(hit, &fields));
                                row.push(String::new());
                                w.write_record(&row)?;
                            }
                        }
                    }
                }
                Err(msg) => {
                    failed += 1;
                    eprintln!("undex: batch line {}: {msg}", a.line);
                    match csv.as_mut() {
                        None => {
                            serde_json::to_writer(
                                &mut out,
                                &ErrLine {
                                    line: a.line,
                                    id: &a.id,
                                    error: msg,
                                },
                            )?;
                            writeln!(out)?;
                        }
                        Some(w) => {
                            let mut row = vec![a.line.to_string(), id_text(&a.id), String::new()];
                            row.extend(fields.iter().map(|_| String::new()));
                            row.push(msg.clone());
                            w.write_record(&row)?;
                        }
                    }
                }
            }
        }
        if let Some(w) = csv.as_mut() {
            let done = std::mem::replace(w, csv_out::writer(Vec::new()));
            let bytes = done
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write CSV: {}", e.error()))?;
            out.write_all(&bytes)?;
        }
        out.flush()?;
    }
    Ok(if failed > 0 {
        ExitCode::Error
    } else {
        ExitCode::from_count(found)
    })
}

fn id_text(id: &Option<Value>) -> String {
    match id {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Runs a chunk of jobs on `threads` threads; answers in input order.
fn run_chunk(engine: &Engine, jobs: &[Job], default_limit: usize, threads: usize) -> Vec<Answer> {
    let per = jobs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(per.max(1))
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|j| answer(engine, j, default_limit))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Answer {
                        line: 0,
                        id: None,
                        query: String::new(),
                        result: Err("internal error: a batch worker crashed".into()),
                    }]
                })
            })
            .collect()
    })
}

fn answer(engine: &Engine, job: &Job, default_limit: usize) -> Answer {
    let mut a = Answer {
        line: job.line,
        id: None,
        query: job.text.clone(),
        result: Err(String::new()),
    };
    let parsed = parse_line(&job.text);
    a.result = match parsed {
        Err(e) => Err(e),
        Ok(p) => {
            a.id = p.id.clone();
            a.query = p.query.clone();
            match Filters::check(&p.filters) {
                // Named by the JSON key the line used, not a CLI flag.
                Err(e) => Err(e.json_message()),
                Ok(filters) => engine
                    .search(&SearchRequest {
                        query: &p.query,
                        filters: &filters,
                        limit: p.limit.unwrap_or(default_limit),
                        offset: p.offset.unwrap_or(0),
                        sort: p.sort,
                        facets: false,
                        snippets: true,
                    })
                    .map_err(|e| e.to_string()),
            }
        }
    };
    if let (Err(_), Some(id)) = (&a.result, extract_id(&job.text)) {
        a.id.get_or_insert(id);
    }
    a
}

struct LineQuery {
    query: String,
    id: Option<Value>,
    limit: Option<usize>,
    offset: Option<usize>,
    sort: SortOrder,
    filters: FilterSpec,
}

/// Keys a JSON batch line may hold besides the filters.
const CONTROL_KEYS: [&str; 5] = ["query", "id", "limit", "offset", "sort"];

fn parse_line(text: &str) -> Result<LineQuery, String> {
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return Ok(LineQuery {
            query: trimmed.to_string(),
            id: None,
            limit: None,
            offset: None,
            sort: SortOrder::Relevance,
            filters: FilterSpec::default(),
        });
    }
    let mut map: serde_json::Map<String, Value> =
        serde_json::from_str(trimmed).map_err(|e| format!("invalid JSON: {e}"))?;
    let query = match map.remove("query") {
        Some(Value::String(q)) => q,
        Some(_) => return Err("\"query\" must be a string".into()),
        None => return Err("JSON line has no \"query\"".into()),
    };
    let id = map.remove("id");
    let count = |v: Option<Value>, key: &str| -> Result<Option<usize>, String> {
        v.map(|v| {
            v.as_u64()
                .map(|n| n as usize)
                .ok_or_else(|| format!("\"{key}\" must be a non-negative integer"))
        })
        .transpose()
    };
    let limit = count(map.remove("limit"), "limit")?;
    let offset = count(map.remove("offset"), "offset")?;
    let sort = match map.remove("sort") {
        None => SortOrder::Relevance,
        Some(Value::String(s)) if s == "relevance" => SortOrder::Relevance,
        Some(Value::String(s)) if s == "date" => SortOrder::Date,
        Some(other) => {
            return Err(format!(
                "\"sort\" must be \"relevance\" or \"date\", not {other}"
            ))
        }
    };
    debug_assert!(CONTROL_KEYS.iter().all(|k| !map.contains_key(*k)));
    let filters: FilterSpec = serde_json::from_value(Value::Object(map))
        .map_err(|e| format!("{e} (allowed keys: query, id, limit, offset, sort, topic, symbol, type, lang, from, to)"))?;
    Ok(LineQuery {
        query,
        id,
        limit,
        offset,
        sort,
        filters,
    })
}

/// The `id` of a JSON line, even when the rest of the line is bad, so the
/// error line can still be matched to its input.
fn extract_id(text: &str) -> Option<Value> {
    serde_json::from_str::<serde_json::Map<String, Value>>(text.trim())
        .ok()?
        .remove("id")
}
