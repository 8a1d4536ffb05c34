//! Measures language detectors on the shared UN texts with their metadata
//! removed: the AKN resolution bodies (long texts) and titles (short texts)
//! of each language, and the English titles of the UN Digital Library voting
//! records. Prints accuracy per language and speed; the table is in
//! BENCHMARKS.md. Run: `cargo run --release --example lang_detect`
//! (reads `../shared`, or `$UNDEX_SHARED`).
//!
//! Detectors: whatlang (undex's, used as `lang::detect_confident` does:
//! nothing below 200 bytes or when unsure), whatlang as a plain guess, and
//! whichlang (always guesses).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use undex::extract::akn;
use undex::lang::{self, Lang};

type Detector = fn(&str) -> Option<Lang>;

/// Per (text set, language): texts, correct, wrong, no answer, time spent.
type Row = (usize, usize, usize, usize, Duration);

fn whatlang_guess(t: &str) -> Option<Lang> {
    whatlang::detect(t).and_then(|i| Lang::parse(i.lang().code()))
}

fn whichlang_guess(t: &str) -> Option<Lang> {
    Lang::parse(whichlang::detect_language(t).three_letter_code())
}

fn undex_rule(t: &str) -> Option<Lang> {
    lang::detect_confident(t)
}

const DETECTORS: [(&str, Detector); 3] = [
    ("undex (whatlang, confident only)", undex_rule),
    ("whatlang (plain guess)", whatlang_guess),
    ("whichlang", whichlang_guess),
];

fn shared() -> PathBuf {
    std::env::var_os("UNDEX_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    )
}

fn main() {
    let root = shared().join("corpus");
    // (set name, true language, text)
    let mut samples: Vec<(&str, Lang, String)> = Vec::new();
    for session in ["79", "80"] {
        for l in Lang::OFFICIAL {
            let dir = root.join("un-akn").join(session).join(l.code());
            let Ok(entries) = std::fs::read_dir(&dir) else {
                eprintln!("missing {}", dir.display());
                std::process::exit(2);
            };
            for e in entries.flatten() {
                let bytes = std::fs::read(e.path()).unwrap();
                for doc in akn::extract(&e.path(), &bytes).into_iter().flatten() {
                    samples.push(("AKN body", l, doc.body.clone()));
                    if let Some(t) = doc.title {
                        samples.push(("AKN title", l, t));
                    }
                }
            }
        }
    }
    let votes = std::fs::read_to_string(root.join("undl-voting-records.jsonl")).unwrap();
    for line in votes.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            if let Some(t) = v["title"].as_str() {
                samples.push(("voting title", Lang::En, t.to_string()));
            }
        }
    }

    println!("| detector | texts | language | n | correct | wrong | none | time/text |");
    println!("|---|---|---|---:|---:|---:|---:|---:|");
    for (name, detect) in DETECTORS {
        // (set, lang) -> (n, correct, wrong, none, time)
        let mut table: BTreeMap<(&str, Lang), Row> = BTreeMap::new();
        for (set, l, text) in &samples {
            let started = Instant::now();
            let got = detect(text);
            let took = started.elapsed();
            let row = table.entry((set, *l)).or_default();
            row.0 += 1;
            match got {
                Some(g) if g == *l => row.1 += 1,
                Some(Lang::Und) | None => row.3 += 1,
                Some(_) => row.2 += 1,
            }
            row.4 += took;
        }
        for ((set, l), (n, ok, wrong, none, took)) in table {
            println!(
                "| {name} | {set} | {l} | {n} | {:.1}% | {:.1}% | {:.1}% | {:.1} µs |",
                100.0 * ok as f64 / n as f64,
                100.0 * wrong as f64 / n as f64,
                100.0 * none as f64 / n as f64,
                took.as_secs_f64() * 1e6 / n as f64
            );
        }
    }
}
