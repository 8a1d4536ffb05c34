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

pub mod reference;
pub mod scan;

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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A whole symbol: needs a slash, a number, a known organ (or three
    /// components).
    Symbol,
    /// A facet prefix: any leading part of a symbol.
    Prefix,
}

/// Maps the Unicode look-alikes that PDFs and word processors put into
/// symbols (no-break spaces, non-breaking hyphens, en dashes) to ASCII and
/// rejects every other non-ASCII character, so the rest works on bytes.
fn normalize(input: &str) -> Result<Cow<'_, str>, SymbolError> {
    if input.is_ascii() {
        return Ok(Cow::Borrowed(input));
    }
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        let mapped = match c {
            '\u{feff}' | '\u{200b}' | '\u{00ad}' => continue,
            c if c.is_ascii() => c,
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
            '\u{2044}' | '\u{2215}' | '\u{ff0f}' => '/',
            '\u{ff08}' => '(',
            '\u{ff09}' => ')',
            c if c.is_whitespace() => ' ',
            _ => {
                return Err(SymbolError::NotASymbol {
                    input: input.trim().to_string(),
                    why: "a character that no symbol has",
                })
            }
        };
        out.push(mapped);
    }
    Ok(Cow::Owned(out))
}

/// Byte ranges of the parts of a possibly joint symbol, trimmed.
pub(crate) fn joint_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // A joint separator is a hyphen (after normalisation) followed by a
        // known organ and a slash; inside a symbol a hyphen is followed by a
        // number (ES-10, S-1) or ends a parenthesis ((S-V), [B-VII]). File
        // names and catalogues also list the parts with a comma.
        if !matches!(b, b'-' | b',' | b';') || !text[start..i].contains('/') {
            continue;
        }
        let after = skip_ws(bytes, i + 1);
        let organ_end = after
            + bytes[after..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
        let slash = skip_ws(bytes, organ_end);
        if organ_end > after
            && bytes.get(slash) == Some(&b'/')
            && is_known_organ(&text[after..organ_end])
        {
            ranges.push(trimmed(text, start, i));
            start = after;
        }
    }
    ranges.push(trimmed(text, start, text.len()));
    ranges
}

fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    (start + lead, start + lead + piece.trim().len())
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn parse_inner(input: &str, mode: Mode) -> Result<Symbol, SymbolError> {
    let shown = || input.trim().to_string();
    let norm = normalize(input)?;
    let mut text = norm.trim();
    // A trailing asterisk marks a reissue on the printed page; it never
    // changes which document is meant.
    while let Some(rest) = text.strip_suffix('*') {
        text = rest.trim_end();
    }
    if mode == Mode::Prefix {
        text = text.trim_matches(|c: char| c == '/' || c == ' ');
    }
    if text.is_empty() {
        return Err(SymbolError::Empty);
    }
    let not_a_symbol = |why| SymbolError::NotASymbol {
        input: shown(),
        why,
    };
    let lower_start = text.get(..4).unwrap_or("").to_ascii_lowercase();
    if text.contains("://") || lower_start == "www." {
        return Err(not_a_symbol("a URL"));
    }
    if mode == Mode::Symbol && !text.contains('/') {
        let numeric = text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        return Err(not_a_symbol(if numeric {
            "a number"
        } else {
            "no '/': a symbol is a path such as A/RES/73/69"
        }));
    }
    let joint = joint_ranges(text);
    if joint.len() > 1 {
        return Err(SymbolError::Joint {
            input: shown(),
            count: joint.len(),
        });
    }

    let raw: Vec<&str> = text.split('/').collect();
    let all_numeric = raw.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    });
    if all_numeric {
        return Err(not_a_symbol("a date, a fraction or a number"));
    }
    let mut offset = 0;
    for (i, component) in raw.iter().enumerate() {
        if component.trim().is_empty() {
            return Err(if i == 0 {
                not_a_symbol("it starts with '/'")
            } else {
                SymbolError::EmptyComponent {
                    input: shown(),
                    before: text[..offset].to_string(),
                }
            });
        }
        offset += component.len() + 1;
    }

    let organ_raw = raw[0].trim();
    if !ORGAN.is_match(organ_raw) {
        return Err(SymbolError::BadOrgan {
            input: shown(),
            organ: organ_raw.to_string(),
            why: "is not an organ: a symbol starts with one, as A/..., S/..., ATT/...",
        });
    }
    let organ = organ_raw.to_ascii_uppercase();
    if mode == Mode::Symbol && raw.len() < 3 && !is_known_organ(&organ) {
        return Err(SymbolError::BadOrgan {
            input: shown(),
            organ: organ_raw.to_string(),
            why: "is not a known organ (an unknown series needs three components or more)",
        });
    }

    let mut components = Vec::with_capacity(raw.len() - 1);
    let mut after_res = false;
    let mut prev_is_res = false;
    for (i, raw_component) in raw[1..].iter().enumerate() {
        let raw_component = raw_component.trim();
        let ctx = Ctx {
            prev_is_res,
            after_res,
            organ_s: organ == "S",
            last: i + 2 == raw.len(),
            whole: mode == Mode::Symbol,
        };
        let component =
            parse_component(raw_component, ctx).map_err(|why| SymbolError::BadComponent {
                input: shown(),
                component: raw_component.to_string(),
                why,
            })?;
        prev_is_res = component.body == "RES" || component.body == "DEC";
        after_res |= prev_is_res;
        components.push(component);
    }

    let mut canonical = organ.clone();
    let mut segments = Vec::with_capacity(components.len() + 2);
    segments.push(organ);
    for c in components {
        canonical.push('/');
        canonical.push_str(&c.body);
        let body_is_number = c.body.bytes().all(|b| b.is_ascii_digit());
        segments.push(c.body);
        if let Some(part) = c.part {
            if body_is_number && SHORT_PART.is_match(&part) {
                canonical.push(' ');
                canonical.push_str(&part);
            } else {
                canonical.push('[');
                canonical.push_str(&part);
                canonical.push(']');
            }
            segments.push(part);
        }
        for note in c.notes {
            canonical.push_str(" (");
            canonical.push_str(&note);
            canonical.push(')');
            segments.push(note);
        }
    }
    let organ_len = segments[0].len();
    if mode == Mode::Symbol && !canonical[organ_len..].bytes().any(|b| b.is_ascii_digit()) {
        return Err(SymbolError::NoNumber { input: shown() });
    }
    let kind = kind_of(&segments[1..]);
    Ok(Symbol {
        canonical,
        segments,
        kind,
    })
}

fn kind_of(segments: &[String]) -> SymbolKind {
    for s in segments {
        let kind = match s.as_str() {
            "RES" => SymbolKind::Resolution,
            "DEC" => SymbolKind::Decision,
            "PRST" => SymbolKind::PresidentialStatement,
            "PV" | "SR" => SymbolKind::MeetingRecord,
            s if s.starts_with("PV.") || s.starts_with("SR.") => SymbolKind::MeetingRecord,
            s if s.starts_with("L.") => SymbolKind::Draft,
            _ => continue,
        };
        return kind;
    }
    SymbolKind::Other
}

/// Where a component sits, which decides the qualifiers it may carry.
#[derive(Clone, Copy)]
struct Ctx {
    /// The previous component is RES or DEC: this one is the number, and may
    /// carry a Roman session or (for S/) a year.
    prev_is_res: bool,
    /// Some earlier component is RES or DEC.
    after_res: bool,
    organ_s: bool,
    last: bool,
    /// A whole symbol, not a facet prefix (which may stop at `A/C.1/74/L`).
    whole: bool,
}

impl Ctx {
    /// Parts (A, B, ... of one resolution) end the symbol of a resolution or
    /// decision.
    fn part_allowed(self) -> bool {
        self.after_res && self.last
    }
}

struct Component {
    /// Canonical body with any session, year or glued parenthesis:
    /// `2220 (2015)`, `1514(XV)`, `COP(8)`, `Add.1`.
    body: String,
    part: Option<String>,
    /// `Part II`, `Resumption 1`.
    notes: Vec<String>,
}

/// Parses one trimmed component; the error is the reason, which the caller
/// wraps with the input and the component.
fn parse_component(raw: &str, ctx: Ctx) -> Result<Component, String> {
    let b = raw.as_bytes();
    let n = b.len();
    let unexpected = |from: usize| format!("unexpected {:?}", raw[from..].trim());

    // The body: alphanumeric pieces joined by '.' or '-' ("C.1", "ES-10",
    // "Conf.FinRep.Rev1"); "PV. 4" and "Add. 3" occur with a space.
    let mut pieces: Vec<&str> = Vec::new();
    let mut seps: Vec<u8> = Vec::new();
    let mut i = alnum_end(b, 0);
    if i == 0 {
        return Err(unexpected(0));
    }
    pieces.push(&raw[..i]);
    loop {
        let j = skip_ws(b, i);
        if j < n && (b[j] == b'.' || b[j] == b'-') {
            let k = skip_ws(b, j + 1);
            let e = alnum_end(b, k);
            if e == k {
                return Err(format!("nothing after '{}'", b[j] as char));
            }
            seps.push(b[j]);
            pieces.push(&raw[k..e]);
            i = e;
        } else if j > i
            && j < n
            && b[j].is_ascii_digit()
            && pieces.len() == 1
            && is_type_word(pieces[0])
        {
            // "Rev 1", "PV 31": a type word and its number with the dot lost.
            let e = alnum_end(b, j);
            seps.push(b'.');
            pieces.push(&raw[j..e]);
            i = e;
        } else {
            break;
        }
    }
    if ctx.last && ctx.whole && pieces.len() == 1 && is_type_word(pieces[0]) {
        return Err(format!("{:?} needs its number", pieces[0]));
    }
    for (k, &sep) in seps.iter().enumerate() {
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        if sep == b'-' && digits(pieces[k]) && digits(pieces[k + 1]) {
            return Err("a range of numbers, not a symbol".to_string());
        }
    }

    let mut part = None;
    let mut body = if ctx.part_allowed()
        && pieces[0].as_bytes()[0].is_ascii_digit()
        && pieces[0].bytes().any(|c| c.is_ascii_alphabetic())
    {
        // "58E", "254A-C", "235XIII": a resolution number with its part.
        let joined = join_pieces(&pieces, &seps);
        let caps = APPENDED_PART
            .captures(&joined)
            .filter(|c| c[2].split('-').all(plausible_part))
            .ok_or_else(|| format!("{joined:?} is not a number with a part letter"))?;
        part = Some(caps[2].to_ascii_uppercase());
        caps[1].to_string()
    } else {
        canon_body(&pieces, &seps)
    };
    let body_is_number = body.bytes().all(|c| c.is_ascii_digit());

    let mut notes = Vec::new();
    let mut had_paren = false;
    loop {
        let j = skip_ws(b, i);
        if j >= n {
            break;
        }
        let had_ws = j > i;
        match b[j] {
            b'(' => {
                let close = find_from(raw, j, ')').ok_or("unclosed '('")?;
                let content = raw[j + 1..close].trim();
                i = close + 1;
                if let Some(caps) = NOTE.captures(content) {
                    let word = if caps[1].len() > 4 {
                        "Resumption"
                    } else {
                        "Part"
                    };
                    notes.push(format!("{word} {}", caps[2].to_ascii_uppercase()));
                } else if ctx.prev_is_res && body_is_number && !had_paren && YEAR.is_match(content)
                {
                    if !ctx.organ_s {
                        return Err(format!(
                            "a year in parentheses ({content}) follows only a Security Council \
                             resolution number, as in S/RES/2220 (2015)"
                        ));
                    }
                    body.push_str(" (");
                    body.push_str(content);
                    body.push(')');
                } else if ctx.prev_is_res
                    && body_is_number
                    && !had_paren
                    && SESSION.is_match(&squeeze(content))
                {
                    body.push('(');
                    body.push_str(&squeeze(content).to_ascii_uppercase());
                    body.push(')');
                } else if !had_ws
                    && !had_paren
                    && GENERIC_PAREN.is_match(content)
                    && (!body_is_number || content.bytes().any(|c| c.is_ascii_alphabetic()))
                {
                    body.push('(');
                    body.push_str(&content.to_ascii_uppercase());
                    body.push(')');
                } else {
                    return Err(format!("unexpected \"({content})\""));
                }
                had_paren = true;
            }
            b'[' => {
                let close = find_from(raw, j, ']').ok_or("unclosed '['")?;
                let content = squeeze(&raw[j + 1..close]).to_ascii_uppercase();
                if !ctx.part_allowed() {
                    return Err(
                        "a part in brackets comes only at the end of a resolution or decision"
                            .to_string(),
                    );
                }
                if part.is_some() || !BRACKET_PART.is_match(&content) {
                    return Err(format!("unexpected \"[{content}]\""));
                }
                part = Some(content);
                i = close + 1;
            }
            _ if had_ws => {
                // "A/RES/78/183 A", or the "A" of "S/RES/161 A (1961)".
                let caps = SPACED_PART
                    .captures(&raw[j..])
                    .filter(|_| ctx.part_allowed() && part.is_none())
                    .ok_or_else(|| unexpected(j))?;
                let letters = caps.get(1).expect("group 1 always takes part");
                part = Some(squeeze(letters.as_str()).to_ascii_uppercase());
                i = j + letters.end();
            }
            _ => {
                // Letters glued after a parenthesis: "A/RES/724(VIII)A-C".
                let rest = &raw[j..];
                let glued = had_paren
                    && ctx.part_allowed()
                    && part.is_none()
                    && rest
                        .split('-')
                        .all(|p| p.bytes().all(|c| c.is_ascii_alphabetic()) && plausible_part(p));
                if !glued {
                    return Err(unexpected(j));
                }
                part = Some(rest.to_ascii_uppercase());
                i = n;
            }
        }
    }
    Ok(Component { body, part, notes })
}

/// Type and suffix words that always carry a number (`PV.31`, `Add.1`).
fn is_type_word(s: &str) -> bool {
    ["PV", "SR", "L", "WP", "CRP", "ADD", "CORR", "REV", "AMEND"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(s))
}

fn alnum_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

fn find_from(raw: &str, from: usize, c: char) -> Option<usize> {
    raw[from..].find(c).map(|k| from + k)
}

/// Removes whitespace: "Section III" and "SectionIII" are one part.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Letters that can name a part: one or two letters (A, B, ... AA, AB), or
/// a Roman numeral (the sections of a budget resolution).
fn plausible_part(s: &str) -> bool {
    !s.is_empty()
        && (s.len() <= 2 || (s.len() <= 6 && s.bytes().all(|c| b"IVXLCivxlc".contains(&c))))
}

fn join_pieces(pieces: &[&str], seps: &[u8]) -> String {
    let mut out = String::from(pieces[0]);
    for (sep, piece) in seps.iter().zip(&pieces[1..]) {
        out.push(*sep as char);
        out.push_str(piece);
    }
    out
}

/// The canonical spelling of a component's body: upper case, with the UN's
/// title-case suffix words, and `PV9261` given its dot.
fn canon_body(pieces: &[&str], seps: &[u8]) -> String {
    if let [single] = pieces {
        if let Some(caps) = TYPE_DIGITS.captures(single) {
            return format!("{}.{}", case_word(&caps[1], false), &caps[2]);
        }
    }
    // The Arms Trade Treaty writes "Conf.FinRep.Rev1" in mixed case; its
    // "Conf" is followed by a word, unlike CONF.192 (a conference number).
    let mixed = pieces.len() >= 2
        && pieces[0].eq_ignore_ascii_case("conf")
        && pieces[1].as_bytes()[0].is_ascii_alphabetic();
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len() + 1).sum());
    for (k, piece) in pieces.iter().enumerate() {
        if k > 0 {
            out.push(seps[k - 1] as char);
        }
        let mut rest = *piece;
        while !rest.is_empty() {
            let alpha = rest.as_bytes()[0].is_ascii_alphabetic();
            let len = rest
                .bytes()
                .position(|c| c.is_ascii_alphabetic() != alpha)
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(len);
            if alpha {
                out.push_str(&case_word(run, mixed));
            } else {
                out.push_str(run);
            }
            rest = tail;
        }
    }
    out
}

fn case_word(word: &str, mixed: bool) -> Cow<'static, str> {
    const TITLE: &[&str] = &["Add", "Corr", "Rev", "Amend", "Sub", "Agenda"];
    const MIXED: &[&str] = &["Conf", "FinRep", "Rep", "Rev", "Add", "Corr", "Amend"];
    let table = if mixed { MIXED } else { TITLE };
    if let Some(w) = table.iter().find(|w| w.eq_ignore_ascii_case(word)) {
        return Cow::Borrowed(w);
    }
    if mixed {
        let mut out = word.to_ascii_lowercase();
        out[..1].make_ascii_uppercase();
        Cow::Owned(out)
    } else {
        Cow::Owned(word.to_ascii_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, canonical, key): every written form in the design notes and
    /// the UN's catalogues, and how it prints.
    #[rustfmt::skip]
    const CANONICAL: &[(&str, &str, &str)] = &[
        ("A/RES/73/69", "A/RES/73/69", "A/RES/73/69"),
        ("a/res/73/69", "A/RES/73/69", "A/RES/73/69"),
        ("A / RES / 73 / 69", "A/RES/73/69", "A/RES/73/69"),
        ("A/RES/73/69*", "A/RES/73/69", "A/RES/73/69"),
        ("  A/RES/73/69 ** ", "A/RES/73/69", "A/RES/73/69"),
        ("A/31/1", "A/31/1", "A/31/1"),
        ("A/74/187", "A/74/187", "A/74/187"),
        ("S/RES/2220 (2015)", "S/RES/2220 (2015)", "S/RES/2220"),
        ("S/RES/2220(2015)", "S/RES/2220 (2015)", "S/RES/2220"),
        ("s/res/2220 (2015)", "S/RES/2220 (2015)", "S/RES/2220"),
        ("S/RES/2220", "S/RES/2220", "S/RES/2220"),
        ("S/RES/1(1946)", "S/RES/1 (1946)", "S/RES/1"),
        ("S/RES/2220\u{a0}(2015)", "S/RES/2220 (2015)", "S/RES/2220"),
        ("A/RES/1(I)", "A/RES/1(I)", "A/RES/1(I)"),
        ("A/RES/491(V)", "A/RES/491(V)", "A/RES/491(V)"),
        ("A/RES/1514 (XV)", "A/RES/1514(XV)", "A/RES/1514(XV)"),
        ("a/res/1514(xv)", "A/RES/1514(XV)", "A/RES/1514(XV)"),
        ("A/RES/2248(S-V)", "A/RES/2248(S-V)", "A/RES/2248(S-V)"),
        ("A/RES/997(ES-I)", "A/RES/997(ES-I)", "A/RES/997(ES-I)"),
        ("A/RES/104(S-1)", "A/RES/104(S-1)", "A/RES/104(S-1)"),
        ("A/C.1/74/L.34", "A/C.1/74/L.34", "A/C.1/74/L.34"),
        ("a/c.1/74/l.34/rev.1", "A/C.1/74/L.34/Rev.1", "A/C.1/74/L.34/REV.1"),
        ("A/80/74/Add.1", "A/80/74/Add.1", "A/80/74/ADD.1"),
        ("A/80/74/ADD.1", "A/80/74/Add.1", "A/80/74/ADD.1"),
        ("A/65/456/Add. 3", "A/65/456/Add.3", "A/65/456/ADD.3"),
        ("A/63/430/Add.3/Corr.1", "A/63/430/Add.3/Corr.1", "A/63/430/ADD.3/CORR.1"),
        ("E/CN.6/2025/3/Rev.1", "E/CN.6/2025/3/Rev.1", "E/CN.6/2025/3/REV.1"),
        ("E/CN.4/SUB.2/1998/13", "E/CN.4/Sub.2/1998/13", "E/CN.4/SUB.2/1998/13"),
        ("A/CONF.192/2018/RC/3", "A/CONF.192/2018/RC/3", "A/CONF.192/2018/RC/3"),
        ("A/AC.292/2024/3", "A/AC.292/2024/3", "A/AC.292/2024/3"),
        ("A/CN.10/2025/INF/1", "A/CN.10/2025/INF/1", "A/CN.10/2025/INF/1"),
        ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"),
        ("att/csp5/2019/sec/536/conf.finrep.rev1", "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"),
        ("CCW/P.V/CONF/2018/5", "CCW/P.V/CONF/2018/5", "CCW/P.V/CONF/2018/5"),
        ("TPNW/MSP/2022/6", "TPNW/MSP/2022/6", "TPNW/MSP/2022/6"),
        ("TPNW/MSP/2025/11/Rev1", "TPNW/MSP/2025/11/Rev.1", "TPNW/MSP/2025/11/REV.1"),
        ("TPNW/MSP/2025/WP.4", "TPNW/MSP/2025/WP.4", "TPNW/MSP/2025/WP.4"),
        ("A/ES-10/1043", "A/ES-10/1043", "A/ES-10/1043"),
        ("A/RES/ES-10/21", "A/RES/ES-10/21", "A/RES/ES-10/21"),
        ("A/RES/ES\u{2011}10/21", "A/RES/ES-10/21", "A/RES/ES-10/21"),
        ("A/RES/S-10/2", "A/RES/S-10/2", "A/RES/S-10/2"),
        ("S/PRST/2015/3", "S/PRST/2015/3", "S/PRST/2015/3"),
        ("S/2025/27", "S/2025/27", "S/2025/27"),
        ("S/PV.7447", "S/PV.7447", "S/PV.7447"),
        ("S/PV9261", "S/PV.9261", "S/PV.9261"),
        ("A/34/PV. 4", "A/34/PV.4", "A/34/PV.4"),
        ("A/2485/Rev 1", "A/2485/Rev.1", "A/2485/REV.1"),
        ("A/77/PV.56 (Resumption 1)", "A/77/PV.56 (Resumption 1)", "A/77/PV.56(RESUMPTION1)"),
        ("S/PV.6702(Resumption1)", "S/PV.6702 (Resumption 1)", "S/PV.6702(RESUMPTION1)"),
        ("A/80/15 (Part I)", "A/80/15 (Part I)", "A/80/15(PARTI)"),
        ("E/ICEF/672(PartI)", "E/ICEF/672 (Part I)", "E/ICEF/672(PARTI)"),
        ("A/39/696 (PART II)", "A/39/696 (Part II)", "A/39/696(PARTII)"),
        ("A/2116 (Pt.2)", "A/2116 (Part 2)", "A/2116(PART2)"),
        ("A/40/24 (Part II)/Corr.1", "A/40/24 (Part II)/Corr.1", "A/40/24(PARTII)/CORR.1"),
        ("A/RES/43/58E", "A/RES/43/58 E", "A/RES/43/58E"),
        ("A/RES/43/58[E]", "A/RES/43/58 E", "A/RES/43/58E"),
        ("A/RES/78/183 A", "A/RES/78/183 A", "A/RES/78/183A"),
        ("A/RES/75/254A-C", "A/RES/75/254 A-C", "A/RES/75/254A-C"),
        ("A/RES/ES-8/1A", "A/RES/ES-8/1 A", "A/RES/ES-8/1A"),
        ("A/RES/3359(XXIX)[A]", "A/RES/3359(XXIX)[A]", "A/RES/3359(XXIX)[A]"),
        ("A/RES/724(VIII)A-C", "A/RES/724(VIII)[A-C]", "A/RES/724(VIII)[A-C]"),
        ("A/RES/50/38[B-VII]", "A/RES/50/38[B-VII]", "A/RES/50/38[B-VII]"),
        ("A/RES/35/217XIII", "A/RES/35/217[XIII]", "A/RES/35/217[XIII]"),
        ("A/RES/32/212[IV]", "A/RES/32/212[IV]", "A/RES/32/212[IV]"),
        ("A/RES/36/235IV", "A/RES/36/235[IV]", "A/RES/36/235[IV]"),
        ("A/RES/289(IV)[AA]", "A/RES/289(IV)[AA]", "A/RES/289(IV)[AA]"),
        ("A/RES/63(I)[PARA.1]", "A/RES/63(I)[PARA.1]", "A/RES/63(I)[PARA.1]"),
        ("A/RES/39/236[Section III]", "A/RES/39/236[SECTIONIII]", "A/RES/39/236[SECTIONIII]"),
        ("A/RES/377 A (V)", "A/RES/377(V)[A]", "A/RES/377(V)[A]"),
        ("S/RES/161 A (1961)", "S/RES/161 (1961)[A]", "S/RES/161[A]"),
        ("ICCD/COP(8)/CST/INF.1", "ICCD/COP(8)/CST/INF.1", "ICCD/COP(8)/CST/INF.1"),
        ("GEGN.2/2025/35", "GEGN.2/2025/35", "GEGN.2/2025/35"),
        ("A/HRC/RES/47/17", "A/HRC/RES/47/17", "A/HRC/RES/47/17"),
        ("A/DEC/73/546", "A/DEC/73/546", "A/DEC/73/546"),
        ("E/RES/2024/5", "E/RES/2024/5", "E/RES/2024/5"),
        ("S/Agenda/8000", "S/Agenda/8000", "S/AGENDA/8000"),
        ("DP/FPA/2025/2", "DP/FPA/2025/2", "DP/FPA/2025/2"),
        ("E/ICEF/2025/AB/L.3/Add.1", "E/ICEF/2025/AB/L.3/Add.1", "E/ICEF/2025/AB/L.3/ADD.1"),
    ];

    #[test]
    fn canonical_and_key() {
        for &(input, canonical, key) in CANONICAL {
            let s = Symbol::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(s.canonical(), canonical, "canonical of {input:?}");
            assert_eq!(s.key(), key, "key of {input:?}");
            assert_eq!(s.to_string(), canonical, "Display of {input:?}");
            assert_eq!(
                input.parse::<Symbol>().as_ref(),
                Ok(&s),
                "FromStr of {input:?}"
            );
            // The canonical form is a fixed point.
            assert_eq!(
                Symbol::parse(canonical).as_ref(),
                Ok(&s),
                "reparse of {canonical:?}"
            );
            assert!(key.is_ascii() && !key.contains(' '), "key of {input:?}");
            // A whole symbol typed as a facet prefix selects exactly itself.
            assert_eq!(
                prefix_segments(input).unwrap(),
                s.facet_segments(),
                "{input:?}"
            );
            assert_eq!(s.facet_path(), format!("/{}", s.facet_segments().join("/")));
        }
    }

    /// Groups of written forms that name the same document: one key.
    #[rustfmt::skip]
    const SAME: &[&[&str]] = &[
        &["A/RES/73/69", "a/res/73/69", "A / RES / 73 / 69", "A/RES/73/69*", " a / res / 73 / 69 * "],
        &["S/RES/2220 (2015)", "S/RES/2220(2015)", "S / RES / 2220 (2015)", "s/res/2220", "S/RES/2220 ( 2015 )"],
        &["A/RES/1514(XV)", "A/RES/1514 (XV)", "a/res/1514(xv)", "A / RES / 1514 (XV)"],
        &["A/RES/43/58 E", "A/RES/43/58E", "A/RES/43/58[E]", "a/res/43/58e", "A/RES/43/58 [E]"],
        &["A/80/74/Add.1", "A/80/74/ADD.1", "a/80/74/add. 1", "A/80/74/Add1"],
        &["ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"],
        &["A/79/722", "A/79/722*", "A/79/722 *"],
        &["A/RES/3359(XXIX)[A]", "A/RES/3359 (XXIX) A", "A/RES/3359(XXIX)A"],
    ];

    #[test]
    fn same_document_same_key() {
        for group in SAME {
            let first = Symbol::parse(group[0]).unwrap().key();
            for input in *group {
                let s = Symbol::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
                assert_eq!(s.key(), first, "{input:?} vs {:?}", group[0]);
            }
        }
    }

    /// Pairs that look alike but name different documents.
    #[rustfmt::skip]
    const DIFFERENT: &[(&str, &str)] = &[
        ("A/RES/73/69", "A/RES/73/6"),
        ("A/RES/43/58", "A/RES/43/58E"),
        ("A/RES/43/58D", "A/RES/43/58E"),
        ("A/74/187", "A/74/187/Add.1"),
        ("A/C.1/74/L.34", "A/C.1/74/L.34/Rev.1"),
        ("S/RES/2220 (2015)", "S/RES/2221 (2015)"),
        ("A/RES/1(I)", "A/RES/1(II)"),
        ("A/80/15 (Part I)", "A/80/15 (Part II)"),
        ("A/RES/ES-10/21", "A/RES/10/21"),
        ("A/79/722", "S/79/722"),
    ];

    #[test]
    fn different_documents_different_keys() {
        for &(a, b) in DIFFERENT {
            let (a, b) = (Symbol::parse(a).unwrap(), Symbol::parse(b).unwrap());
            assert_ne!(a.key(), b.key(), "{a} vs {b}");
        }
    }

    #[rustfmt::skip]
    const FACETS: &[(&str, &[&str])] = &[
        ("A/RES/73/69", &["A", "RES", "73", "69"]),
        ("s/res/2220(2015)", &["S", "RES", "2220 (2015)"]),
        ("A/RES/1(I)", &["A", "RES", "1(I)"]),
        ("A/RES/43/58E", &["A", "RES", "43", "58", "E"]),
        ("A/RES/3359(XXIX)[A]", &["A", "RES", "3359(XXIX)", "A"]),
        ("A/40/24 (Part II)/Corr.1", &["A", "40", "24", "Part II", "Corr.1"]),
        ("a/c.1/74/l.34", &["A", "C.1", "74", "L.34"]),
        ("E/CN.6/2025/3/Rev.1", &["E", "CN.6", "2025", "3", "Rev.1"]),
        ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", &["ATT", "CSP5", "2019", "SEC", "536", "Conf.FinRep.Rev1"]),
    ];

    #[test]
    fn facets() {
        for &(input, segments) in FACETS {
            let s = Symbol::parse(input).unwrap();
            assert_eq!(s.facet_segments(), segments, "{input:?}");
            assert_eq!(
                s.facet_path(),
                format!("/{}", segments.join("/")),
                "{input:?}"
            );
        }
        assert_eq!(
            Symbol::parse("A/RES/73/69").unwrap().facet_path(),
            "/A/RES/73/69"
        );
    }

    #[rustfmt::skip]
    const KINDS: &[(&str, SymbolKind, &str)] = &[
        ("A/RES/73/69", SymbolKind::Resolution, "A"),
        ("S/RES/2220 (2015)", SymbolKind::Resolution, "S"),
        ("A/HRC/RES/47/17", SymbolKind::Resolution, "A"),
        ("A/DEC/73/546", SymbolKind::Decision, "A"),
        ("S/PRST/2015/3", SymbolKind::PresidentialStatement, "S"),
        ("A/C.1/74/L.34", SymbolKind::Draft, "A"),
        ("A/C.1/74/L.34/Rev.1", SymbolKind::Draft, "A"),
        ("E/2025/L.4", SymbolKind::Draft, "E"),
        ("S/PV.7447", SymbolKind::MeetingRecord, "S"),
        ("A/C.1/74/SR.5", SymbolKind::MeetingRecord, "A"),
        ("A/74/187", SymbolKind::Other, "A"),
        ("ccw/p.v/conf/2018/5", SymbolKind::Other, "CCW"),
        ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", SymbolKind::Other, "ATT"),
    ];

    #[test]
    fn kinds_and_organs() {
        for &(input, kind, organ) in KINDS {
            let s = Symbol::parse(input).unwrap();
            assert_eq!(s.kind(), kind, "{input:?}");
            assert_eq!(s.organ(), organ, "{input:?}");
        }
    }

    /// (input, the whole error message): what is not a symbol, and why.
    #[rustfmt::skip]
    const REJECTED: &[(&str, &str)] = &[
        ("", "empty symbol"),
        ("   ", "empty symbol"),
        (" * ", "empty symbol"),
        ("13/01/2025", r#""13/01/2025": not a document symbol (a date, a fraction or a number)"#),
        ("24/7", r#""24/7": not a document symbol (a date, a fraction or a number)"#),
        ("1/2", r#""1/2": not a document symbol (a date, a fraction or a number)"#),
        ("2015", r#""2015": not a document symbol (a number)"#),
        ("https://a/b", r#""https://a/b": not a document symbol (a URL)"#),
        ("https://undocs.org/A/RES/73/69", r#""https://undocs.org/A/RES/73/69": not a document symbol (a URL)"#),
        ("www.un.org/a/1", r#""www.un.org/a/1": not a document symbol (a URL)"#),
        ("disarmament", r#""disarmament": not a document symbol (no '/': a symbol is a path such as A/RES/73/69)"#),
        ("A//73", r#""A//73": empty component after "A/""#),
        ("A/RES/", r#""A/RES/": empty component after "A/RES/""#),
        ("/A/RES/73/69", r#""/A/RES/73/69": not a document symbol (it starts with '/')"#),
        ("A/RES/73/69 foo", r#""A/RES/73/69 foo": unexpected "foo" in component "69 foo""#),
        ("A/RES/73/69)", r#""A/RES/73/69)": unexpected ")" in component "69)""#),
        ("A/74/187.", r#""A/74/187.": nothing after '.' in component "187.""#),
        ("A/3449/Add.", r#""A/3449/Add.": nothing after '.' in component "Add.""#),
        ("A/RES/73/69AND", r#""A/RES/73/69AND": "69AND" is not a number with a part letter in component "69AND""#),
        ("A/74/187 (2019)", r#""A/74/187 (2019)": unexpected "(2019)" in component "187 (2019)""#),
        ("A/RES/73/69 (2018)", r#""A/RES/73/69 (2018)": unexpected "(2018)" in component "69 (2018)""#),
        ("A/RES/2220 (2015)", r#""A/RES/2220 (2015)": a year in parentheses (2015) follows only a Security Council resolution number, as in S/RES/2220 (2015) in component "2220 (2015)""#),
        ("S/2025/27[A]", r#""S/2025/27[A]": a part in brackets comes only at the end of a resolution or decision in component "27[A]""#),
        ("and/or", r#""and/or": "and" is not a known organ (an unknown series needs three components or more)"#),
        ("km/h", r#""km/h": "km" is not a known organ (an unknown series needs three components or more)"#),
        ("covid/19", r#""covid/19": "covid" is not a known organ (an unknown series needs three components or more)"#),
        ("N/A", r#""N/A": "N" is not a known organ (an unknown series needs three components or more)"#),
        ("A/B", r#""A/B": no number (every document symbol has one, as in A/RES/73/69)"#),
        ("S/PRST", r#""S/PRST": no number (every document symbol has one, as in A/RES/73/69)"#),
        ("A64/PV.62", r#""A64/PV.62": "A64" is not an organ: a symbol starts with one, as A/..., S/..., ATT/..."#),
        ("A/79/722-S/2025/27", r#""A/79/722-S/2025/27": a joint symbol of 2 documents; split it with parse_joint"#),
        ("A/RES/73/69-71", r#""A/RES/73/69-71": a range of numbers, not a symbol in component "69-71""#),
        ("A/C.1/74/L", r#""A/C.1/74/L": "L" needs its number in component "L""#),
        ("A/RES/7 3/69", r#""A/RES/7 3/69": unexpected "3" in component "7 3""#),
        ("A/PV.1384 and Corr.1", r#""A/PV.1384 and Corr.1": unexpected "and Corr.1" in component "PV.1384 and Corr.1""#),
        ("A/RES/73/(69", r#""A/RES/73/(69": unexpected "(69" in component "(69""#),
        ("A/RES/73/69\u{e9}", "\"A/RES/73/69\u{e9}\": not a document symbol (a character that no symbol has)"),
    ];

    #[test]
    fn rejected() {
        for &(input, message) in REJECTED {
            match Symbol::parse(input) {
                Ok(s) => panic!("{input:?} parsed as {s}"),
                Err(e) => assert_eq!(e.to_string(), message, "{input:?}"),
            }
        }
    }

    #[rustfmt::skip]
    const JOINT: &[(&str, &[&str])] = &[
        ("A/79/722-S/2025/27", &["A/79/722", "S/2025/27"]),
        ("a/79/722 - s/2025/27", &["A/79/722", "S/2025/27"]),
        ("A/79/722\u{2013}S/2025/27", &["A/79/722", "S/2025/27"]),
        ("A/ES-10/1043, S/2025/529", &["A/ES-10/1043", "S/2025/529"]),
        ("A/34/393-S/13485-E/1979/10", &["A/34/393", "S/13485", "E/1979/10"]),
        ("A/74/187", &["A/74/187"]),
        ("A/RES/ES-10/21", &["A/RES/ES-10/21"]),
        ("A/RES/S-10/2", &["A/RES/S-10/2"]),
        ("A/RES/2248(S-V)", &["A/RES/2248(S-V)"]),
        ("A/RES/50/38[B-VII]", &["A/RES/50/38[B-VII]"]),
        ("A/RES/75/254A-C", &["A/RES/75/254 A-C"]),
        ("A/RES/17(I)[RULE-33]", &["A/RES/17(I)[RULE-33]"]),
        // Page 1 of real 2025 documents.
        ("E/2025/39-ESCAP/81/32", &["E/2025/39", "ESCAP/81/32"]),
        ("DP-FPA/2025/1", &["DP-FPA/2025/1"]),
        ("dp-fpa/2025/1", &["DP-FPA/2025/1"]),
    ];

    #[test]
    fn written_forms_include_citations() {
        let table: &[(&str, Option<&str>)] = &[
            ("A/RES/73/69", Some("A/RES/73/69")),
            ("resolution 73/69", Some("A/RES/73/69")),
            (
                "Security Council resolution 2220 (2015)",
                Some("S/RES/2220 (2015)"),
            ),
            ("decision 73/546", Some("A/DEC/73/546")),
            ("resolutions 73/69 and 72/55", None),
            ("13/01/2025", None),
            ("small arms", None),
        ];
        for &(input, want) in table {
            let got = parse_written(input).ok().map(|s| s.to_string());
            assert_eq!(got.as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn joint() {
        for &(input, parts) in JOINT {
            let got: Vec<String> = parse_joint(input)
                .unwrap_or_else(|e| panic!("{input:?}: {e}"))
                .iter()
                .map(|s| s.to_string())
                .collect();
            assert_eq!(got, parts, "{input:?}");
        }
        assert_eq!(
            parse_joint("A/79/722-S/2025/").unwrap_err().to_string(),
            r#""S/2025/": empty component after "S/2025/""#
        );
        assert_eq!(parse_joint(" ").unwrap_err(), SymbolError::Empty);
    }

    #[rustfmt::skip]
    const PREFIXES: &[(&str, &[&str])] = &[
        ("a/res/73", &["A", "RES", "73"]),
        ("A / RES", &["A", "RES"]),
        ("/A/RES/73/", &["A", "RES", "73"]),
        ("A", &["A"]),
        ("s/res/2220(2015)", &["S", "RES", "2220 (2015)"]),
        ("A/RES/43/58E", &["A", "RES", "43", "58", "E"]),
        ("A/RES/43/58", &["A", "RES", "43", "58"]),
        ("att/csp5", &["ATT", "CSP5"]),
        ("e/cn.6", &["E", "CN.6"]),
        ("a/c.1/74/l", &["A", "C.1", "74", "L"]),
        ("/", &[]),
    ];

    #[test]
    fn prefixes() {
        for &(input, segments) in PREFIXES {
            let got = prefix_segments(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(got, segments, "{input:?}");
        }
        // A prefix matches the facet segments of the documents under it.
        let doc = Symbol::parse("A/RES/73/69").unwrap().facet_segments();
        assert!(doc.starts_with(&prefix_segments("a / res / 73").unwrap()));
        let sc = Symbol::parse("S/RES/2220 (2015)").unwrap().facet_segments();
        assert!(sc.starts_with(&prefix_segments("S/RES/2220(2015)").unwrap()));
    }

    #[rustfmt::skip]
    const PREFIXES_REJECTED: &[(&str, &str)] = &[
        ("", "empty symbol"),
        ("13/01", r#""13/01": not a document symbol (a date, a fraction or a number)"#),
        ("A//RES", r#""A//RES": empty component after "A/""#),
        ("https://x/y", r#""https://x/y": not a document symbol (a URL)"#),
    ];

    #[test]
    fn prefixes_rejected() {
        for &(input, message) in PREFIXES_REJECTED {
            let err = prefix_segments(input).expect_err(input);
            assert_eq!(err.to_string(), message, "{input:?}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let s = Symbol::parse("s/res/2220(2015)").unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#""S/RES/2220 (2015)""#);
        assert_eq!(serde_json::from_str::<Symbol>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Symbol>(r#""13/01/2025""#).is_err());
    }
}
