//! Keyword and symbol search over real documents.

use crate::json::parse_search;
use crate::util::{shared_corpus, stderr, Workspace};

/// The symbols the shared UNODA bulletin cites, written as it writes them.
const BULLETIN_CITES: [&str; 5] = [
    "A/RES/73/69",
    "A/74/187",
    "A/RES/72/55",
    "A/73/52",
    "A/RES/73/36",
];

#[test]
fn searching_the_bulletins_citations_finds_the_bulletin() {
    let ws = Workspace::new();
    ws.ingest(&[&shared_corpus("bulletins")]);
    for symbol in BULLETIN_CITES.iter().chain(["A/RES/65/69"].iter()) {
        let out = ws.run(&["search", symbol, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{symbol}: {}", stderr(&out));
        let json = parse_search(&out);
        assert!(
            json.hits
                .iter()
                .any(|h| h.source.contains("information-bulletin")),
            "{symbol} does not find the bulletin: {:?}",
            json.hits
        );
    }
    // The bulletin is typed as one and its citations are recorded.
    let out = ws.run(&["cites", "A/RES/73/69", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_documents_own_symbol_ranks_above_documents_citing_it() {
    let ws = Workspace::new();
    // The demo corpus holds A/RES/73/69 itself; the bulletin only cites it.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    ws.ingest(&[&shared_corpus("bulletins"), &demo]);
    for query in [
        "A/RES/73/69",
        "a/res/73/69",
        "A / RES / 73 / 69",
        "resolution 73/69",
    ] {
        let out = ws.run(&["search", query, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{query}: {}", stderr(&out));
        let json = parse_search(&out);
        assert!(json.hits.len() >= 2, "{query}: {:?}", json.hits);
        assert_eq!(
            json.hits[0].symbol.as_deref(),
            Some("A/RES/73/69"),
            "{query}"
        );
        let bulletin = json
            .hits
            .iter()
            .position(|h| h.source.contains("information-bulletin"))
            .unwrap_or_else(|| panic!("{query}: the citing bulletin is missing"));
        assert!(bulletin > 0);
    }
}

#[test]
fn keyword_search_ands_terms_and_honours_phrases_and_exclusions() {
    let ws = Workspace::new();
    ws.ingest(&[&shared_corpus("sc-resolutions-en.jsonl")]);
    let total = |q: &str| -> usize {
        let out = ws.run(&["search", q, "--format", "json", "--limit", "1"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{q}: {}",
            stderr(&out)
        );
        parse_search(&out).total
    };
    let cyprus = total("Cyprus");
    let cyprus_force = total("Cyprus force");
    let either = total("Cyprus OR Congo");
    let not_force = total("Cyprus -force");
    assert!(cyprus > 50, "Cyprus: {cyprus}");
    assert!(cyprus_force <= cyprus && cyprus_force > 0);
    assert!(either > cyprus);
    assert_eq!(
        not_force + cyprus_force,
        cyprus,
        "-force splits the Cyprus hits"
    );
    // Exact phrase is stricter than the words.
    assert!(total("\"peace-keeping force\"") <= total("peace keeping force"));
    assert_eq!(total("zzzyzzx"), 0);
}

#[test]
fn filters_narrow_results() {
    let ws = Workspace::new();
    ws.ingest(&[&shared_corpus("undl-voting-records.jsonl")]);
    let total = |args: &[&str]| -> usize {
        let mut a = vec!["search", "disarmament", "--format", "json", "--limit", "1"];
        a.extend_from_slice(args);
        let out = ws.run(&a);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
        parse_search(&out).total
    };
    let all = total(&[]);
    let s73 = total(&["--symbol", "A/RES/73"]);
    let y2018 = total(&["--from", "2018-01-01", "--to", "2018-12-31"]);
    assert!(all > s73 && s73 > 0, "all {all}, A/RES/73 {s73}");
    assert!(y2018 > 0 && y2018 < all);
    assert_eq!(
        total(&["--symbol", "a / res / 73"]),
        s73,
        "prefix in any case"
    );
    let out = ws.run(&["search", "arms", "--from", "2018-13"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--from"), "{}", stderr(&out));
}

/// `batch` reads "did you mean" from vocabularies merged over the index's
/// segments, `search` from each segment: the suggestions are the same.
#[test]
fn batch_and_search_suggest_alike_over_several_segments() {
    let ws = Workspace::new();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    ws.ingest(&[&demo]);
    // A second ingest commits a second segment.
    let more = ws.dir.path().join("more");
    std::fs::create_dir_all(&more).unwrap();
    std::fs::write(
        more.join("note.txt"),
        "A note on verification of stockpiles of ammunition and on proliferation.\n",
    )
    .unwrap();
    ws.ingest(&[&more]);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.index().join("meta.json")).unwrap()).unwrap();
    assert!(
        meta["segments"].as_array().unwrap().len() >= 2,
        "one segment: the merged path is not tested"
    );
    let typos = [
        "nuclaer disarmament",
        "ammunitoin",
        "prolifration",
        "verificaton",
        "stockpilles",
        "disarmamnet",
    ];
    let file = ws.dir.path().join("typos.txt");
    std::fs::write(&file, typos.join("\n") + "\n").unwrap();
    let out = ws.run(&["batch", &file.display().to_string()]);
    let lines: Vec<serde_json::Value> = crate::util::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), typos.len(), "{}", stderr(&out));
    let mut suggested = 0;
    for (typo, line) in typos.iter().zip(&lines) {
        let out = ws.run(&["search", typo, "--format", "json"]);
        let one: serde_json::Value = serde_json::from_str(&crate::util::stdout(&out)).unwrap();
        assert_eq!(line["suggestion"], one["suggestion"], "{typo}");
        suggested += usize::from(!one["suggestion"].is_null());
    }
    assert!(suggested >= 4, "only {suggested} typos got a suggestion");
}
