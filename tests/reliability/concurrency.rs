//! Searches while an ingest commits see committed snapshots only, and a
//! second ingest on the same index fails at once, losing nothing.

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{assert_prefix, committed_ids, copy_speeches};
use crate::util::{stderr, stdout, undex, Workspace};

/// Speeches ingested, and the commit interval: a commit every ~0.2 s.
const SPEECHES: usize = 1200;
const EVERY: usize = 100;

fn start_ingest(ws: &Workspace, input: &Path) -> Child {
    undex()
        .arg("--index")
        .arg(ws.index())
        .args(["ingest", "--quiet"])
        .arg(input)
        .env(undex::ingest::COMMIT_EVERY_ENV, EVERY.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Whether the index's `meta.json` lists a segment: some commit with
/// documents has happened.
fn has_a_commit(index: &Path) -> bool {
    std::fs::read(index.join(undex::index::META_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|meta| meta["segments"].as_array().map(|s| !s.is_empty()))
        .unwrap_or(false)
}

/// A committed state: 0, a multiple of the interval, or everything.
fn is_committed(n: u64) -> bool {
    (n as usize).is_multiple_of(EVERY) || n as usize == SPEECHES
}

#[test]
fn searches_during_an_ingest_see_committed_snapshots_and_a_second_ingest_fails_fast() {
    let ws = Workspace::new();
    let input = ws.dir.path().join("speeches");
    let files = copy_speeches(&input, SPEECHES);
    let mut ingest = start_ingest(&ws, &input);
    // Wait for the first commit, not merely for the index to exist: an
    // ingest creates `meta.json` before it takes the write lock, and a
    // second ingest started in that gap would rightly win the lock and
    // fail the first (the race `two_ingests_racing_to_create_an_index`
    // covers). After a commit the first ingest surely holds the lock.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !has_a_commit(&ws.index()) {
        assert!(
            Instant::now() < deadline,
            "the ingest never committed: {:?}",
            ingest.try_wait()
        );
        std::thread::sleep(Duration::from_millis(2));
    }

    // In-process readers, as fast as they go: each opens the index afresh
    // (a new snapshot) and checks that everything it sees is one commit.
    let done = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::<u64>::new()));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (done, seen, index) = (done.clone(), seen.clone(), ws.index());
            std::thread::spawn(move || {
                let mut last = 0;
                let mut opened = 0;
                while !done.load(Ordering::SeqCst) {
                    let engine = undex::index::UndexIndex::open(&index)
                        .and_then(undex::search::Engine::open)
                        .unwrap_or_else(|e| panic!("index did not open during ingest: {e:#}"));
                    let n = engine.num_docs();
                    let filters = undex::search::Filters::default();
                    let all = engine
                        .search(&undex::search::SearchRequest {
                            query: "*",
                            filters: &filters,
                            limit: 3,
                            offset: 0,
                            sort: undex::cli::SortOrder::Date,
                            facets: true,
                            snippets: false,
                            collapse: false,
                        })
                        .unwrap_or_else(|e| panic!("search failed during ingest: {e}"));
                    assert_eq!(
                        all.total as u64, n,
                        "count and search disagree in one snapshot"
                    );
                    let speeches: u64 = all.facets["type"].iter().map(|f| f.count).sum();
                    assert_eq!(
                        speeches, n,
                        "facets disagree with the count in one snapshot"
                    );
                    assert!(is_committed(n), "a search saw {n} documents: not a commit");
                    assert!(n >= last, "the document count went back from {last} to {n}");
                    last = n;
                    opened += 1;
                    seen.lock().unwrap().push(n);
                }
                opened
            })
        })
        .collect();

    // The CLI, as users run it, alongside; and a second ingest, twice.
    let mut cli_totals = Vec::new();
    let mut second_attempts = 0;
    while ingest.try_wait().unwrap().is_none() {
        if second_attempts < 2 && cli_totals.len() % 3 == 0 {
            let started = Instant::now();
            let out = ws.run(&["ingest", &input.display().to_string()]);
            let took = started.elapsed();
            if ingest.try_wait().unwrap().is_none() {
                assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
                assert!(
                    stderr(&out).contains("index is being written by another undex process"),
                    "{}",
                    stderr(&out)
                );
                assert!(
                    took < Duration::from_secs(5),
                    "the second ingest took {took:?} to give up"
                );
                second_attempts += 1;
            }
        }
        let out = ws.run(&[
            "search", "*", "--facets", "--limit", "1", "--format", "json",
        ]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "search failed during ingest: {}",
            stderr(&out)
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let total = v["total"].as_u64().unwrap();
        let speeches: u64 = v["facets"]["type"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["count"].as_u64().unwrap())
            .sum();
        assert_eq!(speeches, total, "facets disagree with the total: {v}");
        assert!(
            is_committed(total),
            "search saw {total} documents: not a commit"
        );
        assert!(
            cli_totals.last().is_none_or(|&l| total >= l),
            "total went back: {cli_totals:?} then {total}"
        );
        cli_totals.push(total);
    }
    done.store(true, Ordering::SeqCst);
    let opened: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    let out = ingest.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the first ingest failed: {}",
        stderr(&out)
    );

    let mut states: Vec<u64> = seen.lock().unwrap().clone();
    states.sort();
    states.dedup();
    println!(
        "{opened} in-process snapshots and {} CLI searches during the ingest saw {} committed states: {states:?}; CLI: {cli_totals:?}",
        cli_totals.len(),
        states.len()
    );
    assert!(
        states.iter().any(|&n| n > 0 && (n as usize) < SPEECHES),
        "no search ran between two commits: {states:?}"
    );
    assert_eq!(
        second_attempts, 2,
        "the second ingest was not tried while the first ran"
    );
    // Nothing lost, nothing doubled: exactly the inputs.
    let ids = committed_ids(&ws.index());
    assert_prefix(&ids, &files, SPEECHES, "after the concurrent run");
    // And the index is free again: a re-run finds everything unchanged.
    let out = ws.run(&["ingest", &input.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("0 added, 0 replaced, {SPEECHES} unchanged")),
        "{}",
        stderr(&out)
    );
}

/// Two ingests started at the same instant on a folder with no index yet:
/// one creates and writes it, the other fails with the clear message (not a
/// "cannot create index" error from the race).
#[test]
fn two_ingests_racing_to_create_an_index() {
    let ws = Workspace::new();
    let input = ws.dir.path().join("speeches");
    copy_speeches(&input, 200);
    for round in 0..3 {
        let _ = std::fs::remove_dir_all(ws.index());
        let a = start_ingest(&ws, &input);
        let b = start_ingest(&ws, &input);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code(), b.status.code()];
        let errs = [stderr(&a), stderr(&b)];
        assert!(
            codes.contains(&Some(0)),
            "round {round}: neither finished: {errs:?}"
        );
        for (code, err) in codes.iter().zip(&errs) {
            assert!(!err.contains("panicked"), "{err}");
            if *code != Some(0) {
                assert_eq!(*code, Some(2));
                assert!(
                    err.contains("index is being written by another undex process"),
                    "round {round}: {err}"
                );
            }
        }
        assert_eq!(committed_ids(&ws.index()).len(), 200, "round {round}");
    }
}
