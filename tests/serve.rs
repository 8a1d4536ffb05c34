//! `undex serve`: the HTTP API answers what the CLI prints, every endpoint's
//! success and error codes, escaping of hostile documents, reload after a
//! concurrent ingest, limits, shutdown, and a real headless browser that
//! clicks through the page. All over the project's own demo corpus plus
//! fixtures written here; no shared data needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::{stdout, undex, Workspace};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo")
}

/// A document whose title and body try to inject markup: the page must
/// show it as text. Written here (no third-party text).
const HOSTILE: &str = "A/RES/99/7
<script>document.title='pwned'</script> \"><img src=x onerror=alert(1)> Hostile markup test
Distr.: General
3 March 2021

This text about small arms carries <script>document.title='pwned'</script> and \"><img src=x onerror=alert(2)> in its body, and cites resolution 73/69.
";

/// A workspace with an index of the demo corpus and the hostile fixture.
fn demo_workspace() -> Workspace {
    let ws = Workspace::new();
    let fixtures = ws.dir.path().join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    std::fs::write(fixtures.join("hostile.txt"), HOSTILE).unwrap();
    let out = ws.ingest(&[&demo(), &fixtures]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ingest of the demo corpus: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ws
}

/// A running `undex serve` on a free loopback port.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    /// The line `undex serve` prints on start.
    banner: String,
}

impl Server {
    fn start(ws: &Workspace, extra: &[&str]) -> Server {
        Self::start_with(ws, &[], extra)
    }

    fn start_with(ws: &Workspace, global: &[&str], extra: &[&str]) -> Server {
        let mut cmd = undex();
        cmd.arg("--index")
            .arg(ws.index())
            .arg("--corpus")
            .arg(ws.dir.path().join("corpus"))
            .args(global)
            .arg("serve");
        if !extra.contains(&"--addr") {
            cmd.args(["--addr", "127.0.0.1:0"]);
        }
        let mut child = cmd
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start undex serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .expect("read the serve address");
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}; stderr: {:?}", log.lock().unwrap()))
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            base,
            log,
            banner: first,
        }
    }

    fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn get(&self, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
        let r = client().get(self.url(path)).send().expect("GET");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (status, r.text().unwrap(), headers)
    }

    fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, body, headers) = self.get(path);
        assert_eq!(
            headers.get("content-type").map(|v| v.to_str().unwrap()),
            Some("application/json"),
            "{path}: {body}"
        );
        (
            status,
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")),
        )
    }

    fn post(&self, path: &str, body: Vec<u8>) -> (u16, String) {
        let r = client()
            .post(self.url(path))
            .body(body)
            .send()
            .expect("POST");
        (r.status().as_u16(), r.text().unwrap())
    }

    /// Sends raw bytes (a request no client library would send as is)
    /// and returns the status code.
    fn raw(&self, request: &str) -> u16 {
        let mut s = TcpStream::connect(self.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf);
        text.split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no status in {text:?}"))
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM, then the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The CLI's JSON for `args` on the same index.
fn cli_json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws.run(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Twenty searches: the API's `total`, `hits` and `facets` equal the CLI's
/// `--format json` for the same query and options.
#[test]
fn api_search_answers_what_the_cli_prints() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    // (query, extra CLI options as API parameters)
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("small arms", &[]),
        ("ammunition", &[]),
        ("nuclear", &[]),
        ("A/RES/73/69", &[]),
        ("arms trade treaty", &[("type", "resolution")]),
        ("\"illicit trade\"", &[]),
        ("weapons OR ammunition", &[("limit", "5"), ("offset", "2")]),
        ("chemical weapons", &[("sort", "date")]),
        ("resolution 73/69", &[]),
        ("S/RES/2220 (2015)", &[]),
        ("stockpile", &[("from", "2015")]),
        ("title:ammunition", &[]),
        ("explosive", &[("lang", "en")]),
        ("arms -nuclear", &[("to", "2018-12-31")]),
        ("transparency", &[("facets", "1")]),
        ("*", &[("symbol", "A/RES"), ("limit", "20")]),
        ("marking tracing", &[]),
        ("mosaic", &[("topic", "small-arms")]),
        (
            "weapons",
            &[("topic", "small-arms"), ("topic", "ammunition")],
        ),
        ("zzzznothingmatches", &[]),
    ];
    let mut nonempty = 0;
    for (q, opts) in cases {
        let mut args = vec![
            "search".to_string(),
            q.to_string(),
            "--format".into(),
            "json".into(),
        ];
        let mut path = format!("/api/search?q={}", enc(q));
        for (k, v) in *opts {
            if *k == "facets" {
                args.push("--facets".into());
            } else {
                args.push(format!("--{k}"));
                args.push(v.to_string());
            }
            path.push_str(&format!("&{k}={}", enc(v)));
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let cli = cli_json(&ws, &refs);
        let (status, api) = server.get_json(&path);
        assert_eq!(status, 200, "{path}: {api}");
        for key in ["query", "total", "hits", "facets"] {
            assert_eq!(api.get(key), cli.get(key), "{path}: key {key} differs");
        }
        if cli["total"].as_u64().unwrap() > 0 {
            nonempty += 1;
        }
    }
    assert!(
        nonempty >= 15,
        "only {nonempty} of 20 queries found something"
    );
}

/// The catalogue metadata of issue 14 and the families of issue 10 reach
/// the API and the page as they reach the CLI: `subject=`, `sponsor=` and
/// `family=1` filter as `--subject`, `--sponsor` and `--family` do; the get,
/// cites and subject-facet objects equal the CLI's; search objects carry
/// the CLI's reading keys; a document page shows its vote.
#[test]
fn catalogue_filters_families_and_votes_match_the_cli() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/votes");
    let ws = Workspace::new();
    for part in [fixtures.join("texts"), fixtures.join("extract.jsonl")] {
        let out = ws.ingest(&[&part]);
        assert_eq!(out.status.code(), Some(0), "ingest {}", part.display());
    }
    let server = Server::start(&ws, &["--quiet"]);

    let got = cli_json(&ws, &["get", "A/RES/85/11", "--format", "json"]);
    let (status, api) = server.get_json("/api/get?symbol=A%2FRES%2F85%2F11");
    assert_eq!(status, 200, "{api}");
    assert_eq!(api, got, "get object differs");
    assert_eq!(api["hits"][0]["votes"]["in_favour"], 6, "{api}");
    // `lang=` is `get --lang`; an unknown language is the caller's error.
    let cli = cli_json(
        &ws,
        &["get", "A/RES/85/11", "--lang", "fr", "--format", "json"],
    );
    let (status, one) = server.get_json("/api/get?symbol=A%2FRES%2F85%2F11&lang=fr");
    assert_eq!(status, 200, "{one}");
    assert_eq!(one, cli, "get --lang object differs");
    assert_eq!(one["hits"].as_array().map(Vec::len), Some(1), "{one}");
    let (status, bad) = server.get_json("/api/get?symbol=A%2FRES%2F85%2F11&lang=zz");
    assert_eq!(status, 400, "{bad}");
    assert!(bad["error"].as_str().unwrap().contains("lang"), "{bad}");
    let sponsor = api["hits"][0]["sponsors"][0]
        .as_str()
        .expect("the fixture resolution has sponsors")
        .to_string();

    for (cli_opts, api_params) in [
        (
            vec!["--subject", "nuclear disarmament"],
            "subject=nuclear%20disarmament",
        ),
        (
            vec!["--sponsor", sponsor.as_str()],
            &*format!("sponsor={}", enc(&sponsor)),
        ),
        (
            vec!["--symbol", "A/RES/85/11", "--family"],
            "symbol=A%2FRES%2F85%2F11&family=1",
        ),
    ] {
        let mut args = vec!["search", "*", "--format", "json"];
        args.extend(&cli_opts);
        let cli = cli_json(&ws, &args);
        let (status, api) = server.get_json(&format!("/api/search?q=*&{api_params}"));
        assert_eq!(status, 200, "{api_params}: {api}");
        assert!(
            cli["total"].as_u64().unwrap() > 0,
            "{cli_opts:?} finds nothing"
        );
        for key in [
            "query",
            "total",
            "hits",
            "symbols_read",
            "expansions",
            "suggestion",
        ] {
            assert_eq!(
                api.get(key),
                cli.get(key),
                "{api_params}: key {key} differs"
            );
        }
    }
    // The reading keys of the query pre-pass, as the CLI prints them.
    let cli = cli_json(&ws, &["search", "resolution 85/11", "--format", "json"]);
    let (_, api) = server.get_json("/api/search?q=resolution%2085%2F11");
    assert!(cli.get("symbols_read").is_some(), "{cli}");
    assert_eq!(api.get("symbols_read"), cli.get("symbols_read"));

    let cli = cli_json(
        &ws,
        &["cites", "A/RES/85/11", "--family", "--format", "json"],
    );
    let (status, api) = server.get_json("/api/cites?symbol=A%2FRES%2F85%2F11&family=1");
    assert!(status == 200, "{api}");
    assert_eq!(api, cli, "cites --family object differs");
    assert!(api["family"].is_array(), "{api}");

    let cli = cli_json(&ws, &["facets", "subject", "--format", "json"]);
    let (status, api) = server.get_json("/api/facets/subject");
    assert_eq!(status, 200, "{api}");
    assert_eq!(api, cli, "subject facet differs");

    // The document page: a tally bar and the three lists for a recorded
    // vote; the outcome alone for one adopted without a vote.
    let (status, page, _) = server.get("/doc/A/RES/85/11");
    assert_eq!(status, 200);
    assert!(page.contains("class=\"tally\""), "{page}");
    assert!(page.contains("6 in favour"), "{page}");
    assert!(page.contains("UNITED STATES, ISRAEL"), "{page}");
    assert!(page.contains("INDIA, UNITED KINGDOM"), "{page}");
    let (status, page, _) = server.get("/doc/A/RES/85/13");
    assert_eq!(status, 200);
    assert!(page.contains("adopted without a vote"), "{page}");
    assert!(!page.contains("class=\"tally\""), "{page}");

    let (status, _) = server.get_json("/api/search?q=*&family=maybe");
    assert_eq!(status, 400);
}

#[test]
fn api_endpoints_succeed_and_refuse_with_the_right_codes() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);

    // get: the same object as `get --format json`; 404 when absent.
    let (s, v) = server.get_json("/api/get?symbol=a%2Fres%2F73%2F69");
    assert_eq!(s, 200);
    assert_eq!(
        v,
        cli_json(&ws, &["get", "a/res/73/69", "--format", "json"])
    );
    let (s, v) = server.get_json("/api/get?symbol=A/RES/73/69&text=1");
    assert_eq!(s, 200);
    assert!(v["hits"][0]["text"]
        .as_str()
        .unwrap()
        .contains("small arms"));
    let (s, v) = server.get_json("/api/get?symbol=A/RES/12/345");
    assert_eq!(s, 404, "{v}");
    assert!(v["error"].as_str().unwrap().contains("A/RES/12/345"));
    for bad in [
        "/api/get",
        "/api/get?symbol=hello%20world",
        "/api/get?symbol=A/RES/73/69&x=1",
    ] {
        let (s, v) = server.get_json(bad);
        assert_eq!(s, 400, "{bad}: {v}");
        assert!(!v["error"].as_str().unwrap().is_empty());
    }

    // cites
    let (s, v) = server.get_json("/api/cites?symbol=A/RES/73/69");
    assert_eq!(s, 200);
    assert_eq!(
        v,
        cli_json(&ws, &["cites", "A/RES/73/69", "--format", "json"])
    );
    assert!(v["total"].as_u64().unwrap() >= 1, "{v}");
    assert_eq!(server.get_json("/api/cites?symbol=").0, 400);
    assert_eq!(
        server.get_json("/api/cites?symbol=A/RES/73/69&limit=-1").0,
        400
    );

    // facets
    let (s, v) = server.get_json("/api/facets/symbol?prefix=A/RES");
    assert_eq!(s, 200);
    assert_eq!(
        v,
        cli_json(
            &ws,
            &["facets", "symbol", "--prefix", "A/RES", "--format", "json"]
        )
    );
    let (s, v) = server.get_json("/api/facets/year?q=small%20arms&type=resolution");
    assert_eq!(s, 200);
    assert_eq!(
        v,
        cli_json(
            &ws,
            &[
                "facets",
                "year",
                "small arms",
                "--type",
                "resolution",
                "--format",
                "json"
            ]
        )
    );
    let (s, v) = server.get_json("/api/facets/colour");
    assert_eq!(s, 404, "{v}");
    assert!(v["error"].as_str().unwrap().contains("colour"));
    let (s, v) = server.get_json("/api/facets/type?prefix=x");
    assert_eq!(s, 400, "{v}");
    let (s, v) = server.get_json("/api/facets/topic?prefix=no-such-topic");
    assert_eq!(s, 400, "{v}");

    // stats: the CLI's object, read from the same index.
    let (s, v) = server.get_json("/api/stats");
    assert_eq!(s, 200);
    let cli = cli_json(&ws, &["stats", "--format", "json"]);
    for key in [
        "documents",
        "by_type",
        "by_lang",
        "by_topic",
        "year_min",
        "year_max",
    ] {
        assert_eq!(v[key], cli[key], "stats {key}");
    }
    assert_eq!(server.get_json("/api/stats?x=1").0, 400);

    // search: each bad parameter is a 400 that names it.
    for (path, names) in [
        ("/api/search", "q"),
        ("/api/search?q=%22unclosed", "quote"),
        ("/api/search?q=arms&limit=abc", "limit"),
        ("/api/search?q=arms&limit=101", "limit"),
        ("/api/search?q=arms&offset=995", "offset"),
        ("/api/search?q=arms&lang=xx1", "lang"),
        ("/api/search?q=arms&from=yesterday", "from"),
        ("/api/search?q=arms&sort=random", "sort"),
        ("/api/search?q=arms&colour=red", "colour"),
        ("/api/search?q=arms&type=poem", "type"),
        ("/api/search?q=a&q=b", "q"),
    ] {
        let (s, v) = server.get_json(path);
        assert_eq!(s, 400, "{path}: {v}");
        let msg = v["error"].as_str().unwrap();
        assert!(msg.contains(names), "{path}: {msg:?} does not name {names}");
    }
    let long_query = "arms ".repeat(450);
    let (s, v) = server.get_json(&format!("/api/search?q={}", enc(&long_query)));
    assert_eq!(s, 400, "{v}");

    // batch: JSON Lines in and out, as `undex batch`; a bad line is an
    // error line and the rest still run.
    let input = "small arms\n{\"id\": \"q2\", \"query\": \"ammunition\", \"type\": \"resolution\"}\n{\"query\": 5}\n\nnuclear\n";
    let (s, body) = server.post("/api/batch", input.as_bytes().to_vec());
    assert_eq!(s, 200, "{body}");
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["id"], "q2");
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["line"], 5);
    let mut cli = undex();
    let cli_out = cli
        .arg("--index")
        .arg(ws.index())
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    cli_out
        .stdin
        .as_ref()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let cli_out = cli_out.wait_with_output().unwrap();
    let cli_lines: Vec<Value> = String::from_utf8_lossy(&cli_out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (a, c) in lines.iter().zip(&cli_lines) {
        for key in ["line", "id", "query", "total", "hits", "error"] {
            assert_eq!(a.get(key), c.get(key), "batch key {key}");
        }
    }
    assert_eq!(server.post("/api/batch?limit=500", b"arms".to_vec()).0, 400);

    // No write endpoint; unknown paths are 404 (JSON under /api/).
    assert_eq!(server.post("/api/search?q=arms", Vec::new()).0, 405);
    assert_eq!(server.post("/", Vec::new()).0, 405);
    assert_eq!(server.get("/api/batch").0, 405);
    let (s, v) = server.get_json("/api/nothing");
    assert_eq!(s, 404);
    assert!(v["error"].is_string());
    assert_eq!(server.get("/nothing/here").0, 404);
    assert_eq!(server.get("/static/nothing.js").0, 404);
    let (s, css, h) = server.get("/static/style.css");
    assert_eq!(s, 200);
    assert!(css.contains("@media print"));
    assert!(h["content-type"].to_str().unwrap().starts_with("text/css"));
}

#[test]
fn oversized_requests_and_path_traversal_are_refused() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    // Body over 1 MB: 413, whether declared or streamed.
    let big = "small arms\n".repeat(100_000).into_bytes();
    let (s, body) = server.post("/api/batch", big);
    assert_eq!(s, 413, "{body}");
    assert!(body.contains("error"));
    // Too many lines, under the byte limit: 413 too.
    let (s, body) = server.post("/api/batch", "arms\n".repeat(1_001).into_bytes());
    assert_eq!(s, 413, "{body}");
    // A URL over 8 KB: 414.
    let (s, body, _) = server.get(&format!("/api/search?q={}", "a".repeat(9_000)));
    assert_eq!(s, 414, "{body}");
    let (s, _, _) = server.get(&format!("/?q={}", "a".repeat(20_000)));
    assert_eq!(s, 414);
    // Path traversal, sent raw (clients would normalise the dots away).
    for target in [
        "/../../etc/passwd",
        "/static/../../etc/passwd",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/doc/../../etc/passwd",
    ] {
        let status = server.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 404, "{target}");
    }
}

#[test]
fn hostile_titles_and_bodies_are_escaped_everywhere() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    let (s, api) = server.get_json("/api/search?q=hostile");
    assert_eq!(s, 200);
    assert_eq!(api["total"], 1, "the fixture is indexed: {api}");
    let symbol = api["hits"][0]["symbol"].as_str().unwrap().to_string();
    for path in [
        "/?q=hostile".to_string(),
        "/?q=pwned".to_string(),
        format!("/?q={}", enc("<script>document.title='pwned'</script>")),
        format!("/doc/{symbol}"),
        "/?q=onerror".to_string(),
    ] {
        let (s, html, h) = server.get(&path);
        assert!(s == 200 || s == 404, "{path}: {s}");
        assert!(!html.contains("<script>document"), "{path}: raw script tag");
        assert!(!html.contains("<img"), "{path}: raw img tag");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(!html.contains("<script>"), "{path}: inline script");
    }
    let (_, doc, _) = server.get(&format!("/doc/{symbol}"));
    assert!(
        doc.contains("&lt;script&gt;document.title="),
        "escaped title shown as text"
    );
    assert!(
        doc.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "escaped body shown as text"
    );
    assert!(
        doc.contains("&quot;&gt;&lt;img"),
        "the quote cannot end an attribute"
    );
    // Highlights become <mark>, escaped text around them.
    let (_, page, _) = server.get("/?q=small+arms");
    assert!(page.contains("<mark>"), "highlights are marked");
}

/// An ingest that commits while the server runs: searches go on answering
/// throughout, and the new documents appear without a restart.
#[test]
fn new_commits_are_served_without_restart() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    let (_, before) = server.get_json("/api/search?q=quokkaword");
    assert_eq!(before["total"], 0);
    let extra = ws.dir.path().join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    for i in 0..30 {
        std::fs::write(
            extra.join(format!("note-{i}.txt")),
            format!("Note {i} on quokkaword\n\nA short note number {i} about the quokkaword survey of small arms.\n"),
        )
        .unwrap();
    }
    let mut ingest = undex()
        .arg("--index")
        .arg(ws.index())
        .args(["ingest", "--quiet"])
        .arg(&extra)
        .env("UNDEX_COMMIT_EVERY", "5")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Searching while the ingest writes and commits.
    let started = Instant::now();
    let mut last_total = 0;
    loop {
        let (s, v) = server.get_json("/api/search?q=quokkaword&limit=1");
        assert_eq!(s, 200, "{v}");
        let total = v["total"].as_u64().unwrap();
        assert!(total >= last_total, "a committed document vanished");
        last_total = total;
        if total == 30 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "only {total} of 30 new documents served after 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ingest.wait().unwrap().success());
    let (_, v) = server.get_json("/api/stats");
    assert_eq!(
        v["documents"],
        cli_json(&ws, &["stats", "--format", "json"])["documents"]
    );
}

#[test]
fn slow_and_excess_requests_get_503_and_nothing_else() {
    let ws = demo_workspace();
    // 1 ms per request: a batch of 500 searches cannot finish in time.
    let server = Server::start(&ws, &["--quiet", "--query-timeout", "1"]);
    let (s, body) = server.post("/api/batch", "small arms\n".repeat(500).into_bytes());
    assert_eq!(s, 503, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(
        v["error"].as_str().unwrap().contains("limit of 1 ms"),
        "{v}"
    );
    drop(server);

    // One request at a time, 10 clients at once: each gets its answer or
    // a 503, never anything else.
    let server = Arc::new(Server::start(&ws, &["--quiet", "--max-concurrent", "1"]));
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..10)
            .map(|i| {
                let server = server.clone();
                s.spawn(move || {
                    (0..5)
                        .map(|j| {
                            let q = ["arms", "ammunition", "nuclear", "treaty", "*"][(i + j) % 5];
                            server.get(&format!("/api/search?q={q}&facets=1")).0
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(statuses.len(), 50);
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.contains(&200));
}

#[test]
fn access_log_shutdown_and_non_loopback_notice() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &[]);
    // One search per core at once by default, and the start line says so.
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    assert!(
        server
            .banner
            .contains(&format!("({cores} requests at once)")),
        "{}",
        server.banner
    );
    assert_eq!(server.get("/api/stats").0, 200);
    assert_eq!(server.get("/api/get?symbol=A/RES/12/345").0, 404);
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    assert!(
        log.iter().any(|l| l.contains("\"GET /api/stats\" 200")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.contains("\"GET /api/get?symbol=A/RES/12/345\" 404")),
        "{log:?}"
    );
    // SIGTERM: a clean stop, exit 0.
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));

    // --quiet: no access log.
    let server = Server::start_with(&ws, &["--quiet"], &[]);
    assert_eq!(server.get("/api/stats").0, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.log().is_empty(), "{:?}", server.log());
    drop(server);

    // Listening beyond loopback is said out loud.
    let server = Server::start(
        &ws,
        &["--quiet", "--addr", "0.0.0.0:0", "--max-concurrent", "3"],
    );
    assert!(
        server.banner.contains("(3 requests at once)"),
        "{}",
        server.banner
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        server
            .log()
            .iter()
            .any(|l| l.contains("reachable from other machines")),
        "{:?}",
        server.log()
    );
    drop(server);
    // A bad address is a usage error.
    let out = ws.run(&["serve", "--addr", "localhost"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn page_filters_paginates_and_shows_documents() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    let (s, front, _) = server.get("/");
    assert_eq!(s, 200);
    assert!(front.contains("documents in the index"));
    assert!(front.contains("id=\"facet-topic\""));
    let (s, page, _) = server.get("/?q=arms&type=resolution");
    assert_eq!(s, 200);
    let cli = cli_json(
        &ws,
        &["search", "arms", "--type", "resolution", "--format", "json"],
    );
    let total = cli["total"].as_u64().unwrap();
    assert!(
        page.contains(&format!("{total} documents match")),
        "summary"
    );
    assert!(page.contains("<svg"), "year chart");
    assert!(page.contains("type: resolution"), "active filter shown");
    assert!(page.contains("id=\"facet-year\""));
    if total > 10 {
        assert!(page.contains("rel=\"next\""));
        let (s, p2, _) = server.get("/?q=arms&type=resolution&page=2");
        assert_eq!(s, 200);
        assert!(p2.contains("showing 11–"), "page 2");
    }
    // The page's hits are the API's hits, in order.
    for hit in cli["hits"].as_array().unwrap() {
        let title = hit["title"].as_str().unwrap();
        let shown = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(page.contains(&shown), "hit {title:?} on the page");
    }
    // A bad query is shown on the page with a 400.
    let (s, page, _) = server.get("/?q=%22unclosed");
    assert_eq!(s, 400);
    assert!(page.contains("quote"));
    // Document page: languages, cites, cited by.
    let (s, doc, _) = server.get("/doc/A/RES/73/69");
    assert_eq!(s, 200);
    assert!(doc.contains("Languages:"));
    // (minijinja escapes '/' in values as &#x2f;, which browsers read as '/')
    let doc = doc.replace("&#x2f;", "/");
    assert!(
        doc.contains("href=\"/doc/A/74/187\""),
        "a cited symbol links"
    );
    assert!(doc.contains("Cited by ("));
    let (s, _, _) = server.get("/doc/A/RES/12/345");
    assert_eq!(s, 404);
    let (s, _, _) = server.get("/doc/S/RES/2220%20(2015)");
    assert_eq!(s, 200);
}

/// A General Debate speech, named as the UN General Debate Corpus names its
/// files: no symbol, so it is found by the source it was ingested from.
/// Written here (no third-party text).
const SPEECH: &str = "Mr. President, my delegation speaks from the foot of Mount Aragats.
We support the work on small arms and recall resolution A/RES/73/69 of this Assembly.
";

#[test]
fn documents_without_a_symbol_have_a_page_and_an_api_key() {
    let ws = Workspace::new();
    let speeches = ws.dir.path().join("speeches");
    std::fs::create_dir_all(&speeches).unwrap();
    std::fs::write(speeches.join("ARM_53_1998.txt"), SPEECH).unwrap();
    let web = ws.dir.path().join("web");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("briefing.html"), WEB_PAGE).unwrap();
    let out = ws.ingest(&[&demo(), &speeches, &web]);
    assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
    let server = Server::start(&ws, &["--quiet"]);

    // The search hit: no symbol; its source is the key.
    let (s, found) = server.get_json("/api/search?q=Aragats");
    assert_eq!(s, 200);
    let hit = &found["hits"][0];
    assert_eq!(hit["symbol"], Value::Null, "{hit}");
    let source = hit["source"].as_str().unwrap().to_string();
    assert!(source.ends_with("ARM_53_1998.txt"), "{source}");
    let title = "Armenia — General Debate, 53rd session (1998)";
    assert_eq!(hit["title"], title);

    // /api/get by source: the get object, with the source and no symbol.
    let (s, v) = server.get_json(&format!("/api/get?source={}&text=1", enc(&source)));
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["symbol"], Value::Null);
    assert_eq!(v["source"], source.as_str());
    let got = &v["hits"][0];
    assert_eq!(got["title"], title);
    assert_eq!(got["cites"], json!(["A/RES/73/69"]));
    assert_eq!(got["cited_by"], 0);
    assert!(got["text"].as_str().unwrap().contains("Mount Aragats"));
    // A source no document came from: 404 naming it; bad values: 400.
    let (s, v) = server.get_json("/api/get?source=%2Fno%2Fsuch%2Fspeech.txt");
    assert_eq!(s, 404, "{v}");
    assert!(v["error"].as_str().unwrap().contains("/no/such/speech.txt"));
    for bad in [
        "/api/get?source=a%01b",
        "/api/get?source=",
        "/api/get?symbol=A/RES/73/69&source=x.txt",
        "/api/get?source=x.txt&lang=xx",
    ] {
        let (s, v) = server.get_json(bad);
        assert_eq!(s, 400, "{bad}: {v}");
        assert!(!v["error"].as_str().unwrap().is_empty());
    }

    // The search page links the hit to its page, which shows the text and
    // links what it cites. (minijinja writes '/' as &#x2f; and '&' as &amp;.)
    let unescape = |html: String| html.replace("&#x2f;", "/").replace("&amp;", "&");
    let href = format!("/doc?source={}", enc(&source));
    let (s, page, _) = server.get("/?q=Aragats");
    assert_eq!(s, 200);
    assert!(
        unescape(page).contains(&format!("href=\"{href}\"")),
        "the hit links {href}"
    );
    let (s, doc, _) = server.get(&href);
    assert_eq!(s, 200, "{doc}");
    let doc = unescape(doc);
    assert!(doc.contains(title));
    assert!(doc.contains("Mount Aragats"), "the text");
    assert!(
        doc.contains("href=\"/doc/A/RES/73/69\""),
        "a cited symbol links"
    );
    assert!(doc.contains("Languages:"));
    // The page of what it cites lists it, linked by source.
    let (s, cited, _) = server.get("/doc/A/RES/73/69");
    assert_eq!(s, 200);
    assert!(unescape(cited).contains(&format!("href=\"{href}\"")));
    // No such source: 404; a bad request: 400.
    assert_eq!(server.get("/doc?source=%2Fno%2Fsuch.txt").0, 404);
    assert_eq!(server.get("/doc?source=").0, 400);
    assert_eq!(server.get(&format!("{href}&q=1")).0, 400);
    // A document that has a symbol is sent to its symbol's page.
    let (s, v) = server.get_json("/api/get?symbol=A/RES/73/69");
    assert_eq!(s, 200);
    let with_symbol = v["hits"][0]["source"].as_str().unwrap().to_string();
    let r = reqwest::blocking::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(server.url(&format!("/doc?source={}", enc(&with_symbol))))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{with_symbol}");
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        "/doc/A/RES/73/69?lang=en"
    );

    // A web page shows its address as its source, and that address is its
    // key: the hit links its page, and the API finds it by it.
    let url = "https://example.org/briefings/quillborough";
    let (s, found) = server.get_json("/api/search?q=Quillborough");
    assert_eq!(s, 200);
    let hit = &found["hits"][0];
    assert_eq!(hit["symbol"], Value::Null, "{hit}");
    assert_eq!(hit["source"], url, "{hit}");
    let (s, v) = server.get_json(&format!("/api/get?source={}", enc(url)));
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["hits"][0]["title"], "Quillborough depot briefing");
    let href = format!("/doc?source={}", enc(url));
    let (_, page, _) = server.get("/?q=Quillborough");
    assert!(
        unescape(page).contains(&format!("href=\"{href}\"")),
        "the web page's hit links {href}"
    );
    let (s, doc, _) = server.get(&href);
    assert_eq!(s, 200, "{doc}");
    let doc = unescape(doc);
    assert!(doc.contains("ammunition storage"), "the text: {doc}");
    assert!(
        doc.contains(&format!("href=\"{url}\"")),
        "the address links out"
    );
}

/// A web page without a symbol whose canonical address is its source.
const WEB_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><title>Quillborough depot briefing</title>
<link rel="canonical" href="https://example.org/briefings/quillborough"></head>
<body><main><h1>Quillborough depot briefing</h1>
<p>The review of the Quillborough depot looked at ammunition storage, fire
safety distances and the training of the staff who keep the records.</p>
</main></body></html>
"#;

// ---- the browser test -------------------------------------------------

/// A WebDriver session on headless Chromium through chromedriver, driven
/// with plain HTTP calls.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start() -> Browser {
        for tool in ["chromium", "chromedriver"] {
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success());
            assert!(
                found,
                "{tool} is missing: install Debian's chromium and chromium-driver (.ci/run does)"
            );
        }
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.path().display()),
                         "--window-size=1280,1000"]
            }
        }}});
        let started = Instant::now();
        let session = loop {
            match client()
                .post(format!("{base}/session"))
                .body(caps.to_string())
                .send()
            {
                Ok(r) => {
                    let v: Value = serde_json::from_str(&r.text().unwrap()).unwrap();
                    let id = v["value"]["sessionId"].as_str();
                    break id
                        .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
                        .to_string();
                }
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("chromedriver did not answer: {e}"),
            }
        };
        Browser {
            driver,
            base,
            session,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let c = client();
        let r = match method {
            "GET" => c.get(url),
            "POST" => c.post(url).body(body.to_string()),
            _ => c.delete(url),
        }
        .send()
        .unwrap();
        let v: Value = serde_json::from_str(&r.text().unwrap()).unwrap();
        if let Some(err) = v["value"].get("error") {
            panic!(
                "WebDriver {method} {path}: {err}: {}",
                v["value"]["message"]
            );
        }
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", json!({}))
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The URL once it holds `part`, or as it is after 10 s: a click that
    /// submits a form returns before the browser has navigated, and a busy
    /// machine can take a while.
    fn url_with(&self, part: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let url = self.url();
            if url.contains(part) || std::time::Instant::now() > deadline {
                return url;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.call(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        )
        .as_array()
        .unwrap_or_else(|| panic!("no element list for {css:?}"))
        .iter()
        .map(|e| e[ELEMENT].as_str().unwrap().to_string())
        .collect()
    }

    fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css:?} on {}", self.url()))
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), json!({}))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    fn script(&self, js: &str) -> Value {
        self.call("POST", "/execute/sync", json!({"script": js, "args": []}))
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.call("GET", "/screenshot", json!({}));
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(path, png).unwrap();
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = client()
            .delete(format!("{}/session/{}", self.base, self.session))
            .send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Headless Chromium types a query, submits it, clicks a facet and a
/// document link; the DOM is checked at each step, the hostile fixture
/// runs no script, and screenshots land in `target/` to look at.
#[test]
fn browser_searches_drills_down_and_opens_a_document() {
    let ws = demo_workspace();
    let server = Server::start(&ws, &["--quiet"]);
    let browser = Browser::start();
    browser.go(&server.url("/"));
    let box_ = browser.find("#q");
    browser.type_into(&box_, "small arms");
    browser.click(&browser.find(".searchbox button"));
    let url = browser.url_with("q=small+arms");
    assert!(url.contains("q=small+arms"), "submitted: {url}");
    let hits = browser.find_all(".hit");
    assert!(!hits.is_empty(), "hits shown");
    let summary = browser.text(&browser.find("#summary"));
    let total: usize = summary.split_whitespace().next().unwrap().parse().unwrap();
    assert!(!browser.find_all(".hit mark").is_empty(), "highlights");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    browser.screenshot(&target.join("serve-search.png"));

    // Click the first type facet: the results narrow to that type.
    let facet = browser.find("#facet-type li a");
    let label = browser.text(&browser.find("#facet-type li a .label"));
    browser.click(&facet);
    let url = browser.url_with(&format!("type={label}"));
    assert!(url.contains(&format!("type={label}")), "{url}");
    let narrowed = browser.text(&browser.find("#summary"));
    let n: usize = narrowed.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n <= total && n > 0, "{narrowed} after {summary}");
    for meta in browser.find_all(".hit .meta") {
        assert!(
            browser.text(&meta).contains(&label),
            "every hit is a {label}"
        );
    }
    assert!(
        !browser.find_all(".active .chip").is_empty(),
        "the filter shows"
    );

    // Open the first document.
    let link = browser.find(".hit a.doclink");
    browser.click(&link);
    let url = browser.url_with("/doc/");
    assert!(url.contains("/doc/"), "{url}");
    let symbol = browser.text(&browser.find("#doc-symbol"));
    assert!(!symbol.is_empty());
    assert!(!browser.find_all("pre.body").is_empty());
    browser.screenshot(&target.join("serve-document.png"));

    // The hostile fixture: shown as text, no script ran, no image made.
    browser.go(&server.url("/?q=hostile"));
    assert_ne!(browser.script("return document.title"), "pwned");
    assert_eq!(browser.script("return document.images.length"), 0);
    let title = browser.text(&browser.find(".hit h3"));
    assert!(
        title.contains("<script>"),
        "the title shows as text: {title}"
    );
    // And on a phone-sized window, the page still fits.
    browser.resize(390, 844);
    browser.go(&server.url("/?q=small+arms"));
    let overflow =
        browser.script("return document.documentElement.scrollWidth <= window.innerWidth + 1");
    assert_eq!(overflow, true, "no sideways scrolling on a phone");
    browser.screenshot(&target.join("serve-phone.png"));
}
