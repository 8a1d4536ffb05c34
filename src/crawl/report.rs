//! What a crawl did, for the summary at the end and for tests.

use std::fmt::Write as _;
use std::time::Duration;

use indicatif::HumanBytes;

use crate::output::count_noun;

/// A URL that could not be fetched, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub url: String,
    pub reason: String,
}

/// Counts for one host.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HostReport {
    /// Requests made, robots.txt included.
    pub requests: usize,
    /// Documents stored, unchanged or not modified.
    pub docs: usize,
    /// Bytes of new or changed documents.
    pub bytes: u64,
    pub errors: usize,
    /// The delay kept between requests (after robots.txt).
    pub delay_ms: u64,
}

/// The outcome of one `crawl` invocation.
#[derive(Debug, Clone, Default)]
pub struct CrawlReport {
    pub run: String,
    /// This invocation continued an unfinished run.
    pub resumed: bool,
    /// The frontier was exhausted: the run is complete.
    pub finished: bool,
    /// `--max-docs` stopped the run; the next crawl continues it.
    pub stopped_at_max_docs: bool,
    /// New or changed documents written to the corpus.
    pub stored: usize,
    /// Fetched again, same bytes as the stored copy.
    pub unchanged: usize,
    /// Conditional GET answered 304.
    pub not_modified: usize,
    /// Already fetched earlier in the resumed run: not requested again.
    pub already: usize,
    /// HTTP 200 with an empty body (e.g. a symbol not yet published).
    pub empty: usize,
    pub disallowed: usize,
    /// Bodies not kept: unsupported type, or not a PDF where one was expected.
    pub skipped: usize,
    pub retries: usize,
    pub requests: usize,
    pub bytes: u64,
    pub failed: Vec<Failure>,
    pub hosts: Vec<(String, HostReport)>,
    /// Documents per source in this run.
    pub sources: Vec<(String, usize)>,
    pub elapsed: Duration,
}

impl CrawlReport {
    /// One line for the progress display.
    pub fn status_line(&self) -> String {
        format!(
            "{} new, {} kept, {} failed · {} · {} requests",
            self.stored,
            self.unchanged + self.not_modified + self.already,
            self.failed.len(),
            HumanBytes(self.bytes),
            self.requests
        )
    }

    /// The summary printed at the end of a crawl.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let state = if self.finished {
            "complete"
        } else if self.stopped_at_max_docs {
            "stopped at --max-docs (run `undex crawl` again to continue)"
        } else {
            "incomplete"
        };
        let _ = writeln!(
            s,
            "crawl {} ({}{}) in {:.1}s",
            self.run,
            state,
            if self.resumed { ", resumed" } else { "" },
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(
            s,
            "  {} stored ({}), {} unchanged, {} not modified, {} already had",
            self.stored,
            HumanBytes(self.bytes),
            self.unchanged,
            self.not_modified,
            self.already
        );
        let _ = writeln!(
            s,
            "  {} empty, {} disallowed by robots.txt, {} skipped, {} failed; {} requests, {} retries",
            self.empty,
            self.disallowed,
            self.skipped,
            self.failed.len(),
            self.requests,
            self.retries
        );
        for (host, h) in &self.hosts {
            let _ = writeln!(
                s,
                "  {host}: {}, {}, {}, {}, delay {} ms",
                count_noun(h.requests, "request", "requests"),
                count_noun(h.docs, "document", "documents"),
                HumanBytes(h.bytes),
                count_noun(h.errors, "error", "errors"),
                h.delay_ms
            );
        }
        for (name, docs) in &self.sources {
            let _ = writeln!(
                s,
                "  source {name}: {}",
                count_noun(*docs, "document", "documents")
            );
        }
        s
    }

    /// The failed URLs, grouped by host and reason: one line for a URL
    /// alone, one line for a group (its size and its first URL), so that a
    /// crawl without network says "1,066 URLs on documents.un.org: cannot
    /// resolve the host" once rather than 1,066 times.
    pub fn failures(&self) -> String {
        let mut groups: Vec<((String, &str), Vec<&str>)> = Vec::new();
        for f in &self.failed {
            let host = url::Url::parse(&f.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            let key = (host, f.reason.as_str());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, urls)) => urls.push(&f.url),
                None => groups.push((key, vec![&f.url])),
            }
        }
        let mut s = String::new();
        for ((host, reason), urls) in &groups {
            if urls.len() < GROUP_FAILURES_FROM {
                for u in urls {
                    let _ = writeln!(s, "failed: {u}: {reason}");
                }
            } else {
                let _ = writeln!(
                    s,
                    "failed: {} URLs on {}: {reason} (first: {})",
                    urls.len(),
                    if host.is_empty() { "no host" } else { host },
                    urls[0]
                );
            }
        }
        s
    }
}

/// Failures of one host with one reason are printed as one line from this
/// many on; fewer are listed URL by URL.
pub const GROUP_FAILURES_FROM: usize = 3;
