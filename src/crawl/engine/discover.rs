//! Finding more to fetch in a stored page: its links, kept when the
//! source's rules allow them, each a new task one level deeper.

use super::*;

impl Crawler<'_> {
    /// Links of a stored HTML page that the page's source should follow.
    pub(super) fn children_from_file(&mut self, task: &Task, base: &Url, path: &Path) -> Vec<Task> {
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
    pub(super) fn children(&mut self, task: &Task, base: &Url, html: &str) -> Vec<Task> {
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
}
