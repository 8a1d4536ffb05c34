//! `undex stats`: what the corpus and the index hold.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::cli::{Format, GlobalArgs, StatsArgs};
use crate::commands::ingest::{LastIngest, LAST_INGEST_FILE};
use crate::exit_codes::ExitCode;
use crate::search::{FacetKind, Filters};

#[derive(Serialize)]
struct Stats {
    documents: u64,
    by_type: BTreeMap<String, u64>,
    by_lang: BTreeMap<String, u64>,
    by_topic: BTreeMap<String, u64>,
    year_min: Option<String>,
    year_max: Option<String>,
    index_path: String,
    index_bytes: u64,
    corpus_path: String,
    corpus_files: u64,
    corpus_bytes: u64,
    last_ingest: Option<LastIngest>,
}

fn folder_size(path: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(path).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (files, bytes)
}

pub fn run(global: &GlobalArgs, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let engine = super::open_engine(global)?;
    let none = Filters::default();
    let map = |kind| -> anyhow::Result<BTreeMap<String, u64>> {
        Ok(engine
            .facet_counts(None, &none, kind, &[])?
            .into_iter()
            .map(|c| (c.path, c.count))
            .collect())
    };
    let years = map(FacetKind::Year)?;
    let (_, index_bytes) = folder_size(&global.index);
    let (corpus_files, corpus_bytes) = folder_size(&global.corpus);
    let last_ingest = std::fs::read_to_string(global.index.join(LAST_INGEST_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let stats = Stats {
        documents: engine.num_docs(),
        by_type: map(FacetKind::Type)?,
        by_lang: map(FacetKind::Lang)?,
        by_topic: map(FacetKind::Topic)?,
        year_min: years.keys().next().cloned(),
        year_max: years.keys().next_back().cloned(),
        index_path: global.index.display().to_string(),
        index_bytes,
        corpus_path: global.corpus.display().to_string(),
        corpus_files,
        corpus_bytes,
        last_ingest,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json | Format::Jsonl => {
            serde_json::to_writer(&mut out, &stats)?;
            writeln!(out)?;
        }
        Format::Text | Format::Csv => {
            writeln!(out, "documents   {}", stats.documents)?;
            let line = |out: &mut dyn Write, name: &str, m: &BTreeMap<String, u64>| {
                let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
                writeln!(out, "{name:<11} {}", parts.join(", "))
            };
            line(&mut out, "by type", &stats.by_type)?;
            line(&mut out, "by lang", &stats.by_lang)?;
            line(&mut out, "by topic", &stats.by_topic)?;
            writeln!(
                out,
                "years       {} – {}",
                stats.year_min.as_deref().unwrap_or("?"),
                stats.year_max.as_deref().unwrap_or("?")
            )?;
            writeln!(
                out,
                "index       {} ({:.1} MB)",
                stats.index_path,
                stats.index_bytes as f64 / 1e6
            )?;
            writeln!(
                out,
                "corpus      {} ({} files, {:.1} MB)",
                stats.corpus_path,
                stats.corpus_files,
                stats.corpus_bytes as f64 / 1e6
            )?;
            match &stats.last_ingest {
                Some(l) => writeln!(
                    out,
                    "last ingest {}: {} files, {} added, {} replaced, {} unchanged, {} failed",
                    l.finished_at, l.files, l.added, l.replaced, l.unchanged, l.failed
                )?,
                None => writeln!(out, "last ingest unknown")?,
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(stats.documents as usize))
}
