//! `undex cites SYMBOL`: documents that cite a symbol, newest first.

use std::io::Write;

use serde::Serialize;

use crate::cli::{CitesArgs, GlobalArgs, ListFormat as Format};
use crate::exit_codes::ExitCode;
use crate::output::{self, count_noun, csv_out, Style};
use crate::search::Hit;
use crate::symbol;

#[derive(Serialize)]
struct CitesOutput<'a> {
    symbol: String,
    /// With --family: the members whose citations are counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<Vec<String>>,
    total: usize,
    hits: &'a [Hit],
}

pub fn run(global: &GlobalArgs, args: &CitesArgs) -> anyhow::Result<ExitCode> {
    let symbol = symbol::parse_written(&args.symbol)?;
    let engine = super::open_engine(global)?;
    // With --family, every member of the family the index has seen cited
    // (A/73/52 with its Add.1 and Corr.1), and the symbol itself.
    let family: Vec<symbol::Symbol> = if args.family {
        let mut members = engine.family(&symbol, engine.index.fields.cites);
        if !members.iter().any(|m| m.key() == symbol.key()) {
            members.insert(0, symbol.clone());
        }
        members
    } else {
        vec![symbol.clone()]
    };
    let (total, docs) = engine.cites_any(&family, args.limit)?;
    let hits: Vec<Hit> = docs
        .into_iter()
        .map(|d| Hit {
            subjects: d.catalogue().map(|c| c.subjects).unwrap_or_default(),
            symbol: d.symbols.first().cloned(),
            symbols: d.symbols,
            title: d.title,
            doc_type: d.doc_type,
            date: d.date,
            lang: d.lang,
            topics: d.topics,
            source: d.url.unwrap_or(d.source),
            score: 0.0,
            snippet: String::new(),
            highlights: Vec::new(),
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(
                &mut out,
                &CitesOutput {
                    symbol: symbol.to_string(),
                    family: args
                        .family
                        .then(|| family.iter().map(|s| s.to_string()).collect()),
                    total,
                    hits: &hits,
                },
            )?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for h in &hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let fields = ["symbol", "title", "type", "date", "lang", "source"];
            let mut w = csv_out::writer(&mut out);
            w.write_record(fields)?;
            for h in &hits {
                w.write_record(csv_out::hit_row(h, &fields))?;
            }
            w.flush()?;
        }
        Format::Text => {
            let style = Style::new(global.color);
            let names: Vec<String> = family.iter().map(|s| s.to_string()).collect();
            let what = if args.family {
                format!("{symbol} or its family ({})", names.join(", "))
            } else {
                symbol.to_string()
            };
            writeln!(
                out,
                "{} {what}{}\n",
                count_noun(total, "document cites", "documents cite"),
                if total > 1 { " (newest first)" } else { "" }
            )?;
            for h in &hits {
                let date = h.date.as_deref().unwrap_or("----------");
                let sym = h.symbol.as_deref().unwrap_or("-");
                let prefix = format!("{date}  {}  ", style.symbol(sym));
                let width = output::display_width(date) + output::display_width(sym) + 4;
                output::write_wrapped_line(&mut out, &prefix, width, &h.title, 12, style)?;
            }
            if hits.len() < total {
                writeln!(
                    out,
                    "\n(the newest {} of {total}; --limit N shows more)",
                    hits.len()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(total))
}
