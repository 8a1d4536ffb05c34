//! Output: text for people, JSON / JSON Lines / CSV for scripts.
//!
//! # JSON formats (stable; scripts rely on them)
//!
//! `search --format json` prints one object:
//!
//! ```json
//! {"query": "...", "total": 12, "took_ms": 0.8,
//!  "hits": [{"symbol": "A/RES/73/69", "symbols": ["A/RES/73/69"], "title": "...",
//!            "type": "resolution", "date": "2018-12-05", "lang": "en",
//!            "topics": ["/small-arms"], "source": "https://... or a path",
//!            "score": 11.2, "snippet": "...", "highlights": [[4, 17]]}],
//!  "facets": {"topic": [{"path": "/small-arms", "count": 9}]}}
//! ```
//!
//! `symbol` and `date` are null when unknown; `highlights` are character
//! (not byte) ranges inside `snippet`; `facets` is present only with
//! `--facets`. `search --format jsonl` prints one hit object a line.
//! `batch` prints, per input line, the search object plus `"line"` (1-based
//! input line) and `"id"` (when the input gave one), or
//! `{"line": n, "id": ..., "error": "..."}`. `get --format json` prints
//! `{"symbol": "...", "hits": [hit + "cites": [...], "cited_by": n]}`.
//! `--fields` limits the keys of each hit (jsonl, csv) to those named.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::cli::ColorChoice;
use crate::search::{FacetCount, Hit, SearchResult};

pub mod csv_out;

/// Hit fields that `--fields` may name, in default column order.
pub const HIT_FIELDS: [&str; 11] = [
    "symbol",
    "symbols",
    "title",
    "type",
    "date",
    "lang",
    "topics",
    "source",
    "score",
    "snippet",
    "highlights",
];

/// Default CSV columns: everything but highlights, which mean nothing
/// without the snippet's exact characters in a spreadsheet.
pub const DEFAULT_CSV_FIELDS: [&str; 10] = [
    "symbol", "symbols", "title", "type", "date", "lang", "topics", "source", "score", "snippet",
];

#[derive(Debug, thiserror::Error)]
#[error("--fields: unknown field {0:?} (fields: {fields})", fields = HIT_FIELDS.join(", "))]
pub struct UnknownField(pub String);

/// Checks `--fields`; `None` gives `default`.
pub fn check_fields(
    fields: Option<&[String]>,
    default: &[&'static str],
) -> Result<Vec<&'static str>, UnknownField> {
    match fields {
        None => Ok(default.to_vec()),
        Some(list) => list
            .iter()
            .map(|f| {
                let f = f.trim();
                HIT_FIELDS
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(f))
                    .copied()
                    .ok_or_else(|| UnknownField(f.to_string()))
            })
            .collect(),
    }
}

/// The whole search object for `--format json` and batch lines.
#[derive(Debug, Serialize)]
pub struct SearchOutput<'a> {
    pub query: &'a str,
    pub total: usize,
    pub took_ms: f64,
    pub hits: &'a [Hit],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub facets: &'a std::collections::BTreeMap<String, Vec<FacetCount>>,
}

impl<'a> SearchOutput<'a> {
    pub fn new(query: &'a str, r: &'a SearchResult) -> SearchOutput<'a> {
        SearchOutput {
            query,
            total: r.total,
            took_ms: (r.took_ms * 1000.0).round() / 1000.0,
            hits: &r.hits,
            facets: &r.facets,
        }
    }
}

/// A hit as a JSON object holding only `fields`.
pub fn hit_object(hit: &Hit, fields: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    let full = match serde_json::to_value(hit) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    fields
        .iter()
        .filter_map(|f| full.get(*f).map(|v| (f.to_string(), v.clone())))
        .collect()
}

/// Colours for terminal output; off unless stdout is a terminal (or forced).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn new(choice: ColorChoice) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stdout().is_terminal()
            }
        };
        Style { color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub fn symbol(&self, t: &str) -> String {
        self.paint("1;36", t)
    }
    pub fn highlight(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
}

/// The snippet with its highlights marked: colour on a terminal, [..] otherwise.
pub fn mark_snippet(snippet: &str, highlights: &[[usize; 2]], style: Style) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for [s, e] in highlights {
        let (s, e) = ((*s).min(chars.len()), (*e).min(chars.len()));
        if s < at {
            continue;
        }
        out.extend(&chars[at..s]);
        let word: String = chars[s..e].iter().collect();
        if style.color {
            out.push_str(&style.highlight(&word));
        } else {
            out.push('[');
            out.push_str(&word);
            out.push(']');
        }
        at = e;
    }
    out.extend(&chars[at..]);
    out
}

/// One hit for people: symbol and title, then date · type · lang · topics, snippet.
pub fn write_hit_text(w: &mut dyn Write, rank: usize, hit: &Hit, style: Style) -> io::Result<()> {
    let symbol = if hit.symbols.is_empty() {
        String::new()
    } else {
        format!("{}  ", style.symbol(&hit.symbols.join(" | ")))
    };
    writeln!(w, "{rank:>3}. {symbol}{}", style.bold(&hit.title))?;
    let mut meta = vec![
        hit.date.clone().unwrap_or_else(|| "no date".into()),
        hit.doc_type.clone(),
        hit.lang.clone(),
    ];
    if !hit.topics.is_empty() {
        meta.push(hit.topics.join(" "));
    }
    writeln!(w, "     {}", style.dim(&meta.join(" · ")))?;
    if !hit.snippet.is_empty() {
        writeln!(
            w,
            "     {}",
            mark_snippet(&hit.snippet, &hit.highlights, style)
        )?;
    }
    writeln!(w, "     {}", style.dim(&hit.source))?;
    Ok(())
}

/// Facet counts for people: a bar per value, scaled to the largest count.
pub fn write_facet_bars(w: &mut dyn Write, counts: &[FacetCount], style: Style) -> io::Result<()> {
    const WIDTH: u64 = 40;
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let label_w = counts
        .iter()
        .map(|c| c.path.chars().count())
        .max()
        .unwrap_or(0);
    for c in counts {
        let len = (c.count * WIDTH).div_ceil(max) as usize;
        writeln!(
            w,
            "{:<label_w$}  {:>7}  {}",
            c.path,
            c.count,
            style.dim(&"█".repeat(len))
        )?;
    }
    Ok(())
}

/// True when an error is only the reader of our stdout going away
/// (`undex search ... | head`): not a failure worth reporting.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            // serde_json wraps the io::Error without exposing it as a source.
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
