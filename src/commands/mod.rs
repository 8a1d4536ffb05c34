//! One file per subcommand: each wires the stages together, nothing else.
//!
//! Every `run` returns the exit code to use; errors that end the command
//! become exit 2 in `main`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::GlobalArgs;
use crate::index::UndexIndex;
use crate::search::Engine;
use crate::thesaurus::Thesaurus;

pub mod batch;
pub mod cites;
pub mod completions;
pub mod crawl;
pub mod facets;
pub mod get;
pub mod ingest;
pub mod search;
pub mod serve;
pub mod stats;
pub mod votes;

/// The folder under the corpus that holds the shipped demo documents.
pub const DEMO_DIR: &str = "demo";

/// Progress bars go to stderr, and only when someone is watching it.
pub fn show_progress(global: &GlobalArgs) -> bool {
    !global.quiet && std::io::stderr().is_terminal()
}

pub fn progress_bar(global: &GlobalArgs, len: u64, what: &str) -> Option<ProgressBar> {
    if !show_progress(global) {
        return None;
    }
    let bar = ProgressBar::new(len);
    // `wide_bar` takes what the terminal's width leaves, so the line fits
    // an 80-column terminal (a fixed 30-column bar made it 87 wide).
    let style = ProgressStyle::with_template(&format!(
        "{{spinner}} {what} [{{wide_bar}}] {{pos}}/{{len}} {{msg}} eta {{eta}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    Some(bar)
}

/// Opens the index for searching. When it does not exist yet and the
/// default location is in use, builds it from the demo corpus first, so
/// `undex search "small arms"` works on a fresh clone.
pub fn open_engine(global: &GlobalArgs) -> anyhow::Result<Engine> {
    let index_path = &global.index;
    if !index_path.join(crate::index::META_FILE).is_file() {
        let demo = global.corpus.join(DEMO_DIR);
        if index_path == Path::new(crate::index::DEFAULT_DIR) && demo.is_dir() {
            if !global.quiet {
                eprintln!(
                    "undex: no index yet; building one from the demo corpus in \"{}\"",
                    demo.display()
                );
            }
            let index = UndexIndex::open_or_create(index_path)?;
            let report = ingest::ingest_paths(global, &index, &[demo], None)?;
            ingest::print_report(global, &report);
        }
    }
    let index = UndexIndex::open(index_path)?;
    Engine::open(index).context("cannot read the index")
}

/// [`open_engine`] for a command that parses queries: with the thesaurus
/// of `--thesaurus`, if given. Commands that only look symbols up do not
/// read it (it costs a command about 17 ms).
pub fn open_query_engine(global: &GlobalArgs) -> anyhow::Result<Engine> {
    let thesaurus = match &global.thesaurus {
        Some(path) => Some(Arc::new(Thesaurus::load(path)?)),
        None => None,
    };
    Ok(open_engine(global)?.with_thesaurus(thesaurus))
}
