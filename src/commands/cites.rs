//! `undex cites SYMBOL`: documents that cite a symbol, newest first.

use std::io::Write;

use crate::cli::{CitesArgs, GlobalArgs, ListFormat as Format};
use crate::exit_codes::ExitCode;
use crate::output::{self, count_noun, csv_out, objects, Style};
use crate::symbol;

pub fn run(global: &GlobalArgs, args: &CitesArgs) -> anyhow::Result<ExitCode> {
    let symbol = symbol::parse_written(&args.symbol)?;
    let engine = super::open_engine(global)?;
    let object = objects::cites_output(&engine, &symbol, args.limit, args.family)?;
    let (total, hits) = (object.total, &object.hits);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &object)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for h in hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let fields = ["symbol", "title", "type", "date", "lang", "source"];
            let mut w = csv_out::writer(&mut out);
            w.write_record(fields)?;
            for h in hits {
                w.write_record(csv_out::hit_row(h, &fields))?;
            }
            w.flush()?;
        }
        Format::Text => {
            let style = Style::new(global.color);
            let what = match &object.family {
                Some(names) => format!("{symbol} or its family ({})", names.join(", ")),
                None => symbol.to_string(),
            };
            writeln!(
                out,
                "{} {what}{}\n",
                count_noun(total, "document cites", "documents cite"),
                if total > 1 { " (newest first)" } else { "" }
            )?;
            for h in hits {
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
