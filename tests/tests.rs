//! Integration tests: the real `undex` binary on temporary indexes, over the
//! real UN data in `../shared` (see tests/util.rs). One test binary, split
//! into topic modules.

mod util;

mod analyst;
mod cli;
mod crawl;
mod json;
mod languages;
mod pdf;
mod ranking;
mod records;
mod references;
mod reliability;
mod search;
mod serve;
mod ux;
mod votes;
