//! Local imitations of the sites the crawler visits, each on its own
//! 127.0.0.1 port (so each is a host of its own for politeness):
//!
//! - `unoda`: an information-bulletin index and bulletin pages (WordPress
//!   post structure, as on disarmament.unoda.org), the MOSAIC index with
//!   one row per module and [EN]/[FR] links, and a robots.txt with a
//!   group for our agent (Disallow + Crawl-delay) under a `*` group that
//!   disallows everything — so matching on the agent's token is tested too.
//! - `docs`: the UN symbol API (`/api/symbol/access?s=..&l=..&t=pdf`)
//!   serving the real PDFs of `shared/corpus/un-pdf` by symbol, an empty
//!   200 for what is not "published", a 429 with Retry-After, a 500 that
//!   succeeds on retry, a PDF sent as application/octet-stream, and ETag /
//!   If-None-Match.
//! - `misc`: a robots.txt that answers 503 once, a redirect loop, an endless
//!   redirect chain, oversized
//!   bodies (declared and streamed), a plain redirect, a slow answer that
//!   times out once, and a 404.
//!
//! Nothing from these sites' real text is shipped: the bulletin page quotes
//! the shared corpus' bulletin file at run time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::server::{Reply, Request, Server};

/// Last-Modified of every HTML page (pages honour If-Modified-Since).
pub const PAGE_DATE: &str = "Mon, 02 Nov 2020 10:00:00 GMT";
/// Crawl-delay the unoda robots.txt asks of us, in ms.
pub const UNODA_DELAY_MS: u64 = 500;
/// `[crawl]` settings of the test sources files.
pub const MIN_DELAY_MS: u64 = 200;
pub const BACKOFF_MS: u64 = 300;
pub const RETRY_AFTER_S: u64 = 1;
pub const MAX_BODY: usize = 1024 * 1024;

/// MOSAIC module files: (module, language, URL path, stand-in PDF from un-pdf).
pub const MOSAIC: [(&str, &str, &str, &str); 3] = [
    (
        "05.30",
        "en",
        "/wp-content/uploads/2019/mosaic/MOSAIC-05.30-EN.pdf",
        "A_49_624.en.pdf",
    ),
    (
        "05.30",
        "fr",
        "/wp-content/uploads/2019/mosaic/MOSAIC-05.30-FR.pdf",
        "A_52_622.en.pdf",
    ),
    (
        "03.40",
        "en",
        "/wp-content/uploads/2019/mosaic/MOSAIC-03.40-EN.pdf",
        "A_56_385.en.pdf",
    ),
];

/// Symbols the `docs` site has, in English.
pub const SYMBOLS: [&str; 4] = ["A/79/722", "A/79/729", "A/79/716", "A/80/1"];
/// Answers 429 with Retry-After the first time.
pub const SYMBOL_429: &str = "A/79/729";
/// Answers 500 the first time.
pub const SYMBOL_500: &str = "A/79/716";
/// Served as application/octet-stream.
pub const SYMBOL_OCTET: &str = "A/80/1";

pub struct World {
    pub unoda: Server,
    pub docs: Server,
    pub misc: Server,
}

fn un_pdf(shared: &Path) -> PathBuf {
    shared.join("corpus/un-pdf")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>{title} &#8211; UNODA</title>
<link rel="stylesheet" href="/wp-content/themes/unoda/style.css"></head>
<body class="post-template-default single single-post">
<header id="masthead" class="site-header"><a href="/information-bulletins" rel="home"><img src="/wp-content/uploads/logo.png" alt="UNODA"></a>
<nav><ul id="primary-menu"><li><a href="/information-bulletins">Information Bulletins</a></li><li><a href="/salw/mosaic">MOSAIC</a></li></ul></nav></header>
<main id="main" class="site-main"><article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1></header>
<div class="entry-content">
{body}
</div></article></main>
<footer class="site-footer"><a href="http://127.0.0.1:9/elsewhere">United Nations</a></footer>
</body></html>
"#
    )
}

fn html_reply(req: &Request, html: String) -> Reply {
    if req.header("if-modified-since") == Some(PAGE_DATE) {
        return Reply::status(304).with_header("Last-Modified", PAGE_DATE);
    }
    Reply::html(html).with_header("Last-Modified", PAGE_DATE)
}

impl World {
    pub fn start(shared: &Path) -> World {
        World {
            unoda: unoda(shared),
            docs: docs(shared),
            misc: misc(shared),
        }
    }

    /// A sources file for all three sites; `tag` goes into the user agent
    /// so each crawl's requests can be told apart in the server logs.
    pub fn sources(&self, tag: &str, with_misc: bool) -> String {
        let misc = if with_misc {
            format!(
                r#"[[web]]
name = "edge-cases"
seeds = ["{m}/loop/a", "{m}/hop/1", "{m}/big.pdf", "{m}/big-stream.pdf", "{m}/moved", "{m}/slow.pdf", "{m}/gone"]
allow = ["{m}/"]
max_depth = 0
"#,
                m = self.misc.url("")
            )
        } else {
            String::new()
        };
        format!(
            r#"[crawl]
user_agent = "undex/0.1 (+https://example.invalid/undex; {tag})"
min_delay_ms = {MIN_DELAY_MS}
max_crawl_delay_ms = 2000
concurrency = 4
connect_timeout_ms = 2000
timeout_ms = 500
max_attempts = 3
backoff_base_ms = {BACKOFF_MS}
backoff_max_ms = 2000
max_retry_after_ms = 5000
max_body_bytes = {MAX_BODY}

[[web]]
name = "unoda-bulletins"
seeds = ["{u}/information-bulletins"]
allow = ["{u}/"]
max_depth = 2

{misc}
{symbols}"#,
            u = self.unoda.url(""),
            symbols = self.symbol_sources(),
        )
    }

    /// The `[[symbols]]` part alone.
    pub fn symbol_sources(&self) -> String {
        let listed: Vec<String> = SYMBOLS.iter().map(|s| format!("\"{s}\"")).collect();
        format!(
            r#"[[symbols]]
name = "ga-documents"
url = "{d}/api/symbol/access?s={{symbol}}&l={{lang}}&t=pdf"
symbols = [{listed}]
ranges = [{{ prefix = "A/RES/99/", from = 1, to = 2 }}]
langs = ["en"]

[[symbols]]
name = "ga-documents-fr"
url = "{d}/api/symbol/access?s={{symbol}}&l={{lang}}&t=pdf"
symbols = ["A/79/722"]
langs = ["fr"]
"#,
            d = self.docs.url(""),
            listed = listed.join(", "),
        )
    }

    /// A sources file with only the symbol sources (fast: no Crawl-delay).
    pub fn symbols_only(&self, tag: &str) -> String {
        format!(
            r#"[crawl]
user_agent = "undex/0.1 (+https://example.invalid/undex; {tag})"
min_delay_ms = {MIN_DELAY_MS}
timeout_ms = 2000
max_attempts = 3
backoff_base_ms = {BACKOFF_MS}
max_retry_after_ms = 5000
max_body_bytes = {MAX_BODY}

{}"#,
            self.symbol_sources()
        )
    }
}

fn unoda(shared: &Path) -> Server {
    let bulletin = std::fs::read_dir(shared.join("corpus/bulletins"))
        .ok()
        .and_then(|mut d| d.next())
        .and_then(std::result::Result::ok)
        .map(|e| read(&e.path()))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let paragraphs: String = bulletin
        .split("\n\n")
        .skip(3)
        .take(6)
        .map(|p| {
            format!(
                "<p>{}</p>\n",
                p.trim().replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    let issue3 = page(
        "Information Bulletin [Issue No. 3 | OCT 2019]",
        &format!(
            "<p><img src=\"/wp-content/uploads/2019/10/header.jpg\" alt=\"Responsive image\"></p>\n{paragraphs}\
             <p><a href=\"#top\">Return to top</a> <a href=\"/information-bulletins\">All bulletins</a></p>"
        ),
    );
    let issue4 = page(
        "Information Bulletin [Issue No. 4 | JUN 2020]",
        "<h2>2020 SG report on small arms and light weapons</h2>\
         <p>The 2020 report of the Secretary-General on small arms (A/75/78) is available.</p>\
         <p>See MOSAIC module <a href=\"/salw/mosaic\">05.30</a>.</p>",
    );
    let index = page(
        "Information Bulletins",
        "<ul class=\"bulletins\">\
         <li><a href=\"/2019/10/16/savinglives-issue3-eng/\">Information Bulletin [Issue No. 3 | OCT 2019]</a></li>\
         <li><a href=\"/2019/10/16/savinglives-issue3-eng/#top\">Issue 3 (top)</a></li>\
         <li><a href=\"/2020/06/28/information-bulletin-issue-no-4-jun-2020/?utm_source=newsletter\">Information Bulletin [Issue No. 4 | JUN 2020]</a></li>\
         <li><a href=\"/private/draft-bulletin-10/\">Issue 10 (draft)</a></li>\
         <li><a href=\"/go/private-report\">Internal report</a></li>\
         </ul>",
    );
    let rows: String = [
        ("05.30", "Marking and recordkeeping"),
        ("03.40", "National coordination mechanisms on SALW control"),
    ]
    .iter()
    .map(|(module, title)| {
        let links: String = MOSAIC
            .iter()
            .filter(|m| m.0 == *module)
            .map(|m| format!(" <a href=\"{}\">[{}]</a>", m.2, m.1.to_uppercase()))
            .collect();
        format!("<li>{module} {title}{links}</li>\n")
    })
    .collect();
    let mosaic = page(
        "Modular Small-arms-control Implementation Compendium (MOSAIC)",
        &format!(
            "<p>MOSAIC is a set of voluntary, practical guidance notes.</p>\
             <h2>All MOSAIC Modules</h2>\n<ul>\n{rows}</ul>\
             <p><a href=\"/salw/mosaic#top\">Back to top</a></p>"
        ),
    );
    let pdfs: Vec<(String, Vec<u8>)> = MOSAIC
        .iter()
        .map(|m| (m.2.to_string(), read(&un_pdf(shared).join(m.3))))
        .collect();
    let robots = format!(
        "User-agent: *\nDisallow: /\n\nUser-agent: undex\nDisallow: /private/\nCrawl-delay: {}\n",
        UNODA_DELAY_MS as f64 / 1000.0
    );
    Server::start(move |req| match req.path() {
        "/robots.txt" => Reply::new(200, "text/plain", robots.clone()),
        "/information-bulletins" => html_reply(req, index.clone()),
        "/2019/10/16/savinglives-issue3-eng/" => html_reply(req, issue3.clone()),
        "/2020/06/28/information-bulletin-issue-no-4-jun-2020/" => html_reply(req, issue4.clone()),
        "/salw/mosaic" => html_reply(req, mosaic.clone()),
        "/go/private-report" => Reply::redirect(302, "/private/report.pdf"),
        p => match pdfs.iter().find(|(path, _)| path == p) {
            Some((_, bytes)) => Reply::new(200, "application/pdf", bytes.clone()),
            None => Reply::status(404),
        },
    })
}

fn docs(shared: &Path) -> Server {
    let dir = un_pdf(shared);
    let first_429 = Arc::new(AtomicUsize::new(0));
    let first_500 = Arc::new(AtomicUsize::new(0));
    Server::start(move |req| {
        if req.path() != "/api/symbol/access" {
            return Reply::status(404);
        }
        let symbol = req.query("s").unwrap_or_default();
        let lang = req.query("l").unwrap_or_default();
        if symbol == SYMBOL_429 && first_429.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(429).with_header("Retry-After", &RETRY_AFTER_S.to_string());
        }
        if symbol == SYMBOL_500 && first_500.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::status(500);
        }
        let file = dir.join(format!("{}.en.pdf", symbol.replace('/', "_")));
        if lang != "E" || !SYMBOLS.contains(&symbol.as_str()) || !file.is_file() {
            // The real API's answer for a document not (yet) published.
            return Reply::new(200, "application/pdf", Vec::new());
        }
        let bytes = read(&file);
        let etag = format!("\"{}-{}\"", bytes.len(), symbol.replace('/', "."));
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::status(304).with_header("ETag", &etag);
        }
        let ct = if symbol == SYMBOL_OCTET {
            "application/octet-stream"
        } else {
            "application/pdf"
        };
        Reply::new(200, ct, bytes)
            .with_header("ETag", &etag)
            .with_header("Last-Modified", "Tue, 01 Jul 2025 10:00:00 GMT")
    })
}

/// Paths of the `misc` site and what each must end as.
pub const MISC_REPORT: &str = "A_52_687.en.pdf";
pub const MISC_SLOW: &str = "A_52_826.en.pdf";

fn misc(shared: &Path) -> Server {
    let report = read(&un_pdf(shared).join(MISC_REPORT));
    let slow = read(&un_pdf(shared).join(MISC_SLOW));
    let robots_calls = Arc::new(AtomicUsize::new(0));
    let slow_calls = Arc::new(AtomicUsize::new(0));
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(MAX_BODY * 2, b'x');
    Server::start(move |req| match req.path() {
        "/robots.txt" => {
            if robots_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::status(503)
            } else {
                Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n")
            }
        }
        "/loop/a" => Reply::redirect(302, "/loop/b"),
        "/loop/b" => Reply::redirect(302, "/loop/a"),
        // An endless chain of distinct redirects: given up after 5 hops.
        p if p.starts_with("/hop/") => {
            let n: u32 = p["/hop/".len()..].parse().unwrap_or(0);
            Reply::redirect(302, &format!("/hop/{}", n + 1))
        }
        "/big.pdf" => Reply::new(200, "application/pdf", big.clone()),
        "/big-stream.pdf" => {
            let mut r = Reply::new(200, "application/pdf", big.clone());
            r.no_length = true;
            r
        }
        "/moved" => Reply::redirect(301, "/docs/report.pdf"),
        "/docs/report.pdf" => Reply::new(200, "application/pdf", report.clone()),
        "/slow.pdf" => {
            let mut r = Reply::new(200, "application/pdf", slow.clone());
            if slow_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                r.delay = Some(Duration::from_millis(1500));
            }
            r
        }
        _ => Reply::status(404),
    })
}
