//! `undex crawl`: load the sources, run the crawler, print the summary.

use crate::cli::{CrawlArgs, GlobalArgs};
use crate::crawl::{self, CrawlOptions, Sources};
use crate::exit_codes::ExitCode;

pub fn run(global: &GlobalArgs, args: &CrawlArgs) -> anyhow::Result<ExitCode> {
    let sources_path = args
        .sources
        .clone()
        .unwrap_or_else(|| global.corpus.join("sources.toml"));
    let sources = Sources::load(&sources_path)?;
    let opts = CrawlOptions {
        corpus: global.corpus.clone(),
        max_docs: args.max_docs,
        concurrency: args.concurrency,
        progress: super::show_progress(global),
    };
    let report = crawl::crawl(&sources, &opts)?;
    // Failures are errors, printed even with --quiet; the summary is not.
    eprint!("{}", report.failures());
    if !global.quiet {
        eprint!("{}", report.summary());
    }
    Ok(if report.failed.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Error
    })
}
