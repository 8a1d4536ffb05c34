//! `undex crawl` against local imitations of the real sites (see
//! `crawl/sites.rs`), judged from the servers' own request logs: every
//! allowed document fetched exactly once, nothing disallowed requested,
//! the per-host delay and the retry waits kept; a crawl killed midway and
//! restarted ends with the same corpus as an uninterrupted one; and a
//! crawled symbol can be ingested and looked up.
//!
//! Each test starts its own servers on 127.0.0.1 and its own temporary
//! corpus, and tags its user agent so the logs tell crawls apart.

// Explicit paths, so the file can also be included with #[path].
#[path = "crawl/server.rs"]
mod server;
#[path = "crawl/sites.rs"]
mod sites;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use undex::corpus::{self, ManifestEntry};

use crate::util::{shared, undex};
use server::{Logged, Reply, Server};
use sites::*;

/// Slack for timer granularity when comparing intervals.
const SLACK: Duration = Duration::from_millis(5);

fn crawl_cmd(corpus: &Path, sources: &Path) -> Command {
    let mut c = undex();
    c.arg("--corpus")
        .arg(corpus)
        .arg("crawl")
        .arg("--sources")
        .arg(sources);
    // Requests must go straight to 127.0.0.1, never through a proxy.
    for v in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c.env("NO_PROXY", "127.0.0.1,localhost")
        .env("NO_COLOR", "1");
    c
}

fn write_sources(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write sources");
    path
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run undex");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn manifest(corpus: &Path) -> Vec<ManifestEntry> {
    corpus::load_manifest(corpus).expect("manifest")
}

/// Latest manifest entry per URL.
fn latest(corpus: &Path) -> HashMap<String, ManifestEntry> {
    manifest(corpus)
        .into_iter()
        .map(|e| (e.url.clone(), e))
        .collect()
}

fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(
        std::fs::read(path).expect("read corpus file"),
    ))
}

/// The documents in a corpus: path under raw/ → SHA-256. The manifest,
/// the run state and the lock are bookkeeping, not documents.
fn corpus_files(corpus: &Path) -> BTreeMap<String, String> {
    let raw = corpus::raw_dir(corpus);
    let mut out = BTreeMap::new();
    let mut stack = vec![raw.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.parent() != Some(raw.as_path()) {
                let rel = p
                    .strip_prefix(&raw)
                    .expect("under raw")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, sha256(&p));
            }
        }
    }
    out
}

/// Every two consecutive requests to one host are at least `min` apart.
fn assert_gaps(log: &[Logged], min: Duration, host: &str) {
    for w in log.windows(2) {
        let gap = w[1].at.duration_since(w[0].at);
        assert!(
            gap + SLACK >= min,
            "{host}: only {gap:?} between {} and {} (want {min:?})",
            w[0].target,
            w[1].target
        );
    }
}

fn requests<'a>(log: &'a [Logged], path: &str) -> Vec<&'a Logged> {
    log.iter().filter(|l| l.path() == path).collect()
}

fn symbol_target(symbol: &str, lang: &str) -> String {
    format!(
        "/api/symbol/access?s={}&l={lang}&t=pdf",
        symbol.replace('/', "%2F")
    )
}

/// Bodies served with 200 and actually received, per request target.
fn fetched(log: &[Logged]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for l in log
        .iter()
        .filter(|l| l.status == 200 && !l.delayed && l.path() != "/robots.txt")
    {
        *out.entry(l.target.clone()).or_insert(0) += 1;
    }
    out
}

#[test]
fn crawl_fetches_each_allowed_document_once_and_politely() {
    let shared = shared();
    let world = World::start(&shared);
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let sources = write_sources(tmp.path(), "sources.toml", &world.sources("polite", true));

    let out = run(&mut crawl_cmd(&corpus, &sources));
    // Five URLs fail on purpose (loop, chain, two oversized, 404): exit 2, after the rest.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("redirect loop"), "{stderr}");

    // --- The servers' view ---------------------------------------------
    let u = world.unoda.log_of("polite");
    let d = world.docs.log_of("polite");
    let m = world.misc.log_of("polite");

    let mut want_u: BTreeMap<String, usize> = [
        "/information-bulletins",
        "/2019/10/16/savinglives-issue3-eng/",
        "/2020/06/28/information-bulletin-issue-no-4-jun-2020/",
        "/salw/mosaic",
    ]
    .iter()
    .map(|p| (p.to_string(), 1))
    .collect();
    for (_, _, path, _) in MOSAIC {
        want_u.insert(path.to_string(), 1);
    }
    assert_eq!(fetched(&u), want_u, "unoda documents fetched");
    assert!(
        u.iter().all(|l| !l.path().starts_with("/private/")),
        "disallowed path requested"
    );
    assert!(
        u.iter()
            .all(|l| !l.path().starts_with("/wp-content/uploads/logo")),
        "asset requested"
    );
    assert_eq!(requests(&u, "/robots.txt").len(), 1);
    assert_eq!(u[0].path(), "/robots.txt", "robots.txt first");
    // Crawl-delay (0.5 s) raised our 0.2 s minimum for this host.
    assert_gaps(&u, Duration::from_millis(UNODA_DELAY_MS), "unoda");

    let mut want_d: BTreeMap<String, usize> =
        SYMBOLS.iter().map(|s| (symbol_target(s, "E"), 1)).collect();
    want_d.insert(symbol_target("A/RES/99/1", "E"), 1);
    want_d.insert(symbol_target("A/RES/99/2", "E"), 1);
    want_d.insert(symbol_target("A/79/722", "F"), 1);
    assert_eq!(fetched(&d), want_d, "symbol API requests");
    assert_gaps(&d, Duration::from_millis(MIN_DELAY_MS), "docs");
    let r429 = requests(&d, "/api/symbol/access")
        .into_iter()
        .filter(|l| l.target == symbol_target(SYMBOL_429, "E"))
        .collect::<Vec<_>>();
    assert_eq!(r429.len(), 2);
    assert!(
        r429[1].at.duration_since(r429[0].at) + SLACK >= Duration::from_secs(RETRY_AFTER_S),
        "Retry-After not honoured"
    );
    let r500 = d
        .iter()
        .filter(|l| l.target == symbol_target(SYMBOL_500, "E"))
        .collect::<Vec<_>>();
    assert_eq!(r500.len(), 2);
    assert!(r500[1].at.duration_since(r500[0].at) + SLACK >= Duration::from_millis(BACKOFF_MS));

    // misc: robots.txt answered 503 first; nothing else was asked before it answered.
    let robots = requests(&m, "/robots.txt");
    assert_eq!(robots.len(), 2);
    assert_eq!(m[0].path(), "/robots.txt");
    assert_eq!(m[1].path(), "/robots.txt");
    assert!(robots[1].at.duration_since(robots[0].at) + SLACK >= Duration::from_millis(BACKOFF_MS));
    assert_gaps(&m, Duration::from_millis(MIN_DELAY_MS), "misc");
    assert_eq!(requests(&m, "/loop/a").len(), 1);
    assert_eq!(requests(&m, "/loop/b").len(), 1);
    // /hop/1 and five redirect hops are requested, the sixth hop is not.
    assert_eq!(
        m.iter().filter(|l| l.path().starts_with("/hop/")).count(),
        6
    );
    assert_eq!(
        requests(&m, "/big.pdf").len(),
        1,
        "oversized bodies are not retried"
    );
    assert_eq!(requests(&m, "/docs/report.pdf").len(), 1);
    let slow = requests(&m, "/slow.pdf");
    assert_eq!(slow.len(), 2, "a timeout is retried");
    // The client's 500 ms timeout started before the server saw the request,
    // so allow a little for that; the backoff on top is what is checked.
    assert!(
        slow[1].at.duration_since(slow[0].at) + Duration::from_millis(50)
            >= Duration::from_millis(500 + BACKOFF_MS)
    );

    // --- The manifest's view -------------------------------------------
    let by_url = latest(&corpus);
    let entry = |url: String| {
        by_url
            .get(&url)
            .unwrap_or_else(|| panic!("no entry for {url}"))
            .clone()
    };

    let mosaic_en = entry(world.unoda.url(MOSAIC[0].2));
    assert_eq!(mosaic_en.outcome, "stored");
    assert_eq!(mosaic_en.lang.as_deref(), Some("en"));
    assert!(mosaic_en
        .title
        .as_deref()
        .unwrap_or("")
        .starts_with("05.30 Marking and recordkeeping"));
    assert_eq!(
        mosaic_en.referrer.as_deref(),
        Some(world.unoda.url("/salw/mosaic").as_str())
    );
    assert_eq!(
        entry(world.unoda.url(MOSAIC[1].2)).lang.as_deref(),
        Some("fr")
    );
    let issue4 = entry(
        world
            .unoda
            .url("/2020/06/28/information-bulletin-issue-no-4-jun-2020/"),
    );
    assert!(issue4.file.as_deref().unwrap_or("").ends_with(".html"));
    assert_eq!(
        entry(world.unoda.url("/private/draft-bulletin-10/")).outcome,
        "disallowed"
    );
    let hop = entry(world.unoda.url("/go/private-report"));
    assert_eq!(
        hop.outcome, "disallowed",
        "robots.txt is checked again for a redirect hop"
    );
    assert_eq!(hop.redirects, vec![world.unoda.url("/private/report.pdf")]);

    let docs_url = |s: &str, l: &str| world.docs.url(&symbol_target(s, l));
    for symbol in SYMBOLS {
        let e = entry(docs_url(symbol, "E"));
        assert_eq!(e.outcome, "stored", "{symbol}");
        assert_eq!(e.symbol.as_deref(), Some(symbol));
        assert_eq!(e.lang.as_deref(), Some("en"));
        assert_eq!(e.status, Some(200));
        assert!(e.etag.is_some() && e.last_modified.is_some());
        let file = e.file.clone().expect("file");
        assert!(
            file.ends_with(&format!("{}.en.pdf", symbol.replace('/', "_"))),
            "{file}"
        );
        let path = corpus.join(&file);
        assert_eq!(e.sha256.as_deref(), Some(sha256(&path).as_str()));
        assert_eq!(
            e.size,
            Some(std::fs::metadata(&path).expect("stored").len())
        );
        let original = shared
            .join("corpus/un-pdf")
            .join(format!("{}.en.pdf", symbol.replace('/', "_")));
        assert_eq!(
            e.sha256,
            Some(sha256(&original)),
            "stored bytes are the served bytes"
        );
    }
    let octet = entry(docs_url(SYMBOL_OCTET, "E"));
    assert_eq!(
        octet.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(entry(docs_url(SYMBOL_429, "E")).attempts, Some(2));
    for (s, l) in [("A/RES/99/1", "E"), ("A/RES/99/2", "E"), ("A/79/722", "F")] {
        let e = entry(docs_url(s, l));
        assert_eq!(e.outcome, "empty", "{s} {l}");
        assert_eq!(e.file, None);
    }
    assert_eq!(entry(docs_url("A/79/722", "F")).lang.as_deref(), Some("fr"));

    let failed = |path: &str, why: &str| {
        let e = entry(world.misc.url(path));
        assert!(
            e.outcome.starts_with("failed: ") && e.outcome.contains(why),
            "{path}: {}",
            e.outcome
        );
        assert_eq!(e.file, None);
    };
    failed("/loop/a", "redirect loop");
    failed("/hop/1", "more than 5 redirects");
    assert_eq!(entry(world.misc.url("/hop/1")).redirects.len(), 5);
    failed("/big.pdf", "larger than");
    failed("/big-stream.pdf", "larger than");
    failed("/gone", "HTTP 404");
    let moved = entry(world.misc.url("/moved"));
    assert_eq!(moved.outcome, "stored");
    assert_eq!(moved.final_url, Some(world.misc.url("/docs/report.pdf")));
    assert_eq!(
        moved.sha256,
        Some(sha256(&shared.join("corpus/un-pdf").join(MISC_REPORT)))
    );
    assert_eq!(entry(world.misc.url("/slow.pdf")).outcome, "stored");
    let failures: Vec<&ManifestEntry> = by_url.values().filter(|e| e.is_failure()).collect();
    assert_eq!(failures.len(), 5, "{failures:#?}");

    // Every stored file is whole and listed; nothing partial is left.
    let files = corpus_files(&corpus);
    let stored = corpus::stored_files(&corpus).expect("stored files");
    assert_eq!(files.len(), stored.len());
    assert_eq!(
        files.len(),
        4 + 3 + 4 + 2,
        "4 pages, 3 MOSAIC files, 4 symbols, 2 misc"
    );
    assert!(!corpus::partial_dir(&corpus).exists());
    for (path, e) in &stored {
        assert_eq!(e.sha256.as_deref(), Some(sha256(path).as_str()));
    }
}

#[test]
fn recrawl_sends_conditional_gets_and_keeps_the_stored_copies() {
    let world = World::start(&shared());
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let sources = write_sources(tmp.path(), "sources.toml", &world.sources("again", false));
    assert_eq!(
        run(&mut crawl_cmd(&corpus, &sources)).status.code(),
        Some(0)
    );
    let before = corpus_files(&corpus);
    let first_lines = manifest(&corpus).len();
    let t = Instant::now();

    let out = run(&mut crawl_cmd(&corpus, &sources));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(corpus_files(&corpus), before, "304 keeps the stored copies");

    let d: Vec<Logged> = world
        .docs
        .log_of("again")
        .into_iter()
        .filter(|l| l.at >= t)
        .collect();
    for s in SYMBOLS {
        let r: Vec<_> = d
            .iter()
            .filter(|l| l.target == symbol_target(s, "E"))
            .collect();
        assert_eq!(r.len(), 1, "{s}");
        assert!(r[0].if_none_match.is_some(), "{s}: not a conditional GET");
        assert_eq!(r[0].status, 304);
    }
    let u: Vec<Logged> = world
        .unoda
        .log_of("again")
        .into_iter()
        .filter(|l| l.at >= t)
        .collect();
    let index = requests(&u, "/information-bulletins");
    assert_eq!(index.len(), 1);
    assert_eq!(index[0].if_modified_since.as_deref(), Some(PAGE_DATE));
    assert_eq!(index[0].status, 304);
    // The pages behind a 304 index are still reached (links read from the stored copy).
    assert_eq!(requests(&u, "/salw/mosaic").len(), 1);
    assert_eq!(requests(&u, MOSAIC[2].2).len(), 1);

    let second: Vec<ManifestEntry> = manifest(&corpus).into_iter().skip(first_lines).collect();
    let outcome = |url: String| {
        second
            .iter()
            .find(|e| e.url == url)
            .map(|e| e.outcome.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        outcome(world.docs.url(&symbol_target("A/79/722", "E"))),
        "not-modified"
    );
    assert_eq!(
        outcome(world.unoda.url("/information-bulletins")),
        "not-modified"
    );
    // No validators from the server: fetched again, same bytes.
    assert_eq!(outcome(world.unoda.url(MOSAIC[0].2)), "unchanged");
    let nm = second
        .iter()
        .find(|e| e.outcome == "not-modified")
        .expect("a not-modified entry");
    assert!(nm.file.is_some() && nm.sha256.is_some());
}

#[test]
fn killed_crawl_resumes_to_the_same_corpus_as_an_uninterrupted_one() {
    let world = World::start(&shared());
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = tmp.path().join("whole");
    let broken = tmp.path().join("broken");
    let src_whole = write_sources(tmp.path(), "whole.toml", &world.sources("whole-run", true));
    let src_broken = write_sources(
        tmp.path(),
        "broken.toml",
        &world.sources("broken-run", true),
    );

    // The uninterrupted crawl runs alongside.
    let mut uninterrupted = crawl_cmd(&whole, &src_whole)
        .arg("--quiet")
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");

    let mut child = crawl_cmd(&broken, &src_broken)
        .arg("--quiet")
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored = manifest(&broken)
            .iter()
            .filter(|e| e.outcome == "stored")
            .count();
        if stored >= 4 {
            break;
        }
        assert!(Instant::now() < deadline, "crawl made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let killed_at = Instant::now();
    let had: Vec<ManifestEntry> = manifest(&broken)
        .into_iter()
        .filter(undex::corpus::ManifestEntry::has_document)
        .collect();
    assert!(had.len() >= 4);
    let state = corpus::RunState::load(&broken).expect("run state");
    assert!(state.finished_at.is_none());

    let out = run(&mut crawl_cmd(&broken, &src_broken));
    assert_eq!(out.status.code(), Some(2), "the same five URLs fail");
    assert!(String::from_utf8_lossy(&out.stderr).contains("resumed"));
    let status = uninterrupted.wait().expect("uninterrupted crawl");
    assert_eq!(status.code(), Some(2));

    let a = corpus_files(&whole);
    let b = corpus_files(&broken);
    assert_eq!(a.len(), 13);
    assert_eq!(a, b, "resumed corpus differs from the uninterrupted one");
    assert!(!corpus::partial_dir(&broken).exists());
    let after = corpus::RunState::load(&broken).expect("run state");
    assert_eq!(after.run, state.run, "the restart continued the same run");
    assert!(after.finished_at.is_some());

    // What the killed crawl had was not requested again.
    for e in &had {
        let url = url::Url::parse(&e.url).expect("url");
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let server = [&world.unoda, &world.docs, &world.misc]
            .into_iter()
            .find(|s| e.url.starts_with(&s.url("/")))
            .expect("server");
        let again = server
            .log_of("broken-run")
            .into_iter()
            .filter(|l| l.at > killed_at && l.target == target)
            .count();
        assert_eq!(again, 0, "{} fetched again after the restart", e.url);
    }
}

#[test]
fn max_docs_stops_early_and_the_next_crawl_continues() {
    let world = World::start(&shared());
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let sources = write_sources(tmp.path(), "s.toml", &world.symbols_only("limit"));

    let out = run(crawl_cmd(&corpus, &sources).args(["--max-docs", "2"]));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(corpus_files(&corpus).len(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-docs"));

    let out = run(&mut crawl_cmd(&corpus, &sources));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("resumed"));
    assert_eq!(corpus_files(&corpus).len(), SYMBOLS.len());
    for (target, n) in fetched(&world.docs.log_of("limit")) {
        assert_eq!(n, 1, "{target}");
    }
}

#[test]
fn unavailable_robots_txt_is_retried_then_blocks_the_host() {
    let server = Server::start(|req| match req.path() {
        "/robots.txt" => Reply::status(500),
        _ => Reply::new(200, "text/plain", "a document"),
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let sources = write_sources(
        tmp.path(),
        "s.toml",
        &format!(
            "[crawl]\nuser_agent = \"undex/0.1 (robots-down)\"\nmin_delay_ms = 50\nmax_attempts = 3\nbackoff_base_ms = {BACKOFF_MS}\n\n\
             [[web]]\nname = \"down\"\nseeds = [\"{0}/a.txt\", \"{0}/b.txt\"]\nallow = [\"{0}/\"]\n",
            server.url("")
        ),
    );
    let out = run(&mut crawl_cmd(&corpus, &sources));
    assert_eq!(out.status.code(), Some(2));
    let log = server.log();
    assert_eq!(
        log.len(),
        3,
        "three robots.txt attempts, no document request"
    );
    assert!(log.iter().all(|l| l.path() == "/robots.txt"));
    assert!(log[1].at.duration_since(log[0].at) + SLACK >= Duration::from_millis(BACKOFF_MS));
    assert!(log[2].at.duration_since(log[1].at) + SLACK >= Duration::from_millis(2 * BACKOFF_MS));
    let by_url = latest(&corpus);
    let a = &by_url[&server.url("/a.txt")];
    assert!(
        a.outcome.contains("robots.txt unavailable"),
        "{}",
        a.outcome
    );
}

#[test]
fn bad_sources_files_are_reported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let bad = write_sources(tmp.path(), "bad.toml", "[crawl]\nmin_delay = 10\n");
    let out = run(&mut crawl_cmd(&corpus, &bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("min_delay"));
    let missing = tmp.path().join("missing.toml");
    assert_eq!(
        run(&mut crawl_cmd(&corpus, &missing)).status.code(),
        Some(2)
    );
}

#[test]
fn shipped_sources_file_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sources.toml");
    let sources = undex::crawl::Sources::load(&path).expect("corpus/sources.toml");
    let names: Vec<&str> = sources
        .web
        .iter()
        .map(|w| w.name.as_str())
        .chain(sources.symbols.iter().map(|s| s.name.as_str()))
        .collect();
    for want in ["unoda-bulletins", "mosaic", "iatg", "att-documents"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let ga = sources
        .symbols
        .iter()
        .flat_map(undex::crawl::sources::SymbolSource::requests)
        .collect::<Vec<_>>();
    assert!(
        ga.iter()
            .any(|r| r.url.contains("s=A%2FRES%2F79%2F1&l=E&t=pdf")),
        "GA resolutions by symbol"
    );
}

#[test]
fn crawled_symbol_is_ingested_and_found() {
    let world = World::start(&shared());
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    let sources = write_sources(tmp.path(), "s.toml", &world.symbols_only("ingest"));
    assert_eq!(
        run(&mut crawl_cmd(&corpus, &sources)).status.code(),
        Some(0)
    );

    let out = run(undex()
        .arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .arg("ingest"));
    assert_eq!(out.status.code(), Some(0), "ingest of the crawled corpus");
    let out = run(undex()
        .arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .args(["get", "a/80/1", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let hits = json["hits"].as_array().expect("hits");
    // A/80/1 was served as application/octet-stream: sniffed, stored as .pdf.
    let hit = hits
        .iter()
        .find(|h| {
            h["symbol"] == SYMBOL_OCTET
                || h["symbols"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|x| x == SYMBOL_OCTET))
        })
        .unwrap_or_else(|| panic!("no hit for {SYMBOL_OCTET}: {json}"));
    assert_eq!(hit["lang"], "en");
    // The manifest's URL travels to the index as the document's source.
    let source = hit["source"].as_str().unwrap_or("");
    assert!(
        source.contains("/api/symbol/access?s=A%2F80%2F1&l=E"),
        "{source}"
    );
}

#[test]
fn symbols_sources_fetch_all_six_languages_by_default() {
    let world = World::start(&shared());
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let text = format!(
        r#"[crawl]
user_agent = "undex/0.1 (+https://example.invalid/undex; six-langs)"
min_delay_ms = {MIN_DELAY_MS}
timeout_ms = 2000
max_attempts = 1

[[symbols]]
name = "six"
url = "{d}/api/symbol/access?s={{symbol}}&l={{lang}}&t=pdf"
symbols = ["{s}"]
"#,
        d = world.docs.url(""),
        s = SYMBOLS[0],
    );
    let sources = write_sources(tmp.path(), "six.toml", &text);
    run(&mut crawl_cmd(&corpus, &sources));
    let asked: BTreeSet<String> = world
        .docs
        .log_of("six-langs")
        .iter()
        .filter(|l| l.path() == "/api/symbol/access")
        .map(|l| l.target.clone())
        .collect();
    let want: BTreeSet<String> = ["A", "C", "E", "F", "R", "S"]
        .iter()
        .map(|l| symbol_target(SYMBOLS[0], l))
        .collect();
    assert_eq!(asked, want);
}
