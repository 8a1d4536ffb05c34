//! What one request may ask of the server, and the gate every index-reading
//! request passes: at most `max_concurrent` run at once (others wait up to
//! [`QUEUE_WAIT`], then get 503), each on a blocking thread with a time
//! limit (over it: 503 with a message). Limits live here so the API, the
//! page and the README agree on them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::ApiError;

/// Largest request body (a batch of queries), in bytes: 413 beyond.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Longest request target (path and query string), in bytes: 414 beyond.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most query lines in one `POST /api/batch`: 413 beyond.
pub const MAX_BATCH_LINES: usize = 1_000;
/// Most hits one request may ask for (`limit`).
pub const MAX_LIMIT: usize = 100;
/// Deepest result window (`limit + offset`): paging further is a crawl,
/// not a search; `batch` or the CLI serve that.
pub const MAX_WINDOW: usize = 1_000;
/// Most documents listed by `/api/cites`.
pub const MAX_CITES: usize = 1_000;
/// Default number of requests that read the index at once: one per core.
/// A search is CPU work from start to end, so more at once than cores only
/// makes them share a core and stretches every answer; the others wait in
/// turn (the semaphore is first come, first served). On the 2-core machine
/// of BENCHMARKS.md, 8 clients had a p99 of 37 ms against a limit of 8 and
/// 19 ms against a limit of 2 (one per core), for about a tenth less
/// throughput.
pub fn default_max_concurrent() -> usize {
    crate::threads::default_threads()
}
/// Default time limit of one request's work on the index, in milliseconds.
pub const DEFAULT_QUERY_TIMEOUT_MS: u64 = 2_000;
/// How long a request waits for a free slot before it is told the server
/// is busy.
pub const QUEUE_WAIT: Duration = Duration::from_secs(2);

/// The concurrency gate and the time limit.
#[derive(Clone)]
pub struct Gate {
    permits: Arc<Semaphore>,
    timeout: Duration,
}

impl Gate {
    pub fn new(max_concurrent: usize, timeout: Duration) -> Gate {
        Gate {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            timeout,
        }
    }

    /// Runs `work` on a blocking thread once a slot is free. The slot is
    /// held until the work ends, even when the client has already been
    /// told it took too long: a runaway query keeps counting against the
    /// limit instead of piling up.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::busy())?
            .map_err(|_| ApiError::busy())?;
        let started = Instant::now();
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        let over = || {
            ApiError::unavailable(format!(
                "the query took longer than the server's limit of {} ms; narrow it (more words, a filter, a smaller limit)",
                self.timeout.as_millis()
            ))
        };
        match tokio::time::timeout(self.timeout, task).await {
            Err(_) => Err(over()),
            Ok(Err(_)) => Err(ApiError::internal("the search crashed")),
            // Finished, but late (the timer fires on millisecond ticks).
            Ok(Ok(_)) if started.elapsed() > self.timeout => Err(over()),
            Ok(Ok(result)) => result,
        }
    }
}
