//! The JSON objects of `get` and `cites`, built in one place: the CLI
//! prints them with `--format json` and `undex serve` answers them on
//! `/api/...`, so both always carry the same keys (a key added to a struct
//! here reaches scripts and HTTP clients alike). The search object is
//! [`super::SearchOutput`]; batch lines are
//! [`crate::search::batch::Answer`]; `facets` and `stats` objects are
//! built by `commands::facets::facets_object` and `commands::stats::build`.

use serde::Serialize;

use crate::index::StoredDoc;
use crate::search::{Engine, Hit, SearchError, SNIPPET_CHARS};
use crate::symbol::Symbol;

/// The hit object of `search` (DESIGN.md: `get` prints "the same hit
/// objects"), plus what a look-up adds: what the document cites, how many
/// documents cite it, and with `--text` the full text. A look-up has no
/// score (null); its snippet is the opening of the text, with no highlights.
#[derive(Debug, Serialize)]
pub struct GetHit {
    pub symbol: Option<String>,
    pub symbols: Vec<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<String>,
    pub lang: String,
    pub topics: Vec<String>,
    pub source: String,
    pub score: Option<f32>,
    pub snippet: String,
    pub highlights: [[usize; 2]; 0],
    pub cites: Vec<String>,
    pub cited_by: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `get --format json`: `{"symbol", "hits": [...]}`, one hit per language
/// version (or per document bearing the symbol), newest first.
#[derive(Debug, Serialize)]
pub struct GetOutput {
    pub symbol: String,
    pub hits: Vec<GetHit>,
}

/// The `get` object for `symbol`; `hits` is empty when no document bears it.
pub fn get_output(engine: &Engine, symbol: &Symbol, text: bool) -> Result<GetOutput, SearchError> {
    let docs = engine.get(symbol)?;
    let cited_by = engine.cited_by_count(symbol)?;
    Ok(GetOutput {
        symbol: symbol.to_string(),
        hits: docs
            .into_iter()
            .map(|d| GetHit {
                symbol: d.symbols.first().cloned(),
                symbols: d.symbols,
                title: d.title,
                doc_type: d.doc_type,
                date: d.date,
                lang: d.lang,
                topics: d.topics,
                source: d.url.unwrap_or(d.source),
                score: None,
                snippet: opening(&d.body),
                highlights: [],
                cites: d.cites,
                cited_by,
                text: text.then_some(d.body),
            })
            .collect(),
    })
}

/// `cites --format json`: `{"symbol", "total", "hits": [...]}`, newest first.
#[derive(Debug, Serialize)]
pub struct CitesOutput {
    pub symbol: String,
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// The documents citing `symbol` (the first `limit`), as hits without
/// score or snippet.
pub fn cites_output(
    engine: &Engine,
    symbol: &Symbol,
    limit: usize,
) -> Result<CitesOutput, SearchError> {
    let (total, docs) = engine.cites(symbol, limit)?;
    Ok(CitesOutput {
        symbol: symbol.to_string(),
        total,
        hits: docs.into_iter().map(plain_hit).collect(),
    })
}

/// A stored document as a hit with no score and no snippet.
pub fn plain_hit(d: StoredDoc) -> Hit {
    Hit {
        symbol: d.symbols.first().cloned(),
        symbols: d.symbols,
        title: d.title,
        doc_type: d.doc_type,
        date: d.date,
        lang: d.lang,
        topics: d.topics,
        source: d.url.unwrap_or(d.source),
        score: 0.0,
        snippet: String::new(),
        highlights: Vec::new(),
    }
}

/// The first words of a text, on one line, as long as a search snippet.
fn opening(body: &str) -> String {
    let mut out = String::new();
    for word in body.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > SNIPPET_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
