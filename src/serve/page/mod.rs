//! The search page (`/`, `/?q=...`) and document pages (`/doc/<symbol>`,
//! and `/doc?source=...` for a document without a symbol),
//! rendered on the server from minijinja templates embedded at build time.
//! Templates auto-escape every value; highlights become `<mark>` by
//! splitting the snippet into marked and unmarked pieces here, never by
//! building HTML strings. Links are plain GET URLs, so every page is a
//! stable link and the whole flow works without JavaScript.
//!
//! This file holds what every page shares (templates, assets, error pages,
//! document links, a hit as shown); `query` the page's state as a URL,
//! `search` the search page and `doc` the document pages.

mod doc;
mod query;
mod search;

pub use doc::{document, document_by_source};
pub use search::search;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::search::Hit;

use super::{ApiError, Shared};

const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("../templates/base.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("doc.html", include_str!("../templates/doc.html")),
    ("error.html", include_str!("../templates/error.html")),
];

/// Files under `/static/`: (name, content type, body). Nothing is read
/// from disk, so no path can reach outside these.
const ASSETS: [(&str, &str, &str); 2] = [
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../static/style.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    ),
];

/// The template set, checked once at start-up.
pub fn templates() -> anyhow::Result<minijinja::Environment<'static>> {
    let mut env = minijinja::Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
    }
    Ok(env)
}

pub(super) fn render<S: Serialize>(
    state: &Shared,
    status: StatusCode,
    name: &str,
    view: S,
) -> Response {
    let html = state
        .templates
        .get_template(name)
        .and_then(|t| t.render(view));
    match html {
        Ok(html) => {
            let mut r = (status, html).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
        Err(e) => ApiError::internal(format!("cannot render {name}: {e}")).into_response(),
    }
}

#[derive(Serialize)]
struct ErrorView<'a> {
    title: &'a str,
    message: &'a str,
    q: &'a str,
}

/// An HTML error page with `status`.
pub fn error_page(state: &Shared, status: StatusCode, message: &str) -> Response {
    render(
        state,
        status,
        "error.html",
        ErrorView {
            title: status.canonical_reason().unwrap_or("Error"),
            message,
            q: "",
        },
    )
}

pub(super) fn page_error(state: &Shared, e: ApiError) -> Response {
    error_page(state, e.status, &e.message)
}

/// `GET /static/<file>`.
pub async fn asset(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, kind, body)) => {
            let mut r = (StatusCode::OK, *body).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            r
        }
        None => error_page(&state, StatusCode::NOT_FOUND, "No such file."),
    }
}

/// Characters kept as they are in a `/doc/` path: a symbol's slashes stay
/// slashes, so the link reads like the symbol.
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

/// The stable link of the document bearing `symbol`.
pub fn doc_href(symbol: &str, lang: Option<&str>) -> String {
    let mut href = format!("/doc/{}", utf8_percent_encode(symbol, PATH_KEEP));
    if let Some(l) = lang {
        href.push_str("?lang=");
        href.push_str(&encode(l));
    }
    href
}

/// A query-string value, form-encoded.
pub(super) fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The stable link of the document ingested from `source` (a document
/// without a symbol; see [`super::api::DocKey`]).
pub fn source_href(source: &str) -> String {
    format!("/doc?source={}", encode(source))
}

#[derive(Serialize)]
pub(super) struct Piece {
    text: String,
    mark: bool,
}

/// The snippet cut at its highlights (character ranges), for the template
/// to wrap the marked pieces in `<mark>`.
pub(super) fn pieces(snippet: &str, highlights: &[[usize; 2]]) -> Vec<Piece> {
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for [s, e] in highlights {
        let (s, e) = ((*s).min(chars.len()), (*e).min(chars.len()));
        if s < at || e <= s {
            continue;
        }
        if s > at {
            out.push(Piece {
                text: chars[at..s].iter().collect(),
                mark: false,
            });
        }
        out.push(Piece {
            text: chars[s..e].iter().collect(),
            mark: true,
        });
        at = e;
    }
    if at < chars.len() {
        out.push(Piece {
            text: chars[at..].iter().collect(),
            mark: false,
        });
    }
    out
}

#[derive(Serialize)]
pub(super) struct HitView {
    rank: usize,
    title: String,
    /// The hit's page: by symbol, else by source.
    href: String,
    symbols: Vec<String>,
    date: Option<String>,
    doc_type: String,
    lang: String,
    topics: Vec<String>,
    source: String,
    source_href: Option<String>,
    snippet: Vec<Piece>,
}

/// Only http(s) sources become links; a local path is shown as text.
pub(super) fn web_link(source: &str) -> Option<String> {
    (source.starts_with("https://") || source.starts_with("http://")).then(|| source.to_string())
}

pub(super) fn hit_view(rank: usize, h: &Hit) -> HitView {
    HitView {
        rank,
        title: if h.title.trim().is_empty() {
            "(untitled)".into()
        } else {
            h.title.clone()
        },
        // A hit without a symbol links by its source: the path it was
        // ingested from, or the web address it shows instead when it has one
        // (both are keys of `/doc?source=`).
        href: match &h.symbol {
            Some(s) => doc_href(s, Some(&h.lang)),
            None => source_href(&h.source),
        },
        symbols: h.symbols.clone(),
        date: h.date.clone(),
        doc_type: h.doc_type.clone(),
        lang: h.lang.clone(),
        topics: h.topics.clone(),
        source_href: web_link(&h.source),
        source: h.source.clone(),
        snippet: pieces(&h.snippet, &h.highlights),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_follow_character_ranges() {
        let p = pieces("é <b> x", &[[2, 5]]);
        let marked: Vec<(&str, bool)> = p.iter().map(|p| (p.text.as_str(), p.mark)).collect();
        assert_eq!(marked, vec![("é ", false), ("<b>", true), (" x", false)]);
        // Out-of-range and overlapping highlights are dropped, not panics.
        let p = pieces("abc", &[[1, 2], [0, 9], [5, 7]]);
        assert_eq!(p.iter().filter(|p| p.mark).count(), 1);
    }

    #[test]
    fn doc_links_keep_slashes_and_encode_the_rest() {
        assert_eq!(doc_href("A/RES/73/69", None), "/doc/A/RES/73/69");
        assert_eq!(
            doc_href("S/RES/2220 (2015)", Some("en")),
            "/doc/S/RES/2220%20%282015%29?lang=en"
        );
        assert_eq!(doc_href("x?y#\"<", None), "/doc/x%3Fy%23%22%3C");
    }
}
