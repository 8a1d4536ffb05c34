//! Writing analysed documents into the index, incrementally and atomically.
//!
//! Each document has an `id` (see `Document::id`). Before writing, the
//! writer loads every committed `id → hash` pair from fast fields, so an
//! unchanged document costs a map lookup and writes nothing, and a changed
//! one is deleted and re-added under the same id. Nothing is visible until
//! [`Writer::commit`]; tantivy's commit is atomic, so a killed ingest leaves
//! the last committed index readable.
//!
//! # The catalogue join
//!
//! A catalogue record (the UN's metadata extract, a voting record, a
//! MARCXML record) and the texts of the same symbol are joined here, in
//! whichever order they arrive: every document of a symbol stores the
//! records' merged metadata (`joined`). A text looks the metadata up when it
//! is written; a record rewrites every document of its symbol. A record is a
//! document of its own only in a language that has no text of its symbol
//! (a catalogue record); where the text exists, the record is absorbed into
//! it. Documents written in this run are not yet searchable, so the writer
//! keeps those that bear a symbol in memory until the next commit (committing
//! early when they exceed [`MAX_RUN_BYTES`]); all of a join is in one commit.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, SegmentMeta, TantivyDocument, Term};

use super::convert::{from_stored, index_doc, IndexDoc};
use crate::lang::Lang;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::IndexReader;

use crate::document::Document;
use crate::index::{Fields, IndexError, StoredDoc, UndexIndex};
use crate::votes::Catalogue;

/// Memory the tantivy writer may use before it flushes a segment. Bounded,
/// so ingest memory stays flat however large the corpus is.
pub const WRITER_HEAP_BYTES: usize = 200_000_000;
/// Text handed to tantivy but not yet indexed, at most. tantivy's own queue
/// holds up to 10,000 documents whatever their size (400 MB of speeches);
/// the writer waits instead, so ingest memory stays flat.
pub const MAX_QUEUED_BYTES: usize = 32_000_000;
/// Largest merge, in bytes of input segments. A merge maps its inputs, so
/// merging everything would make peak memory grow with the index; segments
/// that big are few (one per [`WRITER_HEAP_BYTES`] of text) and stay as
/// they are, while the small segments of incremental ingests still merge.
pub const MAX_MERGE_BYTES: u64 = 256_000_000;
/// One merge at a time: each running merge holds its own buffers.
const MERGE_THREADS: usize = 1;
/// Give up waiting for the queue to drain after this long without progress
/// (tantivy's indexing threads died; its next call reports why).
const QUEUE_STALL: Duration = Duration::from_secs(60);
/// Text of uncommitted documents with a symbol kept for the catalogue join;
/// past it the writer commits, after which they are read back from the index.
pub const MAX_RUN_BYTES: usize = 128_000_000;

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Added,
    Replaced,
    Unchanged,
    /// Another input of this run already wrote this id; first one wins.
    Duplicate,
    /// A catalogue record whose metadata went into the texts of its symbol
    /// (one of them in its language): it is not a document of its own.
    Joined,
}

/// A document in tantivy's indexing queue. tantivy drops it once it is
/// indexed and stored, which tells the writer how much is still queued.
struct Queued {
    doc: IndexDoc,
    bytes: usize,
    done: Arc<AtomicUsize>,
}

impl Drop for Queued {
    fn drop(&mut self) {
        self.done.fetch_add(self.bytes, Ordering::Release);
    }
}

impl tantivy::Document for Queued {
    type Value<'a> = <IndexDoc as tantivy::Document>::Value<'a>;
    type FieldsValuesIter<'a> = <IndexDoc as tantivy::Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter()
    }
}

/// tantivy's log merge policy, without the merges whose inputs exceed
/// [`MAX_MERGE_BYTES`] on disk.
#[derive(Debug)]
struct BoundedMergePolicy {
    inner: LogMergePolicy,
    dir: PathBuf,
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let candidates = self.inner.compute_merge_candidates(segments);
        if candidates.is_empty() {
            return candidates;
        }
        // Segment files are named `<segment uuid>.<component>`.
        let mut sizes: HashMap<String, u64> = HashMap::new();
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let (Some((uuid, _)), Ok(meta)) = (name.split_once('.'), entry.metadata()) {
                *sizes.entry(uuid.to_string()).or_default() += meta.len();
            }
        }
        candidates
            .into_iter()
            .filter(|c| {
                let bytes: u64 =
                    c.0.iter()
                        .map(|id| sizes.get(&id.uuid_string()).copied().unwrap_or(0))
                        .sum();
                bytes <= MAX_MERGE_BYTES
            })
            .collect()
    }
}

pub struct Writer {
    writer: IndexWriter<Queued>,
    fields: Fields,
    /// Bytes of text sent to tantivy, and of those, indexed.
    sent_bytes: usize,
    done_bytes: Arc<AtomicUsize>,
    /// `id → hash` of every document, as committed and as written since.
    committed: HashMap<String, String>,
    written: HashSet<String>,
    pending: usize,
    /// Reads the last commit, for the catalogue join.
    reader: IndexReader,
    /// Documents with a symbol written since the last commit, by symbol key.
    run_docs: HashMap<String, Vec<Document>>,
    run_bytes: usize,
    /// Ids deleted since the last commit (records absorbed by a text).
    run_deleted: HashSet<String>,
    /// The records' merged metadata per symbol key, as joined in this run.
    run_records: HashMap<String, Catalogue>,
    /// Problems in published data worth telling the user, each once.
    warnings: Vec<String>,
    warned: HashSet<String>,
    /// Commits the writer made on its own (the join's memory bound).
    pub extra_commits: usize,
}

impl Writer {
    /// Takes the index's write lock; fails at once if another process holds it.
    pub fn open(index: &UndexIndex, threads: usize) -> anyhow::Result<Writer> {
        let writer = index
            .index
            .writer_with_options(
                IndexWriterOptions::builder()
                    .num_worker_threads(threads.max(1))
                    .memory_budget_per_thread(WRITER_HEAP_BYTES / threads.max(1))
                    .num_merge_threads(MERGE_THREADS)
                    .build(),
            )
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
        writer.set_merge_policy(Box::new(BoundedMergePolicy {
            inner: LogMergePolicy::default(),
            dir: index.path.clone(),
        }));
        limit_heap_fragmentation();
        let committed = committed_hashes(index)?;
        let reader = index
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .context("cannot open index reader")?;
        Ok(Writer {
            writer,
            fields: index.fields,
            sent_bytes: 0,
            done_bytes: Arc::new(AtomicUsize::new(0)),
            committed,
            written: HashSet::new(),
            pending: 0,
            reader,
            run_docs: HashMap::new(),
            run_bytes: 0,
            run_deleted: HashSet::new(),
            run_records: HashMap::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            extra_commits: 0,
        })
    }

    /// Warnings about published data met so far (each reported once), taken.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    pub fn write(&mut self, doc: Document) -> anyhow::Result<WriteOutcome> {
        if !self.written.insert(doc.id.clone()) {
            return Ok(WriteOutcome::Duplicate);
        }
        self.check_votes(&doc);
        match doc.symbol_key() {
            None => self.put(doc),
            Some(key) if !doc.has_text => self.write_record(doc, key),
            Some(key) => self.write_text(doc, key),
        }
    }

    /// A vote list that disagrees with its count is kept as published and
    /// reported, once per symbol however many versions carry it.
    fn check_votes(&mut self, doc: &Document) {
        let Some(votes) = doc.meta.as_ref().and_then(|m| m.votes.as_ref()) else {
            return;
        };
        let problems = votes.mismatches();
        let name = doc
            .symbols
            .first()
            .map(std::string::ToString::to_string)
            .unwrap_or_else(|| doc.source.clone());
        for p in problems {
            let msg = format!("{name}: vote {p} (kept as published)");
            if self.warned.insert(msg.clone()) {
                self.warnings.push(msg);
            }
        }
    }

    /// A text: takes the metadata of its symbol's records, and absorbs the
    /// record of its language if there is one.
    fn write_text(&mut self, mut doc: Document, key: String) -> anyhow::Result<WriteOutcome> {
        let joined = self.records_meta(&key)?;
        if joined.is_some() || doc.joined.is_some() {
            doc.set_joined(joined);
        }
        let record_id = format!("{key}@{}#record", doc.lang);
        self.delete(&key, &record_id);
        self.put(doc)
    }

    /// A catalogue record: merges its metadata into its symbol's, rewrites
    /// every document of the symbol with it, and is written itself only
    /// where no text of its language exists.
    fn write_record(&mut self, mut doc: Document, key: String) -> anyhow::Result<WriteOutcome> {
        let committed = self.committed_docs(&key)?;
        let old = match self.run_records.get(&key) {
            Some(m) => m.clone(),
            None => stored_records_meta(&committed).unwrap_or_default(),
        };
        let merged = old.merged(doc.meta.as_ref().unwrap_or(&Catalogue::default()));
        self.run_records.insert(key.clone(), merged.clone());
        let mut absorbed = false;
        let mut changed = false;
        for mut other in self.docs_of(&key, committed) {
            if other.id == doc.id {
                continue;
            }
            if other.has_text && other.lang == doc.lang {
                absorbed = true;
            }
            if other.joined.as_ref() != Some(&merged) {
                other.set_joined(Some(merged.clone()));
                changed |= self.put(other)? != WriteOutcome::Unchanged;
            }
        }
        if absorbed {
            changed |= self.delete(&key, &doc.id);
            return Ok(if changed {
                WriteOutcome::Joined
            } else {
                WriteOutcome::Unchanged
            });
        }
        doc.set_joined(Some(merged));
        self.put(doc)
    }

    /// The records' merged metadata for a symbol key: as joined in this
    /// run, else as stored on any committed document of the symbol.
    fn records_meta(&self, key: &str) -> anyhow::Result<Option<Catalogue>> {
        if let Some(m) = self.run_records.get(key) {
            return Ok(Some(m.clone()));
        }
        Ok(stored_records_meta(&self.committed_docs(key)?))
    }

    /// Every current document of a symbol key: those written in this run,
    /// and the `committed` ones not since replaced or deleted.
    fn docs_of(&self, key: &str, committed: Vec<StoredDoc>) -> Vec<Document> {
        let mut out: Vec<Document> = self.run_docs.get(key).cloned().unwrap_or_default();
        for stored in committed {
            if self.run_deleted.contains(&stored.id) || out.iter().any(|d| d.id == stored.id) {
                continue;
            }
            if let Some(doc) = from_stored(stored) {
                out.push(doc);
            }
        }
        out
    }

    /// Committed documents bearing a symbol key.
    fn committed_docs(&self, key: &str) -> anyhow::Result<Vec<StoredDoc>> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.fields.symbol, key);
        // Most symbols are new to the index: a dictionary look-up says so.
        if searcher.doc_freq(&term)? == 0 {
            return Ok(Vec::new());
        }
        let q = TermQuery::new(term, IndexRecordOption::Basic);
        let n = searcher.search(&q, &Count)?;
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(n);
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(n).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(addr)?;
            out.push(StoredDoc::from_tantivy(&doc, &self.fields));
        }
        Ok(out)
    }

    /// Deletes a document if it exists (committed or written in this run).
    fn delete(&mut self, key: &str, id: &str) -> bool {
        if self.committed.remove(id).is_none() {
            return false;
        }
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
        self.run_deleted.insert(id.to_string());
        if let Some(docs) = self.run_docs.get_mut(key) {
            docs.retain(|d| d.id != id);
        }
        self.pending += 1;
        true
    }

    /// Writes one document under its id unless that exact version is there.
    fn put(&mut self, mut doc: Document) -> anyhow::Result<WriteOutcome> {
        let outcome = match self.committed.get(&doc.id) {
            Some(hash) if *hash == doc.hash => return Ok(WriteOutcome::Unchanged),
            Some(_) => {
                self.writer
                    .delete_term(Term::from_field_text(self.fields.id, &doc.id));
                WriteOutcome::Replaced
            }
            None => WriteOutcome::Added,
        };
        // One symbol in one language is one document: a version whose
        // language was not known (`und`: too short to tell, say) is the
        // same document as the one now known to be in `doc.lang`.
        if let (Some(und_id), Some(key)) = (und_version_id(&doc), doc.symbol_key()) {
            self.delete(&key, &und_id);
        }
        // Title and body stored and indexed once each, plus the other fields.
        let bytes = 2 * (doc.body.len() + doc.title.len()) + 1024;
        let key = doc.symbol_key();
        // A document with a symbol is kept for the catalogue join; the
        // text of any other goes to tantivy as it is, not copied.
        let (title, body) = if key.is_some() {
            (doc.title.clone(), doc.body.clone())
        } else {
            (
                std::mem::take(&mut doc.title),
                std::mem::take(&mut doc.body),
            )
        };
        self.writer
            .add_document(Queued {
                doc: index_doc(&doc, title, body, &self.fields),
                bytes,
                done: self.done_bytes.clone(),
            })
            .context("cannot add document to the index")?;
        self.sent_bytes += bytes;
        self.wait_for_queue();
        self.pending += 1;
        self.committed.insert(doc.id.clone(), doc.hash.clone());
        self.run_deleted.remove(&doc.id);
        if let Some(key) = key {
            self.run_bytes += doc.body.len() + doc.title.len();
            let docs = self.run_docs.entry(key).or_default();
            docs.retain(|d| d.id != doc.id);
            docs.push(doc);
            if self.run_bytes > MAX_RUN_BYTES {
                self.commit()?;
                self.extra_commits += 1;
            }
        }
        Ok(outcome)
    }

    /// Waits while more than [`MAX_QUEUED_BYTES`] of text is queued.
    fn wait_for_queue(&self) {
        let mut done = self.done_bytes.load(Ordering::Acquire);
        let mut progress = Instant::now();
        while self.sent_bytes.saturating_sub(done) > MAX_QUEUED_BYTES {
            std::thread::sleep(Duration::from_micros(200));
            let now = self.done_bytes.load(Ordering::Acquire);
            if now != done {
                (done, progress) = (now, Instant::now());
            } else if progress.elapsed() > QUEUE_STALL {
                return;
            }
        }
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
        // What was written is now readable from the index.
        self.reader
            .reload()
            .context("cannot reload the index reader")?;
        self.run_docs.clear();
        self.run_bytes = 0;
        self.run_deleted.clear();
        Ok(true)
    }

    /// Explains a failed [`Writer::write`]: tantivy then reports only that
    /// its indexing thread died, while the thread's own error (a full disk,
    /// a read-only folder) comes out when the thread is joined. Joins the
    /// threads without committing anything and returns the better error.
    pub fn explain_failure(&mut self, err: anyhow::Error) -> anyhow::Error {
        match self.writer.prepare_commit() {
            Err(cause) => anyhow::Error::new(cause).context("cannot write the index"),
            Ok(prepared) => {
                let _ = prepared.abort();
                err
            }
        }
    }

    /// Waits for merges so the index folder is tidy before the process exits.
    pub fn finish(self) -> anyhow::Result<()> {
        self.writer
            .wait_merging_threads()
            .context("index merge failed")?;
        Ok(())
    }
}

/// The id the undetermined-language version of `doc` would have, when
/// `doc` bears a symbol and its language is known.
fn und_version_id(doc: &Document) -> Option<String> {
    let suffix = format!("@{}", doc.lang);
    if doc.lang == Lang::Und.code() || !doc.id.ends_with(&suffix) {
        return None;
    }
    Some(format!(
        "{}@{}",
        &doc.id[..doc.id.len() - suffix.len()],
        Lang::Und.code()
    ))
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

/// The records' metadata as stored on documents of one symbol.
fn stored_records_meta(docs: &[StoredDoc]) -> Option<Catalogue> {
    docs.iter()
        .find_map(|d| d.joined.clone().filter(|j| !j.is_empty()))
}

/// glibc raises its mmap threshold as large blocks are freed, after which
/// every large body (allocated on one thread, freed on tantivy's) comes from
/// the heap arenas, which fragment: resident memory then grew with the
/// corpus. A fixed threshold keeps large blocks in their own mappings. It
/// is 1 MB, not glibc's starting 128 KB: tantivy makes a zstd context for
/// every 16 KB block of the document store, and at 128 KB each context's
/// workspace was a fresh mapping, page-faulted in and unmapped again (an
/// eighth of an ingest's profile samples were the kernel's; at 1 MB, General
/// Debate ingest: system time 0.9 -> 0.5 s, wall 4.0 -> 3.6-3.8 s, peak RSS
/// unchanged at 1x and 4x the corpus).
fn limit_heap_fragmentation() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::raw::c_int;
        extern "C" {
            fn mallopt(param: c_int, value: c_int) -> c_int;
        }
        const M_MMAP_THRESHOLD: c_int = -3;
        // SAFETY: mallopt only tunes the allocator; any value is valid.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
        }
    }
}
