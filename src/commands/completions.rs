//! `undex completions SHELL` and `undex man`: shell completion scripts and
//! the man page, both generated from the clap definitions in `cli.rs`, so
//! they never fall behind the options.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit_codes::ExitCode;

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "undex", &mut out);
    out.flush()?;
    Ok(ExitCode::Success)
}

/// The man page of `undex` and, after it, a section per subcommand with
/// its description and options.
pub fn man() -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SH \"UNDEX {}\"", sub.get_name().to_uppercase())?;
        let man = clap_mangen::Man::new(sub.clone());
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::Success)
}
