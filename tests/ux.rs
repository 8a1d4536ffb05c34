//! A new user's first hour (issue 16): every stumble found by trying undex
//! as a newcomer would, each pinned by a test on the project's own demo
//! corpus (`corpus/demo/`) or on files the test writes. The README's
//! examples run in `readme_examples_run_as_written` (shared data).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::json::GetJson;
use crate::util::{shared, stderr, stdout, undex, Workspace};

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo")
}

/// One index of the demo corpus for the tests that only read it.
fn demo() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        let out = ws.ingest(&[&demo_dir()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ws
    })
}

/// How many documents `query` matches (given after `--`, so that a query
/// starting with '-' is a query).
fn total(ws: &Workspace, query: &str) -> u64 {
    let out = ws.run(&["search", "--format", "json", "--limit", "0", "--", query]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query:?}: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["total"].as_u64().unwrap()
}

/// The possible values clap lists for `--format` in a command's help.
fn formats_in_help(cmd: &str) -> Vec<String> {
    let out = undex().args([cmd, "--help"]).output().unwrap();
    let help = stdout(&out);
    let line = help
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("--format"))
        .take(12)
        .collect::<Vec<_>>()
        .join(" ");
    ["text", "json", "jsonl", "csv"]
        .iter()
        .filter(|f| {
            line.contains(&format!("{f}:"))
                || line.contains(&format!("{f},"))
                || line.contains(&format!("{f}]"))
        })
        .map(std::string::ToString::to_string)
        .collect()
}

#[test]
fn each_command_accepts_and_lists_exactly_its_formats() {
    for (cmd, want) in [
        ("search", vec!["text", "json", "jsonl", "csv"]),
        ("cites", vec!["text", "json", "jsonl", "csv"]),
        ("facets", vec!["text", "json", "jsonl", "csv"]),
        ("get", vec!["text", "json"]),
        ("stats", vec!["text", "json"]),
        ("batch", vec!["jsonl", "csv"]),
    ] {
        assert_eq!(formats_in_help(cmd), want, "{cmd} --help");
    }
    let ws = demo();
    for args in [
        &["get", "A/RES/73/69", "--format", "csv"][..],
        &["stats", "--format", "csv"],
        &["batch", "--format", "text"],
    ] {
        let out = ws.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("invalid value"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn get_json_hits_are_search_hits() {
    let out = demo().run(&["get", "A/RES/73/69", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: GetJson = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("get JSON: {e}\n{}", stdout(&out)));
    assert!(!json.hits.is_empty());
    for h in &json.hits {
        assert_eq!(h.score, None, "a look-up has no score");
        assert!(!h.snippet.is_empty(), "the opening of the text");
        assert!(h.highlights.is_empty());
    }
}

#[test]
fn paging_lines_are_true() {
    let ws = demo();
    let n = total(ws, "small arms");
    assert!(n >= 3, "{n}");
    let first = |args: &[&str]| {
        let mut a = vec!["search", "small arms"];
        a.extend_from_slice(args);
        stdout(&ws.run(&a)).lines().next().unwrap_or("").to_string()
    };
    assert!(
        first(&["--limit", "2"]).contains("(showing 1-2,"),
        "{}",
        first(&["--limit", "2"])
    );
    let past = first(&["--offset", "100"]);
    assert!(
        past.contains(&format!("{n} documents match"))
            && past.contains("none shown: --offset 100 is past the last"),
        "{past}"
    );
    let zero = first(&["-n", "0"]);
    assert!(zero.contains("none shown: --limit 0"), "{zero}");
    let last = first(&["--offset", &(n - 1).to_string()]);
    assert!(last.contains(&format!("(showing {n},")), "{last}");
}

#[test]
fn plurals_agree_with_their_numbers() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("two");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "A note on zebrafish and disarmament.\n").unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "A note on disarmament recalling resolution 73/69 of the General Assembly.\n",
    )
    .unwrap();
    ws.ingest(&[&dir]);
    let text = stdout(&ws.run(&["search", "zebrafish"]));
    assert!(text.starts_with("1 document matches (showing 1,"), "{text}");
    let text = stdout(&ws.run(&["search", "disarmament"]));
    assert!(
        text.starts_with("2 documents match (showing 1-2,"),
        "{text}"
    );
    let text = stdout(&ws.run(&["cites", "A/RES/73/69"]));
    assert!(text.starts_with("1 document cites A/RES/73/69\n"), "{text}");
    let out = ws.run(&["get", "A/RES/73/69"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("(1 document cites it)"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&ws.run(&["stats"]));
    assert!(text.contains("2 files"), "{text}");
}

#[test]
fn impossible_dates_are_called_impossible() {
    let out = demo().run(&["search", "arms", "--from", "2019-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("\"2019-02-30\"")
            && err.contains("no such day")
            && err.contains("February 2019 has 28 days"),
        "{err}"
    );
    let out = demo().run(&["search", "arms", "--from", "2019/02/01"]);
    assert!(
        stderr(&out).contains("not a date (use YYYY"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn symbol_facets_read_as_symbols_in_numeric_order() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("series.jsonl");
    let mut lines = String::new();
    for n in [266, 27, 3, 100] {
        lines.push_str(&format!(
            "{{\"symbol\": \"A/RES/73/{n}\", \"title\": \"Resolution {n}\", \"date\": \"2018-12-05\", \"text\": \"disarmament text {n}\"}}\n"
        ));
    }
    lines.push_str("{\"symbol\": \"A/RES/72/5\", \"title\": \"Earlier\", \"date\": \"2017-12-04\", \"text\": \"disarmament\"}\n");
    std::fs::write(&file, lines).unwrap();
    ws.ingest(&[&file]);
    let out = ws.run(&["facets", "symbol", "--prefix", "A/RES"]);
    let text = stdout(&out);
    let labels: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(labels, ["A/RES/72", "A/RES/73"], "{text}");
    let out = ws.run(&["facets", "symbol", "--prefix", "A/RES/73"]);
    let text = stdout(&out);
    let labels: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        labels,
        ["A/RES/73/3", "A/RES/73/27", "A/RES/73/100", "A/RES/73/266"],
        "{text}"
    );
    let out = ws.run(&["facets", "symbol", "--prefix", "A/RES", "--sort", "count"]);
    let first = stdout(&out).lines().next().unwrap_or("").to_string();
    assert!(
        first.starts_with("A/RES/73 "),
        "largest count first: {first}"
    );
}

#[test]
fn highlights_use_marks_that_un_text_does_not() {
    let ws = demo();
    let out = ws.run(&["search", "ammunition", "--limit", "3"]);
    let text = stdout(&out);
    assert!(
        text.contains("⟦ammunition⟧") || text.contains("⟦Ammunition⟧"),
        "{text}"
    );
    assert!(!text.contains("\x1b["), "no colour into a pipe");
    // Forced colour wins over NO_COLOR (set by the test harness), as --help says.
    let out = ws.run(&["--color", "always", "search", "ammunition", "--limit", "1"]);
    let text = stdout(&out);
    assert!(text.contains("\x1b[1;33m"), "{text}");
    assert!(!text.contains('⟦'));
    let help = stdout(&undex().arg("--help").output().unwrap());
    assert!(
        help.contains("despite NO_COLOR") && help.contains('⟦'),
        "{help}"
    );
}

#[test]
fn pipes_keep_whole_lines() {
    // Not a terminal: one line per snippet, however long.
    let text = stdout(&demo().run(&["search", "small arms", "--limit", "5"]));
    let snippet_lines = text
        .lines()
        .filter(|l| l.starts_with("     ") && l.contains('⟦'))
        .count();
    assert!(snippet_lines >= 3, "{text}");
    assert!(
        text.lines().any(|l| l.chars().count() > 100),
        "long snippets stay on one line in a pipe: {text}"
    );
}

#[test]
fn fields_pick_and_order_what_is_printed() {
    let ws = demo();
    let out = ws.run(&[
        "search",
        "small arms",
        "--fields",
        "date,symbol",
        "--limit",
        "3",
    ]);
    let text = stdout(&out);
    let hits: Vec<&str> = text.lines().skip(2).filter(|l| !l.is_empty()).collect();
    assert_eq!(hits.len(), 3, "{text}");
    for l in hits {
        let mut parts = l.split_whitespace().skip(1);
        let date = parts.next().unwrap();
        assert!(
            date.len() == 10 && date.as_bytes()[4] == b'-' || date == "no",
            "date first: {l}"
        );
    }
    let out = ws.run(&[
        "search",
        "small arms",
        "--format",
        "jsonl",
        "--fields",
        "title,symbol,date",
    ]);
    for line in stdout(&out).lines() {
        let t = line.find("\"title\"").unwrap();
        let s = line.find("\"symbol\"").unwrap();
        let d = line.find("\"date\"").unwrap();
        assert!(t < s && s < d, "keys in the order asked: {line}");
    }
}

#[test]
fn an_unquoted_query_is_one_query() {
    let ws = demo();
    let quoted = total(ws, "small arms");
    let out = ws.run(&[
        "search", "small", "arms", "--format", "json", "--limit", "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"].as_u64(), Some(quoted));
    assert_eq!(v["query"], "small arms");
    assert_eq!(
        v["hits"].as_array().unwrap().len(),
        1,
        "options after the words apply"
    );
    let out = ws.run(&["facets", "year", "small", "arms", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn not_prefix_and_star_are_operators() {
    let ws = demo();
    let all = total(ws, "*");
    let ammo = total(ws, "ammunition");
    assert!(ammo > 0 && ammo < all, "{ammo} of {all}");
    let out = ws.run(&["search", "--", "-ammunition"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for q in ["-ammunition", "* -ammunition", "NOT ammunition"] {
        assert_eq!(total(ws, q), all - ammo, "{q}");
    }
    assert_eq!(total(ws, "* ammunition"), ammo);
    assert_eq!(
        total(ws, "-ammunition -arms"),
        all - total(ws, "ammunition OR arms")
    );
    assert!(total(ws, "arms*") >= total(ws, "\"arms\""));
    // "disarm" alone is in no demo text; disarmament is in many.
    assert_eq!(total(ws, "\"disarm\""), 0);
    assert!(total(ws, "disarm*") > 0);
    assert!(total(ws, "title:disarm*") > 0);
    assert!(total(ws, "title:disarm*") < total(ws, "disarm*"));
    assert!(
        total(ws, "non-prolif*") > 0,
        "a prefix ending a hyphenated word"
    );
    assert_eq!(total(ws, "zzzqqq*"), 0);
}

#[test]
fn unknown_languages_fail_alike_in_the_query_and_the_option() {
    for args in [
        &["search", "arms lang:xyz"][..],
        &["search", "arms", "--lang", "xyz"],
    ] {
        let out = demo().run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("xyz"), "{}", stderr(&out));
    }
}

#[test]
fn batch_errors_name_json_keys_and_years_may_be_numbers() {
    let ws = demo();
    let input = ws.dir.path().join("batch-keys.jsonl");
    std::fs::write(
        &input,
        "{\"query\": \"arms\", \"topic\": \"nosuch\"}\n{\"query\": \"arms\", \"from\": 2015}\n",
    )
    .unwrap();
    let out = ws.run(&["batch", &input.display().to_string()]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let e = lines[0]["error"].as_str().unwrap();
    assert!(e.starts_with("\"topic\": \"nosuch\""), "{e}");
    assert!(!e.contains("--topic"), "{e}");
    assert!(lines[1]["total"].is_u64(), "{:?}", lines[1]);
}

#[test]
fn ingest_of_a_missing_or_empty_path_creates_nothing() {
    let ws = Workspace::new();
    let out = ws.run(&["ingest", "/nonexistent/undex-test"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot ingest \"/nonexistent/undex-test\": no such file or folder"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.index().exists(), "no index was created");
    let empty = ws.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.md"), "not a document type").unwrap();
    let out = ws.run(&["ingest", &empty.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nothing to ingest in"),
        "{}",
        stderr(&out)
    );
    assert!(!ws.index().exists(), "no index was created");
    let out = ws.run(&["search", "arms"]);
    assert!(stderr(&out).contains("no index at"), "{}", stderr(&out));
}

#[test]
fn stats_describes_what_the_index_was_built_from() {
    let ws = Workspace::new();
    let src = ws.dir.path().join("mine");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(demo_dir().join("a-res-73-69.txt"), src.join("a.txt")).unwrap();
    ws.ingest(&[&src]);
    // Another folder and corpus: stats still describes the index's inputs.
    let other = tempfile::tempdir().unwrap();
    let out = undex()
        .current_dir(other.path())
        .arg("--index")
        .arg(ws.index())
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let inputs = v["built_from"].as_array().expect("built_from recorded");
    assert_eq!(inputs.len(), 1, "{v}");
    assert_eq!(
        Path::new(inputs[0]["path"].as_str().unwrap()),
        src.canonicalize().unwrap()
    );
    assert_eq!(inputs[0]["files"], 1);
    assert!(
        v.get("corpus_path").is_none(),
        "no claim about ./corpus: {v}"
    );
    let text = stdout(&ws.run(&["stats"]));
    assert!(text.contains("built from"), "{text}");
    // An index with no record says so.
    std::fs::remove_file(ws.index().join("undex-built-from.json")).unwrap();
    let text = stdout(&ws.run(&["stats"]));
    assert!(text.contains("built from  not recorded"), "{text}");
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = undex().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        assert!(
            text.contains("undex") && text.contains("facets") && text.contains("format"),
            "{shell}"
        );
    }
    let out = undex().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = undex().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let roff = stdout(&out);
    assert!(
        roff.starts_with(".ie") || roff.starts_with(".TH"),
        "{}",
        &roff[..80.min(roff.len())]
    );
    assert!(
        roff.contains(".TH undex") && roff.contains("UNDEX SEARCH"),
        "sections per command"
    );
}

#[test]
fn crawl_without_network_reports_once_per_host_and_stops_early() {
    let ws = Workspace::new();
    let sources = ws.dir.path().join("sources.toml");
    let seeds: Vec<String> = (0..40)
        .map(|i| format!("\"http://undex-test-{}.invalid/page/{i}\"", i % 2))
        .collect();
    std::fs::write(
        &sources,
        format!(
            "[crawl]\nmin_delay_ms = 10\nbackoff_base_ms = 10\nmax_attempts = 4\ntimeout_ms = 5000\n\n\
             [[web]]\nname = \"nowhere\"\nseeds = [{}]\nallow = [\"http://undex-test-0.invalid/\", \"http://undex-test-1.invalid/\"]\nmax_depth = 0\n",
            seeds.join(", ")
        ),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = ws.run(&["crawl", "--sources", &sources.display().to_string()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{err}"
    );
    let failed: Vec<&str> = err.lines().filter(|l| l.starts_with("failed: ")).collect();
    assert_eq!(failed.len(), 2, "one line per host: {err}");
    for l in &failed {
        assert!(l.starts_with("failed: 20 URLs on undex-test-"), "{l}");
        assert!(l.contains("cannot resolve the host"), "{l}");
        assert!(!l.contains("after 4 attempts"), "not retried: {l}");
    }
    assert!(
        err.contains(" 40 failed;"),
        "summary agrees with the lines: {err}"
    );
    assert!(err.contains(" 0 retries"), "{err}");
}

/// The shell words of one README command line (double quotes only).
fn shell_words(line: &str) -> Vec<String> {
    let line = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    let mut words = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

/// A one-page PDF with these lines of text (Helvetica), written here.
fn one_page_pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 720.into()]),
    ];
    for line in lines {
        ops.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
        ops.push(Operation::new("Td", vec![0.into(), (-16).into()]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::from(page_id)], "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn ods_placeholders_are_skipped_not_failed() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("pdfs");
    std::fs::create_dir(&dir).unwrap();
    // What the document server sends for a symbol it has no file for.
    std::fs::write(
        dir.join("A_78_0.en.pdf"),
        one_page_pdf(&[
            "Symbol A/78/0: the document does not exist in the Official Document System (ODS).",
        ]),
    )
    .unwrap();
    std::fs::copy(demo_dir().join("a-res-73-69.txt"), dir.join("a.txt")).unwrap();
    let out = ws.run(&["ingest", &dir.display().to_string()]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a placeholder is not a failure: {err}"
    );
    assert!(
        err.contains("skipped \"")
            && err.contains("A_78_0.en.pdf\": ODS placeholder: the document does not exist"),
        "{err}"
    );
    assert!(
        err.contains("1 input skipped (not documents); 0 inputs failed"),
        "{err}"
    );
}

/// Tests over the shared real data (`../shared`): they fail loudly when it
/// is missing; everything else in this module runs on its own files.
mod real {
    use super::*;

    /// Every `undex` line of the README's "Using it" block, run in order over
    /// the documents it names: each must find something (exit 0).
    #[test]
    fn readme_examples_run_as_written() {
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
                .unwrap();
        let block: Vec<&str> = readme
            .split("## Using it")
            .nth(1)
            .expect("README has a 'Using it' section")
            .split("```sh")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("undex "))
            .collect();
        assert!(block.len() >= 8, "{block:?}");
        let ws = Workspace::new();
        // The README runs beside the shared data, as ../shared.
        let work = ws.dir.path().join("work");
        std::fs::create_dir(&work).unwrap();
        std::os::unix::fs::symlink(shared(), ws.dir.path().join("shared")).unwrap();
        std::fs::write(work.join("queries.txt"), "small arms\nammunition\n").unwrap();
        for line in block {
            if line.starts_with("undex crawl") {
                continue; // needs the network (see crawl_without_network_...)
            }
            let line = line.split(" #").next().unwrap_or(line);
            for part in line.split("; ") {
                let words = shell_words(part);
                let out = undex()
                    .current_dir(&work)
                    .env("UNDEX_CORPUS", ws.dir.path().join("corpus"))
                    .args(&words[1..])
                    .output()
                    .unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "README: {part}\n{}{}",
                    stdout(&out),
                    stderr(&out)
                );
                assert!(
                    !stdout(&out).is_empty() || words[1] == "ingest",
                    "README: {part}"
                );
            }
        }
        // The first command of the README, on a fresh clone: the demo index.
        let fresh = tempfile::tempdir().unwrap();
        let out = undex()
            .current_dir(fresh.path())
            .env(
                "UNDEX_CORPUS",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
            )
            .args(["search", "small arms"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    #[test]
    fn the_real_ods_placeholders_are_skipped() {
        let ws = Workspace::new();
        let pdfs = shared().join("corpus/un-pdf");
        let out = ws.run(&[
            "ingest",
            &pdfs.join("A_78_375.en.pdf").display().to_string(),
            &pdfs.join("A_78_891.en.pdf").display().to_string(),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert_eq!(
            err.matches("ODS placeholder: the document does not exist")
                .count(),
            2,
            "{err}"
        );
    }
}
