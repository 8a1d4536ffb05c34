//! Dates as UN documents write them.
//!
//! UN texts write dates in prose ("5 December 2018", "13 janvier 2025",
//! "13 de enero de 2025", "December 5, 2018"), catalogues write them as ISO
//! strings ("2018-12-05", "2018-12-05T00:00:00Z", "20181205"), and some data
//! sets only know the year. [`parse_date`] reads one such string whole;
//! [`find_date`] picks the document's own date out of running text, preferring
//! the date printed under "Distr." on a UN document's front page or a dateline,
//! because the first date in the text is often a cited one ("resolution 65/69
//! of 8 December 2010").
//!
//! Partial dates are widened to their first day: "2018-12" and "December 2018"
//! give 1 December 2018, a bare year "2018" gives 1 January 2018. Callers that
//! store such a date should know it is only as precise as the year or month.
//! Years outside 1900–2100 are rejected as implausible for a UN document (this
//! also keeps numbers such as "1234" in prose from becoming dates).

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

/// Earliest and latest year accepted. The League of Nations documents the
/// UN inherited start in 1920; anything outside this window is a misread.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2100;

/// How precise a parsed date is; only `Day` counts as a "full" date when
/// scanning running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Day,
    Month,
    Year,
}

/// Parses one date string as UN documents and catalogues write it.
///
/// Accepted forms (case-insensitive, surrounding spaces and a trailing
/// full stop or comma ignored, a leading weekday ignored):
/// `2018-12-05`, `2018/12/05`, `2018-12-05T00:00:00Z` (any time and zone: the
/// date is taken as written, not converted), `20181205`, `2018-12` (→ 1st of
/// the month), `2018` (→ 1 January), `5 December 2018`, `5th Dec. 2018`,
/// `December 5, 2018`, `December 2018` (→ 1st), `13 janvier 2025`,
/// `1er mars 2025`, `13 de enero de 2025`, `13 января 2025 г.`, `2025年1月13日`.
/// Impossible dates (`2018-02-30`, `31 April 2019`) and years outside
/// 1900–2100 give `None`.
pub fn parse_date(s: &str) -> Option<Date> {
    parse_with_precision(s).map(|(d, _)| d)
}

/// Finds the document's own date in running text: the first full date
/// (day, month and year) near a "Distr." line, else the first dateline
/// (a line holding only a date, optionally after a place or "Date:"), else
/// the first full date anywhere. Month-only and year-only mentions are never
/// taken from running text: "in 2018" is not a document date.
pub fn find_date(text: &str) -> Option<Date> {
    if let Some(d) = date_near_distr(text) {
        return Some(d);
    }
    if let Some(d) = dateline(text) {
        return Some(d);
    }
    first_full_date(text, 0, text.len())
}

/// The internal parser: also says how precise the string was, so that
/// datelines can insist on a full date.
fn parse_with_precision(s: &str) -> Option<(Date, Precision)> {
    let s = s.trim().trim_end_matches(['.', ',', ';']).trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    let s = WEEKDAY.find(s).map_or(s, |m| &s[m.end()..]);

    if let Some(c) = ISO_FULL.captures(s) {
        // "2018-12/05" mixes separators: not a date anyone writes.
        if c[2] != c[4] {
            return None;
        }
        return full(num(&c[1])?, num(&c[3])?, num(&c[5])?);
    }
    if let Some(c) = COMPACT.captures(s) {
        return full(num(&c[1])?, num(&c[2])?, num(&c[3])?);
    }
    if let Some(c) = ISO_MONTH.captures(s) {
        return month_only(num(&c[1])?, num(&c[2])?);
    }
    if let Some(c) = YEAR_ONLY.captures(s) {
        let y = num(&c[1])?;
        let d = make_date(y, 1, 1)?;
        return Some((d, Precision::Year));
    }
    if let Some(c) = DMY_WHOLE.captures(s) {
        return full(num(&c[3])?, month_number(&c[2])?, num(&c[1])?);
    }
    if let Some(c) = MDY_WHOLE.captures(s) {
        return full(num(&c[3])?, month_number(&c[1])?, num(&c[2])?);
    }
    if let Some(c) = MY_WHOLE.captures(s) {
        return month_only(num(&c[2])?, month_number(&c[1])?);
    }
    if let Some(c) = CJK_WHOLE.captures(s) {
        return full(num(&c[1])?, num(&c[2])?, num(&c[3])?);
    }
    None
}

fn num(s: &str) -> Option<i32> {
    s.parse().ok()
}

fn full(y: i32, m: i32, d: i32) -> Option<(Date, Precision)> {
    make_date(y, m, d).map(|date| (date, Precision::Day))
}

fn month_only(y: i32, m: i32) -> Option<(Date, Precision)> {
    make_date(y, m, 1).map(|date| (date, Precision::Month))
}

/// Builds a date, rejecting impossible ones and implausible years.
fn make_date(y: i32, m: i32, d: i32) -> Option<Date> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

/// Month names in the languages UN documents in this corpus use (English,
/// French, Spanish, Russian genitive and nominative) plus common English
/// abbreviations, each with its month and the language that writes it so
/// (none for an abbreviation). Accents are optional because OCR and
/// ASCII-only sources drop them. The one table every date reader uses.
#[rustfmt::skip]
const MONTH_NAMES: &[(&str, i32, Option<&str>)] = &[
    ("january", 1, Some("en")), ("jan", 1, None), ("janvier", 1, Some("fr")), ("enero", 1, Some("es")), ("января", 1, Some("ru")), ("январь", 1, Some("ru")),
    ("february", 2, Some("en")), ("feb", 2, None), ("février", 2, Some("fr")), ("fevrier", 2, Some("fr")), ("febrero", 2, Some("es")), ("февраля", 2, Some("ru")), ("февраль", 2, Some("ru")),
    ("march", 3, Some("en")), ("mar", 3, None), ("mars", 3, Some("fr")), ("marzo", 3, Some("es")), ("марта", 3, Some("ru")), ("март", 3, Some("ru")),
    ("april", 4, Some("en")), ("apr", 4, None), ("avril", 4, Some("fr")), ("abril", 4, Some("es")), ("апреля", 4, Some("ru")), ("апрель", 4, Some("ru")),
    ("may", 5, Some("en")), ("mai", 5, Some("fr")), ("mayo", 5, Some("es")), ("мая", 5, Some("ru")), ("май", 5, Some("ru")),
    ("june", 6, Some("en")), ("jun", 6, None), ("juin", 6, Some("fr")), ("junio", 6, Some("es")), ("июня", 6, Some("ru")), ("июнь", 6, Some("ru")),
    ("july", 7, Some("en")), ("jul", 7, None), ("juillet", 7, Some("fr")), ("julio", 7, Some("es")), ("июля", 7, Some("ru")), ("июль", 7, Some("ru")),
    ("august", 8, Some("en")), ("aug", 8, None), ("août", 8, Some("fr")), ("aout", 8, Some("fr")), ("agosto", 8, Some("es")), ("августа", 8, Some("ru")), ("август", 8, Some("ru")),
    ("september", 9, Some("en")), ("sep", 9, None), ("sept", 9, None), ("septembre", 9, Some("fr")), ("septiembre", 9, Some("es")), ("setiembre", 9, Some("es")), ("сентября", 9, Some("ru")), ("сентябрь", 9, Some("ru")),
    ("october", 10, Some("en")), ("oct", 10, None), ("octobre", 10, Some("fr")), ("octubre", 10, Some("es")), ("октября", 10, Some("ru")), ("октябрь", 10, Some("ru")),
    ("november", 11, Some("en")), ("nov", 11, None), ("novembre", 11, Some("fr")), ("noviembre", 11, Some("es")), ("ноября", 11, Some("ru")), ("ноябрь", 11, Some("ru")),
    ("december", 12, Some("en")), ("dec", 12, None), ("décembre", 12, Some("fr")), ("decembre", 12, Some("fr")), ("diciembre", 12, Some("es")), ("декабря", 12, Some("ru")), ("декабрь", 12, Some("ru")),
];

/// The entry of a month name, in any case, with or without a final '.'.
fn month_entry(word: &str) -> Option<&'static (&'static str, i32, Option<&'static str>)> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTH_NAMES.iter().find(|(name, _, _)| *name == w)
}

/// The month (1–12) a month name stands for.
pub(crate) fn month_number(word: &str) -> Option<i32> {
    month_entry(word).map(|&(_, m, _)| m)
}

/// The language a month name is written in, when only one language writes
/// it so ("mai" is French, "may" English, "sept" any).
pub(crate) fn month_language(word: &str) -> Option<&'static str> {
    month_entry(word).and_then(|&(_, _, lang)| lang)
}

// Anchored patterns for `parse_date`. Written with `(?i)` so "DECEMBER" and
// "décembre" both match; the month word itself is checked by `month_number`.
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)\b,?\s*",
    )
    .unwrap()
});
static ISO_FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$",
    )
    .unwrap()
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").unwrap());
static ISO_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/](\d{1,2})$").unwrap());
static YEAR_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})$").unwrap());
static DMY_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+)?(\p{{L}}+)\.?,?\s+(?:de\s+|del\s+)?(\d{{4}}){RU_YEAR}$"
    ))
    .unwrap()
});
static MDY_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$").unwrap()
});
static MY_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(\p{{L}}+)\.?,?\s+(?:de\s+|del\s+)?(\d{{4}}){RU_YEAR}$"
    ))
    .unwrap()
});
static CJK_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$").unwrap());
/// Russian writes "13 января 2025 г." or "года" after the year.
const RU_YEAR: &str = r"(?:\s*(?:г\.?|года))?";

// Unanchored patterns for scanning running text. `\b` is Unicode-aware in
// the regex crate, so "2015" never yields a day "15".
static DMY_SCAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b",
    )
    .unwrap()
});
static MDY_SCAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap()
});
static ISO_SCAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static CJK_SCAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap());

/// Which capture group holds year, month, day, and whether the month is a
/// word, for each scanning pattern.
struct ScanPattern {
    re: &'static LazyLock<Regex>,
    year: usize,
    month: usize,
    day: usize,
    month_is_word: bool,
}

static SCANS: [ScanPattern; 4] = [
    ScanPattern {
        re: &DMY_SCAN,
        year: 3,
        month: 2,
        day: 1,
        month_is_word: true,
    },
    ScanPattern {
        re: &MDY_SCAN,
        year: 3,
        month: 1,
        day: 2,
        month_is_word: true,
    },
    ScanPattern {
        re: &ISO_SCAN,
        year: 1,
        month: 2,
        day: 3,
        month_is_word: false,
    },
    ScanPattern {
        re: &CJK_SCAN,
        year: 1,
        month: 2,
        day: 3,
        month_is_word: false,
    },
];

/// The first valid full date starting in `text[from..to]` (byte offsets on
/// char boundaries). A match that is not a date ("10 countries 2018") does not
/// hide a real date overlapping it: the search restarts one character later.
fn first_full_date(text: &str, from: usize, to: usize) -> Option<Date> {
    let mut best: Option<(usize, Date)> = None;
    for p in &SCANS {
        let mut pos = from;
        while pos < to {
            let Some(c) = p.re.captures_at(text, pos) else {
                break;
            };
            let m = c.get(0).expect("group 0 always matches");
            if m.start() >= to || best.is_some_and(|(b, _)| m.start() >= b) {
                break;
            }
            let month = if p.month_is_word {
                month_number(&c[p.month])
            } else {
                num(&c[p.month])
            };
            let date = month.and_then(|mo| make_date(num(&c[p.year])?, mo, num(&c[p.day])?));
            if let Some(d) = date {
                best = Some((m.start(), d));
                break;
            }
            pos = next_char(text, m.start());
        }
    }
    best.map(|(_, d)| d)
}

/// The byte offset of the character after the one starting at `i`.
fn next_char(text: &str, i: usize) -> usize {
    text[i..]
        .chars()
        .next()
        .map_or(text.len(), |c| i + c.len_utf8())
}

/// Rounds a byte offset down to a char boundary.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// UN front pages print "Distr.: General" then the issue date on the next
/// line; PDF text extraction sometimes moves the date just before it. Only
/// the first "Distr." in the first pages counts.
fn date_near_distr(text: &str) -> Option<Date> {
    let head = &text[..floor_boundary(text, 20_000)];
    let at = head.find("Distr.")?;
    let after_end = floor_boundary(text, at + 300);
    if let Some(d) = first_full_date(text, at, after_end) {
        return Some(d);
    }
    let before = floor_boundary(text, at.saturating_sub(200));
    first_full_date(text, before, at)
}

/// A dateline: a line in the first hundred that holds only a full date, or
/// a place or "Date:" label followed by one ("New York, 5 December 2018",
/// "Geneva, le 13 janvier 2025", "Dated: 2018-12-05").
fn dateline(text: &str) -> Option<Date> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:date[d]?|fecha|le)\s*:?\s*|[\p{L}][\p{L} .'-]{0,40},\s*(?:le\s+|el\s+|on\s+)?)")
            .unwrap()
    });
    let mut prev = "";
    for raw in text.lines().take(100) {
        let line = raw.trim();
        let continues_sentence = continues(prev);
        prev = line;
        // A date that ends in a comma, or follows a line that breaks off
        // mid-sentence ("resolution 1541 (XV) of" / "15 December 1960,"), is
        // hard-wrapped prose, not a dateline.
        if line.is_empty() || line.len() > 80 || line.ends_with([',', ';']) || continues_sentence {
            continue;
        }
        if let Some((d, Precision::Day)) = parse_with_precision(line) {
            return Some(d);
        }
        if let Some(m) = PREFIX.find(line) {
            if let Some((d, Precision::Day)) = parse_with_precision(&line[m.end()..]) {
                return Some(d);
            }
        }
    }
    None
}

/// Whether a line breaks off mid-sentence: it ends with a lower-case
/// letter, a comma, or an opening bracket.
fn continues(line: &str) -> bool {
    line.chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | '(' | '[' | ':' | '-'))
}

/// A date stated in a title: a full date, or a month and year
/// ("Information Bulletin [Issue No. 3 | OCT 2019]" → 1 October 2019).
/// Titles are short and name their period on purpose, so month precision
/// is accepted here though never in running text.
pub(crate) fn date_in_title(title: &str) -> Option<Date> {
    static MY_SCAN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(\p{L}{3,9})\.?,?\s+(\d{4})\b").unwrap());
    if let Some(d) = first_full_date(title, 0, title.len()) {
        return Some(d);
    }
    MY_SCAN
        .captures_iter(title)
        .find_map(|c| make_date(num(&c[2])?, month_number(&c[1])?, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn month_names_give_month_and_language() {
        assert_eq!(month_number("Décembre"), Some(12));
        assert_eq!(month_number("DECEMBRE"), Some(12));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("декабря"), Some(12));
        assert_eq!(month_number("decade"), None);
        assert_eq!(month_language("mai"), Some("fr"));
        assert_eq!(month_language("May"), Some("en"));
        assert_eq!(month_language("mayo"), Some("es"));
        assert_eq!(month_language("марта"), Some("ru"));
        assert_eq!(
            month_language("sept"),
            None,
            "an abbreviation names no language"
        );
        // Every month has an English name, and no name is listed twice.
        for m in 1..=12 {
            assert!(MONTH_NAMES
                .iter()
                .any(|&(_, n, l)| n == m && l == Some("en")));
        }
        let mut names: Vec<&str> = MONTH_NAMES.iter().map(|&(n, _, _)| n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn parses_written_forms() {
        let cases: &[(&str, Option<Date>)] = &[
            ("2018-12-05", Some(date!(2018 - 12 - 05))),
            ("  2018-12-05  ", Some(date!(2018 - 12 - 05))),
            ("2018-12-05T00:00:00Z", Some(date!(2018 - 12 - 05))),
            ("2018-12-05T23:30:00+02:00", Some(date!(2018 - 12 - 05))),
            ("2018-12-05 10:11:12", Some(date!(2018 - 12 - 05))),
            ("2018/12/05", Some(date!(2018 - 12 - 05))),
            ("20181205", Some(date!(2018 - 12 - 05))),
            ("2018-12", Some(date!(2018 - 12 - 01))),
            ("2018", Some(date!(2018 - 01 - 01))),
            ("5 December 2018", Some(date!(2018 - 12 - 05))),
            ("05 DECEMBER 2018", Some(date!(2018 - 12 - 05))),
            ("5th December 2018", Some(date!(2018 - 12 - 05))),
            ("8 Nov. 2023", Some(date!(2023 - 11 - 08))),
            ("December 5, 2018", Some(date!(2018 - 12 - 05))),
            ("Dec. 5, 2018", Some(date!(2018 - 12 - 05))),
            ("Wednesday, 5 December 2018", Some(date!(2018 - 12 - 05))),
            ("December 2018", Some(date!(2018 - 12 - 01))),
            ("13 janvier 2025", Some(date!(2025 - 01 - 13))),
            ("1er mars 2025", Some(date!(2025 - 03 - 01))),
            ("15 août 2019", Some(date!(2019 - 08 - 15))),
            ("15 Décembre 2019", Some(date!(2019 - 12 - 15))),
            ("13 de enero de 2025", Some(date!(2025 - 01 - 13))),
            ("13 января 2025 г.", Some(date!(2025 - 01 - 13))),
            ("2025年1月13日", Some(date!(2025 - 01 - 13))),
            ("5 December 2018.", Some(date!(2018 - 12 - 05))),
            ("29 February 2020", Some(date!(2020 - 02 - 29))),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn rejects_impossible_and_garbage() {
        for input in [
            "",
            "   ",
            "2018-02-30",
            "2018-13-01",
            "2018-00-10",
            "2019-02-29",
            "31 April 2019",
            "30 February 2020",
            "32 December 2018",
            "0 December 2018",
            "20181305",
            "1850",
            "2500-01-01",
            "5 Decembre-ish 2018",
            "Smarch 5, 2018",
            "N/A",
            "resolution 73/69",
            "12/05/2018",
            "2018-12/05",
        ] {
            assert_eq!(parse_date(input), None, "input {input:?}");
        }
    }

    #[test]
    fn finds_dates_in_running_text() {
        let cases: &[(&str, Option<Date>)] = &[
            // The Distr. date wins over an earlier cited date.
            (
                "Recalling resolution 65/69 of 8 December 2010\nA/74/187\nDistr.: General\n22 July 2019\nOriginal: English",
                Some(date!(2019 - 07 - 22)),
            ),
            // PDF text order may put the date before "Distr.".
            (
                "General Assembly\n22 July 2019\nDistr.: General\nOriginal: English",
                Some(date!(2019 - 07 - 22)),
            ),
            // A dateline beats a date cited in an earlier paragraph.
            (
                "Letter\nAs agreed on 1 March 2001, we write.\nNew York, 5 December 2018\nSigned",
                Some(date!(2018 - 12 - 05)),
            ),
            ("Title\n\n13 janvier 2025\n\nTexte", Some(date!(2025 - 01 - 13))),
            (
                "Adopted at the meeting held on 13 de enero de 2025 in Geneva",
                Some(date!(2025 - 01 - 13)),
            ),
            // No full date: a year or month alone is not a document date.
            ("In 2018 the Assembly met in December 2018.", None),
            // A non-date match must not hide a real date right after it.
            (
                "Of 10 countries 2018 saw 5 December 2018 as key.",
                Some(date!(2018 - 12 - 05)),
            ),
            ("impossible 31 April 2019 then 1 May 2019", Some(date!(2019 - 05 - 01))),
            ("updated 2019-10-15 by staff", Some(date!(2019 - 10 - 15))),
            // Hard-wrapped prose is not a dateline; the first date wins.
            (
                "183 (1963). Resolution of 11 December 1963\n[S/5481]\n\nRecalling resolution 1541 (XV) of\n15 December 1960,\n",
                Some(date!(1963 - 12 - 11)),
            ),
            (
                "Recalling its decision taken on\n5 March 2001\nand later 7 May 2002",
                Some(date!(2001 - 03 - 05)),
            ),
            ("no dates here at all", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(find_date(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn dates_in_titles() {
        let cases: &[(&str, Option<Date>)] = &[
            (
                "Information Bulletin [Issue No. 3 | OCT 2019]",
                Some(date!(2019 - 10 - 01)),
            ),
            (
                "Letter dated 5 December 2018 from the Permanent Representative",
                Some(date!(2018 - 12 - 05)),
            ),
            ("Rapport de mars 2020", Some(date!(2020 - 03 - 01))),
            ("Meetings conducted by the Security Council in 1946", None),
            ("Resolution 2220 (2015)", None),
        ];
        for (input, want) in cases {
            assert_eq!(date_in_title(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn find_date_survives_multibyte_text_near_window_edges() {
        // "Distr." windows cut at byte offsets; they must land on char boundaries.
        let text = format!(
            "{}Distr.{} 5 décembre 2018",
            "é".repeat(150),
            "ü".repeat(140)
        );
        assert_eq!(find_date(&text), Some(date!(2018 - 12 - 05)));
        let long = "ж".repeat(30_000);
        assert_eq!(find_date(&long), None);
    }
}
