//! The output formats each command supports, one enum per set, so that clap
//! refuses a format a command cannot print (`get --format csv`) and each
//! command's `--help` lists exactly what it prints.
//!
//! They live here, with the printers, rather than in `cli.rs`: the CLI
//! depends on the domain, never the reverse. `ValueEnum` is derived here so
//! the names clap accepts are the names these enums give.

use clap::ValueEnum;

/// Hit lists: `search`, `cites`, `facets`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// For people: wrapped to the terminal; matched words in colour, or
    /// marked ⟦like this⟧ without colour.
    #[default]
    Text,
    /// One JSON object for the whole answer.
    Json,
    /// One JSON object a line.
    Jsonl,
    /// A header row, then one row a line (RFC 4180).
    Csv,
}

/// One object: `get`, `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DocFormat {
    /// For people.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// `batch`: one line of output per line of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum BatchFormat {
    /// One JSON object per input line (the search object plus "line", "id").
    #[default]
    Jsonl,
    /// A header row, then one row per hit, with "line", "id" and "rank" first.
    Csv,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour, even into a pipe or with `NO_COLOR` set.
    Always,
    /// Never colour.
    Never,
}
