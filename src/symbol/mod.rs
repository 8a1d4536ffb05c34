//! The UN document symbol: the identifier printed on every United Nations
//! document (`A/RES/73/69`, `S/RES/2220 (2015)`, `A/C.1/74/L.34`,
//! `ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1`).
//!
//! People and catalogues write the same symbol in many ways: lower case,
//! spaces around slashes, `S/RES/2220(2015)` without the space, a trailing
//! `*` for a reissue, `A/RES/43/58E` or `A/RES/43/58 E` or `A/RES/43/58[E]`
//! for a part of a resolution. [`Symbol::parse`] accepts all of them and
//! yields one value with a single printed form ([`Symbol::canonical`]), an
//! identity key for exact index terms ([`Symbol::key`]) and the path of the
//! hierarchical facet (`/A/RES/73/69`, [`Symbol::facet_path`]).
//! [`parse_joint`] splits joint symbols (`A/79/722-S/2025/27`) and
//! [`prefix_segments`] turns a facet prefix typed by a user into the same
//! segments. The [`scan`] submodule finds symbols and citations
//! ("resolution 65/69", "resolution 2220 (2015)") in running text.
//!
//! The parser checks the *shape* of a symbol, not that the document exists:
//! a path of components after an organ, at least one number, and the few
//! places where the UN's qualifiers may go (a year in parentheses only after
//! a Security Council resolution number, a Roman session only after a
//! resolution number, parts only at the end of a resolution or decision).
//!
//! Conventions, chosen once so that every caller agrees:
//! - components are upper case, except the words the UN prints in title
//!   case (`Add.1`, `Corr.1`, `Rev.1`, `Amend.1`, `Sub.2`, `S/Agenda/8000`)
//!   and the Arms Trade Treaty's `Conf.FinRep.Rev1` style;
//! - `S/RES/2220 (2015)` keeps a space before the year, `A/RES/1514(XV)` has
//!   none before the Roman session (as the UN Digital Library writes both);
//! - a part of a resolution follows its number after a space, as the UN
//!   prints it (`A/RES/78/183 A`, `A/RES/75/254 A-C`), when it is one letter
//!   (or a range) after a plain number; otherwise it goes in brackets as the
//!   Digital Library writes it (`A/RES/3359(XXIX)[A]`, `A/RES/50/38[B-VII]`,
//!   `A/RES/32/212[IV]`, `A/RES/63(I)[PARA.1]`). `A/RES/43/58E` and
//!   `A/RES/43/58[E]` are the same document as `A/RES/43/58 E`;
//! - `(Part II)` and `(Resumption 1)` follow with a space;
//! - a `PV9261` typed without its dot becomes `PV.9261`.

mod component;
mod parse;
pub mod reference;
pub mod scan;
#[cfg(test)]
mod tests;

use component::*;
use parse::*;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

/// A parsed document symbol. Two symbols are `==` when their canonical forms
/// are equal; [`Symbol::key`] is the looser identity used for look-ups (it
/// also ignores the redundant year of a Security Council resolution).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol {
    /// The printed form; every other field is derived from it, so the derived
    /// comparisons agree with comparing this string.
    canonical: String,
    /// Facet segments: the organ, then each component, with a resolution's
    /// part and a `(Part II)` note as segments of their own.
    segments: Vec<String>,
    kind: SymbolKind,
}

/// What a symbol says about the kind of document, from its type component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SymbolKind {
    /// `RES`: a resolution (`A/RES/73/69`, `S/RES/2220 (2015)`).
    Resolution,
    /// `DEC`: a decision (`A/DEC/73/546`).
    Decision,
    /// `PRST`: a statement by the President of the Security Council.
    PresidentialStatement,
    /// `L.n`: a limited-distribution document, usually a draft resolution.
    Draft,
    /// `PV.n` or `SR.n`: the verbatim or summary record of a meeting.
    MeetingRecord,
    /// Reports, letters, notes, working papers and everything else.
    Other,
}

/// Why a string is not a document symbol. Every message names the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    /// Nothing but whitespace (or a lone `*`).
    #[error("empty symbol")]
    Empty,
    /// Something else: a date, a fraction, a URL, a plain word.
    #[error("{input:?}: not a document symbol ({why})")]
    NotASymbol { input: String, why: &'static str },
    /// `A//73`, `A/RES/`.
    #[error("{input:?}: empty component after {before:?}")]
    EmptyComponent { input: String, before: String },
    /// The first component is not an organ or series (`13/01/2025`, `and/or`).
    #[error("{input:?}: {organ:?} {why}")]
    BadOrgan {
        input: String,
        organ: String,
        why: &'static str,
    },
    /// A component that no symbol has, or trailing garbage.
    #[error("{input:?}: {why} in component {component:?}")]
    BadComponent {
        input: String,
        component: String,
        why: String,
    },
    /// Every document symbol carries a number somewhere (`S/PRST` does not).
    #[error("{input:?}: no number (every document symbol has one, as in A/RES/73/69)")]
    NoNumber { input: String },
    /// A shorthand reference that can name two documents ("resolution
    /// 1978": the Security Council's or the General Assembly's).
    #[error("{input:?} can name more than one document ({readings}); write its symbol")]
    Ambiguous { input: String, readings: String },
    /// `A/79/722-S/2025/27` names two documents; use [`parse_joint`].
    #[error("{input:?}: a joint symbol of {count} documents; split it with parse_joint")]
    Joint { input: String, count: usize },
}

/// Organs and series whose symbols we know. A symbol with another first
/// component still parses when it has at least three components
/// (`GEGN.2/2025/35`), so that `covid/19` or `km/h` are not taken for one.
const KNOWN_ORGANS: &[&str] = &[
    "A", "S", "E", "ST", "T", "AT", "CCW", "ATT", "TPNW", "NPT", "BWC", "CD", "APLC", "CCM", "DP",
    "JIU", "FCCC", "UNEP", "CEB", "ICCD", "ECE", "TD", "CTOC", "INFCIRC", "GOV", "SG", "SC", "GA",
    "DC", "CRC", "CEDAW", "CCPR", "CERD", "CAT", "HRI", "CMW", "CRPD", "CED", "PBC", "SPLOS",
    "ISBA", "UNW", "HSP", "ICEF", "UNIDIR", "ESCAP", "ECA", "ECLAC", "ESCWA",
];

pub(crate) fn is_known_organ(s: &str) -> bool {
    KNOWN_ORGANS.iter().any(|o| o.eq_ignore_ascii_case(s))
}

/// An organ or series: `A`, `CCW`, `AC.292`, or a joint board such as the
/// UNDP/UNFPA Executive Board's `DP-FPA` (printed so on page 1).
static ORGAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z]{1,12}(?:-[A-Za-z]{2,12})?(?:\.[0-9]{1,3})?$").unwrap());
/// A part appended to a resolution number: `58E`, `254A-C`, `217XIII`.
static APPENDED_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)([A-Za-z]+(?:-[A-Za-z]+)?)$").unwrap());
/// A part after a space: `183 A`, or before the parentheses in `377 A (V)`.
static SPACED_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z](?:[ \t]*-[ \t]*[A-Za-z])?)(?:\s*\(|$)").unwrap());
/// Parts printed after a space, without brackets: one letter, or a range
/// of them (`A-C`). Longer ones (`IV`, `AA`, `B-VII`) keep their brackets.
static SHORT_PART: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z](?:-[A-Z])?$").unwrap());
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(part|pt\.?|resumption)\s*([0-9]{1,3}|[IVXLC]{1,7})$").unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)[0-9]{2}$").unwrap());
/// A GA session in Roman numerals, possibly special (`S-V`) or emergency
/// special (`ES-I`), or a special session by number (`S-1`).
static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:E?S-)?[IVXLC]{1,7}|E?S-[0-9]{1,2}|ES-[IVX]+AND[IVX]+)$").unwrap()
});
/// Any other parenthesised qualifier glued to its component: `COP(8)`.
static GENERIC_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,23}$").unwrap());
static BRACKET_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z0-9][A-Z0-9.\-]{0,23}$").unwrap());
/// A type component typed without its dot: `PV9261`, `L34`, `Rev1`.
static TYPE_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(PV|SR|L|WP|CRP|ADD|CORR|REV|AMEND)([0-9]+)$").unwrap());
static SC_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" \([0-9]{4}\)").unwrap());

impl Symbol {
    /// Parses one symbol in any written form.
    ///
    /// ```
    /// # use undex::symbol::Symbol;
    /// let s = Symbol::parse("s/res/2220(2015)").unwrap();
    /// assert_eq!(s.canonical(), "S/RES/2220 (2015)");
    /// ```
    pub fn parse(input: &str) -> Result<Symbol, SymbolError> {
        parse_inner(input, Mode::Symbol)
    }

    /// The form the UN prints, e.g. `A/RES/73/69`, `S/RES/2220 (2015)`.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The identity key for exact index terms: upper-case ASCII without
    /// spaces. Inputs that name the same document give the same key; a
    /// Security Council resolution's key leaves out the year, which its
    /// number already implies (`S/RES/2220` and `S/RES/2220 (2015)` match).
    pub fn key(&self) -> String {
        let source = if self.is_sc_resolution() {
            SC_YEAR.replace_all(&self.canonical, "")
        } else {
            Cow::Borrowed(self.canonical.as_str())
        };
        source
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect()
    }

    /// Segments of the hierarchical facet: `["A", "RES", "73", "69"]`,
    /// `["S", "RES", "2220 (2015)"]`, `["A", "RES", "43", "58", "E"]`.
    pub fn facet_segments(&self) -> Vec<String> {
        self.segments.clone()
    }

    /// The facet path: `/A/RES/73/69`.
    pub fn facet_path(&self) -> String {
        let mut path = String::with_capacity(self.canonical.len() + 8);
        for segment in &self.segments {
            path.push('/');
            path.push_str(segment);
        }
        path
    }

    /// The first component: `A`, `S`, `E`, `ATT`, `CCW`, ...
    pub fn organ(&self) -> &str {
        &self.segments[0]
    }

    pub fn kind(&self) -> SymbolKind {
        self.kind
    }

    /// The head of the symbol's family: the document without its
    /// addendum, corrigendum, revision, amendment, part letter or `(Part
    /// II)` (`A/73/52/Add.1` → `A/73/52`, `A/CONF.192/15/Rev.1` →
    /// `A/CONF.192/15`, `A/RES/46/36 L` → `A/RES/46/36`). A symbol with none
    /// of these is its own head.
    pub fn family_base(&self) -> Symbol {
        static TAIL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?:/(?:Add|Corr|Rev|Amend)\.[0-9]+| [A-Z](?:-[A-Z])?|\[[^\]]*\]| \((?:Part|Resumption) [^)]*\))$",
            )
            .expect("family tail regex")
        });
        let mut base = self.canonical.as_str();
        while let Some(m) = TAIL.find(base) {
            base = &base[..m.start()];
        }
        if base.len() == self.canonical.len() {
            return self.clone();
        }
        Symbol::parse(base).unwrap_or_else(|_| self.clone())
    }

    /// Whether `other` is in this symbol's family (the same head).
    pub fn same_family(&self, other: &Symbol) -> bool {
        self.family_base().key() == other.family_base().key()
    }

    fn is_sc_resolution(&self) -> bool {
        self.organ() == "S" && self.segments.get(1).is_some_and(|s| s == "RES")
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl FromStr for Symbol {
    type Err = SymbolError;

    fn from_str(s: &str) -> Result<Symbol, SymbolError> {
        Symbol::parse(s)
    }
}

/// Serialised as the canonical string, so JSON output and stored records
/// show what the UN prints.
impl serde::Serialize for Symbol {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical)
    }
}

impl<'de> serde::Deserialize<'de> for Symbol {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Symbol, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Symbol::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A symbol as a person may type it on the command line: any form
/// [`Symbol::parse`] reads, or one citation as running text writes it
/// ("resolution 73/69", "resolution 2220 (2015)", "decision 73/546"), or
/// a shorthand reference that names one document ("UNSCR 1540", see
/// [`reference`]).
/// The error is the parser's, which names what is wrong with the input.
pub fn parse_written(input: &str) -> Result<Symbol, SymbolError> {
    Symbol::parse(input).or_else(|err| {
        let text = input.trim();
        // A shorthand reference that is the whole input and means one
        // document ("UNSCR 1540", "GA res 46/36 L").
        if let [one] = reference::read(text).as_slice() {
            if one.start == 0 && one.end == text.len() {
                if let [reference::Reading::Symbol(s)] = one.readings.as_slice() {
                    return Ok(s.clone());
                }
                let readings: Vec<String> = one
                    .readings
                    .iter()
                    .map(|r| match r {
                        reference::Reading::Symbol(s) => s.to_string(),
                        reference::Reading::AssemblyNumber(n) => {
                            format!("General Assembly resolution {n} of a session before 1976")
                        }
                    })
                    .collect();
                return Err(SymbolError::Ambiguous {
                    input: text.to_string(),
                    readings: readings.join(" or "),
                });
            }
        }
        match scan::scan(text, scan::Context::Unknown).as_slice() {
            [one] => Ok(one.symbol.clone()),
            _ => Err(err),
        }
    })
}

/// Parses a symbol that may be joint (`A/79/722-S/2025/27`, one document
/// issued to two organs) into its parts; a plain symbol gives a vec of one.
/// A hyphen splits only where what follows starts a new symbol (a known
/// organ and `/`), so `A/RES/ES-10/21` and `A/RES/2248(S-V)` stay whole.
pub fn parse_joint(input: &str) -> Result<Vec<Symbol>, SymbolError> {
    let norm = normalize(input)?;
    let text = norm.trim();
    if text.is_empty() {
        return Err(SymbolError::Empty);
    }
    joint_ranges(text)
        .into_iter()
        .map(|(start, end)| Symbol::parse(&text[start..end]))
        .collect()
}

/// Turns a facet prefix typed by a user (`a/res/73`, `A / RES`,
/// `/A/RES/73/`) into facet segments (`["A", "RES", "73"]`), each
/// canonicalised exactly as [`Symbol::facet_segments`] does, so that a
/// prefix filter compares like with like. A lone `/` is the root: no
/// segments.
pub fn prefix_segments(input: &str) -> Result<Vec<String>, SymbolError> {
    if input.trim().is_empty() {
        return Err(SymbolError::Empty);
    }
    let norm = normalize(input)?;
    if norm
        .trim_matches(|c: char| c == '/' || c == ' ' || c == '*')
        .is_empty()
    {
        return Ok(Vec::new());
    }
    Ok(parse_inner(input, Mode::Prefix)?.segments)
}
