//! `undex facets FIELD [QUERY] [--prefix P]`: exact facet counts, with
//! drill-down under a prefix and counting within a query and its filters.
//! The object and its printers are in `output::facets`.

use std::io::Write;

use crate::cli::{FacetsArgs, GlobalArgs};
use crate::exit_codes::ExitCode;
use crate::output::facets::{self, facets_object, prefix_segments};
use crate::output::Style;
use crate::search::{FilterSpec, Filters};

pub fn run(global: &GlobalArgs, args: &FacetsArgs) -> anyhow::Result<ExitCode> {
    let kind = args.field;
    // Checked before the index is opened: a bad prefix is a usage error.
    prefix_segments(kind, args.prefix.as_deref())?;
    let filters = Filters::check(&FilterSpec::from(&args.filters))?;
    let query = args.query_text();
    let engine = super::open_query_engine(global)?;
    let object = facets_object(
        &engine,
        kind,
        query.as_deref(),
        args.prefix.as_deref(),
        &filters,
        args.sort,
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    facets::write(
        &mut out,
        &object,
        kind,
        args.format,
        Style::new(global.color),
    )?;
    out.flush()?;
    Ok(ExitCode::from_count(object.counts.len()))
}
