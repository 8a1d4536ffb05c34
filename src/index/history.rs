//! What the index folder records about how it was built: the last ingest
//! and every input ever ingested into it. `ingest` writes these files next
//! to tantivy's, and `stats` (CLI and `/api/stats`) reads them, so they
//! live with the index rather than in either command.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// File in the index folder recording the last ingest, for `stats`.
pub const LAST_INGEST_FILE: &str = "undex-last-ingest.json";
/// File in the index folder listing every input ever ingested into it
/// (absolute paths), so that `stats` describes what the index was built
/// from, whatever `--corpus` says today.
pub const BUILT_FROM_FILE: &str = "undex-built-from.json";

#[derive(Debug, Serialize, Deserialize)]
pub struct LastIngest {
    pub finished_at: String,
    pub files: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub failed: usize,
    /// Inputs passed over because they are not documents (ODS placeholders).
    #[serde(default)]
    pub skipped: usize,
    /// The files and folders this ingest was given (absolute paths).
    #[serde(default)]
    pub inputs: Vec<String>,
}

impl LastIngest {
    /// What the index folder records, or nothing (never recorded, or
    /// unreadable: `stats` then says "unknown").
    pub fn read(index: &Path) -> Option<LastIngest> {
        let text = std::fs::read_to_string(index.join(LAST_INGEST_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }
}

/// The inputs an index was built from: every path given to an ingest.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuiltFrom {
    pub inputs: Vec<String>,
}

impl BuiltFrom {
    /// What the index folder records, or nothing (an index built before
    /// undex recorded it, or not by undex).
    pub fn read(index: &Path) -> Option<BuiltFrom> {
        let text = std::fs::read_to_string(index.join(BUILT_FROM_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }
}
