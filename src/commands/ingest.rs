//! `undex ingest [PATH ...]`: extract files and add them to the index.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::cli::{GlobalArgs, IngestArgs};
use crate::exit_codes::ExitCode;
use crate::index::UndexIndex;
use crate::ingest::{self, IngestOptions, IngestReport, SourceMeta};

/// File in the index folder recording the last ingest, for `stats`.
pub const LAST_INGEST_FILE: &str = "undex-last-ingest.json";

#[derive(Debug, Serialize, Deserialize)]
pub struct LastIngest {
    pub finished_at: String,
    pub files: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub failed: usize,
}

pub fn run(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let (paths, meta) = if args.paths.is_empty() {
        if !global.corpus.is_dir() {
            anyhow::bail!(
                "corpus folder {} does not exist (give files or folders to ingest, or --corpus DIR)",
                global.corpus.display()
            );
        }
        (vec![global.corpus.clone()], corpus_meta(global)?)
    } else {
        (args.paths.clone(), HashMap::new())
    };
    let index = UndexIndex::open_or_create(&global.index)?;
    let threads = args.threads.unwrap_or_else(default_threads);
    let commit_interval =
        (args.commit_interval > 0).then(|| Duration::from_secs(args.commit_interval));
    let report = ingest_with(global, &index, &paths, threads, meta, commit_interval)?;
    print_report(global, &report);
    Ok(if report.failures.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Error
    })
}

pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

/// What the crawl manifest says about each stored corpus file.
fn corpus_meta(global: &GlobalArgs) -> anyhow::Result<HashMap<PathBuf, SourceMeta>> {
    let stored = crate::corpus::stored_files(&global.corpus).with_context(|| {
        format!(
            "cannot read the crawl manifest in {}",
            global.corpus.display()
        )
    })?;
    Ok(stored
        .into_iter()
        .map(|(path, e)| {
            (
                // Keyed like the walked inputs (canonical), so lookups match.
                std::fs::canonicalize(&path).unwrap_or(path),
                SourceMeta {
                    url: e.final_url.or(Some(e.url)),
                    symbol: e.symbol,
                    lang: e.lang,
                },
            )
        })
        .collect())
}

pub fn ingest_paths(
    global: &GlobalArgs,
    index: &UndexIndex,
    paths: &[PathBuf],
    threads: Option<usize>,
) -> anyhow::Result<IngestReport> {
    ingest_with(
        global,
        index,
        paths,
        threads.unwrap_or_else(default_threads),
        HashMap::new(),
        Some(Duration::from_secs(ingest::DEFAULT_COMMIT_INTERVAL_SECS)),
    )
}

fn ingest_with(
    global: &GlobalArgs,
    index: &UndexIndex,
    paths: &[PathBuf],
    threads: usize,
    meta: HashMap<PathBuf, SourceMeta>,
    commit_interval: Option<Duration>,
) -> anyhow::Result<IngestReport> {
    // Paths are made absolute so that a document's id does not depend on
    // the folder undex was started from.
    let absolute: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone())
        })
        .collect();
    let (files, input_failures) = ingest::collect_inputs(&absolute);
    let bar = super::progress_bar(global, files.len() as u64, "ingest").map(Arc::new);
    let on_progress = bar.clone().map(|bar| {
        Box::new(move |done: usize, _total: usize, r: &IngestReport| {
            bar.set_position(done as u64);
            bar.set_message(format!(
                "{} new, {} updated, {} failed",
                r.added,
                r.replaced,
                r.failures.len()
            ));
        }) as ingest::ProgressFn
    });
    let exe =
        std::env::current_exe().context("cannot locate the undex binary for PDF extraction")?;
    let mut report = ingest::run(
        index,
        files,
        IngestOptions {
            threads,
            exe,
            meta,
            on_progress,
            commit_interval,
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report.failures.splice(0..0, input_failures);
    record_last_ingest(index, &report);
    Ok(report)
}

/// Best effort: `stats` shows it, nothing depends on it.
fn record_last_ingest(index: &UndexIndex, r: &IngestReport) {
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let last = LastIngest {
        finished_at: now,
        files: r.files,
        added: r.added,
        replaced: r.replaced,
        unchanged: r.unchanged,
        duplicates: r.duplicates,
        failed: r.failures.len(),
    };
    let path = index.path.join(LAST_INGEST_FILE);
    let tmp = index.path.join(format!("{LAST_INGEST_FILE}.tmp"));
    if let Ok(text) = serde_json::to_string_pretty(&last) {
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
}

/// Failures always (they are errors); the summary unless --quiet.
pub fn print_report(global: &GlobalArgs, r: &IngestReport) {
    for f in &r.failures {
        eprintln!("undex: skipped {}: {}", f.input, f.reason);
    }
    if !global.quiet {
        eprintln!(
            "undex: {} files, {} documents: {} added, {} replaced, {} unchanged, {} duplicates skipped; {} inputs failed",
            r.files,
            r.documents(),
            r.added,
            r.replaced,
            r.unchanged,
            r.duplicates,
            r.failures.len()
        );
    }
}
