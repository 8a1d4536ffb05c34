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
//!            "topics": ["/small-arms"], "subjects": ["SMALL ARMS"],
//!            "source": "https://... or a path",
//!            "score": 11.2, "snippet": "...", "highlights": [[4, 17]],
//!            "text": true}],
//!  "facets": {"topic": [{"path": "/small-arms", "count": 9}]}}
//! ```
//!
//! `symbol` and `date` are null when unknown; `highlights` are character
//! (not byte) ranges inside `snippet`; `text` is false for a catalogue
//! record (undex holds its metadata, not its text); `country` (a speech's
//! ISO 3166 code) and `same_title` (the symbols of lower-ranked hits with
//! the same title, folded into this one) appear only when they apply; `facets` is present only with
//! `--facets`. `search --format jsonl` prints one hit object a line.
//! `batch` prints, per input line, the search object plus `"line"` (1-based
//! input line) and `"id"` (when the input gave one), or
//! `{"line": n, "id": ..., "error": "..."}`. `get --format json` prints
//! `{"symbol": "...", "hits": [hit + "cites": [...], "cited_by": n],
//! "family": [...]}` (the other members of the symbol's family in the
//! index), the hit with `score` null, `snippet` the opening of the text and
//! no highlights. `--fields` limits a hit to the fields named, in that order
//! (jsonl keys, csv columns, text: one line per hit).
//!
//! A search object also carries, only when they apply:
//! `"symbols_read": [{"written", "symbol", "in_index", "cited_by"}]` (the
//! symbols the query named or was read as: "UNSCR 1540"),
//! `"expansions": [{"written", "terms"}]` (acronyms and full names the query
//! also matched) and `"suggestion": {"query", "total"}` (a close spelling
//! that matches, when nothing did).
//!
//! Text output wraps to the terminal's width when stdout is a terminal and
//! keeps whole lines in a pipe; matched words are coloured, or marked
//! ⟦..⟧ without colour ([`MARK_OPEN`], [`MARK_CLOSE`]).

use std::io;

pub mod csv_out;
pub mod facets;
pub mod format;
pub mod stats;

pub mod objects;

mod fields;
mod json;
mod text;

pub use fields::{check_fields, field_text, UnknownField, DEFAULT_CSV_FIELDS, HIT_FIELDS};
pub use format::{BatchFormat, ColorChoice, DocFormat, ListFormat};
pub use json::{hit_json_line, hit_object, SearchOutput};
pub use text::{
    display_width, mark_snippet, no_match_line, paging_line, same_title_line, wrap_ranges,
    write_facet_bars, write_hit_text, write_readings, write_wrapped_line, Style, MARK_CLOSE,
    MARK_OPEN,
};

/// "1 document", "1,234 documents".
pub fn plural(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {noun}{}", if n == 1 { "" } else { "s" })
}

/// "3 documents match" with the right plural.
pub fn count_noun(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
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
