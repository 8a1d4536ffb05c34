//! `undex get SYMBOL`: the document(s) bearing a symbol, in any written form,
//! with what they cite, how many documents cite them, and their catalogue
//! metadata (subjects, sponsors, agenda item, a summary of the vote).

use std::io::Write;

use serde::Serialize;

use crate::cli::{DocFormat, GetArgs, GlobalArgs};
use crate::exit_codes::ExitCode;
use crate::index::StoredDoc;
use crate::output::{count_noun, Style};
use crate::search::SNIPPET_CHARS;
use crate::symbol;
use crate::votes::Catalogue;

/// A vote in one line of JSON; `undex votes SYMBOL` gives the lists.
#[derive(Serialize)]
struct VoteSummary {
    outcome: &'static str,
    in_favour: Option<u32>,
    against: Option<u32>,
    abstaining: Option<u32>,
}

fn vote_summary(c: &Catalogue) -> Option<VoteSummary> {
    let v = c.votes.as_ref()?;
    Some(VoteSummary {
        outcome: v.outcome.as_str(),
        in_favour: v.tallies.map(|t| t.in_favour),
        against: v.tallies.map(|t| t.against),
        abstaining: v.tallies.map(|t| t.abstaining),
    })
}

/// The hit object of `search` (DESIGN.md: `get` prints "the same hit
/// objects"), plus what a look-up adds: what the document cites, how many
/// documents cite it, and with `--text` the full text. A look-up has no
/// score (null); its snippet is the opening of the text, with no highlights.
#[derive(Serialize)]
struct GetHit<'a> {
    symbol: Option<&'a String>,
    symbols: &'a [String],
    title: &'a str,
    #[serde(rename = "type")]
    doc_type: &'a str,
    date: &'a Option<String>,
    lang: &'a str,
    topics: &'a [String],
    source: &'a str,
    score: Option<f32>,
    snippet: String,
    highlights: [[usize; 2]; 0],
    cites: &'a [String],
    cited_by: usize,
    subjects: Vec<String>,
    sponsors: Vec<String>,
    agenda: Option<String>,
    votes: Option<VoteSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct GetOutput<'a> {
    symbol: String,
    hits: Vec<GetHit<'a>>,
    /// The other members of the symbol's family in the index (addenda,
    /// corrigenda, revisions, parts, the head document).
    family: Vec<String>,
}

pub fn run(global: &GlobalArgs, args: &GetArgs) -> anyhow::Result<ExitCode> {
    let symbol = symbol::parse_written(&args.symbol)?;
    let lang =
        match &args.lang {
            Some(l) => Some(crate::lang::Lang::parse(l).ok_or_else(|| {
                anyhow::Error::new(crate::search::FilterError::Lang(l.to_string()))
            })?),
            None => None,
        };
    let engine = super::open_engine(global)?;
    let mut docs = engine.get(&symbol)?;
    // One document per language version; `--lang` keeps one of them.
    if let Some(l) = lang {
        docs.retain(|d| d.lang == l.code());
    }
    docs.sort_by_key(|d| crate::lang::Lang::from_code(&d.lang));
    let cited_by = engine.cited_by_count(&symbol)?;
    let family: Vec<String> = engine
        .family(&symbol, engine.index.fields.symbol)
        .into_iter()
        .filter(|m| m.key() != symbol.key())
        .map(|m| m.to_string())
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if docs.is_empty() {
        eprintln!(
            "undex: no document with symbol {} in the index ({} {} it)",
            symbol,
            count_noun(cited_by, "document", "documents"),
            if cited_by == 1 { "cites" } else { "cite" }
        );
        if !family.is_empty() {
            eprintln!("undex: its family in the index: {}", family.join(", "));
        }
        if args.format == DocFormat::Text {
            return Ok(ExitCode::NoMatch);
        }
    }
    match args.format {
        DocFormat::Text => {
            let style = Style::new(global.color);
            for d in &docs {
                write_doc(&mut out, d, cited_by, &family, args.text, style)?;
            }
        }
        DocFormat::Json => {
            let hits = docs
                .iter()
                .map(|d| (d, d.catalogue().unwrap_or_default()))
                .map(|(d, c)| GetHit {
                    symbol: d.symbols.first(),
                    symbols: &d.symbols,
                    title: &d.title,
                    doc_type: &d.doc_type,
                    date: &d.date,
                    lang: &d.lang,
                    topics: &d.topics,
                    source: d.url.as_deref().unwrap_or(&d.source),
                    score: None,
                    snippet: opening(&d.body),
                    highlights: [],
                    cites: &d.cites,
                    cited_by,
                    votes: vote_summary(&c),
                    subjects: c.subjects,
                    sponsors: c.sponsors,
                    agenda: c.agenda,
                    text: args.text.then_some(d.body.as_str()),
                })
                .collect();
            serde_json::to_writer(
                &mut out,
                &GetOutput {
                    symbol: symbol.to_string(),
                    hits,
                    family: family.clone(),
                },
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(docs.len()))
}

fn write_doc(
    w: &mut dyn Write,
    d: &StoredDoc,
    cited_by: usize,
    family: &[String],
    text: bool,
    style: Style,
) -> std::io::Result<()> {
    let symbols = d.symbols.join(" | ");
    let prefix = format!("{}  ", style.symbol(&symbols));
    let width = crate::output::display_width(&symbols) + 2;
    crate::output::write_wrapped_line(w, &prefix, width, &d.title, 2, style)?;
    let field = |w: &mut dyn Write, k: &str, v: &str| writeln!(w, "  {:<9} {}", style.dim(k), v);
    field(w, "date", d.date.as_deref().unwrap_or("unknown"))?;
    field(w, "type", &d.doc_type)?;
    field(w, "lang", &d.lang)?;
    field(w, "topics", &d.topics.join(" "))?;
    field(w, "source", d.url.as_deref().unwrap_or(&d.source))?;
    field(
        w,
        "cites",
        &if d.cites.is_empty() {
            "-".to_string()
        } else {
            d.cites.join(", ")
        },
    )?;
    field(
        w,
        "cited by",
        &count_noun(cited_by, "document", "documents"),
    )?;
    if !family.is_empty() {
        field(w, "family", &family.join(", "))?;
    }
    field(w, "cited by", &format!("{cited_by} documents"))?;
    if let Some(c) = d.catalogue() {
        if !c.subjects.is_empty() {
            field(w, "subjects", &c.subjects.join("; "))?;
        }
        if !c.sponsors.is_empty() {
            field(w, "sponsors", &c.sponsors.join(", "))?;
        }
        if let Some(a) = &c.agenda {
            let item = match &c.agenda_title {
                Some(t) => format!("{a}: {t}"),
                None => a.clone(),
            };
            field(w, "agenda", &item)?;
        }
        if let Some(committee) = &c.committee {
            field(w, "committee", committee)?;
        }
        if let Some(draft) = &c.draft {
            field(w, "draft", draft)?;
        }
        if let Some(s) = vote_summary(&c) {
            let text = match (s.in_favour, s.against, s.abstaining) {
                (Some(y), Some(n), Some(a)) => {
                    format!("recorded: {y} in favour, {n} against, {a} abstaining")
                }
                _ => "adopted without a vote".to_string(),
            };
            field(w, "vote", &text)?;
        }
    }
    if text {
        writeln!(w, "\n{}", d.body)?;
    }
    writeln!(w)?;
    Ok(())
}

/// The first words of a text, on one line, as long as a search snippet.
fn opening(body: &str) -> String {
    let mut out = String::new();
    for word in body.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > SNIPPET_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
