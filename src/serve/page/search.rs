//! The search page: `/` with no query shows what the index holds to drill
//! into; `/?q=...` the hits with their snippets, facet counts that drill
//! down, the filters in force (each removable), a year chart and pages.
//! The work runs behind the server's gate as one blocking task.

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::search::{
    Engine, FacetCount, FacetKind, Filters, SearchRequest, SearchResult, SortOrder, DEFAULT_LIMIT,
};
use crate::symbol;

use super::super::limits::MAX_WINDOW;
use super::super::params::Params;
use super::super::{ApiError, Shared};
use super::query::{api_href, query_for_api, PageQuery};
use super::{hit_view, page_error, render, HitView};

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
    let mut view = SearchView {
        q: p.q.clone(),
        documents: engine.num_docs(),
        ..SearchView::default()
    };
    // No query but filters: browse everything under them.
    let query = if p.q.trim().is_empty() && p.has_filters() {
        "*".to_string()
    } else {
        p.q.clone()
    };
    if query.trim().is_empty() {
        return front_page(&state, engine, &p, view).await;
    }
    let filters = match Filters::check(&p.spec()) {
        Ok(f) => f,
        Err(e) => {
            let message = e.to_string().trim_start_matches("--").to_string();
            return refused(&state, view, message);
        }
    };
    let sort = if p.sort.as_deref() == Some("date") {
        SortOrder::Date
    } else {
        SortOrder::Relevance
    };
    let page = p.page.min(MAX_WINDOW / DEFAULT_LIMIT);
    let offset = (page - 1) * DEFAULT_LIMIT;
    let p2 = p.clone();
    let found = state
        .gate
        .run(move || {
            let req = SearchRequest {
                query: &query,
                filters: &filters,
                limit: DEFAULT_LIMIT,
                offset,
                sort,
                facets: true,
                snippets: true,
                collapse: true,
            };
            Found::run(&engine, &req, &p2)
        })
        .await;
    let found = match found {
        Ok(r) => r,
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            let message = e
                .message
                .trim_start_matches("parameter \"q\": ")
                .to_string();
            return refused(&state, view, message);
        }
        Err(e) => return page_error(&state, e),
    };
    view.show(&found, &p, offset);
    view.paginate(&p, found.result.total, page);
    view.link(&p, sort, offset);
    render(&state, StatusCode::OK, "search.html", view)
}

/// The front page: the box, and what the index holds to drill into.
async fn front_page(
    state: &Shared,
    engine: Engine,
    p: &PageQuery,
    mut view: SearchView,
) -> Response {
    let browse = PageQuery {
        q: String::new(),
        ..p.clone()
    };
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
                facets.extend(facet_view(kind, &counts, &browse));
            }
            Ok(facets)
        })
        .await;
    match result {
        Ok(facets) => view.facets = facets,
        Err(e) => return page_error(state, e),
    }
    render(state, StatusCode::OK, "search.html", view)
}

/// A bad query or filter: the page with the message, as a 400.
fn refused(state: &Shared, mut view: SearchView, message: String) -> Response {
    view.error = Some(message);
    view.searched = true;
    render(state, StatusCode::BAD_REQUEST, "search.html", view)
}

/// What one search finds: the hits and facets, and the counts one level
/// below the symbol prefix or topic in force.
struct Found {
    result: SearchResult,
    symbols: Vec<FacetCount>,
    topics_under: Vec<FacetCount>,
}

impl Found {
    fn run(engine: &Engine, req: &SearchRequest, p: &PageQuery) -> Result<Found, ApiError> {
        let result = engine.search(req)?;
        // Symbol prefixes drill down from the one in force.
        let under = match p.symbol.as_slice() {
            [one] => symbol::prefix_segments(one).unwrap_or_default(),
            _ => Vec::new(),
        };
        let query = Some(req.query);
        let symbols = engine.facet_counts(query, req.filters, FacetKind::Symbol, &under)?;
        // The topic in force: its sub-topics.
        let topics_under = match p.topic.as_slice() {
            [one] => {
                let segs: Vec<String> = one
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                engine.facet_counts(query, req.filters, FacetKind::Topic, &segs)?
            }
            _ => Vec::new(),
        };
        Ok(Found {
            result,
            symbols,
            topics_under,
        })
    }
}

impl SearchView {
    /// The hits, the facets, the year chart and the filters in force.
    fn show(&mut self, found: &Found, p: &PageQuery, offset: usize) {
        let result = &found.result;
        self.searched = true;
        self.total = result.total;
        self.took_ms = (result.took_ms * 10.0).round() / 10.0;
        self.shown_from = if result.hits.is_empty() {
            0
        } else {
            offset + 1
        };
        self.shown_to = offset + result.hits.len();
        self.hits = result
            .hits
            .iter()
            .enumerate()
            .map(|(i, h)| hit_view(offset + i + 1, h))
            .collect();
        let empty = Vec::new();
        let facet = |name: &str| result.facets.get(name).unwrap_or(&empty);
        let topic_counts = if found.topics_under.is_empty() {
            facet("topic")
        } else {
            &found.topics_under
        };
        self.facets = [
            (FacetKind::Topic, topic_counts),
            (FacetKind::Type, facet("type")),
            (FacetKind::Lang, facet("lang")),
            (FacetKind::Symbol, &found.symbols),
            (FacetKind::Year, facet("year")),
        ]
        .into_iter()
        .filter_map(|(k, c)| facet_view(k, c, p))
        .collect();
        self.chart = year_chart(facet("year"), p);
        self.active = active_filters(p);
    }

    /// Previous, next, and a window of pages around this one.
    fn paginate(&mut self, p: &PageQuery, total: usize, page: usize) {
        let pages = total
            .div_ceil(DEFAULT_LIMIT)
            .clamp(1, MAX_WINDOW / DEFAULT_LIMIT);
        if page > 1 {
            self.prev = Some(p.with(|n| n.page = page - 1).href());
        }
        if page < pages {
            self.next = Some(p.with(|n| n.page = page + 1).href());
        }
        let lo = page.saturating_sub(4).max(1);
        let hi = (lo + 8).min(pages);
        if pages > 1 {
            self.pages = (lo..=hi)
                .map(|n| PageLink {
                    label: n.to_string(),
                    href: p.with(|x| x.page = n).href(),
                    current: n == page,
                })
                .collect();
        }
    }

    /// The sort links, the JSON link, and the filters the search box keeps.
    fn link(&mut self, p: &PageQuery, sort: SortOrder, offset: usize) {
        self.sort_date = sort == SortOrder::Date;
        self.relevance_href = p.with(|n| n.sort = None).href();
        self.date_href = p.with(|n| n.sort = Some("date".into())).href();
        let mut api = p.with(|n| n.page = 1);
        api.q = query_for_api(p);
        self.json_href = api_href(&api, offset);
        self.hidden = p
            .with(|n| {
                n.q.clear();
                n.page = 1;
            })
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    }
}
