//! Bad queries, symbols, filters and batch lines on every command: either a
//! useful answer (exit 0 or 1) or exit 2 with a message that points at the
//! problem; never a panic, never an abort. (tests/cli.rs has the basic
//! unbalanced-quote, lone-OR and unknown-field cases; these go further.)

use std::sync::OnceLock;

use crate::util::{shared_corpus, stderr, stdout, Workspace};

fn index() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo");
        let out = ws.ingest(&[&shared_corpus("bulletins"), &demo]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ws
    })
}

/// What a command must do: answer (exit 0 or 1), or fail (exit 2) with a
/// message containing the text.
#[derive(Debug, Clone, Copy)]
enum Want {
    Answer,
    Fails(&'static str),
}
use Want::{Answer, Fails};

fn check(args: &[&str], want: Want) {
    let out = index().run(args);
    let err = stderr(&out);
    let shown: Vec<String> = args.iter().map(|a| a.chars().take(60).collect()).collect();
    assert!(
        !err.contains("panicked") && !err.contains("memory allocation"),
        "{shown:?} crashed: {err}"
    );
    match want {
        Answer => assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{shown:?}: expected an answer, got {:?}: {err}",
            out.status.code()
        ),
        Fails(text) => {
            assert_eq!(
                out.status.code(),
                Some(2),
                "{shown:?} should fail: {}",
                stdout(&out)
            );
            assert!(
                err.starts_with("undex: "),
                "{shown:?}: not an undex message: {err}"
            );
            assert!(
                err.contains(text),
                "{shown:?}: message {err:?} lacks {text:?}"
            );
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{shown:?}: one line: {err}"
            );
        }
    }
}

#[test]
fn malformed_queries_get_an_answer_or_a_message_naming_the_problem() {
    let ten_thousand = "x".repeat(10_000);
    let nested = format!("{}arms{}", "(".repeat(32), ")".repeat(32));
    let too_deep = format!("{}arms{}", "(".repeat(998), ")".repeat(998));
    let deep_not = format!("{}arms{}", "(-a ".repeat(300), ")".repeat(300));
    let or_chain = vec!["arms"; 240].join(" OR ");
    let many_symbols = "A/RES/73/69 ".repeat(160);
    let cases: Vec<(&str, Want)> = vec![
        // Quotes and brackets.
        ("\"", Fails("quote at character 1")),
        ("\"\"\"", Fails("quote at character 3")),
        ("arms\"trade", Fails("quote at character 5")),
        ("title:\"arms", Fails("quote at character 7")),
        ("((arms)", Fails("'(' at character 1 is never closed")),
        ("arms))", Fails("')' at character 5 has no '('")),
        (")(", Fails("')' at character 1")),
        ("S/RES/2220(", Fails("'(' at character 11")),
        ("resolution 2220 (2015", Fails("'(' at character 17")),
        ("()", Fails("no word to search for")),
        ("( AND ) ()", Fails("no word to search for")),
        ("arms ()", Answer),
        ("[arms TO trade]", Answer),
        ("{}", Answer),
        (&nested, Answer),
        (
            &too_deep,
            Fails("the '(' at character 33 nests brackets more than 32 deep"),
        ),
        (&deep_not, Fails("nests brackets more than 32 deep")),
        // Lone operators.
        ("AND", Fails("no word to search for")),
        ("arms AND", Answer),
        ("NOT", Fails("'NOT' at character 1 needs a term after it")),
        ("||", Fails("'OR' at character 1 needs a term before it")),
        (
            "arms OR OR trade",
            Fails("'OR' at character 6 needs a term after it"),
        ),
        ("A / RES / 73 / 69 OR", Fails("needs a term after it")),
        ("&& AND", Fails("no word to search for")),
        ("-", Answer),
        ("- -", Answer),
        ("arms -", Answer),
        ("arms - trade", Answer),
        ("-arms", Answer),
        ("-(arms)", Answer),
        ("-\"arms trade\"", Answer),
        ("-symbol:A/RES/73/69", Answer),
        ("arms -trade", Answer),
        ("arms (-trade)", Answer),
        ("(-arms)", Answer),
        // Fields.
        ("symbol:", Fails("'symbol:' needs a value")),
        ("lang:", Fails("'lang:' needs a value")),
        ("symbol:foo", Fails("'foo' is not a UN document symbol")),
        ("cites:123", Fails("'123' is not a UN document symbol")),
        ("type:nonsense", Fails("unknown type 'nonsense'")),
        ("topic:nonsense", Fails("unknown topic 'nonsense'")),
        ("Title:arms", Answer),
        ("lang:zz", Fails("lang:zz: not a language code")),
        ("lang:xyz", Fails("lang:xyz: not a language code")),
        ("title:\"\"", Answer),
        ("title::", Answer),
        (":", Answer),
        // URLs, paths and symbols with parentheses and asterisks.
        ("http://example.com/a?b=c&d=(e)", Answer),
        ("undocs.org/A/RES/73/69", Answer),
        ("(A/RES/73/69)", Answer),
        ("(S/RES/2220 (2015))", Answer),
        ("S/RES/(2015)", Answer),
        ("A/RES/", Answer),
        ("/", Answer),
        ("//", Answer),
        ("*", Answer),
        ("**", Answer),
        ("* arms", Answer),
        ("*arms*", Answer),
        ("A/RES/73/69** (Part II)*", Answer),
        ("arms~2 arms^3 +arms !arms", Answer),
        ("\\", Answer),
        // Control characters, escapes, other scripts.
        ("\u{1b}[31marms\u{1b}[0m", Answer),
        ("arms\u{0}trade", Answer),
        ("\u{7f}\u{85}\u{2028}arms", Answer),
        ("\t\r\n", Fails("empty query")),
        ("\u{200b}", Answer),
        ("🔫 arms", Answer),
        ("résolution désarmement", Answer),
        ("中文 العربية русский", Answer),
        // Size.
        (
            &ten_thousand,
            Fails("10000 characters long; the limit is 2000"),
        ),
        (&or_chain, Answer),
        (&many_symbols, Answer),
    ];
    for (query, want) in cases {
        if query.contains('\0') {
            continue; // argv cannot carry NUL; batch below does
        }
        check(&["search", query, "--format", "json"], want);
        check(&["search", query, "--facets", "--limit", "3"], want);
    }
}

#[test]
fn bad_symbols_filters_and_options_are_clear_errors() {
    let long_symbol = format!("{}1", "A/".repeat(3000));
    let cases: Vec<(Vec<&str>, Want)> = vec![
        // Symbols.
        (vec!["get", ""], Fails("empty symbol")),
        (vec!["get", "*"], Fails("empty symbol")),
        (
            vec!["get", "arms"],
            Fails("\"arms\": not a document symbol"),
        ),
        (
            vec!["cites", "123"],
            Fails("\"123\": not a document symbol (a number)"),
        ),
        (vec!["get", "A//73"], Fails("empty component")),
        (vec!["cites", "A/RES/"], Fails("empty component")),
        (vec!["get", "S/RES/2220 (2015"], Answer), // read as S/RES/2220 (2015)
        (
            // The UN's own resolver link names the symbol.
            vec!["get", "https://undocs.org/en/A/RES/73/69"],
            Answer,
        ),
        (vec!["get", "A/79/722-S/2025/27"], Fails("joint symbol")),
        (vec!["get", "A/RES/73/69*"], Answer),
        (vec!["get", "a / res / 99 / 999"], Answer),
        (vec!["get", &long_symbol], Answer),
        (vec!["cites", &long_symbol], Answer),
        // Filters.
        (
            vec!["search", "arms", "--from", "2019-13"],
            Fails("--from \"2019-13\": no such day in the calendar (month 13 does not exist)"),
        ),
        (
            vec!["search", "arms", "--to", "2019-02-30"],
            Fails("--to \"2019-02-30\": no such day in the calendar (February 2019 has 28 days)"),
        ),
        (
            vec!["search", "arms", "--from", "20xx"],
            Fails("not a date"),
        ),
        (
            vec!["search", "arms", "--from", "2020", "--to", "2010"],
            Fails("--from 2020 is after --to 2010"),
        ),
        (
            vec!["search", "arms", "--topic", "nosuch"],
            Fails("--topic \"nosuch\": unknown topic"),
        ),
        (
            vec!["search", "arms", "--symbol", "not a symbol"],
            Fails("--symbol \"not a symbol\""),
        ),
        (
            vec!["search", "arms", "--symbol", ""],
            Fails("--symbol \"\": empty symbol"),
        ),
        (
            vec!["search", "arms", "--type", "x"],
            Fails("--type \"x\": unknown type"),
        ),
        (vec!["search", "arms", "--lang", ""], Fails("--lang \"\"")),
        (
            vec!["search", "arms", "--fields", "nosuch", "--format", "csv"],
            Fails("unknown field \"nosuch\""),
        ),
        // Sizes that once made tantivy allocate terabytes and abort.
        (vec!["search", "arms", "--limit", "99999999999"], Answer),
        (vec!["search", "arms", "--offset", "99999999999999"], Answer),
        (
            vec![
                "search",
                "*",
                "--limit",
                "18446744073709551615",
                "--offset",
                "1",
            ],
            Answer,
        ),
        (
            vec![
                "search",
                "*",
                "--sort",
                "date",
                "--limit",
                "18446744073709551615",
            ],
            Answer,
        ),
        (
            vec!["cites", "A/RES/73/69", "--limit", "18446744073709551615"],
            Answer,
        ),
        (vec!["search", "arms", "--limit", "0"], Answer),
        // Facets.
        (
            vec!["facets", "year", "\"unclosed"],
            Fails("unbalanced quote"),
        ),
        (vec!["facets", "topic", "-arms"], Answer),
        (vec!["facets", "symbol", "--prefix", "A//"], Answer),
        (vec!["facets", "symbol", "--prefix", "/"], Answer),
        (
            vec!["facets", "topic", "--prefix", "nonsense"],
            Fails("--prefix"),
        ),
    ];
    for (args, want) in cases {
        check(&args, want);
    }
}

#[test]
fn batch_answers_every_line_in_order_and_names_each_bad_one() {
    let ws = index();
    let input = ws.dir.path().join("batch-bad.txt");
    let mut bytes = Vec::new();
    for line in [
        &b"small arms"[..],
        b"\"unclosed",
        b"",
        br#"{"query": "arms", "id": "q1", "from": "2019-13"}"#,
        br#"{"query": 5}"#,
        b"{broken json",
        br#"{"query": "arms", "limit": -1}"#,
        br#"{"query": "arms", "limit": 99999999999999, "offset": 99999999999999}"#,
        br#"{"query": "arms", "bogus": 1}"#,
        b"AND",
        b"-arms",
        b"arms\xff\xfe trade",
        b"arms\x00\x01trade",
        b"   ",
        b"ammunition\r",
        b"*",
    ] {
        bytes.extend_from_slice(line);
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(&"x".repeat(10_000).into_bytes());
    std::fs::write(&input, &bytes).unwrap();
    let out = ws.run(&["batch", &input.display().to_string(), "--limit", "1"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(2), "bad lines make exit 2: {err}");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let numbers: Vec<u64> = lines.iter().map(|l| l["line"].as_u64().unwrap()).collect();
    // Blank lines (3, 14) are passed over; every other line has an answer.
    assert_eq!(
        numbers,
        vec![1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17],
        "{lines:#?}"
    );
    let by_line = |n: u64| lines.iter().find(|l| l["line"] == n).unwrap();
    for (n, text) in [
        (2, "unbalanced quote"),
        (
            4,
            "\"from\": \"2019-13\": no such day in the calendar (month 13 does not exist)",
        ),
        (5, "\"query\" must be a string"),
        (6, "invalid JSON"),
        (7, "\"limit\" must be a non-negative integer"),
        (9, "bogus"),
        (10, "no word to search for"),
        (17, "the limit is 2000"),
    ] {
        let e = by_line(n)["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {n}: {:?}", by_line(n)));
        assert!(e.contains(text), "line {n}: {e:?} lacks {text:?}");
        assert!(
            err.contains(&format!("undex: batch line {n}: ")),
            "line {n} not on stderr: {err}"
        );
    }
    assert_eq!(by_line(4)["id"], "q1");
    for n in [1, 8, 11, 12, 13, 15, 16] {
        assert!(
            by_line(n)["total"].is_u64(),
            "line {n} should be answered: {:?}",
            by_line(n)
        );
    }
}
