//! Catalogue metadata: what the UN's records say about a resolution beyond
//! its text — subjects, sponsors, agenda item, committee, the draft it came
//! from, and its vote. Carried by catalogue records (the UN's metadata
//! extract, voting records, MARCXML) and by texts that state it themselves
//! (the AKN4UN voting section), and joined onto every language version of a
//! symbol at ingest.

use serde::{Deserialize, Serialize};

use super::record::VoteRecord;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Human subject headings (UNBIS thesaurus labels and the Library's name
    /// authorities), as the source wrote them, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Sponsoring States (canonical names), or the sponsor line as written
    /// when it names no State ("submitted by the President of the General Assembly").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sponsors: Vec<String>,
    /// Agenda item as the UN numbers it: "91", "90 (b)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
    /// The draft the resolution was adopted from (A/C.1/79/L.1), canonical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<VoteRecord>,
    /// Adoption or publication date (YYYY-MM-DD) and link, for texts that
    /// lack their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The title a catalogue record gives the document. A text whose own
    /// title is only its number ("Resolution 282 (1970)") is also found by
    /// the record's ("… [on arms embargo against South Africa]").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Catalogue {
    pub fn is_empty(&self) -> bool {
        *self == Catalogue::default()
    }

    /// `self` updated by `newer`: every field `newer` has replaces this one's;
    /// fields it lacks are kept. Re-ingesting a record therefore updates
    /// what it states and leaves what other records stated.
    pub fn merged(&self, newer: &Catalogue) -> Catalogue {
        fn pick<T: Clone>(old: &Option<T>, new: &Option<T>) -> Option<T> {
            new.clone().or_else(|| old.clone())
        }
        fn list(old: &[String], new: &[String]) -> Vec<String> {
            if new.is_empty() {
                old.to_vec()
            } else {
                new.to_vec()
            }
        }
        Catalogue {
            subjects: list(&self.subjects, &newer.subjects),
            sponsors: list(&self.sponsors, &newer.sponsors),
            agenda: pick(&self.agenda, &newer.agenda),
            agenda_title: pick(&self.agenda_title, &newer.agenda_title),
            committee: pick(&self.committee, &newer.committee),
            draft: pick(&self.draft, &newer.draft),
            votes: pick(&self.votes, &newer.votes),
            date: pick(&self.date, &newer.date),
            url: pick(&self.url, &newer.url),
            title: pick(&self.title, &newer.title),
        }
    }

    /// Index terms of the agenda item: "90 (b)" gives "90b" and "90", so
    /// `agenda:90` finds the item and its sub-items.
    pub fn agenda_terms(&self) -> Vec<String> {
        self.agenda.as_deref().map(agenda_terms).unwrap_or_default()
    }
}

/// The key a subject label is indexed and looked up under: case and
/// spacing do not matter.
pub fn subject_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A label as shown: spacing tidied.
pub fn tidy_label(label: &str) -> String {
    crate::text::collapse_whitespace(label)
}

/// "Agenda item 90 (b)", "90 (b)", "90b" → ["90b", "90"]; "91" → ["91"].
pub fn agenda_terms(item: &str) -> Vec<String> {
    let k = agenda_key(item);
    if k.is_empty() {
        return Vec::new();
    }
    let number: String = k.chars().take_while(char::is_ascii_digit).collect();
    let mut out = vec![k.clone()];
    if !number.is_empty() && number != k {
        out.push(number);
    }
    out
}

/// The key of one agenda item: lower case, without "agenda item", spaces
/// and brackets ("Agenda item 90 (b)" → "90b").
pub fn agenda_key(item: &str) -> String {
    let lower = item.trim().to_lowercase();
    let rest = lower
        .strip_prefix("agenda item")
        .or_else(|| lower.strip_prefix("item"))
        .unwrap_or(&lower);
    rest.chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_items() {
        assert_eq!(agenda_terms("Agenda item 90 (b)"), vec!["90b", "90"]);
        assert_eq!(agenda_terms("91"), vec!["91"]);
        assert_eq!(agenda_key("90 (B)"), "90b");
        assert!(agenda_terms("  ").is_empty());
    }

    #[test]
    fn newer_fields_win_and_missing_ones_are_kept() {
        let old = Catalogue {
            subjects: vec!["A".into()],
            agenda: Some("91".into()),
            url: Some("u".into()),
            ..Default::default()
        };
        let new = Catalogue {
            subjects: vec!["B".into()],
            committee: Some("First Committee".into()),
            ..Default::default()
        };
        let m = old.merged(&new);
        assert_eq!(m.subjects, vec!["B"]);
        assert_eq!(m.agenda.as_deref(), Some("91"));
        assert_eq!(m.committee.as_deref(), Some("First Committee"));
        assert_eq!(m.merged(&new), m, "merging again changes nothing");
    }

    #[test]
    fn subject_keys_ignore_case_and_spacing() {
        assert_eq!(
            subject_key(" Nuclear   DISARMAMENT "),
            "nuclear disarmament"
        );
    }
}
