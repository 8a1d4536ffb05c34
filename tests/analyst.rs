//! Analyst features over real data: topics measured against human labels,
//! facets, the citation graph, batch queries, stats.

use std::collections::HashMap;
use std::io::Write;
use std::process::Stdio;
use std::sync::OnceLock;

use crate::json::{parse_search, GetJson};
use crate::util::{shared_corpus, stderr, stdout, undex, Workspace};

fn sc_index() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        let out = ws.ingest(&[&shared_corpus("sc-resolutions-en.jsonl")]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ws
    })
}

fn key(s: &str) -> String {
    undex::symbol::Symbol::parse(s).unwrap().key()
}

/// Pairs checked by hand in the resolution texts: (citing, cited, cited?).
const CITATIONS: [(&str, &str, bool); 22] = [
    ("S/RES/383 (1975)", "S/RES/367 (1975)", true),
    ("S/RES/686 (1991)", "S/RES/678 (1990)", true),
    ("S/RES/649 (1990)", "S/RES/367 (1975)", true),
    ("S/RES/267 (1969)", "S/RES/252 (1968)", true),
    ("S/RES/486 (1981)", "S/RES/186 (1964)", true),
    ("S/RES/871 (1993)", "S/RES/713 (1991)", true),
    ("S/RES/687 (1991)", "S/RES/686 (1991)", true),
    ("S/RES/591 (1986)", "S/RES/421 (1977)", true),
    ("S/RES/675 (1990)", "S/RES/644 (1989)", true),
    ("S/RES/181 (1963)", "S/RES/134 (1960)", true),
    ("S/RES/687 (1991)", "S/RES/661 (1990)", true),
    ("S/RES/46 (1948)", "S/RES/43 (1948)", true),
    ("S/RES/865 (1993)", "S/RES/814 (1993)", true),
    ("S/RES/338 (1973)", "S/RES/242 (1967)", true),
    // Inside a list: "resolutions 660 (1990) of 2 August 1990, 661 (1990) ..."
    ("S/RES/678 (1990)", "S/RES/662 (1990)", true),
    ("S/RES/686 (1991)", "S/RES/664 (1990)", true),
    ("S/RES/687 (1991)", "S/RES/242 (1967)", false),
    ("S/RES/383 (1975)", "S/RES/678 (1990)", false),
    ("S/RES/46 (1948)", "S/RES/687 (1991)", false),
    ("S/RES/865 (1993)", "S/RES/661 (1990)", false),
    ("S/RES/649 (1990)", "S/RES/678 (1990)", false),
    ("S/RES/267 (1969)", "S/RES/186 (1964)", false),
];

#[test]
fn citation_graph_matches_hand_checked_pairs() {
    let ws = sc_index();
    let mut wrong = Vec::new();
    for (citing, cited, expected) in CITATIONS {
        let out = ws.run(&["get", citing, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{citing}: {}", stderr(&out));
        let json: GetJson = serde_json::from_str(&stdout(&out)).unwrap();
        let found = json.hits[0].cites.iter().any(|c| key(c) == key(cited));
        if found != expected {
            wrong.push(format!(
                "{citing} cites {cited}: expected {expected}, got {found}"
            ));
        }
        // And the reverse direction: `cites` lists the citing resolution.
        let out = ws.run(&["cites", cited, "--format", "json", "--limit", "1000"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let listed = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["symbol"].as_str().map(key) == Some(key(citing)));
        assert_eq!(listed, expected, "`cites {cited}` listing {citing}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // `get` reports how many documents cite a resolution.
    let out = ws.run(&["get", "S/RES/242 (1967)", "--format", "json"]);
    let json: GetJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json.hits[0].cited_by >= 2, "242 is cited by 338 and others");
}

#[test]
fn cites_lists_newest_first() {
    let ws = sc_index();
    let out = ws.run(&[
        "cites",
        "S/RES/186 (1964)",
        "--format",
        "json",
        "--limit",
        "1000",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let dates: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(
        dates.len() > 20,
        "Cyprus force renewals cite 186: {}",
        dates.len()
    );
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(
        v["total"].as_u64().unwrap() as usize,
        v["hits"].as_array().unwrap().len()
    );
}

#[derive(Default)]
struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Confusion {
    fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            _ => {}
        }
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        (p, r, 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE))
    }
}

#[test]
fn topics_agree_with_human_labels_on_roll_calls() {
    const NUCLEAR: &str = "Nuclear weapons and nuclear material";
    const ARMS: &str = "Arms control and disarmament";
    // Ingest the roll calls without their labels (and without the roll-call
    // ids, which are not UN symbols), so nothing can leak into the index.
    let ws = Workspace::new();
    let src =
        std::fs::read_to_string(shared_corpus("unvotes-dev/roll-calls-labelled.jsonl")).unwrap();
    let mut labels: HashMap<usize, Vec<String>> = HashMap::new();
    let mut stripped = String::new();
    for (i, line) in src.lines().enumerate() {
        let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
        let issues = v.remove("issues").unwrap();
        v.remove("symbol");
        labels.insert(
            i + 1,
            issues
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect(),
        );
        stripped.push_str(&serde_json::to_string(&v).unwrap());
        stripped.push('\n');
    }
    let file = ws.dir.path().join("roll-calls.jsonl");
    std::fs::write(&file, stripped).unwrap();
    ws.ingest(&[&file]);
    let out = ws.run(&[
        "search",
        "*",
        "--limit",
        "10000",
        "--format",
        "jsonl",
        "--fields",
        "source,topics",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (mut nuclear, mut arms, mut seen) = (Confusion::default(), Confusion::default(), 0);
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let n: usize = v["source"]
            .as_str()
            .unwrap()
            .rsplit('#')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let topics: Vec<&str> = v["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let l = &labels[&n];
        let (is_nuclear, is_arms) = (l.iter().any(|x| x == NUCLEAR), l.iter().any(|x| x == ARMS));
        seen += 1;
        nuclear.add(is_nuclear, topics.iter().any(|t| t.starts_with("/nuclear")));
        // Nuclear-only records are disarmament too but the labellers did not
        // mark them "arms control"; they are left out of this measure.
        if is_arms || !is_nuclear {
            arms.add(is_arms, !topics.is_empty());
        }
    }
    assert!(seen >= 3000, "roll calls indexed: {seen}");
    let (np, nr, nf) = nuclear.prf();
    let (ap, ar, af) = arms.prf();
    println!("nuclear label → /nuclear topic: P {np:.3} R {nr:.3} F1 {nf:.3}");
    println!("arms-control label → any topic: P {ap:.3} R {ar:.3} F1 {af:.3}");
    assert!(nf >= 0.85, "nuclear F1 {nf:.3}");
    assert!(af >= 0.85, "arms control F1 {af:.3}");
}

#[test]
fn facets_count_exactly_and_drill_down() {
    let ws = Workspace::new();
    ws.ingest(&[&shared_corpus("undl-voting-records.jsonl")]);
    let facets = |args: &[&str]| -> Vec<(String, u64)> {
        let mut a = vec!["facets"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--format", "json"]);
        let out = ws.run(&a);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["path"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let total = |args: &[&str]| -> usize {
        let mut a = vec!["search", "*", "--format", "json", "--limit", "1"];
        a.extend_from_slice(args);
        parse_search(&ws.run(&a)).total
    };
    let sessions = facets(&["symbol", "--prefix", "A/RES"]);
    assert!(sessions.len() > 70, "GA sessions: {}", sessions.len());
    let s73 = sessions
        .iter()
        .find(|(p, _)| p == "/A/RES/73")
        .expect("session 73")
        .1;
    assert_eq!(
        s73 as usize,
        total(&["--symbol", "A/RES/73"]),
        "exact count"
    );
    let numbers = facets(&["symbol", "--prefix", "a/res/73"]);
    assert_eq!(numbers.iter().map(|(_, c)| c).sum::<u64>(), s73);
    assert!(numbers.iter().all(|(p, _)| p.starts_with("/A/RES/73/")));
    // Counts within a query and its filters.
    let years = facets(&["year", "nuclear"]);
    let in_1990s: u64 = years
        .iter()
        .filter(|(y, _)| y.starts_with("199"))
        .map(|(_, c)| c)
        .sum();
    assert_eq!(in_1990s as usize, {
        let a = [
            "search", "nuclear", "--from", "1990", "--to", "1999", "--format", "json", "--limit",
            "1",
        ];
        parse_search(&ws.run(&a)).total
    });
    // The year chart in text mode draws bars.
    let out = ws.run(&["facets", "year", "arms trade treaty"]);
    assert!(stdout(&out).contains('█'), "{}", stdout(&out));
    let topics = facets(&["topic"]);
    assert!(topics.iter().any(|(p, _)| p == "/nuclear"), "{topics:?}");
}

#[test]
fn batch_answers_every_line_in_order_and_goes_on_after_errors() {
    let ws = sc_index();
    let input = [
        "Cyprus",
        "{\"id\": \"q2\", \"query\": \"Iraq Kuwait\", \"from\": \"1990\", \"to\": \"1991\", \"limit\": 3}",
        "\"unclosed",
        "{\"id\": 4, \"query\": \"Congo\", \"typo\": 1}",
        "",
        "S/RES/242(1967)",
        "{not json",
    ]
    .join("\n");
    let mut child = undex()
        .arg("--index")
        .arg(ws.index())
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "failed lines make exit 2");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let numbers: Vec<u64> = lines.iter().map(|l| l["line"].as_u64().unwrap()).collect();
    assert_eq!(
        numbers,
        vec![1, 2, 3, 4, 6, 7],
        "one line per non-blank input line, in order"
    );
    assert!(lines[0]["total"].as_u64().unwrap() > 10);
    assert_eq!(lines[1]["id"], "q2");
    assert!(lines[1]["hits"].as_array().unwrap().len() <= 3);
    assert!(lines[2]["error"].as_str().unwrap().contains("quote"));
    assert_eq!(lines[3]["id"], 4);
    assert!(lines[3]["error"].as_str().unwrap().contains("typo"));
    assert_eq!(lines[4]["hits"][0]["symbol"], "S/RES/242 (1967)");
    assert!(lines[5]["error"].as_str().unwrap().contains("JSON"));
}

#[test]
fn batch_csv_is_rfc4180() {
    let ws = sc_index();
    let file = ws.dir.path().join("queries.txt");
    std::fs::write(
        &file,
        "{\"id\": \"a, \\\"quoted\\\"\\nid\", \"query\": \"Cyprus\", \"limit\": 2}\nPalestine\n",
    )
    .unwrap();
    let out = ws.run(&["batch", &file.display().to_string(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..3], ["line", "id", "rank"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows[0][1].to_string(),
        "a, \"quoted\"\nid",
        "embedded quote, comma, newline survive"
    );
    assert_eq!(rows.iter().filter(|r| &r[0] == "1").count(), 2);
    assert!(rows.iter().any(|r| &r[0] == "2"));
}

#[test]
fn stats_reports_types_languages_years_and_sizes() {
    let ws = sc_index();
    let out = ws.run(&["stats", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v["documents"].as_u64().unwrap() >= 900);
    assert!(v["by_type"]["resolution"].as_u64().unwrap() >= 900);
    assert!(v["by_lang"]["en"].as_u64().unwrap() >= 900);
    assert_eq!(v["year_min"], "1946");
    assert!(v["index_bytes"].as_u64().unwrap() > 0);
    assert!(v["last_ingest"]["files"].as_u64() == Some(1));
}
