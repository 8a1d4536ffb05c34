//! `undex search QUERY`: ranked search with filters, facets and snippets.

use std::io::Write;

use crate::cli::{Format, GlobalArgs, SearchArgs};
use crate::exit_codes::ExitCode;
use crate::output::{self, csv_out, SearchOutput, Style};
use crate::search::{FilterSpec, Filters, SearchRequest};

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let default_fields: &[&str] = match args.format {
        Format::Csv => &output::DEFAULT_CSV_FIELDS,
        _ => &output::HIT_FIELDS,
    };
    let fields = output::check_fields(args.fields.as_deref(), default_fields)?;
    let engine = super::open_engine(global)?;
    let result = engine.search(&SearchRequest {
        query: &args.query,
        filters: &filters,
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        facets: args.facets,
        snippets: true,
    })?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &SearchOutput::new(&args.query, &result))?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for hit in &result.hits {
                serde_json::to_writer(&mut out, &output::hit_object(hit, &fields))?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let mut w = csv_out::writer(&mut out);
            w.write_record(&fields)?;
            for hit in &result.hits {
                w.write_record(csv_out::hit_row(hit, &fields))?;
            }
            w.flush()?;
        }
        Format::Text => {
            let style = Style::new(global.color);
            if result.total == 0 {
                writeln!(out, "No documents match {:?}.", args.query)?;
            } else {
                writeln!(
                    out,
                    "{} documents match (showing {}-{}, {:.1} ms)\n",
                    result.total,
                    (args.offset + 1).min(result.total),
                    args.offset + result.hits.len(),
                    result.took_ms
                )?;
            }
            for (i, hit) in result.hits.iter().enumerate() {
                output::write_hit_text(&mut out, args.offset + i + 1, hit, style)?;
                writeln!(out)?;
            }
            for (name, counts) in &result.facets {
                writeln!(out, "{}", style.bold(&format!("{name}:")))?;
                output::write_facet_bars(&mut out, counts, style)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(result.total))
}
