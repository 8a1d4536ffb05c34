//! The document that travels from extraction to the index.
//!
//! Extractors know file formats, not UN conventions, so they produce a
//! [`RawDocument`] holding what the file said (symbols as written, a date if
//! one was found). [`Document::from_raw`] then applies the shared analysis —
//! symbol parsing, citation scanning, language detection, type and topic
//! classification — in one place, so every format is analysed alike.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::lang::Lang;
use crate::symbol::scan::{self, Context};
use crate::symbol::{self, Symbol, SymbolKind};
use crate::topic::{Taxonomy, TopicInput};
use crate::votes::Catalogue;

/// What a document is, decided from its symbol grammar and its content.
///
/// A catalogue record is typed by what it records (a record of a resolution
/// is a `resolution`); whether undex holds the full text is
/// [`Document::has_text`], a separate attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    Resolution,
    Decision,
    Draft,
    Report,
    Letter,
    MeetingRecord,
    Bulletin,
    Speech,
    WebPage,
    Other,
}

impl DocType {
    pub const ALL: [DocType; 10] = [
        DocType::Resolution,
        DocType::Decision,
        DocType::Draft,
        DocType::Report,
        DocType::Letter,
        DocType::MeetingRecord,
        DocType::Bulletin,
        DocType::Speech,
        DocType::WebPage,
        DocType::Other,
    ];

    /// The name used in the index, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Resolution => "resolution",
            DocType::Decision => "decision",
            DocType::Draft => "draft",
            DocType::Report => "report",
            DocType::Letter => "letter",
            DocType::MeetingRecord => "meeting-record",
            DocType::Bulletin => "bulletin",
            DocType::Speech => "speech",
            DocType::WebPage => "web-page",
            DocType::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<DocType> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        DocType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Every name, comma separated, for help texts and error messages.
    pub fn names() -> String {
        DocType::ALL.map(DocType::as_str).join(", ")
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an extractor found in one file or one record, before analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDocument {
    /// Where it came from: a URL, a path, or `path#line` / `path#record-id`
    /// for one record of a records file. Unique per document.
    pub source: String,
    /// Symbols exactly as the file wrote them ("A/79/722-S/2025/27",
    /// "S/RES/2220(2015)"); parsing happens in `Document::from_raw`.
    pub symbols: Vec<String>,
    pub title: Option<String>,
    /// The main text, without navigation or boilerplate.
    pub body: String,
    pub date: Option<Date>,
    /// ISO 639-1 code when the file states it; detected from text otherwise.
    pub lang: Option<String>,
    /// A link to the document online, when known.
    pub url: Option<String>,
    /// Human subject headings (MARC 650, UNBIS), used for topics.
    pub subjects: Vec<String>,
    /// The extractor's view of the type when the format implies it
    /// (a speech file is a speech).
    pub type_hint: Option<DocType>,
    /// A catalogue record: metadata about a document, not its text (a MARC
    /// record, a voting record, a line of the UN's metadata extract).
    pub record: bool,
    /// The speaker's country (ISO 3166 alpha-3, see `crate::country`).
    pub country: Option<String>,
    /// Catalogue metadata the file states (the UN's metadata extract, the
    /// voting section of an AKN4UN text).
    pub meta: Option<Catalogue>,
}

/// A document after analysis: what the index stores.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The key that a re-ingest replaces: `<symbol key>@<lang>` (plus
    /// `#record` for catalogue records, so a library record never replaces
    /// the full text), or `src:<source>` when there is no symbol.
    pub id: String,
    /// False for a catalogue record (metadata only): undex does not hold
    /// the document's text.
    pub has_text: bool,
    /// The speaker's country for a speech (ISO 3166 alpha-3).
    pub country: Option<String>,
    /// Own symbols, primary first (a joint symbol gives two).
    pub symbols: Vec<Symbol>,
    pub title: String,
    pub body: String,
    pub doc_type: DocType,
    pub date: Option<Date>,
    /// ISO 639-1 code, or "und" when it could not be told.
    pub lang: String,
    pub source: String,
    pub url: Option<String>,
    /// Symbols the document mentions, without its own, first mention order.
    pub cites: Vec<Symbol>,
    /// Topic facet paths.
    pub topics: Vec<String>,
    /// Catalogue metadata this document's own source stated.
    pub meta: Option<Catalogue>,
    /// Catalogue metadata of the records of its symbol, joined at ingest
    /// (see `index::writer`).
    pub joined: Option<Catalogue>,
    /// SHA-256 of everything above: unchanged hash = nothing to write.
    pub hash: String,
}

/// Language code used when detection is not confident.
pub const UNKNOWN_LANG: &str = "und";

/// How much text language detection looks at: enough to be sure, cheap on
/// 50,000-word speeches.
const LANG_SAMPLE_BYTES: usize = 4096;

impl Document {
    /// Applies the shared analysis to what an extractor found.
    pub fn from_raw(raw: RawDocument) -> Document {
        let mut symbols: Vec<Symbol> = Vec::new();
        for written in &raw.symbols {
            // A symbol field that does not parse is not fatal: the text is
            // still worth indexing, under its source instead of a symbol.
            if let Ok(parsed) = symbol::parse_joint(written) {
                for s in parsed {
                    if !symbols.iter().any(|k| k.key() == s.key()) {
                        symbols.push(s);
                    }
                }
            }
        }
        let title = raw
            .title
            .as_deref()
            .map(|t| crate::text::collapse_whitespace(&crate::extract::mojibake::repair_title(t)))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                symbols
                    .first()
                    .map(std::string::ToString::to_string)
                    .unwrap_or_default()
            });
        let lang = raw
            .lang
            .as_deref()
            .map(normalise_lang)
            .filter(|l| l != UNKNOWN_LANG)
            .unwrap_or_else(|| detect_lang(&title, &raw.body));

        let context = symbols
            .first()
            .map(Context::from_symbol)
            .unwrap_or(Context::Unknown);
        let mut cites: Vec<Symbol> = Vec::new();
        for text in [title.as_str(), raw.body.as_str()] {
            for c in scan::scan(text, context) {
                let key = c.symbol.key();
                if symbols.iter().all(|s| s.key() != key) && cites.iter().all(|s| s.key() != key) {
                    cites.push(c.symbol);
                }
            }
        }
        let doc_type = classify_type(raw.type_hint, symbols.first(), &title, &raw.body);
        // The draft a resolution came from is a document it cites.
        if let Some(draft) = raw.meta.as_ref().and_then(|m| m.draft.as_deref()) {
            if let Ok(d) = Symbol::parse(draft) {
                let key = d.key();
                if symbols.iter().all(|s| s.key() != key) && cites.iter().all(|s| s.key() != key) {
                    cites.push(d);
                }
            }
        }
        // Every catalogue record carries metadata to join onto the texts of
        // its symbol: what its format states, else its subjects, date and link.
        let mut meta = match raw.meta {
            Some(m) => Some(m),
            None if raw.record => Some(Catalogue {
                subjects: raw.subjects.clone(),
                date: raw.date.map(|d| d.to_string()),
                url: raw.url.clone(),
                ..Default::default()
            }),
            None => None,
        };
        if raw.record && !title.is_empty() {
            if let Some(m) = meta.as_mut() {
                m.title.get_or_insert_with(|| title.clone());
            }
        }
        let cite_names: Vec<String> = cites.iter().map(std::string::ToString::to_string).collect();
        let topics = Taxonomy::builtin().classify(&TopicInput {
            title: &title,
            body: &raw.body,
            cites: &cite_names,
            subjects: &raw.subjects,
        });
        let id = match symbols.first() {
            Some(s) if raw.record => {
                format!("{}@{}#record", s.key(), lang)
            }
            Some(s) => format!("{}@{}", s.key(), lang),
            None => format!("src:{}", raw.source),
        };
        let mut doc = Document {
            id,
            has_text: !raw.record,
            country: raw.country,
            symbols,
            title,
            body: raw.body,
            doc_type,
            date: raw.date,
            lang,
            source: raw.source,
            url: raw.url,
            cites,
            topics,
            meta,
            joined: None,
            hash: String::new(),
        };
        doc.hash = doc.content_hash();
        doc
    }

    /// The catalogue metadata that applies: the document's own, completed
    /// by what the records of its symbol say.
    pub fn catalogue(&self) -> Option<Catalogue> {
        effective_catalogue(self.meta.as_ref(), self.joined.as_ref())
    }

    /// Attaches the records' metadata (`None` detaches it): a text without a
    /// date or link takes the record's. Recomputes the hash.
    pub fn set_joined(&mut self, joined: Option<Catalogue>) {
        if let Some(j) = &joined {
            if self.date.is_none() {
                self.date = j.date.as_deref().and_then(parse_iso_date);
            }
            if self.url.is_none() {
                self.url = j.url.clone();
            }
        }
        self.joined = joined;
        self.hash = self.content_hash();
    }

    /// The title as a comparison key: lower case, words and numbers only,
    /// one space between them. The yearly resolutions of one series share
    /// it ("Comprehensive nuclear-test-ban treaty"), and search folds them.
    pub fn title_key(&self) -> String {
        title_key(&self.title)
    }

    /// The primary symbol's identity key, the key of the join.
    pub fn symbol_key(&self) -> Option<String> {
        self.symbols.first().map(Symbol::key)
    }

    fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(&self.id);
        field(if self.has_text { "text" } else { "record" });
        field(self.country.as_deref().unwrap_or(""));
        for s in &self.symbols {
            field(s.canonical());
        }
        field(&self.title);
        field(&self.body);
        field(self.doc_type.as_str());
        field(&self.date.map(|d| d.to_string()).unwrap_or_default());
        field(&self.lang);
        field(&self.source);
        field(self.url.as_deref().unwrap_or(""));
        for s in &self.cites {
            field(s.canonical());
        }
        for t in &self.topics {
            field(t);
        }
        for m in [&self.meta, &self.joined] {
            field(
                &m.as_ref()
                    .and_then(|m| serde_json::to_string(m).ok())
                    .unwrap_or_default(),
            );
        }
        hex::encode(h.finalize())
    }
}

/// A document's own catalogue metadata completed by its records'.
pub fn effective_catalogue(
    own: Option<&Catalogue>,
    joined: Option<&Catalogue>,
) -> Option<Catalogue> {
    match (own, joined) {
        (None, None) => None,
        (Some(o), None) => Some(o.clone()),
        (None, Some(j)) => Some(j.clone()),
        (Some(o), Some(j)) => Some(j.merged(o)),
    }
}

/// See [`Document::title_key`]. A library catalogue's statement of
/// responsibility (" : resolution / adopted by the General Assembly") is
/// not part of the title: the record and the text of one resolution, and
/// the records of one series, compare equal without it.
pub fn title_key(title: &str) -> String {
    let lower = title.to_lowercase();
    let cut = [" : resolution", " : resolutions", " / adopted by"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(lower.len());
    let mut out = String::with_capacity(cut);
    for word in lower[..cut]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A stable 64-bit hash of a title key (FNV-1a: the same in every build,
/// unlike std's randomly seeded hasher), never 0 so that 0 can mean "no
/// title".
pub fn title_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

/// "2024-12-02" → a date.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &format).ok()
}

/// Maps what files say ("en", "EN", "eng", "English", "en-GB", the UN
/// letter "E") to ISO 639-1; a language without an analyser is "und".
pub fn normalise_lang(code: &str) -> String {
    let c = code.trim();
    let lang = if c.len() == 1 {
        Lang::from_un_letter(c)
    } else {
        Lang::parse(c)
    };
    lang.unwrap_or(Lang::Und).code().to_string()
}

/// Detects the language of a sample of the text; "und" when unsure (see
/// `lang::detect_confident`: short texts are never guessed).
pub fn detect_lang(title: &str, body: &str) -> String {
    let end = crate::lang::floor_boundary(body, LANG_SAMPLE_BYTES);
    let sample = format!("{title}\n{}", &body[..end]);
    crate::lang::detect_confident(&sample)
        .unwrap_or(Lang::Und)
        .code()
        .to_string()
}

/// Decides the type: an explicit hint from the format wins (a speech file),
/// then the symbol grammar, then the content.
fn classify_type(
    hint: Option<DocType>,
    symbol: Option<&Symbol>,
    title: &str,
    body: &str,
) -> DocType {
    if let Some(h) = hint.filter(|h| *h != DocType::WebPage) {
        return h;
    }
    let head: String = body.chars().take(600).collect::<String>().to_lowercase();
    let title_l = title.to_lowercase();
    if let Some(s) = symbol {
        match s.kind() {
            SymbolKind::Resolution => return DocType::Resolution,
            SymbolKind::Decision => return DocType::Decision,
            SymbolKind::Draft => return DocType::Draft,
            SymbolKind::MeetingRecord => return DocType::MeetingRecord,
            SymbolKind::PresidentialStatement => return DocType::Decision,
            SymbolKind::Other => {}
        }
        if title_l.contains("letter dated") || head.contains("letter dated") {
            return DocType::Letter;
        }
        if title_l.contains("report") || head.contains("report of the") {
            return DocType::Report;
        }
    }
    if title_l.contains("information bulletin") || head.contains("information bulletin") {
        return DocType::Bulletin;
    }
    hint.unwrap_or(DocType::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_fold_a_series_and_its_catalogue_records() {
        let text = "Effects of the use of armaments and ammunitions containing depleted uranium";
        let record = "Effects of the use of armaments and ammunitions containing depleted uranium : resolution / adopted by the General Assembly";
        assert_eq!(title_key(text), title_key(record));
        assert_eq!(
            title_key("Comprehensive nuclear-test-ban treaty"),
            "comprehensive nuclear test ban treaty"
        );
        assert_ne!(
            title_key("Armenia — General Debate, 53rd session (1998)"),
            title_key("Armenia — General Debate, 54th session (1999)")
        );
        assert_eq!(title_key(""), "");
    }
}
