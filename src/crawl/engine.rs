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
use super::sources::{CrawlSettings, Sources};
use super::urls;
use crate::corpus::{self, ManifestEntry, ManifestWriter};

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
    pub(crate) fn new(sources: &'a Sources, config: RunConfig) -> anyhow::Result<Crawler<'a>> {
        let RunConfig {
            corpus,
            run,
            resumed,
            history,
            manifest,
            max_new,
            concurrency,
            progress,
        } = config;
        let settings = &sources.crawl;
        let mut latest_doc = HashMap::new();
        let mut done_in_run: HashMap<String, ManifestEntry> = HashMap::new();
        for e in history {
            if resumed && e.run.as_deref() == Some(run.as_str()) {
                if e.is_failure() {
                    done_in_run.remove(&e.url);
                } else {
                    done_in_run.insert(e.url.clone(), e.clone());
                }
            }
            let exists = e.file.as_ref().is_some_and(|f| corpus.join(f).is_file());
            if e.has_document() && exists {
                latest_doc.insert(e.url.clone(), e);
            }
        }
        let mut states = Vec::new();
        for w in &sources.web {
            let follow = w
                .follow
                .iter()
                .map(|r| Regex::new(r))
                .collect::<Result<Vec<_>, _>>()
                .with_context(|| format!("source {}: bad follow regex", w.name))?;
            states.push(SourceState {
                name: w.name.clone(),
                web: Some(WebRules {
                    allow: w.allow.clone(),
                    deny: w.deny.clone(),
                    follow,
                    max_depth: w.max_depth,
                    lang: w.lang.as_ref().map(|l| l.to_ascii_lowercase()),
                }),
                max_docs: w.max_docs,
                docs: 0,
                inflight: 0,
            });
        }
        for s in &sources.symbols {
            states.push(SourceState {
                name: s.name.clone(),
                web: None,
                max_docs: s.max_docs,
                docs: 0,
                inflight: 0,
            });
        }
        let report = CrawlReport {
            run: run.clone(),
            resumed,
            ..CrawlReport::default()
        };
        let mut crawler = Crawler {
            settings,
            corpus: corpus.to_path_buf(),
            agent: robots::agent_token(&settings.user_agent),
            run,
            concurrency: concurrency.max(1),
            sources: states,
            hosts: BTreeMap::new(),
            seen: HashSet::new(),
            latest_doc,
            done_in_run,
            manifest,
            inflight: 0,
            inflight_fetches: 0,
            max_new,
            new_docs: 0,
            stopped: false,
            report,
            progress,
        };
        crawler.seed(sources)?;
        Ok(crawler)
    }

    /// Queues every seed page and every symbol request.
    fn seed(&mut self, sources: &Sources) -> anyhow::Result<()> {
        for (i, w) in sources.web.iter().enumerate() {
            for seed in &w.seeds {
                let url = urls::normalize(&super::sources::http_url(seed)?);
                let key = url.as_str().to_string();
                if !self.seen.insert(key.clone()) {
                    continue;
                }
                let task = Task {
                    lang: w.lang.clone(),
                    ..Task::new(i, 0, url)
                };
                self.enqueue(task, false)?;
            }
        }
        let offset = sources.web.len();
        for (j, s) in sources.symbols.iter().enumerate() {
            for req in s.requests() {
                let url = match super::sources::http_url(&req.url) {
                    Ok(u) => urls::normalize(&u),
                    Err(e) => {
                        self.report.failed.push(Failure {
                            url: req.url.clone(),
                            reason: e.to_string(),
                        });
                        continue;
                    }
                };
                if !self.seen.insert(url.as_str().to_string()) {
                    continue;
                }
                let task = Task {
                    symbol: Some(req.symbol),
                    lang: Some(req.lang),
                    ..Task::new(offset + j, 0, url)
                };
                self.enqueue(task, false)?;
            }
        }
        Ok(())
    }

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

    /// Links of a stored HTML page that the page's source should follow.
    fn children_from_file(&mut self, task: &Task, base: &Url, path: &Path) -> Vec<Task> {
        let is_html = path.extension().is_some_and(|e| e == "html");
        let Some(rules) = &self.sources[task.source].web else {
            return Vec::new();
        };
        if !is_html || task.depth >= rules.max_depth {
            return Vec::new();
        }
        let Ok(bytes) = std::fs::read(path) else {
            return Vec::new();
        };
        let html = String::from_utf8_lossy(&bytes);
        self.children(task, base, &html)
    }

    /// New tasks for the links of a page: within the source's prefixes,
    /// matching its follow patterns, not assets, not seen before.
    fn children(&mut self, task: &Task, base: &Url, html: &str) -> Vec<Task> {
        let Some(rules) = &self.sources[task.source].web else {
            return Vec::new();
        };
        if task.depth >= rules.max_depth {
            return Vec::new();
        }
        let mut out = Vec::new();
        for link in links::extract_links(html, base) {
            let url = urls::normalize(&link.url);
            let key = url.as_str();
            if self.seen.contains(key)
                || !rules.permits(&url)
                || urls::is_asset(&url)
                || (!rules.follow.is_empty() && !rules.follow.iter().any(|r| r.is_match(key)))
            {
                continue;
            }
            self.seen.insert(key.to_string());
            let lang = link.lang.or_else(|| rules.lang.clone());
            out.push(Task {
                lang,
                title: link.title,
                referrer: Some(base.to_string()),
                ..Task::new(task.source, task.depth + 1, url)
            });
        }
        out
    }

    /// Runs the crawl to the end of the frontier (or `--max-docs`).
    pub(crate) fn run(mut self, fetcher: &Fetcher) -> anyhow::Result<CrawlReport> {
        let started = Instant::now();
        let (job_tx, job_rx) = crossbeam_channel::unbounded::<Job>();
        let (done_tx, done_rx) = crossbeam_channel::unbounded::<Done>();
        let max_redirects = self.settings.max_redirects;
        let result = std::thread::scope(|scope| {
            for _ in 0..self.concurrency {
                let jobs = job_rx.clone();
                let done = done_tx.clone();
                let fetcher = fetcher.clone();
                scope.spawn(move || worker(&jobs, &done, &fetcher, max_redirects));
            }
            drop(done_tx);
            let result = self.coordinate(&job_tx, &done_rx);
            // Closing the job channel ends the workers once their current
            // request is done; the scope then joins them.
            drop(job_tx);
            result
        });
        result?;
        self.report.finished = !self.stopped;
        self.report.stopped_at_max_docs = self.stopped;
        self.report.elapsed = started.elapsed();
        self.report.hosts = self
            .hosts
            .iter()
            .map(|(k, h)| (k.clone(), h.report))
            .collect();
        self.report.sources = self
            .sources
            .iter()
            .map(|s| (s.name.clone(), s.docs))
            .collect();
        self.progress.finish();
        Ok(self.report)
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

    fn handle(&mut self, done: Done) -> anyhow::Result<()> {
        self.inflight = self.inflight.saturating_sub(1);
        match done {
            Done::Robots {
                host,
                result,
                finished,
            } => {
                self.handle_robots(&host, result, finished);
                Ok(())
            }
            Done::Fetch {
                host,
                task,
                result,
                finished,
            } => {
                self.inflight_fetches = self.inflight_fetches.saturating_sub(1);
                let s = &mut self.sources[task.source];
                s.inflight = s.inflight.saturating_sub(1);
                if let Some(h) = self.hosts.get_mut(&host) {
                    h.busy = false;
                    h.report.requests += 1;
                    h.next_at = finished + h.delay;
                }
                self.report.requests += 1;
                self.handle_fetch(&host, *task, result, finished)
            }
        }
    }

    fn handle_robots(
        &mut self,
        key: &str,
        result: Result<(u16, Vec<u8>), FetchError>,
        finished: Instant,
    ) {
        let settings = self.settings;
        let Some(host) = self.hosts.get_mut(key) else {
            return;
        };
        host.busy = false;
        host.report.requests += 1;
        self.report.requests += 1;
        let problem = match result {
            Ok((status, body)) if (200..300).contains(&status) => {
                host.robots = RobotsState::Ready(Rules::parse(&self.agent, &body));
                None
            }
            // 4xx (but 429, which asks us to slow down): no rules, allow all.
            Ok((status, _)) if (400..500).contains(&status) && status != 429 => {
                host.robots = RobotsState::Ready(Rules::AllowAll);
                None
            }
            Ok((status, _)) => Some(format!("HTTP {status}")),
            Err(e) if e.is_unresolvable() => {
                // No retries: every URL of the host fails at once, with one
                // reason, instead of a backoff per attempt.
                host.robots = RobotsState::Unavailable(format!("cannot resolve the host: {e}"));
                host.next_at = finished;
                return;
            }
            Err(e) => Some(e.to_string()),
        };
        match problem {
            None => {
                let crawl_delay = match &host.robots {
                    RobotsState::Ready(rules) => rules.crawl_delay(),
                    _ => None,
                };
                host.delay = robots::host_delay(
                    Duration::from_millis(settings.min_delay_ms),
                    crawl_delay,
                    Duration::from_millis(settings.max_crawl_delay_ms),
                );
                host.report.delay_ms = host.delay.as_millis() as u64;
                host.next_at = finished + host.delay;
            }
            Some(reason) => {
                // Unknown rules: nothing may be fetched from the host until
                // robots.txt answers; ask again after a backoff.
                host.robots_attempts += 1;
                if host.robots_attempts >= settings.max_attempts {
                    host.robots = RobotsState::Unavailable(format!(
                        "{reason} after {} attempts",
                        host.robots_attempts
                    ));
                    host.next_at = finished;
                } else {
                    host.robots = RobotsState::Unknown;
                    host.next_at = finished + backoff(settings, host.robots_attempts - 1);
                    // Counted with the other retries, so the summary agrees
                    // with the "after N attempts" of the failure lines.
                    self.report.retries += 1;
                }
            }
        }
    }

    fn handle_fetch(
        &mut self,
        host: &str,
        task: Task,
        result: Result<Answer, FetchError>,
        finished: Instant,
    ) -> anyhow::Result<()> {
        match result {
            Err(e) if e.is_transient() => self.retry(host, task, None, e, None, finished),
            Err(e) => self.fail(&task, None, e),
            Ok(Answer::Status(head)) => {
                let status = head.status;
                if status >= 500 || status == 429 {
                    let wait = if status == 429 || status == 503 {
                        head.retry_after
                    } else {
                        None
                    };
                    self.retry(
                        host,
                        task,
                        Some(head),
                        FetchError::Status(status),
                        wait,
                        finished,
                    )
                } else {
                    self.fail(&task, Some(&head), FetchError::Status(status))
                }
            }
            Ok(Answer::Redirect(head)) => self.redirect(task, head),
            Ok(Answer::NotModified(head)) => self.not_modified(&task, &head),
            Ok(Answer::Body(head, body)) => self.body(host, &task, &head, body),
        }
    }

    /// Schedules another attempt after a backoff (or the server's
    /// Retry-After), or gives up after `max_attempts`.
    fn retry(
        &mut self,
        host: &str,
        mut task: Task,
        head: Option<Head>,
        err: FetchError,
        retry_after: Option<Duration>,
        finished: Instant,
    ) -> anyhow::Result<()> {
        let s = self.settings;
        let attempts = task.attempt + 1;
        if attempts >= s.max_attempts {
            let e = FetchError::RetriesExhausted {
                attempts: task.requests,
                last: Box::new(err),
            };
            return self.fail(&task, head.as_ref(), e);
        }
        let wait = match retry_after {
            Some(w) => {
                let limit = Duration::from_millis(s.max_retry_after_ms);
                if w > limit {
                    let status = head.as_ref().map_or(0, |h| h.status);
                    return self.fail(
                        &task,
                        head.as_ref(),
                        FetchError::RetryAfterTooLong {
                            status,
                            wait: w,
                            limit,
                        },
                    );
                }
                w
            }
            None => backoff(s, task.attempt),
        };
        task.attempt = attempts;
        self.report.retries += 1;
        if let Some(h) = self.hosts.get_mut(host) {
            h.next_at = h.next_at.max(finished + wait);
            h.queue.push_front(task);
        }
        Ok(())
    }

    fn redirect(&mut self, mut task: Task, head: Head) -> anyhow::Result<()> {
        let target = head
            .location
            .as_deref()
            .and_then(|l| task.url.join(l).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .map(|u| urls::normalize(&u));
        let Some(target) = target else {
            return self.fail(&task, Some(&head), FetchError::BadRedirect(head.status));
        };
        let tkey = target.as_str().to_string();
        if tkey == task.key || task.hops.contains(&tkey) {
            return self.fail(&task, Some(&head), FetchError::RedirectLoop(tkey));
        }
        if task.hops.len() >= self.settings.max_redirects {
            let max = self.settings.max_redirects;
            return self.fail(&task, Some(&head), FetchError::TooManyRedirects(max));
        }
        if let Some(rules) = &self.sources[task.source].web {
            if !rules.permits(&target) {
                task.hops.push(tkey);
                task.url = target;
                return self.record_outcome(&task, Some(&head), corpus::OUTCOME_OFF_SITE);
            }
        }
        if self.seen.contains(&tkey) {
            // Fetched (or queued) under its own URL already: once is enough.
            task.hops.push(tkey);
            task.url = target;
            return self.record_outcome(&task, Some(&head), corpus::OUTCOME_DUPLICATE);
        }
        self.seen.insert(tkey.clone());
        task.hops.push(tkey);
        task.url = target;
        task.attempt = 0;
        task.validators = None;
        self.enqueue(task, true)
    }

    fn not_modified(&mut self, task: &Task, head: &Head) -> anyhow::Result<()> {
        let prev = match (&task.validators, self.latest_doc.get(&task.key)) {
            (Some(_), Some(prev)) => prev.clone(),
            _ => return self.fail(task, Some(head), FetchError::UnexpectedNotModified),
        };
        let mut entry = self.entry_for(task, Some(head), corpus::OUTCOME_NOT_MODIFIED);
        entry.file.clone_from(&prev.file);
        entry.sha256.clone_from(&prev.sha256);
        entry.size = prev.size;
        entry.content_type.clone_from(&prev.content_type);
        entry.etag = head.etag.clone().or(prev.etag.clone());
        entry.last_modified = head.last_modified.clone().or(prev.last_modified.clone());
        entry.symbol = entry.symbol.or(prev.symbol.clone());
        entry.lang = entry.lang.or(prev.lang.clone());
        entry.title = entry.title.or(prev.title.clone());
        self.manifest.append(&entry)?;
        self.latest_doc.insert(task.key.clone(), entry.clone());
        self.sources[task.source].docs += 1;
        self.report.not_modified += 1;
        if let Some(h) = self.hosts.get_mut(&urls::host_key(&task.url)) {
            h.report.docs += 1;
        }
        if let Some(file) = &entry.file {
            let path = self.corpus.join(file);
            let children = self.children_from_file(task, &task.url, &path);
            for child in children {
                self.enqueue(child, false)?;
            }
        }
        Ok(())
    }

    fn body(&mut self, host: &str, task: &Task, head: &Head, body: Body) -> anyhow::Result<()> {
        let saved = match body {
            Body::Blank => {
                self.report.empty += 1;
                return self.record_outcome(task, Some(head), corpus::OUTCOME_EMPTY);
            }
            Body::TooLarge => {
                let limit = self.settings.max_body_bytes;
                return self.fail(task, Some(head), FetchError::TooLarge { limit });
            }
            Body::Saved(saved) => saved,
        };
        let is_symbol = self.sources[task.source].web.is_none();
        let refuse = match saved.kind {
            Kind::Other => Some(corpus::OUTCOME_UNSUPPORTED),
            Kind::Html | Kind::Text if is_symbol => Some(corpus::OUTCOME_NOT_PDF),
            _ => None,
        };
        if let Some(outcome) = refuse {
            let _ = std::fs::remove_file(&saved.tmp);
            self.report.skipped += 1;
            return self.record_outcome(task, Some(head), outcome);
        }
        self.store(host, task, head, saved)
    }

    /// Moves a complete body into the corpus (unless it is the same as the
    /// stored copy), then records it, then follows its links.
    fn store(&mut self, host: &str, task: &Task, head: &Head, saved: Saved) -> anyhow::Result<()> {
        let origin = Url::parse(&task.key).unwrap_or_else(|_| task.url.clone());
        let stem = match (&task.symbol, &task.lang) {
            (Some(symbol), lang) => urls::symbol_file_stem(symbol, lang.as_deref().unwrap_or("xx")),
            (None, _) => urls::web_file_stem(&origin),
        };
        let rel = format!(
            "raw/{}/{}.{}",
            urls::host_dir(&origin),
            stem,
            saved.kind.extension()
        );
        let dest = self.corpus.join(&rel);
        let prev = self.latest_doc.get(&task.key).cloned();
        let same = prev.as_ref().is_some_and(|p| {
            p.sha256.as_deref() == Some(saved.sha256.as_str()) && p.file.as_deref() == Some(&rel)
        }) && dest.is_file();
        let outcome = if same {
            let _ = std::fs::remove_file(&saved.tmp);
            corpus::OUTCOME_UNCHANGED
        } else {
            if let Err(e) = corpus::commit_file(&saved.tmp, &dest) {
                let _ = std::fs::remove_file(&saved.tmp);
                return self.fail(task, Some(head), FetchError::Store(format!("{e:#}")));
            }
            if let Some(old) = prev.as_ref().and_then(|p| p.file.clone()) {
                self.remove_if_orphan(&task.key, &old, &rel);
            }
            corpus::OUTCOME_STORED
        };
        let mut entry = self.entry_for(task, Some(head), outcome);
        entry.sha256 = Some(saved.sha256.clone());
        entry.size = Some(saved.size);
        entry.file = Some(rel);
        self.manifest.append(&entry)?;
        self.latest_doc.insert(task.key.clone(), entry);
        self.sources[task.source].docs += 1;
        if same {
            self.report.unchanged += 1;
        } else {
            self.report.stored += 1;
            self.report.bytes += saved.size;
            self.new_docs += 1;
        }
        if let Some(h) = self.hosts.get_mut(host) {
            h.report.docs += 1;
            if !same {
                h.report.bytes += saved.size;
            }
        }
        if saved.kind == Kind::Html {
            let children = self.children_from_file(task, &task.url, &dest);
            for child in children {
                self.enqueue(child, false)?;
            }
        }
        Ok(())
    }

    /// A URL whose file name changed (its content type did) leaves its old
    /// file behind; remove it unless another URL's latest entry uses it.
    fn remove_if_orphan(&self, key: &str, old: &str, new: &str) {
        if old == new {
            return;
        }
        let used = self
            .latest_doc
            .iter()
            .any(|(k, e)| k != key && e.file.as_deref() == Some(old));
        if !used {
            let _ = std::fs::remove_file(self.corpus.join(old));
        }
    }

    fn entry_for(&self, task: &Task, head: Option<&Head>, outcome: &str) -> ManifestEntry {
        ManifestEntry {
            url: task.key.clone(),
            final_url: (task.requests > 0 || !task.hops.is_empty()).then(|| task.url.to_string()),
            symbol: task.symbol.clone(),
            lang: task.lang.clone(),
            fetched_at: now_rfc3339(),
            status: head.map(|h| h.status),
            content_type: head.and_then(|h| h.content_type.clone()),
            etag: head.and_then(|h| h.etag.clone()),
            last_modified: head.and_then(|h| h.last_modified.clone()),
            sha256: None,
            size: None,
            file: None,
            outcome: outcome.to_string(),
            source: Some(self.sources[task.source].name.clone()),
            title: task.title.clone(),
            referrer: task.referrer.clone(),
            redirects: task.hops.clone(),
            attempts: (task.requests > 0).then_some(task.requests),
            run: Some(self.run.clone()),
        }
    }

    fn record_outcome(
        &mut self,
        task: &Task,
        head: Option<&Head>,
        outcome: &str,
    ) -> anyhow::Result<()> {
        let entry = self.entry_for(task, head, outcome);
        self.manifest.append(&entry)?;
        Ok(())
    }

    /// Records a URL that could not be fetched: counted and reported, and
    /// the crawl goes on.
    fn fail(&mut self, task: &Task, head: Option<&Head>, err: FetchError) -> anyhow::Result<()> {
        let reason = err.to_string();
        let outcome = format!("{}{reason}", corpus::OUTCOME_FAILED_PREFIX);
        let entry = self.entry_for(task, head, &outcome);
        self.manifest.append(&entry)?;
        self.report.failed.push(Failure {
            url: task.key.clone(),
            reason,
        });
        if let Some(h) = self.hosts.get_mut(&urls::host_key(&task.url)) {
            h.report.errors += 1;
        }
        Ok(())
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
