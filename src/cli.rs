//! Command-line definitions (clap derive). Doc comments here become `--help`.
//!
//! Nothing here does work: `commands/` turns these into actions, and
//! defaults that other modules share are named constants, not literals.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Full-text search over UN disarmament documents.
///
/// Ingest PDFs, HTML pages, text and records (JSON Lines, MARCXML) into an
/// index, then search by keyword or look documents up by UN symbol
/// (A/RES/73/69, S/RES/2220 (2015), ...) in any written form.
///
/// Exit codes: 0 results found (or work done), 1 nothing matched,
/// 2 error (or, for ingest, crawl and batch: some inputs failed).
#[derive(Debug, Parser)]
#[command(name = "undex", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Index folder.
    #[arg(long, global = true, env = "UNDEX_INDEX", default_value = crate::index::DEFAULT_DIR)]
    pub index: PathBuf,

    /// Corpus folder (crawled files and their manifest).
    #[arg(long, global = true, env = "UNDEX_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,

    /// Thesaurus file for query expansion: a concept a query names in two
    /// or more words also matches its other labels ("biological weapons"
    /// also finds "bacteriological weapons"). Tab-separated, one label a
    /// line: LABEL, pref_label=LABEL, uri=URI, kind=pref|alt (the UNBIS
    /// thesaurus export). None by default; undex ships none.
    #[arg(long, global = true, env = "UNDEX_THESAURUS", value_name = "FILE")]
    pub thesaurus: Option<PathBuf>,

    /// No progress bars or summaries on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// When to colour text output. auto: when stdout is a terminal and the
    /// NO_COLOR environment variable is unset or empty; always: even into a
    /// pipe and despite NO_COLOR; never: no colour. Without colour,
    /// highlighted words are marked ⟦like this⟧.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub use crate::output::facets::FacetSort;
/// The formats of hit lists; commands printing one object use [`DocFormat`].
pub use crate::output::ListFormat as Format;
pub use crate::output::{BatchFormat, ColorChoice, DocFormat, ListFormat};
pub use crate::search::{FacetKind, SortOrder, DEFAULT_LIMIT};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch documents from the configured sources into the corpus,
    /// politely (robots.txt, per-host delay) and resumably.
    Crawl(CrawlArgs),
    /// Extract documents and add them to the index (incremental).
    ///
    /// With no PATH, ingests the corpus folder. A PATH is a file or a folder
    /// of .pdf, .html/.htm, .txt, .jsonl/.json (one record a line) and .xml
    /// (UN Digital Library MARCXML). Unchanged documents are skipped; a
    /// changed one replaces its old version. Bad files are reported, counted
    /// and skipped; the exit code is 2 if any input failed.
    Ingest(IngestArgs),
    /// Ranked keyword search. A query that is or holds a UN symbol ranks
    /// the document bearing it first, then documents citing it.
    ///
    /// Query syntax: words are ANDed; "exact phrase"; a OR b; -word or
    /// NOT word (exclude; a query of exclusions alone means everything
    /// else); arms* (words starting with "arms"); * (everything);
    /// ( ... ) to group; title:word, body:word, symbol:A/RES/73/69,
    /// cites:A/RES/73/69, type:resolution, lang:fr, topic:small-arms.
    /// The query may be quoted or not: `undex search small arms` works.
    Search(SearchArgs),
    /// Show the document(s) with a symbol, written in any form
    /// (a/res/73/69, S/RES/2220(2015), A / RES / 73 / 69).
    Get(GetArgs),
    /// List the documents that cite a symbol, newest first.
    Cites(CitesArgs),
    /// Run one query per input line (plain text, or JSON with "query", "id"
    /// and any search filter); print one result line per input line, in order.
    Batch(BatchArgs),
    /// Facet counts (topic, symbol, type, year, lang, subject), optionally
    /// under a prefix and within a query.
    Facets(FacetsArgs),
    /// Votes: `votes SYMBOL` shows a resolution's outcome, tallies and the
    /// States in each list; `votes --state NAME [QUERY]` how one State voted
    /// on every matching resolution adopted by a recorded vote, newest first.
    Votes(VotesArgs),
    /// What the index holds, and the inputs it was built from.
    Stats(StatsArgs),
    /// Print a shell completion script to stdout (see the README to install it).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `undex man > undex.1`.
    Man,
    /// Serve the index over HTTP: a JSON API (the objects `--format json`
    /// prints) and a search page at `/`.
    ///
    /// Listens on 127.0.0.1:8080 unless --addr says otherwise (port 0 picks
    /// a free port; the address is printed on stdout). Reloads the index on
    /// its own when an ingest commits. Ctrl-C or SIGTERM stops it after the
    /// requests in flight. One access-log line per request on stderr
    /// (--quiet: none).
    Serve(ServeArgs),
    /// Internal: extract PDF text in an isolated process: one file (PATH),
    /// or, with --worker, each path the ingest sends on stdin.
    #[command(hide = true, name = "__extract-pdf")]
    ExtractPdf {
        #[arg(required_unless_present = "worker")]
        path: Option<PathBuf>,
        #[arg(long)]
        worker: bool,
    },
}

#[derive(Debug, Args)]
pub struct CrawlArgs {
    /// Sources file (TOML). Default: sources.toml in the corpus folder.
    #[arg(long)]
    pub sources: Option<PathBuf>,
    /// Stop after this many new documents.
    #[arg(long)]
    pub max_docs: Option<usize>,
    /// Hosts fetched at once (one request at a time per host).
    #[arg(long)]
    pub concurrency: Option<usize>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders to ingest. Default: the corpus folder.
    pub paths: Vec<PathBuf>,
    /// Worker threads for extraction. Default: the number of cores.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Commit (checkpoint) the index when this many seconds have passed
    /// since the last commit, so a killed or failed ingest keeps all but
    /// the last interval's work. 0 commits only at the end.
    #[arg(long, value_name = "SECS", default_value_t = crate::ingest::DEFAULT_COMMIT_INTERVAL_SECS)]
    pub commit_interval: u64,
}

/// Filters shared by search, batch and facets.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only documents under this topic (facet path or name, e.g. small-arms). Repeatable: any of them.
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// Only documents whose symbol starts with this prefix (A/RES/73 = the
    /// 73rd session's resolutions). Repeatable: any of them.
    #[arg(long = "symbol", value_name = "PREFIX")]
    pub symbols: Vec<String>,
    /// With --symbol: also the rest of each symbol's family (its
    /// addenda, corrigenda, revisions and parts: A/73/52/Add.1 selects
    /// everything under A/73/52).
    #[arg(long, requires = "symbols")]
    pub family: bool,
    /// Only documents of this type (resolution, decision, draft, report,
    /// letter, meeting-record, bulletin, speech, web-page, other). A
    /// catalogue record has the type of what it records.
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_type: Option<String>,
    /// Only documents in this language (ISO 639-1 code: ar, zh, en, fr, ru,
    /// es, or und); words are then analysed in that language only.
    #[arg(long)]
    pub lang: Option<String>,
    /// Only documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents with this subject heading (a UNBIS label such as
    /// "nuclear disarmament"; case does not matter). Repeatable: any of them.
    #[arg(long = "subject", value_name = "LABEL")]
    pub subjects: Vec<String>,
    /// Only documents sponsored by this State (its name or a short form:
    /// Iran, UK, US, Russia, DPRK). Repeatable: any of them.
    #[arg(long = "sponsor", value_name = "NAME")]
    pub sponsors: Vec<String>,
    /// Only documents whose full text undex holds (`--has-text`), or only
    /// catalogue records, which have metadata but no text (`--has-text=false`).
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub has_text: Option<bool>,
    /// Only General Debate statements of this country: an ISO 3166 code
    /// (ARM) or a name (Armenia, Iran, UK). Repeatable: any of them.
    #[arg(long = "country", value_name = "CODE|NAME")]
    pub countries: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query. A query that starts with '-' (`-word` excludes) is taken
    /// as the query, not as an option; `--` before it also works.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: String,
    /// More words of the query, unquoted (`undex search small arms`): joined
    /// to QUERY with spaces. Quote a query whose later words start with '-'.
    #[arg(value_name = "WORDS")]
    pub words: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of hits to print.
    #[arg(long, short = 'n', default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
    /// Skip this many hits (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Also print facet counts (topic, type, year, lang) for the whole result set.
    #[arg(long)]
    pub facets: bool,
    /// Show every hit, even several with the same title. By default a page
    /// shows at most two hits of one title (the yearly resolutions of one
    /// series); the rest are folded into the first, which lists them.
    #[arg(long)]
    pub no_collapse: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Fields to print, comma separated, in this order
    /// (symbol,symbols,title,type,date,lang,topics,subjects,source,score,snippet,highlights,
    /// text,country,same_title):
    /// csv columns, jsonl keys, or one line per hit in text.
    #[arg(long, value_delimiter = ',')]
    pub fields: Option<Vec<String>>,
}

impl SearchArgs {
    /// The query words as one query string.
    pub fn query_text(&self) -> String {
        std::iter::once(&self.query)
            .chain(&self.words)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// The symbol, in any written form.
    pub symbol: String,
    #[arg(long, value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
    /// Print the document's full text.
    #[arg(long)]
    pub text: bool,
    /// Only the version in this language (ar, zh, en, fr, ru, es, und);
    /// by default every language version is shown.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct CitesArgs {
    /// The cited symbol, in any written form.
    pub symbol: String,
    /// Also documents citing any member of the symbol's family (addenda,
    /// corrigenda, revisions, parts).
    #[arg(long)]
    pub family: bool,
    /// Number of citing documents to print.
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// File of queries, one per line; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = BatchFormat::Jsonl)]
    pub format: BatchFormat,
    /// Hits per query.
    #[arg(long, short = 'n', default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
    /// Columns for csv output, comma separated.
    #[arg(long, value_delimiter = ',')]
    pub fields: Option<Vec<String>>,
    /// Worker threads. Default: the number of cores.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Which facet to count.
    #[arg(value_enum, default_value_t = FacetKind::Topic)]
    pub field: FacetKind,
    /// Count only within this query.
    #[arg(allow_hyphen_values = true, value_name = "QUERY")]
    pub query: Option<String>,
    /// More words of the query, unquoted: joined to QUERY with spaces.
    #[arg(value_name = "WORDS")]
    pub words: Vec<String>,
    /// Drill down under this prefix (symbol: A/RES lists sessions, A/RES/73
    /// its resolutions; topic: small-arms).
    #[arg(long)]
    pub prefix: Option<String>,
    /// Order of the values. Default: by value for symbol and year
    /// (numbers in numeric order), by count for topic, type and lang.
    #[arg(long, value_enum)]
    pub sort: Option<FacetSort>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

impl FacetsArgs {
    /// The query words as one query string, if any.
    pub fn query_text(&self) -> Option<String> {
        let first = self.query.as_ref()?;
        Some(
            std::iter::once(first)
                .chain(&self.words)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
}

#[derive(Debug, Args)]
pub struct VotesArgs {
    /// A resolution's symbol (any written form); with --state, a query
    /// choosing the resolutions (default: all of them).
    #[arg(allow_hyphen_values = true, value_name = "SYMBOL|QUERY")]
    pub target: Option<String>,
    /// How this State voted (name or short form: Iran, UK, US, Russia, DPRK).
    #[arg(long, value_name = "NAME")]
    pub state: Option<String>,
    /// With --state: a second State; adds its vote and the agreement rate.
    #[arg(long, value_name = "NAME", requires = "state")]
    pub compare: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output: text (default), json; with --state also jsonl and csv.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = DocFormat::Text)]
    pub format: DocFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback is reachable from other
    /// machines (a notice says so on start).
    #[arg(long, default_value = crate::serve::DEFAULT_ADDR)]
    pub addr: std::net::SocketAddr,
    /// Requests reading the index at once [default: one per core]; more
    /// wait their turn up to 2 s, then get 503.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_concurrent: Option<u32>,
    /// Time limit of one request's work on the index, in milliseconds;
    /// over it the answer is 503 with a message.
    #[arg(long, value_name = "MS", default_value_t = crate::serve::limits::DEFAULT_QUERY_TIMEOUT_MS,
          value_parser = clap::value_parser!(u64).range(1..=600_000))]
    pub query_timeout: u64,
}

// The command line's filters become the domain's unchecked filters here,
// so that `search` never depends on `cli`.
impl From<&FilterArgs> for crate::search::FilterSpec {
    fn from(a: &FilterArgs) -> crate::search::FilterSpec {
        crate::search::FilterSpec {
            topic: a.topics.clone(),
            symbol: a.symbols.clone(),
            family: a.family,
            doc_type: a.doc_type.clone(),
            lang: a.lang.clone(),
            from: a.from.clone(),
            to: a.to.clone(),
            subject: a.subjects.clone(),
            sponsor: a.sponsors.clone(),
            has_text: a.has_text,
            country: a.countries.clone(),
        }
    }
}
