//! The ingest pipeline: files → extraction workers → one index writer.
//!
//! Shaped like tantivy-cli's indexer: workers pull the next file by
//! position, extract and analyse it, and send the documents over a bounded
//! channel to the single writer. The writer handles results in input order
//! (a small reorder window keeps memory bounded), so when two inputs carry
//! the same document id the first in input order always wins, and a second
//! ingest of the same inputs writes nothing. A bad file becomes a reported,
//! counted failure; it never stops the run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossbeam_channel::bounded;

use crate::document::{normalise_lang, Document, RawDocument};
use crate::extract::pdf_pool::{pdf_timeout, PdfPool};
use crate::extract::{self, ExtractError, Format};
use crate::index::writer::{WriteOutcome, Writer};
use crate::index::UndexIndex;

/// Hidden test hook: also commit after this many written documents, for
/// tests that kill an ingest between commits:
/// `UNDEX_COMMIT_EVERY=500 undex ingest ...`. Users get checkpoints by
/// time (`--commit-interval`) only: every commit closes each indexing
/// thread's segment early, and an index of many small segments answers
/// slower (measured: a 4x General Debate ingest committing every 20,000
/// documents left 10 segments and keyword p99 13.5 ms; by time only, 6 and
/// 10.7 ms).
pub const COMMIT_EVERY_ENV: &str = "UNDEX_COMMIT_EVERY";

/// The document-count commit interval of [`COMMIT_EVERY_ENV`], when set to
/// a positive number.
pub fn commit_every() -> Option<usize> {
    std::env::var(COMMIT_EVERY_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
}
/// Default of `ingest --commit-interval`: a killed ingest loses at most
/// about a minute of work, and a short ingest commits once, at the end.
pub const DEFAULT_COMMIT_INTERVAL_SECS: u64 = 60;
/// How far workers may run ahead of the writer, in files.
const REORDER_WINDOW: usize = 64;
/// Worker stack: generous headroom for third-party parsers on hostile input
/// (HTML depth is already capped in `extract::html`; the stack is virtual
/// memory, only touched pages cost anything).
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// What the crawl knew about a corpus file, attached when the file itself
/// does not say (a PDF fetched by symbol, say).
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    pub url: Option<String>,
    pub symbol: Option<String>,
    pub lang: Option<String>,
}

/// One input that failed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub input: String,
    pub reason: String,
}

#[derive(Debug, Default, Clone)]
pub struct IngestReport {
    pub files: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    /// Catalogue records absorbed into the texts of their symbol.
    pub joined: usize,
    pub failures: Vec<Failure>,
    /// Inputs passed over because they are not documents (an ODS
    /// placeholder page): reported, but not failures.
    pub skipped: Vec<Failure>,
    /// Problems in published data that were kept as published (a vote
    /// count that disagrees with its list), each once.
    pub warnings: Vec<String>,
    pub commits: usize,
}

impl IngestReport {
    pub fn documents(&self) -> usize {
        self.added + self.replaced + self.unchanged
    }
}

/// Expands files and folders into the files to ingest, sorted, and reports
/// inputs that do not exist or that are files of an unknown type. Inside
/// folders, files of other types (and hidden files) are passed over quietly:
/// a corpus folder holds manifests and notes too.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                failures.push(Failure {
                    input: path.display().to_string(),
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if meta.is_file() {
            if Format::of(path).is_some() {
                files.push(path.clone());
            } else {
                failures.push(Failure {
                    input: path.display().to_string(),
                    reason: ExtractError::Unsupported.to_string(),
                });
            }
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            match entry {
                Ok(e) if e.file_type().is_file() && Format::of(e.path()).is_some() => {
                    // The crawl manifest is bookkeeping, not a document.
                    if e.file_name() != "manifest.jsonl" {
                        files.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(e) => failures.push(Failure {
                    input: e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| path.display().to_string()),
                    reason: format!("cannot read: {e}"),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, failures)
}

/// Called after each file with (files done, files total, counts so far).
pub type ProgressFn = Box<dyn Fn(usize, usize, &IngestReport) + Send>;

pub struct IngestOptions {
    pub threads: usize,
    /// The undex binary, run as the isolated PDF extraction workers.
    pub exe: PathBuf,
    pub meta: HashMap<PathBuf, SourceMeta>,
    /// Called after each file with (files done, files total).
    pub on_progress: Option<ProgressFn>,
    /// Commit when this much time has passed since the last commit (as
    /// well as at the end); `None`: no time-based commits.
    pub commit_interval: Option<Duration>,
}

type FileResult = (usize, PathBuf, Vec<Result<Document, ExtractError>>);

/// Ingests `files` into `index`. Errors only when the index itself fails
/// (cannot be locked or written); bad inputs are in the report.
pub fn run(
    index: &UndexIndex,
    files: Vec<PathBuf>,
    opts: IngestOptions,
) -> anyhow::Result<IngestReport> {
    let threads = opts.threads.max(1);
    let commit_every = commit_every();
    let mut last_commit = Instant::now();
    // tantivy gets its own indexing threads; extraction is the heavier part.
    let mut writer = Writer::open(index, threads.min(2))?;
    let mut report = IngestReport {
        files: files.len(),
        ..Default::default()
    };
    let total = files.len();
    let files = Arc::new(files);
    let meta = Arc::new(opts.meta);
    let next = Arc::new(AtomicUsize::new(0));
    let written_upto = Arc::new(AtomicUsize::new(0));
    let fixed_timeout = file_timeout_override();
    // One PDF worker process per extraction thread at most, started on
    // first use and ended when the last thread lets go of the pool.
    let pdfs = Arc::new(PdfPool::new(opts.exe.clone(), pdf_timeout()));
    let (tx, rx) = bounded::<FileResult>(threads * 2);

    let mut handles = Vec::new();
    for _ in 0..threads {
        let (files, meta, next, written_upto, tx, pdfs) = (
            files.clone(),
            meta.clone(),
            next.clone(),
            written_upto.clone(),
            tx.clone(),
            pdfs.clone(),
        );
        let handle = std::thread::Builder::new()
            .stack_size(WORKER_STACK_BYTES)
            .name("undex-extract".into())
            .spawn(move || {
                let mut runner = None;
                loop {
                    let seq = next.fetch_add(1, Ordering::SeqCst);
                    let Some(path) = files.get(seq) else { break };
                    while seq >= written_upto.load(Ordering::SeqCst) + REORDER_WINDOW {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    let timeout = file_timeout(path, fixed_timeout);
                    let docs = extract_within(&mut runner, path, &pdfs, meta.get(path), timeout);
                    if tx.send((seq, path.clone(), docs)).is_err() {
                        break; // the writer stopped: nothing more to do
                    }
                }
            })?;
        handles.push(handle);
    }
    drop(tx);

    let mut pending: BTreeMap<usize, (PathBuf, Vec<Result<Document, ExtractError>>)> =
        BTreeMap::new();
    let mut expected = 0;
    let mut write_error = None;
    'receive: for (seq, path, docs) in rx.iter() {
        pending.insert(seq, (path, docs));
        while let Some((path, docs)) = pending.remove(&expected) {
            for result in docs {
                match result {
                    Ok(doc) => match writer.write(doc) {
                        Ok(WriteOutcome::Added) => report.added += 1,
                        Ok(WriteOutcome::Joined) => report.joined += 1,
                        Ok(WriteOutcome::Replaced) => report.replaced += 1,
                        Ok(WriteOutcome::Unchanged) => report.unchanged += 1,
                        Ok(WriteOutcome::Duplicate) => report.duplicates += 1,
                        Err(e) => {
                            write_error = Some(e);
                            break 'receive;
                        }
                    },
                    Err(e) if e.is_not_a_document() => report.skipped.push(Failure {
                        input: path.display().to_string(),
                        reason: e.to_string(),
                    }),
                    Err(e) => report.failures.push(Failure {
                        input: path.display().to_string(),
                        reason: e.to_string(),
                    }),
                }
            }
            expected += 1;
            written_upto.store(expected, Ordering::SeqCst);
            let interval_passed = opts
                .commit_interval
                .is_some_and(|every| last_commit.elapsed() >= every);
            let count_reached = commit_every.is_some_and(|n| writer.pending() >= n);
            if count_reached || (interval_passed && writer.pending() > 0) {
                writer.commit().with_context(|| {
                    format!(
                        "ingest stopped; the index at {} keeps its last commit",
                        index.path.display()
                    )
                })?;
                report.commits += 1;
                last_commit = Instant::now();
            }
            if let Some(cb) = &opts.on_progress {
                cb(expected, total, &report);
            }
        }
    }
    drop(rx);
    for h in handles {
        // A worker that panicked lost at most the file it held; the files
        // it never received are reported below as not processed.
        let _ = h.join();
    }
    if let Some(e) = write_error {
        // Nothing since the last commit is kept: the index stays at its last commit.
        return Err(writer.explain_failure(e).context(format!(
            "ingest stopped; the index at {} keeps its last commit",
            index.path.display()
        )));
    }
    for seq in expected..total {
        report.failures.push(Failure {
            input: files[seq].display().to_string(),
            reason: "extraction worker crashed before finishing this file".into(),
        });
    }
    if writer.commit().with_context(|| {
        format!(
            "ingest stopped; the index at {} keeps its last commit",
            index.path.display()
        )
    })? {
        report.commits += 1;
    }
    report.commits += writer.extra_commits;
    report.warnings = writer.take_warnings();
    writer.finish()?;
    Ok(report)
}

/// Time one file may take to extract and analyse: [`FILE_TIMEOUT`], plus a
/// second for every [`FILE_TIMEOUT_BYTES_PER_SEC`] bytes of it (a records
/// file of a million lines is slow but not stuck). Past it the file is
/// reported as timed out and skipped. PDFs are stopped sooner, by killing
/// their worker process (`extract::pdf::PDF_TIMEOUT`). Other formats run in this
/// process, where a thread cannot be stopped, so a file over its time is
/// abandoned: its thread finishes (or not) in the background while the
/// ingest goes on. [`FILE_TIMEOUT_ENV`] sets one time for every file (tests).
pub const FILE_TIMEOUT: Duration = Duration::from_secs(180);
/// Slowest extraction speed still taken for progress (measured: 2–3 MB/s
/// for JSON Lines records, the slowest format per byte).
pub const FILE_TIMEOUT_BYTES_PER_SEC: u64 = 20_000;
/// Hidden override: the time every file may take, in milliseconds.
pub const FILE_TIMEOUT_ENV: &str = "UNDEX_FILE_TIMEOUT_MS";

fn file_timeout_override() -> Option<Duration> {
    std::env::var(FILE_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
}

fn file_timeout(path: &Path, fixed: Option<Duration>) -> Duration {
    fixed.unwrap_or_else(|| {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        FILE_TIMEOUT + Duration::from_secs(size / FILE_TIMEOUT_BYTES_PER_SEC)
    })
}

/// A thread that extracts and analyses one file at a time for one worker,
/// kept from file to file (a thread per file cost a stack mapping, its page
/// faults and a TLB shoot-down on unmapping, for each of 10,000 speeches).
struct FileThread {
    jobs: crossbeam_channel::Sender<(PathBuf, Option<SourceMeta>)>,
    results: crossbeam_channel::Receiver<Vec<Result<Document, ExtractError>>>,
}

impl FileThread {
    fn start(pdfs: Arc<PdfPool>) -> std::io::Result<FileThread> {
        let (jobs, job_rx) = bounded::<(PathBuf, Option<SourceMeta>)>(1);
        let (result_tx, results) = bounded(1);
        std::thread::Builder::new()
            .stack_size(WORKER_STACK_BYTES)
            .name("undex-file".into())
            .spawn(move || {
                for (path, meta) in job_rx.iter() {
                    let docs = extract_and_analyse(&path, &pdfs, meta.as_ref());
                    if result_tx.send(docs).is_err() {
                        break; // abandoned after a time-out
                    }
                }
            })?;
        Ok(FileThread { jobs, results })
    }
}

/// [`extract_and_analyse`] on the worker's file thread (started when
/// `runner` has none), given up after `timeout`. A thread that timed out
/// is abandoned: it finishes (or not) in the background, its result
/// unread, and the next file gets a new thread.
fn extract_within(
    runner: &mut Option<FileThread>,
    path: &Path,
    pdfs: &Arc<PdfPool>,
    meta: Option<&SourceMeta>,
    timeout: Duration,
) -> Vec<Result<Document, ExtractError>> {
    if runner.is_none() {
        match FileThread::start(pdfs.clone()) {
            Ok(t) => *runner = Some(t),
            Err(e) => {
                return vec![Err(ExtractError::Crashed(format!(
                    "cannot start an extraction thread: {e}"
                )))]
            }
        }
    }
    let ended = || {
        vec![Err(ExtractError::Crashed(
            "extraction thread ended without a result".into(),
        ))]
    };
    let Some(thread) = runner.as_ref() else {
        return ended();
    };
    if thread
        .jobs
        .send((path.to_path_buf(), meta.cloned()))
        .is_err()
    {
        *runner = None;
        return ended();
    }
    match thread.results.recv_timeout(timeout) {
        Ok(docs) => docs,
        Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
            *runner = None;
            vec![Err(ExtractError::Timeout(timeout))]
        }
        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
            *runner = None;
            ended()
        }
    }
}

/// Extracts one file and analyses each of its documents. Panics inside the
/// non-PDF extractors are caught and become that file's failure.
fn extract_and_analyse(
    path: &Path,
    pdfs: &PdfPool,
    meta: Option<&SourceMeta>,
) -> Vec<Result<Document, ExtractError>> {
    let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract::extract_file(path, pdfs)
    }))
    .unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        vec![Err(ExtractError::Crashed(msg))]
    });
    extracted
        .into_iter()
        .map(|r| {
            r.and_then(|mut raw| {
                if let Some(m) = meta {
                    apply_meta(&mut raw, m);
                }
                if raw.body.trim().is_empty()
                    && raw.title.as_deref().is_none_or(|t| t.trim().is_empty())
                {
                    return Err(ExtractError::NoContent);
                }
                std::panic::catch_unwind(move || Document::from_raw(raw))
                    .map_err(|_| ExtractError::Crashed("document analysis panicked".into()))
            })
        })
        .collect()
}

fn apply_meta(raw: &mut RawDocument, m: &SourceMeta) {
    if raw.url.is_none() {
        raw.url = m.url.clone();
    }
    if raw.symbols.is_empty() {
        raw.symbols.extend(m.symbol.clone());
    }
    if raw.lang.is_none() {
        raw.lang = m.lang.as_deref().map(normalise_lang);
    }
}
