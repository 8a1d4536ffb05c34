//! The symbol grammar's outer layer: the input normalised (spaces,
//! dashes, stray punctuation), split into slash-separated components, and
//! the whole checked and classified.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A whole symbol: needs a slash, a number, a known organ (or three
    /// components).
    Symbol,
    /// A facet prefix: any leading part of a symbol.
    Prefix,
}

/// Maps the Unicode look-alikes that PDFs and word processors put into
/// symbols (no-break spaces, non-breaking hyphens, en dashes) to ASCII and
/// rejects every other non-ASCII character, so the rest works on bytes.
pub(super) fn normalize(input: &str) -> Result<Cow<'_, str>, SymbolError> {
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

pub(super) fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    (start + lead, start + lead + piece.trim().len())
}

pub(super) fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

pub(super) fn parse_inner(input: &str, mode: Mode) -> Result<Symbol, SymbolError> {
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

pub(super) fn kind_of(segments: &[String]) -> SymbolKind {
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
