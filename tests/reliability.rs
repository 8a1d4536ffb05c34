//! Reliability: bad input, killed processes and concurrent use never lose
//! data or crash.
//!
//! - `bad_inputs`: a corpus of broken files (tests/fixtures/bad/, plus big
//!   ones generated here) is reported path by path, skipped and counted,
//!   while every good document beside them is indexed; exit code 2.
//! - `bad_queries`: malformed queries, symbols, filters and batch lines on
//!   every command: a useful answer or exit 2 with a message naming the
//!   problem, never a panic.
//! - `fuzz`: proptest targets for the symbol parser, the citation scanner,
//!   the query builder and the HTML extractor, and the regression corpus of
//!   the cases they found (tests/fuzz_regressions/). `scripts/fuzz` runs
//!   them for a bounded time.
//! - `kill`: SIGKILL an ingest of the UN General Debate corpus at 20
//!   moments; the index always holds exactly a committed state, and a re-run
//!   completes it without duplicates (ignored by default: minutes; `.ci/run`
//!   runs it in release mode).
//! - `concurrency`: searches during an ingest see committed snapshots only;
//!   a second ingest fails at once.
//! - `disk`: a read-only index folder and a full disk give a clear error
//!   and leave the old index intact.

mod bad_inputs;
mod bad_queries;
mod concurrency;
mod disk;
mod fuzz;
mod kill;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Speeches in the UN General Debate corpus (UNGDC 1946–2024): the
/// tarball's `.txt` files, less one hidden macOS file (`.DS_Store-to-UTF-8.txt`).
pub const UNGDC_SPEECHES: usize = 10_952;

/// The UN General Debate corpus unpacked once into the target folder's
/// scratch space (kept between runs; about 210 MB), as its `TXT` folder.
pub fn ungdc() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ungdc");
        let txt = base.join("TXT");
        let done = base.join(".unpacked");
        if done.is_file() {
            return txt;
        }
        let tarball = crate::util::shared_corpus("ungdc/UNGDC_1946-2024_txt.tar.gz");
        // Unpack beside the final place, then rename: a concurrent or
        // interrupted unpack never leaves a half-filled folder in use.
        std::fs::create_dir_all(base.parent().unwrap()).unwrap();
        let staging = tempfile::tempdir_in(base.parent().unwrap()).unwrap();
        let status = std::process::Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(staging.path())
            .status()
            .expect("run tar");
        assert!(status.success(), "tar failed on {}", tarball.display());
        std::fs::write(staging.path().join(".unpacked"), b"").unwrap();
        let staged = staging.keep();
        if std::fs::rename(&staged, &base).is_err() {
            // Someone else finished first.
            let _ = std::fs::remove_dir_all(&staged);
        }
        assert!(done.is_file(), "UNGDC not unpacked at {}", base.display());
        txt
    })
}

/// The speech files under `dir`, in the order `undex ingest` processes them
/// (paths sorted; hidden files skipped).
pub fn speech_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every committed document id of the index at `path`, read the way a
/// searcher sees it (one snapshot). Panics if the index does not open.
pub fn committed_ids(path: &Path) -> Vec<String> {
    let index = undex::index::UndexIndex::open(path)
        .unwrap_or_else(|e| panic!("index at {} does not open: {e:#}", path.display()));
    let searcher = index.searcher().expect("searcher");
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .str(undex::index::schema::name::ID)
            .expect("id fast field")
            .expect("id column");
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            let mut id = String::new();
            if let Some(ord) = column.term_ords(doc).next() {
                column.ord_to_str(ord, &mut id).expect("id");
            }
            ids.push(id);
        }
    }
    assert_eq!(ids.len() as u64, searcher.num_docs(), "alive documents");
    ids
}

/// The id `undex` gives a text file without a symbol.
pub fn source_id(path: &Path) -> String {
    format!("src:{}", path.display())
}

/// Asserts the ids are exactly the first `n` of `files` (no duplicates, no
/// gaps, nothing else).
pub fn assert_prefix(ids: &[String], files: &[PathBuf], n: usize, what: &str) {
    let got: HashSet<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(got.len(), ids.len(), "{what}: duplicate ids in the index");
    let want: HashSet<String> = files[..n].iter().map(|p| source_id(p)).collect();
    let missing: Vec<&String> = want
        .iter()
        .filter(|w| !got.contains(w.as_str()))
        .take(5)
        .collect();
    let extra: Vec<&&str> = got.iter().filter(|g| !want.contains(**g)).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && ids.len() == n,
        "{what}: the index holds {} documents, not the first {n} inputs; missing {missing:?}, extra {extra:?}",
        ids.len()
    );
}

/// Copies the first `n` speeches (in ingest order) into `dir`, keeping
/// their session folders, and returns the copies in ingest order.
pub fn copy_speeches(dir: &Path, n: usize) -> Vec<PathBuf> {
    let root = ungdc();
    let files = speech_files(root);
    assert!(files.len() >= n);
    for f in &files[..n] {
        let rel = f.strip_prefix(root).unwrap();
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(f, &to).unwrap();
    }
    speech_files(dir)
}

/// True when this process may mount file systems (root with CAP_SYS_ADMIN):
/// the read-only and disk-full tests need a mount to be faithful.
pub fn can_mount() -> bool {
    static CAN: OnceLock<bool> = OnceLock::new();
    *CAN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            let _ = std::process::Command::new("umount")
                .arg(dir.path())
                .status();
        }
        ok
    })
}

/// A mount that is undone when dropped (lazily, so a busy mount never
/// blocks the test run).
pub struct Mount {
    pub path: PathBuf,
}

impl Mount {
    /// `mount ARGS... PATH`; `None` when mounting is refused.
    pub fn new(args: &[&str], path: &Path) -> Option<Mount> {
        let out = std::process::Command::new("mount")
            .args(args)
            .arg(path)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "mount {args:?} {} failed: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            return None;
        }
        Some(Mount {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}
