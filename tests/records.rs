//! Records files (JSON Lines, MARCXML) ingest as they are; `get` finds
//! symbols in any written form; re-ingest is incremental.

use std::sync::OnceLock;

use crate::json::GetJson;
use crate::util::{shared_corpus, stderr, stdout, Workspace};

pub(crate) fn voting_index() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        let out = ws.ingest(&[&shared_corpus("undl-voting-records.jsonl")]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ws
    })
}

/// 300 symbols spread evenly over the voting records.
fn sample_symbols() -> Vec<String> {
    let text = std::fs::read_to_string(shared_corpus("undl-voting-records.jsonl")).unwrap();
    let symbols: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["symbol"].as_str().map(str::to_string))
        .collect();
    assert!(symbols.len() > 9000, "voting records: {}", symbols.len());
    let step = symbols.len() / 300;
    symbols.into_iter().step_by(step).take(300).collect()
}

/// The ways people type a symbol.
fn written_forms(symbol: &str) -> Vec<String> {
    vec![
        symbol.to_string(),
        symbol.to_lowercase(),
        symbol.replace('/', " / "),
        symbol.replace(" (", "("),
    ]
}

#[test]
fn get_finds_300_real_symbols_written_four_ways() {
    let ws = voting_index();
    let mut misses = Vec::new();
    for symbol in sample_symbols() {
        for form in written_forms(&symbol) {
            let out = ws.run(&["get", &form, "--format", "json"]);
            let ok = out.status.code() == Some(0)
                && serde_json::from_str::<GetJson>(&stdout(&out)).is_ok_and(|j| !j.hits.is_empty());
            if !ok {
                misses.push(format!("{form:?} (from {symbol}): {}", stderr(&out).trim()));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn get_reports_unknown_and_malformed_symbols() {
    let ws = voting_index();
    let out = ws.run(&["get", "A/RES/99/9999"]);
    assert_eq!(out.status.code(), Some(1), "unknown symbol exits 1");
    assert!(stderr(&out).contains("A/RES/99/9999"));
    let out = ws.run(&["get", "13/01/2025"]);
    assert_eq!(out.status.code(), Some(2), "malformed symbol exits 2");
    assert!(stderr(&out).contains("13/01/2025"), "{}", stderr(&out));
}

#[test]
fn reingesting_the_same_files_changes_nothing() {
    let ws = Workspace::new();
    let sc = shared_corpus("sc-resolutions-en.jsonl");
    let out = ws.ingest(&[&sc]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let meta = || std::fs::read_to_string(ws.index().join("meta.json")).unwrap();
    let count = || -> u64 {
        let out = ws.run(&["stats", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["documents"].as_u64().unwrap()
    };
    let (before_meta, before_count) = (meta(), count());
    assert!(before_count >= 900, "SC resolutions: {before_count}");
    let out = ws.ingest(&[&sc]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(count(), before_count);
    assert_eq!(
        meta(),
        before_meta,
        "an unchanged re-ingest must not commit"
    );
}

#[test]
fn marcxml_records_ingest_with_symbols_and_repaired_text() {
    let ws = Workspace::new();
    let out = ws.ingest(&[&shared_corpus("undl-marcxml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.run(&["stats", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["documents"].as_u64(), Some(94));
    // The export has "CÃ´te d'Ivoire" (UTF-8 read as Latin-1) in 29 places.
    let total =
        |q: &str| crate::json::parse_search(&ws.run(&["search", q, "--format", "json"])).total;
    assert!(
        total("\"Côte d'Ivoire\"") > 0,
        "repaired text is searchable"
    );
    assert_eq!(total("\"CÃ´te\""), 0, "mojibake is repaired");
}
