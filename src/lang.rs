//! The languages undex knows: the six official UN languages and `und`.
//!
//! This is the one vocabulary table for languages. Every place that reads a
//! language from a file (AKN `FRBRlanguage`, MARC 041, `<html lang>`, a
//! records file's `lang`, a site's language label, a UN job-number letter)
//! or writes one (the `lang` field, a crawl URL's `{lang}`) goes through
//! [`Lang`], so a code means the same thing everywhere. A language outside
//! the six has no analyser: its texts are indexed with the generic one and
//! marked `und`.

use std::fmt;

/// One of the six official UN languages, or `und` (undetermined / other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ar,
    Zh,
    En,
    Fr,
    Ru,
    Es,
    Und,
}

/// One row of the table: every name a language goes by.
struct Row {
    lang: Lang,
    /// ISO 639-1, as stored in the index and shown to users.
    code: &'static str,
    /// ISO 639-2/T (= 639-3), as AKN4UN's `FRBRlanguage` writes it.
    iso3: &'static str,
    /// ISO 639-2/B, as MARC 041 writes it, when it differs.
    iso3_b: &'static str,
    /// The letter the UN's document system uses (job numbers `…E`, URLs).
    un_letter: &'static str,
    name: &'static str,
    /// Other names files and sites use: in the language itself, in French
    /// and Spanish (the UN's working languages), without accents.
    aliases: &'static [&'static str],
}

const TABLE: [Row; 7] = [
    Row {
        lang: Lang::Ar,
        code: "ar",
        iso3: "ara",
        iso3_b: "ara",
        un_letter: "A",
        name: "Arabic",
        aliases: &["arabic", "arabe", "árabe", "عربي", "العربية"],
    },
    Row {
        lang: Lang::Zh,
        code: "zh",
        iso3: "zho",
        iso3_b: "chi",
        un_letter: "C",
        name: "Chinese",
        aliases: &["chinese", "chinois", "chino", "中文", "cmn", "ch"],
    },
    Row {
        lang: Lang::En,
        code: "en",
        iso3: "eng",
        iso3_b: "eng",
        un_letter: "E",
        name: "English",
        aliases: &["english", "anglais", "inglés", "ingles"],
    },
    Row {
        lang: Lang::Fr,
        code: "fr",
        iso3: "fra",
        iso3_b: "fre",
        un_letter: "F",
        name: "French",
        aliases: &["french", "français", "francais", "francés", "frances"],
    },
    Row {
        lang: Lang::Ru,
        code: "ru",
        iso3: "rus",
        iso3_b: "rus",
        un_letter: "R",
        name: "Russian",
        aliases: &["russian", "russe", "ruso", "русский"],
    },
    Row {
        lang: Lang::Es,
        code: "es",
        iso3: "spa",
        iso3_b: "spa",
        un_letter: "S",
        name: "Spanish",
        aliases: &["spanish", "espagnol", "español", "espanol", "sp"],
    },
    Row {
        lang: Lang::Und,
        code: "und",
        iso3: "und",
        iso3_b: "und",
        un_letter: "",
        name: "undetermined",
        aliases: &[],
    },
];

impl Lang {
    /// Every language with its own analyser and index fields, `und` last.
    pub const ALL: [Lang; 7] = [
        Lang::Ar,
        Lang::Zh,
        Lang::En,
        Lang::Fr,
        Lang::Ru,
        Lang::Es,
        Lang::Und,
    ];
    /// The six official languages.
    pub const OFFICIAL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    fn row(self) -> &'static Row {
        &TABLE[self.index()]
    }

    /// Position in [`Lang::ALL`], for per-language arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// ISO 639-1 (`und` for undetermined): the code in the index and on screen.
    pub fn code(self) -> &'static str {
        self.row().code
    }

    /// ISO 639-2/T three-letter code (`ara zho eng fra rus spa`).
    pub fn iso3(self) -> &'static str {
        self.row().iso3
    }

    /// The UN document system's letter (A C E F R S); empty for `und`.
    pub fn un_letter(self) -> &'static str {
        self.row().un_letter
    }

    /// English name.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// Whether the language's script has the letter `c`: Latin for English,
    /// French, Spanish and `und`, Cyrillic for Russian, Arabic, Han for
    /// Chinese. A word in one script is never a typo of a word in another,
    /// so the "did you mean" search looks only in these languages.
    pub fn writes(self, c: char) -> bool {
        let cp = u32::from(c);
        match self {
            Lang::Ru => (0x0400..=0x052F).contains(&cp),
            Lang::Ar => {
                (0x0600..=0x06FF).contains(&cp)
                    || (0x0750..=0x077F).contains(&cp)
                    || (0xFB50..=0xFDFF).contains(&cp)
                    || (0xFE70..=0xFEFF).contains(&cp)
            }
            Lang::Zh => {
                (0x3400..=0x4DBF).contains(&cp)
                    || (0x4E00..=0x9FFF).contains(&cp)
                    || (0xF900..=0xFAFF).contains(&cp)
            }
            Lang::En | Lang::Fr | Lang::Es | Lang::Und => {
                c.is_ascii_alphabetic() || (0x00C0..=0x024F).contains(&cp)
            }
        }
    }

    /// Reads a language as files, sites and users write it: ISO 639-1
    /// ("en", "en-GB", "EN"), 639-2/B or /T ("fre", "fra"), a name in
    /// several languages ("English", "français", "Español", "中文"), `und`.
    /// A language outside the six gives `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s
            .trim()
            .trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')'))
            .trim()
            .to_lowercase();
        let primary = s.split(['-', '_']).next().unwrap_or("").trim();
        if primary.is_empty() {
            return None;
        }
        TABLE
            .iter()
            .find(|r| {
                r.code == primary
                    || r.iso3 == primary
                    || r.iso3_b == primary
                    || r.aliases.contains(&primary)
            })
            .map(|r| r.lang)
    }

    /// Reads the UN's one-letter language code (job-number suffix `E`,
    /// `F`, …), case-insensitively.
    pub fn from_un_letter(letter: &str) -> Option<Lang> {
        TABLE
            .iter()
            .find(|r| !r.un_letter.is_empty() && r.un_letter.eq_ignore_ascii_case(letter))
            .map(|r| r.lang)
    }

    /// An official language by its ISO 639-1 code exactly ("fr"), as
    /// configuration files must write it.
    pub fn from_iso1(code: &str) -> Option<Lang> {
        Lang::OFFICIAL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Reads an ISO 639-1 code as stored in the index; anything else is `und`.
    pub fn from_code(code: &str) -> Lang {
        TABLE
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.lang)
            .unwrap_or(Lang::Und)
    }
}

/// Texts shorter than this (bytes) are too short to detect reliably: a
/// title of a few words comes out French or Spanish as often as not.
pub const DETECT_MIN_BYTES: usize = 200;

/// The language of `text` when the detector (whatlang, chosen by the
/// measurement in BENCHMARKS.md) is confident and the text long enough;
/// `None` otherwise. Languages outside the six are `Und`.
pub fn detect_confident(text: &str) -> Option<Lang> {
    if text.len() < DETECT_MIN_BYTES {
        return None;
    }
    let info = whatlang::detect(text)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(Lang::parse(info.lang().code()).unwrap_or(Lang::Und))
}

/// The largest char boundary of `s` at or below `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_tell_languages_apart() {
        assert!(Lang::En.writes('n') && Lang::Fr.writes('é') && Lang::Es.writes('ñ'));
        assert!(!Lang::Ru.writes('n') && Lang::Ru.writes('р'));
        assert!(Lang::Ar.writes('س') && !Lang::En.writes('س'));
        assert!(Lang::Zh.writes('核') && !Lang::Ru.writes('核'));
    }

    #[test]
    fn table_is_in_enum_order() {
        for (i, l) in Lang::ALL.iter().enumerate() {
            assert_eq!(TABLE[i].lang, *l);
            assert_eq!(l.index(), i);
        }
    }

    #[test]
    fn reads_every_written_form() {
        for (input, want) in [
            ("en", Some(Lang::En)),
            ("EN", Some(Lang::En)),
            ("en-GB", Some(Lang::En)),
            ("eng", Some(Lang::En)),
            ("English", Some(Lang::En)),
            ("[FR]", Some(Lang::Fr)),
            ("fre", Some(Lang::Fr)),
            ("fra", Some(Lang::Fr)),
            ("français", Some(Lang::Fr)),
            ("Español", Some(Lang::Es)),
            ("spa", Some(Lang::Es)),
            ("ara", Some(Lang::Ar)),
            ("العربية", Some(Lang::Ar)),
            ("zho", Some(Lang::Zh)),
            ("chi", Some(Lang::Zh)),
            ("中文", Some(Lang::Zh)),
            ("rus", Some(Lang::Ru)),
            ("русский", Some(Lang::Ru)),
            ("und", Some(Lang::Und)),
            ("de", None),
            ("klingon", None),
            ("", None),
        ] {
            assert_eq!(Lang::parse(input), want, "{input:?}");
        }
        assert_eq!(Lang::from_un_letter("e"), Some(Lang::En));
        assert_eq!(Lang::from_un_letter("C"), Some(Lang::Zh));
        assert_eq!(Lang::from_un_letter("G"), None);
        for l in Lang::OFFICIAL {
            assert_eq!(Lang::parse(l.iso3()), Some(l));
            assert_eq!(Lang::from_un_letter(l.un_letter()), Some(l));
            assert_eq!(Lang::from_code(l.code()), l);
        }
    }
}
