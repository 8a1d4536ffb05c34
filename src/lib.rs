//! undex: full-text search over UN disarmament documents.
//!
//! The crate is a library with a thin binary on top (`src/main.rs`): every
//! stage (symbol grammar, extraction, indexing, search, output) is a module
//! with one job and no knowledge of the command line; `commands/` wires them.

pub(crate) mod acronyms;
pub mod cli;
pub mod commands;
pub mod corpus;
pub mod country;
pub mod crawl;
pub mod document;
pub mod exit_codes;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod lang;
pub mod output;
pub mod search;
pub(crate) mod serve;
pub mod symbol;
pub(crate) mod text;
pub mod thesaurus;
pub(crate) mod threads;
pub(crate) mod topic;
pub mod votes;
