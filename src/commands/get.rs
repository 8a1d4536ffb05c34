//! `undex get SYMBOL`: the document(s) bearing a symbol, in any written form,
//! with what they cite, how many documents cite them, and their catalogue
//! metadata (subjects, sponsors, agenda item, a summary of the vote).

use std::io::Write;

use crate::cli::{DocFormat, GetArgs, GlobalArgs};
use crate::exit_codes::ExitCode;
use crate::index::StoredDoc;
use crate::output::{count_noun, objects, Style};
use crate::symbol;

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
    // One document per language version; `--lang` keeps one of them.
    let docs = objects::versions(&engine, &symbol, lang)?;
    let cited_by = engine.cited_by_count(&symbol)?;
    let family = objects::family_of(&engine, &symbol);
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
            // Built where the server builds its answer, so both agree.
            serde_json::to_writer(
                &mut out,
                &objects::get_output(&engine, &symbol, lang, args.text)?,
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
        if let Some(s) = objects::vote_summary(&c) {
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
