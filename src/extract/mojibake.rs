//! Repairing mojibake: UTF-8 text that was once decoded as Latin-1 or
//! Windows-1252 and encoded again ("CÃ´te d'Ivoire", "ï»¿" for a byte-order
//! mark).
//!
//! Library exports and web pages carry it, and a title that reads "ï»¿" or
//! "CÃ´te" is useless in a hit list. Text is repaired only when that is
//! clearly right: its characters are encoded back to Windows-1252/Latin-1
//! bytes, and the result is kept only if those bytes are valid UTF-8 and
//! the count of mojibake pairs drops. Text that has genuine accents, or mixes
//! right and wrong, fails one of those tests and is left alone.

use std::borrow::Cow;

use super::text::{cp1252_encode, is_cp1252_special};

/// The byte-order mark, which says nothing once text is decoded.
const BOM: char = '\u{FEFF}';

/// [`repair_mojibake`], then without byte-order marks: what every title
/// goes through before it is shown.
pub(crate) fn repair_title(s: &str) -> Cow<'_, str> {
    let repaired = repair_mojibake(s);
    if repaired.contains(BOM) {
        Cow::Owned(repaired.replace(BOM, ""))
    } else {
        repaired
    }
}

/// Undoes one layer of UTF-8-read-as-Windows-1252 mojibake when that is
/// clearly right (see the module comment); otherwise returns the text as is.
pub(crate) fn repair_mojibake(s: &str) -> Cow<'_, str> {
    let before = mojibake_pairs(s);
    if before == 0 {
        return Cow::Borrowed(s);
    }
    let Some(bytes) = cp1252_encode(s) else {
        return Cow::Borrowed(s);
    };
    match String::from_utf8(bytes) {
        Ok(fixed) if mojibake_pairs(&fixed) < before => Cow::Owned(fixed),
        _ => Cow::Borrowed(s),
    }
}

/// Counts the character pairs that a UTF-8 lead byte followed by a
/// continuation byte turn into when read as Windows-1252: a letter in
/// U+00C2–U+00F4 ("Ã", "Â", "Ø", "ä", …) followed by a character from
/// U+0080–U+00BF or one of Windows-1252's 0x80–0x9F specials ("€", "™", …).
/// Ordinary accented text almost never has such a pair ("Côte" has none).
fn mojibake_pairs(s: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            let lead = ('\u{C2}'..='\u{F4}').contains(&p);
            let cont = ('\u{80}'..='\u{BF}').contains(&c) || is_cp1252_special(c);
            if lead && cont {
                count += 1;
            }
        }
        prev = Some(c);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_cases() {
        let cases = [
            ("CÃ´te d'Ivoire", "Côte d'Ivoire"),
            ("FranÃ§ais", "Français"),
            ("EspaÃ±ol", "Español"),
            ("Ø§Ù\u{84}Ø¹Ø±Ø¨Ù\u{8a}Ø©", "العربية"),
            ("ä¸\u{AD}æ\u{96}\u{87}", "中文"),
            ("itâ€™s", "it’s"),
            // Left alone: correct text, plain ASCII, mixed right and wrong,
            // and characters with no Windows-1252 byte.
            ("Côte d'Ivoire", "Côte d'Ivoire"),
            ("Türkiye", "Türkiye"),
            ("plain", "plain"),
            ("Côte CÃ´te", "Côte CÃ´te"),
            ("CÃ´te ∞", "CÃ´te ∞"),
        ];
        for (input, want) in cases {
            assert_eq!(repair_mojibake(input), want, "input {input:?}");
        }
    }

    #[test]
    fn titles_lose_byte_order_marks() {
        // A UTF-8 BOM read as Windows-1252, alone and before a title.
        assert_eq!(repair_title("\u{EF}\u{BB}\u{BF}"), "");
        assert_eq!(
            repair_title("\u{EF}\u{BB}\u{BF}Meetings in 2014"),
            "Meetings in 2014"
        );
        assert_eq!(repair_title("\u{FEFF}Title"), "Title");
        assert_eq!(repair_title("Côte d'Ivoire"), "Côte d'Ivoire");
    }
}
