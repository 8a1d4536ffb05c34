//! Batch queries: one input line (a plain query, or a JSON object with
//! `query` and optionally `id`, `limit`, `offset`, `sort`, `collapse` and the filters of
//! `search`) → one answer, the search object plus `"line"` and `"id"`, or an
//! error line `{"line", "id", "error"}`. `undex batch` and `POST /api/batch`
//! both run lines through here, so they answer alike.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use super::{Engine, FilterSpec, Filters, SearchRequest, SearchResult, SortOrder};
use crate::output::SearchOutput;

/// One input line, numbered from 1.
pub struct Job {
    pub line: usize,
    pub text: String,
}

/// What one line gave: its search result, or why it could not run.
pub struct Answer {
    pub line: usize,
    pub id: Option<Value>,
    pub query: String,
    pub result: Result<SearchResult, String>,
}

impl Answer {
    /// The answer as one JSON line (without the newline).
    pub fn write_json(&self, w: &mut impl Write) -> serde_json::Result<()> {
        match &self.result {
            Ok(r) => serde_json::to_writer(
                w,
                &OkLine {
                    line: self.line,
                    id: &self.id,
                    search: SearchOutput::new(&self.query, r),
                },
            ),
            Err(msg) => serde_json::to_writer(
                w,
                &ErrLine {
                    line: self.line,
                    id: &self.id,
                    error: msg,
                },
            ),
        }
    }
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

/// Runs a chunk of jobs on `threads` threads; answers in input order.
pub fn run_chunk(
    engine: &Engine,
    jobs: &[Job],
    default_limit: usize,
    threads: usize,
) -> Vec<Answer> {
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

pub fn answer(engine: &Engine, job: &Job, default_limit: usize) -> Answer {
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
                        collapse: p.collapse,
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
    collapse: bool,
    filters: FilterSpec,
}

/// Keys a JSON batch line may hold besides the filters.
const CONTROL_KEYS: [&str; 6] = ["query", "id", "limit", "offset", "sort", "collapse"];

fn parse_line(text: &str) -> Result<LineQuery, String> {
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return Ok(LineQuery {
            query: trimmed.to_string(),
            id: None,
            limit: None,
            offset: None,
            sort: SortOrder::Relevance,
            collapse: true,
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
    let collapse = match map.remove("collapse") {
        None => true,
        Some(Value::Bool(b)) => b,
        Some(other) => return Err(format!("\"collapse\" must be true or false, not {other}")),
    };
    debug_assert!(CONTROL_KEYS.iter().all(|k| !map.contains_key(*k)));
    let filters: FilterSpec = serde_json::from_value(Value::Object(map))
        .map_err(|e| format!("{e} (allowed keys: query, id, limit, offset, sort, collapse, topic, symbol, family, type, lang, from, to, subject, sponsor, has_text, country)"))?;
    Ok(LineQuery {
        query,
        id,
        limit,
        offset,
        sort,
        collapse,
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
