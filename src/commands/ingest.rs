//! `undex ingest [PATH ...]`: extract files and add them to the index.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{GlobalArgs, IngestArgs};
use crate::exit_codes::ExitCode;
use crate::index::history::{BuiltFrom, LastIngest, BUILT_FROM_FILE, LAST_INGEST_FILE};
use crate::index::UndexIndex;
use crate::ingest::{self, IngestOptions, IngestReport, SourceMeta};
use crate::output::count_noun;
use crate::threads::default_threads;

pub fn run(global: &GlobalArgs, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let (paths, meta) = if args.paths.is_empty() {
        if !global.corpus.is_dir() {
            anyhow::bail!(
                "corpus folder \"{}\" does not exist (give files or folders to ingest, or --corpus DIR)",
                global.corpus.display()
            );
        }
        (vec![global.corpus.clone()], corpus_meta(global)?)
    } else {
        // A path that does not exist is a typo: say so before anything is
        // created or written, rather than build an empty index.
        if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
            anyhow::bail!(
                "cannot ingest \"{}\": no such file or folder (nothing was ingested)",
                missing.display()
            );
        }
        (args.paths.clone(), HashMap::new())
    };
    let (files, failures) = ingest::collect_inputs(&absolute(&paths));
    if files.is_empty() && failures.is_empty() {
        let shown: Vec<String> = paths
            .iter()
            .map(|p| format!("\"{}\"", p.display()))
            .collect();
        anyhow::bail!(
            "nothing to ingest in {}: no .pdf, .html, .htm, .txt, .jsonl, .json or .xml files{}",
            shown.join(", "),
            if args.paths.is_empty() {
                " (run `undex crawl` first, or give files or folders)"
            } else {
                ""
            }
        );
    }
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

/// What the crawl manifest says about each stored corpus file.
fn corpus_meta(global: &GlobalArgs) -> anyhow::Result<HashMap<PathBuf, SourceMeta>> {
    let stored = crate::corpus::stored_files(&global.corpus).with_context(|| {
        format!(
            "cannot read the crawl manifest in \"{}\"",
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
    let absolute = absolute(paths);
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
    record_last_ingest(index, &report, &absolute);
    Ok(report)
}

/// Paths made absolute, so that a document's id does not depend on the
/// folder undex was started from.
fn absolute(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone())
        })
        .collect()
}

/// Best effort: `stats` shows it, nothing depends on it.
fn record_last_ingest(index: &UndexIndex, r: &IngestReport, inputs: &[PathBuf]) {
    let inputs: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
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
        skipped: r.skipped.len(),
        inputs: inputs.clone(),
    };
    write_json(index, LAST_INGEST_FILE, &last);
    let mut built = BuiltFrom::read(&index.path).unwrap_or_default();
    for i in inputs {
        if !built.inputs.contains(&i) {
            built.inputs.push(i);
        }
    }
    write_json(index, BUILT_FROM_FILE, &built);
}

/// Writes a small JSON file into the index folder atomically, best effort.
fn write_json<T: Serialize>(index: &UndexIndex, name: &str, value: &T) {
    let path = index.path.join(name);
    let tmp = index.path.join(format!("{name}.tmp"));
    if let Ok(text) = serde_json::to_string_pretty(value) {
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
}

/// Failures always (they are errors); the summary unless --quiet.
/// Inputs that are not documents (placeholders) are listed as skipped, not
/// failed: they do not make the exit code 2.
pub fn print_report(global: &GlobalArgs, r: &IngestReport) {
    for f in &r.failures {
        eprintln!("undex: failed \"{}\": {}", f.input, f.reason);
    }
    for w in &r.warnings {
        eprintln!("undex: warning: {w}");
    }
    if !global.quiet {
        for f in &r.skipped {
            eprintln!("undex: skipped \"{}\": {}", f.input, f.reason);
        }
        let plural = |n: usize, one: &str, many: &str| count_noun(n, one, many);
        let not_documents = if r.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} skipped (not documents)",
                plural(r.skipped.len(), "input", "inputs")
            )
        };
        eprintln!(
            "undex: {}, {}: {} added, {} replaced, {} unchanged, {} skipped{not_documents}; {} failed",
            plural(r.files, "file", "files"),
            plural(r.documents(), "document", "documents"),
            r.added,
            r.replaced,
            r.unchanged,
            plural(r.duplicates, "duplicate", "duplicates"),
            plural(r.failures.len(), "input", "inputs"),
        );
        if r.joined > 0 {
            eprintln!(
                "undex: {} catalogue records joined to the texts of their symbols",
                r.joined
            );
        }
    }
}
