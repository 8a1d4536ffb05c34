//! `undex facets FIELD [QUERY] [--prefix P]`: exact facet counts, with
//! drill-down under a prefix and counting within a query and its filters.

use std::io::Write;

use serde::Serialize;

use crate::cli::{FacetField, FacetsArgs, Format, GlobalArgs};
use crate::exit_codes::ExitCode;
use crate::output::{self, csv_out, Style};
use crate::search::{FacetCount, FacetKind, FilterSpec, Filters};
use crate::symbol;

#[derive(Serialize)]
struct FacetsOutput<'a> {
    facet: &'a str,
    prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    counts: &'a [FacetCount],
}

pub fn run(global: &GlobalArgs, args: &FacetsArgs) -> anyhow::Result<ExitCode> {
    let kind = match args.field {
        FacetField::Topic => FacetKind::Topic,
        FacetField::Symbol => FacetKind::Symbol,
        FacetField::Type => FacetKind::Type,
        FacetField::Year => FacetKind::Year,
        FacetField::Lang => FacetKind::Lang,
    };
    let prefix = prefix_segments(kind, args.prefix.as_deref())?;
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let engine = super::open_engine(global)?;
    let counts = engine.facet_counts(args.query.as_deref(), &filters, kind, &prefix)?;
    let prefix_path = format!("/{}", prefix.join("/"));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(
                &mut out,
                &FacetsOutput {
                    facet: kind.name(),
                    prefix: prefix_path,
                    query: args.query.as_deref(),
                    counts: &counts,
                },
            )?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for c in &counts {
                serde_json::to_writer(&mut out, c)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let mut w = csv_out::writer(&mut out);
            w.write_record(["path", "count"])?;
            for c in &counts {
                w.write_record([c.path.clone(), c.count.to_string()])?;
            }
            w.flush()?;
        }
        Format::Text => {
            let style = Style::new(global.color);
            if counts.is_empty() {
                writeln!(out, "No {} values{}.", kind.name(), under(&prefix_path))?;
            } else {
                output::write_facet_bars(&mut out, &counts, style)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from_count(counts.len()))
}

fn under(prefix: &str) -> String {
    if prefix == "/" {
        String::new()
    } else {
        format!(" under {prefix}")
    }
}

/// The prefix as facet segments: symbol prefixes follow the symbol grammar
/// (`a/res` = `/A/RES`); topics and years are plain paths.
fn prefix_segments(kind: FacetKind, prefix: Option<&str>) -> anyhow::Result<Vec<String>> {
    let Some(p) = prefix.map(str::trim).filter(|p| !p.is_empty() && *p != "/") else {
        return Ok(Vec::new());
    };
    match kind {
        FacetKind::Symbol => {
            symbol::prefix_segments(p).map_err(|e| anyhow::anyhow!("--prefix {p:?}: {e}"))
        }
        FacetKind::Topic => {
            let path = crate::topic::Taxonomy::builtin()
                .resolve(p)
                .ok_or_else(|| {
                    anyhow::anyhow!("--prefix {p:?}: unknown topic (see `undex facets topic`)")
                })?;
            Ok(path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect())
        }
        FacetKind::Year => Ok(p
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()),
        FacetKind::Type | FacetKind::Lang => {
            anyhow::bail!(
                "--prefix: {} values have no levels to drill into",
                kind.name()
            )
        }
    }
}
