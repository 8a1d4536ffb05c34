//! The JSON objects of `get` and `cites`, built in one place: the CLI
//! prints them with `--format json` and `undex serve` answers them on
//! `/api/...`, so both always carry the same keys (a key added to a struct
//! here reaches scripts and HTTP clients alike). The search object is
//! [`super::SearchOutput`]; batch lines are
//! [`crate::search::batch::Answer`]; `facets` and `stats` objects are
//! built by `commands::facets::facets_object` and `commands::stats::build`.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::index::StoredDoc;
use crate::lang::Lang;
use crate::search::{Engine, Hit, SearchError, SNIPPET_CHARS};
use crate::symbol::Symbol;
use crate::votes::Catalogue;

/// A vote in one line of JSON; `undex votes SYMBOL` gives the lists.
#[derive(Debug, Serialize)]
pub struct VoteSummary {
    pub outcome: &'static str,
    pub in_favour: Option<u32>,
    pub against: Option<u32>,
    pub abstaining: Option<u32>,
}

/// The vote of a catalogue record in brief, when it has one.
pub fn vote_summary(c: &Catalogue) -> Option<VoteSummary> {
    let v = c.votes.as_ref()?;
    Some(VoteSummary {
        outcome: v.outcome.as_str(),
        in_favour: v.tallies.map(|t| t.in_favour),
        against: v.tallies.map(|t| t.against),
        abstaining: v.tallies.map(|t| t.abstaining),
    })
}

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
    pub subjects: Vec<String>,
    pub sponsors: Vec<String>,
    pub agenda: Option<String>,
    pub votes: Option<VoteSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `get --format json`: `{"symbol", "hits": [...], "family": [...]}`, one
/// hit per language version (or per document bearing the symbol). A
/// look-up by source (`/api/get?source=...`) adds `"source"`, and its
/// `symbol` is the document's own, null for a document without one.
#[derive(Debug, Serialize)]
pub struct GetOutput {
    pub symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub hits: Vec<GetHit>,
    /// The other members of the symbol's family in the index (addenda,
    /// corrigenda, revisions, parts, the head document).
    pub family: Vec<String>,
}

/// The other members of `symbol`'s family that the index holds as documents.
pub fn family_of(engine: &Engine, symbol: &Symbol) -> Vec<String> {
    engine
        .family(symbol, engine.index.fields.symbol)
        .into_iter()
        .filter(|m| m.key() != symbol.key())
        .map(|m| m.to_string())
        .collect()
}

/// The documents bearing `symbol`, one per language version in the
/// language table's order; with `lang`, only that version.
pub fn versions(
    engine: &Engine,
    symbol: &Symbol,
    lang: Option<Lang>,
) -> Result<Vec<StoredDoc>, SearchError> {
    let mut docs = engine.get(symbol)?;
    if let Some(l) = lang {
        docs.retain(|d| d.lang == l.code());
    }
    docs.sort_by_key(|d| Lang::from_code(&d.lang));
    Ok(docs)
}

/// The `get` object for `symbol` (only the `lang` version when given);
/// `hits` is empty when no document bears it.
pub fn get_output(
    engine: &Engine,
    symbol: &Symbol,
    lang: Option<Lang>,
    text: bool,
) -> Result<GetOutput, SearchError> {
    let docs = versions(engine, symbol, lang)?;
    let cited_by = engine.cited_by_count(symbol)?;
    Ok(GetOutput {
        symbol: Some(symbol.to_string()),
        source: None,
        family: family_of(engine, symbol),
        hits: docs
            .into_iter()
            .map(|d| get_hit(d, cited_by, text))
            .collect(),
    })
}

/// The documents ingested from `source` (the path or `file#line` the
/// index keeps in its `source` field; a hit shows it as its `source` unless
/// the document has a URL), in the language table's order; with `lang`,
/// only that version. The key of a document without a symbol: the index
/// gives such a document the id `src:<source>`, so there is one per source.
pub fn from_source(
    engine: &Engine,
    source: &str,
    lang: Option<Lang>,
) -> Result<Vec<StoredDoc>, SearchError> {
    let fields = &engine.index.fields;
    let term = |field| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, source),
            IndexRecordOption::Basic,
        ))
    };
    // A hit shows its URL, when it has one, as its source, so that is a
    // key too. Indexes made before the URL was indexed look up paths only.
    let url_indexed = engine
        .index
        .index
        .schema()
        .get_field_entry(fields.url)
        .is_indexed();
    let q: Box<dyn Query> = if url_indexed {
        Box::new(BooleanQuery::union(vec![
            term(fields.source),
            term(fields.url),
        ]))
    } else {
        term(fields.source)
    };
    let n = engine.searcher.search(&*q, &Count)?;
    let mut docs = Vec::with_capacity(n);
    if n > 0 {
        for (_, addr) in engine
            .searcher
            .search(&*q, &TopDocs::with_limit(n).order_by_score())?
        {
            let doc: TantivyDocument = engine.searcher.doc(addr)?;
            docs.push(StoredDoc::from_tantivy(&doc, &engine.index.fields));
        }
    }
    if let Some(l) = lang {
        docs.retain(|d| d.lang == l.code());
    }
    docs.sort_by_key(|d| Lang::from_code(&d.lang));
    Ok(docs)
}

/// The `get` object for the documents ingested from `source`; `hits` is
/// empty when there are none. A document with a symbol brings its family
/// and its count of citing documents; one without cannot be cited.
pub fn get_by_source(
    engine: &Engine,
    source: &str,
    lang: Option<Lang>,
    text: bool,
) -> Result<GetOutput, SearchError> {
    let docs = from_source(engine, source, lang)?;
    let symbol = docs
        .iter()
        .find_map(|d| d.symbols.first())
        .and_then(|s| Symbol::parse(s).ok());
    let (cited_by, family) = match &symbol {
        Some(s) => (engine.cited_by_count(s)?, family_of(engine, s)),
        None => (0, Vec::new()),
    };
    Ok(GetOutput {
        symbol: symbol.map(|s| s.to_string()),
        source: Some(source.to_string()),
        family,
        hits: docs
            .into_iter()
            .map(|d| get_hit(d, cited_by, text))
            .collect(),
    })
}

/// One stored document as a look-up's hit: the hit object
/// ([`Hit::from_stored`] derives its fields, as for `search`) with no
/// score or highlights, and what a look-up adds.
fn get_hit(mut d: StoredDoc, cited_by: usize, text: bool) -> GetHit {
    let c = d.catalogue().unwrap_or_default();
    let cites = std::mem::take(&mut d.cites);
    let body = std::mem::take(&mut d.body);
    let h = Hit::from_stored(d, 0.0, opening(&body), Vec::new());
    GetHit {
        symbol: h.symbol,
        symbols: h.symbols,
        title: h.title,
        doc_type: h.doc_type,
        date: h.date,
        lang: h.lang,
        topics: h.topics,
        source: h.source,
        score: None,
        snippet: h.snippet,
        highlights: [],
        cites,
        cited_by,
        votes: vote_summary(&c),
        subjects: h.subjects,
        sponsors: c.sponsors,
        agenda: c.agenda,
        text: text.then_some(body),
    }
}

/// `cites --format json`: `{"symbol", "total", "hits": [...]}`, newest first.
#[derive(Debug, Serialize)]
pub struct CitesOutput {
    pub symbol: String,
    /// With --family: the members whose citations are counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<Vec<String>>,
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// The documents citing `symbol` (the first `limit`), as hits without
/// score or snippet; with `family`, those citing any member of its family.
pub fn cites_output(
    engine: &Engine,
    symbol: &Symbol,
    limit: usize,
    family: bool,
) -> Result<CitesOutput, SearchError> {
    // With family, every member of the family the index has seen cited
    // (A/73/52 with its Add.1 and Corr.1), and the symbol itself.
    let members: Vec<Symbol> = if family {
        let mut members = engine.family(symbol, engine.index.fields.cites);
        if !members.iter().any(|m| m.key() == symbol.key()) {
            members.insert(0, symbol.clone());
        }
        members
    } else {
        vec![symbol.clone()]
    };
    let (total, docs) = engine.cites_any(&members, limit)?;
    Ok(CitesOutput {
        symbol: symbol.to_string(),
        family: family.then(|| members.iter().map(ToString::to_string).collect()),
        total,
        hits: docs.into_iter().map(plain_hit).collect(),
    })
}

/// A stored document as a hit with no score and no snippet.
pub fn plain_hit(d: StoredDoc) -> Hit {
    Hit::from_stored(d, 0.0, String::new(), Vec::new())
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
