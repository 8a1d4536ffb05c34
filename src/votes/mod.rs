//! Votes, subjects and sponsors: the catalogue side of a resolution.
//!
//! `record` is the vote of one resolution (outcome, tallies, state lists)
//! and how a State voted; `states` the vocabulary of State names; `voting`
//! reads the AKN4UN `<voting>` section; `extract_fields` the vote fields of
//! the UN's metadata extract; `catalogue` the metadata a record joins onto
//! the texts of its symbol.

pub(crate) mod catalogue;
pub(crate) mod extract_fields;
pub(crate) mod record;
pub mod states;
pub(crate) mod voting;

pub use catalogue::Catalogue;
pub use record::{agreement, Outcome, StateLists, Tallies, Vote, VoteRecord};
pub use states::UnknownState;
pub use voting::{parse_voting, VotingError};
