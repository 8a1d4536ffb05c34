//! Building a crawler: the manifest so far decides what is already stored
//! and what a resumed run has done; the sources become per-source limits
//! and rules, and their seeds and symbol requests the first tasks.

use super::*;

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
                let url = urls::normalize(&crate::crawl::sources::http_url(seed)?);
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
                let url = match crate::crawl::sources::http_url(&req.url) {
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
}
