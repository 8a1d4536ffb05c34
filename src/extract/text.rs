//! Plain-text files, and the character-level helpers the other extractors share.
//!
//! A `.txt` file is decoded leniently (a UTF-8 or UTF-16 byte-order mark is
//! honoured, invalid UTF-8 bytes become U+FFFD, CRLF and lone CR become LF),
//! because a text file that is mostly right is worth indexing. Its title is its
//! first non-empty line; its date is a date or month named in that title
//! ("Information Bulletin [Issue No. 3 | OCT 2019]"), else the one
//! [`date::find_date`] picks from the text. Files of the UN General Debate Corpus, named
//! `ISO3_session_year.txt` (`USA_73_2018.txt`, and `EU_73_2018.txt` for the
//! European Union), are recognised as speeches: their date is set to 1 January
//! of that year, because the file name carries only the year (the debate itself
//! is held in September), and their language to English, the language of the
//! corpus. Their title names the speaker's country in words ("Armenia —
//! General Debate, 53rd session (1998)", see `crate::country`), and the code
//! becomes the `country` field. A first line that is a lone UN symbol ("A/74/187") is reported as
//! written; parsing it is `Document::from_raw`'s job.
//!
//! The helpers below (`decode_text`, Windows-1252, language codes, titles)
//! live here because text is what every format is reduced to.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::date;
use super::ExtractError;
use crate::document::{DocType, RawDocument};

/// Titles longer than this are cut at a word boundary: a title is for
/// display, and some files open with a whole paragraph on one line.
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Extracts a plain-text file.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<RawDocument, ExtractError> {
    check_not_binary(bytes)?;
    let text = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut doc = RawDocument {
        source: path.display().to_string(),
        title: first_line_title(&text),
        symbols: leading_symbol(&text).into_iter().collect(),
        ..RawDocument::default()
    };
    match speech_file(path) {
        Some(speech) => {
            // The speaker's name, never its code: codes such as ARM, CAN or
            // AGO are also words ("arms", "can", "ago") and would match them.
            let speaker = crate::country::from_code(&speech.country)
                .map_or_else(|| speech.country.clone(), |c| c.name);
            doc.title = Some(format!(
                "{speaker} — General Debate, {} session ({})",
                crate::country::ordinal(speech.session),
                speech.year
            ));
            doc.country = Some(speech.country.clone());
            doc.date = date::parse_date(&speech.year.to_string());
            doc.lang = Some("en".to_string());
            doc.type_hint = Some(DocType::Speech);
        }
        // A title naming its period ("… | OCT 2019") beats the first date
        // in the text, which is often an event announced for later.
        None => {
            doc.date = doc
                .title
                .as_deref()
                .and_then(date::date_in_title)
                .or_else(|| date::find_date(&text));
        }
    }
    doc.body = trimmed(text);
    Ok(doc)
}

/// `text` without leading and trailing white space, in place (a speech
/// is tens of kilobytes: no copy).
fn trimmed(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let lead = text.len() - text.trim_start().len();
    text.drain(..lead);
    text
}

/// What a General Debate file name says.
struct SpeechFile {
    country: String,
    session: u32,
    year: i32,
}

/// `USA_73_2018.txt` → USA, session 73, 2018. The session and year must agree
/// (session n opens in 1945 + n) within one year, so that an unrelated file
/// named like `ABC_12_2000.txt` is not taken for a speech.
fn speech_file(path: &Path) -> Option<SpeechFile> {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^([A-Z]{2,3})_(\d{1,3})_(\d{4})\.txt$").unwrap());
    let name = path.file_name()?.to_str()?;
    let c = NAME.captures(name)?;
    let session: u32 = c[2].parse().ok()?;
    let year: i32 = c[3].parse().ok()?;
    if (year - 1945 - session as i32).abs() > 1 {
        return None;
    }
    Some(SpeechFile {
        country: c[1].to_ascii_uppercase(),
        session,
        year,
    })
}

/// The first non-empty line that is not the document's symbol line (or a
/// bare "United Nations"), whitespace-collapsed and cut to
/// [`MAX_TITLE_CHARS`]: a UN text opens with its symbol, then its title.
pub(crate) fn first_line_title(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(4)
        .find(|l| {
            let rest = l.strip_prefix("United Nations").map_or(*l, str::trim_start);
            !rest.is_empty() && !looks_like_symbol(rest)
        })
        .or_else(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
        .and_then(clean_title)
}

/// Collapses whitespace and cuts a title at a word boundary, marking the cut
/// with "…". Returns `None` for a blank title.
pub(crate) fn clean_title(s: &str) -> Option<String> {
    let s = super::mojibake::repair_title(s);
    let collapsed = crate::text::collapse_whitespace(&s);
    if collapsed.is_empty() {
        return None;
    }
    if collapsed.chars().count() <= MAX_TITLE_CHARS {
        return Some(collapsed);
    }
    let cut: String = collapsed.chars().take(MAX_TITLE_CHARS).collect();
    // Back up to the last space unless that would throw most of it away.
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX_TITLE_CHARS / 2 => cut[..i].to_string(),
        _ => cut,
    };
    Some(format!("{}…", cut.trim_end()))
}

/// If one of the first few non-empty lines is nothing but a UN symbol, that
/// symbol as written. UN documents saved as text often open with
/// "United Nations  A/74/187" or the bare symbol, so a leading
/// "United Nations" is allowed.
fn leading_symbol(text: &str) -> Option<String> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
    {
        let candidate = line
            .strip_prefix("United Nations")
            .map_or(line, str::trim_start);
        if looks_like_symbol(candidate) {
            return Some(candidate.to_string());
        }
    }
    None
}

/// A conservative shape test, not a parser: an upper-case first component,
/// at least one `/`, at least one digit, no spaces except a part letter
/// after a resolution or decision number ("A/RES/67/234 B", as the UN
/// prints it) or a year in parentheses ("S/RES/2220 (2015)"), an optional
/// reissue `*`. "N/A" and "and/or" fail (no digit, lower case).
pub(crate) fn looks_like_symbol(s: &str) -> bool {
    static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[A-Z][A-Z0-9]*(?:[.\-][A-Z0-9]+)*(?:/[A-Za-z0-9][A-Za-z0-9.\-()\[\]]*)+(?:\s?\(\d{4}\))?\*?$",
        )
        .unwrap()
    });
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[A-Z]+(?:/[A-Z0-9.\-]+)*/(?:RES|DEC)/[A-Z0-9./\-()]*[0-9] [A-Z](?:-[A-Z])?\*?$",
        )
        .unwrap()
    });
    s.len() <= 80
        && s.bytes().any(|b| b.is_ascii_digit())
        && (SYMBOL.is_match(s) || PART.is_match(s))
}

/// Share of control codes, in percent, above which a file named as text is
/// taken for binary data.
const MAX_CONTROL_PERCENT: usize = 5;

/// Refuses binary data given a text name (random bytes, an image renamed
/// `.txt`): text in UTF-8 or any 8-bit encoding has almost no C0 control
/// codes besides tab, newline, vertical tab, form feed and carriage return,
/// while random bytes hold about 10%. NUL is not counted, since UTF-16
/// without a byte-order mark reads as text once NULs are dropped; files
/// with a UTF-16 mark are not checked. Looks at the first 64 KiB.
pub(crate) fn check_not_binary(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let controls = head
        .iter()
        .filter(|&&b| matches!(b, 0x01..=0x08 | 0x0E..=0x1F | 0x7F))
        .count();
    if head.is_empty() || controls * 100 <= head.len() * MAX_CONTROL_PERCENT {
        return Ok(());
    }
    Err(ExtractError::Binary {
        percent: (controls * 100 / head.len()) as u8,
    })
}

/// Decodes a text file leniently: UTF-8 or UTF-16 byte-order mark honoured,
/// invalid UTF-8 replaced by U+FFFD, NUL bytes dropped (they break
/// downstream tokenisers), CRLF and lone CR turned into LF.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    // A byte-order mark that was itself once mis-decoded and re-encoded
    // ("ï»¿" in UTF-8), as some library pages begin, is no text either.
    let bytes = bytes
        .strip_prefix(b"\xC3\xAF\xC2\xBB\xC2\xBF")
        .unwrap_or(bytes);
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    normalise_newlines(decoded)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        s.push(char::REPLACEMENT_CHARACTER);
    }
    s
}

/// CRLF and lone CR → LF; NUL dropped. Most text has neither: it is
/// returned as it came, after one `memchr` pass (the `char` pattern
/// search before it took 0.1 s for the 199 MB of speeches; this, 0.01 s).
pub(crate) fn normalise_newlines(s: String) -> String {
    if memchr::memchr2(b'\r', b'\0', s.as_bytes()).is_none() {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' => {}
            c => out.push(c),
        }
    }
    out
}

/// Windows-1252 bytes 0x80–0x9F; the five bytes it leaves undefined map to
/// the C1 control of the same value, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// One of the printable characters Windows-1252 puts at 0x80–0x9F
/// ("€", "™", "’", …), as opposed to a Latin-1 C1 control.
pub(crate) fn is_cp1252_special(c: char) -> bool {
    u32::from(c) > 0xFF && CP1252_HIGH.contains(&c)
}

/// Decodes Windows-1252 (a superset of Latin-1 for printable text), the
/// encoding old HTML pages declare or silently use.
pub(crate) fn cp1252_decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Encodes text back to Windows-1252/Latin-1 bytes, or `None` if a
/// character has no such byte. C1 controls (U+0080–U+009F) map to their own
/// byte, so text that was mis-decoded as strict Latin-1 round-trips too.
pub(crate) fn cp1252_encode(s: &str) -> Option<Vec<u8>> {
    s.chars()
        .map(|c| {
            let cp = u32::from(c);
            if cp < 0x100 {
                return Some(cp as u8);
            }
            CP1252_HIGH
                .iter()
                .position(|&h| h == c)
                .map(|i| 0x80 + i as u8)
        })
        .collect()
}

/// An ISO 639-1 code from what files write for a language: "en", "en-US",
/// "`en_GB`", "eng" (MARC), "English", "français" (see `crate::lang`). A
/// language outside the six UN languages, or an unknown code, gives `None`
/// rather than a guess (the text is then detected, or marked `und`).
pub(crate) fn lang_code(s: &str) -> Option<String> {
    crate::lang::Lang::parse(s)
        .filter(|l| *l != crate::lang::Lang::Und)
        .map(|l| l.code().to_string())
}

/// An XML attribute's value, trimmed, or "" when absent or broken (for
/// the XML extractors, AKN and MARCXML).
pub(crate) fn xml_attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> String {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn run(name: &str, bytes: &[u8]) -> Result<RawDocument, ExtractError> {
        extract(Path::new(name), bytes)
    }

    #[test]
    fn decoding_cases() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("plain", b"Hello\nworld", "Hello\nworld"),
            ("utf8 bom", b"\xEF\xBB\xBFHello", "Hello"),
            ("crlf", b"a\r\nb\r\n", "a\nb\n"),
            ("lone cr", b"a\rb", "a\nb"),
            ("invalid utf8", b"caf\xE9 ok", "caf\u{FFFD} ok"),
            ("nul dropped", b"a\0b", "ab"),
            ("utf16le bom", b"\xFF\xFEH\0i\0", "Hi"),
            ("utf16be bom", b"\xFE\xFF\0H\0i", "Hi"),
            ("utf16 odd byte", b"\xFF\xFEH\0i", "H\u{FFFD}"),
        ];
        for (name, input, want) in cases {
            assert_eq!(decode_text(input), *want, "case {name}");
        }
    }

    #[test]
    fn empty_files_are_errors() {
        for input in [
            &b""[..],
            b"   \n\t\r\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBF \r\n",
        ] {
            assert!(
                matches!(run("x.txt", input), Err(ExtractError::Empty)),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn plain_file() {
        let doc = run(
            "notes/bulletin.txt",
            b"\xEF\xBB\xBF\r\n  Small arms update  \r\n\r\nIssued 5 December 2018.\r\n",
        )
        .unwrap();
        assert_eq!(doc.source, "notes/bulletin.txt");
        assert_eq!(doc.title.as_deref(), Some("Small arms update"));
        assert_eq!(doc.date, Some(date!(2018 - 12 - 05)));
        assert!(!doc.body.contains('\r'));
        assert!(doc.body.contains("Issued 5 December 2018."));
        assert_eq!(doc.type_hint, None);
        assert!(doc.symbols.is_empty());
    }

    #[test]
    fn speech_files() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "corpus/USA_73_2018.txt",
                Some("United States of America — General Debate, 73rd session (2018)"),
            ),
            (
                "ARM_53_1998.txt",
                Some("Armenia — General Debate, 53rd session (1998)"),
            ),
            (
                "EU_69_2014.txt",
                Some("European Union — General Debate, 69th session (2014)"),
            ),
            (
                "YUG_1_1946.txt",
                Some("Yugoslavia — General Debate, 1st session (1946)"),
            ),
            ("ABC_12_2000.txt", None), // session and year disagree
            ("USA_73_2018.md", None),
            ("notes_73_2018.txt", None),
        ];
        for (name, title) in cases {
            let doc = run(name, b"Mr. President, I speak today...").unwrap();
            match title {
                Some(t) => {
                    assert_eq!(doc.title.as_deref(), Some(*t), "{name}");
                    let code = name.rsplit('/').next().unwrap().split('_').next();
                    assert_eq!(doc.country.as_deref(), code, "{name}");
                    assert_eq!(doc.type_hint, Some(DocType::Speech), "{name}");
                    assert_eq!(doc.lang.as_deref(), Some("en"), "{name}");
                    assert_eq!(doc.date.map(|d| (d.month() as u8, d.day())), Some((1, 1)));
                }
                None => {
                    assert_eq!(doc.type_hint, None, "{name}");
                    assert_eq!(
                        doc.title.as_deref(),
                        Some("Mr. President, I speak today...")
                    );
                }
            }
        }
        let doc = run("USA_73_2018.txt", b"x").unwrap();
        assert_eq!(doc.date, Some(date!(2018 - 01 - 01)));
    }

    #[test]
    fn leading_symbols() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "A/74/187\nReport of the Secretary-General",
                Some("A/74/187"),
            ),
            (
                "\n\nS/RES/2220 (2015)\nResolution",
                Some("S/RES/2220 (2015)"),
            ),
            (
                "United Nations   A/79/722-S/2025/27\nLetter",
                Some("A/79/722-S/2025/27"),
            ),
            (
                "Title\nA/C.1/74/L.34/Rev.1*\nbody",
                Some("A/C.1/74/L.34/Rev.1*"),
            ),
            (
                "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1\nx",
                Some("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1"),
            ),
            (
                "A/RES/67/234 B\nThe Arms Trade Treaty",
                Some("A/RES/67/234 B"),
            ),
            ("A/RES/75/254 A-C\nx", Some("A/RES/75/254 A-C")),
            ("A/74/187 B\nnot a part", None),
            ("N/A\nnothing", None),
            ("and/or 2 things\n", None),
            ("12/05/2018\nnot a symbol", None),
            ("The report A/74/187 says\n", None),
        ];
        for (text, want) in cases {
            assert_eq!(leading_symbol(text).as_deref(), *want, "text {text:?}");
        }
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let line = "word ".repeat(100);
        let t = clean_title(&line).unwrap();
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= MAX_TITLE_CHARS + 1);
        assert!(!t.contains("  "));
        let one_word = "x".repeat(500);
        assert_eq!(
            clean_title(&one_word).unwrap().chars().count(),
            MAX_TITLE_CHARS + 1
        );
    }

    #[test]
    fn cp1252_round_trip() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let s = cp1252_decode(&bytes);
        assert_eq!(cp1252_encode(&s).unwrap(), bytes);
        assert_eq!(
            cp1252_decode(b"\x93quoted\x94 \x80"),
            "\u{201C}quoted\u{201D} €"
        );
        assert_eq!(cp1252_encode("Ω"), None);
    }

    #[test]
    fn language_codes() {
        let cases = [
            ("en", Some("en")),
            ("en-US", Some("en")),
            ("EN_gb", Some("en")),
            ("eng", Some("en")),
            ("fre", Some("fr")),
            ("Français", Some("fr")),
            ("spa", Some("es")),
            ("zho", Some("zh")),
            ("xyz", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(lang_code(input).as_deref(), want, "input {input:?}");
        }
    }
}
