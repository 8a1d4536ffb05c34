//! The `stats` result: what the index holds, and the inputs it was built
//! from (recorded in the index folder at each ingest, see
//! `index::history`), not whatever `--corpus` points at today. Built once
//! for `undex stats` and `/api/stats`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::count_noun;
use crate::index::history::{BuiltFrom, LastIngest};
use crate::search::{Engine, FacetKind, Filters};

/// `stats --format json`; `undex serve` answers `/api/stats` with the
/// same object, built by [`build`].
#[derive(Serialize)]
pub struct Stats {
    pub documents: u64,
    by_type: BTreeMap<String, u64>,
    by_lang: BTreeMap<String, u64>,
    by_topic: BTreeMap<String, u64>,
    year_min: Option<String>,
    year_max: Option<String>,
    index_path: String,
    index_bytes: u64,
    /// Every input ingested into this index; null when it was not recorded.
    built_from: Option<Vec<Input>>,
    last_ingest: Option<LastIngest>,
}

/// One ingested file or folder, measured now.
#[derive(Serialize)]
pub struct Input {
    path: String,
    exists: bool,
    files: u64,
    bytes: u64,
}

fn folder_size(path: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(path).into_iter().flatten() {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map_or(0, |m| m.len());
        }
    }
    (files, bytes)
}

/// What the index at `index` (searched through `engine`) holds.
pub fn build(engine: &Engine, index: &Path) -> anyhow::Result<Stats> {
    let none = Filters::default();
    let map = |kind| -> anyhow::Result<BTreeMap<String, u64>> {
        Ok(engine
            .facet_counts(None, &none, kind, &[])?
            .into_iter()
            .map(|c| (c.path, c.count))
            .collect())
    };
    let years = map(FacetKind::Year)?;
    let (_, index_bytes) = folder_size(index);
    let built_from = BuiltFrom::read(index).map(|b| {
        b.inputs
            .into_iter()
            .map(|path| {
                let p = Path::new(&path);
                // The files an ingest of it would read, not notes beside them.
                let (readable, _) = crate::ingest::collect_inputs(&[p.to_path_buf()]);
                let files = readable.len() as u64;
                let bytes = readable
                    .iter()
                    .filter_map(|f| std::fs::metadata(f).ok())
                    .map(|m| m.len())
                    .sum();
                Input {
                    exists: p.exists(),
                    path,
                    files,
                    bytes,
                }
            })
            .collect::<Vec<_>>()
    });
    let last_ingest = LastIngest::read(index);
    Ok(Stats {
        documents: engine.num_docs(),
        by_type: map(FacetKind::Type)?,
        by_lang: map(FacetKind::Lang)?,
        by_topic: map(FacetKind::Topic)?,
        year_min: years.keys().next().cloned(),
        year_max: years.keys().next_back().cloned(),
        index_path: index.display().to_string(),
        index_bytes,
        built_from,
        last_ingest,
    })
}

/// Prints `stats` for people (`stats --format text`).
pub fn write_text(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    writeln!(out, "documents   {}", stats.documents)?;
    let line = |out: &mut dyn Write, name: &str, m: &BTreeMap<String, u64>| {
        let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
        writeln!(out, "{name:<11} {}", parts.join(", "))
    };
    line(out, "by type", &stats.by_type)?;
    line(out, "by lang", &stats.by_lang)?;
    line(out, "by topic", &stats.by_topic)?;
    writeln!(
        out,
        "years       {} – {}",
        stats.year_min.as_deref().unwrap_or("?"),
        stats.year_max.as_deref().unwrap_or("?")
    )?;
    writeln!(
        out,
        "index       \"{}\" ({:.1} MB)",
        stats.index_path,
        stats.index_bytes as f64 / 1e6
    )?;
    match &stats.built_from {
        None => writeln!(out, "built from  not recorded (ingested by an older undex)")?,
        Some(inputs) if inputs.is_empty() => writeln!(out, "built from  nothing")?,
        Some(inputs) => {
            for (i, input) in inputs.iter().enumerate() {
                let label = if i == 0 { "built from" } else { "" };
                if input.exists {
                    writeln!(
                        out,
                        "{label:<11} \"{}\" ({}, {:.1} MB now)",
                        input.path,
                        count_noun(input.files as usize, "file", "files"),
                        input.bytes as f64 / 1e6
                    )?;
                } else {
                    writeln!(out, "{label:<11} \"{}\" (no longer there)", input.path)?;
                }
            }
        }
    }
    match &stats.last_ingest {
        Some(l) => writeln!(
            out,
            "last ingest {}: {}, {} added, {} replaced, {} unchanged, {} skipped, {} failed",
            l.finished_at,
            count_noun(l.files, "file", "files"),
            l.added,
            l.replaced,
            l.unchanged,
            l.skipped,
            l.failed
        )?,
        None => writeln!(out, "last ingest unknown")?,
    }
    Ok(())
}
