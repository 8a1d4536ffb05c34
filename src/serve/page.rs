//! The search page (`/`, `/?q=...`) and document pages (`/doc/<symbol>`,
//! and `/doc?source=...` for a document without a symbol),
//! rendered on the server from minijinja templates embedded at build time.
//! Templates auto-escape every value; highlights become `<mark>` by
//! splitting the snippet into marked and unmarked pieces here, never by
//! building HTML strings. Links are plain GET URLs, so every page is a
//! stable link and the whole flow works without JavaScript.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::output::objects;
use crate::search::{
    FacetCount, FacetKind, FilterSpec, Filters, Hit, SearchRequest, SortOrder, DEFAULT_LIMIT,
};
use crate::symbol;
use crate::votes::VoteRecord;

use super::api::DocKey;
use super::limits::MAX_WINDOW;
use super::params::Params;
use super::{ApiError, Shared};

const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("templates/base.html")),
    ("search.html", include_str!("templates/search.html")),
    ("doc.html", include_str!("templates/doc.html")),
    ("error.html", include_str!("templates/error.html")),
];

/// Files under `/static/`: (name, content type, body). Nothing is read
/// from disk, so no path can reach outside these.
const ASSETS: [(&str, &str, &str); 2] = [
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("static/style.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("static/app.js"),
    ),
];

/// Most documents listed as citing the one shown.
const CITED_BY_SHOWN: usize = 200;

/// The template set, checked once at start-up.
pub fn templates() -> anyhow::Result<minijinja::Environment<'static>> {
    let mut env = minijinja::Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
    }
    Ok(env)
}

fn render<S: Serialize>(state: &Shared, status: StatusCode, name: &str, view: S) -> Response {
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

fn page_error(state: &Shared, e: ApiError) -> Response {
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
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The stable link of the document ingested from `source` (a document
/// without a symbol; see [`DocKey`]).
pub fn source_href(source: &str) -> String {
    format!("/doc?source={}", encode(source))
}

/// The page's state as a URL: query, filters, sort and page.
#[derive(Clone, Default)]
struct PageQuery {
    q: String,
    topic: Vec<String>,
    symbol: Vec<String>,
    family: bool,
    doc_type: Option<String>,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
    subject: Vec<String>,
    sponsor: Vec<String>,
    has_text: Option<bool>,
    country: Vec<String>,
    sort: Option<String>,
    page: usize,
}

const PAGE_KEYS: [&str; 14] = [
    "q", "topic", "symbol", "family", "type", "lang", "from", "to", "subject", "sponsor",
    "has_text", "country", "sort", "page",
];

impl PageQuery {
    fn parse(params: &Params) -> Result<PageQuery, ApiError> {
        params.check_names(&PAGE_KEYS)?;
        let spec = params.filters()?;
        Ok(PageQuery {
            q: params.one("q")?.unwrap_or_default(),
            topic: spec.topic,
            symbol: spec.symbol,
            family: spec.family,
            doc_type: spec.doc_type,
            lang: spec.lang,
            from: spec.from,
            to: spec.to,
            subject: spec.subject,
            sponsor: spec.sponsor,
            has_text: spec.has_text,
            country: spec.country,
            sort: params.one("sort")?,
            page: params.count("page", 1)?.max(1),
        })
    }

    fn spec(&self) -> FilterSpec {
        FilterSpec {
            topic: self.topic.clone(),
            symbol: self.symbol.clone(),
            family: self.family,
            doc_type: self.doc_type.clone(),
            lang: self.lang.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            subject: self.subject.clone(),
            sponsor: self.sponsor.clone(),
            has_text: self.has_text,
            country: self.country.clone(),
        }
    }

    fn has_filters(&self) -> bool {
        !(self.topic.is_empty()
            && self.symbol.is_empty()
            && self.doc_type.is_none()
            && self.lang.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.subject.is_empty()
            && self.sponsor.is_empty()
            && self.has_text.is_none()
            && self.country.is_empty())
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        out.extend(self.topic.iter().map(|t| ("topic", t.clone())));
        out.extend(self.symbol.iter().map(|s| ("symbol", s.clone())));
        if self.family {
            out.push(("family", "1".to_string()));
        }
        out.extend(self.subject.iter().map(|s| ("subject", s.clone())));
        out.extend(self.sponsor.iter().map(|s| ("sponsor", s.clone())));
        out.extend(self.country.iter().map(|c| ("country", c.clone())));
        if let Some(t) = self.has_text {
            out.push(("has_text", if t { "1" } else { "0" }.to_string()));
        }
        for (k, v) in [
            ("type", &self.doc_type),
            ("lang", &self.lang),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
        ] {
            if let Some(v) = v {
                out.push((k, v.clone()));
            }
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        out
    }

    fn href_at(&self, base: &str) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return base.to_string();
        }
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(k, &v);
        }
        format!("{base}?{}", s.finish())
    }

    fn href(&self) -> String {
        self.href_at("/")
    }

    /// A changed copy, back on page 1 (a new filter means new results).
    fn with(&self, change: impl FnOnce(&mut PageQuery)) -> PageQuery {
        let mut next = self.clone();
        next.page = 1;
        change(&mut next);
        next
    }
}

#[derive(Serialize)]
struct Piece {
    text: String,
    mark: bool,
}

/// The snippet cut at its highlights (character ranges), for the template
/// to wrap the marked pieces in `<mark>`.
fn pieces(snippet: &str, highlights: &[[usize; 2]]) -> Vec<Piece> {
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
struct HitView {
    rank: usize,
    title: String,
    href: Option<String>,
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
fn web_link(source: &str) -> Option<String> {
    (source.starts_with("https://") || source.starts_with("http://")).then(|| source.to_string())
}

fn hit_view(rank: usize, h: &Hit) -> HitView {
    HitView {
        rank,
        title: if h.title.trim().is_empty() {
            "(untitled)".into()
        } else {
            h.title.clone()
        },
        // A hit without a symbol links by its source, unless that is a web
        // address: the index looks a document up by the source it was
        // ingested from, and a hit shows the URL instead when it has one.
        href: match &h.symbol {
            Some(s) => Some(doc_href(s, Some(&h.lang))),
            None => web_link(&h.source)
                .is_none()
                .then(|| source_href(&h.source)),
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

#[derive(Serialize)]
struct FacetValue {
    label: String,
    count: u64,
    href: String,
}

#[derive(Serialize)]
struct FacetView {
    name: &'static str,
    title: String,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct ActiveFilter {
    label: String,
    remove_href: String,
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    year: String,
    count: u64,
    href: String,
}

#[derive(Serialize)]
struct Chart {
    width: f64,
    height: f64,
    bars: Vec<Bar>,
    first: String,
    last: String,
    max: u64,
}

/// The year chart: one bar per year in the range, scaled to the busiest
/// year; each bar links to that year.
fn year_chart(years: &[FacetCount], query: &PageQuery) -> Option<Chart> {
    let parsed: BTreeMap<i64, u64> = years
        .iter()
        .filter_map(|c| c.path.parse::<i64>().ok().map(|y| (y, c.count)))
        .collect();
    let (&first, &last) = (parsed.keys().next()?, parsed.keys().next_back()?);
    let max = parsed.values().copied().max().unwrap_or(1).max(1);
    let n = (last - first + 1) as f64;
    let (width, height) = (600.0, 120.0);
    let w = width / n;
    let bars = (first..=last)
        .filter_map(|y| {
            let count = *parsed.get(&y)?;
            let h = (count as f64 / max as f64 * (height - 2.0)).max(1.0);
            let year = y.to_string();
            let href = query
                .with(|p| {
                    p.from = Some(year.clone());
                    p.to = Some(year.clone());
                })
                .href();
            Some(Bar {
                x: (y - first) as f64 * w,
                y: height - h,
                w: (w * 0.85).max(0.5),
                h,
                year,
                count,
                href,
            })
        })
        .collect();
    Some(Chart {
        width,
        height,
        bars,
        first: first.to_string(),
        last: last.to_string(),
        max,
    })
}

#[derive(Serialize)]
struct PageLink {
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize, Default)]
struct SearchView {
    q: String,
    searched: bool,
    error: Option<String>,
    documents: u64,
    total: usize,
    shown_from: usize,
    shown_to: usize,
    took_ms: f64,
    hits: Vec<HitView>,
    facets: Vec<FacetView>,
    active: Vec<ActiveFilter>,
    chart: Option<Chart>,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    sort_date: bool,
    relevance_href: String,
    date_href: String,
    json_href: String,
    hidden: Vec<(String, String)>,
}

fn facet_title(kind: FacetKind) -> &'static str {
    match kind {
        FacetKind::Topic => "Topic",
        FacetKind::Symbol => "Symbol",
        FacetKind::Type => "Type",
        FacetKind::Year => "Year",
        FacetKind::Lang => "Language",
        FacetKind::Subject => "Subject",
        FacetKind::Series => "Series",
    }
}

/// One removable filter per value of a repeatable filter (`topic`,
/// `symbol`, `subject`, `sponsor`), labelled `name: value`.
fn each_value(
    out: &mut Vec<ActiveFilter>,
    p: &PageQuery,
    name: &str,
    values: &[String],
    field: fn(&mut PageQuery) -> &mut Vec<String>,
) {
    for (i, value) in values.iter().enumerate() {
        out.push(ActiveFilter {
            label: format!("{name}: {value}"),
            remove_href: p
                .with(|n| {
                    field(n).remove(i);
                })
                .href(),
        });
    }
}

/// The filters in force, each with a link that drops it.
fn active_filters(p: &PageQuery) -> Vec<ActiveFilter> {
    let mut out = Vec::new();
    each_value(&mut out, p, "topic", &p.topic, |n| &mut n.topic);
    each_value(&mut out, p, "symbol", &p.symbol, |n| &mut n.symbol);
    if p.family {
        out.push(ActiveFilter {
            label: "with their families".to_string(),
            remove_href: p.with(|n| n.family = false).href(),
        });
    }
    each_value(&mut out, p, "subject", &p.subject, |n| &mut n.subject);
    each_value(&mut out, p, "sponsor", &p.sponsor, |n| &mut n.sponsor);
    if let Some(t) = &p.doc_type {
        out.push(ActiveFilter {
            label: format!("type: {t}"),
            remove_href: p.with(|n| n.doc_type = None).href(),
        });
    }
    if let Some(l) = &p.lang {
        out.push(ActiveFilter {
            label: format!("language: {l}"),
            remove_href: p.with(|n| n.lang = None).href(),
        });
    }
    if p.from.is_some() || p.to.is_some() {
        let label = match (&p.from, &p.to) {
            (Some(f), Some(t)) if f == t => format!("year: {f}"),
            (f, t) => format!(
                "dates: {} – {}",
                f.as_deref().unwrap_or("…"),
                t.as_deref().unwrap_or("…")
            ),
        };
        out.push(ActiveFilter {
            label,
            remove_href: p
                .with(|n| {
                    n.from = None;
                    n.to = None;
                })
                .href(),
        });
    }
    out
}

/// Facet values as drill-down links: a value adds its filter (a symbol or
/// topic value replaces its parent, going one level down).
fn facet_view(kind: FacetKind, counts: &[FacetCount], p: &PageQuery) -> Option<FacetView> {
    if counts.is_empty() {
        return None;
    }
    let values = counts
        .iter()
        .take(if kind == FacetKind::Year { 200 } else { 30 })
        .map(|c| {
            let value = c.path.trim_start_matches('/').to_string();
            let next = p.with(|n| match kind {
                FacetKind::Topic => n.topic = vec![c.path.clone()],
                FacetKind::Symbol => n.symbol = vec![value.clone()],
                FacetKind::Type => n.doc_type = Some(value.clone()),
                FacetKind::Lang => n.lang = Some(value.clone()),
                FacetKind::Subject => n.subject = vec![value.clone()],
                // A series narrows by its title words.
                FacetKind::Series => n.q = format!("title:\"{value}\""),
                FacetKind::Year => {
                    n.from = Some(value.clone());
                    n.to = Some(value.clone());
                }
            });
            FacetValue {
                label: value,
                count: c.count,
                href: next.href(),
            }
        })
        .collect();
    Some(FacetView {
        name: kind.name(),
        title: facet_title(kind).to_string(),
        values,
    })
}

/// `GET /` and `GET /?q=...`: the search page.
pub async fn search(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = match PageQuery::parse(&Params::parse(raw.as_deref())) {
        Ok(p) => p,
        Err(e) => return page_error(&state, e),
    };
    let engine = state.engine();
    let documents = engine.num_docs();
    let mut view = SearchView {
        q: p.q.clone(),
        documents,
        ..SearchView::default()
    };
    // No query but filters: browse everything under them.
    let query = if p.q.trim().is_empty() && p.has_filters() {
        "*".to_string()
    } else {
        p.q.clone()
    };
    if query.trim().is_empty() {
        // The front page: the box, and what the index holds to drill into.
        let p2 = p.clone();
        let result = state
            .gate
            .run(move || {
                let none = Filters::default();
                let mut facets = Vec::new();
                for kind in [
                    FacetKind::Topic,
                    FacetKind::Type,
                    FacetKind::Lang,
                    FacetKind::Symbol,
                ] {
                    let counts = engine.facet_counts(None, &none, kind, &[])?;
                    let browse = PageQuery {
                        q: String::new(),
                        ..p2.clone()
                    };
                    facets.extend(facet_view(kind, &counts, &browse));
                }
                Ok(facets)
            })
            .await;
        match result {
            Ok(facets) => view.facets = facets,
            Err(e) => return page_error(&state, e),
        }
        return render(&state, StatusCode::OK, "search.html", view);
    }
    let filters = match Filters::check(&p.spec()) {
        Ok(f) => f,
        Err(e) => {
            view.error = Some(e.to_string().trim_start_matches("--").to_string());
            view.searched = true;
            return render(&state, StatusCode::BAD_REQUEST, "search.html", view);
        }
    };
    let sort = if p.sort.as_deref() == Some("date") {
        SortOrder::Date
    } else {
        SortOrder::Relevance
    };
    let limit = DEFAULT_LIMIT;
    let last_page = MAX_WINDOW / limit;
    let page = p.page.min(last_page);
    let offset = (page - 1) * limit;
    let p2 = p.clone();
    let result = state
        .gate
        .run(move || {
            let result = engine.search(&SearchRequest {
                query: &query,
                filters: &filters,
                limit,
                offset,
                sort,
                facets: true,
                snippets: true,
                collapse: true,
            })?;
            // Symbol prefixes drill down from the one in force.
            let under = match p2.symbol.as_slice() {
                [one] => symbol::prefix_segments(one).unwrap_or_default(),
                _ => Vec::new(),
            };
            let symbols = engine.facet_counts(Some(&query), &filters, FacetKind::Symbol, &under)?;
            // The topic in force: its sub-topics.
            let topics_under = match p2.topic.as_slice() {
                [one] => {
                    let segs: Vec<String> = one
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                    engine.facet_counts(Some(&query), &filters, FacetKind::Topic, &segs)?
                }
                _ => Vec::new(),
            };
            Ok((result, symbols, topics_under))
        })
        .await;
    let (result, symbols, topics_under) = match result {
        Ok(r) => r,
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            view.error = Some(
                e.message
                    .trim_start_matches("parameter \"q\": ")
                    .to_string(),
            );
            view.searched = true;
            return render(&state, StatusCode::BAD_REQUEST, "search.html", view);
        }
        Err(e) => return page_error(&state, e),
    };
    view.searched = true;
    view.total = result.total;
    view.took_ms = (result.took_ms * 10.0).round() / 10.0;
    view.shown_from = if result.hits.is_empty() {
        0
    } else {
        offset + 1
    };
    view.shown_to = offset + result.hits.len();
    view.hits = result
        .hits
        .iter()
        .enumerate()
        .map(|(i, h)| hit_view(offset + i + 1, h))
        .collect();
    let empty = Vec::new();
    let facet = |name: &str| result.facets.get(name).unwrap_or(&empty);
    let topic_counts = if topics_under.is_empty() {
        facet("topic").clone()
    } else {
        topics_under
    };
    view.facets = [
        (FacetKind::Topic, &topic_counts),
        (FacetKind::Type, facet("type")),
        (FacetKind::Lang, facet("lang")),
        (FacetKind::Symbol, &symbols),
        (FacetKind::Year, facet("year")),
    ]
    .into_iter()
    .filter_map(|(k, c)| facet_view(k, c, &p))
    .collect();
    view.chart = year_chart(facet("year"), &p);
    view.active = active_filters(&p);
    // Pagination: a window of pages around this one.
    let pages = result.total.div_ceil(limit).clamp(1, last_page);
    if page > 1 {
        view.prev = Some(p.with(|n| n.page = page - 1).href());
    }
    if page < pages {
        view.next = Some(p.with(|n| n.page = page + 1).href());
    }
    let lo = page.saturating_sub(4).max(1);
    let hi = (lo + 8).min(pages);
    if pages > 1 {
        view.pages = (lo..=hi)
            .map(|n| PageLink {
                label: n.to_string(),
                href: p.with(|x| x.page = n).href(),
                current: n == page,
            })
            .collect();
    }
    view.sort_date = sort == SortOrder::Date;
    view.relevance_href = p.with(|n| n.sort = None).href();
    view.date_href = p.with(|n| n.sort = Some("date".into())).href();
    let mut api = p.with(|n| n.page = 1);
    api.q = query_for_api(&p);
    view.json_href = api_href(&api, offset);
    // The search box keeps the filters in force.
    view.hidden = p
        .with(|n| {
            n.q.clear();
            n.page = 1;
        })
        .pairs()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    render(&state, StatusCode::OK, "search.html", view)
}

fn query_for_api(p: &PageQuery) -> String {
    if p.q.trim().is_empty() {
        "*".into()
    } else {
        p.q.clone()
    }
}

/// The same search as a `/api/search` link.
fn api_href(p: &PageQuery, offset: usize) -> String {
    let mut href = p.href_at("/api/search");
    let sep = if href.contains('?') { '&' } else { '?' };
    href.push(sep);
    href.push_str(&format!("offset={offset}&facets=1"));
    href
}

#[derive(Serialize)]
struct Version {
    lang: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct LinkedSymbol {
    symbol: String,
    href: String,
}

#[derive(Serialize)]
struct DocView {
    q: String,
    /// The page's name: the symbol, else the title.
    heading: String,
    title: String,
    symbols: Vec<String>,
    date: Option<String>,
    doc_type: String,
    lang: String,
    topics: Vec<String>,
    source: String,
    source_href: Option<String>,
    text: String,
    versions: Vec<Version>,
    cites: Vec<LinkedSymbol>,
    /// False for a document without a symbol: nothing can cite it.
    citable: bool,
    cited_by_total: usize,
    cited_by: Vec<HitView>,
    cited_by_more: bool,
    json_href: String,
    search_href: Option<String>,
    vote: Option<VoteView>,
}

/// A resolution's vote on its page: the outcome, a tally bar (segments as
/// SVG widths out of 100: the CSP allows no inline styles) and the States
/// in each list.
#[derive(Serialize)]
struct VoteView {
    outcome: String,
    meeting: Option<String>,
    tallies: Option<[u32; 3]>,
    /// (x, width) of the in favour, against and abstaining segments.
    bar: Vec<(f64, f64)>,
    in_favour: Vec<String>,
    against: Vec<String>,
    abstaining: Vec<String>,
}

fn vote_view(v: VoteRecord) -> VoteView {
    let tallies = v.tallies.map(|t| [t.in_favour, t.against, t.abstaining]);
    let mut bar = Vec::new();
    if let Some(t) = tallies {
        let sum: u32 = t.iter().sum();
        let mut x = 0.0;
        for n in t {
            let w = if sum == 0 {
                0.0
            } else {
                (f64::from(n) * 1000.0 / f64::from(sum)).round() / 10.0
            };
            bar.push((x, w));
            x += w;
        }
    }
    VoteView {
        outcome: v.outcome.describe().to_string(),
        meeting: v.meeting,
        tallies,
        bar,
        in_favour: v.states.in_favour,
        against: v.states.against,
        abstaining: v.states.abstaining,
    }
}

/// `GET /doc/<symbol>[?lang=xx]`: one document with its text, its other
/// language versions, what it cites and what cites it.
pub async fn document(
    State(state): State<Shared>,
    Path(raw_symbol): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw.as_deref());
    let want_lang = match params
        .check_names(&["lang"])
        .and_then(|()| params.one("lang"))
    {
        Ok(l) => l,
        Err(e) => return page_error(&state, e),
    };
    match symbol::parse_written(&raw_symbol) {
        Ok(sym) => show_document(state, DocKey::Symbol(sym), want_lang).await,
        Err(e) => error_page(
            &state,
            StatusCode::NOT_FOUND,
            &format!("{raw_symbol:?} is not a document symbol: {e}"),
        ),
    }
}

/// `GET /doc?source=...`: the page of a document without a symbol (a
/// General Debate speech, a web page), by the source it was ingested from.
/// A document that has a symbol after all is sent to its symbol's page.
pub async fn document_by_source(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let key = params
        .check_names(&["source", "lang"])
        .and_then(|()| DocKey::parse(&params));
    match key.and_then(|k| Ok((k, params.one("lang")?))) {
        Ok((key, want_lang)) => show_document(state, key, want_lang).await,
        Err(e) => page_error(&state, e),
    }
}

/// What a document page shows beside the `get` object: the documents that
/// cite it and its vote with the lists (a document without a symbol has
/// neither).
struct Citations {
    citing: objects::CitesOutput,
    vote: Option<VoteRecord>,
}

async fn show_document(state: Shared, key: DocKey, want_lang: Option<String>) -> Response {
    let engine = state.engine();
    let result = state
        .gate
        .run(move || {
            let got = key.get_output(&engine, None, true)?;
            if got.hits.is_empty() {
                return Err(key.not_found(&engine)?);
            }
            let DocKey::Symbol(sym) = &key else {
                return Ok((got, None));
            };
            let citing = objects::cites_output(&engine, sym, CITED_BY_SHOWN, false)?;
            // The get object carries the vote in brief; the page shows the
            // lists too. The record is joined onto every language version.
            let vote = engine
                .get(sym)?
                .into_iter()
                .find_map(|d| d.catalogue()?.votes);
            Ok((got, Some(Citations { citing, vote })))
        })
        .await;
    match result {
        Ok((got, _)) if got.source.is_some() && got.symbol.is_some() => {
            let lang = got.hits.first().map(|h| h.lang.as_str());
            let href = doc_href(got.symbol.as_deref().unwrap_or_default(), lang);
            Redirect::to(&href).into_response()
        }
        Ok((got, citations)) => render(
            &state,
            StatusCode::OK,
            "doc.html",
            doc_view(got, citations, want_lang.as_deref()),
        ),
        Err(e) => page_error(&state, e),
    }
}

/// The page of the version in `want_lang` (else English, else the first)
/// of the documents in `got`, which is not empty.
fn doc_view(
    got: objects::GetOutput,
    citations: Option<Citations>,
    want_lang: Option<&str>,
) -> DocView {
    let pick = got
        .hits
        .iter()
        .position(|h| Some(h.lang.as_str()) == want_lang)
        .or_else(|| got.hits.iter().position(|h| h.lang == "en"))
        .unwrap_or(0);
    // A symbol's versions link by symbol, a source's by source.
    let href = |lang: &str| match (&got.symbol, &got.source) {
        (Some(s), _) => doc_href(s, Some(lang)),
        (None, source) => source_href(source.as_deref().unwrap_or_default()),
    };
    let versions = got
        .hits
        .iter()
        .enumerate()
        .map(|(i, h)| Version {
            lang: h.lang.clone(),
            href: href(&h.lang),
            current: i == pick,
        })
        .collect();
    let json_href = match (&got.symbol, &got.source) {
        (Some(sym), _) => format!("/api/get?symbol={}", encode(sym)),
        (None, source) => format!(
            "/api/get?source={}",
            encode(source.as_deref().unwrap_or_default())
        ),
    };
    let search_href = got.symbol.as_ref().map(|sym| {
        PageQuery {
            q: sym.clone(),
            ..PageQuery::default()
        }
        .href()
    });
    let doc = got
        .hits
        .into_iter()
        .nth(pick)
        .unwrap_or_else(|| unreachable!("doc_view is called with at least one hit"));
    let (citing, vote) = match citations {
        Some(c) => (Some(c.citing), c.vote),
        None => (None, None),
    };
    DocView {
        q: String::new(),
        heading: got.symbol.clone().unwrap_or_else(|| doc.title.clone()),
        title: doc.title,
        symbols: doc.symbols,
        date: doc.date,
        doc_type: doc.doc_type,
        lang: doc.lang,
        topics: doc.topics,
        source_href: web_link(&doc.source),
        source: doc.source,
        text: doc.text.unwrap_or_default(),
        versions,
        cites: doc
            .cites
            .iter()
            .map(|c| LinkedSymbol {
                symbol: c.clone(),
                href: doc_href(c, None),
            })
            .collect(),
        citable: citing.is_some(),
        cited_by_total: citing.as_ref().map_or(0, |c| c.total),
        cited_by_more: citing.as_ref().is_some_and(|c| c.total > c.hits.len()),
        cited_by: citing
            .iter()
            .flat_map(|c| c.hits.iter())
            .enumerate()
            .map(|(i, h)| hit_view(i + 1, h))
            .collect(),
        json_href,
        search_href,
        vote: vote.map(vote_view),
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
