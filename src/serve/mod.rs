//! `undex serve`: one process that keeps the index open read-only and
//! answers HTTP. `api` serves the JSON objects the CLI prints with
//! `--format json` (built by the same functions), `page` the server-rendered
//! search page and document pages (minijinja templates, auto-escaped),
//! `limits` what a request may ask. Every response carries a strict
//! Content-Security-Policy; each request gets one access-log line on stderr.
//!
//! axum on tokio: the hyper/tokio stack is already in the build for the
//! crawler's HTTP client, so the server adds little; index work runs on
//! tokio's blocking threads behind a semaphore (see `limits`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tantivy::IndexReader;

use crate::index::UndexIndex;
use crate::search::{Engine, Vocabularies};
use crate::thesaurus::Thesaurus;

pub mod api;
pub mod limits;
pub mod page;
mod params;

pub use limits::Gate;

/// Default address: loopback only, so an index is not shared by accident.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Content-Security-Policy of every response: only this server's own
/// script and stylesheet, no inline code, no frames, forms only to here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What `undex serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub max_concurrent: usize,
    pub query_timeout: Duration,
    /// No access log.
    pub quiet: bool,
    /// Labels of concepts queries are expanded with (`--thesaurus`).
    pub thesaurus: Option<Arc<Thesaurus>>,
}

/// What every handler shares.
pub struct AppState {
    index: UndexIndex,
    reader: IndexReader,
    pub gate: Gate,
    pub config: Config,
    templates: minijinja::Environment<'static>,
    /// The merged vocabularies of "did you mean", for the snapshot (by its
    /// generation) they were made for; a commit brings new ones.
    vocabularies: Mutex<Option<(u64, Arc<Vocabularies>)>>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// An engine over the latest committed state of the index (the reader
    /// reloads on its own after each commit of a concurrent ingest).
    pub fn engine(&self) -> Engine {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let vocabularies = {
            let mut kept = self.vocabularies.lock().unwrap_or_else(|p| p.into_inner());
            match &*kept {
                Some((g, v)) if *g == generation => v.clone(),
                _ => {
                    let v = Arc::new(Vocabularies::default());
                    *kept = Some((generation, v.clone()));
                    v
                }
            }
        };
        Engine::with_searcher(self.index.clone(), searcher, Some(vocabularies))
            .with_thesaurus(self.config.thesaurus.clone())
    }
}

/// An error answer: `{"error": "..."}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }
    pub fn busy() -> ApiError {
        ApiError::unavailable("the server is busy; try again in a moment")
    }
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        let mut r = (self.status, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        r
    }
}

/// The routes. Only GET (and HEAD), plus `POST /api/batch`, which reads.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(page::search))
        .route("/doc", get(page::document_by_source))
        .route("/doc/{*symbol}", get(page::document))
        .route("/static/{file}", get(page::asset))
        .route("/api/search", get(api::search))
        .route("/api/get", get(api::get))
        .route("/api/cites", get(api::cites))
        .route("/api/facets/{field}", get(api::facets))
        .route("/api/stats", get(api::stats))
        .route("/api/batch", post(api::batch))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

async fn not_found(State(state): State<Shared>, req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::not_found(format!("no such endpoint: {}", req.uri().path())).into_response()
    } else {
        page::error_page(&state, StatusCode::NOT_FOUND, "No such page.")
    }
}

/// Runs around every request: refuses over-long targets (414) and
/// over-large bodies (413) before any work, adds the security headers and
/// writes the access-log line.
async fn guard(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut response = if target.len() > limits::MAX_URI_BYTES {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target is {} bytes; the limit is {} (send long queries with POST /api/batch)",
                target.len(),
                limits::MAX_URI_BYTES
            ),
        )
        .into_response()
    } else if declared.is_some_and(|n| n > limits::MAX_BODY_BYTES as u64) {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request body is {} bytes; the limit is {}",
                declared.unwrap_or(0),
                limits::MAX_BODY_BYTES
            ),
        )
        .into_response()
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !state.config.quiet {
        // The target as sent, cut so a 8 KB query does not flood the log;
        // control characters escaped so a request cannot forge log lines.
        let shown: String = target.chars().take(300).collect();
        eprintln!(
            "{peer} \"{method} {}\" {} {:.1}ms",
            shown.escape_debug(),
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
/// Prints the address it listens on to stdout (port 0 picks a free port).
pub fn run(index: UndexIndex, config: Config) -> anyhow::Result<()> {
    let reader = index.live_reader()?;
    let templates = page::templates()?;
    let state = Arc::new(AppState {
        index,
        reader,
        gate: Gate::new(config.max_concurrent, config.query_timeout),
        config: config.clone(),
        templates,
        vocabularies: Mutex::new(None),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.max_concurrent.max(1) + 2)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.addr))?;
        let bound = listener.local_addr()?;
        if !bound.ip().is_loopback() {
            eprintln!(
                "undex: warning: listening on {bound}, reachable from other machines; anyone who can connect can read the index"
            );
        }
        println!(
            "undex: serving {} on http://{bound}/ ({} requests at once)",
            state.index.path.display(),
            config.max_concurrent
        );
        use std::io::Write as _;
        std::io::stdout().flush()?;
        let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        eprintln!("undex: stopped");
        anyhow::Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
