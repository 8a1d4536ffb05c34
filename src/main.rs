//! The `undex` binary: parse the command line, run the command, map the
//! outcome to an exit code. Everything else lives in the library.

use clap::Parser;

use undex::cli::{Cli, Command};
use undex::commands;
use undex::exit_codes::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; bad usage is exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Error.into()
            } else {
                ExitCode::Success.into()
            };
        }
    };
    let g = &cli.global;
    let result = match &cli.command {
        Command::Crawl(a) => commands::crawl::run(g, a),
        Command::Ingest(a) => commands::ingest::run(g, a),
        Command::Search(a) => commands::search::run(g, a),
        Command::Get(a) => commands::get::run(g, a),
        Command::Cites(a) => commands::cites::run(g, a),
        Command::Batch(a) => commands::batch::run(g, a),
        Command::Facets(a) => commands::facets::run(g, a),
        Command::Stats(a) => commands::stats::run(g, a),
        Command::Completions(a) => commands::completions::completions(a),
        Command::Man => commands::completions::man(),
        Command::Serve(a) => commands::serve::run(g, a),
        Command::Votes(a) => commands::votes::run(g, a),
        Command::ExtractPdf { path, worker } => {
            let code = match path {
                Some(path) if !worker => undex::extract::pdf_pool::run_once(path),
                _ => undex::extract::pdf_pool::run_worker(),
            };
            return std::process::ExitCode::from(code as u8);
        }
    };
    match result {
        Ok(code) => code.into(),
        Err(e) if undex::output::is_broken_pipe(&e) => ExitCode::Success.into(),
        Err(e) => {
            eprintln!("undex: {e:#}");
            ExitCode::Error.into()
        }
    }
}
