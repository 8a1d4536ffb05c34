//! Property-based fuzzing (proptest) of the four parsers that read what
//! users and documents throw at undex: the symbol parser, the citation
//! scanner, the query builder (parse + search) and the HTML extractor.
//!
//! Each target checks more than "no panic": parsed symbols re-parse from
//! their canonical form, citations are valid byte ranges, a query either
//! runs or fails with a query error (never an index error), every case
//! finishes within [`SLOW`]. HTML is extracted on a thread with the
//! ingester's stack size, as in production.
//!
//! `cargo test` runs a few cases per target (48; `PROPTEST_CASES` sets the
//! count). `scripts/fuzz` runs each target for a time budget
//! (`UNDEX_FUZZ_SECONDS`); a failing case found then is shrunk and saved
//! to `tests/fuzz_regressions/<target>/`, whose files
//! [`fuzz_regressions_stay_fixed`] replays on every `cargo test`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use undex::search::{Engine, Filters, SearchError, SearchRequest};
use undex::symbol::scan::{self, Context};
use undex::symbol::{self, Symbol};

/// Longest a single case may take (inputs are at most tens of kilobytes;
/// the parsers are meant to be linear).
const SLOW: Duration = Duration::from_secs(3);
/// The ingester's extraction stack (src/ingest.rs).
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

// ---------------------------------------------------------------- runner

/// A fuzz input that can be saved to and read from a regression file.
trait Case: std::fmt::Debug + Clone {
    const EXT: &'static str;
    fn to_bytes(&self) -> Vec<u8>;
    fn from_bytes(bytes: &[u8]) -> Self;
}

impl Case for String {
    const EXT: &'static str = "txt";
    fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn from_bytes(bytes: &[u8]) -> Self {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

impl Case for Vec<u8> {
    const EXT: &'static str = "bin";
    fn to_bytes(&self) -> Vec<u8> {
        self.clone()
    }
    fn from_bytes(bytes: &[u8]) -> Self {
        bytes.to_vec()
    }
}

fn regressions_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target)
}

/// Saves a failing case for the regression test; returns its path.
fn save<T: Case>(target: &str, case: &T) -> std::io::Result<PathBuf> {
    let bytes = case.to_bytes();
    // FNV-1a: a stable name, so the same case is saved once.
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let dir = regressions_dir(target);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("found-{hash:016x}.{}", T::EXT));
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// Runs `check` on inputs from `strategy`: a few cases by default, or
/// batches until `UNDEX_FUZZ_SECONDS` have passed. Any failure (an `Err`,
/// a panic, a case slower than [`SLOW`]) is shrunk to a minimal input and
/// fails the test; in budget mode the input is also saved as a regression.
fn fuzz<S>(target: &str, strategy: S, check: impl Fn(&S::Value) -> Result<(), String>)
where
    S: Strategy,
    S::Value: Case,
{
    let budget = std::env::var("UNDEX_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64);
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if budget.is_some() { 500 } else { 48 });
    let started = Instant::now();
    let mut ran = 0u64;
    loop {
        // A fresh random seed per batch.
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 4096,
            ..Config::default()
        });
        let result = runner.run(&strategy, |value| {
            let t = Instant::now();
            let outcome = check(&value);
            let took = t.elapsed();
            outcome.map_err(TestCaseError::fail)?;
            if took > SLOW {
                return Err(TestCaseError::fail(format!("slow: {took:?}")));
            }
            Ok(())
        });
        ran += cases as u64;
        match result {
            Ok(()) => {}
            Err(TestError::Fail(why, value)) => {
                let saved = match budget {
                    Some(_) => save(target, &value).map(|p| p.display().to_string()),
                    None => Ok("not saved (run scripts/fuzz to save it)".into()),
                };
                panic!("fuzz target {target}: {why}\nminimal input: {value:?}\nsaved: {saved:?}");
            }
            Err(TestError::Abort(why)) => panic!("fuzz target {target}: aborted: {why}"),
        }
        if budget.is_none_or(|b| started.elapsed() >= b) {
            break;
        }
    }
    eprintln!(
        "fuzz target {target}: {ran} cases in {:.1} s, no failure",
        started.elapsed().as_secs_f64()
    );
}

/// Replays every saved case of `target`.
fn replay<T: Case>(target: &str, check: impl Fn(&T) -> Result<(), String>) -> Vec<String> {
    let mut failures = Vec::new();
    let Ok(entries) = std::fs::read_dir(regressions_dir(target)) else {
        return failures;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.extension().and_then(|e| e.to_str()) != Some(T::EXT) {
            continue;
        }
        let case = T::from_bytes(&std::fs::read(&path).unwrap());
        let t = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&case)))
            .unwrap_or_else(|_| Err("panicked".into()));
        let took = t.elapsed();
        match outcome {
            Err(e) => failures.push(format!("{}: {e}", path.display())),
            Ok(()) if took > SLOW => failures.push(format!("{}: slow: {took:?}", path.display())),
            Ok(()) => {}
        }
    }
    failures
}

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    prop::sample::select(items)
}

/// Arbitrary text: printable, any Unicode, or any `char` at all.
fn any_text(max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        proptest::string::string_regex(&format!("\\PC{{0,{max}}}")).unwrap(),
        proptest::string::string_regex(&format!("(?s:.{{0,{max}}})")).unwrap(),
        prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
    ]
    .boxed()
}

/// Pieces joined by pieces: the usual way to build structured soup.
fn soup(
    pieces: impl Strategy<Value = &'static str> + Clone,
    seps: impl Strategy<Value = &'static str> + Clone,
    max: usize,
) -> impl Strategy<Value = String> {
    prop::collection::vec((pieces, seps), 0..max).prop_map(|parts| {
        let mut s = String::new();
        for (piece, sep) in parts {
            s.push_str(piece);
            s.push_str(sep);
        }
        s
    })
}

// ---------------------------------------------------------- symbol parser

const SYMBOL_PIECES: &[&str] = &[
    "A",
    "S",
    "E",
    "ST",
    "T",
    "a",
    "s",
    "ATT",
    "CCW",
    "TPNW",
    "UNW",
    "GEGN.2",
    "XYZ",
    "RES",
    "res",
    "Res",
    "DEC",
    "PRST",
    "PV.7447",
    "pv.7447",
    "SR.12",
    "INF",
    "WP.1",
    "NGO",
    "CRP.3",
    "L.34",
    "C.1",
    "c.1",
    "AC.292",
    "CN.10",
    "CONF.192",
    "ES-10",
    "HRC",
    "73",
    "69",
    "2220",
    "(2015)",
    "(2015",
    "2015)",
    "2220 (2015)",
    "2220(2015)",
    "1(I)",
    "491 (V)",
    "2248(S-V)",
    "(XV)",
    "Add.1",
    "add.1",
    "Rev.2",
    "Corr.1",
    "Amend.1",
    "(Part II)",
    "(Part",
    "*",
    "**",
    "CSP5",
    "SEC",
    "536",
    "Conf.FinRep.Rev1",
    "2025",
    "27",
    "0",
    "00",
    "999999999999999999999999",
    "",
    "É",
    "١٢٣",
    "ⅻ",
    "\u{0}",
    "\u{7}",
    "\u{200b}",
    "\u{feff}",
    ".",
    "..",
    "-",
    "--",
    "_",
    "[",
    "]",
];
const SYMBOL_SEPS: &[&str] = &[
    "/", "/", "/", " / ", "-", " ", "", "//", "\\", "／", " - ", "\t",
];

const ORGANS: &[&str] = &[
    "A", "S", "E", "ST", "T", "a", "s", "ATT", "CCW", "TPNW", "NPT", "BWC", "UNW", "HRC", "GEGN.2",
    "XYZ",
];
const COMPONENTS: &[&str] = &[
    "RES",
    "res",
    "DEC",
    "PRST",
    "PV.7447",
    "SR.12",
    "INF",
    "WP.1",
    "CRP.3",
    "L.34",
    "C.1",
    "AC.292",
    "CN.10",
    "CONF.192",
    "ES-10",
    "HRC",
    "73",
    "69",
    "1",
    "2220 (2015)",
    "2220(2015)",
    "1(I)",
    "491 (V)",
    "2248(S-V)",
    "Add.1",
    "Rev.2",
    "Corr.1",
    "Amend.1",
    "CSP5",
    "SEC",
    "536",
    "Conf.FinRep.Rev1",
    "2025",
    "27",
    "79",
    "722",
    "0",
    "99999999999999999999999",
];

/// Symbols as users and documents write them: an organ and components,
/// mostly slash-separated, sometimes joint, spaced, starred or lower-cased.
fn structured_symbol() -> impl Strategy<Value = String> {
    let sep = prop_oneof![12 => Just("/"), 1 => Just(" / "), 1 => pick(SYMBOL_SEPS)];
    let one = (
        pick(ORGANS),
        prop::collection::vec((sep, pick(COMPONENTS)), 1..6),
    )
        .prop_map(|(organ, parts)| {
            let mut s = organ.to_string();
            for (sep, c) in parts {
                s.push_str(sep);
                s.push_str(c);
            }
            s
        });
    (
        one.clone(),
        prop::option::of(one),
        pick(&["", "", "", "*", " (Part II)", " ", "**"]),
        any::<bool>(),
    )
        .prop_map(|(a, b, tail, lower)| {
            let mut s = match b {
                Some(b) => format!("{a}-{b}"),
                None => a,
            };
            s.push_str(tail);
            if lower {
                s = s.to_lowercase();
            }
            s
        })
}

fn symbol_input() -> BoxedStrategy<String> {
    prop_oneof![
        4 => structured_symbol(),
        2 => soup(pick(SYMBOL_PIECES), pick(SYMBOL_SEPS), 10),
        1 => any_text(40),
    ]
    .boxed()
}

fn check_symbol(input: &str) -> Result<(), String> {
    let _ = symbol::prefix_segments(input);
    if let Ok(parts) = symbol::parse_joint(input) {
        for s in &parts {
            roundtrip(s)?;
        }
    }
    let Ok(sym) = Symbol::parse(input) else {
        return Ok(());
    };
    roundtrip(&sym)?;
    // Every written form of one document finds it: lower case, spaced.
    let canonical = sym.canonical();
    let lower = canonical.to_lowercase();
    let spaced = canonical.replace('/', " / ");
    for variant in [lower, spaced] {
        match Symbol::parse(&variant) {
            Ok(v) if v.key() == sym.key() => {}
            other => {
                return Err(format!(
                    "{input:?} parses as {canonical:?}, but its form {variant:?} gives {other:?}"
                ))
            }
        }
    }
    Ok(())
}

/// A parsed symbol's canonical form is a fixed point, and its facet path
/// is well formed (no empty segment, no separator inside a segment).
fn roundtrip(sym: &Symbol) -> Result<(), String> {
    let canonical = sym.canonical();
    if canonical.is_empty() || canonical != sym.to_string() {
        return Err(format!(
            "bad canonical {canonical:?} / display {:?}",
            sym.to_string()
        ));
    }
    let again = Symbol::parse(canonical)
        .map_err(|e| format!("canonical {canonical:?} does not re-parse: {e}"))?;
    if again.canonical() != canonical || again.key() != sym.key() {
        return Err(format!(
            "{canonical:?} re-parses as {:?}",
            again.canonical()
        ));
    }
    let segments = sym.facet_segments();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| s.is_empty() || s.contains(['/', '\0']))
    {
        return Err(format!("{canonical:?}: bad facet segments {segments:?}"));
    }
    let _ = tantivy::schema::Facet::from_path(segments);
    Ok(())
}

#[test]
fn fuzz_symbol_parser() {
    fuzz("symbol", symbol_input(), |s| check_symbol(s));
}

// ------------------------------------------------------- citation scanner

const TEXT_PIECES: &[&str] = &[
    "resolution",
    "resolutions",
    "Resolution",
    "decision",
    "decisions",
    "res.",
    "General Assembly",
    "Security Council",
    "Human Rights Council",
    "Economic and Social Council",
    "Commission",
    "73/69",
    "65/69",
    "2220 (2015)",
    "2220(2015)",
    "1540",
    "1514 (XV)",
    "ES-10/21",
    "73/546",
    "2024/5",
    "and",
    ",",
    ", ",
    "of 8 December 2010",
    "of",
    "(",
    ")",
    "A/RES/73/69",
    "S/RES/2220 (2015)",
    "A/79/722-S/2025/27",
    "undocs.org/",
    "https://undocs.org/en/",
    "/",
    "-",
    ".",
    "_",
    "13/01/2025",
    "24/7",
    "km/h",
    "and/or",
    "1970 (2011)",
    "2146 (2014)",
    "\n",
    "é",
    "–",
    "—",
    "\u{a0}",
    "\u{200b}",
    "١٢",
    "99999999999999999999",
    "(XV",
    "(2015",
    "resolution resolution",
    "A/",
    "S/PV.",
    "7447",
];
const TEXT_SEPS: &[&str] = &[" ", " ", "", "\n", ", ", "  "];

fn scan_input() -> BoxedStrategy<String> {
    prop_oneof![
        3 => soup(pick(TEXT_PIECES), pick(TEXT_SEPS), 40),
        1 => any_text(200),
        // Long repetitive text, where a non-linear scanner shows.
        1 => (soup(pick(TEXT_PIECES), pick(TEXT_SEPS), 8), 1..2000usize)
            .prop_map(|(s, n)| s.repeat(n).chars().take(60_000).collect()),
    ]
    .boxed()
}

fn check_scan(text: &str) -> Result<(), String> {
    for context in [
        Context::GeneralAssembly,
        Context::SecurityCouncil,
        Context::Unknown,
    ] {
        for c in scan::scan(text, context) {
            if !(c.start < c.end && c.end <= text.len()) {
                return Err(format!(
                    "{context:?}: bad range {}..{} in {} bytes",
                    c.start,
                    c.end,
                    text.len()
                ));
            }
            if !text.is_char_boundary(c.start) || !text.is_char_boundary(c.end) {
                return Err(format!(
                    "{context:?}: range {}..{} splits a character",
                    c.start, c.end
                ));
            }
            roundtrip(&c.symbol)
                .map_err(|e| format!("{context:?}: citation {:?}: {e}", &text[c.start..c.end]))?;
        }
    }
    Ok(())
}

#[test]
fn fuzz_citation_scanner() {
    fuzz("scan", scan_input(), |s| check_scan(s));
}

// ------------------------------------------------------ reference reader

const REFERENCE_PIECES: &[&str] = &[
    "UNSCR",
    "SCR",
    "UNSC",
    "SC",
    "UNGA",
    "GA",
    "General Assembly",
    "Security Council",
    "res",
    "res.",
    "Res.",
    "resolution",
    "resolutions",
    "1540",
    "1978",
    "0",
    "73/69",
    "46/36",
    "L",
    "A",
    "a",
    "b",
    "(2004)",
    "(XXIX)",
    "(x)",
    "(",
    ")",
    "ES-10/21",
    "S-10/2",
    "/",
    "A/RES/",
    "s/res/",
    "Committee",
    "the",
    "XYZ",
    "no.",
    "é",
    "中",
    "\u{2011}",
    "'s",
    "9999",
    "12345",
    ".",
];

fn reference_input() -> BoxedStrategy<String> {
    prop_oneof![
        4 => soup(pick(REFERENCE_PIECES), pick(&[" ", "", "  ", "\t"]), 16),
        1 => any_text(40),
    ]
    .boxed()
}

/// Readings are inside the query, on character boundaries, in order and
/// not overlapping, and never empty.
fn check_references(query: &str) -> Result<(), String> {
    let refs = undex::symbol::reference::read(query);
    let mut last_end = 0;
    for r in &refs {
        if r.start < last_end || r.end > query.len() || r.start >= r.end {
            return Err(format!(
                "reference range {}..{} out of order",
                r.start, r.end
            ));
        }
        if !query.is_char_boundary(r.start) || !query.is_char_boundary(r.end) {
            return Err(format!(
                "reference {}..{} splits a character",
                r.start, r.end
            ));
        }
        if r.readings.is_empty() {
            return Err(format!("{:?} has no reading", r.written(query)));
        }
        last_end = r.end;
    }
    Ok(())
}

#[test]
fn fuzz_reference_reader() {
    fuzz("reference", reference_input(), |s| check_references(s));
}

// ---------------------------------------------------------- query builder

const QUERY_PIECES: &[&str] = &[
    "arms",
    "small",
    "trade",
    "Arms",
    "nuclear",
    "\"",
    "\"",
    "(",
    "(",
    ")",
    ")",
    "OR",
    "AND",
    "NOT",
    "-",
    "-",
    "*",
    "title:",
    "body:",
    "symbol:",
    "cites:",
    "type:",
    "lang:",
    "topic:",
    "Title:",
    "title:\"",
    "nosuch:",
    "A/RES/73/69",
    "a/res/73/69",
    "A / RES / 73 / 69",
    "S/RES/2220 (2015)",
    "S/RES/2220(2015)",
    "resolution 73/69",
    "resolution",
    "2220",
    "(2015)",
    "https://undocs.org/en/A/RES/73/69",
    "http://x.org/a(b)*",
    "A/RES/73/69*",
    "A/79/722-S/2025/27",
    "\u{1}",
    "\u{7}",
    "\t",
    "é",
    "中",
    "🔫",
    ":",
    "/",
    "||",
    "&&",
    "small-arms",
    "speech",
    "resolution",
    "fr",
    "\\",
    "\u{0}",
    "\u{200b}",
    "-arms",
    "--",
    "\"\"",
    "~2",
    "^3",
    "+",
    "!",
    "[",
    "]",
    "{",
    "}",
    // Shorthand references and acronyms (the query pre-pass).
    "UNSCR",
    "SC res",
    "GA res.",
    "General Assembly resolution",
    "1540",
    "46/36 L",
    "(XXIX)",
    "ES-10/21",
    "the 1540 Committee",
    "CTBT",
    "Arms Trade Treaty",
    "PoA",
];
const QUERY_SEPS: &[&str] = &[" ", " ", "", "  "];

fn query_input() -> BoxedStrategy<String> {
    prop_oneof![
        4 => soup(pick(QUERY_PIECES), pick(QUERY_SEPS), 30),
        1 => any_text(60),
        // Deep nesting and long inputs, near and over the length limit.
        1 => (pick(&["(", "-(", "(a OR ", "\"", "title:(", "-"]), 1..1100usize, pick(&["arms", ""]))
            .prop_map(|(open, n, mid)| format!("{}{mid}{}", open.repeat(n), ")".repeat(n))),
    ]
    .boxed()
}

/// An index of the demo corpus to run queries on.
fn demo_engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
    let out = crate::util::undex()
        .arg("--index")
        .arg(&index)
        .args(["ingest", "--quiet"])
        .arg(demo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
    let engine = Engine::open(undex::index::UndexIndex::open(&index).unwrap()).unwrap();
    (dir, engine)
}

fn check_query(engine: &Engine, query: &str) -> Result<(), String> {
    let filters = Filters::default();
    let request = SearchRequest {
        query,
        filters: &filters,
        limit: 5,
        offset: 0,
        sort: undex::cli::SortOrder::Relevance,
        facets: true,
        snippets: true,
        collapse: true,
    };
    match engine.search(&request) {
        Ok(result) => {
            for hit in &result.hits {
                let chars = hit.snippet.chars().count();
                if let Some(h) = hit.highlights.iter().find(|h| h[0] > h[1] || h[1] > chars) {
                    return Err(format!(
                        "highlight {h:?} outside a snippet of {chars} characters"
                    ));
                }
            }
            Ok(())
        }
        Err(SearchError::Query(e)) => {
            let msg = e.to_string();
            // A position named in the message is inside the query.
            let len = query.chars().count().max(query.len());
            if let Some(pos) = msg
                .split("character ")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse::<usize>().ok())
            {
                if pos == 0 || pos > len {
                    return Err(format!("{msg:?} points outside the query ({len} long)"));
                }
            }
            Ok(())
        }
        Err(e) => Err(format!("index error, not a query error: {e}")),
    }
}

#[test]
fn fuzz_query_builder() {
    let (_dir, engine) = demo_engine();
    fuzz("query", query_input(), |q| check_query(&engine, q));
}

// ---------------------------------------------------------- HTML extractor

const TAGS: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "main",
    "article",
    "section",
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "template",
    "p",
    "div",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "ul",
    "ol",
    "li",
    "b",
    "i",
    "font",
    "a",
    "form",
    "select",
    "option",
    "textarea",
    "iframe",
    "svg",
    "math",
    "h1",
    "h2",
    "pre",
    "xmp",
    "plaintext",
    "frameset",
    "object",
    "button",
    "time",
    "dl",
    "dd",
];
const HTML_LEAVES: &[&str] = &[
    "small arms ",
    "A/RES/73/69 ",
    "S/RES/2220 (2015)",
    "Information Bulletin [Issue No. 3 | OCT 2019]",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "&#99999999999;",
    "&lt;script&gt;",
    "&",
    "<",
    ">",
    "\u{0}",
    "\r\n",
    "é",
    "\u{feff}",
    "<br>",
    "<hr>",
    "<!-- comment -->",
    "<!--",
    "-->",
    "<![CDATA[x]]>",
    "<!DOCTYPE html>",
    "<?xml?>",
    "<meta property=\"og:title\" content=\"An og title\">",
    "<meta name=\"DC.date\" content=\"2019-13-45\">",
    "<meta charset=\"utf-8\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=x\">",
    "<time datetime=\"2019-02-30\">x</time>",
    "<time datetime=\"\">",
    "</p>",
    "</div>",
    "</table>",
    "</font>",
    "</body>",
    "</html>",
    "<p>",
    "<li>",
    "<td>",
    "<tr>",
    "<font color=1>",
    "<html lang=\"zz-ZZ\">",
    "<html lang=\"\">",
    "<div role=\"main\">",
    "<div id=\"content\">",
    "<div hidden>",
    "<div style=\"display:none\">",
    "<link rel=\"canonical\" href=\"http://[::1\">",
    "<a href=\"https://undocs.org/A/RES/73/69\">",
    "<input type=hidden>",
    "<img alt=\"x\">",
    "<td colspan=999999999>",
];

fn html_tree() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![pick(HTML_LEAVES).prop_map(str::to_string), any_text(20)];
    leaf.prop_recursive(8, 300, 8, |inner| {
        (
            pick(TAGS),
            prop::collection::vec(inner, 0..8),
            any::<bool>(),
        )
            .prop_map(|(tag, kids, close)| {
                let close = if close {
                    format!("</{tag}>")
                } else {
                    String::new()
                };
                format!("<{tag}>{}{close}", kids.concat())
            })
    })
}

fn html_input() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        4 => html_tree().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..4096),
        // Deep nesting and misnesting, which HTML parsers handle quadratically.
        1 => (pick(&["<div>", "<ul><li>", "<table><tr><td>", "<p><font color=1>x", "<b><i>", "<a href=x>",
                     "<select><option>", "<svg>", "<template>", "<object>", "<table>", "<td>"]),
              1..5000usize, pick(HTML_LEAVES))
            .prop_map(|(open, n, leaf)| format!("<html><body>{}{leaf}", open.repeat(n)).into_bytes()),
        // Real-looking bytes with invalid UTF-8 or Windows-1252.
        1 => (html_tree(), prop::collection::vec(any::<u8>(), 0..64))
            .prop_map(|(s, junk)| { let mut b = s.into_bytes(); let at = b.len() / 2; b.splice(at..at, junk); b }),
    ]
    .boxed()
}

fn check_html(bytes: &[u8]) -> Result<(), String> {
    let bytes = bytes.to_vec();
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || -> Result<(), String> {
            let Ok(raw) = undex::extract::html::extract(Path::new("fuzz.html"), &bytes) else {
                return Ok(());
            };
            if let Some(t) = &raw.title {
                if t.trim().is_empty() || t.chars().count() > 201 {
                    return Err(format!("bad title {t:?}"));
                }
            }
            if raw.body.contains('\0') {
                return Err("NUL in body".into());
            }
            // The rest of the pipeline on what the extractor produced.
            let doc = undex::document::Document::from_raw(raw);
            if doc.id.is_empty() || doc.hash.is_empty() {
                return Err("document without id or hash".into());
            }
            Ok(())
        })
        .unwrap();
    worker.join().unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("panicked: {msg}"))
    })
}

#[test]
fn fuzz_html_extractor() {
    fuzz("html", html_input(), |b| check_html(b));
}

// ------------------------------------------------------------- regressions

#[test]
fn fuzz_regressions_stay_fixed() {
    let (_dir, engine) = demo_engine();
    let mut failures = Vec::new();
    failures.extend(replay::<String>("symbol", |s| check_symbol(s)));
    failures.extend(replay::<String>("scan", |s| check_scan(s)));
    failures.extend(replay::<String>("reference", |s| check_references(s)));
    failures.extend(replay::<String>("query", |q| check_query(&engine, q)));
    failures.extend(replay::<Vec<u8>>("html", |b| check_html(b)));
    assert!(failures.is_empty(), "regressions:\n{}", failures.join("\n"));
}
