//! The document pages: `/doc/<symbol>` (every language version of a
//! symbol, what it cites, what cites it, its vote) and `/doc?source=...`
//! (a document without a symbol, by the source it was ingested from). Both
//! show the `get` object that `/api/get` answers for the same key.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::output::objects;
use crate::symbol;
use crate::votes::VoteRecord;

use super::super::api::DocKey;
use super::super::params::Params;
use super::super::Shared;
use super::query::PageQuery;
use super::{
    doc_href, encode, error_page, hit_view, page_error, render, source_href, web_link, HitView,
};

/// Most documents listed as citing the one shown.
const CITED_BY_SHOWN: usize = 200;

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
