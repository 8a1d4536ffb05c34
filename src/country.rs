//! The country vocabulary: ISO 3166 codes and names, for the speaker of a
//! General Debate statement and for `--country`.
//!
//! Codes and names come from the `rust_iso3166` crate (ISO 3166-1, and
//! ISO 3166-3 for states that no longer exist: Czechoslovakia `CSK`, the
//! German Democratic Republic `DDR`, Democratic Yemen `YMD`, Yugoslavia
//! `YUG`), not from a hand-typed table. The one entry ISO does not give a
//! three-letter code is the European Union, which speaks in the General
//! Debate as an observer under `EU`. A user may name a country by its code
//! or by any name `votes::states` knows ("Iran", "UK", "DPRK").

use crate::votes::states;

/// A country as undex shows it: its code and its English name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 (or ISO 3166-3's former alpha-3, or `EU`).
    pub code: String,
    pub name: String,
}

/// A `--country` value that names no country.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country {0:?} (give an ISO 3166 code such as ARM, or a name such as Armenia)")]
pub struct UnknownCountry(pub String);

/// The European Union's code in the General Debate corpus (ISO reserves
/// `EU` as an alpha-2 code and has no alpha-3 for it).
const EU: &str = "EU";

/// The country of a code, in any case: current codes first, then former.
pub fn from_code(code: &str) -> Option<Country> {
    let code = code.trim().to_ascii_uppercase();
    if code == EU {
        return Some(Country {
            code,
            name: "European Union".into(),
        });
    }
    if let Some(c) = rust_iso3166::from_alpha3(&code) {
        return Some(Country {
            code,
            name: c.name.to_string(),
        });
    }
    rust_iso3166::iso3166_3::ALL
        .iter()
        .find(|c| c.former.alpha3 == code)
        .map(|c| Country {
            code,
            name: former_name(c.former.name),
        })
}

/// ISO 3166-3 writes former names as "Yugoslavia, (Socialist) Federal
/// Republic of": the short form before the comma is the name people use,
/// unless that is a current country's name ("Yemen, Democratic, …" is not
/// Yemen), when the full name stays.
fn former_name(full: &str) -> String {
    let short = full.split(',').next().unwrap_or(full).trim();
    let current = rust_iso3166::ALL
        .iter()
        .any(|c| states::key(c.name) == states::key(short));
    if current || short.is_empty() {
        full.to_string()
    } else {
        short.to_string()
    }
}

/// The code of a country given by code or by name.
pub fn resolve(given: &str) -> Result<String, UnknownCountry> {
    let unknown = || UnknownCountry(given.trim().to_string());
    let t = given.trim();
    if t.is_empty() {
        return Err(unknown());
    }
    if (t.len() == 2 || t.len() == 3) && t.chars().all(|c| c.is_ascii_alphabetic()) {
        if let Some(c) = from_code(t) {
            return Ok(c.code);
        }
    }
    // A name: as written, or the UN's name for what the user wrote.
    let mut wanted = vec![states::key(t)];
    if let Some(un) = states::lookup(t) {
        wanted.push(states::key(un));
    }
    if states::key(t) == "european union" {
        return Ok(EU.to_string());
    }
    for c in rust_iso3166::ALL {
        if name_keys(c.name).iter().any(|k| wanted.contains(k)) {
            return Ok(c.alpha3.to_string());
        }
    }
    // The UN's short name ("United Kingdom") begins ISO's full one ("United
    // Kingdom of Great Britain and Northern Ireland"); exact names were
    // tried first, so "Congo" is not taken for the Democratic Republic.
    for c in rust_iso3166::ALL {
        let key = states::key(c.name);
        if wanted.iter().any(|w| key.starts_with(&format!("{w} "))) {
            return Ok(c.alpha3.to_string());
        }
    }
    for c in rust_iso3166::iso3166_3::ALL {
        let f = &c.former;
        let short = former_name(f.name);
        if [states::key(f.name), states::key(&short)]
            .iter()
            .any(|k| wanted.contains(k))
        {
            return Ok(f.alpha3.to_string());
        }
    }
    Err(unknown())
}

/// The keys a crate name is known by: as written ("Korea (Republic of)")
/// and in the UN's word order ("Republic of Korea").
fn name_keys(name: &str) -> Vec<String> {
    let mut keys = vec![states::key(name)];
    if let Some((head, rest)) = name.split_once(" (") {
        if let Some(inner) = rest.strip_suffix(')') {
            keys.push(states::key(&format!("{inner} {head}")));
        }
    }
    keys
}

/// 1 → "1st", 53 → "53rd", 112 → "112th".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_give_names() {
        for (code, name) in [
            ("ARM", "Armenia"),
            ("arm", "Armenia"),
            ("AGO", "Angola"),
            ("MDG", "Madagascar"),
            ("EU", "European Union"),
            ("YUG", "Yugoslavia"),
            ("CSK", "Czechoslovakia"),
            ("DDR", "German Democratic Republic"),
        ] {
            assert_eq!(
                from_code(code).map(|c| c.name).as_deref(),
                Some(name),
                "{code}"
            );
        }
        // Democratic Yemen is not Yemen.
        let ymd = from_code("YMD").unwrap().name;
        assert!(ymd.contains("Democratic"), "{ymd}");
        assert_eq!(from_code("XYZ"), None);
    }

    #[test]
    fn names_and_codes_resolve() {
        for (given, code) in [
            ("ARM", "ARM"),
            ("Armenia", "ARM"),
            ("armenia", "ARM"),
            ("Iran", "IRN"),
            ("UK", "GBR"),
            ("United States", "USA"),
            ("DPRK", "PRK"),
            ("Republic of Korea", "KOR"),
            ("Russia", "RUS"),
            ("Congo", "COG"),
            ("Türkiye", "TUR"),
            ("Yugoslavia", "YUG"),
            ("European Union", "EU"),
        ] {
            assert_eq!(resolve(given).as_deref(), Ok(code), "{given}");
        }
        assert!(resolve("Atlantis").is_err());
        assert!(resolve("").is_err());
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 53, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "53rd",
                "101st", "111th"
            ]
        );
    }
}
