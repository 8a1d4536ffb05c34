//! SIGKILL an ingest of the UN General Debate corpus (10,952 speeches) at
//! 20 moments — before the index exists, while it is created, while
//! unchanged speeches are re-read, right after a commit, during a commit or
//! a merge, between commits, after the last commit, during a re-ingest that
//! changes nothing — each run resuming from what the previous kill left.
//! After every kill the index opens and holds exactly a committed state:
//! the first k × 500 speeches in ingest order (or all of them), each once.
//! A final run completes it: 10,952 documents, no duplicates.
//!
//! Minutes of work, so `#[ignore]`d; `.ci/run` runs it in release mode:
//! `cargo test --release --test tests -- --ignored reliability::kill`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::{assert_prefix, committed_ids, speech_files, ungdc, UNGDC_SPEECHES};
use crate::util::{stderr, stdout, undex, Workspace};

/// Commit interval for the killed runs (src/ingest.rs reads it from
/// `UNDEX_COMMIT_EVERY`): 21 commits over the corpus, plus the last.
const EVERY: usize = 500;

#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after the start.
    After(u64),
    /// When this run has made `n` commits, then `ms` later.
    Commits(usize, u64),
    /// As soon as segment files appear that no commit refers to yet:
    /// tantivy is writing a segment (here: merging what earlier runs
    /// committed, early in a run).
    Writing,
    /// After this run's first commit, as soon as new segment files appear:
    /// the next commit or a merge is being written.
    MidCommit,
    /// As soon as the full count is committed (the final merge and clean-up).
    Complete,
}
use Moment::{After, Commits, Complete, MidCommit, Writing};

const MOMENTS: [Moment; 20] = [
    After(0),
    After(15),
    After(50),
    After(150),
    After(400),
    Commits(1, 0),
    Writing,
    Commits(1, 0),
    Commits(1, 100),
    MidCommit,
    Commits(2, 0),
    Commits(1, 300),
    MidCommit,
    Commits(2, 50),
    Commits(3, 0),
    Writing,
    Commits(2, 200),
    Commits(3, 150),
    Complete,
    After(1500),
];

/// What the index folder shows from outside: the committed count and the
/// segments meta.json names, and the segment files present.
struct Snapshot {
    committed: Option<usize>,
    meta_segments: HashSet<String>,
    files: HashSet<String>,
}

fn snapshot(index: &Path) -> Snapshot {
    let mut committed = None;
    let mut meta_segments = HashSet::new();
    if let Ok(text) = std::fs::read_to_string(index.join("meta.json")) {
        if let Ok(meta) = serde_json::from_str::<serde_json::Value>(&text) {
            let mut n = 0;
            for seg in meta["segments"].as_array().into_iter().flatten() {
                let max = seg["max_doc"].as_u64().unwrap_or(0);
                let deleted = seg["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0);
                n += (max - deleted) as usize;
                if let Some(id) = seg["segment_id"].as_str() {
                    meta_segments.insert(id.replace('-', ""));
                }
            }
            committed = Some(n);
        }
    }
    let files = std::fs::read_dir(index)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let (stem, _) = name.split_once('.')?;
                    (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| stem.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    Snapshot {
        committed,
        meta_segments,
        files,
    }
}

fn start(index: &Path, input: &Path) -> Child {
    undex()
        .arg("--index")
        .arg(index)
        // Count-based commits only, so every committed state is k × EVERY.
        .args(["ingest", "--quiet", "--commit-interval", "0"])
        .arg(input)
        .env(undex::ingest::COMMIT_EVERY_ENV, EVERY.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `moment` while the ingest runs, then SIGKILLs it. Returns
/// when it was killed (None: it finished first) and the commits it was
/// seen to make.
fn kill_at(child: &mut Child, index: &Path, moment: Moment) -> (Option<Duration>, Vec<usize>) {
    let started = Instant::now();
    let first = snapshot(index);
    let base = first.committed.unwrap_or(0);
    let mut seen = Vec::new();
    let mut last = first.committed;
    let mut files_at_commit: Option<HashSet<String>> = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            return (None, seen);
        }
        let now = snapshot(index);
        if now.committed != last {
            if let Some(n) = now.committed {
                seen.push(n);
            }
            last = now.committed;
        }
        let commits = now.committed.unwrap_or(0).saturating_sub(base) / EVERY;
        let fire = match moment {
            After(ms) => started.elapsed() >= Duration::from_millis(ms),
            Commits(n, ms) => {
                if commits >= n {
                    std::thread::sleep(Duration::from_millis(ms));
                    true
                } else {
                    false
                }
            }
            Writing => now
                .files
                .iter()
                .any(|f| !now.meta_segments.contains(f) && !first.files.contains(f)),
            MidCommit => {
                if commits >= 1 && files_at_commit.is_none() {
                    files_at_commit = Some(now.files.clone());
                }
                files_at_commit.as_ref().is_some_and(|at| {
                    now.files
                        .iter()
                        .any(|f| !now.meta_segments.contains(f) && !at.contains(f))
                })
            }
            Complete => now.committed == Some(UNGDC_SPEECHES),
        };
        if fire {
            let _ = child.kill(); // SIGKILL
            let at = started.elapsed();
            let _ = child.wait();
            return (Some(at), seen);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The index holds exactly a committed state; returns its document count.
fn check_committed_state(ws: &Workspace, files: &[PathBuf], previous: usize, what: &str) -> usize {
    let index = ws.index();
    if !index.join("meta.json").is_file() {
        assert_eq!(previous, 0, "{what}: the index vanished");
        let out = ws.run(&["search", "*"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("no index"),
            "{what}: {}",
            stderr(&out)
        );
        return 0;
    }
    let ids = committed_ids(&index);
    let n = ids.len();
    assert!(
        n.is_multiple_of(EVERY) || n == UNGDC_SPEECHES,
        "{what}: {n} documents is not a committed state"
    );
    assert!(
        n >= previous,
        "{what}: committed documents lost: {previous} → {n}"
    );
    assert_prefix(&ids, files, n, what);
    // The CLI agrees, in one snapshot each.
    let out = ws.run(&["stats", "--format", "json"]);
    let ok = if n == 0 { Some(1) } else { Some(0) }; // 1: an empty index
    assert_eq!(out.status.code(), ok, "{what}: stats: {}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(stats["documents"], n, "{what}: stats");
    let out = ws.run(&["search", "*", "--limit", "0", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"], n, "{what}: search");
    n
}

/// A ten-word run of plain words from the middle of a speech, as a phrase.
fn phrase_from(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mid = words.len() / 2;
    for start in mid..words.len().saturating_sub(10) {
        let window = &words[start..start + 10];
        if window
            .iter()
            .all(|w| w.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return format!("\"{}\"", window.join(" "));
        }
    }
    panic!("no plain ten-word run in {}", path.display());
}

#[test]
#[ignore = "kills a full UNGDC ingest 20 times (minutes); run by .ci/run in release mode"]
fn killed_ingest_always_leaves_a_committed_index_and_resumes_without_duplicates() {
    let input = ungdc();
    let files = speech_files(input);
    assert_eq!(files.len(), UNGDC_SPEECHES, "the UNGDC tarball changed");
    let ws = Workspace::new();
    let index = ws.index();
    let started = Instant::now();
    let mut count = 0;
    let mut all_commits = Vec::new();
    println!("moment                 killed at    commits seen → committed state");
    for (i, moment) in MOMENTS.iter().enumerate() {
        let mut child = start(&index, input);
        let (at, seen) = kill_at(&mut child, &index, *moment);
        if at.is_none() {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "run {i} ended on its own but failed: {}",
                stderr(&out)
            );
        }
        all_commits.extend(seen.iter().copied());
        let what = format!("kill {} ({moment:?})", i + 1);
        count = check_committed_state(&ws, &files, count, &what);
        println!(
            "{:>2} {:<20} {:>9} {:>3} commits → {count}",
            i + 1,
            format!("{moment:?}"),
            at.map_or("finished".into(), |d| format!("{:.3}s", d.as_secs_f64())),
            seen.len(),
        );
    }
    // A clean re-run completes the index.
    let out = start(&index, input).wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "final run: {}", stderr(&out));
    let ids = committed_ids(&index);
    assert_prefix(&ids, &files, UNGDC_SPEECHES, "after the final run");
    let out = ws.run(&["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(stats["documents"], UNGDC_SPEECHES);
    assert_eq!(stats["by_type"]["speech"], UNGDC_SPEECHES);
    // Known speeches are found once each.
    for path in [
        &files[0],
        &files[UNGDC_SPEECHES / 2],
        &files[UNGDC_SPEECHES - 1],
    ] {
        let phrase = phrase_from(path);
        let out = ws.run(&["search", &phrase, "--limit", "50", "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{phrase}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let sources: Vec<&str> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["source"].as_str())
            .collect();
        let want = path.display().to_string();
        assert_eq!(
            sources.iter().filter(|s| **s == want).count(),
            1,
            "{phrase} should find {want} once: {sources:?}"
        );
    }
    all_commits.sort();
    all_commits.dedup();
    println!(
        "20 kills; committed states seen while running: {all_commits:?}; final {UNGDC_SPEECHES}; {:.0} s in all",
        started.elapsed().as_secs_f64()
    );
}

/// `ingest --commit-interval 1`: time-based checkpoints. Killed after its
/// second commit, the ingest keeps exactly what that commit held (a prefix
/// of the inputs in ingest order, each once); the re-run ends with every
/// speech once.
#[test]
#[ignore = "ingests the full UNGDC (tens of seconds); run by .ci/run in release mode"]
fn killed_ingest_keeps_its_last_time_based_checkpoint() {
    let input = ungdc();
    let files = speech_files(input);
    let ws = Workspace::new();
    let index = ws.index();
    let run = || {
        undex()
            .arg("--index")
            .arg(&index)
            .args(["ingest", "--quiet", "--commit-interval", "1"])
            .arg(input)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut child = run();
    let started = Instant::now();
    let mut commits: Vec<usize> = Vec::new();
    let killed = loop {
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        let now = snapshot(&index).committed;
        if let Some(n) = now.filter(|&n| n > 0 && commits.last() != Some(&n)) {
            commits.push(n);
        }
        if commits.len() >= 2 {
            let _ = child.kill();
            let _ = child.wait();
            break true;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "no second commit within 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        killed,
        "the ingest finished before its second checkpoint; commits seen: {commits:?}"
    );
    let ids = committed_ids(&index);
    let n = ids.len();
    println!(
        "killed at {:.2}s after checkpoints {commits:?}; the index holds {n} speeches",
        started.elapsed().as_secs_f64()
    );
    // Time-based commits are not multiples of a count: the kept state is
    // whatever the last checkpoint held, at least the second one seen.
    assert!(n >= commits[1], "checkpoint lost: {commits:?} → {n}");
    assert!(n < UNGDC_SPEECHES, "nothing was left to do after the kill");
    assert_prefix(&ids, &files, n, "after the kill");
    let out = run().wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "re-run: {}", stderr(&out));
    let ids = committed_ids(&index);
    assert_prefix(&ids, &files, UNGDC_SPEECHES, "after the re-run");
}
