//! Normalisation: the text and the patterns go through the same function,
//! so case, punctuation, hyphens and line breaks never decide a match; and
//! the keys rules are filed under (word forms, module numbers, cited
//! symbols).

/// For each ASCII byte: its lowercase form if it belongs in a token, else 0.
/// A table lookup keeps the common (ASCII) path to one load per byte.
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// Appends `text` to `out` as a run of tokens, each written as ` token `
/// (lowercase alphanumerics). Writing every token with its own leading and
/// trailing space means tokens are separated by two spaces, so a phrase
/// pattern ` small  arm ` carries its own word boundaries and the
/// non-overlapping scan can still match the next word after it. Returns the
/// number of tokens.
///
/// Every document's whole text goes through here at ingest, so the ASCII
/// path has no branch on the text: each byte writes a space (kept only
/// when a word starts or ends) and its lowercase form (kept only when it
/// belongs in a word). A branch per word boundary was mispredicted at
/// every word: this runs at about 800 MB/s where that ran at 350.
pub(super) fn normalize_into(out: &mut Vec<u8>, text: &str) -> usize {
    let bytes = text.as_bytes();
    let base = out.len();
    // An ASCII byte writes at most two bytes (a space and a letter); a
    // longer character may write more, and that path makes its own room.
    out.resize(base + 2 * bytes.len() + 2, 0);
    let mut pos = base;
    let mut in_word = 0usize;
    let mut words = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let lc = ASCII_CLASS[usize::from(b)];
            let is_word = usize::from(lc != 0);
            let boundary = is_word ^ in_word;
            out[pos] = b' ';
            pos += boundary;
            out[pos] = lc;
            pos += is_word;
            words += boundary & is_word;
            in_word = is_word;
            i += 1;
            continue;
        }
        // `i` is always on a char boundary: we advance by whole chars.
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            // A space, and up to three lowercase characters of up to four
            // bytes (or a folded Latin letter), and the final space.
            let room = pos + 1 + 3 * 6 + 1 + 2 * (bytes.len() - i);
            if out.len() < room {
                out.resize(room, 0);
            }
            if in_word == 0 {
                out[pos] = b' ';
                pos += 1;
                in_word = 1;
                words += 1;
            }
            let mut buf = [0u8; 4];
            for lc in c.to_lowercase() {
                let piece = match fold_latin(lc) {
                    Some(ascii) => ascii.as_bytes(),
                    None => lc.encode_utf8(&mut buf).as_bytes(),
                };
                out[pos..pos + piece.len()].copy_from_slice(piece);
                pos += piece.len();
            }
        } else if in_word == 1 {
            out[pos] = b' ';
            pos += 1;
            in_word = 0;
        }
        i += c.len_utf8();
    }
    if in_word == 1 {
        out[pos] = b' ';
        pos += 1;
    }
    out.truncate(pos);
    words
}

/// Accented Latin letters as their base letters, so "matériel" matches the
/// rule "materiel" and rules never need an accented twin.
pub(super) fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    })
}

pub(super) fn tokens(text: &str) -> Vec<String> {
    let mut buf = Vec::new();
    normalize_into(&mut buf, text);
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

pub(super) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Plurals with no singular of the same meaning: `arms` must not find `arm`.
const PLURAL_ONLY: &[&str] = &[
    "arms",
    "means",
    "series",
    "species",
    "headquarters",
    "forces",
];

/// The forms a last word may take: singular and plural, so `landmine` finds
/// `landmines` and `munitions` finds `munition`. Deliberately simple: the
/// rules name real stems with a trailing `*` where more is wanted.
pub(super) fn word_forms(word: &str) -> Vec<String> {
    if PLURAL_ONLY.contains(&word) {
        return vec![word.to_owned()];
    }
    let b = word.as_bytes();
    let n = b.len();
    // Short words, numbers and acronyms-with-digits stay exact.
    if n < 4 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        return vec![word.to_owned(), format!("{word}s")];
    }
    let sibilant =
        |w: &str| w.ends_with("ch") || w.ends_with("sh") || w.ends_with('x') || w.ends_with('z');
    if let Some(base) = word.strip_suffix("ies") {
        return vec![format!("{base}y"), word.to_owned()];
    }
    if word.ends_with('y') && !is_vowel(b[n - 2]) {
        let base = &word[..n - 1];
        return vec![word.to_owned(), format!("{base}ies")];
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return vec![word.to_owned(), format!("{word}es")];
    }
    if let Some(base) = word.strip_suffix("es") {
        if sibilant(base) || base.ends_with("ss") {
            return vec![base.to_owned(), word.to_owned()];
        }
    }
    if let Some(base) = word.strip_suffix('s') {
        return vec![base.to_owned(), word.to_owned()];
    }
    if sibilant(word) {
        return vec![word.to_owned(), format!("{word}es")];
    }
    vec![word.to_owned(), format!("{word}s")]
}

/// The automaton patterns for one rule term, and the term's canonical key
/// (its first form), which decides its evidence slot: `weapon` and `weapons`
/// share one slot.
pub(super) fn term_patterns(term: &str) -> Option<(String, Vec<String>)> {
    let raw = term.trim();
    let (raw, wildcard) = match raw.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (raw, false),
    };
    let toks = tokens(raw);
    if toks.is_empty() {
        return None;
    }
    let mut variants: Vec<Vec<String>> = vec![toks];
    // A hyphenated compound is also written solid (`non-proliferation`,
    // `nonproliferation`; `anti-personnel mine`, `antipersonnel mine`).
    if raw.contains('-') {
        let solid = tokens(&raw.replace('-', ""));
        if !solid.is_empty() && solid != variants[0] {
            variants.push(solid);
        }
    }
    // An acronym written in capitals (`PAROS`, `UNMAS`) only gains a plural
    // `s`; stripping its final `s` would turn `PAROS` into the word `paro`.
    let acronym = raw
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase));
    let mut pats = Vec::new();
    for v in &variants {
        let (last, init) = v.split_last().expect("non-empty");
        let head: String = init.iter().map(|t| format!(" {t} ")).collect();
        if wildcard {
            // No trailing space: any continuation of the stem matches.
            pats.push(format!("{head} {last}"));
        } else {
            let forms = if acronym {
                vec![last.clone(), format!("{last}s")]
            } else {
                word_forms(last)
            };
            for form in forms {
                pats.push(format!("{head} {form} "));
            }
        }
    }
    let key = if wildcard {
        format!("{}*", pats[0])
    } else {
        pats[0].clone()
    };
    pats.dedup();
    Some((key, pats))
}

/// `MOSAIC 5.30` → (`MOSAIC`, `MOSAIC 05.30`); `IATG` → (`IATG`, `IATG`);
/// None if the rule is not a series, chapter or module reference.
pub(super) fn module_key(rule: &str) -> Option<(String, String)> {
    let mut parts = rule.split_whitespace();
    let series = parts.next()?;
    if !series.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let series = series.to_ascii_uppercase();
    let key = match parts.next() {
        None => series.clone(),
        Some(num) => {
            let mut it = num.split('.');
            let chapter = two_digits(it.next()?)?;
            match it.next() {
                None => format!("{series} {chapter}"),
                Some(m) => format!("{series} {chapter}.{}", two_digits(m)?),
            }
        }
    };
    if parts.next().is_some() {
        return None;
    }
    Some((series, key))
}

pub(super) fn two_digits(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{s:0>2}"))
}

pub(super) fn cite_key(s: &str) -> String {
    crate::text::collapse_whitespace(s).to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain character loop the branch-free form replaced.
    fn reference(out: &mut Vec<u8>, text: &str) -> usize {
        let mut words = 0;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if !in_word {
                    out.push(b' ');
                    in_word = true;
                    words += 1;
                }
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase() as u8);
                    continue;
                }
                let mut buf = [0u8; 4];
                for lc in c.to_lowercase() {
                    match fold_latin(lc) {
                        Some(ascii) => out.extend_from_slice(ascii.as_bytes()),
                        None => out.extend_from_slice(lc.encode_utf8(&mut buf).as_bytes()),
                    }
                }
            } else if in_word {
                out.push(b' ');
                in_word = false;
            }
        }
        if in_word {
            out.push(b' ');
        }
        words
    }

    proptest! {
        #[test]
        fn the_branch_free_loop_writes_what_the_plain_one_did(
            before in "[a-z \n]{0,4}",
            text in "[a-zA-Z0-9 .,/\\-éÉæßÆİﬁ\u{0410}-\u{044F}\u{4E00}-\u{4E10}\n]{0,80}",
        ) {
            // Appending after what is already there, as classify does.
            let (mut fast, mut slow) = (before.as_bytes().to_vec(), before.as_bytes().to_vec());
            let n = normalize_into(&mut fast, &text);
            let m = reference(&mut slow, &text);
            prop_assert_eq!(n, m);
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn expanding_letters_at_the_end_find_room() {
        for text in ["İ", "ﬁ", "a.İ", "ÆÆÆÆ", "İİİİİİİİ x"] {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            assert_eq!(normalize_into(&mut fast, text), reference(&mut slow, text));
            assert_eq!(fast, slow, "{text}");
        }
    }
}
