//! One HTTP request: send, classify the answer, stream the body to a
//! temporary file with a size cap, hash it and sniff it.
//!
//! The fetcher makes exactly one request per call and follows nothing by
//! itself (reqwest's redirects are off): redirects, retries and waits are
//! the scheduler's, because each of them must pass robots.txt and the
//! per-host delay again.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::blocking::{Client, Response as HttpResponse};
use reqwest::header::{self, HeaderMap};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use url::Url;

use super::sniff::{self, Kind, SNIFF_LEN};
use super::sources::CrawlSettings;

/// Why a URL could not be fetched. The scheduler retries the transient
/// ones ([`FetchError::is_transient`]) and records the rest.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("timed out")]
    Timeout,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("transfer broken: {0}")]
    Transfer(String),
    #[error("request failed: {0}")]
    Request(String),
    #[error("HTTP {0}")]
    Status(u16),
    #[error("gave up after {attempts} attempts, last: {last}")]
    RetriesExhausted {
        attempts: u32,
        last: Box<FetchError>,
    },
    #[error("HTTP {status} asks to retry after {wait:?}, longer than the {limit:?} allowed")]
    RetryAfterTooLong {
        status: u16,
        wait: Duration,
        limit: Duration,
    },
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("redirect loop back to {0}")]
    RedirectLoop(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("HTTP {0} redirect without a usable Location")]
    BadRedirect(u16),
    #[error("robots.txt unavailable: {0}")]
    RobotsUnavailable(String),
    #[error("HTTP 304 to a request that was not conditional")]
    UnexpectedNotModified,
    #[error("cannot store: {0}")]
    Store(String),
}

impl FetchError {
    /// Timeouts and broken connections are worth retrying; HTTP statuses
    /// are judged by the scheduler (5xx and 429 are retried there).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout | FetchError::Connect(_) | FetchError::Transfer(_)
        )
    }

    /// The host name could not be resolved (no network, or no such host):
    /// asking again in a few seconds will not help, so the host is given up
    /// at once rather than retried URL by URL.
    pub fn is_unresolvable(&self) -> bool {
        let msg = match self {
            FetchError::Connect(m) | FetchError::Request(m) => m.to_ascii_lowercase(),
            _ => return false,
        };
        [
            "failed to lookup address",
            "dns error",
            "name or service not known",
            "no address associated",
            "temporary failure in name resolution",
            "nodename nor servname",
        ]
        .iter()
        .any(|needle| msg.contains(needle))
    }

    fn from_reqwest(e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout
        } else if e.is_connect() {
            FetchError::Connect(root_cause(&e))
        } else if e.is_body() || e.is_request() {
            FetchError::Transfer(root_cause(&e))
        } else {
            FetchError::Request(root_cause(&e))
        }
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Validators from the stored copy, for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Status and the headers the crawl records or acts on.
#[derive(Debug, Clone, Default)]
pub struct Head {
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
}

/// A complete body in a temporary file.
#[derive(Debug)]
pub struct Saved {
    pub tmp: PathBuf,
    pub sha256: String,
    pub size: u64,
    pub kind: Kind,
}

/// What the body of a 2xx answer turned out to be.
#[derive(Debug)]
pub enum Body {
    /// Empty or whitespace only.
    Blank,
    Saved(Saved),
    TooLarge,
}

/// The answer to one request.
#[derive(Debug)]
pub enum Answer {
    /// 301, 302, 303, 307, 308.
    Redirect(Head),
    /// 304.
    NotModified(Head),
    /// Any other non-2xx status.
    Status(Head),
    /// 2xx.
    Body(Head, Body),
}

/// Makes requests; cheap to clone (the client is shared).
#[derive(Clone)]
pub struct Fetcher {
    client: Client,
    max_body: u64,
    partial: PathBuf,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Fetcher {
    pub fn new(settings: &CrawlSettings, partial: &Path) -> anyhow::Result<Fetcher> {
        let client = Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.timeout_ms))
            .build()?;
        Ok(Fetcher {
            client,
            max_body: settings.max_body_bytes,
            partial: partial.to_path_buf(),
        })
    }

    /// GETs `url` once. A 2xx body is streamed into `.partial/`; the caller
    /// moves it into the corpus or deletes it.
    pub fn get(&self, url: &Url, validators: Option<&Validators>) -> Result<Answer, FetchError> {
        let mut req = self.client.get(url.as_str()).header(
            header::ACCEPT,
            "application/pdf, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5",
        );
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag.as_str());
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm.as_str());
            }
        }
        let resp = req.send().map_err(FetchError::from_reqwest)?;
        let head = head_of(&resp);
        let status = head.status;
        Ok(match status {
            301 | 302 | 303 | 307 | 308 => Answer::Redirect(head),
            304 => Answer::NotModified(head),
            200..=299 => {
                let body = self.save_body(resp)?;
                Answer::Body(head, body)
            }
            _ => Answer::Status(head),
        })
    }

    /// GETs a robots.txt, following up to `max_redirects` redirects itself
    /// (RFC 9309 asks for at least five), and returns the final status and
    /// at most [`super::robots::MAX_ROBOTS_BYTES`] of the body.
    pub fn get_robots(
        &self,
        url: &Url,
        max_redirects: usize,
    ) -> Result<(u16, Vec<u8>), FetchError> {
        let mut url = url.clone();
        for _ in 0..=max_redirects {
            let resp = self
                .client
                .get(url.as_str())
                .send()
                .map_err(FetchError::from_reqwest)?;
            let head = head_of(&resp);
            if matches!(head.status, 301 | 302 | 303 | 307 | 308) {
                match head.location.as_deref().and_then(|l| url.join(l).ok()) {
                    Some(next) => {
                        url = next;
                        continue;
                    }
                    None => return Ok((head.status, Vec::new())),
                }
            }
            let mut body = Vec::new();
            resp.take(super::robots::MAX_ROBOTS_BYTES)
                .read_to_end(&mut body)
                .map_err(|e| FetchError::Transfer(e.to_string()))?;
            return Ok((head.status, body));
        }
        // A redirect chain too long for robots.txt: treated as "no robots.txt".
        Ok((404, Vec::new()))
    }

    fn save_body(&self, mut resp: HttpResponse) -> Result<Body, FetchError> {
        if resp.content_length().is_some_and(|len| len > self.max_body) {
            return Ok(Body::TooLarge);
        }
        std::fs::create_dir_all(&self.partial).map_err(|e| FetchError::Store(e.to_string()))?;
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .partial
            .join(format!("{}-{n}.part", std::process::id()));
        let result = self.stream_to(&mut resp, &tmp);
        if !matches!(result, Ok(Body::Saved(_))) {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn stream_to(&self, resp: &mut HttpResponse, tmp: &Path) -> Result<Body, FetchError> {
        let mut file = File::create(tmp).map_err(|e| FetchError::Store(e.to_string()))?;
        let mut hasher = Sha256::new();
        let mut head: Vec<u8> = Vec::with_capacity(SNIFF_LEN);
        let mut size: u64 = 0;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match resp.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(FetchError::Timeout)
                }
                Err(e) => {
                    let timed_out = e
                        .get_ref()
                        .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                        .is_some_and(reqwest::Error::is_timeout);
                    return Err(if timed_out {
                        FetchError::Timeout
                    } else {
                        FetchError::Transfer(e.to_string())
                    });
                }
            };
            size += n as u64;
            if size > self.max_body {
                return Ok(Body::TooLarge);
            }
            let chunk = &buf[..n];
            if head.len() < SNIFF_LEN {
                let take = (SNIFF_LEN - head.len()).min(n);
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(chunk);
            file.write_all(chunk)
                .map_err(|e| FetchError::Store(e.to_string()))?;
        }
        if sniff::is_blank(size, &head) {
            return Ok(Body::Blank);
        }
        // Synced before the rename into the corpus, so a crash cannot leave
        // a renamed file whose bytes never reached the disk.
        file.sync_all()
            .map_err(|e| FetchError::Store(e.to_string()))?;
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        Ok(Body::Saved(Saved {
            tmp: tmp.to_path_buf(),
            sha256: hex::encode(hasher.finalize()),
            size,
            kind: sniff::sniff(&head, content_type),
        }))
    }
}

fn head_of(resp: &HttpResponse) -> Head {
    let h = resp.headers();
    Head {
        status: resp.status().as_u16(),
        content_type: text_header(h, header::CONTENT_TYPE),
        etag: text_header(h, header::ETAG),
        last_modified: text_header(h, header::LAST_MODIFIED),
        location: text_header(h, header::LOCATION),
        retry_after: text_header(h, header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(&v, OffsetDateTime::now_utc())),
    }
}

fn text_header(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// `Retry-After`: delay-seconds, or an HTTP-date (IMF-fixdate) turned into
/// the time left from `now` (zero if already past).
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let when = time::PrimitiveDateTime::parse(v, &fmt).ok()?.assume_utc();
    let left = when - now;
    Some(if left.is_positive() {
        left.unsigned_abs()
    } else {
        Duration::ZERO
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = time::macros::datetime!(2025-01-06 08:49:37 UTC);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Mon, 06 Jan 2025 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Mon, 06 Jan 2025 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn transient_errors() {
        assert!(FetchError::Timeout.is_transient());
        assert!(FetchError::Connect("refused".into()).is_transient());
        assert!(!FetchError::Status(404).is_transient());
        assert!(!FetchError::TooLarge { limit: 1 }.is_transient());
    }
}
