//! JSON output parses into typed structs: the contract scripts rely on.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::util::{demo_corpus, stdout, Workspace};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchJson {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<HitJson>,
    #[serde(default)]
    pub facets: Option<BTreeMap<String, Vec<FacetJson>>>,
    #[serde(default)]
    pub symbols_read: Vec<SymbolReadJson>,
    #[serde(default)]
    pub expansions: Vec<ExpansionJson>,
    #[serde(default)]
    pub suggestion: Option<SuggestionJson>,
}

/// One reading of a symbol the query named.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolReadJson {
    pub written: String,
    pub symbol: String,
    pub in_index: bool,
    pub cited_by: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpansionJson {
    pub written: String,
    pub terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionJson {
    pub query: String,
    pub total: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HitJson {
    pub symbol: Option<String>,
    pub symbols: Vec<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<String>,
    pub lang: String,
    pub topics: Vec<String>,
    #[allow(dead_code)] // part of the contract, parsed to check its type
    pub subjects: Vec<String>,
    pub source: String,
    pub score: f64,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
    /// False for a catalogue record (metadata only).
    pub text: bool,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub same_title: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetJson {
    pub path: String,
    pub count: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every field is part of the contract, parsed even where unused
pub struct GetJson {
    pub symbol: String,
    pub hits: Vec<GetHitJson>,
    /// Other members of the symbol's family in the index.
    #[serde(default)]
    pub family: Vec<String>,
}

/// A search hit (score null: a look-up has no score) plus what `get` adds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct GetHitJson {
    pub symbol: Option<String>,
    pub symbols: Vec<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<String>,
    pub lang: String,
    pub topics: Vec<String>,
    pub source: String,
    pub score: Option<f32>,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
    pub cites: Vec<String>,
    pub cited_by: usize,
    #[serde(default)]
    pub text: Option<String>,
    /// Catalogue metadata (tests/votes.rs checks the values).
    pub subjects: Vec<String>,
    pub sponsors: Vec<String>,
    pub agenda: Option<String>,
    pub votes: Option<VoteSummaryJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct VoteSummaryJson {
    pub outcome: String,
    pub in_favour: Option<u32>,
    pub against: Option<u32>,
    pub abstaining: Option<u32>,
}

/// Parses search JSON and checks the invariants every hit keeps.
pub fn parse_search(out: &std::process::Output) -> SearchJson {
    let json: SearchJson = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("search JSON does not parse: {e}\n{}", stdout(out)));
    assert!(json.took_ms >= 0.0);
    for h in &json.hits {
        check_hit(h);
    }
    for counts in json.facets.iter().flat_map(|f| f.values()) {
        assert!(counts.iter().all(|c| c.count > 0 && !c.path.is_empty()));
    }
    json
}

fn check_hit(h: &HitJson) {
    assert_eq!(
        h.symbol.as_ref(),
        h.symbols.first(),
        "symbol is the first of symbols"
    );
    assert!(!h.title.is_empty() && !h.source.is_empty() && !h.doc_type.is_empty());
    if let Some(d) = &h.date {
        assert!(
            d.len() == 10 && d.as_bytes()[4] == b'-',
            "date {d:?} is YYYY-MM-DD"
        );
    }
    assert!(h.lang.len() == 2 || h.lang == "und", "lang {:?}", h.lang);
    assert!(h.topics.iter().all(|t| t.starts_with('/')));
    assert!(h.score.is_finite());
    let n = h.snippet.chars().count();
    assert!(h.highlights.iter().all(|[s, e]| s < e && *e <= n), "{h:?}");
}

#[test]
fn search_json_parses_and_highlights_point_at_query_words() {
    let ws = Workspace::new();
    ws.ingest(&[&demo_corpus()]);
    let out = ws.run(&["search", "small arms", "--format", "json", "--facets"]);
    assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
    let json = parse_search(&out);
    assert_eq!(json.query, "small arms");
    assert!(json.total >= 1);
    let hit = &json.hits[0];
    assert!(!hit.snippet.is_empty());
    assert!(!hit.highlights.is_empty(), "no highlights in {hit:?}");
    let chars: Vec<char> = hit.snippet.chars().collect();
    for [s, e] in &hit.highlights {
        let word: String = chars[*s..*e].iter().collect::<String>().to_lowercase();
        assert!(
            word.starts_with("small") || word.starts_with("arm"),
            "highlight {word:?} is not a query word"
        );
    }
    let facets = json.facets.expect("--facets gives facets");
    assert!(facets.contains_key("type") && facets.contains_key("topic"));
}

#[test]
fn jsonl_and_csv_outputs_are_well_formed() {
    let ws = Workspace::new();
    ws.ingest(&[&demo_corpus()]);
    let out = ws.run(&[
        "search",
        "arms",
        "--format",
        "jsonl",
        "--fields",
        "symbol,title,date",
    ]);
    assert_eq!(out.status.code(), Some(0));
    for line in stdout(&out).lines() {
        let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = v.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 3, "{keys:?}");
    }
    let out = ws.run(&["search", "arms", "--format", "csv"]);
    let text = stdout(&out);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[0], "symbol");
    assert!(rdr
        .records()
        .all(|r| r.is_ok_and(|r| r.len() == header.len())));
    let bad = ws.run(&["search", "arms", "--format", "csv", "--fields", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(crate::util::stderr(&bad).contains("nonsense"));
}
