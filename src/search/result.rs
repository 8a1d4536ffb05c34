//! What a search answers: hits, facet counts, how the query was read and
//! the "did you mean" suggestion, in the JSON shape DESIGN.md fixes (the
//! printers in `output` and the HTTP API serialise these), and what a
//! search is asked.

use super::*;

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// One search hit, in the JSON shape DESIGN.md fixes (see `output`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    /// Primary symbol in canonical form, or null.
    pub symbol: Option<String>,
    pub symbols: Vec<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    /// YYYY-MM-DD or null.
    pub date: Option<String>,
    pub lang: String,
    pub topics: Vec<String>,
    /// Subject headings from the catalogue (UNBIS labels), when known.
    pub subjects: Vec<String>,
    /// The URL when known, else the path the document was ingested from.
    pub source: String,
    pub score: f32,
    pub snippet: String,
    /// Character ranges [start, end) inside `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// False for a catalogue record: undex holds its metadata, not its text.
    pub text: bool,
    /// The speaker's country (ISO 3166 alpha-3), for speeches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Lower-ranked hits with the same title (the yearly resolutions of one
    /// series), folded into this one: their symbols, or sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_title: Vec<String>,
}

impl Hit {
    /// A stored document as a hit with this score and snippet.
    pub fn from_stored(
        d: StoredDoc,
        score: f32,
        snippet: String,
        highlights: Vec<[usize; 2]>,
    ) -> Hit {
        Hit {
            subjects: d.catalogue().map(|c| c.subjects).unwrap_or_default(),
            symbol: d.symbols.first().cloned(),
            symbols: d.symbols,
            title: d.title,
            doc_type: d.doc_type,
            date: d.date,
            lang: d.lang,
            topics: d.topics,
            source: d.url.unwrap_or(d.source),
            score,
            snippet,
            highlights,
            text: d.has_text,
            country: d.country,
            same_title: Vec::new(),
        }
    }

    /// How the hit is named in another hit's list: its symbol, else its source.
    pub fn name(&self) -> &str {
        self.symbol.as_deref().unwrap_or(&self.source)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    pub path: String,
    pub count: u64,
}

/// What a search returns.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    pub took_ms: f64,
    /// Symbols the query was read as ("UNSCR 1540" → S/RES/1540 (2004)).
    pub symbols_read: Vec<SymbolRead>,
    /// Acronyms and full names the query was widened with.
    pub expansions: Vec<Expansion>,
    /// When nothing matched: a close spelling from the index that matches.
    pub suggestion: Option<Suggestion>,
}

/// One reading of a symbol named in a query (`"symbols_read"` in JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SymbolRead {
    /// The reference as written in the query.
    pub written: String,
    /// The symbol, with a Security Council resolution's year when the
    /// index knows it (`S/RES/1540 (2004)`).
    pub symbol: String,
    /// Whether a document bearing the symbol is in the index.
    pub in_index: bool,
    /// How many indexed documents cite it.
    pub cited_by: usize,
}

/// An acronym or full name the query also matched (`"expansions"`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Expansion {
    pub written: String,
    /// What it also matched: the full names of an acronym, or the acronym.
    pub terms: Vec<String>,
}

/// A spelling the index knows, offered when nothing matched.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Suggestion {
    pub query: String,
    pub total: usize,
}

#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub filters: &'a Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
    pub facets: bool,
    pub snippets: bool,
    /// Fold hits with the same title into the best-ranked one (see
    /// [`collapse`]).
    pub collapse: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
}
