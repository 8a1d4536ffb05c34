//! `undex serve [--addr ADDR]`: opens the index (building the demo index
//! on first use, as `search` does) and hands it to the server.

use std::time::Duration;

use crate::cli::{GlobalArgs, ServeArgs};
use crate::exit_codes::ExitCode;
use crate::serve::{self, Config};

pub fn run(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let engine = super::open_query_engine(global)?;
    let thesaurus = engine.thesaurus().cloned();
    serve::run(
        engine.index,
        Config {
            addr: args.addr,
            max_concurrent: args
                .max_concurrent
                .map_or_else(serve::limits::default_max_concurrent, |n| n as usize),
            query_timeout: Duration::from_millis(args.query_timeout),
            quiet: global.quiet,
            thesaurus,
        },
    )?;
    Ok(ExitCode::Success)
}
