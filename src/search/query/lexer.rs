//! The lexer: query text → tokens. UN symbols, citations and what the
//! pre-pass read are lifted out whole first; the rest is split into words,
//! phrases, `field:value` pairs, operators and brackets.

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String, usize),
    Phrase(String, usize),
    Field(String, String, bool, usize), // name, value, value was quoted, position
    Sym(Symbol),
    /// What the pre-pass lifted out (a reference or an acronym).
    Lifted(Node),
    Or(usize),
    /// `-` or `NOT`, with the spelling used (for messages).
    Not(usize, &'static str),
    Star,
    Prefix(String, usize),
    Open(usize),
    Close(usize),
}

/// Splits the query into tokens, lifting out what the pre-pass read
/// (`lifts`, in order) and UN symbols and citations first.
pub(super) fn tokenize(input: &str, lifts: &[Lift]) -> Result<Vec<Tok>, QueryError> {
    // Citations written the way documents write them ("decision 73/546",
    // "Human Rights Council resolution 47/17"), found by the same scanner
    // as at ingest, where the pre-pass read nothing.
    let mut pieces: Vec<(usize, usize, Tok)> = lifts
        .iter()
        .map(|l| (l.start, l.end, Tok::Lifted(l.node.clone())))
        .collect();
    for c in scan::scan(input, Context::Unknown) {
        let overlaps = lifts.iter().any(|l| c.start < l.end && l.start < c.end);
        if !overlaps && !inside_field_or_quote(input, c.start) {
            pieces.push((c.start, c.end, Tok::Sym(c.symbol)));
        }
    }
    pieces.sort_by_key(|p| p.0);
    let mut toks = Vec::new();
    let mut cursor = 0;
    for (start, end, tok) in pieces {
        if start < cursor {
            continue;
        }
        // "-UNSCR 1540", "-CTBT": a minus right before a lifted piece
        // excludes it, as it would a word.
        let before = &input[cursor..start];
        let negated = before.ends_with('-')
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '(');
        let plain_end = if negated { start - 1 } else { start };
        tokenize_plain(&input[cursor..plain_end], cursor, &mut toks)?;
        if negated {
            toks.push(Tok::Not(plain_end + 1, "-"));
        }
        toks.push(tok);
        cursor = end;
    }
    tokenize_plain(&input[cursor..], cursor, &mut toks)?;
    Ok(toks)
}

const FIELDS: [&str; 10] = [
    "title", "body", "symbol", "cites", "type", "lang", "topic", "subject", "sponsor", "agenda",
];

fn tokenize_plain(s: &str, offset: usize, toks: &mut Vec<Tok>) -> Result<(), QueryError> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let char_pos = |byte: usize| offset + byte; // reported as byte offsets + 1 below
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let pos = char_pos(b) + 1;
        match c {
            '"' => {
                let (text, next) =
                    read_quoted(&chars, i, s).ok_or(QueryError::UnclosedQuote(pos))?;
                toks.push(Tok::Phrase(text, pos));
                i = next;
            }
            '(' => {
                toks.push(Tok::Open(pos));
                i += 1;
            }
            ')' => {
                toks.push(Tok::Close(pos));
                i += 1;
            }
            '-' if i + 1 < chars.len() && !chars[i + 1].1.is_whitespace() => {
                toks.push(Tok::Not(pos, "-"));
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].1.is_whitespace()
                    && !matches!(chars[i].1, '(' | ')' | '"')
                {
                    i += 1;
                }
                let end_b = chars.get(i).map(|x| x.0).unwrap_or(s.len());
                let word = &s[chars[start].0..end_b];
                // A parenthesis right after a symbol belongs to it: S/RES/2220(2015).
                if word.contains('/') && i < chars.len() && chars[i].1 == '(' {
                    if let Some(close) = chars[i..].iter().position(|x| x.1 == ')') {
                        let close_b = chars[i + close].0 + 1;
                        if let Ok(sym) = Symbol::parse(&s[chars[start].0..close_b]) {
                            toks.push(Tok::Sym(sym));
                            i += close + 1;
                            continue;
                        }
                    }
                }
                if word == "OR" || word == "||" {
                    toks.push(Tok::Or(pos));
                    continue;
                }
                if word == "AND" || word == "&&" {
                    continue; // AND is the default
                }
                if word == "NOT" {
                    toks.push(Tok::Not(pos, "NOT"));
                    continue;
                }
                if word == "*" {
                    toks.push(Tok::Star);
                    continue;
                }
                if let Some((name, value)) = word.split_once(':') {
                    let lname = name.to_ascii_lowercase();
                    if FIELDS.contains(&lname.as_str()) {
                        if value.is_empty() && i < chars.len() && chars[i].1 == '"' {
                            let (text, next) = read_quoted(&chars, i, s)
                                .ok_or(QueryError::UnclosedQuote(char_pos(chars[i].0) + 1))?;
                            toks.push(Tok::Field(lname, text, true, pos));
                            i = next;
                            continue;
                        }
                        if value.is_empty() {
                            return Err(QueryError::EmptyField { field: lname });
                        }
                        toks.push(Tok::Field(lname, value.to_string(), false, pos));
                        continue;
                    }
                    // "https://..." and other URLs are text, not fields.
                    let is_url = value.starts_with("//");
                    let looks_like_field = !name.is_empty()
                        && name.chars().all(|ch| ch.is_ascii_alphabetic())
                        && !value.is_empty();
                    if looks_like_field && !is_url {
                        return Err(QueryError::UnknownField(name.to_string()));
                    }
                }
                if word.contains('/') && !word.contains("://") {
                    if let Ok(sym) = Symbol::parse(word) {
                        toks.push(Tok::Sym(sym));
                        continue;
                    }
                }
                match word.strip_suffix('*') {
                    Some(stem)
                        if !stem.is_empty() && !stem.contains('/') && !stem.contains('*') =>
                    {
                        toks.push(Tok::Prefix(stem.to_string(), pos));
                    }
                    _ => toks.push(Tok::Word(word.to_string(), pos)),
                }
            }
        }
    }
    Ok(())
}

/// Reads a quoted string starting at `chars[i] == '"'`; returns the text and
/// the index after the closing quote.
fn read_quoted(chars: &[(usize, char)], i: usize, s: &str) -> Option<(String, usize)> {
    let close = chars[i + 1..].iter().position(|x| x.1 == '"')? + i + 1;
    let start_b = chars[i].0 + 1;
    Some((s[start_b..chars[close].0].to_string(), close + 1))
}
