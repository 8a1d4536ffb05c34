//! Shorthand references: the ways analysts name a resolution in a query
//! ("UNSCR 1540", "GA res 46/36 L", "the 1540 Committee") read as document
//! symbols, with the naming words consumed rather than required.
//!
//! The forms read, with real examples (the reading is after the arrow):
//!
//! | form | example | reading |
//! |---|---|---|
//! | `UNSCR` / `SCR` N [(YYYY)] | `UNSCR 1540`, `SCR 2231` | S/RES/1540, S/RES/2231 |
//! | `UNSC` / `SC` / `Security Council` + `res` / `res.` / `resolution` N [(YYYY)] | `UNSC Res. 1540`, `SC res 687`, `Security Council resolution 2118 (2013)` | S/RES/1540, S/RES/687, S/RES/2118 (2013) |
//! | `GA` / `UNGA` / `General Assembly` + `res` / `res.` / `resolution` S/N [part] | `GA res 46/36 L`, `UNGA resolution 59/181`, `General Assembly resolution 62/107` | A/RES/46/36 L, A/RES/59/181, A/RES/62/107 |
//! | the same, N (roman session) [part] | `GA res 3311 (XXIX)` | A/RES/3311(XXIX) |
//! | `res.` / `resolution` S/N | `res. 65/69`, `resolution 64/19` | A/RES/65/69, A/RES/64/19 |
//! | `resolution` N (YYYY) | `resolution 2220 (2015)` | S/RES/2220 (2015) |
//! | `resolution` N (roman session) | `resolution 992 (X)` | A/RES/992(X) |
//! | `resolution` ES-N/N, S-N/N | `resolution ES-10/21` | A/RES/ES-10/21 |
//! | `resolution` N, bare | `resolution 1978` | S/RES/1978, then the General Assembly's 1978th (session looked up) |
//! | an explicit symbol in any case, spaced | `a/res/40/191`, `S/Res/2220 (2015)`, `A/RES/67/234 B` | A/RES/40/191, S/RES/2220 (2015), A/RES/67/234 B |
//! | [the] N Committee | `the 1540 Committee`, `1267 Committee` | S/RES/1540, S/RES/1267 |
//!
//! Ambiguity is resolved by the words around the number: "council" (UNSCR,
//! SC, Security Council) reads S/RES; "GA", "UNGA", "Assembly" read A/RES;
//! a four-digit year in brackets reads S/RES and a roman session A/RES.
//! Where the words and the number disagree ("SC res 46/36", "GA res 1540
//! (2004)") nothing is read and the words stay words. A bare
//! "resolution 1978" can be either body, since the General Assembly
//! numbered its resolutions 1–3541 with a roman session until 1975: both
//! readings are kept, the Security Council's first; the Assembly's session
//! is not written, so that reading carries only the number
//! ([`Reading::AssemblyNumber`]) for the caller to look up in the index.
//! `res` without a dot reads only a session/number or a bracketed
//! qualifier, never a bare number; a made-up prefix before it ("XYZ res
//! 12", "HRC res 47/17") is left alone (the citation scanner reads the
//! bodies it knows).
//!
//! Reading is a few anchored regexes over a query of at most a few thousand
//! characters, in linear time; nothing here panics on any input.

use std::sync::LazyLock;

use regex::Regex;

use super::Symbol;

/// Highest General Assembly resolution number of the roman-session era
/// (3541, at the 30th session in 1975); a bare number above it can only be
/// a Security Council resolution.
pub const LAST_ROMAN_ERA_GA_NUMBER: u32 = 3541;

/// One reference found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Byte range in the query, naming words included.
    pub start: usize,
    pub end: usize,
    /// Readings, most likely first (never empty).
    pub readings: Vec<Reading>,
}

impl Reference {
    /// The reference as the user wrote it.
    pub fn written<'a>(&self, query: &'a str) -> &'a str {
        &query[self.start..self.end]
    }
}

/// What a reference may mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Symbol(Symbol),
    /// A General Assembly resolution by number alone (before 1976 the
    /// Assembly numbered across sessions), session unknown.
    AssemblyNumber(u32),
}

/// Who the naming words say adopted the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    Council,
    Assembly,
    /// "resolution", "res.": the number decides.
    Plain {
        dotted_or_word: bool,
    },
}

static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:",
        r"(?P<scr>unscr|scr)[ \t]*",
        r"|(?P<sc>unsc|sc|security\s+council)(?:'s)?\s+(?:res(?-u:\b)\.?|resolution(?-u:\b))[ \t]*",
        r"|(?P<ga>unga|ga|general\s+assembly)(?:'s)?\s+(?:res(?-u:\b)\.?|resolution(?-u:\b))[ \t]*",
        r"|(?P<plain>res(?-u:\b)\.?|resolution(?-u:\b))[ \t]*",
        r"|(?P<committee>(?:the\s+)?)(?P<cnum>[1-9][0-9]{2,3})\s+committee(?-u:\b)",
        r")(?:no\.?[ \t]*)?"
    ))
    .expect("lead regex")
});

/// The number after the naming words, anchored.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?P<sess>(?i:e?s)-[0-9]{1,2}|[0-9]{1,3})[ \t]*/[ \t]*(?P<num>[0-9]{1,4})(?P<apart>[A-Z](?:-[A-Z])?)?",
        r"|(?P<n>[0-9]{1,4})(?:[ \t]*(?P<ppart>[A-Z])(?-u:\b))?(?:[ \t]*\([ \t]*(?P<paren>[0-9]{4}|(?i:(?:e?s-)?[ivxlc]{1,7}|e?s-[0-9]{1,2}))[ \t]*\))?)"
    ))
    .expect("item regex")
});

/// A part letter written after a space ("46/36 L", "67/234 b").
static SPACED_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]+([A-Za-z](?:-[A-Za-z])?)(?-u:\b)").expect("part regex"));

/// An explicit General Assembly or Security Council resolution symbol in
/// any case and spacing, with what may trail it.
static EXPLICIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?P<sym>[as][ \t]*/[ \t]*res[ \t]*/[ \t]*(?:(?:e?s-)?[0-9]{1,2}[ \t]*/[ \t]*)?[0-9]{1,4}[a-z]?(?:-[a-z])?)",
        r"(?P<paren>[ \t]*\([ \t]*(?:[0-9]{4}|(?:e?s-)?[ivxlc]{1,7})[ \t]*\))?"
    ))
    .expect("explicit regex")
});

/// Every reference in `query`, in order, not overlapping.
pub fn read(query: &str) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    let mut pos = 0;
    while pos < query.len() {
        let Some(caps) = LEAD.captures_at(query, pos) else {
            break;
        };
        let whole = caps.get(0).expect("group 0");
        pos = next_char(query, whole.start());
        if let Some(n) = caps.name("cnum") {
            let Ok(number) = n.as_str().parse::<u32>() else {
                continue;
            };
            if let Some(sym) = symbol(&format!("S/RES/{number}")) {
                found.push(Reference {
                    start: whole.start(),
                    end: whole.end(),
                    readings: vec![Reading::Symbol(sym)],
                });
                pos = whole.end();
            }
            continue;
        }
        let lead = if caps.name("scr").is_some() || caps.name("sc").is_some() {
            Lead::Council
        } else if caps.name("ga").is_some() {
            Lead::Assembly
        } else {
            let word = caps.name("plain").expect("last alternative").as_str();
            if unknown_body_before(query, whole.start()) {
                continue;
            }
            Lead::Plain {
                dotted_or_word: word.ends_with('.') || word.len() > 4,
            }
        };
        if let Some((end, readings)) = item(query, whole.end(), lead) {
            found.push(Reference {
                start: whole.start(),
                end,
                readings,
            });
            pos = end;
        }
    }
    explicit(query, &mut found);
    found.sort_by_key(|r| r.start);
    found
}

fn next_char(s: &str, at: usize) -> usize {
    s[at..]
        .chars()
        .next()
        .map_or(s.len(), |c| at + c.len_utf8())
}

/// True when the word before a plain "res"/"resolution" names another body
/// or an unknown one: an all-capitals word ("XYZ res 12", "HRC res 47/17")
/// or a council, commission, conference, board or committee.
fn unknown_body_before(query: &str, at: usize) -> bool {
    let before = query[..at].trim_end();
    let word: &str = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let word = word.trim_end_matches("'s");
    if word.is_empty() {
        return false;
    }
    // "UN resolution 2231" names no other body.
    let caps = word.len() >= 2 && word != "UN" && word.chars().all(|c| c.is_ascii_uppercase());
    caps || matches!(
        word.to_ascii_lowercase().as_str(),
        "council" | "commission" | "conference" | "board" | "committee"
    )
}

fn symbol(s: &str) -> Option<Symbol> {
    Symbol::parse(s).ok()
}

/// Reads the number after the naming words at `at`; returns where the
/// reference ends and its readings, or `None` when the number and the
/// words disagree or there is no number.
fn item(query: &str, at: usize, lead: Lead) -> Option<(usize, Vec<Reading>)> {
    let rest = &query[at..];
    let caps = ITEM.captures(rest)?;
    let mut len = caps.get(0)?.end();
    let ok_after = |len: usize| {
        rest[len..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '/'))
    };
    let readings = if let (Some(sess), Some(num)) = (caps.name("sess"), caps.name("num")) {
        if lead == Lead::Council {
            return None;
        }
        let mut part = caps.name("apart").map(|m| m.as_str().to_string());
        if part.is_none() {
            if let Some((plen, p)) = spaced_part(&rest[len..]) {
                part = Some(p);
                len += plen;
            }
        }
        if !ok_after(len) || num.as_str().starts_with('0') {
            return None;
        }
        let part = part.map_or(String::new(), |p| format!(" {p}"));
        let sess = sess.as_str().to_ascii_uppercase();
        vec![Reading::Symbol(symbol(&format!(
            "A/RES/{sess}/{}{part}",
            num.as_str()
        ))?)]
    } else {
        let n = caps.name("n")?.as_str();
        if n.starts_with('0') || !ok_after(len) {
            return None;
        }
        let number: u32 = n.parse().ok()?;
        let part = caps
            .name("ppart")
            .map_or(String::new(), |p| format!(" {}", p.as_str()));
        match caps.name("paren").map(|m| m.as_str()) {
            Some(year) if year.bytes().all(|b| b.is_ascii_digit()) => {
                let y: u32 = year.parse().ok()?;
                if lead == Lead::Assembly || !(1946..=2100).contains(&y) {
                    return None;
                }
                vec![Reading::Symbol(symbol(&format!("S/RES/{n}{part} ({y})"))?)]
            }
            Some(session) => {
                if lead == Lead::Council {
                    return None;
                }
                let session = session.to_ascii_uppercase();
                vec![Reading::Symbol(symbol(&format!(
                    "A/RES/{n}{part}({session})"
                ))?)]
            }
            None => {
                if !part.is_empty() {
                    // "resolution 12 A" without a session: too vague.
                    len = caps.name("n")?.end();
                }
                match lead {
                    Lead::Council => vec![Reading::Symbol(symbol(&format!("S/RES/{n}"))?)],
                    Lead::Assembly if number <= LAST_ROMAN_ERA_GA_NUMBER => {
                        vec![Reading::AssemblyNumber(number)]
                    }
                    Lead::Assembly => return None,
                    Lead::Plain {
                        dotted_or_word: false,
                    } => return None,
                    Lead::Plain { .. } => {
                        let mut v = vec![Reading::Symbol(symbol(&format!("S/RES/{n}"))?)];
                        if number <= LAST_ROMAN_ERA_GA_NUMBER {
                            v.push(Reading::AssemblyNumber(number));
                        }
                        v
                    }
                }
            }
        }
    };
    Some((at + len, readings))
}

/// A part letter after a space, unless it is the article or pronoun that
/// starts the next words ("65/69 A new ...", "73/69 a b").
fn spaced_part(after: &str) -> Option<(usize, String)> {
    let caps = SPACED_PART.captures(after)?;
    let m = caps.get(1)?;
    let tail = &after[m.end()..];
    // "A/RES/1540 A/RES/...": the letter starts something else.
    if tail.starts_with(['/', '.', '-', '(', '[']) {
        return None;
    }
    let letter = m.as_str();
    let upper = letter.chars().all(|c| !c.is_ascii_lowercase());
    // A lower-case letter is a part only at the end of the query.
    if !upper && !tail.trim().is_empty() {
        return None;
    }
    let article = matches!(letter, "A" | "I" | "a" | "i");
    if article && tail.starts_with(' ') && tail[1..].starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    Some((m.end(), letter.to_ascii_uppercase()))
}

/// Explicit `A/RES/...` and `S/RES/...` symbols written with spaces, in
/// lower case or with a spaced part, outside the references already found.
fn explicit(query: &str, found: &mut Vec<Reference>) {
    let mut taken: Vec<(usize, usize)> = found.iter().map(|r| (r.start, r.end)).collect();
    for caps in EXPLICIT.captures_iter(query) {
        let whole = caps.get(0).expect("group 0");
        let (start, mut end) = (whole.start(), whole.end());
        if taken.iter().any(|&(s, e)| start < e && s < end)
            || (start > 0 && matches!(query.as_bytes()[start - 1], b'/' | b'.' | b'-' | b'_'))
        {
            continue;
        }
        let after = &query[end..];
        if after
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
        {
            continue;
        }
        let mut text = format!(
            "{}{}",
            &caps["sym"],
            caps.name("paren").map_or("", |m| m.as_str())
        );
        if caps.name("paren").is_none() {
            if let Some((plen, p)) = spaced_part(after) {
                if Symbol::parse(&format!("{text} {p}")).is_ok() {
                    text = format!("{text} {p}");
                    end += plen;
                }
            }
        }
        if let Ok(sym) = Symbol::parse(&text) {
            taken.push((start, end));
            found.push(Reference {
                start,
                end,
                readings: vec![Reading::Symbol(sym)],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(q: &str) -> Vec<(String, Vec<String>)> {
        read(q)
            .into_iter()
            .map(|r| {
                (
                    r.written(q).to_string(),
                    r.readings
                        .iter()
                        .map(|x| match x {
                            Reading::Symbol(s) => s.to_string(),
                            Reading::AssemblyNumber(n) => format!("GA#{n}"),
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_forms_of_the_table() {
        #[rustfmt::skip]
        let table: &[(&str, &str, &[&str])] = &[
            ("UNSCR 1540", "UNSCR 1540", &["S/RES/1540"]),
            ("SCR 2231", "SCR 2231", &["S/RES/2231"]),
            ("unscr1540", "unscr1540", &["S/RES/1540"]),
            ("UNSC Res. 1540 implementation", "UNSC Res. 1540", &["S/RES/1540"]),
            ("UNSC resolution 1540", "UNSC resolution 1540", &["S/RES/1540"]),
            ("SC res 687", "SC res 687", &["S/RES/687"]),
            ("Security Council resolution 2118 (2013)", "Security Council resolution 2118 (2013)", &["S/RES/2118 (2013)"]),
            ("GA res 46/36 L", "GA res 46/36 L", &["A/RES/46/36 L"]),
            ("GA res 46/36L arms", "GA res 46/36L", &["A/RES/46/36 L"]),
            ("UNGA resolution 59/181", "UNGA resolution 59/181", &["A/RES/59/181"]),
            ("General Assembly resolution 62/107", "General Assembly resolution 62/107", &["A/RES/62/107"]),
            ("GA resolution 64/19", "GA resolution 64/19", &["A/RES/64/19"]),
            ("GA res 3311 (XXIX)", "GA res 3311 (XXIX)", &["A/RES/3311(XXIX)"]),
            ("res. 65/69", "res. 65/69", &["A/RES/65/69"]),
            ("res 65/69", "res 65/69", &["A/RES/65/69"]),
            ("resolution 2373 (XXII)", "resolution 2373 (XXII)", &["A/RES/2373(XXII)"]),
            ("resolution 992 (X)", "resolution 992 (X)", &["A/RES/992(X)"]),
            ("resolution 2220 (2015)", "resolution 2220 (2015)", &["S/RES/2220 (2015)"]),
            ("resolution ES-10/21", "resolution ES-10/21", &["A/RES/ES-10/21"]),
            ("resolution 1978", "resolution 1978", &["S/RES/1978", "GA#1978"]),
            ("resolution 3600", "resolution 3600", &["S/RES/3600"]),
            ("A/Res/40/191", "A/Res/40/191", &["A/RES/40/191"]),
            ("s/res/2220 (2015) arms", "s/res/2220 (2015)", &["S/RES/2220 (2015)"]),
            ("a/res/67/234 b", "a/res/67/234 b", &["A/RES/67/234 B"]),
            ("the 1540 Committee", "the 1540 Committee", &["S/RES/1540"]),
            ("1267 committee sanctions", "1267 committee", &["S/RES/1267"]),
        ];
        for &(query, written, want) in table {
            let got = readings(query);
            assert_eq!(got.len(), 1, "{query:?}: {got:?}");
            assert_eq!(got[0].0, written, "{query:?}");
            assert_eq!(got[0].1, want, "{query:?}");
        }
    }

    #[test]
    fn words_that_are_not_references() {
        for query in [
            "XYZ res 12",
            "HRC res 47/17",
            "res 12",
            "SC res 46/36",
            "GA res 1540 (2004)",
            "resolution 73/69th",
            "resolution of the conflict",
            "resolutions",
            "UNSCR",
            "small arms",
            "73/69",
            "scr 0",
        ] {
            assert_eq!(readings(query), Vec::new(), "{query:?}");
        }
    }

    #[test]
    fn references_never_overlap() {
        // Found by fuzzing: a part letter that starts the next symbol.
        let q = "A/RES/ 1540  A/RES/ 1540  UNSCR ";
        let got = read(q);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].end <= got[1].start, "{got:?}");
    }

    #[test]
    fn several_references_in_one_query() {
        let got = readings("UNSCR 1540 and GA res 73/69 a/res/40/191");
        let symbols: Vec<&str> = got.iter().map(|(_, r)| r[0].as_str()).collect();
        assert_eq!(symbols, ["S/RES/1540", "A/RES/73/69", "A/RES/40/191"]);
    }
}
