//! Finding documents the way analysts write them: shorthand references
//! ("UNSCR 1540", "GA res 46/36 L"), misspellings ("nuclaer"), acronyms
//! ("CTBT") and document families (A/73/52 with its Add.1).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use regex::Regex;
use serde_json::Value;
use undex::symbol::Symbol;

use crate::json::{parse_search, GetJson};
use crate::records::voting_index;
use crate::util::{shared_corpus, stderr, stdout, undex, Workspace};

/// A small deterministic generator (xorshift64*), so that samples are
/// random but repeatable from their seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn voting_records() -> Vec<Value> {
    std::fs::read_to_string(shared_corpus("undl-voting-records.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect()
}

/// The shorthand forms of a record's symbol, or none when it has a shape
/// no one writes in shorthand (`A/RES/63(I)[PARA.1]`).
fn shorthand_forms(symbol: &str) -> Vec<String> {
    let session = Regex::new(r"^A/RES/((?:ES-)?[0-9]+)/([0-9]+)([A-Z])?$").unwrap();
    let roman = Regex::new(r"^A/RES/([0-9]+)\(([IVXL]+)\)(?:\[([A-Z])\])?$").unwrap();
    let council = Regex::new(r"^S/RES/([0-9]+) ?\(([0-9]{4})\)$").unwrap();
    if let Some(c) = session.captures(symbol) {
        let (s, n) = (&c[1], &c[2]);
        let part = c
            .get(3)
            .map_or(String::new(), |p| format!(" {}", p.as_str()));
        vec![
            format!("GA res {s}/{n}{part}"),
            format!("UNGA resolution {s}/{n}{part}"),
            format!("General Assembly resolution {s}/{n}{part}"),
            format!("res. {s}/{n}{part}"),
            format!("resolution {s}/{n}{part}"),
            format!("GA resolution {s}/{n}{part}"),
            format!("UNGA res {s}/{n}{part}"),
            symbol.to_lowercase(),
        ]
    } else if let Some(c) = roman.captures(symbol) {
        let (n, r) = (&c[1], &c[2]);
        let part = c
            .get(3)
            .map_or(String::new(), |p| format!(" {}", p.as_str()));
        vec![
            format!("resolution {n}{part} ({r})"),
            format!("GA res {n}{part} ({r})"),
            format!("General Assembly resolution {n}{part} ({r})"),
            format!("UNGA resolution {n}{part} ({r})"),
        ]
    } else if let Some(c) = council.captures(symbol) {
        let (n, y) = (&c[1], &c[2]);
        vec![
            format!("UNSCR {n}"),
            format!("SCR {n}"),
            format!("UNSC Res. {n}"),
            format!("UNSC resolution {n}"),
            format!("SC res {n}"),
            format!("Security Council resolution {n} ({y})"),
            format!("resolution {n} ({y})"),
            format!("s/res/{n} ({y})"),
            format!("SC resolution {n} ({y})"),
        ]
    } else {
        Vec::new()
    }
}

/// (query, the symbol it names) for `n` records drawn with `seed`, each in
/// one of its shorthand forms, also drawn.
fn sample(records: &[Value], seed: u64, n: usize) -> Vec<(String, Symbol)> {
    let eligible: Vec<(&str, Vec<String>)> = records
        .iter()
        .filter_map(|r| r["symbol"].as_str())
        .map(|s| (s, shorthand_forms(s)))
        .filter(|(_, forms)| !forms.is_empty())
        .collect();
    assert!(
        eligible.len() > 9000,
        "eligible records: {}",
        eligible.len()
    );
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let (symbol, forms) = &eligible[rng.below(eligible.len())];
            let form = forms[rng.below(forms.len())].clone();
            (form, Symbol::parse(symbol).unwrap())
        })
        .collect()
}

/// Runs `batch --format jsonl` over `queries` (one process for all) and
/// returns each line's JSON object, in input order.
fn batch(ws: &Workspace, queries: &[String], limit: &str) -> Vec<Value> {
    let mut child = undex()
        .arg("--index")
        .arg(ws.index())
        .args(["batch", "-", "--format", "jsonl", "--limit", limit])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run undex batch");
    {
        let mut stdin = child.stdin.take().unwrap();
        for q in queries {
            writeln!(stdin, "{}", serde_json::json!({ "query": q })).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), queries.len(), "{}", stderr(&out));
    lines
}

/// Share of `sample` whose first hit is the resolution itself; prints it.
fn first_hit_rate(ws: &Workspace, sample: &[(String, Symbol)], label: &str) -> f64 {
    let queries: Vec<String> = sample.iter().map(|(q, _)| q.clone()).collect();
    let answers = batch(ws, &queries, "1");
    let mut misses = Vec::new();
    for ((query, want), answer) in sample.iter().zip(&answers) {
        let first = answer["hits"][0]["symbols"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|s| Symbol::parse(s).ok())
            .any(|s| s.key() == want.key());
        if !first {
            misses.push(format!(
                "{query:?} → {}: {}",
                want, answer["hits"][0]["symbol"]
            ));
        }
    }
    let rate = 1.0 - misses.len() as f64 / sample.len() as f64;
    println!(
        "{label}: {:.1}% of {} shorthand references put the resolution first; misses: {misses:#?}",
        rate * 100.0,
        sample.len()
    );
    rate
}

#[test]
fn shorthand_references_put_the_resolution_itself_first() {
    let ws = voting_index();
    let records = voting_records();
    let rate = first_hit_rate(ws, &sample(&records, 10, 200), "sample (seed 10)");
    let held_out = first_hit_rate(
        ws,
        &sample(&records, 20_251_202, 200),
        "held out (seed 20251202)",
    );
    assert!(rate >= 0.98, "sample: {:.1}%", rate * 100.0);
    assert!(
        held_out >= 0.98,
        "held-out sample: {:.1}%",
        held_out * 100.0
    );
}

#[test]
fn the_reading_is_shown_with_the_year_the_index_knows() {
    let ws = voting_index();
    let out = ws.run(&["search", "UNSCR 1540"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("reading \"UNSCR 1540\" as S/RES/1540 (2004)"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("S/RES/1540 (2004)"),
        "{}",
        stdout(&out)
    );
    let out = ws.run(&["search", "UNSCR 1540", "--format", "json"]);
    let json = parse_search(&out);
    assert_eq!(json.symbols_read.len(), 1);
    assert_eq!(json.symbols_read[0].written, "UNSCR 1540");
    assert_eq!(json.symbols_read[0].symbol, "S/RES/1540 (2004)");
    assert!(json.symbols_read[0].in_index);
    // A bare number is read both ways, the Security Council's first, and
    // the General Assembly's session is looked up.
    let out = ws.run(&["search", "resolution 1978", "--format", "json"]);
    let json = parse_search(&out);
    let read: Vec<&str> = json
        .symbols_read
        .iter()
        .map(|r| r.symbol.as_str())
        .collect();
    assert!(read.len() >= 2, "{read:?}");
    assert!(read[0].starts_with("S/RES/1978 ("), "{read:?}");
    assert!(
        read[1..].iter().all(|r| r.starts_with("A/RES/1978(")),
        "{read:?}"
    );
}

#[test]
fn a_made_up_prefix_is_just_words() {
    let ws = voting_index();
    for query in ["XYZ res 12", "resolution of disputes"] {
        let out = ws.run(&["search", query, "--format", "json"]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let json = parse_search(&out);
        assert!(
            json.symbols_read.is_empty(),
            "{query}: {:?}",
            json.symbols_read
        );
    }
}

/// Words of the voting records' titles by document frequency.
fn title_words(records: &[Value]) -> HashMap<String, usize> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for r in records {
        let title = r["title"].as_str().unwrap_or("").to_lowercase();
        let mut seen: Vec<&str> = title
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *df.entry(w.to_string()).or_default() += 1;
        }
    }
    df
}

#[test]
fn misspelled_queries_get_the_intended_suggestion() {
    let ws = voting_index();
    let records = voting_records();
    let df = title_words(&records);
    // Frequent real words of 7 to 12 letters, each with two neighbouring
    // letters in the middle swapped (one edit), drawn with a seed.
    let mut common: Vec<(&String, &usize)> = df
        .iter()
        .filter(|(w, n)| (7..=12).contains(&w.chars().count()) && **n >= 20)
        .collect();
    common.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    common.truncate(150);
    let mut rng = Rng::new(7);
    let mut cases: Vec<(String, String)> = Vec::new();
    while cases.len() < 7 {
        let word = common[rng.below(common.len())].0.clone();
        let chars: Vec<char> = word.chars().collect();
        let i = chars.len() / 2;
        if chars[i - 1] == chars[i] || cases.iter().any(|(_, w)| *w == word) {
            continue;
        }
        let mut typo = chars.clone();
        typo.swap(i - 1, i);
        let typo: String = typo.into_iter().collect();
        if df.contains_key(&typo) {
            continue;
        }
        cases.push((typo, word));
    }
    // And some written by hand.
    for (typo, want) in [
        ("nuclaer disarmament", "nuclear disarmament"),
        ("prolifration", "proliferation"),
        ("chemcial weapons", "chemical weapons"),
    ] {
        cases.push((typo.to_string(), want.to_string()));
    }
    let mut misses = Vec::new();
    for (typo, want) in &cases {
        let out = ws.run(&["search", typo, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{typo}: {}", stdout(&out));
        let json = parse_search(&out);
        match &json.suggestion {
            Some(s) if s.query == *want && s.total > 0 => {}
            other => misses.push(format!("{typo:?}: wanted {want:?}, got {other:?}")),
        }
    }
    println!("misspellings tried: {cases:?}");
    assert!(misses.is_empty(), "{misses:#?}");
    // The text line names the suggestion and its count.
    let out = ws.run(&["search", "nuclaer disarmament"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "No documents match \"nuclaer disarmament\". Did you mean \"nuclear disarmament\"? ("
        ),
        "{text}"
    );
    // Short words, numbers and symbols are never corrected.
    for query in ["nucl", "12345", "A/RES/99/999"] {
        let out = ws.run(&["search", query, "--format", "json"]);
        let json = parse_search(&out);
        assert!(json.suggestion.is_none(), "{query}: {:?}", json.suggestion);
    }
}

#[test]
fn get_shows_the_family_and_search_widens_to_it() {
    let ws = voting_index();
    // The voting records hold parts D, I, J and L of A/RES/46/36.
    let out = ws.run(&["get", "GA res 46/36 L", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: GetJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json.symbol, "A/RES/46/36 L");
    for part in ["A/RES/46/36 D", "A/RES/46/36 I", "A/RES/46/36 J"] {
        assert!(json.family.iter().any(|f| f == part), "{:?}", json.family);
    }
    assert!(!json.family.iter().any(|f| f == "A/RES/46/36 L"));
    // get and cites take shorthand; an ambiguous one is an error naming both.
    let out = ws.run(&["get", "UNSCR 1540"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.run(&["get", "resolution 1978"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("S/RES/1978 or General Assembly resolution 1978"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&ws.run(&["get", "A/RES/46/36 L"]));
    assert!(
        text.contains("family") && text.contains("A/RES/46/36 D"),
        "{text}"
    );
    // search --symbol X --family selects the whole family; without it, X.
    let count = |extra: &[&str]| {
        let mut args = vec![
            "search",
            "*",
            "--symbol",
            "A/RES/46/36 L",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        parse_search(&ws.run(&args)).total
    };
    assert_eq!(count(&[]), 1);
    assert_eq!(count(&["--family"]), 4);
}

#[test]
fn cites_family_counts_citations_of_every_member() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    // Documents written for this test: each cites one member of the
    // A/73/52 family.
    for (name, symbol, cited) in [
        ("one.txt", "A/80/901", "A/73/52/Add.1"),
        ("two.txt", "A/80/902", "A/73/52/Corr.1"),
        ("three.txt", "A/80/903", "A/73/52"),
        ("four.txt", "A/80/904", "A/73/520"),
    ] {
        std::fs::write(
            dir.join(name),
            format!("{symbol}\nA test note\n\nThis note refers to {cited} on assistance.\n"),
        )
        .unwrap();
    }
    ws.ingest(&[&dir]);
    let total = |args: &[&str]| -> u64 {
        let out = ws.run(args);
        let v: Value = serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stderr(&out)));
        v["total"].as_u64().unwrap()
    };
    assert_eq!(total(&["cites", "A/73/52", "--format", "json"]), 1);
    assert_eq!(
        total(&["cites", "A/73/52", "--family", "--format", "json"]),
        3
    );
    assert_eq!(
        total(&["cites", "A/73/52/Corr.1", "--family", "--format", "json"]),
        3
    );
}

#[test]
fn acronyms_match_their_full_names_and_back() {
    let ws = Workspace::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    ws.ingest(&[&demo]);
    let total = |q: &str| parse_search(&ws.run(&["search", q, "--format", "json"])).total;
    let full = total("\"Comprehensive Nuclear-Test-Ban Treaty\"");
    let acronym_only = total("\"CTBT\"");
    let expanded = total("CTBT");
    assert!(full > 0, "the demo corpus names the test-ban treaty");
    assert!(
        expanded >= full.max(acronym_only),
        "{expanded} < {full} / {acronym_only}"
    );
    let json = parse_search(&ws.run(&["search", "CTBT", "--format", "json"]));
    assert_eq!(json.expansions.len(), 1);
    assert_eq!(json.expansions[0].written, "CTBT");
    assert!(json.expansions[0]
        .terms
        .iter()
        .any(|t| t == "Comprehensive Nuclear-Test-Ban Treaty"));
    // And back: the full name also matches the acronym.
    let json = parse_search(&ws.run(&["search", "arms trade treaty", "--format", "json"]));
    assert!(
        json.expansions.iter().any(|e| e.terms == ["ATT"]),
        "{:?}",
        json.expansions
    );
    let out = ws.run(&["search", "CTBT"]);
    assert!(
        stderr(&out).contains("expanding \"CTBT\" to"),
        "{}",
        stderr(&out)
    );
    // Lower case is a word, not an acronym.
    let json = parse_search(&ws.run(&["search", "laws", "--format", "json"]));
    assert!(json.expansions.is_empty());
}

#[test]
fn an_absent_symbol_is_named_and_its_citations_shown() {
    let ws = Workspace::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    ws.ingest(&[&demo]);
    // The demo bulletin cites A/73/52, which has no document of its own.
    let out = ws.run(&["search", "A/73/52"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = Regex::new(r"(?m)^A/73/52 is not in the index; [1-9][0-9,]* documents? cites? it$")
        .unwrap();
    assert!(line.is_match(&stderr(&out)), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("information-bulletin"),
        "{}",
        stdout(&out)
    );
    let json = parse_search(&ws.run(&["search", "A/73/52", "--format", "json"]));
    let read = &json.symbols_read[0];
    assert!(!read.in_index && read.cited_by >= 1, "{read:?}");
    assert_eq!(read.cited_by, json.total);
}

/// Every demo document is found by `get` under the symbol it carries: the
/// first line of each text file, the `symbol` of each record, and the
/// symbols the index gives the HTML pages.
#[test]
fn every_demo_file_is_found_by_its_symbol() {
    let ws = Workspace::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    ws.ingest(&[&demo]);
    let mut expected: Vec<(String, String)> = Vec::new(); // (symbol, file name)
    for entry in std::fs::read_dir(&demo).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => {
                let first = text.lines().next().unwrap().trim().to_string();
                expected.push((first, name));
            }
            Some("jsonl") => {
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let v: Value = serde_json::from_str(line).unwrap();
                    if let Some(s) = v["symbol"].as_str() {
                        expected.push((s.to_string(), name.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(expected.len() > 20, "{expected:?}");
    // The HTML pages with a symbol, as the index holds them.
    let all = parse_search(&ws.run(&["search", "*", "--limit", "500", "--format", "json"]));
    for hit in &all.hits {
        if hit.source.ends_with(".html") {
            let name = Path::new(&hit.source)
                .file_name()
                .unwrap()
                .to_string_lossy();
            for s in &hit.symbols {
                expected.push((s.clone(), name.to_string()));
            }
        }
    }
    let mut misses = Vec::new();
    for (symbol, file) in &expected {
        let out = ws.run(&["get", symbol, "--format", "json"]);
        let found = out.status.code() == Some(0)
            && serde_json::from_str::<GetJson>(&stdout(&out)).is_ok_and(|j| {
                j.hits
                    .iter()
                    .any(|h| h.source.ends_with(file.as_str()) || file.ends_with(".jsonl"))
            });
        if !found {
            misses.push(format!("{symbol:?} ({file}): {}", stderr(&out).trim()));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
