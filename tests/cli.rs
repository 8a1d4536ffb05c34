//! The command line's promises: exit codes, clear errors, no panics.

use crate::util::{demo_corpus, fixture, stderr, stdout, undex, Workspace};

/// The subcommand names listed in the `Commands:` section of `--help`.
pub fn help_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn help_explains_every_command() {
    let out = undex().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let commands = help_commands(&stdout(&out));
    for cmd in [
        "crawl",
        "ingest",
        "search",
        "get",
        "cites",
        "batch",
        "facets",
        "stats",
        "completions",
        "man",
    ] {
        assert!(
            commands.iter().any(|c| c == cmd),
            "the Commands: section of --help lacks {cmd}: {commands:?}"
        );
    }
    assert!(
        !commands.iter().any(|c| c.starts_with("__")),
        "internal command is hidden: {commands:?}"
    );
    let out = undex().args(["search"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "missing argument is a usage error"
    );
}

#[test]
fn missing_index_is_a_clear_error() {
    let ws = Workspace::new();
    let out = ws.run(&["search", "arms"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no index at \""), "{}", stderr(&out));
}

#[test]
fn bad_queries_never_panic_and_say_what_is_wrong() {
    let ws = Workspace::new();
    ws.ingest(&[&demo_corpus()]);
    let long = "arms ".repeat(2_000);
    let cases: &[(&str, Option<&str>)] = &[
        ("\"small arms", Some("quote")),
        ("(small arms", Some("parenthesis")),
        ("small arms)", Some("parenthesis")),
        ("OR", Some("OR")),
        ("arms OR", Some("OR")),
        ("-arms", None),
        ("nosuchfield:arms", Some("unknown field")),
        (&long, Some("limit")),
        ("-", None),
        ("https://undocs.org/en/A/RES/73/69", None),
        ("S/RES/2220 (2015)*", None),
        ("A/RES/73/69*", None),
        ("arms\u{1}\u{7}trade", None),
        ("((()))", Some("no word")),
        ("\"\"", None),
        ("title:", Some("needs a value")),
    ];
    for (q, want) in cases {
        // `--` so queries starting with "-" reach the query parser.
        let out = ws.run(&["search", "--", q]);
        let code = out.status.code();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{q:?} panicked: {err}");
        match want {
            Some(w) => {
                assert_eq!(code, Some(2), "{q:?} should fail: {}", stdout(&out));
                assert!(err.contains(w), "{q:?}: message {err:?} lacks {w:?}");
            }
            None => assert!(matches!(code, Some(0 | 1)), "{q:?}: {code:?} {err}"),
        }
    }
}

#[test]
fn bad_inputs_are_reported_counted_and_skipped() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("inputs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("bad/truncated.pdf"), dir.join("truncated.pdf")).unwrap();
    std::fs::write(
        dir.join("random.pdf"),
        (0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 disarmament note\nsmall arms \xff\xfe stockpiles\n",
    )
    .unwrap();
    std::fs::write(dir.join("records.jsonl"), "{\"symbol\": \"A/RES/73/69\", \"title\": \"Good record\", \"text\": \"illicit small arms\"}\n{broken\n").unwrap();
    let out = ws.ingest(&[&dir]);
    assert_eq!(out.status.code(), Some(2), "some inputs failed: exit 2");
    let err = stderr(&out);
    for bad in ["truncated.pdf", "random.pdf", "empty.txt", "records.jsonl"] {
        assert!(err.contains(bad), "{bad} not reported: {err}");
    }
    assert!(
        !err.contains("latin1.txt"),
        "invalid bytes are replaced, not fatal: {err}"
    );
    let out = ws.run(&["search", "stockpiles", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let out = ws.run(&["get", "A/RES/73/69"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the good record beside the broken line is indexed"
    );
}

#[test]
fn second_writer_fails_at_once_with_a_clear_message() {
    let ws = Workspace::new();
    ws.ingest(&[&demo_corpus()]);
    // Hold the writer lock the way a running ingest does.
    let index = undex::index::UndexIndex::open(&ws.index()).unwrap();
    let _writer = undex::index::writer::Writer::open(&index, 1).unwrap();
    let out = ws.run(&["ingest", &demo_corpus().display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("being written by another undex process"),
        "{}",
        stderr(&out)
    );
}
