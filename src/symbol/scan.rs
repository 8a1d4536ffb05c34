//! Finds document symbols and citations of resolutions in running text, so
//! that the index can record which documents a document cites.
//!
//! Two kinds of mention are found:
//! - explicit symbols: "see A/74/187", "(A/C.1/74/L.34)", "S/RES/2220(2015)",
//!   joint ones ("A/79/722-S/2025/27" gives two), and links to
//!   `undocs.org/<symbol>` (the UN's own symbol resolver: a link there is a
//!   citation). Other URLs and paths never yield a symbol, even when a part
//!   of them looks like one: a symbol preceded by `/`, `.`, `-` or `_` is
//!   part of something else;
//! - citations by number after "resolution(s)", "decision(s)" or "res.":
//!   "resolution 65/69" (General Assembly, in any context, since the
//!   Security Council never numbers that way), "resolution 2701 (2023)"
//!   (Security Council), "resolution 1514 (XV)" (General Assembly before
//!   1976), "resolution ES-10/21", "decision 73/546", and lists such as
//!   "resolutions 1267 (1999), 1333 (2000) and 1390 (2002)", each item
//!   optionally followed by "of 8 December 2010".
//!
//! A body named just before the keyword overrides the default reading:
//! "Human Rights Council resolution 47/17" is A/HRC/RES/47/17, "Economic and
//! Social Council resolution 2024/5" is E/RES/2024/5, and after another
//! body ("Commission resolution 60/2") a number is not guessed at. A bare
//! number ("resolution 1540") is a Security Council resolution only in a
//! Security Council text or after "Security Council"; elsewhere it is too
//! ambiguous to record.
//!
//! A citation's byte range covers the symbol or the number as written
//! ("65/69", "2220 (2015)"), not the keyword or the date. Dates (13/01/2025),
//! "24/7", fractions, page numbers and lone years are never matched: explicit
//! symbols must start with a known organ and contain a number, and numbers
//! after the keyword must have a citation's shape.
//!
//! The scanner runs over hundreds of megabytes of speeches, so it makes two
//! passes with one precompiled regex each (explicit symbols, keywords), each
//! of which the regex engine can search for a literal, plus small anchored
//! regexes tried only after a hit; it runs in linear time and allocates only
//! for what it finds.

use std::sync::LazyLock;

use regex::Regex;

use super::{joint_ranges, Symbol};

/// The kind of text being scanned, which decides how the forms that depend
/// on context are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    GeneralAssembly,
    SecurityCouncil,
    Unknown,
}

impl Context {
    /// The context of a document's own text, from its symbol.
    pub fn from_symbol(s: &Symbol) -> Context {
        match s.organ() {
            "A" => Context::GeneralAssembly,
            "S" => Context::SecurityCouncil,
            _ => Context::Unknown,
        }
    }
}

/// One mention of a document: the symbol and the byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub symbol: Symbol,
    pub start: usize,
    pub end: usize,
}

/// Organs recognised in running text: a stricter list than the parser's,
/// since text is full of "and/or" and "km/h"; all must be upper case.
const TEXT_ORGANS: &str = "A|S|E|ST|T|CCW|ATT|TPNW|NPT|BWC|CD|APLC|CCM|DP|JIU|FCCC|UNEP|CEB|\
                           ICCD|ECE|TD|CTOC|INFCIRC|SG|SC|GA|CRC|CEDAW|CCPR|CERD|CAT|HRI|CMW|\
                           CRPD|PBC|SPLOS|UNW";

/// One component of an explicit symbol in text. Trailing punctuation stays
/// out because every piece must end in a letter or digit; a parenthesis
/// or bracket is taken greedily and given back by `parse_trimmed` if the
/// parser does not accept it ("A/74/187 (2019)").
const COMPONENT: &str = r"[A-Za-z0-9]+(?:[.\-\x{2011}][A-Za-z0-9]+)*(?:\s?\([A-Za-z0-9][A-Za-z0-9 .\-]{0,24}\))?(?:\[[A-Za-z0-9 .\-]{1,24}\])?";

/// Explicit symbols, and symbols in undocs.org links. All alternatives
/// contain a '/', which lets the regex engine search for that byte and
/// match backwards and forwards from it: over a gigabyte a second.
static SYMBOLS: LazyLock<Regex> = LazyLock::new(|| {
    let undocs =
        format!(r"(?i:undocs\.org/(?:[a-z]{{2}}/)?)(?P<usym>[A-Za-z]{{1,12}}(?:/{COMPONENT})+)");
    // After a slash, PDFs often break the line: allow one space or newline.
    let symbol = format!(r"(?P<sym>(?-u:\b)(?:{TEXT_ORGANS})(?:/(?:\r?\n|[ \t])?{COMPONENT})+)");
    Regex::new(&format!("{undocs}|{symbol}")).expect("symbol regex")
});

/// The keywords that introduce citations by number. A separate regex from
/// `SYMBOLS`: together, neither the '/' nor the keyword's letters could
/// guide the search, and the scan would run at a fifth of the speed. The
/// body that may precede the keyword ("Security Council resolution") is
/// looked for afterwards (`BODY_BEFORE`) for the same reason.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?i:resolutions?\s+|decisions?\s+|res\.\s*)").expect("keyword regex")
});

/// A body named right before the keyword, matched against the few bytes
/// before it.
static BODY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<body>(?i:general\s+assembly|security\s+council|economic\s+and\s+social\s+council|human\s+rights\s+council)|UNGA|UNSC|GA|SC|ECOSOC|HRC|Assembly|Council|Commission|Conference|Board|Committee)(?:'s|’s)?\s+$")
        .expect("body regex")
});

/// One cited number after the keyword, anchored where the previous one
/// ended.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?P<sess>(?:[Ee]?[Ss]-)?[0-9]{1,4})[ \t]?/[ \t]?(?P<num>[0-9]{1,4})(?P<apart>[A-Z](?:-[A-Z])?)?",
        r"|(?P<pnum>[0-9]{1,4})(?:[ \t]+(?P<ppart>[A-Z]))?\s*\(\s*(?P<paren>[0-9]{4}|(?:E?S-)?[IVXLC]{1,7}|E?S-[0-9]{1,2})\s*\)",
        r"|(?P<bare>[0-9]{1,4}))"
    ))
    .expect("item regex")
});

/// "46/36 L", "46/36 L-N": a part letter after a space.
static SPACED_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]([A-Z](?:[ \t]?-[ \t]?[A-Z])?)").expect("part regex"));

static TYPE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/(?:PV|SR|Add|ADD|Corr|CORR|Rev|REV|Amend|L)$").expect("tail"));
static NUMBER_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\.[ \t]?|[ \t])[0-9]{1,5}(?-u:\b)").expect("number"));

/// "of the Trade and Development Board", "of the General Assembly": the
/// body that adopted the resolution, named after its number.
static OF_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+of\s+the\s+((?:(?:[A-Z][A-Za-z\-]*|and)\s+){0,6}?(?:Assembly|Council|Board|Commission|Conference|Committee|Organization)(?-u:\b))")
        .expect("of-body regex")
});

/// "of 8 December 2010", "of December 8, 2010", "of 4 March".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^,?\s+of\s+(?:[0-9]{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2})(?:,?\s+[0-9]{4})?",
    )
    .expect("date regex")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)").expect("separator regex")
});

/// Finds every symbol and citation in `text`, in text order. Duplicates are
/// kept (a document citing A/RES/73/69 twice gives two citations); callers
/// dedupe by [`Symbol::key`].
pub fn scan(text: &str, context: Context) -> Vec<Citation> {
    let mut out = Vec::new();
    for caps in SYMBOLS.captures_iter(text) {
        if let Some(m) = caps.name("usym") {
            explicit(text, m.start(), m.end(), &mut out);
        } else if let Some(m) = caps.name("sym") {
            if preceded_ok(text, m.start()) {
                explicit(text, m.start(), m.end(), &mut out);
            }
        }
    }
    let explicit_count = out.len();
    let mut pos = 0;
    while let Some(m) = KEYWORD.find_at(text, pos) {
        let keyword = if m.as_str().starts_with(['d', 'D']) {
            Keyword::Decision
        } else {
            Keyword::Resolution
        };
        let body = body_before(text, m.start());
        pos = citations(text, m.end(), body, keyword, context, &mut out).max(m.end());
    }
    // Both passes are in text order and never overlap (a citation by
    // number has no organ); a stable sort merges them.
    if explicit_count > 0 && explicit_count < out.len() {
        out.sort_by_key(|c| c.start);
    }
    out
}

/// The body named right before a keyword at `at`, if any.
fn body_before(text: &str, at: usize) -> Body {
    let mut from = at.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    BODY_BEFORE
        .captures(&text[from..at])
        .map_or(Body::None, |caps| Body::of(&caps["body"]))
}

/// A symbol right after one of these is part of a URL, a path, a file name
/// or a word ("non-A/...", "example.org/A/RES/73/69", "A_RES_73_69").
fn preceded_ok(text: &str, start: usize) -> bool {
    start == 0
        || !matches!(
            text.as_bytes()[start - 1],
            b'/' | b'.' | b'-' | b'_' | b'\\' | b'@' | b'#' | b'%' | b'~' | b'&' | b'+'
        )
}

/// Records the symbol(s) of one explicit match, split if joint.
fn explicit(text: &str, start: usize, mut end: usize, out: &mut Vec<Citation>) {
    // "A/34/PV. 31", "A/2485/Rev 1": the regex stops at the type word;
    // take its number too (the parser accepts both spellings).
    if TYPE_TAIL.is_match(&text[start..end]) {
        if let Some(m) = NUMBER_AFTER.find(&text[end..]) {
            end += m.end();
        }
    }
    let matched = &text[start..end];
    for (s, e) in joint_ranges(matched) {
        if let Some((symbol, len)) = parse_trimmed(&matched[s..e]) {
            out.push(Citation {
                symbol,
                start: start + s,
                end: start + s + len,
            });
        }
    }
}

/// Parses `s`, giving back a trailing qualifier the parser refuses
/// ("A/74/187 (2019)" → "A/74/187"). Whole components are never dropped:
/// "A/RES/73/69AND" is junk, not A/RES/73.
fn parse_trimmed(s: &str) -> Option<(Symbol, usize)> {
    let mut candidate = s;
    loop {
        if let Ok(symbol) = Symbol::parse(candidate) {
            return Some((symbol, candidate.len()));
        }
        let last_slash = candidate.rfind('/')?;
        let cut = candidate.rfind(['(', '[', ' ', '\t', '\n', '\r'])?;
        if cut <= last_slash + 1 {
            return None;
        }
        candidate = candidate[..cut].trim_end();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Resolution,
    Decision,
}

/// The body named right before the keyword.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    None,
    GeneralAssembly,
    SecurityCouncil,
    Ecosoc,
    HumanRightsCouncil,
    /// "Council" alone: a year marks the Security Council, anything else is
    /// ambiguous.
    Council,
    /// Commission, Conference, Board, Committee: their numbers are their own.
    Other,
}

impl Body {
    fn of(s: &str) -> Body {
        let first = s.split_whitespace().next().unwrap_or("");
        match first.to_ascii_lowercase().as_str() {
            "general" | "unga" | "ga" | "assembly" => Body::GeneralAssembly,
            "security" | "unsc" | "sc" => Body::SecurityCouncil,
            "economic" | "ecosoc" => Body::Ecosoc,
            "human" | "hrc" => Body::HumanRightsCouncil,
            "council" => Body::Council,
            _ => Body::Other,
        }
    }

    /// Whether a session/number citation ("65/69") is a General Assembly one.
    fn reads_as_assembly(self) -> bool {
        matches!(self, Body::None | Body::GeneralAssembly)
    }
}

/// Reads the list of numbers after a keyword starting at `at`; returns
/// where the last item (and its date) ended.
fn citations(
    text: &str,
    at: usize,
    body: Body,
    keyword: Keyword,
    context: Context,
    out: &mut Vec<Citation>,
) -> usize {
    let mut pos = at;
    let mut end = at;
    let mut first = true;
    let mut previous_bare = false;
    loop {
        let rest = &text[pos..];
        let Some(item) = ITEM.captures(rest) else {
            break;
        };
        let mut len = item.get(0).expect("group 0").end();
        let after = &rest[len..];
        let next = after.as_bytes().first().copied();
        // The shape decides how to read the number; the body named after
        // it ("of the Trade and Development Board") can still overrule.
        let shape = if let (Some(sess), Some(num)) = (item.name("sess"), item.name("num")) {
            if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'/') {
                break; // 13/01/2025, 65/69th
            }
            let mut part = item.name("apart").map(|m| m.as_str().to_string());
            if part.is_none() {
                if let Some((part_len, p)) = spaced_part(after) {
                    part = Some(p);
                    len += part_len;
                }
            }
            Shape::Session(sess.as_str(), num.as_str(), part)
        } else if let (Some(num), Some(paren)) = (item.name("pnum"), item.name("paren")) {
            let part = item.name("ppart").map(|m| m.as_str());
            Shape::Parens(num.as_str(), paren.as_str(), part)
        } else {
            let bare = item.name("bare").expect("third alternative");
            // A bare number only starts a list or follows another bare one:
            // in "242 (1967) and 13 425 (1978)" the 13 is a page number.
            if !bare_ends_well(after) || !(first || previous_bare) {
                break;
            }
            Shape::Bare(bare.as_str())
        };
        let item_end = pos + len;
        pos = item_end;
        if let Some(date) = DATE.find(&text[pos..]) {
            pos += date.end();
        }
        let body_here = match OF_BODY.captures(&text[pos..]) {
            Some(caps) => Body::of(&caps[1]),
            None => body,
        };
        let resolved = match &shape {
            Shape::Session(sess, num, part) => {
                session_number(sess, num, part.as_deref(), body_here, keyword)
            }
            Shape::Parens(num, paren, part) => {
                number_in_parens(num, paren, *part, body_here, keyword)
            }
            Shape::Bare(num) => {
                let sc = body_here == Body::SecurityCouncil
                    || (body_here == Body::None && context == Context::SecurityCouncil);
                (sc && keyword == Keyword::Resolution && valid_number(num))
                    .then(|| format!("S/RES/{num}"))
            }
        };
        if let Some(symbol) = resolved.and_then(|s| Symbol::parse(&s).ok()) {
            out.push(Citation {
                symbol,
                start: item_end - len,
                end: item_end,
            });
        }
        previous_bare = matches!(shape, Shape::Bare(_));
        first = false;
        end = pos;
        let Some(sep) = SEPARATOR.find(&text[pos..]) else {
            break;
        };
        pos += sep.end();
    }
    end
}

/// The shape of one cited number.
enum Shape<'a> {
    /// "65/69", "ES-10/21", "46/36 L"
    Session(&'a str, &'a str, Option<String>),
    /// "2220 (2015)", "1514 (XV)", "377 A (V)"
    Parens(&'a str, &'a str, Option<&'a str>),
    /// "1540"
    Bare(&'a str),
}

/// A part letter after a space ("46/36 L"), unless the letter is the
/// pronoun or article starting the next words ("65/69 A new ...").
fn spaced_part(after: &str) -> Option<(usize, String)> {
    let caps = SPACED_PART.captures(after)?;
    let m = caps.get(1)?;
    let tail = &after[m.end()..];
    let b = tail.as_bytes();
    if b.first()
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/')
    {
        return None;
    }
    let word = m.as_str() == "A" || m.as_str() == "I";
    if word && b.len() >= 2 && b[0] == b' ' && b[1].is_ascii_lowercase() {
        return None;
    }
    let part: String = m
        .as_str()
        .chars()
        .filter(|c| *c != ' ' && *c != '\t')
        .collect();
    Some((m.end(), part))
}

/// After a bare number: no more digits or a decimal, and not a lower-case
/// word ("resolution 4 programme", a footnote mark) other than and/or/of.
fn bare_ends_well(after: &str) -> bool {
    let b = after.as_bytes();
    match b.first() {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'/' => false,
        Some(b'.' | b',') if b.get(1).is_some_and(u8::is_ascii_digit) => false,
        Some(b' ' | b'\t') => {
            let next = after.trim_start_matches([' ', '\t']);
            if next.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
                // "resolutions 2 42 (1967)", "resolution 32 (1)": OCR noise
                return false;
            }
            let word: &str = after
                .trim_start_matches([' ', '\t'])
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("");
            !word.starts_with(|c: char| c.is_ascii_lowercase())
                || matches!(word, "and" | "or" | "of")
        }
        Some(_) => true,
    }
}

/// A resolution or decision number: 1 to 9999, no leading zero.
fn valid_number(n: &str) -> bool {
    !n.starts_with('0')
}

/// "65/69", "ES-10/21", "S-10/2", "2024/5" (ECOSOC), "47/17" (HRC).
fn session_number(
    sess: &str,
    num: &str,
    part: Option<&str>,
    body: Body,
    keyword: Keyword,
) -> Option<String> {
    if !valid_number(num) {
        return None;
    }
    let kind = match keyword {
        Keyword::Resolution => "RES",
        Keyword::Decision => "DEC",
    };
    let part = part.map_or(String::new(), |p| format!(" {p}"));
    let special = sess.contains('-');
    let digits = sess.trim_start_matches(|c: char| !c.is_ascii_digit());
    if !valid_number(digits) {
        return None;
    }
    let sess = sess.to_ascii_uppercase();
    if !special && digits.len() == 4 {
        // Years number ECOSOC's resolutions, but also those of many other
        // bodies: only trust them after "Economic and Social Council".
        let year: u32 = digits.parse().ok()?;
        return (body == Body::Ecosoc && (1946..=2100).contains(&year))
            .then(|| format!("E/{kind}/{sess}/{num}{part}"));
    }
    match body {
        b if b.reads_as_assembly() => Some(format!("A/{kind}/{sess}/{num}{part}")),
        Body::HumanRightsCouncil => Some(format!("A/HRC/{kind}/{sess}/{num}{part}")),
        _ => None,
    }
}

/// "2220 (2015)" (Security Council), "1514 (XV)" and "377 A (V)" (General
/// Assembly before 1976), "104 (S-1)".
fn number_in_parens(
    num: &str,
    paren: &str,
    part: Option<&str>,
    body: Body,
    keyword: Keyword,
) -> Option<String> {
    if !valid_number(num) || keyword != Keyword::Resolution {
        return None;
    }
    let part = part.map_or(String::new(), |p| format!(" {p}"));
    if paren.bytes().all(|c| c.is_ascii_digit()) {
        let year: u32 = paren.parse().ok()?;
        let sc = matches!(body, Body::None | Body::SecurityCouncil | Body::Council);
        return (sc && (1946..=2100).contains(&year))
            .then(|| format!("S/RES/{num}{part} ({paren})"));
    }
    let (prefix, numeral) = match paren.rsplit_once('-') {
        Some((p, n)) => (Some(p), n),
        None => (None, paren),
    };
    let value = numeral
        .parse::<u32>()
        .ok()
        .or_else(|| roman_value(numeral))?;
    match body {
        // The Assembly numbered its sessions in Roman numerals up to the
        // 30th (1975); a higher one is another body's (ECOSOC's XLIV).
        b if b.reads_as_assembly() && (prefix.is_some() || value <= 30) => {
            Some(format!("A/RES/{num}{part}({paren})"))
        }
        Body::Ecosoc if prefix.is_none() => Some(format!("E/RES/{num}{part}({paren})")),
        _ => None,
    }
}

/// The value of a well-formed Roman numeral ("XV" → 15); `None` for
/// malformed ones such as "IIII" or "VX", which are OCR noise.
fn roman_value(s: &str) -> Option<u32> {
    let digit = |c: u8| match c {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        _ => None,
    };
    let mut total = 0u32;
    let mut prev = 0;
    for c in s.bytes().rev() {
        let v = digit(c)?;
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0 && to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Context::{GeneralAssembly as Ga, SecurityCouncil as Sc, Unknown};

    /// (canonical symbol, the text it was found in), in text order.
    type Found = &'static [(&'static str, &'static str)];

    /// (text, context, what the scanner finds).
    #[rustfmt::skip]
    const ROWS: &[(&str, Context, Found)] = &[
        // Explicit symbols, punctuation kept out.
        ("The Secretary-General's report (A/74/187) was noted.", Unknown, &[("A/74/187", "A/74/187")]),
        ("See A/74/187 and A/RES/73/69.", Unknown, &[("A/74/187", "A/74/187"), ("A/RES/73/69", "A/RES/73/69")]),
        ("as set out in document S/2025/27, the mission", Sc, &[("S/2025/27", "S/2025/27")]),
        ("the draft (A/C.1/74/L.34), as orally revised;", Ga, &[("A/C.1/74/L.34", "A/C.1/74/L.34")]),
        ("(E/CN.6/2025/3/Rev.1; A/80/74/Add.1).", Unknown, &[
            ("E/CN.6/2025/3/Rev.1", "E/CN.6/2025/3/Rev.1"),
            ("A/80/74/Add.1", "A/80/74/Add.1"),
        ]),
        ("Council resolution S/RES/2220(2015) and S/RES/2117 (2013)", Unknown, &[
            ("S/RES/2220 (2015)", "S/RES/2220(2015)"),
            ("S/RES/2117 (2013)", "S/RES/2117 (2013)"),
        ]),
        ("Assembly resolution A/RES/1514 (XV) applies", Unknown, &[("A/RES/1514(XV)", "A/RES/1514 (XV)")]),
        ("The joint letter A/79/722-S/2025/27 of 3 February", Unknown, &[
            ("A/79/722", "A/79/722"),
            ("S/2025/27", "S/2025/27"),
        ]),
        ("Reports CCW/P.V/CONF/2018/5 and ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1 refer.", Unknown, &[
            ("CCW/P.V/CONF/2018/5", "CCW/P.V/CONF/2018/5"),
            ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1"),
        ]),
        ("the emergency session (A/ES-10/1043) and resolution A/RES/ES-10/21", Unknown, &[
            ("A/ES-10/1043", "A/ES-10/1043"),
            ("A/RES/ES-10/21", "A/RES/ES-10/21"),
        ]),
        ("statement S/PRST/2015/3 of 19 March", Sc, &[("S/PRST/2015/3", "S/PRST/2015/3")]),
        ("(see S/PV.7447)", Sc, &[("S/PV.7447", "S/PV.7447")]),
        ("quoted in A/34/PV. 31, p. 4", Ga, &[("A/34/PV.31", "A/34/PV. 31")]),
        ("the report (A/74/187 (2019)) says", Unknown, &[("A/74/187", "A/74/187")]),
        ("part two of A/80/15 (Part II) covers", Unknown, &[("A/80/15 (Part II)", "A/80/15 (Part II)")]),
        ("decided in A/RES/43/58E.", Unknown, &[("A/RES/43/58 E", "A/RES/43/58E")]),
        ("split over a line, A/C.1/74/\nL.34 reads", Unknown, &[("A/C.1/74/L.34", "A/C.1/74/\nL.34")]),
        ("at undocs.org/en/A/RES/73/69 or https://undocs.org/s/2025/27", Unknown, &[
            ("A/RES/73/69", "A/RES/73/69"),
            ("S/2025/27", "s/2025/27"),
        ]),
        // Citations by number.
        ("Recalling its resolution 65/69 of 8 December 2010,", Ga, &[("A/RES/65/69", "65/69")]),
        ("Recalling its resolution 2701 (2023) on the situation,", Unknown, &[("S/RES/2701 (2023)", "2701 (2023)")]),
        ("Reaffirming its resolutions 1970 (2011) and 2146 (2014),", Sc, &[
            ("S/RES/1970 (2011)", "1970 (2011)"),
            ("S/RES/2146 (2014)", "2146 (2014)"),
        ]),
        ("under resolutions 1267 (1999), 1333 (2000) and 1390 (2002), the Committee", Sc, &[
            ("S/RES/1267 (1999)", "1267 (1999)"),
            ("S/RES/1333 (2000)", "1333 (2000)"),
            ("S/RES/1390 (2002)", "1390 (2002)"),
        ]),
        ("resolutions 1540 (2004), 1673 (2006), and 1810 (2008)", Unknown, &[
            ("S/RES/1540 (2004)", "1540 (2004)"),
            ("S/RES/1673 (2006)", "1673 (2006)"),
            ("S/RES/1810 (2008)", "1810 (2008)"),
        ]),
        ("Welcoming resolutions 73/69 and 72/55, and noting", Ga, &[
            ("A/RES/73/69", "73/69"),
            ("A/RES/72/55", "72/55"),
        ]),
        ("resolutions 61/89 of 6 December 2006, 63/240 of 24 December 2008 and 64/48", Unknown, &[
            ("A/RES/61/89", "61/89"),
            ("A/RES/63/240", "63/240"),
            ("A/RES/64/48", "64/48"),
        ]),
        ("the Declaration in General Assembly resolution 1514 (XV) of 14 December 1960", Sc, &[
            ("A/RES/1514(XV)", "1514 (XV)"),
        ]),
        ("resolutions 1514 (XV) and 2625 (XXV), and resolution 2373\n(XXII)", Unknown, &[
            ("A/RES/1514(XV)", "1514 (XV)"),
            ("A/RES/2625(XXV)", "2625 (XXV)"),
            ("A/RES/2373(XXII)", "2373\n(XXII)"),
        ]),
        ("by its resolution 377 A (V), the Assembly", Unknown, &[("A/RES/377(V)[A]", "377 A (V)")]),
        ("in its resolution 3201 (S-VI) it proclaimed", Unknown, &[("A/RES/3201(S-VI)", "3201 (S-VI)")]),
        ("decision 73/546 on the conference", Ga, &[("A/DEC/73/546", "73/546")]),
        ("its decisions 73/546 and 73/547", Ga, &[("A/DEC/73/546", "73/546"), ("A/DEC/73/547", "73/547")]),
        ("As General Assembly resolution 73/69 requests,", Unknown, &[("A/RES/73/69", "73/69")]),
        ("Security Council resolution 2220 (2015) on small arms", Unknown, &[("S/RES/2220 (2015)", "2220 (2015)")]),
        ("Resolution\n2231 (2015) endorsed the plan", Unknown, &[("S/RES/2231 (2015)", "2231 (2015)")]),
        ("in resolution 2220(2015), the Council", Unknown, &[("S/RES/2220 (2015)", "2220(2015)")]),
        ("the Final Document (resolution S-10/2)", Unknown, &[("A/RES/S-10/2", "S-10/2")]),
        ("resolution ES-10/21 of the emergency session", Unknown, &[("A/RES/ES-10/21", "ES-10/21")]),
        ("transparency under resolution 46/36 L of 9 December 1991", Unknown, &[("A/RES/46/36 L", "46/36 L")]),
        ("see resolution 65/69 A new approach", Unknown, &[("A/RES/65/69", "65/69")]),
        ("as in GA res. 33/40 and SC res. 1540 (2004)", Unknown, &[
            ("A/RES/33/40", "33/40"),
            ("S/RES/1540 (2004)", "1540 (2004)"),
        ]),
        // The body named before or after the number decides.
        ("Human Rights Council resolution 47/17 on", Unknown, &[("A/HRC/RES/47/17", "47/17")]),
        ("Economic and Social Council resolution 2024/5", Unknown, &[("E/RES/2024/5", "2024/5")]),
        ("resolution 2024/5 of the Commission", Unknown, &[]),
        ("Commission resolution 60/2 on women", Unknown, &[]),
        ("resolution 165 (S-IX) of the Trade and Development Board", Unknown, &[]),
        ("resolution 222 A (IX) of the Economic and Social Council", Unknown, &[("E/RES/222(IX)[A]", "222 A (IX)")]),
        ("resolution 1296 (XLIV) on consultative status", Unknown, &[]),
        ("decision 80/30 of the UNDP Governing Council", Unknown, &[]),
        // Bare numbers: only where the Security Council is meant.
        ("resolution 1540 and its Committee", Unknown, &[]),
        ("resolution 1540 and its Committee", Sc, &[("S/RES/1540", "1540")]),
        ("the Security Council resolution 1540 Committee", Ga, &[("S/RES/1540", "1540")]),
        ("Resolutions 1368 and 1373 (2001) were adopted", Sc, &[
            ("S/RES/1368", "1368"),
            ("S/RES/1373 (2001)", "1373 (2001)"),
        ]),
        ("paragraph 4 of this resolution 4 programme", Sc, &[]),
        ("resolution 32 (1) of 9 February", Sc, &[]),
        ("resolutions 242 (1967), 338 (1973) and 13 425 (1978)", Sc, &[
            ("S/RES/242 (1967)", "242 (1967)"),
            ("S/RES/338 (1973)", "338 (1973)"),
        ]),
        // Never a symbol.
        ("On 13/01/2025 the hotline, open 24/7, served 1/2 of callers.", Unknown, &[]),
        ("resolution 13/01/2025 was not a thing", Unknown, &[]),
        ("Telegram dated 78/12/29 from the Secretary-General", Unknown, &[]),
        ("speeds in km/h and/or S/he said; the A/C unit", Unknown, &[]),
        ("at https://example.org/A/RES/73/69 and C:/files/S/2025/27.pdf", Unknown, &[]),
        ("the file A_RES_73_69-EN.pdf and non-A/74/187 text", Unknown, &[]),
        ("see page 12 (2015), in 2019 and 2020, chapter 5/6", Unknown, &[]),
        ("a resolution adopted in 2015 and the resolutions of 1990", Unknown, &[]),
    ];

    #[test]
    fn scan_rows() {
        for &(text, context, expected) in ROWS {
            let got: Vec<(String, &str)> = scan(text, context)
                .iter()
                .map(|c| (c.symbol.to_string(), &text[c.start..c.end]))
                .collect();
            let expected: Vec<(String, &str)> =
                expected.iter().map(|&(s, m)| (s.to_string(), m)).collect();
            assert_eq!(got, expected, "in {text:?}");
        }
    }

    #[test]
    fn order_and_duplicates() {
        let text = "Under resolution 73/69 (see A/RES/73/69) and A/74/187, resolution 73/69 again.";
        let got: Vec<String> = scan(text, Ga).iter().map(|c| c.symbol.key()).collect();
        assert_eq!(
            got,
            ["A/RES/73/69", "A/RES/73/69", "A/74/187", "A/RES/73/69"]
        );
    }

    #[test]
    fn context_from_symbol() {
        let of = |s: &str| Context::from_symbol(&Symbol::parse(s).unwrap());
        assert_eq!(of("A/RES/73/69"), Ga);
        assert_eq!(of("A/C.1/74/L.34"), Ga);
        assert_eq!(of("S/RES/2220 (2015)"), Sc);
        assert_eq!(of("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1"), Unknown);
    }

    #[test]
    fn roman_numerals() {
        for (s, v) in [("I", 1), ("IV", 4), ("XV", 15), ("XXIX", 29), ("XLIV", 44)] {
            assert_eq!(roman_value(s), Some(v), "{s}");
        }
        for s in ["IIII", "VX", "XVID", "", "IC"] {
            assert_eq!(roman_value(s), None, "{s}");
        }
    }
}
