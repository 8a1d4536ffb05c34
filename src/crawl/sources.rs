//! The sources file (`sources.toml`): what to crawl, and how politely.
//!
//! Two kinds of source: `[[web]]` follows links from seed pages within
//! allowed URL prefixes; `[[symbols]]` fetches UN documents by symbol from a
//! URL template. `[crawl]` holds the politeness and robustness settings;
//! every one has a default, so tests can shrink delays without repeating
//! the rest. Unknown keys are errors: a misspelt `max_depht` must not
//! silently crawl with the default.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context as _};
use regex::Regex;
use serde::Deserialize;
use url::Url;

/// The whole sources file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    #[serde(default)]
    pub crawl: CrawlSettings,
    #[serde(default)]
    pub web: Vec<WebSource>,
    #[serde(default)]
    pub symbols: Vec<SymbolSource>,
}

/// Politeness and robustness settings (`[crawl]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrawlSettings {
    /// Sent with every request; robots.txt rules are matched on its first word.
    pub user_agent: String,
    /// Least time between two requests to one host (end of one to start of next).
    pub min_delay_ms: u64,
    /// Ceiling on a robots.txt `Crawl-delay`, so one site cannot stall a crawl.
    pub max_crawl_delay_ms: u64,
    /// Hosts fetched at once; each host gets one request at a time.
    pub concurrency: usize,
    /// Longest wait for a connection.
    pub connect_timeout_ms: u64,
    /// Longest wait for any single read or write on a connection.
    pub timeout_ms: u64,
    /// Requests per URL (and per robots.txt) before giving up.
    pub max_attempts: u32,
    /// First retry wait; doubled on each further retry.
    pub backoff_base_ms: u64,
    /// Ceiling on the exponential backoff.
    pub backoff_max_ms: u64,
    /// A `Retry-After` longer than this makes the crawl give up on the URL
    /// instead of stalling the host for that long.
    pub max_retry_after_ms: u64,
    /// Bodies larger than this are abandoned and recorded as failures.
    pub max_body_bytes: u64,
    /// Redirect hops followed per URL.
    pub max_redirects: usize,
}

impl Default for CrawlSettings {
    fn default() -> Self {
        CrawlSettings {
            user_agent: format!(
                "undex/{} (+https://github.com/undex/undex; UN document search crawler)",
                env!("CARGO_PKG_VERSION")
            ),
            min_delay_ms: 1000,
            max_crawl_delay_ms: 30_000,
            concurrency: 4,
            connect_timeout_ms: 15_000,
            timeout_ms: 60_000,
            max_attempts: 4,
            backoff_base_ms: 2_000,
            backoff_max_ms: 120_000,
            max_retry_after_ms: 600_000,
            max_body_bytes: 100 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// A `[[web]]` source: follow links from seed pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSource {
    pub name: String,
    pub seeds: Vec<String>,
    /// URL prefixes that may be fetched (seeds must be under one of them).
    pub allow: Vec<String>,
    /// URL prefixes never fetched, even under `allow`.
    #[serde(default)]
    pub deny: Vec<String>,
    /// When not empty, only links matching one of these regexes are followed
    /// (seeds always are), to keep a crawl to the documents of interest.
    #[serde(default)]
    pub follow: Vec<String>,
    /// Link hops from a seed (seeds are depth 0).
    #[serde(default = "default_max_depth")]
    pub max_depth: u32,
    /// Most documents this source may yield per run.
    #[serde(default)]
    pub max_docs: Option<usize>,
    /// ISO 639-1 language of the pages, when known and no link says otherwise.
    #[serde(default)]
    pub lang: Option<String>,
}

fn default_max_depth() -> u32 {
    2
}

/// A `[[symbols]]` source: fetch documents by UN symbol.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolSource {
    pub name: String,
    /// Template with `{symbol}` (sent percent-encoded, `/` as `%2F`) and
    /// `{lang}` (the UN's language letter: A C E F R S).
    pub url: String,
    #[serde(default)]
    pub symbols: Vec<String>,
    #[serde(default)]
    pub ranges: Vec<SymbolRange>,
    /// ISO 639-1 codes (en, fr, es, ar, zh, ru).
    #[serde(default = "default_langs")]
    pub langs: Vec<String>,
    #[serde(default)]
    pub max_docs: Option<usize>,
}

/// All six official languages: the UN publishes every document in each.
fn default_langs() -> Vec<String> {
    crate::lang::Lang::OFFICIAL
        .iter()
        .map(|l| l.code().to_string())
        .collect()
}

/// `prefix` + each number `from..=to` + `suffix`: `A/RES/73/` 1..=300.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymbolRange {
    pub prefix: String,
    pub from: u32,
    pub to: u32,
    #[serde(default)]
    pub suffix: String,
}

/// Most symbols one range may expand to: a typo like `to = 30000` should
/// be an error, not a week of requests.
const MAX_RANGE_LEN: u32 = 20_000;

/// ISO 639-1 → the letter the UN's document system uses for the language
/// (see `crate::lang`).
pub fn un_lang_letter(iso: &str) -> Option<&'static str> {
    crate::lang::Lang::from_iso1(iso).map(crate::lang::Lang::un_letter)
}

/// A symbol percent-encoded for a URL: everything but RFC 3986 unreserved
/// characters is escaped, so `/` goes as `%2F` and a space as `%20`.
pub fn encode_symbol(symbol: &str) -> String {
    let mut out = String::with_capacity(symbol.len() * 2);
    for b in symbol.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One document a symbol source asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolRequest {
    pub symbol: String,
    /// ISO 639-1.
    pub lang: String,
    pub url: String,
}

impl SymbolSource {
    /// Every (symbol, language) the source names, listed symbols first, then
    /// ranges, without repeats.
    pub fn requests(&self) -> Vec<SymbolRequest> {
        let mut symbols: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let listed = self.symbols.iter().map(|s| s.trim().to_string());
        let ranged = self
            .ranges
            .iter()
            .flat_map(|r| (r.from..=r.to).map(move |n| format!("{}{}{}", r.prefix, n, r.suffix)));
        for s in listed.chain(ranged) {
            if !s.is_empty() && seen.insert(s.clone()) {
                symbols.push(s);
            }
        }
        let mut out = Vec::with_capacity(symbols.len() * self.langs.len());
        for symbol in &symbols {
            for lang in &self.langs {
                let letter = un_lang_letter(lang).unwrap_or("E");
                let url = self
                    .url
                    .replace("{symbol}", &encode_symbol(symbol))
                    .replace("{lang}", letter);
                out.push(SymbolRequest {
                    symbol: symbol.clone(),
                    lang: lang.to_ascii_lowercase(),
                    url,
                });
            }
        }
        out
    }
}

impl Sources {
    /// Reads and checks a sources file.
    pub fn load(path: &Path) -> anyhow::Result<Sources> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read sources file \"{}\"", path.display()))?;
        Sources::parse(&text).with_context(|| format!("bad sources file \"{}\"", path.display()))
    }

    /// Parses and checks sources from TOML text.
    pub fn parse(text: &str) -> anyhow::Result<Sources> {
        let sources: Sources = toml::from_str(text)?;
        sources.validate()?;
        Ok(sources)
    }

    fn validate(&self) -> anyhow::Result<()> {
        let c = &self.crawl;
        if c.user_agent.trim().is_empty() {
            bail!("[crawl] user_agent must not be empty");
        }
        if c.concurrency == 0 {
            bail!("[crawl] concurrency must be at least 1");
        }
        if c.max_attempts == 0 {
            bail!("[crawl] max_attempts must be at least 1");
        }
        let mut names = HashSet::new();
        for w in &self.web {
            if w.name.trim().is_empty() || !names.insert(w.name.clone()) {
                bail!("source name {:?} is empty or used twice", w.name);
            }
            if w.seeds.is_empty() {
                bail!("web source {:?} has no seeds", w.name);
            }
            if w.allow.is_empty() {
                bail!("web source {:?} has no allow prefixes", w.name);
            }
            for prefix in w.allow.iter().chain(&w.deny) {
                http_url(prefix)
                    .with_context(|| format!("web source {:?}: bad prefix {prefix:?}", w.name))?;
            }
            for seed in &w.seeds {
                let url = http_url(seed)
                    .with_context(|| format!("web source {:?}: bad seed {seed:?}", w.name))?;
                let url = super::urls::normalize(&url);
                if !w.allow.iter().any(|p| url.as_str().starts_with(p.as_str())) {
                    bail!(
                        "web source {:?}: seed {seed} is not under any allow prefix",
                        w.name
                    );
                }
            }
            for re in &w.follow {
                Regex::new(re)
                    .with_context(|| format!("web source {:?}: bad follow regex", w.name))?;
            }
            if let Some(lang) = &w.lang {
                if un_lang_letter(lang).is_none() {
                    bail!("web source {:?}: unknown language {lang:?}", w.name);
                }
            }
        }
        for s in &self.symbols {
            if s.name.trim().is_empty() || !names.insert(s.name.clone()) {
                bail!("source name {:?} is empty or used twice", s.name);
            }
            if !s.url.contains("{symbol}") {
                bail!("symbols source {:?}: url has no {{symbol}}", s.name);
            }
            if !s.url.contains("{lang}") && s.langs.len() > 1 {
                bail!(
                    "symbols source {:?}: several langs but the url has no {{lang}}",
                    s.name
                );
            }
            http_url(&s.url.replace("{symbol}", "X").replace("{lang}", "E"))
                .with_context(|| format!("symbols source {:?}: bad url", s.name))?;
            if s.langs.is_empty() {
                bail!("symbols source {:?}: langs is empty", s.name);
            }
            for lang in &s.langs {
                if un_lang_letter(lang).is_none() {
                    bail!(
                        "symbols source {:?}: unknown language {lang:?} (use ISO codes: en fr es ar zh ru)",
                        s.name
                    );
                }
            }
            for r in &s.ranges {
                if r.from > r.to || r.to - r.from >= MAX_RANGE_LEN {
                    bail!(
                        "symbols source {:?}: range {}{}..{} is empty or longer than {MAX_RANGE_LEN}",
                        s.name,
                        r.prefix,
                        r.from,
                        r.to
                    );
                }
            }
        }
        Ok(())
    }
}

/// Parses an absolute http(s) URL with a host.
pub fn http_url(s: &str) -> anyhow::Result<Url> {
    let url = Url::parse(s.trim())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("not an http(s) URL: {s}");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_symbols_for_the_un_api() {
        assert_eq!(encode_symbol("A/RES/73/69"), "A%2FRES%2F73%2F69");
        assert_eq!(
            encode_symbol("S/RES/2220 (2015)"),
            "S%2FRES%2F2220%20%282015%29"
        );
        assert_eq!(encode_symbol("A/C.1/74/L.34"), "A%2FC.1%2F74%2FL.34");
    }

    #[test]
    fn expands_symbols_ranges_and_langs() {
        let s = Sources::parse(
            r#"
            [[symbols]]
            name = "ga"
            url = "https://documents.un.org/api/symbol/access?s={symbol}&l={lang}&t=pdf"
            symbols = ["A/RES/73/69", "A/74/187"]
            ranges = [{ prefix = "A/RES/73/", from = 68, to = 70 }]
            langs = ["en", "fr"]
            "#,
        )
        .unwrap();
        let reqs = s.symbols[0].requests();
        // A/RES/73/69 appears once although both listed and in the range.
        assert_eq!(reqs.len(), 4 * 2);
        assert_eq!(reqs[0].symbol, "A/RES/73/69");
        assert_eq!(reqs[0].lang, "en");
        assert_eq!(
            reqs[0].url,
            "https://documents.un.org/api/symbol/access?s=A%2FRES%2F73%2F69&l=E&t=pdf"
        );
        assert!(reqs[1].url.contains("&l=F&"));
        assert_eq!(reqs[1].lang, "fr");
        assert_eq!(reqs[4].symbol, "A/RES/73/68");
    }

    #[test]
    fn rejects_mistakes() {
        assert!(Sources::parse("[crawl]\nmin_delay = 3\n").is_err());
        assert!(Sources::parse(
            "[[web]]\nname='a'\nseeds=['https://x.org/a']\nallow=['https://y.org/']\n"
        )
        .is_err());
        assert!(Sources::parse(
            "[[symbols]]\nname='a'\nurl='https://x.org/?s={symbol}&l={lang}'\nlangs=['english']\n"
        )
        .is_err());
        assert!(Sources::parse("[[symbols]]\nname='a'\nurl='https://x.org/?s={symbol}'\nranges=[{prefix='A/',from=5,to=1}]\n").is_err());
    }

    #[test]
    fn defaults_fill_the_crawl_table() {
        let s = Sources::parse("[crawl]\nmin_delay_ms = 200\n").unwrap();
        assert_eq!(s.crawl.min_delay_ms, 200);
        assert_eq!(s.crawl.concurrency, 4);
        assert_eq!(s.crawl.max_redirects, 5);
    }
}
