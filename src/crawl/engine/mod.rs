//! The scheduler: frontier, per-host politeness, retries, redirects,
//! storing, and the manifest.
//!
//! One coordinating thread owns all state; a pool of `concurrency` worker
//! threads only performs requests. A host is handed to a worker for one
//! request at a time and is not eligible again until its delay has passed
//! since that request ended, so politeness holds by construction however
//! many workers there are. Redirect hops and retries go back through the
//! queue of the host they target: each hop passes robots.txt and the delay
//! of its own host, and a backoff wait never occupies a worker.
//!
//! This file holds the state and the scheduling loop; `setup` builds a
//! crawler from the sources and the manifest so far, `discover` finds the
//! links of a stored page, and `answers` deals with what a request brought
//! back (robots.txt, a document, a redirect, a retry, a failure).

mod answers;
mod discover;
mod setup;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use regex::Regex;
use url::Url;

use super::fetch::{Answer, Body, FetchError, Fetcher, Head, Saved, Validators};
use super::links;
use super::progress::Progress;
use super::report::{CrawlReport, Failure, HostReport};
use super::robots::{self, Rules};
use super::sniff::Kind;
use super::urls;
use crate::corpus::{self, ManifestEntry, ManifestWriter};
use crate::crawl::sources::{CrawlSettings, Sources};

/// What a source allows and how far it goes.
struct SourceState {
    name: String,
    web: Option<WebRules>,
    max_docs: Option<usize>,
    /// Documents this source has yielded in this run.
    docs: usize,
    /// Requests for this source in flight.
    inflight: usize,
}

struct WebRules {
    allow: Vec<String>,
    deny: Vec<String>,
    follow: Vec<Regex>,
    max_depth: u32,
    lang: Option<String>,
}

impl WebRules {
    fn permits(&self, url: &Url) -> bool {
        let s = url.as_str();
        self.allow.iter().any(|p| s.starts_with(p.as_str()))
            && !self.deny.iter().any(|p| s.starts_with(p.as_str()))
    }
}

/// One URL to fetch, carried through its redirect hops and retries.
#[derive(Debug, Clone)]
pub(crate) struct Task {
    source: usize,
    depth: u32,
    /// The normalised URL first asked for: the manifest key.
    key: String,
    /// The URL of the current hop.
    url: Url,
    symbol: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    referrer: Option<String>,
    /// Redirect targets followed so far.
    hops: Vec<String>,
    /// Failed attempts at the current hop.
    attempt: u32,
    /// Requests made in all, over hops and retries.
    requests: u32,
    /// Sent as a conditional GET with these.
    validators: Option<Validators>,
}

impl Task {
    /// A first request for `url`, found at `depth` links from a seed of
    /// source `source`; the caller sets what else it knows (symbol,
    /// language, link title, referrer) with struct update syntax.
    fn new(source: usize, depth: u32, url: Url) -> Task {
        Task {
            source,
            depth,
            key: url.as_str().to_string(),
            url,
            symbol: None,
            lang: None,
            title: None,
            referrer: None,
            hops: Vec::new(),
            attempt: 0,
            requests: 0,
            validators: None,
        }
    }
}

enum RobotsState {
    Unknown,
    Fetching,
    Ready(Rules),
    Unavailable(String),
}

struct Host {
    robots_url: Option<Url>,
    queue: VecDeque<Task>,
    busy: bool,
    next_at: Instant,
    delay: Duration,
    robots: RobotsState,
    robots_attempts: u32,
    report: HostReport,
}

pub(crate) enum Job {
    Robots { host: String, url: Url },
    Fetch { host: String, task: Box<Task> },
}

pub(crate) enum Done {
    Robots {
        host: String,
        result: Result<(u16, Vec<u8>), FetchError>,
        finished: Instant,
    },
    Fetch {
        host: String,
        task: Box<Task>,
        result: Result<Answer, FetchError>,
        finished: Instant,
    },
}

/// What to do with the next task of a source.
enum Admit {
    Go,
    /// Wait for requests in flight: they may or may not reach a limit.
    Defer,
    /// This source has all the documents it may have.
    Drop,
    /// `--max-docs` reached: the whole crawl stops.
    Stop,
}

pub(crate) struct Crawler<'a> {
    settings: &'a CrawlSettings,
    corpus: PathBuf,
    agent: String,
    run: String,
    concurrency: usize,
    sources: Vec<SourceState>,
    hosts: BTreeMap<String, Host>,
    seen: HashSet<String>,
    /// Latest entry holding a document, per URL key (all runs).
    latest_doc: HashMap<String, ManifestEntry>,
    /// Latest non-failure entry per URL key in the current run: done, not
    /// requested again when the run is resumed.
    done_in_run: HashMap<String, ManifestEntry>,
    manifest: ManifestWriter,
    inflight: usize,
    inflight_fetches: usize,
    max_new: Option<usize>,
    new_docs: usize,
    stopped: bool,
    report: CrawlReport,
    progress: Progress,
}

/// What one crawl run needs besides the sources: where it writes, which
/// run it is, what earlier runs stored, and its limits.
pub(crate) struct RunConfig<'c> {
    pub corpus: &'c Path,
    /// The run id recorded in the manifest.
    pub run: String,
    /// True when this continues an unfinished run of the same id.
    pub resumed: bool,
    /// Every manifest entry so far (all runs).
    pub history: Vec<ManifestEntry>,
    pub manifest: ManifestWriter,
    /// `--max-docs`: new documents after which the crawl stops.
    pub max_new: Option<usize>,
    /// Hosts fetched at once.
    pub concurrency: usize,
    pub progress: Progress,
}

impl<'a> Crawler<'a> {
    /// Puts a task in its host's queue, unless the current run already
    /// has it (a resumed run): then it is counted, and a stored HTML page
    /// is read back from the corpus so the links it holds are followed.
    fn enqueue(&mut self, task: Task, front: bool) -> anyhow::Result<()> {
        let mut work = vec![task];
        while let Some(task) = work.pop() {
            if task.hops.is_empty() {
                if let Some(done) = self.done_in_run.get(&task.key).cloned() {
                    if let Some(f) = &done.final_url {
                        self.seen.insert(f.clone());
                    }
                    if done.has_document() {
                        self.sources[task.source].docs += 1;
                        self.report.already += 1;
                        let base = done.final_url.as_deref().unwrap_or(&done.url);
                        if let (Some(file), Ok(base)) = (&done.file, Url::parse(base)) {
                            let path = self.corpus.join(file);
                            work.extend(self.children_from_file(&task, &base, &path));
                        }
                    }
                    continue;
                }
            }
            let key = urls::host_key(&task.url);
            let host = self.hosts.entry(key).or_insert_with(|| Host {
                robots_url: robots::robots_url(&task.url),
                queue: VecDeque::new(),
                busy: false,
                next_at: Instant::now(),
                delay: Duration::from_millis(self.settings.min_delay_ms),
                robots: RobotsState::Unknown,
                robots_attempts: 0,
                report: HostReport::default(),
            });
            if front {
                host.queue.push_front(task);
            } else {
                host.queue.push_back(task);
            }
        }
        Ok(())
    }

    fn coordinate(&mut self, jobs: &Sender<Job>, done: &Receiver<Done>) -> anyhow::Result<()> {
        loop {
            self.dispatch(jobs)?;
            if self.inflight == 0 && self.hosts.values().all(|h| h.queue.is_empty()) {
                return Ok(());
            }
            // A host that is ready now but was not dispatched waits for a
            // worker or for a limit to settle: both end with a result on
            // the channel. So only hosts still in their delay set a wake-up.
            let now = Instant::now();
            let wake = self
                .hosts
                .values()
                .filter(|h| !h.busy && !h.queue.is_empty() && h.next_at > now)
                .map(|h| h.next_at)
                .min()
                .map_or(Duration::from_millis(250), |t| {
                    t.saturating_duration_since(now)
                });
            // Wake at least a few times a second, for the progress display.
            let wait = wake.clamp(Duration::from_millis(1), Duration::from_millis(250));
            match done.recv_timeout(wait) {
                Ok(d) => self.handle(d)?,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    anyhow::bail!("crawl workers stopped unexpectedly")
                }
            }
            self.progress.tick(&self.report);
        }
    }

    /// Hands ready hosts to idle workers.
    fn dispatch(&mut self, jobs: &Sender<Job>) -> anyhow::Result<()> {
        let mut deferred: HashSet<String> = HashSet::new();
        while self.inflight < self.concurrency {
            let now = Instant::now();
            let pick = self
                .hosts
                .iter()
                .filter(|(k, h)| {
                    !h.busy && !h.queue.is_empty() && h.next_at <= now && !deferred.contains(*k)
                })
                .min_by_key(|(_, h)| h.next_at)
                .map(|(k, _)| k.clone());
            let Some(key) = pick else { return Ok(()) };
            if !self.dispatch_host(&key, jobs)? {
                deferred.insert(key);
            }
        }
        Ok(())
    }

    /// Sends the host's next request, if it has one now. Returns false when
    /// nothing was sent (the queue emptied, or its next task must wait).
    fn dispatch_host(&mut self, key: &str, jobs: &Sender<Job>) -> anyhow::Result<bool> {
        let Some(host) = self.hosts.get_mut(key) else {
            return Ok(false);
        };
        match &host.robots {
            RobotsState::Fetching => return Ok(false),
            RobotsState::Unknown => {
                let Some(url) = host.robots_url.clone() else {
                    host.robots = RobotsState::Ready(Rules::AllowAll);
                    return Ok(true);
                };
                host.robots = RobotsState::Fetching;
                host.busy = true;
                self.inflight += 1;
                self.progress.host_activity(key, &host.report, url.as_str());
                send(
                    jobs,
                    Job::Robots {
                        host: key.to_string(),
                        url,
                    },
                )?;
                return Ok(true);
            }
            RobotsState::Unavailable(reason) => {
                let reason = reason.clone();
                let tasks: Vec<Task> = host.queue.drain(..).collect();
                for task in tasks {
                    self.fail(&task, None, FetchError::RobotsUnavailable(reason.clone()))?;
                }
                return Ok(false);
            }
            RobotsState::Ready(_) => {}
        }
        loop {
            let Some(host) = self.hosts.get_mut(key) else {
                return Ok(false);
            };
            let Some(mut task) = host.queue.pop_front() else {
                return Ok(false);
            };
            let allowed = match &host.robots {
                RobotsState::Ready(rules) => rules.allowed(&task.url),
                _ => true,
            };
            if !allowed {
                self.record_outcome(&task, None, corpus::OUTCOME_DISALLOWED)?;
                self.report.disallowed += 1;
                continue;
            }
            match self.admit(task.source) {
                Admit::Go => {}
                Admit::Defer => {
                    if let Some(host) = self.hosts.get_mut(key) {
                        host.queue.push_front(task);
                    }
                    return Ok(false);
                }
                Admit::Drop => continue,
                Admit::Stop => {
                    self.stopped = true;
                    for h in self.hosts.values_mut() {
                        h.queue.clear();
                    }
                    return Ok(false);
                }
            }
            if task.hops.is_empty() && task.attempt == 0 {
                task.validators = self.latest_doc.get(&task.key).map(|e| Validators {
                    etag: e.etag.clone(),
                    last_modified: e.last_modified.clone(),
                });
            }
            task.requests += 1;
            self.sources[task.source].inflight += 1;
            self.inflight += 1;
            self.inflight_fetches += 1;
            if let Some(host) = self.hosts.get_mut(key) {
                host.busy = true;
                self.progress
                    .host_activity(key, &host.report, task.url.as_str());
            }
            send(
                jobs,
                Job::Fetch {
                    host: key.to_string(),
                    task: Box::new(task),
                },
            )?;
            return Ok(true);
        }
    }

    fn admit(&self, source: usize) -> Admit {
        let s = &self.sources[source];
        if let Some(max) = s.max_docs {
            if s.docs >= max {
                return Admit::Drop;
            }
            if s.docs + s.inflight >= max {
                return Admit::Defer;
            }
        }
        if let Some(max) = self.max_new {
            if self.new_docs >= max {
                return Admit::Stop;
            }
            if self.new_docs + self.inflight_fetches >= max {
                return Admit::Defer;
            }
        }
        Admit::Go
    }
}

/// The wait before retry number `attempt + 1`: base × 2^attempt, capped.
fn backoff(s: &CrawlSettings, attempt: u32) -> Duration {
    let factor = 1u64.checked_shl(attempt.min(30)).unwrap_or(u64::MAX);
    Duration::from_millis(
        s.backoff_base_ms
            .saturating_mul(factor)
            .min(s.backoff_max_ms),
    )
}

fn send(jobs: &Sender<Job>, job: Job) -> anyhow::Result<()> {
    jobs.send(job)
        .map_err(|_| anyhow::anyhow!("crawl workers stopped unexpectedly"))
}

/// A worker: performs requests until the job channel closes.
fn worker(jobs: &Receiver<Job>, done: &Sender<Done>, fetcher: &Fetcher, max_redirects: usize) {
    for job in jobs {
        let msg = match job {
            Job::Robots { host, url } => {
                let result = fetcher.get_robots(&url, max_redirects);
                Done::Robots {
                    host,
                    result,
                    finished: Instant::now(),
                }
            }
            Job::Fetch { host, task } => {
                let result = fetcher.get(&task.url, task.validators.as_ref());
                Done::Fetch {
                    host,
                    task,
                    result,
                    finished: Instant::now(),
                }
            }
        };
        if done.send(msg).is_err() {
            return;
        }
    }
}

/// The current UTC time as RFC 3339.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let s = CrawlSettings {
            backoff_base_ms: 100,
            backoff_max_ms: 1000,
            ..Default::default()
        };
        assert_eq!(backoff(&s, 0), Duration::from_millis(100));
        assert_eq!(backoff(&s, 1), Duration::from_millis(200));
        assert_eq!(backoff(&s, 3), Duration::from_millis(800));
        assert_eq!(backoff(&s, 4), Duration::from_millis(1000));
        assert_eq!(backoff(&s, 200), Duration::from_millis(1000));
    }
}
