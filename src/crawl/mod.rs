//! The crawler: fills the corpus from the sources in `sources.toml`.
//!
//! A careful crawler: robots.txt per host (Disallow obeyed, Crawl-delay
//! honoured up to a cap), one request at a time per host with a delay
//! between, hosts in parallel, retries with exponential backoff and
//! `Retry-After`, redirects followed by hand (each hop checked again),
//! a body size cap, content sniffing, URL normalisation and
//! de-duplication, conditional GET on re-crawls, and resumability: a crawl
//! killed at any moment continues where it was and never leaves a partial
//! file in the corpus (see [`crate::corpus`]).
//!
//! | module | job |
//! |---|---|
//! | `sources` | the sources file: settings, web and symbol sources |
//! | `urls` | normalisation, host keys, corpus file names |
//! | `robots` | robots.txt rules and the per-host delay |
//! | `fetch` | one HTTP request: classify, stream, cap, hash, sniff |
//! | `sniff` | PDF / HTML / text from the first bytes |
//! | `links` | links, titles and languages out of HTML |
//! | `engine` | the scheduler and the manifest |
//! | `progress`, `report` | the live display and the summary |

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

pub(crate) mod engine;
pub(crate) mod fetch;
pub(crate) mod links;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod robots;
pub(crate) mod sniff;
pub mod sources;
pub(crate) mod urls;

pub use fetch::FetchError;
pub use report::{CrawlReport, Failure, HostReport};
pub use sources::{CrawlSettings, Sources};

use crate::corpus::{self, ManifestWriter, RunState};

/// How to run a crawl, beyond what the sources file says.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub corpus: PathBuf,
    /// Stop after this many new documents (the run is then resumed next time).
    pub max_docs: Option<usize>,
    /// Overrides `[crawl] concurrency`.
    pub concurrency: Option<usize>,
    /// Show progress bars on stderr.
    pub progress: bool,
}

/// Crawls `sources` into the corpus. A failed URL is recorded and counted
/// in the report, never an error; errors are reserved for a corpus that
/// cannot be written.
pub fn crawl(sources: &Sources, opts: &CrawlOptions) -> anyhow::Result<CrawlReport> {
    let corpus = &opts.corpus;
    let raw = corpus::raw_dir(corpus);
    fs::create_dir_all(&raw).with_context(|| format!("cannot create {}", raw.display()))?;
    let _lock = lock(corpus)?;
    // Leftovers of a crawl that was killed mid-download.
    corpus::clear_partial(corpus)?;

    let (run, resumed) = match RunState::load(corpus) {
        Some(state) if state.finished_at.is_none() => (state, true),
        _ => {
            let started_at = engine::now_rfc3339();
            let id = format!(
                "{}-{}",
                started_at.replace([':', '-'], ""),
                std::process::id()
            );
            (
                RunState {
                    run: id,
                    started_at,
                    finished_at: None,
                },
                false,
            )
        }
    };
    run.save(corpus)?;

    let history = corpus::load_manifest(corpus)?;
    let manifest = ManifestWriter::open(corpus)?;
    let fetcher = fetch::Fetcher::new(&sources.crawl, &corpus::partial_dir(corpus))?;
    let concurrency = opts.concurrency.unwrap_or(sources.crawl.concurrency).max(1);
    let crawler = engine::Crawler::new(
        sources,
        engine::RunConfig {
            corpus,
            run: run.run.clone(),
            resumed,
            history,
            manifest,
            max_new: opts.max_docs,
            concurrency,
            progress: progress::Progress::new(opts.progress),
        },
    )?;
    let report = crawler.run(&fetcher)?;

    if report.finished {
        let done = RunState {
            finished_at: Some(engine::now_rfc3339()),
            ..run
        };
        done.save(corpus)?;
    }
    corpus::clear_partial(corpus)?;
    Ok(report)
}

/// Holds an exclusive lock on `<corpus>/raw/.crawl.lock` for the crawl, so
/// two crawls cannot write one corpus at once. The OS drops the lock when
/// the process ends, however it ends.
fn lock(corpus: &Path) -> anyhow::Result<File> {
    let path = corpus::raw_dir(corpus).join(".crawl.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            anyhow::bail!("another crawl is writing to {}", corpus.display())
        }
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}
