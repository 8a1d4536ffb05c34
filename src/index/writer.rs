//! Writing analysed documents into the index, incrementally and atomically.
//!
//! Each document has an `id` (see `Document::id`). Before writing, the
//! writer loads every committed `id → hash` pair from fast fields, so an
//! unchanged document costs a map lookup and writes nothing, and a changed
//! one is deleted and re-added under the same id. Nothing is visible until
//! [`Writer::commit`]; tantivy's commit is atomic, so a killed ingest leaves
//! the last committed index readable.

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::document::Document;
use crate::index::{Fields, IndexError, UndexIndex};

/// Memory the tantivy writer may use before it flushes a segment. Bounded,
/// so ingest memory stays flat however large the corpus is.
pub const WRITER_HEAP_BYTES: usize = 200_000_000;

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Added,
    Replaced,
    Unchanged,
    /// Another input of this run already wrote this id; first one wins.
    Duplicate,
}

pub struct Writer {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    committed: HashMap<String, String>,
    written: HashSet<String>,
    pending: usize,
}

impl Writer {
    /// Takes the index's write lock; fails at once if another process holds it.
    pub fn open(index: &UndexIndex, threads: usize) -> anyhow::Result<Writer> {
        let writer = index
            .index
            .writer_with_num_threads(threads.max(1), WRITER_HEAP_BYTES)
            .map_err(|e| match e {
                // Only a lock held elsewhere means another writer; failing to
                // create the lock file (read-only folder, disk full) is an
                // I/O error and is reported as one, below.
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => anyhow::Error::new(IndexError::Locked(index.path.clone())),
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::IoError(io),
                    _,
                ) => anyhow::Error::msg(io.to_string()).context(format!(
                    "cannot open index {} for writing",
                    index.path.display()
                )),
                other => anyhow::Error::new(other).context(format!(
                    "cannot open index {} for writing",
                    index.path.display()
                )),
            })?;
        let committed = committed_hashes(index)?;
        Ok(Writer {
            writer,
            fields: index.fields,
            committed,
            written: HashSet::new(),
            pending: 0,
        })
    }

    /// Number of documents in the last commit.
    pub fn committed_count(&self) -> usize {
        self.committed.len()
    }

    pub fn write(&mut self, doc: &Document) -> anyhow::Result<WriteOutcome> {
        if !self.written.insert(doc.id.clone()) {
            return Ok(WriteOutcome::Duplicate);
        }
        let outcome = match self.committed.get(&doc.id) {
            Some(hash) if *hash == doc.hash => return Ok(WriteOutcome::Unchanged),
            Some(_) => {
                self.writer
                    .delete_term(Term::from_field_text(self.fields.id, &doc.id));
                WriteOutcome::Replaced
            }
            None => WriteOutcome::Added,
        };
        self.writer
            .add_document(to_tantivy(doc, &self.fields))
            .context("cannot add document to the index")?;
        self.pending += 1;
        Ok(outcome)
    }

    /// Documents written since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Makes everything written so far visible, atomically. A no-op when
    /// nothing changed, so an unchanged re-ingest leaves the commit as it was.
    pub fn commit(&mut self) -> anyhow::Result<bool> {
        if self.pending == 0 {
            return Ok(false);
        }
        self.writer.commit().context("cannot commit the index")?;
        self.pending = 0;
        Ok(true)
    }

    /// Waits for merges so the index folder is tidy before the process exits.
    pub fn finish(self) -> anyhow::Result<()> {
        self.writer
            .wait_merging_threads()
            .context("index merge failed")?;
        Ok(())
    }
}

/// Every committed `id → hash`, read from fast fields (no document store reads).
fn committed_hashes(index: &UndexIndex) -> anyhow::Result<HashMap<String, String>> {
    let searcher = index.searcher()?;
    let mut map = HashMap::new();
    let (mut id, mut hash) = (String::new(), String::new());
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let ids = ff.str(crate::index::schema::name::ID)?;
        let hashes = ff.str(crate::index::schema::name::HASH)?;
        let (Some(ids), Some(hashes)) = (ids, hashes) else {
            continue;
        };
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            let (Some(i), Some(h)) = (ids.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            id.clear();
            hash.clear();
            ids.ord_to_str(i, &mut id)?;
            hashes.ord_to_str(h, &mut hash)?;
            map.insert(id.clone(), hash.clone());
        }
    }
    Ok(map)
}

/// Dates are stored as YYYYMMDD integers: sortable, range-queryable, readable.
pub fn date_key(date: time::Date) -> i64 {
    date.year() as i64 * 10_000 + u8::from(date.month()) as i64 * 100 + date.day() as i64
}

pub fn to_tantivy(doc: &Document, f: &Fields) -> TantivyDocument {
    let mut t = TantivyDocument::default();
    t.add_text(f.id, &doc.id);
    for s in &doc.symbols {
        t.add_text(f.symbol, s.key());
        t.add_text(f.symbol_display, s.canonical());
        t.add_facet(f.symbol_facet, Facet::from_path(s.facet_segments()));
    }
    t.add_text(f.title, &doc.title);
    t.add_text(f.title_exact, &doc.title);
    t.add_text(f.body, &doc.body);
    t.add_text(f.body_exact, &doc.body);
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
    t.add_text(f.lang, &doc.lang);
    if let Some(d) = doc.date {
        t.add_i64(f.date, date_key(d));
        t.add_facet(f.year, Facet::from_path([d.year().to_string()]));
    }
    t.add_text(f.source, &doc.source);
    if let Some(url) = &doc.url {
        t.add_text(f.url, url);
    }
    t.add_text(f.hash, &doc.hash);
    t
}
