//! Helpers shared by the integration tests: the built binary, the shared
//! real-data folder, temporary indexes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The undex binary under test, with colour and environment defaults
/// neutralised so output is what scripts see.
pub fn undex() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_undex"));
    c.env_remove("UNDEX_INDEX")
        .env_remove("UNDEX_CORPUS")
        .env_remove("UNDEX_THESAURUS")
        .env("NO_COLOR", "1");
    c
}

/// The project's own demo corpus (`corpus/demo/`, in the repository):
/// CLI-contract and output-format tests run on it, so they need no outside
/// data.
pub fn demo_corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    assert!(
        dir.is_dir(),
        "the demo corpus is missing: {}",
        dir.display()
    );
    dir
}

/// A file of the project's test fixtures (`tests/fixtures/`).
pub fn fixture(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    assert!(p.exists(), "test fixture missing: {}", p.display());
    p
}

/// The shared real data (`../shared`, or `$UNDEX_SHARED`). Panics with a
/// clear message when it is missing: tests over real data must not pass
/// silently without it.
pub fn shared() -> PathBuf {
    let dir = std::env::var_os("UNDEX_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    assert!(
        dir.join("corpus").is_dir(),
        "the shared real data is missing: expected {}/corpus (set UNDEX_SHARED to its folder)",
        dir.display()
    );
    dir
}

pub fn shared_corpus(rel: &str) -> PathBuf {
    let p = shared().join("corpus").join(rel);
    assert!(p.exists(), "shared data file missing: {}", p.display());
    p
}

/// A temporary workspace holding an index folder.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("create temp dir"),
        }
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `undex --index <tmp>/index ARGS...`
    pub fn run(&self, args: &[&str]) -> Output {
        undex()
            .arg("--index")
            .arg(self.index())
            .arg("--corpus")
            .arg(self.dir.path().join("corpus"))
            .args(args)
            .output()
            .expect("run undex")
    }

    /// Ingests paths, asserting the command ran (exit 0 or 2 = some inputs failed).
    pub fn ingest(&self, paths: &[&Path]) -> Output {
        let mut args = vec!["ingest".to_string(), "--quiet".to_string()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run(&refs);
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "ingest crashed: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
