//! Reading stored documents back out of the index.

use tantivy::schema::{OwnedValue, Value};
use tantivy::TantivyDocument;

use crate::document::effective_catalogue;
use crate::index::Fields;
use crate::votes::Catalogue;

/// A document as stored, in the shape output needs.
#[derive(Debug, Clone, Default)]
pub struct StoredDoc {
    pub id: String,
    /// Canonical printed symbols, primary first.
    pub symbols: Vec<String>,
    pub title: String,
    pub body: String,
    pub doc_type: String,
    /// False for a catalogue record (no text held).
    pub has_text: bool,
    /// The speaker's country code, for speeches.
    pub country: Option<String>,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    pub lang: String,
    pub topics: Vec<String>,
    pub source: String,
    pub url: Option<String>,
    /// Canonical printed symbols this document cites.
    pub cites: Vec<String>,
    /// Catalogue metadata its own source stated, and its records'.
    pub meta: Option<Catalogue>,
    pub joined: Option<Catalogue>,
    pub hash: String,
}

fn texts(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// YYYYMMDD → YYYY-MM-DD.
pub fn format_date_key(key: i64) -> String {
    super::date_key::format(key)
}

impl StoredDoc {
    pub fn from_tantivy(doc: &TantivyDocument, f: &Fields) -> StoredDoc {
        let topics = doc
            .get_all(f.topic)
            .filter_map(|v| match OwnedValue::from(v) {
                OwnedValue::Facet(facet) => Some(facet.to_path_string()),
                _ => None,
            })
            .collect();
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_i64())
            .map(format_date_key);
        let url = Some(first_text(doc, f.url)).filter(|u| !u.is_empty());
        StoredDoc {
            id: first_text(doc, f.id),
            symbols: texts(doc, f.symbol_display),
            title: first_text(doc, f.title),
            body: first_text(doc, f.body),
            doc_type: first_text(doc, f.doc_type),
            has_text: first_text(doc, f.has_text) != super::schema::has_text_term(false),
            country: Some(first_text(doc, f.country)).filter(|c| !c.is_empty()),
            date,
            lang: first_text(doc, f.lang),
            topics,
            source: first_text(doc, f.source),
            url,
            cites: texts(doc, f.cites_display),
            meta: json_field(doc, f.meta),
            joined: json_field(doc, f.joined),
            hash: first_text(doc, f.hash),
        }
    }

    /// The catalogue metadata that applies (own, completed by the records').
    pub fn catalogue(&self) -> Option<Catalogue> {
        effective_catalogue(self.meta.as_ref(), self.joined.as_ref())
    }
}

fn json_field(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<Catalogue> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
}
