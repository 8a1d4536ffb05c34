//! `undex facets FIELD [QUERY] [--prefix P]`: exact facet counts, with
//! drill-down under a prefix and counting within a query and its filters.

use std::io::Write;

use serde::Serialize;

use crate::cli::{FacetField, FacetSort, FacetsArgs, GlobalArgs, ListFormat as Format};
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
        FacetField::Subject => FacetKind::Subject,
    };
    let prefix = prefix_segments(kind, args.prefix.as_deref())?;
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let query = args.query_text();
    let engine = super::open_engine(global)?;
    let mut counts = engine.facet_counts(query.as_deref(), &filters, kind, &prefix)?;
    let sort = args.sort.unwrap_or(match kind {
        FacetKind::Symbol | FacetKind::Year => FacetSort::Value,
        _ => FacetSort::Count,
    });
    match sort {
        FacetSort::Value => counts.sort_by(|a, b| natural_cmp(&a.path, &b.path)),
        FacetSort::Count => counts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| natural_cmp(&a.path, &b.path))
        }),
    }
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
                    query: query.as_deref(),
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
            } else if kind == FacetKind::Symbol {
                // Symbols as people write them (A/RES/73), not facet paths.
                let shown: Vec<FacetCount> = counts
                    .iter()
                    .map(|c| FacetCount {
                        path: symbol_label(&c.path),
                        count: c.count,
                    })
                    .collect();
                output::write_facet_bars(&mut out, &shown, style)?;
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
        FacetKind::Type | FacetKind::Lang | FacetKind::Subject => {
            anyhow::bail!(
                "--prefix: {} values have no levels to drill into",
                kind.name()
            )
        }
    }
}

/// A symbol facet path as a symbol prefix: `/A/RES/73` → `A/RES/73`.
fn symbol_label(path: &str) -> String {
    path.trim_start_matches('/').replace("\\/", "/")
}

/// Compares labels with runs of digits as numbers, so `A/RES/73/27` comes
/// before `A/RES/73/266` and `2` before `10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let ord = match (x, y) {
            ((true, x), (true, y)) => {
                let (xt, yt) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                xt.len().cmp(&yt.len()).then_with(|| xt.cmp(yt))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_as_numbers() {
        let mut v = vec!["/A/RES/73/266", "/A/RES/73/27", "/A/RES/73/3", "/A/RES/72"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            ["/A/RES/72", "/A/RES/73/3", "/A/RES/73/27", "/A/RES/73/266"]
        );
        assert_eq!(symbol_label("/A/RES/73"), "A/RES/73");
    }
}
