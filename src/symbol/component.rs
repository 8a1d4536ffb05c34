//! One component of a symbol (`RES`, `73`, `Add.1`, `2220 (2015)`): its
//! qualifiers (parts, sessions, years, notes) read and written in canonical
//! case and spacing.

use super::*;

/// Where a component sits, which decides the qualifiers it may carry.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    /// The previous component is RES or DEC: this one is the number, and may
    /// carry a Roman session or (for S/) a year.
    pub(super) prev_is_res: bool,
    /// Some earlier component is RES or DEC.
    pub(super) after_res: bool,
    pub(super) organ_s: bool,
    pub(super) last: bool,
    /// A whole symbol, not a facet prefix (which may stop at `A/C.1/74/L`).
    pub(super) whole: bool,
}

impl Ctx {
    /// Parts (A, B, ... of one resolution) end the symbol of a resolution or
    /// decision.
    fn part_allowed(self) -> bool {
        self.after_res && self.last
    }
}

pub(super) struct Component {
    /// Canonical body with any session, year or glued parenthesis:
    /// `2220 (2015)`, `1514(XV)`, `COP(8)`, `Add.1`.
    pub(super) body: String,
    pub(super) part: Option<String>,
    /// `Part II`, `Resumption 1`.
    pub(super) notes: Vec<String>,
}

/// Parses one trimmed component; the error is the reason, which the caller
/// wraps with the input and the component.
pub(super) fn parse_component(raw: &str, ctx: Ctx) -> Result<Component, String> {
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
pub(super) fn is_type_word(s: &str) -> bool {
    ["PV", "SR", "L", "WP", "CRP", "ADD", "CORR", "REV", "AMEND"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(s))
}

pub(super) fn alnum_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

pub(super) fn find_from(raw: &str, from: usize, c: char) -> Option<usize> {
    raw[from..].find(c).map(|k| from + k)
}

/// Removes whitespace: "Section III" and "SectionIII" are one part.
pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Letters that can name a part: one or two letters (A, B, ... AA, AB), or
/// a Roman numeral (the sections of a budget resolution).
pub(super) fn plausible_part(s: &str) -> bool {
    !s.is_empty()
        && (s.len() <= 2 || (s.len() <= 6 && s.bytes().all(|c| b"IVXLCivxlc".contains(&c))))
}

pub(super) fn join_pieces(pieces: &[&str], seps: &[u8]) -> String {
    let mut out = String::from(pieces[0]);
    for (sep, piece) in seps.iter().zip(&pieces[1..]) {
        out.push(*sep as char);
        out.push_str(piece);
    }
    out
}

/// The canonical spelling of a component's body: upper case, with the UN's
/// title-case suffix words, and `PV9261` given its dot.
pub(super) fn canon_body(pieces: &[&str], seps: &[u8]) -> String {
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

pub(super) fn case_word(word: &str, mixed: bool) -> Cow<'static, str> {
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
