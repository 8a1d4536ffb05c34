//! A resolution's vote: outcome, tallies and the three state lists, and how
//! one State voted on it.

use serde::{Deserialize, Serialize};

use super::states;

/// How a resolution was adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Adopted by a recorded vote: tallies and state lists exist.
    Recorded,
    /// Adopted without a vote (by consensus): no tallies.
    WithoutVote,
}

impl Outcome {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Recorded => "recorded",
            Outcome::WithoutVote => "without-vote",
        }
    }

    /// How people read it.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Recorded => "adopted by a recorded vote",
            Outcome::WithoutVote => "adopted without a vote",
        }
    }

    /// Reads the names the UN's sources use: AKN4UN's `adoptedRecordedVote`
    /// and `adoptedWithoutVote`, the extract's "By a recorded vote" and
    /// "Without a vote", and this type's own names.
    pub fn from_name(name: &str) -> Option<Outcome> {
        let n: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        match n.as_str() {
            "adoptedrecordedvote" | "byarecordedvote" | "recordedvote" | "recorded" => {
                Some(Outcome::Recorded)
            }
            "adoptedwithoutvote" | "withoutavote" | "withoutvote" | "adoptedwithoutavote" => {
                Some(Outcome::WithoutVote)
            }
            _ => None,
        }
    }
}

/// The three published counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tallies {
    pub in_favour: u32,
    pub against: u32,
    pub abstaining: u32,
}

/// The States in each list, canonical names, in published order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateLists {
    pub in_favour: Vec<String>,
    pub against: Vec<String>,
    pub abstaining: Vec<String>,
}

/// How one State voted on one resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Yes,
    No,
    Abstain,
    /// A Member State in none of the three lists (not present, or not voting).
    Absent,
}

impl Vote {
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::No => "no",
            Vote::Abstain => "abstain",
            Vote::Absent => "absent",
        }
    }
}

/// One resolution's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRecord {
    /// Adoption date, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<String>,
    /// The meeting record of the adoption (A/79/PV.43).
    #[serde(default)]
    pub meeting: Option<String>,
    pub outcome: Outcome,
    /// The counts as published; `None` when adopted without a vote.
    #[serde(default)]
    pub tallies: Option<Tallies>,
    #[serde(default)]
    pub states: StateLists,
}

/// Which list a mismatch is in.
pub const LIST_NAMES: [&str; 3] = ["in favour", "against", "abstaining"];

impl VoteRecord {
    /// A vote from published lists and counts. Names are normalised to the
    /// canonical State names and a State written twice (in any spelling) is
    /// kept once. A missing count is the length of its list; a count that
    /// disagrees with its list is kept as published (see [`Self::mismatches`]).
    pub fn from_lists(
        outcome: Outcome,
        counts: [Option<u32>; 3],
        lists: [Vec<String>; 3],
    ) -> VoteRecord {
        let [yes, no, abstain] = lists.map(|l| dedup_normalised(&l));
        let tallies = (outcome == Outcome::Recorded).then(|| Tallies {
            in_favour: counts[0].unwrap_or(yes.len() as u32),
            against: counts[1].unwrap_or(no.len() as u32),
            abstaining: counts[2].unwrap_or(abstain.len() as u32),
        });
        VoteRecord {
            date: None,
            meeting: None,
            outcome,
            tallies,
            states: StateLists {
                in_favour: yes,
                against: no,
                abstaining: abstain,
            },
        }
    }

    /// The lists whose length differs from the published count, described
    /// ("in favour: the count is 176 but 175 States are listed").
    pub fn mismatches(&self) -> Vec<String> {
        let Some(t) = self.tallies else {
            return Vec::new();
        };
        let lists = [
            &self.states.in_favour,
            &self.states.against,
            &self.states.abstaining,
        ];
        let counts = [t.in_favour, t.against, t.abstaining];
        LIST_NAMES
            .iter()
            .zip(lists.iter().zip(counts))
            .filter(|(_, (list, count))| list.len() as u32 != *count)
            .map(|(name, (list, count))| {
                format!(
                    "{name}: the count is {count} but {} States are listed",
                    list.len()
                )
            })
            .collect()
    }

    /// How `state` (a canonical name) voted; `None` when there was no
    /// recorded vote.
    pub fn vote_of(&self, state: &str) -> Option<Vote> {
        if self.outcome != Outcome::Recorded {
            return None;
        }
        let has = |l: &Vec<String>| l.iter().any(|s| s == state);
        Some(if has(&self.states.in_favour) {
            Vote::Yes
        } else if has(&self.states.against) {
            Vote::No
        } else if has(&self.states.abstaining) {
            Vote::Abstain
        } else {
            Vote::Absent
        })
    }
}

/// Canonical names, each State once, in first-seen order.
fn dedup_normalised(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for name in list {
        if name.trim().is_empty() {
            continue;
        }
        let n = states::normalise(name);
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Share of resolutions on which two States cast the same vote, among those
/// where both voted (yes, no or abstain); `None` when there are none.
pub fn agreement(pairs: &[(Vote, Vote)]) -> Option<(usize, usize)> {
    let both: Vec<&(Vote, Vote)> = pairs
        .iter()
        .filter(|(a, b)| *a != Vote::Absent && *b != Vote::Absent)
        .collect();
    if both.is_empty() {
        return None;
    }
    Some((both.iter().filter(|(a, b)| a == b).count(), both.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn lists_are_normalised_and_deduplicated() {
        let v = VoteRecord::from_lists(
            Outcome::Recorded,
            [Some(3), None, None],
            [
                names(&[
                    "  france",
                    "FRANCE ",
                    "Türkİye",
                    "TÜRKÝYE",
                    "Iran (Islamic  Republic of)",
                ]),
                names(&["UNITED STATES"]),
                vec![],
            ],
        );
        assert_eq!(
            v.states.in_favour,
            names(&["FRANCE", "TÜRKIYE", "IRAN (ISLAMIC REPUBLIC OF)"])
        );
        assert_eq!(v.tallies.unwrap().against, 1);
        assert!(v.mismatches().is_empty());
        assert_eq!(v.vote_of("FRANCE"), Some(Vote::Yes));
        assert_eq!(v.vote_of("UNITED STATES"), Some(Vote::No));
        assert_eq!(v.vote_of("INDIA"), Some(Vote::Absent));
    }

    #[test]
    fn a_count_that_disagrees_is_kept_and_reported() {
        let v = VoteRecord::from_lists(
            Outcome::Recorded,
            [Some(5), Some(0), Some(0)],
            [names(&["FRANCE"]), vec![], vec![]],
        );
        assert_eq!(v.tallies.unwrap().in_favour, 5);
        assert_eq!(
            v.mismatches(),
            vec!["in favour: the count is 5 but 1 States are listed"]
        );
    }

    #[test]
    fn without_a_vote_has_no_tallies() {
        let v = VoteRecord::from_lists(Outcome::WithoutVote, [Some(0); 3], Default::default());
        assert_eq!(v.tallies, None);
        assert_eq!(v.vote_of("FRANCE"), None);
        assert!(v.mismatches().is_empty());
    }

    #[test]
    fn outcome_names() {
        assert_eq!(
            Outcome::from_name("adoptedRecordedVote"),
            Some(Outcome::Recorded)
        );
        assert_eq!(
            Outcome::from_name("By a recorded vote"),
            Some(Outcome::Recorded)
        );
        assert_eq!(
            Outcome::from_name("Without a vote"),
            Some(Outcome::WithoutVote)
        );
        assert_eq!(
            Outcome::from_name("adoptedWithoutVote"),
            Some(Outcome::WithoutVote)
        );
        assert_eq!(Outcome::from_name(""), None);
    }

    #[test]
    fn agreement_counts_votes_both_cast() {
        use Vote::*;
        assert_eq!(
            agreement(&[(Yes, Yes), (Yes, No), (Absent, Yes), (Abstain, Abstain)]),
            Some((2, 3))
        );
        assert_eq!(agreement(&[(Absent, Yes)]), None);
    }
}
