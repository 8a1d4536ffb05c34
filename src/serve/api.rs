//! The JSON API: `/api/search`, `/api/get`, `/api/cites`,
//! `/api/facets/<field>`, `/api/stats` and `POST /api/batch`. Each answers
//! the object the matching CLI command prints with `--format json`, built
//! by the same function (`output::SearchOutput`, `output::objects`,
//! `search::batch`, `output::facets::facets_object` and
//! `output::stats::build`); errors are `{"error": "..."}`.

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::lang::Lang;
use crate::output::{facets, objects, stats, SearchOutput};
use crate::search::batch::{self, Job};
use crate::search::{Engine, FacetKind, Filters, SearchError, SearchRequest, DEFAULT_LIMIT};
use crate::symbol::{self, Symbol};

use super::limits::{MAX_BATCH_LINES, MAX_BODY_BYTES, MAX_CITES};
use super::params::{check_window, Params, FILTER_KEYS};
use super::{ApiError, Shared};

/// A value as a JSON response.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(mut body) => {
            body.push(b'\n');
            let mut r = (status, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Err(e) => ApiError::internal(format!("cannot encode the answer: {e}")).into_response(),
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> ApiError {
        match e {
            SearchError::Query(q) => ApiError::bad_request(format!("parameter \"q\": {q}")),
            other => ApiError::internal(other.to_string()),
        }
    }
}

/// An error from a command's object builder: a bad query or prefix is the
/// user's (400), anything else the server's.
fn from_anyhow(e: anyhow::Error) -> ApiError {
    match e.downcast_ref::<SearchError>() {
        Some(SearchError::Query(q)) => ApiError::bad_request(format!("parameter \"q\": {q}")),
        Some(_) => ApiError::internal(e.to_string()),
        None => ApiError::internal(format!("{e:#}")),
    }
}

/// The filters, checked; an error names the parameter.
fn filters(params: &Params) -> Result<Filters, ApiError> {
    Filters::check(&params.filters()?)
        .map_err(|e| ApiError::bad_request(format!("parameter {}", e.json_message())))
}

fn symbol_param(params: &Params) -> Result<Symbol, ApiError> {
    let raw = params
        .one("symbol")?
        .ok_or_else(|| ApiError::bad_request("missing parameter \"symbol\""))?;
    symbol::parse_written(&raw)
        .map_err(|e| ApiError::bad_request(format!("parameter \"symbol\": {e}")))
}

/// A checked search request, owned, so it can move to a worker thread.
pub struct SearchParams {
    pub q: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: crate::search::SortOrder,
    pub facets: bool,
    /// Fold hits with the same title (`collapse=0` turns it off).
    pub collapse: bool,
}

/// Search parameters other than the filters ([`FILTER_KEYS`]).
const SEARCH_KEYS: [&str; 6] = ["q", "limit", "offset", "sort", "facets", "collapse"];

impl SearchParams {
    fn parse(params: &Params) -> Result<SearchParams, ApiError> {
        let mut allowed = SEARCH_KEYS.to_vec();
        allowed.extend(FILTER_KEYS);
        params.check_names(&allowed)?;
        let q = params.one("q")?.ok_or_else(|| {
            ApiError::bad_request("missing parameter \"q\" (the query; * for everything)")
        })?;
        let limit = params.count("limit", DEFAULT_LIMIT)?;
        let offset = params.count("offset", 0)?;
        check_window(limit, offset)?;
        Ok(SearchParams {
            filters: filters(params)?,
            sort: params.sort()?,
            facets: params.flag("facets")?,
            collapse: params.one("collapse")?.is_none() || params.flag("collapse")?,
            q,
            limit,
            offset,
        })
    }
}

/// `GET /api/search?q=...`: the `search --format json` object.
pub async fn search(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let p = SearchParams::parse(&Params::parse(raw.as_deref()))?;
        let engine = state.engine();
        state
            .gate
            .run(move || {
                let result = engine.search(&SearchRequest {
                    query: &p.q,
                    filters: &p.filters,
                    limit: p.limit,
                    offset: p.offset,
                    sort: p.sort,
                    facets: p.facets,
                    snippets: true,
                    collapse: p.collapse,
                })?;
                Ok(json(StatusCode::OK, &SearchOutput::new(&p.q, &result)))
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// What `/api/get` and a document page look a document up by: its symbol
/// (every language version), or, for a document without one (a General
/// Debate speech, a web page), the source it was ingested from.
pub enum DocKey {
    Symbol(Symbol),
    Source(String),
}

/// Most bytes of a `source` value (a path or URL is shorter).
const MAX_SOURCE_BYTES: usize = 4096;

impl DocKey {
    /// Exactly one of `symbol` and `source`; 400 for neither, both, a
    /// symbol that does not parse, or a source with control characters.
    pub fn parse(params: &Params) -> Result<DocKey, ApiError> {
        match (params.one("symbol")?, params.one("source")?) {
            (Some(_), Some(_)) => Err(ApiError::bad_request(
                "parameters \"symbol\" and \"source\" name a document each; give one of them",
            )),
            (None, None) => Err(ApiError::bad_request(
                "missing parameter \"symbol\" (or \"source\", for a document without a symbol)",
            )),
            (Some(_), None) => symbol_param(params).map(DocKey::Symbol),
            (None, Some(source)) => {
                if source.chars().any(char::is_control) || source.len() > MAX_SOURCE_BYTES {
                    return Err(ApiError::bad_request(format!(
                        "parameter \"source\": {:?} is not a path or URL (control characters, or over {MAX_SOURCE_BYTES} bytes)",
                        source.chars().take(80).collect::<String>()
                    )));
                }
                Ok(DocKey::Source(source))
            }
        }
    }

    /// The `get` object for this key; `hits` is empty when nothing matches.
    pub fn get_output(
        &self,
        engine: &Engine,
        lang: Option<Lang>,
        text: bool,
    ) -> Result<objects::GetOutput, SearchError> {
        match self {
            DocKey::Symbol(sym) => objects::get_output(engine, sym, lang, text),
            DocKey::Source(source) => objects::get_by_source(engine, source, lang, text),
        }
    }

    /// The 404 message when nothing matches.
    pub fn not_found(&self, engine: &Engine) -> Result<ApiError, SearchError> {
        Ok(ApiError::not_found(match self {
            DocKey::Symbol(sym) => format!(
                "no document with symbol {sym} in the index ({} documents cite it)",
                engine.cited_by_count(sym)?
            ),
            DocKey::Source(source) => {
                format!("no document ingested from source {source:?} in the index")
            }
        }))
    }
}

/// `GET /api/get?symbol=...[&lang=xx][&text=1]` or `GET
/// /api/get?source=...`: the `get --format json` object; 404 (with the
/// same object's message) when no document bears the symbol or came from
/// the source.
pub async fn get(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let params = Params::parse(raw.as_deref());
        params.check_names(&["symbol", "source", "lang", "text"])?;
        let key = DocKey::parse(&params)?;
        let lang = match params.one("lang")? {
            Some(l) => Some(Lang::parse(&l).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "parameter {}",
                    crate::search::FilterError::Lang(l).json_message()
                ))
            })?),
            None => None,
        };
        let text = params.flag("text")?;
        let engine = state.engine();
        state
            .gate
            .run(move || {
                let object = key.get_output(&engine, lang, text)?;
                if object.hits.is_empty() {
                    return Err(key.not_found(&engine)?);
                }
                Ok(json(StatusCode::OK, &object))
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /api/cites?symbol=...[&limit=N][&family=1]`: the `cites --format
/// json` object (`family=1` is `cites --family`).
pub async fn cites(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let params = Params::parse(raw.as_deref());
        params.check_names(&["symbol", "limit", "family"])?;
        let sym = symbol_param(&params)?;
        let limit = params.count("limit", 50)?;
        let family = params.flag("family")?;
        if limit > MAX_CITES {
            return Err(ApiError::bad_request(format!(
                "parameter \"limit\": {limit} is over the limit of {MAX_CITES}"
            )));
        }
        let engine = state.engine();
        state
            .gate
            .run(move || {
                Ok(json(
                    StatusCode::OK,
                    &objects::cites_output(&engine, &sym, limit, family)?,
                ))
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// The facet named in a path or parameter.
pub fn facet_kind(name: &str) -> Option<FacetKind> {
    use clap::ValueEnum as _;
    FacetKind::value_variants()
        .iter()
        .copied()
        .find(|k| k.name() == name)
}

/// `GET /api/facets/<field>?q=&prefix=`: the `facets --format json` object.
pub async fn facets(
    State(state): State<Shared>,
    Path(field): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let kind = facet_kind(&field).ok_or_else(|| {
            ApiError::not_found(format!(
                "no facet {field:?} (facets: topic, symbol, type, year, lang, subject)"
            ))
        })?;
        let params = Params::parse(raw.as_deref());
        let mut allowed = vec!["q", "prefix"];
        allowed.extend(FILTER_KEYS);
        params.check_names(&allowed)?;
        let q = params.one("q")?;
        let prefix = params.one("prefix")?;
        // A bad prefix is the user's: checked before any work.
        facets::prefix_segments(kind, prefix.as_deref()).map_err(|e| {
            ApiError::bad_request(format!("{e:#}").replacen("--prefix", "prefix", 1))
        })?;
        let filters = filters(&params)?;
        let engine = state.engine();
        state
            .gate
            .run(move || {
                let object = facets::facets_object(
                    &engine,
                    kind,
                    q.as_deref(),
                    prefix.as_deref(),
                    &filters,
                    None,
                )
                .map_err(from_anyhow)?;
                Ok(json(StatusCode::OK, &object))
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /api/stats`: the `stats --format json` object.
pub async fn stats(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        Params::parse(raw.as_deref()).check_names(&[])?;
        let engine = state.engine();
        state
            .gate
            .run(move || {
                let path = engine.index.path.clone();
                let object = stats::build(&engine, &path).map_err(from_anyhow)?;
                Ok(json(StatusCode::OK, &object))
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /api/batch[?limit=N]`: JSON Lines in (one query a line, as
/// `undex batch` reads them), JSON Lines out, one line per input line in
/// input order; a bad line gives an error line and the rest still run.
pub async fn batch(State(state): State<Shared>, RawQuery(raw): RawQuery, body: Body) -> Response {
    let run = async {
        let params = Params::parse(raw.as_deref());
        params.check_names(&["limit"])?;
        let limit = params.count("limit", DEFAULT_LIMIT)?;
        check_window(limit, 0)?;
        let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the request body is over the limit of {MAX_BODY_BYTES} bytes"),
                )
            })?;
        let jobs: Vec<Job> = bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter_map(|(i, line)| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let text = String::from_utf8_lossy(line).into_owned();
                (!text.trim().is_empty()).then_some(Job { line: i + 1, text })
            })
            .collect();
        if jobs.len() > MAX_BATCH_LINES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the batch has {} queries; the limit is {MAX_BATCH_LINES} a request",
                    jobs.len()
                ),
            ));
        }
        let engine = state.engine();
        state
            .gate
            .run(move || {
                let mut out = Vec::new();
                for job in &jobs {
                    let answer = batch::answer(&engine, job, limit);
                    answer
                        .write_json(&mut out)
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    out.push(b'\n');
                }
                let mut r = (StatusCode::OK, out).into_response();
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-ndjson"),
                );
                Ok(r)
            })
            .await
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}
