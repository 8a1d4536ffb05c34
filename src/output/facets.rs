//! The `facets` result: counts of one facet under a prefix, within a query
//! and filters, built once for `undex facets` and `/api/facets/<field>`,
//! and printed in each `--format`.

use std::io::Write;

use serde::Serialize;

use super::{csv_out, ListFormat, Style};
use crate::search::{Engine, FacetCount, FacetKind, Filters};
use crate::symbol;

/// The order of facet values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FacetSort {
    /// Largest count first.
    Count,
    /// By value, numbers in numeric order (A/RES/73/27 before A/RES/73/266).
    Value,
}

/// `facets --format json`; `undex serve` answers `/api/facets/<field>`
/// with the same object, built by [`facets_object`].
#[derive(Serialize)]
pub struct FacetsOutput {
    pub facet: &'static str,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub counts: Vec<FacetCount>,
}

/// Counts of `kind` under `prefix`, within `query` and `filters`, in the
/// order `sort` asks (default: symbols and years by value, others by count).
pub fn facets_object(
    engine: &Engine,
    kind: FacetKind,
    query: Option<&str>,
    prefix: Option<&str>,
    filters: &Filters,
    sort: Option<FacetSort>,
) -> anyhow::Result<FacetsOutput> {
    let prefix = prefix_segments(kind, prefix)?;
    let mut counts = engine.facet_counts(query, filters, kind, &prefix)?;
    let sort = sort.unwrap_or(match kind {
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
    Ok(FacetsOutput {
        facet: kind.name(),
        prefix: format!("/{}", prefix.join("/")),
        query: query.map(str::to_string),
        counts,
    })
}

/// Prints `object` (counts of `kind`) in `format`.
pub fn write(
    out: &mut impl Write,
    object: &FacetsOutput,
    kind: FacetKind,
    format: ListFormat,
    style: Style,
) -> anyhow::Result<()> {
    let counts = &object.counts;
    match format {
        ListFormat::Json => {
            serde_json::to_writer(&mut *out, object)?;
            writeln!(out)?;
        }
        ListFormat::Jsonl => {
            for c in counts {
                serde_json::to_writer(&mut *out, c)?;
                writeln!(out)?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv_out::writer(&mut *out);
            w.write_record(["path", "count"])?;
            for c in counts {
                w.write_record([c.path.clone(), c.count.to_string()])?;
            }
            w.flush()?;
        }
        ListFormat::Text => {
            if counts.is_empty() {
                writeln!(out, "No {} values{}.", kind.name(), under(&object.prefix))?;
            } else if kind == FacetKind::Symbol {
                // Symbols as people write them (A/RES/73), not facet paths.
                let shown: Vec<FacetCount> = counts
                    .iter()
                    .map(|c| FacetCount {
                        path: symbol_label(&c.path),
                        count: c.count,
                    })
                    .collect();
                super::write_facet_bars(out, &shown, style)?;
            } else {
                super::write_facet_bars(out, counts, style)?;
            }
        }
    }
    Ok(())
}

fn under(prefix: &str) -> String {
    if prefix == "/" {
        String::new()
    } else {
        format!(" under {prefix}")
    }
}

/// Splits a plain path (`a/b/`) into its non-empty segments.
fn path_segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The prefix as facet segments: symbol prefixes follow the symbol grammar
/// (`a/res` = `/A/RES`); topics and years are plain paths.
pub fn prefix_segments(kind: FacetKind, prefix: Option<&str>) -> anyhow::Result<Vec<String>> {
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
            Ok(path_segments(&path))
        }
        FacetKind::Year => Ok(path_segments(p)),
        FacetKind::Type | FacetKind::Lang | FacetKind::Subject | FacetKind::Series => {
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
