//! The live display on stderr: one line for the whole crawl and one per
//! host (documents, bytes, errors, the URL being fetched).
//!
//! Everything is a no-op when disabled (stderr not a terminal, or
//! `--quiet`), so the scheduler calls it unconditionally.

use std::collections::HashMap;
use std::time::Duration;

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::report::{CrawlReport, HostReport};

/// Longest URL shown on a host's line.
const MAX_URL: usize = 70;

pub struct Progress {
    multi: Option<MultiProgress>,
    main: Option<ProgressBar>,
    hosts: HashMap<String, ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        if !enabled {
            return Progress {
                multi: None,
                main: None,
                hosts: HashMap::new(),
            };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let main = multi.add(ProgressBar::new_spinner());
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}") {
            main.set_style(style);
        }
        main.enable_steady_tick(Duration::from_millis(120));
        main.set_message("starting");
        Progress {
            multi: Some(multi),
            main: Some(main),
            hosts: HashMap::new(),
        }
    }

    /// A request to `host` starts.
    pub fn host_activity(&mut self, host: &str, stats: &HostReport, url: &str) {
        let Some(multi) = &self.multi else { return };
        let bar = self.hosts.entry(host.to_string()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new_spinner());
            if let Ok(style) = ProgressStyle::with_template("  {prefix:.bold} {msg}") {
                bar.set_style(style);
            }
            bar.set_prefix(host.to_string());
            bar
        });
        let shown: String = if url.chars().count() > MAX_URL {
            let tail: String = url
                .chars()
                .rev()
                .take(MAX_URL - 1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            url.to_string()
        };
        bar.set_message(format!(
            "{} docs, {}, {} errors  {shown}",
            stats.docs,
            HumanBytes(stats.bytes),
            stats.errors
        ));
    }

    /// Refreshes the overall line.
    pub fn tick(&mut self, report: &CrawlReport) {
        if let Some(main) = &self.main {
            main.set_message(report.status_line());
        }
    }

    /// Clears the display before the summary is printed.
    pub fn finish(&mut self) {
        for bar in self.hosts.values() {
            bar.finish_and_clear();
        }
        if let Some(main) = &self.main {
            main.finish_and_clear();
        }
    }
}
