//! State names as people type them ("Syria", "North Korea", "Russia") and
//! as UN documents print them ("Syrian Arab Republic", "Democratic People's
//! Republic of Korea", "Russian Federation").
//!
//! The stemmer cannot join these ("Syria" is not a form of "Syrian"), so a
//! query for "chemical weapons Syria" missed the OPCW reports that name the
//! country only as the UN does. A State's other name in a query also
//! matches the UN's name as a phrase, like an acronym its full name. The
//! names are [`crate::votes::states`]' table, the one list of States.
//! Nothing is added when the UN's name already holds the words typed
//! ("Iran" is in "Islamic Republic of Iran"), and short capitalised aliases
//! ("US", "CAR", "UAE") count only when typed in capitals: "us" and "car"
//! are words.

use crate::votes::states;

/// Longest alias, in words, looked for ("Saint Vincent and the Grenadines").
pub(super) const MAX_ALIAS_WORDS: usize = 5;

/// The UN's name for the State `written` names, in reading order, when it
/// is another name and does not already contain the words written.
pub(super) fn un_name_for(written: &str) -> Option<String> {
    let canonical = states::lookup(written)?;
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 && written.chars().any(char::is_lowercase) {
        return None;
    }
    let reading = reading_order(canonical);
    let key_written = states::key(written);
    let key_reading = states::key(&reading);
    let contained = format!(" {key_reading} ").contains(&format!(" {key_written} "));
    (!contained && key_written != key_reading).then_some(reading)
}

/// "IRAN (ISLAMIC REPUBLIC OF)" → "Islamic Republic of Iran", "SYRIAN ARAB
/// REPUBLIC" → "Syrian Arab Republic": the voting lists' capitals in the
/// order and case texts write them.
fn reading_order(canonical: &str) -> String {
    let ordered = match canonical.split_once(" (") {
        Some((head, rest)) => match rest.strip_suffix(')') {
            Some(inner) => format!("{inner} {head}"),
            None => canonical.to_string(),
        },
        None => canonical.to_string(),
    };
    ordered
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "of" | "and" | "the") {
                return lower;
            }
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_names_get_the_un_name() {
        assert_eq!(
            un_name_for("Syria").as_deref(),
            Some("Syrian Arab Republic")
        );
        assert_eq!(
            un_name_for("North Korea").as_deref(),
            Some("Democratic People's Republic of Korea")
        );
        assert_eq!(un_name_for("russia").as_deref(), Some("Russian Federation"));
        assert_eq!(un_name_for("UAE").as_deref(), Some("United Arab Emirates"));
    }

    #[test]
    fn nothing_when_the_un_name_holds_the_words_or_a_word_is_meant() {
        assert_eq!(un_name_for("Iran"), None);
        assert_eq!(un_name_for("Syrian Arab Republic"), None);
        assert_eq!(un_name_for("Korea"), None);
        assert_eq!(un_name_for("us"), None);
        assert_eq!(un_name_for("car"), None);
        assert_eq!(un_name_for("disarmament"), None);
    }
}
