//! The field's acronyms (NPT, CTBT, ATT, SALW, ...) and their full names,
//! from the data table `src/acronyms.toml` (embedded at build time; each
//! entry names its source). A query word that is an acronym also matches
//! its full names as phrases, and a full name in a query also matches the
//! acronym, because documents use either form: the Arms Trade Treaty's own
//! texts say "ATT", the General Assembly's resolutions spell it out.
//!
//! An acronym is recognised only as written in the table or in capitals
//! ("CTBT", "PoA", "POA"), never in lower case: "laws", "att" and "cd"
//! are ordinary words.

use std::sync::LazyLock;

use serde::Deserialize;

const TABLE: &str = include_str!("acronyms.toml");

/// One acronym and the full names it stands for.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Acronym {
    pub short: String,
    /// Full names, the usual one first.
    pub full: Vec<String>,
    /// Where the pairing is stated.
    pub source: String,
    /// Lower-cased, the acronym is a common word ("laws"): a full name in
    /// a query is then not widened to it, since the index cannot tell the
    /// two apart.
    #[serde(default)]
    pub word: bool,
}

#[derive(Deserialize)]
struct File {
    acronym: Vec<Acronym>,
}

static ACRONYMS: LazyLock<Vec<Acronym>> = LazyLock::new(|| {
    toml::from_str::<File>(TABLE)
        .expect("src/acronyms.toml is checked by the tests")
        .acronym
});

/// Every acronym in the table.
pub fn all() -> &'static [Acronym] {
    &ACRONYMS
}

/// The acronym `word` is, if any ("CTBT", "PoA", "POA"; not "ctbt").
pub fn lookup(word: &str) -> Option<&'static Acronym> {
    all()
        .iter()
        .find(|a| a.short == word || a.short.to_ascii_uppercase() == word)
}

/// A full name found in a query: the acronym and the byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullNameMatch {
    pub acronym: &'static Acronym,
    pub start: usize,
    pub end: usize,
}

/// Full names written in `text` (any case, spaces or hyphens between the
/// words), longest first where they overlap, in text order; only those
/// whose acronym can stand in for them (not a common [`Acronym::word`]).
pub fn full_names_in(text: &str) -> Vec<FullNameMatch> {
    let words = word_spans(text);
    let mut found: Vec<FullNameMatch> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut best: Option<(usize, &'static Acronym)> = None;
        for a in all().iter().filter(|a| !a.word) {
            for name in &a.full {
                let name_words = word_list(name);
                let n = name_words.len();
                if i + n <= words.len()
                    && n > best.map_or(0, |b| b.0)
                    && name_words
                        .iter()
                        .zip(&words[i..i + n])
                        .all(|(w, (s, e))| w.eq_ignore_ascii_case(&text[*s..*e]))
                {
                    best = Some((n, a));
                }
            }
        }
        match best {
            Some((n, a)) => {
                found.push(FullNameMatch {
                    acronym: a,
                    start: words[i].0,
                    end: words[i + n - 1].1,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    found
}

/// The words of a name, as the exact analyser splits them (letters and
/// digits; hyphens, commas and apostrophes separate).
fn word_list(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_every_entry_has_a_source() {
        assert!(all().len() >= 27);
        for a in all() {
            assert!(!a.full.is_empty(), "{}", a.short);
            assert!(a.source.starts_with("https://"), "{}", a.short);
        }
        for short in [
            "NPT", "CTBT", "TPNW", "ATT", "BWC", "BTWC", "CWC", "CCW", "APMBC", "CCM", "SALW",
            "PoA", "ITI", "UNROCA", "GGE", "OEWG", "IAEA", "OPCW", "CTBTO", "UNODA", "UNIDIR",
            "WMD", "LAWS", "DDR", "NWFZ", "PAROS", "FMCT", "DPRK",
        ] {
            assert!(lookup(short).is_some(), "{short} is missing");
        }
    }

    #[test]
    fn acronyms_only_in_capitals() {
        assert_eq!(lookup("CTBT").unwrap().short, "CTBT");
        assert_eq!(lookup("POA").unwrap().short, "PoA");
        assert!(lookup("laws").is_none());
        assert!(lookup("ctbt").is_none());
    }

    #[test]
    fn full_names_are_not_widened_to_common_words() {
        // "LAWS" lower-cased is "laws": every text about laws would match.
        assert!(full_names_in("lethal autonomous weapons systems").is_empty());
        assert!(full_names_in("Conference on Disarmament").is_empty());
        // The acronym itself, typed in capitals, still finds the full name.
        assert_eq!(
            lookup("LAWS").unwrap().full[0],
            "lethal autonomous weapons systems"
        );
    }

    #[test]
    fn full_names_are_found_in_any_case_and_spacing() {
        let q = "the arms trade treaty and comprehensive nuclear test ban treaty";
        let got: Vec<&str> = full_names_in(q)
            .iter()
            .map(|m| m.acronym.short.as_str())
            .collect();
        assert_eq!(got, ["ATT", "CTBT"]);
        // The longest name wins: the organisation, not the treaty.
        let q = "Comprehensive Nuclear-Test-Ban Treaty Organization";
        let m = &full_names_in(q)[0];
        assert_eq!((m.acronym.short.as_str(), m.end), ("CTBTO", q.len()));
    }
}
