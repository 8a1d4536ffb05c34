//! CSV output (RFC 4180: fields with commas, quotes or newlines are quoted,
//! quotes doubled), one row per hit; list fields are joined with "; ".

use std::io::Write;

use crate::search::Hit;

pub fn hit_row(hit: &Hit, fields: &[&str]) -> Vec<String> {
    fields
        .iter()
        .map(|f| match *f {
            "symbol" => hit.symbol.clone().unwrap_or_default(),
            "symbols" => hit.symbols.join("; "),
            "title" => hit.title.clone(),
            "type" => hit.doc_type.clone(),
            "date" => hit.date.clone().unwrap_or_default(),
            "lang" => hit.lang.clone(),
            "topics" => hit.topics.join("; "),
            "subjects" => hit.subjects.join("; "),
            "source" => hit.source.clone(),
            "score" => format!("{:.3}", hit.score),
            "snippet" => hit.snippet.clone(),
            "highlights" => hit
                .highlights
                .iter()
                .map(|[s, e]| format!("{s}-{e}"))
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        })
        .collect()
}

/// A CSV writer over any output, RFC 4180 quoting, CRLF-free ("\n") records.
pub fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(w)
}
