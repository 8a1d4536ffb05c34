//! Writing analysed documents into the index, incrementally and atomically.
//!
//! Each document has an `id` (see `Document::id`). Before writing, the
//! writer loads every committed `id → hash` pair from fast fields, so an
//! unchanged document costs a map lookup and writes nothing, and a changed
//! one is deleted and re-added under the same id. Nothing is visible until
//! [`Writer::commit`]; tantivy's commit is atomic, so a killed ingest leaves
//! the last committed index readable.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::schema::Facet;
use tantivy::{IndexWriter, SegmentMeta, TantivyDocument, Term};

use crate::document::Document;
use crate::index::{Fields, IndexError, UndexIndex};
use crate::lang::Lang;

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

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Added,
    Replaced,
    Unchanged,
    /// Another input of this run already wrote this id; first one wins.
    Duplicate,
}

/// A document in tantivy's indexing queue. tantivy drops it once it is
/// indexed and stored, which tells the writer how much is still queued.
struct Queued {
    doc: TantivyDocument,
    bytes: usize,
    done: Arc<AtomicUsize>,
}

impl Drop for Queued {
    fn drop(&mut self) {
        self.done.fetch_add(self.bytes, Ordering::Release);
    }
}

impl tantivy::Document for Queued {
    type Value<'a> = <TantivyDocument as tantivy::Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as tantivy::Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
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
    committed: HashMap<String, String>,
    written: HashSet<String>,
    pending: usize,
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
        Ok(Writer {
            writer,
            fields: index.fields,
            sent_bytes: 0,
            done_bytes: Arc::new(AtomicUsize::new(0)),
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
        // One symbol in one language is one document: a version whose
        // language was not known (`und`: too short to tell, say) is the
        // same document as the one now known to be in `doc.lang`.
        if let Some(und_id) = und_version_id(doc) {
            if self.committed.remove(&und_id).is_some() {
                self.writer
                    .delete_term(Term::from_field_text(self.fields.id, &und_id));
            }
        }
        // Title and body stored and indexed once each, plus the other fields.
        let bytes = 2 * (doc.body.len() + doc.title.len()) + 1024;
        self.writer
            .add_document(Queued {
                doc: to_tantivy(doc, &self.fields),
                bytes,
                done: self.done_bytes.clone(),
            })
            .context("cannot add document to the index")?;
        self.sent_bytes += bytes;
        self.wait_for_queue();
        self.pending += 1;
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
    // Shown as stored; indexed once, in the document's language's fields.
    let lang = Lang::from_code(&doc.lang);
    t.add_text(f.title, &doc.title);
    t.add_text(f.body, &doc.body);
    t.add_text(f.title_of(lang), &doc.title);
    t.add_text(f.body_of(lang), &doc.body);
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
    if let Some(v) = &doc.voting {
        t.add_text(f.voting, v);
    }
    t
}

/// glibc raises its mmap threshold as large blocks are freed, after which
/// every large body (allocated on one thread, freed on tantivy's) comes from
/// the heap arenas, which fragment: resident memory then grew with the
/// corpus. A fixed threshold keeps large blocks in their own mappings.
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
            mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}
