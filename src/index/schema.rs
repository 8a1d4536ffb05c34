//! The index schema: the only place field names and analysers are defined.
//!
//! Each language has its own indexed pair, `title_<lang>` and `body_<lang>`
//! (`title_en`, …, `body_zh`, and a generic `und` pair), analysed by that
//! language's analyser: Snowball stems for English, French, Spanish and
//! Russian, normalisation then stems for Arabic, jieba words for Chinese,
//! lower-cased words for `und`. A document fills only its own language's
//! pair. Each body is indexed once, stemmed, with positions, so a quoted
//! phrase matches the stemmed words in order. The text shown to users is
//! stored once, in the unindexed `title` and `body` fields.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    STORED, STRING,
};
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

use super::analysis::{ArabicNormalizer, ChineseTokenizer, WordTokenizer};
use super::lower_words::LowerWordTokenizer;
use super::stem::{CachedStemmer, StemTargets};
use crate::lang::Lang;

/// Field names. Referenced through [`Fields`], never as string literals elsewhere.
pub mod name {
    pub const ID: &str = "id";
    pub const SYMBOL: &str = "symbol";
    pub const SYMBOL_DISPLAY: &str = "symbol_display";
    pub const SYMBOL_FACET: &str = "symbol_facet";
    /// Stored only; indexed per language as `title_<lang>`.
    pub const TITLE: &str = "title";
    /// Stored only; indexed per language as `body_<lang>`.
    pub const BODY: &str = "body";
    pub const CITES: &str = "cites";
    pub const CITES_DISPLAY: &str = "cites_display";
    pub const TOPIC: &str = "topic";
    pub const DOC_TYPE: &str = "type";
    /// "true" when undex holds the document's text, "false" for a
    /// catalogue record (see [`has_text_term`](super::has_text_term)).
    pub const HAS_TEXT: &str = "has_text";
    /// The speaker's country code (ISO 3166 alpha-3), for speeches.
    pub const COUNTRY: &str = "country";
    /// The title as a comparison key (`Document::title_key`): hits with
    /// the same key are folded into one.
    pub const TITLE_KEY: &str = "title_key";
    /// A 64-bit hash of the title key, a numeric fast field: comparing
    /// numbers is what lets search fold hits without reading strings.
    pub const TITLE_HASH: &str = "title_hash";
    /// The speaking State's name of a speech, in English words, indexed
    /// apart so a query word naming it counts a little, not as a title.
    pub const SPEAKER: &str = "speaker";
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

/// The indexed title field of `lang`: `title_en`.
pub fn title_name(lang: Lang) -> String {
    format!("{}_{}", name::TITLE, lang.code())
}

/// The indexed body field of `lang`: `body_en`.
pub fn body_name(lang: Lang) -> String {
    format!("{}_{}", name::BODY, lang.code())
}

/// The analyser (tokenizer) registered for `lang`: `undex_fr`. The name
/// changes with the analysis: English is `undex_en2` since British and
/// American spellings index as one term (`super::spelling`), so an index
/// written with the former English analysis (`undex_en`) is refused when
/// opened (see [`analysis_mismatch`]) rather than searched with terms
/// that no longer match its own.
pub fn analyzer_name(lang: Lang) -> String {
    match lang {
        Lang::En => "undex_en2".to_string(),
        _ => format!("undex_{}", lang.code()),
    }
}

/// Why `schema`'s text fields cannot be searched with this build's
/// analysers: the first field whose analyser name differs from the one
/// this build would give it. `None` when they all agree.
pub fn analysis_mismatch(schema: &Schema) -> Option<String> {
    let wanted = build_schema();
    for (_, entry) in wanted.fields() {
        let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
            continue;
        };
        let Some(indexing) = options.get_indexing_options() else {
            continue;
        };
        let name = entry.name();
        let Ok(theirs) = schema.get_field(name) else {
            continue;
        };
        let tantivy::schema::FieldType::Str(their_options) =
            schema.get_field_entry(theirs).field_type()
        else {
            continue;
        };
        let their_tokenizer = their_options
            .get_indexing_options()
            .map(|i| i.tokenizer())
            .unwrap_or("none");
        if their_tokenizer != indexing.tokenizer() {
            return Some(format!(
                "its field '{name}' is analysed by '{their_tokenizer}', this undex uses '{}'",
                indexing.tokenizer()
            ));
        }
    }
    None
}

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
    /// Stored title and body, as shown.
    pub title: Field,
    pub body: Field,
    /// Indexed titles and bodies, by `Lang::index`.
    pub titles: [Field; 7],
    pub bodies: [Field; 7],
    /// Keys of the symbols the document mentions.
    pub cites: Field,
    /// The same symbols in canonical printed form, stored for display.
    pub cites_display: Field,
    pub topic: Field,
    pub doc_type: Field,
    pub has_text: Field,
    pub country: Field,
    pub title_key: Field,
    pub title_hash: Field,
    pub speaker: Field,
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
    let analysed = |lang: Lang| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(lang))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let keyword = STRING | STORED;
    b.add_text_field(name::ID, STRING | STORED | tantivy::schema::FAST);
    b.add_text_field(name::SYMBOL, STRING);
    b.add_text_field(name::SYMBOL_DISPLAY, STORED);
    b.add_facet_field(name::SYMBOL_FACET, FacetOptions::default());
    b.add_text_field(name::TITLE, STORED);
    b.add_text_field(name::BODY, STORED);
    for lang in Lang::ALL {
        b.add_text_field(&title_name(lang), analysed(lang));
        b.add_text_field(&body_name(lang), analysed(lang));
    }
    b.add_text_field(name::CITES, STRING);
    b.add_text_field(name::CITES_DISPLAY, STORED);
    b.add_facet_field(name::TOPIC, FacetOptions::default().set_stored());
    b.add_text_field(name::DOC_TYPE, keyword.clone() | tantivy::schema::FAST);
    b.add_text_field(name::HAS_TEXT, STRING | STORED | tantivy::schema::FAST);
    b.add_text_field(name::COUNTRY, keyword.clone() | tantivy::schema::FAST);
    b.add_text_field(name::TITLE_KEY, STRING | tantivy::schema::FAST);
    b.add_u64_field(name::TITLE_HASH, NumericOptions::default().set_fast());
    b.add_text_field(
        name::SPEAKER,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(Lang::En))
                // Only single words are looked up here (see the query
                // builder), so no positions.
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
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
    // Indexed as one exact term: a hit shows its URL as its source, and a
    // document without a symbol is looked up by that (`/doc?source=`).
    b.add_text_field(name::URL, STRING | STORED);
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

fn per_lang(mut f: impl FnMut(Lang) -> tantivy::Result<Field>) -> tantivy::Result<[Field; 7]> {
    let mut out = [Field::from_field_id(0); 7];
    for lang in Lang::ALL {
        out[lang.index()] = f(lang)?;
    }
    Ok(out)
}

impl Fields {
    /// The indexed title field of `lang`.
    pub fn title_of(&self, lang: Lang) -> Field {
        self.titles[lang.index()]
    }

    /// The indexed body field of `lang`.
    pub fn body_of(&self, lang: Lang) -> Field {
        self.bodies[lang.index()]
    }

    /// The language whose indexed body `field` is.
    pub fn body_lang(&self, field: Field) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| self.body_of(*l) == field)
    }

    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| schema.get_field(n);
        Ok(Fields {
            id: f(name::ID)?,
            symbol: f(name::SYMBOL)?,
            symbol_display: f(name::SYMBOL_DISPLAY)?,
            symbol_facet: f(name::SYMBOL_FACET)?,
            title: f(name::TITLE)?,
            body: f(name::BODY)?,
            titles: per_lang(|l| f(&title_name(l)))?,
            bodies: per_lang(|l| f(&body_name(l)))?,
            cites: f(name::CITES)?,
            cites_display: f(name::CITES_DISPLAY)?,
            topic: f(name::TOPIC)?,
            doc_type: f(name::DOC_TYPE)?,
            has_text: f(name::HAS_TEXT)?,
            country: f(name::COUNTRY)?,
            title_key: f(name::TITLE_KEY)?,
            title_hash: f(name::TITLE_HASH)?,
            speaker: f(name::SPEAKER)?,
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
    for lang in Lang::ALL {
        index
            .tokenizers()
            .register(&analyzer_name(lang), analyzer(lang));
    }
}

/// The analyser of `lang`'s fields, for indexing and for queries.
pub fn analyzer(lang: Lang) -> TextAnalyzer {
    let stemmed = |language| {
        TextAnalyzer::builder(LowerWordTokenizer::new(MAX_TOKEN_LEN))
            .filter(CachedStemmer::new(language))
            .build()
    };
    match lang {
        Lang::En => stemmed(Language::English),
        Lang::Fr => stemmed(Language::French),
        Lang::Es => stemmed(Language::Spanish),
        Lang::Ru => stemmed(Language::Russian),
        Lang::Ar => TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(ArabicNormalizer)
            .filter(CachedStemmer::new(Language::Arabic))
            .build(),
        Lang::Zh => TextAnalyzer::builder(ChineseTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .build(),
        Lang::Und => TextAnalyzer::builder(LowerWordTokenizer::new(MAX_TOKEN_LEN)).build(),
    }
}

/// The analyser for snippets of a `lang` body, given the query's terms on
/// that body. For English, only tokens that may stem to a target are
/// stemmed (the rest cannot match anyway), which makes snippets of long
/// speeches several times cheaper; other languages use their analyser.
pub fn snippet_analyzer<'a>(
    lang: Lang,
    targets: impl IntoIterator<Item = &'a str>,
) -> TextAnalyzer {
    if lang != Lang::En {
        return analyzer(lang);
    }
    TextAnalyzer::builder(LowerWordTokenizer::new(MAX_TOKEN_LEN))
        .filter(CachedStemmer::only_for(StemTargets::new(targets)))
        .build()
}

/// The term of the `has_text` field.
pub fn has_text_term(has_text: bool) -> &'static str {
    if has_text {
        "true"
    } else {
        "false"
    }
}
