//! robots.txt: what a host lets us fetch, and how slowly.
//!
//! Parsing and matching are `texting_robots`' (a maintained parser that
//! follows RFC 9309 and Google's behaviour). This module decides what a
//! fetch of robots.txt means: a 2xx is parsed, a 4xx means "no rules"
//! (allow all), a 5xx or no answer means "unknown": the host is retried
//! later and nothing else is fetched from it until then.

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// Largest robots.txt read; RFC 9309 requires parsing at least 500 KiB.
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// The rules of one host.
pub enum Rules {
    /// No robots.txt (4xx), or one that could not be parsed.
    AllowAll,
    Parsed(Box<Robot>),
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rules::AllowAll => f.write_str("AllowAll"),
            Rules::Parsed(r) => write!(f, "Parsed(delay={:?})", r.delay),
        }
    }
}

impl Rules {
    /// Rules from a robots.txt body fetched with a 2xx status.
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            // texting_robots is forgiving; a file it still cannot read
            // carries no rules we could obey.
            Err(_) => Rules::AllowAll,
        }
    }

    /// May this URL be fetched?
    pub fn allowed(&self, url: &Url) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }

    /// The Crawl-delay the file asks for, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::AllowAll => None,
            Rules::Parsed(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(86_400.0))),
        }
    }
}

/// The delay between two requests to a host: our minimum, raised by the
/// host's Crawl-delay up to a cap.
pub fn host_delay(min: Duration, crawl_delay: Option<Duration>, cap: Duration) -> Duration {
    match crawl_delay {
        Some(d) => min.max(d.min(cap)),
        None => min,
    }
}

/// The product token robots.txt groups are matched against: the first word
/// of the User-Agent, without its version (`undex/0.1 (...)` → `undex`).
pub fn agent_token(user_agent: &str) -> String {
    user_agent
        .split_whitespace()
        .next()
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string()
}

/// `scheme://host[:port]/robots.txt` for a URL.
pub fn robots_url(url: &Url) -> Option<Url> {
    let mut r = url.clone();
    r.set_query(None);
    r.set_fragment(None);
    let _ = r.set_username("");
    let _ = r.set_password(None);
    r.set_path("/robots.txt");
    r.host_str().is_some().then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obeys_disallow_and_reads_crawl_delay() {
        let txt = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: badbot\nDisallow: /\n";
        let rules = Rules::parse(&agent_token("undex/0.1 (+https://x)"), txt);
        let ok = Url::parse("http://h/public/a.pdf").unwrap();
        let no = Url::parse("http://h/private/a.pdf").unwrap();
        assert!(rules.allowed(&ok));
        assert!(!rules.allowed(&no));
        assert_eq!(rules.crawl_delay(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn delay_is_raised_then_capped() {
        let ms = Duration::from_millis;
        assert_eq!(host_delay(ms(1000), None, ms(30_000)), ms(1000));
        assert_eq!(
            host_delay(ms(1000), Some(ms(10_000)), ms(30_000)),
            ms(10_000)
        );
        assert_eq!(
            host_delay(ms(1000), Some(ms(3_600_000)), ms(30_000)),
            ms(30_000)
        );
        assert_eq!(host_delay(ms(1000), Some(ms(200)), ms(30_000)), ms(1000));
    }

    #[test]
    fn robots_url_keeps_scheme_host_and_port() {
        let u = Url::parse("http://127.0.0.1:8080/a/b?c=d#e").unwrap();
        assert_eq!(
            robots_url(&u).unwrap().as_str(),
            "http://127.0.0.1:8080/robots.txt"
        );
        assert_eq!(agent_token("undex/0.1 (+https://github.com/x)"), "undex");
    }
}
