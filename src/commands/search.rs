//! `undex search QUERY`: ranked search with filters, facets and snippets.

use std::io::Write;

use crate::cli::{GlobalArgs, ListFormat, SearchArgs};
use crate::exit_codes::ExitCode;
use crate::output::{self, csv_out, SearchOutput, Style};
use crate::search::{FilterSpec, Filters, SearchRequest};

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let query = args.query_text();
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let default_fields: &[&str] = match args.format {
        ListFormat::Csv => &output::DEFAULT_CSV_FIELDS,
        _ => &output::HIT_FIELDS,
    };
    let fields = output::check_fields(args.fields.as_deref(), default_fields)?;
    if args.fields.is_some() && args.format == ListFormat::Json {
        anyhow::bail!(
            "--fields applies to --format text, jsonl and csv; json prints whole hit objects"
        );
    }
    let engine = super::open_query_engine(global)?;
    let result = engine.search(&SearchRequest {
        query: &query,
        filters: &filters,
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        facets: args.facets,
        snippets: true,
        collapse: !args.no_collapse,
    })?;
    if !global.quiet && args.format == ListFormat::Text {
        // On stderr, so that piped results stay results; the JSON object
        // carries the same as "symbols_read" and "expansions".
        output::write_readings(&mut std::io::stderr().lock(), &result)?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer(&mut out, &SearchOutput::new(&query, &result))?;
            writeln!(out)?;
        }
        ListFormat::Jsonl => {
            for hit in &result.hits {
                writeln!(out, "{}", output::hit_json_line(hit, &fields))?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv_out::writer(&mut out);
            w.write_record(&fields)?;
            for hit in &result.hits {
                w.write_record(csv_out::hit_row(hit, &fields))?;
            }
            w.flush()?;
        }
        ListFormat::Text => {
            let style = Style::new(global.color);
            let line = if result.total == 0 {
                output::no_match_line(&query, result.suggestion.as_ref())
            } else {
                output::paging_line(
                    &query,
                    result.total,
                    args.offset,
                    result.hits.len(),
                    result.took_ms,
                )
            };
            writeln!(out, "{line}")?;
            let text_fields = args.fields.is_some().then_some(fields.as_slice());
            for (i, hit) in result.hits.iter().enumerate() {
                output::write_hit_text(&mut out, args.offset + i + 1, hit, style, text_fields)?;
                if text_fields.is_none() {
                    writeln!(out)?;
                }
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
