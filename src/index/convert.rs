//! A [`Document`] as the document tantivy indexes and stores, and a stored
//! document back as a [`Document`] (for the catalogue join to rewrite it).
//!
//! The body of a speech is most of what ingest moves: it is stored once
//! (`body`) and indexed once (`body_<lang>`), and the title likewise. An
//! [`IndexDoc`] holds each value once and lists the fields that show it, so
//! tantivy reads both the stored and the indexed copy from the same
//! string, and the writer can move the text in instead of copying it twice.

use tantivy::schema::{Facet, Field, OwnedValue};

use super::schema::has_text_term;
use crate::document::{parse_iso_date, DocType, Document};
use crate::index::{Fields, StoredDoc};
use crate::lang::Lang;
use crate::symbol::Symbol;
use crate::votes::catalogue::subject_key;
use crate::votes::states;

/// Dates are stored as YYYYMMDD integers: sortable, range-queryable, readable.
pub fn date_key(date: time::Date) -> i64 {
    super::date_key::of(date)
}

/// A document's fields and values, in the order they were added; a value
/// can stand in several fields.
#[derive(Debug, Default)]
pub struct IndexDoc {
    values: Vec<OwnedValue>,
    fields: Vec<(Field, usize)>,
}

impl IndexDoc {
    fn add(&mut self, field: Field, value: impl Into<OwnedValue>) -> usize {
        self.values.push(value.into());
        let i = self.values.len() - 1;
        self.fields.push((field, i));
        i
    }

    fn add_text(&mut self, field: Field, text: impl Into<String>) -> usize {
        self.add(field, OwnedValue::Str(text.into()))
    }

    fn add_facet(&mut self, field: Field, facet: Facet) {
        self.add(field, OwnedValue::Facet(facet));
    }

    /// `field` shows the value added as number `i`.
    fn add_again(&mut self, field: Field, i: usize) {
        self.fields.push((field, i));
    }

    /// The fields with their values, in the order added.
    pub fn iter(&self) -> IndexDocValues<'_> {
        IndexDocValues {
            fields: self.fields.iter(),
            values: &self.values,
        }
    }
}

pub struct IndexDocValues<'a> {
    fields: std::slice::Iter<'a, (Field, usize)>,
    values: &'a [OwnedValue],
}

impl<'a> Iterator for IndexDocValues<'a> {
    type Item = (Field, &'a OwnedValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.fields.next().map(|&(f, i)| (f, &self.values[i]))
    }
}

impl tantivy::Document for IndexDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = IndexDocValues<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.iter()
    }
}

/// `doc` as tantivy's document. `title` and `body` are the document's own
/// (the caller moves them out of `doc` when it does not keep it, or
/// clones them; `doc.title` and `doc.body` are not read); each is held once
/// however many fields show it.
pub fn index_doc(doc: &Document, title: String, body: String, f: &Fields) -> IndexDoc {
    let mut t = IndexDoc::default();
    t.add_text(f.id, doc.id.as_str());
    for s in &doc.symbols {
        t.add_text(f.symbol, s.key());
        t.add_text(f.symbol_display, s.canonical());
        t.add_facet(f.symbol_facet, Facet::from_path(s.facet_segments()));
    }
    // Shown as stored; indexed once, in the document's language's fields.
    let lang = Lang::from_code(&doc.lang);
    let key = crate::document::title_key(&title);
    let joined_title = doc
        .joined
        .as_ref()
        .and_then(|j| j.title.as_deref())
        .filter(|record_title| **record_title != title)
        .map(str::to_string);
    let title = t.add_text(f.title, title);
    let body = t.add_text(f.body, body);
    // A speech's title is made by undex from its file name and names the
    // speaker, not the subject: indexed as words of the text, it does not
    // give every speech of Israel a title match for "Israel nuclear".
    if doc.doc_type == DocType::Speech {
        t.add_again(f.body_of(lang), title);
    } else {
        t.add_again(f.title_of(lang), title);
    }
    // A text joined with a record is also found by the record's title.
    if let Some(record_title) = joined_title {
        t.add_text(f.title_of(lang), record_title);
    }
    t.add_again(f.body_of(lang), body);
    for c in &doc.cites {
        t.add_text(f.cites, c.key());
        t.add_text(f.cites_display, c.canonical());
    }
    for topic in &doc.topics {
        if let Ok(facet) = Facet::from_text(topic) {
            t.add_facet(f.topic, facet);
        }
    }
    t.add_text(f.doc_type, doc.doc_type.as_str());
    t.add_text(f.has_text, has_text_term(doc.has_text));
    if let Some(c) = &doc.country {
        t.add_text(f.country, c.as_str());
        if let Some(country) = crate::country::from_code(c) {
            t.add_text(f.speaker, country.name);
        }
    }
    if !key.is_empty() {
        t.add(f.title_hash, crate::document::title_hash(&key));
    }
    t.add_text(f.title_key, key);
    t.add_text(f.lang, doc.lang.as_str());
    if let Some(d) = doc.date {
        t.add(f.date, date_key(d));
        t.add_facet(f.year, Facet::from_path([d.year().to_string()]));
    }
    t.add_text(f.source, doc.source.as_str());
    if let Some(url) = &doc.url {
        t.add_text(f.url, url.as_str());
    }
    t.add_text(f.hash, doc.hash.as_str());
    add_catalogue(&mut t, doc, f);
    t
}

/// The catalogue metadata's fields: filter terms from what applies (the
/// document's own completed by its records'), the two sources stored apart
/// so a later record can be re-joined.
fn add_catalogue(t: &mut IndexDoc, doc: &Document, f: &Fields) {
    for (field, m) in [(f.meta, &doc.meta), (f.joined, &doc.joined)] {
        if let Some(json) = m.as_ref().and_then(|m| serde_json::to_string(m).ok()) {
            t.add_text(field, json);
        }
    }
    let Some(c) = doc.catalogue() else {
        return;
    };
    for s in &c.subjects {
        t.add_text(f.subject, subject_key(s));
        t.add_text(f.subject_label, s.as_str());
    }
    for s in &c.sponsors {
        t.add_text(f.sponsor, states::key(s));
    }
    for a in c.agenda_terms() {
        t.add_text(f.agenda, a);
    }
    if let Some(v) = &c.votes {
        t.add_text(f.outcome, v.outcome.as_str());
    }
    // The draft a joined record names is cited, like the text's own
    // citations (indexed only: the stored citations stay the text's own, so
    // a re-ingest of the text finds it unchanged).
    if let Some(d) = c.draft.as_deref().and_then(|d| Symbol::parse(d).ok()) {
        let key = d.key();
        if doc.symbols.iter().chain(&doc.cites).all(|s| s.key() != key) {
            t.add_text(f.cites, key);
        }
    }
}

/// A stored document back as the `Document` it was written from, for the
/// join to rewrite it. `None` if it cannot be read back (then it is left).
pub fn from_stored(d: StoredDoc) -> Option<Document> {
    let parse_all =
        |v: &[String]| -> Option<Vec<Symbol>> { v.iter().map(|s| Symbol::parse(s).ok()).collect() };
    let mut doc = Document {
        id: d.id,
        has_text: d.has_text,
        country: d.country,
        symbols: parse_all(&d.symbols)?,
        title: d.title,
        body: d.body,
        doc_type: DocType::from_name(&d.doc_type)?,
        date: d.date.as_deref().and_then(parse_iso_date),
        lang: d.lang,
        source: d.source,
        url: d.url,
        cites: parse_all(&d.cites)?,
        topics: d.topics,
        meta: d.meta,
        joined: d.joined,
        hash: String::new(),
    };
    doc.set_joined(doc.joined.clone());
    Some(doc)
}
