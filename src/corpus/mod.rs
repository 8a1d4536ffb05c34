//! The on-disk store of what the crawler fetched.
//!
//! Layout under the corpus folder:
//!
//! ```text
//! <corpus>/raw/<host>/<file>         one file per fetched document (.pdf/.html/.txt)
//! <corpus>/raw/manifest.jsonl        append-only: one JSON line per fetch outcome
//! <corpus>/raw/.crawl-state.json     which crawl run is current, and whether it finished
//! <corpus>/raw/.partial/             downloads in progress (emptied at every start)
//! <corpus>/raw/.crawl.lock           held by the running crawl (one crawl per corpus)
//! ```
//!
//! Two rules keep the store consistent however a crawl ends (even by
//! SIGKILL): a document is written to `.partial/` and renamed into place only
//! once complete and synced, and its manifest line is appended (and synced)
//! only after that rename. A kill can therefore leave at most a torn last
//! manifest line, which [`load_manifest`] ignores and [`ManifestWriter::open`]
//! cuts off, and stale files in `.partial/`, which the next crawl removes.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// Outcome of a fetch that put a new or changed file in the corpus.
pub const OUTCOME_STORED: &str = "stored";
/// The server sent the same bytes we already had (no conditional GET support).
pub const OUTCOME_UNCHANGED: &str = "unchanged";
/// A conditional GET answered 304: the stored copy stands.
pub const OUTCOME_NOT_MODIFIED: &str = "not-modified";
/// HTTP 200 with an empty body (the UN symbol API's "not yet published").
pub const OUTCOME_EMPTY: &str = "empty";
/// robots.txt forbids the URL: it was not requested.
pub const OUTCOME_DISALLOWED: &str = "disallowed";
/// A redirect led to a URL that was already fetched under another name.
pub const OUTCOME_DUPLICATE: &str = "duplicate";
/// The body was neither PDF, HTML nor text (images, archives, ...).
pub const OUTCOME_UNSUPPORTED: &str = "unsupported";
/// A symbol source's URL answered something other than the expected PDF.
pub const OUTCOME_NOT_PDF: &str = "not-pdf";
/// A redirect left the source's allowed URL prefixes.
pub const OUTCOME_OFF_SITE: &str = "redirect-outside-allow";
/// Prefix of every failure outcome: `failed: <reason>`.
pub const OUTCOME_FAILED_PREFIX: &str = "failed: ";

/// One line of `manifest.jsonl`: what the crawl knew about one fetch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The URL as requested (normalised); the key of the document.
    pub url: String,
    /// Where the last redirect led, when it differs from `url`.
    #[serde(default)]
    pub final_url: Option<String>,
    /// The UN document symbol, when the source named one.
    #[serde(default)]
    pub symbol: Option<String>,
    /// ISO 639-1 language code, when the source gave one.
    #[serde(default)]
    pub lang: Option<String>,
    /// RFC 3339 UTC time at which the outcome was known.
    pub fetched_at: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// Hex SHA-256 of the stored bytes.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    /// The stored file, relative to the corpus folder (`raw/<host>/<name>`).
    #[serde(default)]
    pub file: Option<String>,
    /// "stored", "unchanged", "not-modified", "empty", "disallowed", "failed: ..." ...
    pub outcome: String,
    /// The `[[web]]` or `[[symbols]]` source that asked for the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A title the source gave (link text, or the index row around the link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The page on which the link was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// The redirect hops followed, in order (excluding `url`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<String>,
    /// Requests made for this outcome (more than one after retries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The crawl run that wrote the line (see [`RunState`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
}

impl ManifestEntry {
    /// True when the entry points at a file that holds the document.
    pub fn has_document(&self) -> bool {
        self.file.is_some()
            && matches!(
                self.outcome.as_str(),
                OUTCOME_STORED | OUTCOME_UNCHANGED | OUTCOME_NOT_MODIFIED
            )
    }

    /// True when the outcome is a failure (counted, reported, exit code 2).
    pub fn is_failure(&self) -> bool {
        self.outcome.starts_with(OUTCOME_FAILED_PREFIX)
    }
}

/// `<corpus>/raw`: where crawled files and the manifest live.
pub fn raw_dir(corpus: &Path) -> PathBuf {
    corpus.join("raw")
}

/// `<corpus>/raw/manifest.jsonl`.
pub fn manifest_path(corpus: &Path) -> PathBuf {
    raw_dir(corpus).join("manifest.jsonl")
}

/// `<corpus>/raw/.partial`: downloads in progress, never read by the ingester.
pub fn partial_dir(corpus: &Path) -> PathBuf {
    raw_dir(corpus).join(".partial")
}

/// `<corpus>/raw/.crawl-state.json` (hidden, so ingesters walking the corpus skip it).
pub fn state_path(corpus: &Path) -> PathBuf {
    raw_dir(corpus).join(".crawl-state.json")
}

/// Every manifest line, oldest first. A missing manifest is an empty one;
/// a line that does not parse (a torn last line after a kill, or damage)
/// is skipped rather than failing the whole load.
pub fn load_manifest(corpus: &Path) -> anyhow::Result<Vec<ManifestEntry>> {
    let path = manifest_path(corpus);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", path.display())),
    };
    let mut entries = Vec::new();
    for line in BufReader::new(file).split(b'\n') {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Ok(entry) = serde_json::from_slice::<ManifestEntry>(&line) {
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// The latest manifest entry for each stored file that still exists, keyed
/// by the file's absolute path: what the ingester attaches to a crawled
/// file (its URL, symbol and language).
pub fn stored_files(corpus: &Path) -> anyhow::Result<HashMap<PathBuf, ManifestEntry>> {
    // Made absolute the way the ingester makes its inputs absolute, so the
    // keys match the paths it walks.
    let base = std::path::absolute(corpus).unwrap_or_else(|_| corpus.to_path_buf());
    let mut out: HashMap<PathBuf, ManifestEntry> = HashMap::new();
    for entry in load_manifest(corpus)? {
        if !entry.has_document() {
            continue;
        }
        if let Some(file) = &entry.file {
            out.insert(base.join(file), entry);
        }
    }
    out.retain(|path, _| path.is_file());
    Ok(out)
}

/// Appends manifest lines, each synced to disk before `append` returns.
pub struct ManifestWriter {
    file: File,
}

impl ManifestWriter {
    /// Opens (creating) the manifest for appending. A torn last line left
    /// by a killed crawl is cut off first, so the next line starts clean
    /// instead of being glued onto the fragment.
    pub fn open(corpus: &Path) -> anyhow::Result<ManifestWriter> {
        let path = manifest_path(corpus);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let len = file.metadata()?.len();
        if len > 0 {
            let keep = complete_prefix_len(&mut file, len)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if keep < len {
                file.set_len(keep)
                    .with_context(|| format!("cannot repair {}", path.display()))?;
                file.sync_data()?;
            }
        }
        Ok(ManifestWriter { file })
    }

    /// Writes one entry as one line and syncs it.
    pub fn append(&mut self, entry: &ManifestEntry) -> anyhow::Result<()> {
        let mut line = serde_json::to_vec(entry)?;
        line.push(b'\n');
        // One write call per line: a kill mid-write can only tear the last line.
        self.file.write_all(&line)?;
        self.file.sync_data()?;
        Ok(())
    }
}

/// Length of the file up to and including its last newline.
fn complete_prefix_len(file: &mut File, len: u64) -> std::io::Result<u64> {
    const CHUNK: u64 = 64 * 1024;
    let mut end = len;
    let mut buf = vec![0u8; CHUNK as usize];
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        let n = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buf[..n])?;
        if let Some(pos) = buf[..n].iter().rposition(|&b| b == b'\n') {
            return Ok(start + pos as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// Which crawl run the corpus is in. A run that did not finish (killed,
/// or stopped by `--max-docs`) is resumed by the next crawl: what it
/// already fetched is not requested again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    pub run: String,
    pub started_at: String,
    #[serde(default)]
    pub finished_at: Option<String>,
}

impl RunState {
    /// The saved state, or None when there is none or it cannot be read
    /// (then a fresh run starts, which is always safe).
    pub fn load(corpus: &Path) -> Option<RunState> {
        let bytes = fs::read(state_path(corpus)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Saves atomically (temporary file, sync, rename).
    pub fn save(&self, corpus: &Path) -> anyhow::Result<()> {
        let bytes = serde_json::to_vec_pretty(self)?;
        write_atomic(corpus, &state_path(corpus), &bytes)
    }
}

/// Writes `bytes` to `dest` through a synced temporary file in
/// `.partial/` and a rename, so `dest` is either the old or the new content.
pub fn write_atomic(corpus: &Path, dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp_dir = partial_dir(corpus);
    fs::create_dir_all(&tmp_dir).with_context(|| format!("cannot create {}", tmp_dir.display()))?;
    let tmp = tmp_dir.join(format!("state-{}.part", std::process::id()));
    {
        let mut f =
            File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    commit_file(&tmp, dest)
}

/// Moves a complete, synced temporary file into its place in the corpus.
pub fn commit_file(tmp: &Path, dest: &Path) -> anyhow::Result<()> {
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::rename(tmp, dest)
        .with_context(|| format!("cannot move {} to {}", tmp.display(), dest.display()))?;
    // Sync the folder so the rename itself survives a crash; best effort,
    // since not every filesystem lets a directory be opened for syncing.
    if let Some(dir) = dest.parent() {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Empties `.partial/`: whatever is there was left by a crawl that died.
pub fn clear_partial(corpus: &Path) -> anyhow::Result<()> {
    let dir = partial_dir(corpus);
    match fs::remove_dir_all(&dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot clear {}", dir.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str, outcome: &str, file: Option<&str>) -> ManifestEntry {
        ManifestEntry {
            url: url.to_string(),
            fetched_at: "2025-01-01T00:00:00Z".to_string(),
            outcome: outcome.to_string(),
            file: file.map(str::to_string),
            ..ManifestEntry::default()
        }
    }

    #[test]
    fn torn_last_line_is_ignored_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path();
        let mut w = ManifestWriter::open(corpus).unwrap();
        w.append(&entry("http://a/1", OUTCOME_STORED, Some("raw/a/1.pdf")))
            .unwrap();
        drop(w);
        // Simulate a kill in the middle of the second line.
        let mut f = OpenOptions::new()
            .append(true)
            .open(manifest_path(corpus))
            .unwrap();
        f.write_all(b"{\"url\":\"http://a/2\",\"fetch").unwrap();
        drop(f);
        assert_eq!(load_manifest(corpus).unwrap().len(), 1);
        let mut w = ManifestWriter::open(corpus).unwrap();
        w.append(&entry("http://a/3", OUTCOME_EMPTY, None)).unwrap();
        let all = load_manifest(corpus).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].url, "http://a/3");
    }

    #[test]
    fn stored_files_keeps_latest_existing_documents() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path();
        fs::create_dir_all(corpus.join("raw/a")).unwrap();
        fs::write(corpus.join("raw/a/1.pdf"), b"%PDF-1.4").unwrap();
        let mut w = ManifestWriter::open(corpus).unwrap();
        w.append(&entry("http://a/1", OUTCOME_STORED, Some("raw/a/1.pdf")))
            .unwrap();
        let mut again = entry("http://a/1", OUTCOME_NOT_MODIFIED, Some("raw/a/1.pdf"));
        again.symbol = Some("A/1".into());
        w.append(&again).unwrap();
        w.append(&entry("http://a/2", OUTCOME_STORED, Some("raw/a/gone.pdf")))
            .unwrap();
        w.append(&entry("http://a/3", "failed: HTTP 404", None))
            .unwrap();
        let files = stored_files(corpus).unwrap();
        assert_eq!(files.len(), 1);
        let (path, e) = files.iter().next().unwrap();
        assert!(path.is_absolute());
        assert!(path.ends_with("raw/a/1.pdf"));
        assert_eq!(e.symbol.as_deref(), Some("A/1"));
    }

    #[test]
    fn run_state_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let s = RunState {
            run: "r1".into(),
            started_at: "t".into(),
            finished_at: None,
        };
        s.save(dir.path()).unwrap();
        assert_eq!(RunState::load(dir.path()), Some(s));
    }
}
