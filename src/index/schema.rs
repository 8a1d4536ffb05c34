//! The index schema: the only place field names and analysers are defined.
//!
//! Two analysers per text: `title`/`body` are stemmed (English) and keep
//! frequencies only, which is what ranking needs; `title_exact`/`body_exact`
//! are lower-cased but unstemmed and keep positions, so a quoted phrase
//! matches exactly what was written. Positions are stored once, on the exact
//! copy, which keeps the index small.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
use tantivy::Index;

use super::stem::{CachedStemmer, StemTargets};

/// Field names. Referenced through [`Fields`], never as string literals elsewhere.
pub mod name {
    pub const ID: &str = "id";
    pub const SYMBOL: &str = "symbol";
    pub const SYMBOL_DISPLAY: &str = "symbol_display";
    pub const SYMBOL_FACET: &str = "symbol_facet";
    pub const TITLE: &str = "title";
    pub const TITLE_EXACT: &str = "title_exact";
    pub const BODY: &str = "body";
    pub const BODY_EXACT: &str = "body_exact";
    pub const CITES: &str = "cites";
    pub const CITES_DISPLAY: &str = "cites_display";
    pub const TOPIC: &str = "topic";
    pub const DOC_TYPE: &str = "type";
    pub const LANG: &str = "lang";
    pub const DATE: &str = "date";
    pub const YEAR: &str = "year";
    pub const SOURCE: &str = "source";
    pub const URL: &str = "url";
    pub const HASH: &str = "hash";

    // Catalogue metadata (votes, subjects, sponsors; see `crate::votes`).
    /// Subject keys (`votes::catalogue::subject_key`), exact terms.
    pub const SUBJECT: &str = "subject";
    /// Subject labels as shown, a fast field for `facets subject`.
    pub const SUBJECT_LABEL: &str = "subject_label";
    /// Sponsor keys (`votes::states::key` of the canonical name).
    pub const SPONSOR: &str = "sponsor";
    /// Agenda item keys ("90b" and "90").
    pub const AGENDA: &str = "agenda";
    /// Vote outcome: "recorded" or "without-vote".
    pub const OUTCOME: &str = "outcome";
    /// Stored JSON: the catalogue metadata the document's own source stated.
    pub const META: &str = "meta";
    /// Stored JSON: the metadata of the records of its symbol, joined at ingest.
    pub const JOINED: &str = "joined";
}

/// Tokenizer names registered on every opened index.
pub const STEMMED: &str = "undex_en_stem";
pub const EXACT: &str = "undex_exact";

/// Every field handle, resolved once from the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Document key: `<symbol key>@<lang>` or the source; replaced on re-ingest.
    pub id: Field,
    /// Symbol identity keys (`Symbol::key`), exact terms.
    pub symbol: Field,
    /// Symbols in canonical printed form, stored for display.
    pub symbol_display: Field,
    pub symbol_facet: Field,
    pub title: Field,
    pub title_exact: Field,
    pub body: Field,
    pub body_exact: Field,
    /// Keys of the symbols the document mentions.
    pub cites: Field,
    /// The same symbols in canonical printed form, stored for display.
    pub cites_display: Field,
    pub topic: Field,
    pub doc_type: Field,
    pub lang: Field,
    /// Date as YYYYMMDD (i64), fast for sorting and ranges.
    pub date: Field,
    pub year: Field,
    pub source: Field,
    pub url: Field,
    /// Content hash of the analysed document, for incremental ingest.
    pub hash: Field,
    pub subject: Field,
    pub subject_label: Field,
    pub sponsor: Field,
    pub agenda: Field,
    pub outcome: Field,
    pub meta: Field,
    pub joined: Field,
}

pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let stemmed = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEMMED)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(EXACT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = STRING | STORED;
    b.add_text_field(name::ID, STRING | STORED | tantivy::schema::FAST);
    b.add_text_field(name::SYMBOL, STRING);
    b.add_text_field(name::SYMBOL_DISPLAY, STORED);
    b.add_facet_field(name::SYMBOL_FACET, FacetOptions::default());
    b.add_text_field(name::TITLE, stemmed(true));
    b.add_text_field(name::TITLE_EXACT, exact.clone());
    b.add_text_field(name::BODY, stemmed(true));
    b.add_text_field(name::BODY_EXACT, exact);
    b.add_text_field(name::CITES, STRING);
    b.add_text_field(name::CITES_DISPLAY, STORED);
    b.add_facet_field(name::TOPIC, FacetOptions::default().set_stored());
    b.add_text_field(name::DOC_TYPE, keyword.clone() | tantivy::schema::FAST);
    b.add_text_field(name::LANG, keyword.clone() | tantivy::schema::FAST);
    b.add_i64_field(
        name::DATE,
        NumericOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored(),
    );
    b.add_facet_field(name::YEAR, FacetOptions::default());
    b.add_text_field(name::SOURCE, keyword);
    b.add_text_field(name::URL, STORED);
    b.add_text_field(name::HASH, STRING | STORED | tantivy::schema::FAST);
    // Catalogue metadata.
    b.add_text_field(name::SUBJECT, STRING);
    b.add_text_field(name::SUBJECT_LABEL, STRING | tantivy::schema::FAST);
    b.add_text_field(name::SPONSOR, STRING);
    b.add_text_field(name::AGENDA, STRING);
    b.add_text_field(name::OUTCOME, STRING);
    b.add_text_field(name::META, STORED);
    b.add_text_field(name::JOINED, STORED);
    b.build()
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| schema.get_field(n);
        Ok(Fields {
            id: f(name::ID)?,
            symbol: f(name::SYMBOL)?,
            symbol_display: f(name::SYMBOL_DISPLAY)?,
            symbol_facet: f(name::SYMBOL_FACET)?,
            title: f(name::TITLE)?,
            title_exact: f(name::TITLE_EXACT)?,
            body: f(name::BODY)?,
            body_exact: f(name::BODY_EXACT)?,
            cites: f(name::CITES)?,
            cites_display: f(name::CITES_DISPLAY)?,
            topic: f(name::TOPIC)?,
            doc_type: f(name::DOC_TYPE)?,
            lang: f(name::LANG)?,
            date: f(name::DATE)?,
            year: f(name::YEAR)?,
            source: f(name::SOURCE)?,
            url: f(name::URL)?,
            hash: f(name::HASH)?,
            subject: f(name::SUBJECT)?,
            subject_label: f(name::SUBJECT_LABEL)?,
            sponsor: f(name::SPONSOR)?,
            agenda: f(name::AGENDA)?,
            outcome: f(name::OUTCOME)?,
            meta: f(name::META)?,
            joined: f(name::JOINED)?,
        })
    }
}

/// Longest token kept; longer runs (base64, garbage from PDFs) are dropped.
const MAX_TOKEN_LEN: usize = 40;

/// Registers the analysers the schema names. Must run on every opened index.
pub fn register_tokenizers(index: &Index) {
    // tantivy's English Stemmer, cached per thread (same stems, a fraction
    // of the cost).
    let stemmed = stemmed_analyzer(CachedStemmer::default());
    let exact = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(STEMMED, stemmed);
    index.tokenizers().register(EXACT, exact);
}

/// The `STEMMED` analyser for snippets of a query whose stems are
/// `targets`: the same tokens, but only those that may stem to a target are
/// stemmed (the rest cannot match anyway), which makes snippets of long
/// bodies several times cheaper.
pub fn snippet_analyzer<'a>(targets: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    stemmed_analyzer(CachedStemmer::only_for(StemTargets::new(targets)))
}

fn stemmed_analyzer(stemmer: CachedStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(stemmer)
        .build()
}
