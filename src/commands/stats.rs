//! `undex stats`: what the index holds and what it was built from. The
//! object and its text form are in `output::stats`.

use std::io::Write;

use crate::cli::{DocFormat, GlobalArgs, StatsArgs};
use crate::exit_codes::ExitCode;
use crate::output::stats::{build, write_text};

pub fn run(global: &GlobalArgs, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let engine = super::open_engine(global)?;
    let stats = build(&engine, &global.index)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        DocFormat::Json => {
            serde_json::to_writer(&mut out, &stats)?;
            writeln!(out)?;
        }
        DocFormat::Text => write_text(&mut out, &stats)?,
    }
    out.flush()?;
    Ok(ExitCode::from_count(stats.documents as usize))
}
