//! Broken inputs are reported with their path and the reason, skipped and
//! counted; everything good beside them is indexed; the exit code is 2.
//!
//! The small broken files live in tests/fixtures/bad/ (see its README.md);
//! the big ones (a 50 MB page, HTML nested 100,000 deep) are written here
//! into a temporary folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{shared_corpus, stderr, stdout, Workspace};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The big and generated broken inputs.
fn generate(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let n = 100_000;
    // Nested 100,000 deep: kept, flattened below the parser's depth cap.
    let deep = |open: &str, close: &str, marker: &str| {
        format!(
            "<html><body>{}{marker} at the bottom{}</body></html>",
            open.repeat(n),
            close.repeat(n)
        )
    };
    std::fs::write(
        dir.join("deep-div.html"),
        deep("<div>", "</div>", "fixturedeepdiv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep-list.html"),
        deep("<ul><li>", "", "fixturedeeplist"),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep-table.html"),
        deep("<table><tr><td>", "", "fixturedeeptable"),
    )
    .unwrap();
    // Misnested formatting tags, which make HTML parsers rebuild ever deeper trees.
    std::fs::write(
        dir.join("deep-font.html"),
        format!(
            "<html><body>{} fixturedeepfont</body></html>",
            "<p><font color=1>x".repeat(n)
        ),
    )
    .unwrap();
    // MARCXML with 100,000 nested unknown elements inside a good record.
    std::fs::write(
        dir.join("deep.xml"),
        format!(
            "<collection><record><datafield tag=\"245\"><subfield code=\"a\">fixturedeepxml title</subfield></datafield>{}{}</record></collection>",
            "<x>".repeat(n),
            "</x>".repeat(n)
        ),
    )
    .unwrap();
    // A 50 MB page: over the size limit, refused before it is read.
    let row = "<tr><td>A/RES/73/69</td><td>General and complete disarmament</td></tr>\n";
    let mut page = String::from("<html><body><table>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(row);
    }
    page.push_str("</table></body></html>");
    std::fs::write(dir.join("huge.html"), page).unwrap();
    // Random bytes named .html.
    let mut x: u32 = 12345;
    let random: Vec<u8> = (0..8192)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(dir.join("random.html"), random).unwrap();
    // A real UN PDF cut to a third of its length.
    let pdf = std::fs::read(shared_corpus("un-pdf/A_79_722.en.pdf")).unwrap();
    std::fs::write(dir.join("truncated-real.pdf"), &pdf[..pdf.len() / 3]).unwrap();
}

/// (file name, text the reason must contain): every failure expected.
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    // tests/fixtures/bad/
    ("binary.txt", "binary data, not text"),
    ("blank.txt", "empty file"),
    ("broken.jsonl", "line 2: invalid JSON"),
    ("broken.jsonl", "line 3: invalid JSON"),
    ("broken.jsonl", "line 4: not a JSON object"),
    ("broken.jsonl", "line 5: no text"),
    ("broken.jsonl", "line 8: invalid JSON"),
    (
        "deep-nesting.jsonl",
        "line 1: invalid JSON: recursion limit exceeded",
    ),
    ("empty.html", "empty file"),
    ("empty.jsonl", "empty file"),
    ("empty.pdf", "empty file"),
    ("empty.txt", "empty file"),
    ("empty.xml", "empty file"),
    ("encrypted.pdf", "encrypted"),
    ("garbage-after-header.pdf", "PDF"),
    ("image-only.pdf", "no text layer"),
    (
        "mojibake.xml",
        "MARC record 3 has no title, subjects or notes",
    ),
    ("not-marc.xml", "no MARC <record> element"),
    ("random.pdf", "not a PDF"),
    ("script-only.html", "no text found"),
    ("truncated.pdf", "PDF"),
    ("truncated.xml", "malformed XML"),
    // generated
    ("huge.html", "file too large"),
    ("random.html", "binary data, not text"),
    ("truncated-real.pdf", "PDF"),
    // named on the command line
    ("notes.docx", "unsupported file type"),
];

/// Words only the good documents beside the broken ones contain.
const GOOD_MARKERS: &[&str] = &[
    "fixturegoodtext",      // good.txt
    "fixturegoodhtml",      // good.html
    "fixtureinvalidutf",    // invalid-utf8.txt: bad bytes replaced
    "fixtureinvalidhtml",   // invalid-utf8.html: read as Windows-1252
    "fixturemarcmojibake",  // mojibake.xml record 1 (mojibake repaired)
    "fixturemarcno191",     // mojibake.xml record 2 (no 191 symbol field)
    "fixturemarctruncated", // truncated.xml: the record before the cut
    "fixturedeepdiv",
    "fixturedeeplist",
    "fixturedeeptable",
    "fixturedeepfont",
    "fixturedeepxml",
];

/// Symbols of good records beside broken ones.
const GOOD_SYMBOLS: &[&str] = &[
    "A/RES/99/902",
    "A/RES/99/904",
    "A/RES/99/907",
    "A/RES/99/908",
    "A/RES/99/909",
];

#[test]
fn every_broken_input_is_reported_skipped_and_counted_and_the_good_ones_indexed() {
    let ws = Workspace::new();
    let generated = ws.dir.path().join("generated");
    generate(&generated);
    let docx = ws.dir.path().join("notes.docx");
    std::fs::write(&docx, b"PK\x03\x04 not really a docx").unwrap();

    let started = Instant::now();
    let out = ws.run(&[
        "ingest",
        &fixtures().display().to_string(),
        &generated.display().to_string(),
        &docx.display().to_string(),
    ]);
    let took = started.elapsed();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "some inputs failed: exit 2\n{err}"
    );
    assert!(
        took < Duration::from_secs(120),
        "ingest of the bad corpus took {took:?}"
    );

    // Each failure: "undex: failed "PATH": REASON", the path in full.
    let skipped: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("undex: failed \""))
        .collect();
    let mut unexpected: Vec<&str> = skipped.clone();
    for (file, reason) in EXPECTED_FAILURES {
        let pos = unexpected.iter().position(|l| {
            let Some((path, why)) = l["undex: failed \"".len()..].split_once("\": ") else {
                return false;
            };
            Path::new(path).is_absolute()
                && path.ends_with(&format!("/{file}"))
                && why.contains(reason)
        });
        match pos {
            Some(i) => {
                unexpected.remove(i);
            }
            None => panic!("{file}: no failure with reason {reason:?} reported:\n{err}"),
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected failures: {unexpected:#?}"
    );
    // Counted: the summary and `stats` agree with the lines printed.
    let n = EXPECTED_FAILURES.len();
    assert!(
        err.contains(&format!("; {n} inputs failed")),
        "summary miscounts: {err}"
    );
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&ws.run(&["stats", "--format", "json"]))).unwrap();
    assert_eq!(stats["last_ingest"]["failed"], n, "{stats}");

    // Everything good beside them is in the index.
    for marker in GOOD_MARKERS {
        let out = ws.run(&["search", marker, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_default();
        assert_eq!(
            v["total"],
            1,
            "{marker} not indexed exactly once: {}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    for symbol in GOOD_SYMBOLS {
        let out = ws.run(&["get", symbol]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{symbol} not indexed: {}",
            stderr(&out)
        );
    }
    // The mojibake is repaired, and the record without 191 has no symbol.
    let out = ws.run(&["get", "A/RES/99/908", "--format", "json"]);
    assert!(stdout(&out).contains("Côte d’Ivoire"), "{}", stdout(&out));
    let out = ws.run(&["search", "fixturemarcno191", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["hits"][0]["symbols"], serde_json::json!([]), "{v}");
    assert_eq!(v["hits"][0]["date"], "2020-01-15", "{v}");
    // Broken documents left nothing behind: only the good ones are there.
    let total: serde_json::Value = serde_json::from_str(&stdout(
        &ws.run(&["search", "*", "--limit", "0", "--format", "json"]),
    ))
    .unwrap();
    let good = GOOD_MARKERS.len() + 3; // + the JSON Lines records 902, 904 and 907
    assert_eq!(total["total"], good, "documents indexed: {total}");

    // A second run changes nothing and reports the same failures.
    let again = ws.run(&[
        "ingest",
        &fixtures().display().to_string(),
        &generated.display().to_string(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("0 added, 0 replaced"),
        "{}",
        stderr(&again)
    );
}

/// A file listed at the start of an ingest but deleted before its turn.
#[test]
fn a_file_that_vanishes_mid_ingest_is_reported_and_the_rest_indexed() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let n = 1500;
    for i in 0..n {
        let text = format!(
            "Note {i} on the arms trade\n\nParagraph {i}: {}\n",
            "States should mark, record and trace small arms and light weapons. ".repeat(20)
        );
        std::fs::write(dir.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let doomed = dir.join("z-vanishes.txt");
    std::fs::write(&doomed, "fixturevanished text that is never read\n").unwrap();

    let mut child = crate::util::undex()
        .arg("--index")
        .arg(ws.index())
        .args(["ingest", "--quiet"])
        .arg(&dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The inputs are listed before the extraction workers start: wait for
    // them, then delete the last file.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !has_thread(child.id(), "undex-extract") {
        assert!(Instant::now() < deadline, "no extraction worker appeared");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before its workers were seen"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    std::fs::remove_file(&doomed).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let line = format!(
        "undex: failed \"{}\": cannot read file: No such file or directory",
        doomed.display()
    );
    assert!(err.contains(&line), "expected {line:?} in:\n{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "only the vanished file fails: {err}"
    );
    assert_eq!(crate::reliability::committed_ids(&ws.index()).len(), n);
}

/// True when process `pid` has a thread named `name`.
fn has_thread(pid: u32, name: &str) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks
        .flatten()
        .any(|t| std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == name))
}

/// A file that takes longer than its time limit is reported as abandoned
/// and skipped; the files beside it are indexed and the run ends without
/// waiting for it. (The limit is 3 minutes plus a second per 20 KB; the
/// test sets one of 1 s for every file.)
#[test]
fn a_file_over_the_time_limit_is_abandoned_and_the_rest_indexed() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("inputs");
    std::fs::create_dir_all(&dir).unwrap();
    // Seconds of work: 60,000 records, each a document to analyse.
    let mut slow = String::new();
    for i in 0..60_000 {
        slow.push_str(&format!(
            "{{\"symbol\": \"A/RES/99/{}\", \"title\": \"Record {i}\", \"text\": \"{} {i}\"}}\n",
            i + 1,
            "States should mark, record and trace small arms, recalling resolution 73/69. "
                .repeat(6)
        ));
    }
    std::fs::write(dir.join("slow.jsonl"), slow).unwrap();
    for name in ["a.txt", "z.txt"] {
        std::fs::write(
            dir.join(name),
            format!("Note {name}\n\nfixturequick small arms\n"),
        )
        .unwrap();
    }
    let started = Instant::now();
    let out = crate::util::undex()
        .arg("--index")
        .arg(ws.index())
        .args(["ingest", "--quiet"])
        .arg(&dir)
        .env(undex::ingest::FILE_TIMEOUT_ENV, "1000")
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = format!(
        "undex: failed \"{}\": extraction took longer than 1s, abandoned",
        dir.join("slow.jsonl").display()
    );
    assert!(err.contains(&line), "expected {line:?} in:\n{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = ws.run(&["search", "fixturequick", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"], 2, "{v}");
    assert!(
        took < Duration::from_secs(30),
        "the run waited for the abandoned file: {took:?}"
    );
}
