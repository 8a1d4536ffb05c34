//! All 208 real UN PDFs ingest without a crash, and page 1's symbol wins.

use std::collections::HashMap;

use crate::util::{shared_corpus, stderr, stdout, Workspace};

/// file name → symbol(s) printed at the top of page 1 ("-" = none clear),
/// checked by hand (tests/fixtures/un-pdf-symbols.tsv).
fn expected() -> Vec<(String, String)> {
    let text = include_str!("fixtures/un-pdf-symbols.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (f, s) = l.split_once('\t')?;
            Some((f.to_string(), s.trim().to_string()))
        })
        .collect()
}

/// Identity keys of the fixture's symbols; `None` when the grammar cannot
/// read what page 1 prints (counted as a miss, not hidden).
fn keys(symbols: &str) -> Option<Vec<String>> {
    let mut k: Vec<String> = undex::symbol::parse_joint(symbols)
        .ok()?
        .iter()
        .map(undex::symbol::Symbol::key)
        .collect();
    k.sort();
    Some(k)
}

#[test]
fn all_real_pdfs_ingest_and_page_one_symbols_are_found() {
    let ws = Workspace::new();
    let dir = shared_corpus("un-pdf");
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(files, 208, "the shared PDF folder changed");
    let out = ws.ingest(&[&dir]);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    // Every document, with its source and symbols.
    let out = ws.run(&[
        "search",
        "*",
        "--limit",
        "1000",
        "--format",
        "jsonl",
        "--fields",
        "symbols,source",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut by_file: HashMap<String, Vec<String>> = HashMap::new();
    let mut all_keys = std::collections::HashSet::new();
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let source = v["source"].as_str().unwrap().to_string();
        let file = source.rsplit('/').next().unwrap().to_string();
        let mut k: Vec<String> = v["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                undex::symbol::Symbol::parse(s.as_str().unwrap())
                    .unwrap()
                    .key()
            })
            .collect();
        k.sort();
        all_keys.extend(k.iter().cloned());
        by_file.insert(file, k);
    }
    let (mut clear, mut hits, mut misses) = (0, 0, Vec::new());
    for (file, want) in expected() {
        if want == "-" {
            continue;
        }
        clear += 1;
        let Some(want) = keys(&want) else {
            misses.push(format!(
                "{file}: page 1 prints {want:?}, which the symbol grammar rejects"
            ));
            continue;
        };
        let ok = match by_file.get(&file) {
            Some(got) => *got == want,
            // Skipped as a duplicate of another file with the same symbol.
            None => want.iter().all(|k| all_keys.contains(k)),
        };
        if ok {
            hits += 1;
        } else {
            misses.push(format!(
                "{file}: want {want:?}, got {:?}",
                by_file.get(&file)
            ));
        }
    }
    let rate = hits as f64 / clear as f64;
    println!("page-1 symbol match: {hits}/{clear} = {:.1}%", rate * 100.0);
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(
        clear >= 150,
        "fixture lists {clear} files with a clear symbol"
    );
    assert!(
        rate >= 0.98,
        "match rate {:.1}% below 98%:\n{}",
        rate * 100.0,
        misses.join("\n")
    );
}

#[test]
fn page_one_beats_a_wrong_file_name() {
    // A real PDF saved under another document's name, as the UN Digital
    // Library's downloads sometimes are.
    let ws = Workspace::new();
    let misnamed = ws.dir.path().join("E_2024_1.en.pdf");
    std::fs::copy(shared_corpus("un-pdf/A_79_722.en.pdf"), &misnamed).unwrap();
    let out = ws.ingest(&[&misnamed]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.run(&["get", "A/79/722", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: crate::json::GetJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json.hits[0].symbols,
        ["A/79/722", "S/2025/27"],
        "joint symbol from page 1"
    );
    assert_eq!(json.hits[0].lang, "en");
    assert_eq!(json.hits[0].date.as_deref(), Some("2025-01-13"));
    let out = ws.run(&["get", "E/2024/1"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the file name's symbol is not used"
    );
}

/// A PDF that hangs its extraction worker and one that crashes it are
/// each a counted failure, the hung worker is killed at the time limit,
/// and the files after them are extracted by fresh workers and indexed.
/// The faults come from the worker's hidden test hook
/// (`undex::extract::pdf_pool::TEST_FAULTS_ENV`): a PDF holding the marker
/// `%undex-test-hang` or `%undex-test-crash` hangs or aborts the worker.
#[test]
fn a_pdf_that_hangs_or_crashes_its_worker_is_counted_and_the_rest_indexed() {
    use undex::extract::pdf_pool::{PDF_TIMEOUT_ENV, TEST_FAULTS_ENV};
    let ws = Workspace::new();
    let dir = ws.dir.path().join("pdfs");
    std::fs::create_dir_all(&dir).unwrap();
    // Sorted by name, one thread: good, crash, good, hang, good.
    let good = [
        ("a.pdf", "S_2025_228.en.pdf", "S/2025/228"),
        ("c.pdf", "E_2025_L.4.en.pdf", "E/2025/L.4"),
        ("e.pdf", "S_2025_117.en.pdf", "S/2025/117"),
    ];
    for (name, real, _) in good {
        std::fs::copy(shared_corpus(&format!("un-pdf/{real}")), dir.join(name)).unwrap();
    }
    std::fs::write(dir.join("b.pdf"), b"%PDF-1.4\n%undex-test-crash\n").unwrap();
    std::fs::write(dir.join("d.pdf"), b"%PDF-1.4\n%undex-test-hang\n").unwrap();
    let started = std::time::Instant::now();
    let out = crate::util::undex()
        .arg("--index")
        .arg(ws.index())
        .args(["ingest", "--quiet", "--threads", "1"])
        .arg(&dir)
        .env(TEST_FAULTS_ENV, "1")
        .env(PDF_TIMEOUT_ENV, "1000")
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let crash = format!(
        "undex: failed \"{}\": PDF extractor failed: extractor worker crashed (signal 6)",
        dir.join("b.pdf").display()
    );
    let hang = format!(
        "undex: failed \"{}\": extraction took longer than 1s, abandoned",
        dir.join("d.pdf").display()
    );
    assert!(err.contains(&crash), "expected {crash:?} in:\n{err}");
    assert!(err.contains(&hang), "expected {hang:?} in:\n{err}");
    assert_eq!(err.lines().count(), 2, "only the two fail: {err}");
    assert!(
        took < std::time::Duration::from_secs(60),
        "the hung worker was not stopped at its limit: {took:?}"
    );
    for (_, _, symbol) in good {
        let out = ws.run(&["get", symbol, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{symbol}: {}", stderr(&out));
    }
}
