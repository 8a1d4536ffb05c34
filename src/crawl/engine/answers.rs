//! What the scheduler does with an answer: robots.txt rules for a host, a
//! document stored (renamed into place, then its manifest line), a
//! redirect hop or a retry queued back on its host, a failure recorded.

use super::*;

impl Crawler<'_> {
    pub(super) fn handle(&mut self, done: Done) -> anyhow::Result<()> {
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

    pub(super) fn handle_robots(
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

    pub(super) fn handle_fetch(
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
    pub(super) fn retry(
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

    pub(super) fn redirect(&mut self, mut task: Task, head: Head) -> anyhow::Result<()> {
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

    pub(super) fn not_modified(&mut self, task: &Task, head: &Head) -> anyhow::Result<()> {
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

    pub(super) fn body(
        &mut self,
        host: &str,
        task: &Task,
        head: &Head,
        body: Body,
    ) -> anyhow::Result<()> {
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
    pub(super) fn store(
        &mut self,
        host: &str,
        task: &Task,
        head: &Head,
        saved: Saved,
    ) -> anyhow::Result<()> {
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
    pub(super) fn remove_if_orphan(&self, key: &str, old: &str, new: &str) {
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

    pub(super) fn entry_for(
        &self,
        task: &Task,
        head: Option<&Head>,
        outcome: &str,
    ) -> ManifestEntry {
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

    pub(super) fn record_outcome(
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
    pub(super) fn fail(
        &mut self,
        task: &Task,
        head: Option<&Head>,
        err: FetchError,
    ) -> anyhow::Result<()> {
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
