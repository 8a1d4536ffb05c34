//! The state-name vocabulary: the 193 UN Member States (and the two observer
//! States) under the names the UN prints in its voting lists, with the short
//! forms analysts type.
//!
//! Voting lists, sponsor lists and users all write the same State in many
//! ways ("IRAN (ISLAMIC REPUBLIC OF)", "Iran", "TÜRKİYE", "TÜRKÝYE",
//! "Türkiye", "Turkey"). Every name is compared through one [`key`] (accents
//! folded, case, spacing and apostrophes ignored), so one State is always one
//! canonical name and never two entries in a list.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// A name that is not a State undex knows, with the closest known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown state {name:?}{}", near_list(.near))]
pub struct UnknownState {
    pub name: String,
    pub near: Vec<String>,
}

fn near_list(near: &[String]) -> String {
    if near.is_empty() {
        " (give a UN Member State's name, e.g. \"Iran\", \"UK\", \"Russian Federation\")".into()
    } else {
        format!(" (did you mean {}?)", near.join(", "))
    }
}

/// Canonical name (as the UN's voting lists print it) and other names for it.
/// The canonical name itself needs no alias: it is matched through [`key`].
const STATES: &[(&str, &[&str])] = &[
    ("AFGHANISTAN", &[]),
    ("ALBANIA", &[]),
    ("ALGERIA", &[]),
    ("ANDORRA", &[]),
    ("ANGOLA", &[]),
    ("ANTIGUA AND BARBUDA", &["Antigua"]),
    ("ARGENTINA", &[]),
    ("ARMENIA", &[]),
    ("AUSTRALIA", &[]),
    ("AUSTRIA", &[]),
    ("AZERBAIJAN", &[]),
    ("BAHAMAS", &[]),
    ("BAHRAIN", &[]),
    ("BANGLADESH", &[]),
    ("BARBADOS", &[]),
    ("BELARUS", &[]),
    ("BELGIUM", &[]),
    ("BELIZE", &[]),
    ("BENIN", &[]),
    ("BHUTAN", &[]),
    ("BOLIVIA (PLURINATIONAL STATE OF)", &["Bolivia"]),
    ("BOSNIA AND HERZEGOVINA", &["Bosnia"]),
    ("BOTSWANA", &[]),
    ("BRAZIL", &[]),
    ("BRUNEI DARUSSALAM", &["Brunei"]),
    ("BULGARIA", &[]),
    ("BURKINA FASO", &[]),
    ("BURUNDI", &[]),
    ("CABO VERDE", &["Cape Verde"]),
    ("CAMBODIA", &[]),
    ("CAMEROON", &[]),
    ("CANADA", &[]),
    ("CENTRAL AFRICAN REPUBLIC", &["CAR"]),
    ("CHAD", &[]),
    ("CHILE", &[]),
    ("CHINA", &["People's Republic of China", "PRC"]),
    ("COLOMBIA", &[]),
    ("COMOROS", &[]),
    ("CONGO", &["Republic of the Congo", "Congo-Brazzaville"]),
    ("COSTA RICA", &[]),
    ("COTE D'IVOIRE", &["Ivory Coast"]),
    ("CROATIA", &[]),
    ("CUBA", &[]),
    ("CYPRUS", &[]),
    ("CZECHIA", &["Czech Republic"]),
    (
        "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
        &["DPRK", "North Korea", "Korea, North"],
    ),
    (
        "DEMOCRATIC REPUBLIC OF THE CONGO",
        &["DRC", "DR Congo", "Congo-Kinshasa"],
    ),
    ("DENMARK", &[]),
    ("DJIBOUTI", &[]),
    ("DOMINICA", &[]),
    ("DOMINICAN REPUBLIC", &[]),
    ("ECUADOR", &[]),
    ("EGYPT", &[]),
    ("EL SALVADOR", &[]),
    ("EQUATORIAL GUINEA", &[]),
    ("ERITREA", &[]),
    ("ESTONIA", &[]),
    ("ESWATINI", &["Swaziland"]),
    ("ETHIOPIA", &[]),
    ("FIJI", &[]),
    ("FINLAND", &[]),
    ("FRANCE", &[]),
    ("GABON", &[]),
    ("GAMBIA", &[]),
    ("GEORGIA", &[]),
    ("GERMANY", &[]),
    ("GHANA", &[]),
    ("GREECE", &[]),
    ("GRENADA", &[]),
    ("GUATEMALA", &[]),
    ("GUINEA", &[]),
    ("GUINEA-BISSAU", &[]),
    ("GUYANA", &[]),
    ("HAITI", &[]),
    ("HONDURAS", &[]),
    ("HUNGARY", &[]),
    ("ICELAND", &[]),
    ("INDIA", &[]),
    ("INDONESIA", &[]),
    ("IRAN (ISLAMIC REPUBLIC OF)", &["Iran"]),
    ("IRAQ", &[]),
    ("IRELAND", &[]),
    ("ISRAEL", &[]),
    ("ITALY", &[]),
    ("JAMAICA", &[]),
    ("JAPAN", &[]),
    ("JORDAN", &[]),
    ("KAZAKHSTAN", &[]),
    ("KENYA", &[]),
    ("KIRIBATI", &[]),
    ("KUWAIT", &[]),
    ("KYRGYZSTAN", &[]),
    ("LAO PEOPLE'S DEMOCRATIC REPUBLIC", &["Laos", "Lao PDR"]),
    ("LATVIA", &[]),
    ("LEBANON", &[]),
    ("LESOTHO", &[]),
    ("LIBERIA", &[]),
    ("LIBYA", &[]),
    ("LIECHTENSTEIN", &[]),
    ("LITHUANIA", &[]),
    ("LUXEMBOURG", &[]),
    ("MADAGASCAR", &[]),
    ("MALAWI", &[]),
    ("MALAYSIA", &[]),
    ("MALDIVES", &[]),
    ("MALI", &[]),
    ("MALTA", &[]),
    ("MARSHALL ISLANDS", &[]),
    ("MAURITANIA", &[]),
    ("MAURITIUS", &[]),
    ("MEXICO", &[]),
    ("MICRONESIA (FEDERATED STATES OF)", &["Micronesia"]),
    ("MONACO", &[]),
    ("MONGOLIA", &[]),
    ("MONTENEGRO", &[]),
    ("MOROCCO", &[]),
    ("MOZAMBIQUE", &[]),
    ("MYANMAR", &["Burma"]),
    ("NAMIBIA", &[]),
    ("NAURU", &[]),
    ("NEPAL", &[]),
    ("NETHERLANDS (KINGDOM OF THE)", &["Netherlands", "Holland"]),
    ("NEW ZEALAND", &[]),
    ("NICARAGUA", &[]),
    ("NIGER", &[]),
    ("NIGERIA", &[]),
    ("NORTH MACEDONIA", &["Macedonia"]),
    ("NORWAY", &[]),
    ("OMAN", &[]),
    ("PAKISTAN", &[]),
    ("PALAU", &[]),
    ("PANAMA", &[]),
    ("PAPUA NEW GUINEA", &["PNG"]),
    ("PARAGUAY", &[]),
    ("PERU", &[]),
    ("PHILIPPINES", &[]),
    ("POLAND", &[]),
    ("PORTUGAL", &[]),
    ("QATAR", &[]),
    (
        "REPUBLIC OF KOREA",
        &["Korea", "South Korea", "ROK", "Korea, South"],
    ),
    ("REPUBLIC OF MOLDOVA", &["Moldova"]),
    ("ROMANIA", &[]),
    ("RUSSIAN FEDERATION", &["Russia"]),
    ("RWANDA", &[]),
    (
        "SAINT KITTS AND NEVIS",
        &["Saint Kitts", "St Kitts and Nevis"],
    ),
    ("SAINT LUCIA", &["St Lucia"]),
    (
        "SAINT VINCENT AND THE GRENADINES",
        &["Saint Vincent", "St Vincent and the Grenadines"],
    ),
    ("SAMOA", &[]),
    ("SAN MARINO", &[]),
    ("SAO TOME AND PRINCIPE", &["Sao Tome"]),
    ("SAUDI ARABIA", &[]),
    ("SENEGAL", &[]),
    ("SERBIA", &[]),
    ("SEYCHELLES", &[]),
    ("SIERRA LEONE", &[]),
    ("SINGAPORE", &[]),
    ("SLOVAKIA", &[]),
    ("SLOVENIA", &[]),
    ("SOLOMON ISLANDS", &[]),
    ("SOMALIA", &[]),
    ("SOUTH AFRICA", &[]),
    ("SOUTH SUDAN", &[]),
    ("SPAIN", &[]),
    ("SRI LANKA", &[]),
    ("SUDAN", &[]),
    ("SURINAME", &[]),
    ("SWEDEN", &[]),
    ("SWITZERLAND", &[]),
    ("SYRIAN ARAB REPUBLIC", &["Syria"]),
    ("TAJIKISTAN", &[]),
    ("THAILAND", &[]),
    ("TIMOR-LESTE", &["East Timor"]),
    ("TOGO", &[]),
    ("TONGA", &[]),
    ("TRINIDAD AND TOBAGO", &["Trinidad"]),
    ("TUNISIA", &[]),
    // The UN's own lists spell it with a dotted, a plain and even a Turkmen
    // "Ý" capital I; all are this one State.
    ("TÜRKIYE", &["Turkey", "Türkİye", "TÜRKÝYE"]),
    ("TURKMENISTAN", &[]),
    ("TUVALU", &[]),
    ("UGANDA", &[]),
    ("UKRAINE", &[]),
    ("UNITED ARAB EMIRATES", &["UAE"]),
    (
        "UNITED KINGDOM",
        &[
            "UK",
            "Britain",
            "Great Britain",
            "United Kingdom of Great Britain and Northern Ireland",
        ],
    ),
    ("UNITED REPUBLIC OF TANZANIA", &["Tanzania"]),
    (
        "UNITED STATES",
        &["US", "USA", "United States of America", "America"],
    ),
    ("URUGUAY", &[]),
    ("UZBEKISTAN", &[]),
    ("VANUATU", &[]),
    ("VENEZUELA (BOLIVARIAN REPUBLIC OF)", &["Venezuela"]),
    ("VIET NAM", &["Vietnam"]),
    ("YEMEN", &[]),
    ("ZAMBIA", &[]),
    ("ZIMBABWE", &[]),
    // Observer States: they sponsor but do not vote.
    ("HOLY SEE", &["Vatican"]),
    ("STATE OF PALESTINE", &["Palestine"]),
];

/// The comparison key of a name: accents folded, lower case, one space
/// between words, one kind of apostrophe, no full stops, no leading "the".
pub fn key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            // The Turkish dotless i is an i.
            '\u{131}' => 'i',
            '.' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    let joined = words.join(" ");
    // "St Lucia" and "Saint Lucia" are one name.
    match joined.strip_prefix("st ") {
        Some(rest) => format!("saint {rest}"),
        None => joined,
    }
}

/// Key → canonical name, for canonical names and aliases.
fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = HashMap::new();
        for (canonical, aliases) in STATES {
            m.insert(key(canonical), *canonical);
            for a in *aliases {
                m.insert(key(a), *canonical);
            }
        }
        m
    })
}

/// Every canonical name, Member States first in the UN's order.
pub fn all() -> impl Iterator<Item = &'static str> {
    STATES.iter().map(|(c, _)| *c)
}

/// True for the UN's Member States (who vote); false for observers.
pub fn is_member(canonical: &str) -> bool {
    !matches!(canonical, "HOLY SEE" | "STATE OF PALESTINE")
}

/// The canonical name of a State written in any known form.
pub fn lookup(name: &str) -> Option<&'static str> {
    table().get(&key(name)).copied()
}

/// Like [`lookup`], but an unknown name is an error listing near matches.
pub fn resolve(name: &str) -> Result<&'static str, UnknownState> {
    lookup(name).ok_or_else(|| UnknownState {
        name: name.trim().to_string(),
        near: near_matches(name),
    })
}

/// Up to five known names close to `name` (by spelling, or containing it).
pub fn near_matches(name: &str) -> Vec<String> {
    let k = key(name);
    if k.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &'static str)> = Vec::new();
    for (alias_key, canonical) in table() {
        let mut score = strsim::jaro_winkler(&k, alias_key);
        if k.len() >= 3 && alias_key.contains(&k) {
            score = score.max(0.9);
        }
        if score >= 0.82 {
            scored.push((score, canonical));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

/// A name from a published list as it will be stored: the canonical name
/// when the State is known; otherwise the name itself in capitals with its
/// spacing tidied, so that odd spacing or case never makes two entries.
pub fn normalise(name: &str) -> String {
    match lookup(name) {
        Some(c) => c.to_string(),
        None => name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    }
}

/// The States named in a free-text list such as a sponsor line
/// ("Australia, Austria, Netherlands (Kingdom of the) and Türkiye"), in
/// order of first mention. Longer names win ("Republic of the Congo" is not
/// also "Congo"; "Niger" is not found inside "Nigeria").
pub fn find_in(text: &str) -> Vec<&'static str> {
    // Split on the list's own separators, then read each part whole; a part
    // that is not a name ("Nigeria (on behalf of the Group of African
    // States)") is tried without its bracketed tail.
    let mut out: Vec<&'static str> = Vec::new();
    let mut push = |c: &'static str| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    let text = text.replace(" and ", ", ").replace(';', ",");
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if let Some(c) = lookup(part) {
            push(c);
            continue;
        }
        // "Nigeria (on behalf of ...)": the name before the bracket.
        if let Some(c) = part.find(" (").and_then(|i| lookup(&part[..i])) {
            push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_and_spellings_resolve() {
        for (written, want) in [
            ("Iran", "IRAN (ISLAMIC REPUBLIC OF)"),
            ("iran (islamic republic of)", "IRAN (ISLAMIC REPUBLIC OF)"),
            ("UK", "UNITED KINGDOM"),
            ("us", "UNITED STATES"),
            ("USA", "UNITED STATES"),
            ("Russia", "RUSSIAN FEDERATION"),
            ("DPRK", "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"),
            ("North Korea", "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"),
            (
                "Democratic People\u{2019}s Republic of Korea",
                "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
            ),
            ("Korea", "REPUBLIC OF KOREA"),
            ("South Korea", "REPUBLIC OF KOREA"),
            ("Syria", "SYRIAN ARAB REPUBLIC"),
            ("Venezuela", "VENEZUELA (BOLIVARIAN REPUBLIC OF)"),
            ("Bolivia", "BOLIVIA (PLURINATIONAL STATE OF)"),
            ("Tanzania", "UNITED REPUBLIC OF TANZANIA"),
            ("Micronesia", "MICRONESIA (FEDERATED STATES OF)"),
            ("Moldova", "REPUBLIC OF MOLDOVA"),
            ("Laos", "LAO PEOPLE'S DEMOCRATIC REPUBLIC"),
            ("Vietnam", "VIET NAM"),
            ("Côte d'Ivoire", "COTE D'IVOIRE"),
            ("TÜRKİYE", "TÜRKIYE"),
            ("TÜRKÝYE", "TÜRKIYE"),
            ("Türkiye", "TÜRKIYE"),
            ("Turkey", "TÜRKIYE"),
            ("  the   Netherlands ", "NETHERLANDS (KINGDOM OF THE)"),
            ("St. Lucia", "SAINT LUCIA"),
        ] {
            assert_eq!(lookup(written), Some(want), "{written:?}");
        }
    }

    #[test]
    fn every_state_is_one_name() {
        let mut seen = std::collections::HashSet::new();
        for c in all() {
            assert!(seen.insert(key(c)), "{c} listed twice");
        }
        assert_eq!(all().filter(|c| is_member(c)).count(), 193);
    }

    #[test]
    fn unknown_names_list_near_matches() {
        let e = resolve("Irann").unwrap_err();
        assert!(
            e.near.contains(&"IRAN (ISLAMIC REPUBLIC OF)".to_string()),
            "{e}"
        );
        let e = resolve("Guinee").unwrap_err();
        assert!(e.near.iter().any(|n| n.starts_with("GUINEA")), "{e}");
        assert!(resolve("Atlantis").is_err());
        assert!(resolve("").is_err());
    }

    #[test]
    fn normalise_tidies_unknown_names() {
        assert_eq!(normalise("  united   kingdom "), "UNITED KINGDOM");
        assert_eq!(normalise("Some  new\tState"), "SOME NEW STATE");
    }

    #[test]
    fn sponsors_in_free_text() {
        let found = find_in(
            "Australia, Austria, Netherlands (Kingdom of the), Nigeria (on behalf of the Group of African States) and Türkiye",
        );
        assert_eq!(
            found,
            vec![
                "AUSTRALIA",
                "AUSTRIA",
                "NETHERLANDS (KINGDOM OF THE)",
                "NIGERIA",
                "TÜRKIYE"
            ]
        );
        assert_eq!(find_in("Niger"), vec!["NIGER"]);
        assert!(find_in("submitted by the President of the General Assembly").is_empty());
    }
}
