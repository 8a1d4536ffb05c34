//! The front-page header of a UN document, read from plain text.
//!
//! [`parse_header`] reads what page 1 of a modern UN document prints —
//! symbol(s), "Distr.", the date, "Original:", the title — with no layout
//! information; [`symbols_from_file_name`] reads symbols and a language from
//! a UN Digital Library style file name, for when page 1 shows none. Symbols
//! are returned as written (dashes normalised, reissue `*` dropped): parsing
//! them is the symbol module's job.

use std::path::Path;
use std::sync::LazyLock;

use crate::extract::date::{month_language, month_number};
use regex::Regex;
use time::{Date, Month};

// ---------------------------------------------------------------------------
// The page-1 header
// ---------------------------------------------------------------------------

/// What page 1 of a UN document says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PdfHeader {
    /// Own symbols as printed, one entry per printed group: a joint symbol
    /// stays one entry ("A/79/722-S/2025/27"), symbols printed apart (stacked
    /// lines, or side by side on old covers) are separate entries.
    pub symbols: Vec<String>,
    pub title: Option<String>,
    /// The issue date printed under "Distr.".
    pub date: Option<Date>,
    /// ISO 639-1 code of the language this version is written in, when the
    /// header tells it.
    pub lang_hint: Option<String>,
}

/// One symbol: an organ or body (`A`, `E`, `DP-FPA`, `ICCD`, `GEGN.2`),
/// then `/`-separated components (`AC.292`, `ES-10`, `L.4`, `COP(8)`),
/// optionally `(2025)` / `(Part I)` / `(Première partie)`, optionally the
/// reissue `*`.
const SYMBOL: &str = r"[A-Z][A-Za-z0-9.\-]{0,15}(?:/[A-Za-z0-9.\-]+(?:\([A-Za-z0-9]{1,6}\))?)+(?:\s?\([^()/]{1,24}\))?\*?";

static SYMBOL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{SYMBOL})$")).expect("symbol regex"));

/// A header line holding only symbols, possibly after "United Nations" (and
/// list junk such as "II. United Nations III."), before "United Nations",
/// or before the date on old covers.
static SYMBOL_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let org = r"(?:United Nations(?: System)?|Nations Unies|Naciones Unidas|UNITED NATIONS|NATIONS UNIES|NACIONES UNIDAS)";
    Regex::new(&format!(
        r"^(?:.{{0,12}}\b{org}\s+(?:[IVX]+\.\s+)?)?(?P<syms>{SYMBOL}(?:\s?-\s?{SYMBOL})*(?:\s+{SYMBOL}(?:\s?-\s?{SYMBOL})*)*)(?:\s+{org})?(?P<date>\s+\d{{1,2}}(?:er)?\s+(?:de\s+)?\p{{L}}+\.?\s+(?:de\s+)?\d{{4}})?$"
    ))
    .expect("symbol line regex")
});

/// One symbol group inside a symbol line (joint symbols together).
static SYMBOL_GROUP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{SYMBOL}(?:\s?-\s?{SYMBOL})*")).expect("symbol group regex")
});

/// A full date: "13 January 2025", "13 de enero de 2025", "1er mars 2025".
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?:er|º|°)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?((?:19|20)\d{2})\b",
    )
    .expect("date regex")
});

static DISTR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:.*\s)?dis\s?tr\.").expect("distr regex"));

/// Replaces the dashes PDFs use between joint symbols with '-'.
fn normalise_dashes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
            c => c,
        })
        .collect()
}

/// A symbol group as printed, tidied: no spaces around joining dashes, no
/// reissue asterisks.
fn clean_group(group: &str) -> String {
    let mut s = group
        .replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-");
    s = s.replace('*', "");
    s.trim().to_string()
}

/// The symbol groups a header line holds, if it is a symbol line.
fn symbol_line(line: &str) -> Option<(Vec<String>, Option<Date>)> {
    let caps = SYMBOL_LINE_RE.captures(line)?;
    let syms = caps.name("syms")?.as_str();
    let groups: Vec<String> = SYMBOL_GROUP_RE
        .find_iter(syms)
        .map(|m| clean_group(m.as_str()))
        .filter(|g| g.contains('/'))
        .collect();
    if groups.is_empty() {
        return None;
    }
    let date = caps.name("date").and_then(|m| find_date(m.as_str()));
    Some((groups, date))
}

/// The first full date in `text`, with the language its month is written in.
fn find_date_with_lang(text: &str) -> Option<(Date, Option<&'static str>)> {
    for caps in DATE_RE.captures_iter(text) {
        let day: u8 = caps[1].parse().ok()?;
        let Some(month) = month_number(&caps[2])
            .and_then(|m| u8::try_from(m).ok())
            .and_then(|m| Month::try_from(m).ok())
        else {
            continue;
        };
        let year: i32 = caps[3].parse().ok()?;
        if let Ok(d) = Date::from_calendar_date(year, month, day) {
            return Some((d, month_language(&caps[2])));
        }
    }
    None
}

fn find_date(text: &str) -> Option<Date> {
    find_date_with_lang(text).map(|(d, _)| d)
}

/// The language of a header label such as "Original: English",
/// "Original : anglais", "Original: inglés", "English only": the words are
/// written in the language of this version.
fn label_lang(line: &str) -> Option<&'static str> {
    let l = line.trim().trim_end_matches('.').to_lowercase();
    let rest = l
        .strip_prefix("original")
        .map(|r| r.trim_start_matches([' ', ':']).trim())
        .unwrap_or(&l);
    let rest = rest.strip_suffix(" only").unwrap_or(rest);
    let rest = rest.strip_suffix(" seulement").unwrap_or(rest);
    let rest = rest.strip_suffix(" únicamente").unwrap_or(rest);
    let rest = rest.strip_suffix(" solamente").unwrap_or(rest);
    let first = rest.split([',', ' ']).next().unwrap_or("").trim();
    let is_label = l.starts_with("original")
        || l == first
        || l.ends_with(" only")
        || l.ends_with(" seulement")
        || l.ends_with(" únicamente")
        || l.ends_with(" solamente");
    if !is_label {
        return None;
    }
    match first {
        "english" | "french" | "spanish" | "arabic" | "chinese" | "russian" => Some("en"),
        "anglais" | "français" | "francais" | "espagnol" | "arabe" | "chinois" | "russe" => {
            Some("fr")
        }
        "inglés" | "ingles" | "francés" | "frances" | "español" | "espanol" | "árabe" | "chino"
        | "ruso" => Some("es"),
        _ => None,
    }
}

/// What a page-1 line is, for finding the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Part of the title or the text.
    Text,
    /// Masthead furniture: symbol, organ, "Distr.", date, job number, languages.
    Masthead,
    /// "Seventy-ninth session", "Eightieth year", "2025 session": what came
    /// before it was the body's name, not a title.
    Session,
    /// "Agenda item 98 (w)", "Item 3 of the provisional agenda": the lines
    /// right under it name the agenda item, not the document.
    Agenda,
    /// "Official Records": the title of a report cover was the block before.
    Cover,
    /// Where and when a meeting sits ("New York, 3–7 March 2025"): a
    /// session line when it follows masthead lines, masthead when it follows
    /// a title.
    Sitting,
}

fn line_kind(line: &str) -> LineKind {
    static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)^(?:",
            // organs, alone or side by side
            r"(?:(?:united nations(?: system)?|nations unies|naciones unidas|general assembly|security council|",
            r"economic and social council|trusteeship council|assemblée générale|conseil de sécurité|",
            r"conseil économique et social|asamblea general|consejo de seguridad|consejo económico y social)\s*)+|",
            r"supplement no\. ?\d+|(?:united|nations|unies|unidas|naciones|[ase]|\s)+|",
            r"(?:.*\s)?dis\s?tr\..*|general|limited|restricted|générale|limitée|",
            // distribution languages, possibly over two lines
            r"(?:(?:english|french|spanish|russian|arabic|chinese|and|only),?\s*)+|",
            r"for (?:decision|information|action|discussion)|",
            // job number and bar code
            r"\*?(?:[a-z]{1,2}\.)?\d{2}-\d{5}[a-z]?\*?(?:\s.*)?|\*\d{7}\*|",
            r"generale|général|limitada",
            r")$"
        ))
        .expect("masthead regex")
    });
    static SESSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:(?:[A-Z][\p{L}\-]*|\d{4})(?: [a-z\-]+){0,2} (?:session|Session|year)(?: of \d{4}|,? [^,]{0,40}\d{4}| \d{4})?\s*)+$",
            r"|^[A-Z][\p{L}\- ]{0,60} per[ií]odo (?:extraordinario |ordinario )?de sesiones(?: de \d{4})?$",
        ))
        .expect("session regex")
    });
    static AGENDA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:provisional )?agenda items?\b|items? \d+.*?\b(?:agenda|list)\b|points? \d.*ordre du jour|temas? \d.*programa)")
            .expect("agenda regex")
    });
    static COVER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:official records|documents officiels|documentos oficiales)\b")
            .expect("cover regex")
    });
    if AGENDA.is_match(line) {
        LineKind::Agenda
    } else if COVER.is_match(line) {
        LineKind::Cover
    } else if SESSION.is_match(line) {
        LineKind::Session
    } else if !line.starts_with('(') && is_date_line(line) && !line_is_date(line) {
        LineKind::Sitting
    } else if MASTHEAD.is_match(line)
        || SYMBOL_LINE_RE.is_match(line)
        || is_date_line(line)
        || label_lang(line).is_some()
    {
        LineKind::Masthead
    } else {
        LineKind::Text
    }
}

/// A line that only gives a date or dates, perhaps with a place:
/// "13 January 2025", "New York, 28 April–2 May 2025",
/// "(United Nations Headquarters, New York, 1 and 2 April 2025)".
fn is_date_line(line: &str) -> bool {
    let l = line.trim().trim_start_matches('(').trim_end_matches(')');
    if l.chars().count() > 100 {
        return false;
    }
    let mut month = false;
    let mut year = false;
    for word in l.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—' | '.'))
    {
        if word.is_empty() {
            continue;
        }
        let day = word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit()) || word == "1er";
        let connector = matches!(
            word,
            "and" | "to" | "from" | "et" | "au" | "du" | "le" | "y" | "al" | "de" | "del" | "el"
        );
        let place = word.chars().next().is_some_and(char::is_uppercase);
        if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) {
            year = true;
        } else if month_language(word).is_some() {
            month = true;
        } else if !(day || connector || place) {
            return false;
        }
    }
    month && year
}

fn line_is_date(line: &str) -> bool {
    DATE_RE
        .find(line)
        .is_some_and(|m| m.start() == 0 && line[m.end()..].trim().is_empty())
}

/// Parse the page-1 header of a modern UN document: symbol(s), "Distr.:
/// General" then the date (English, French or Spanish month names),
/// "Original: English", and the title (best effort). Symbols are returned as
/// printed, with joining dashes normalised to '-' and a reissue '*' dropped.
pub fn parse_header(page1: &str) -> PdfHeader {
    let text = normalise_dashes(page1);
    // Keep blank lines as block separators: "" marks one.
    let mut lines: Vec<String> = Vec::new();
    for raw in text.lines() {
        let l = crate::text::collapse_whitespace(raw);
        if l.is_empty() {
            if lines.last().is_some_and(|p| !p.is_empty()) {
                lines.push(String::new());
            }
        } else {
            lines.push(l);
        }
    }
    let mut header = PdfHeader::default();

    // Symbols: the first symbol line, plus symbol lines stacked right under it.
    let mut symbol_at = None;
    let mut line_date = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((groups, date)) = symbol_line(line) {
            header.symbols = groups;
            line_date = date;
            symbol_at = Some(i);
            let mut j = i + 1;
            while let Some(next) = lines.get(j) {
                match symbol_line(next) {
                    Some((more, d)) => {
                        header.symbols.extend(more);
                        line_date = line_date.or(d);
                        j += 1;
                    }
                    None => break,
                }
            }
            break;
        }
    }

    // Date: on or right after the "Distr." line, else on the symbol line,
    // else the first line that is only a date.
    let distr_at = lines.iter().position(|l| DISTR_RE.is_match(l));
    let mut date_lang = None;
    if let Some(d) = distr_at {
        for l in lines.iter().skip(d).take(6) {
            if let Some((date, lang)) = find_date_with_lang(l) {
                header.date = Some(date);
                date_lang = lang;
                break;
            }
        }
    }
    if header.date.is_none() {
        header.date = line_date;
    }
    if header.date.is_none() {
        let limit = symbol_at.map_or(20, |s| s + 12);
        for l in lines.iter().take(limit) {
            if line_is_date(l) {
                if let Some((date, lang)) = find_date_with_lang(l) {
                    header.date = Some(date);
                    date_lang = lang;
                    break;
                }
            }
        }
    }

    // Language: the header labels' own language, else the date's.
    let anchor = distr_at.or(symbol_at).unwrap_or(0);
    header.lang_hint = lines
        .iter()
        .skip(anchor.saturating_sub(4))
        .take(14)
        .find_map(|l| label_lang(l))
        .or(date_lang)
        .map(str::to_string);

    header.title = find_title(&lines, distr_at.or(symbol_at));
    header
}

/// The document's own title, read in page order: masthead lines separate
/// blocks; a session or agenda line means the blocks before it named the
/// body, and so does the masthead anchor (`anchor`: the "Distr." or symbol
/// line) when no session or agenda line came before it; the block printed
/// right under an agenda line (no gap) names the agenda item and is
/// skipped. The first block left is the title, and a short "Report of …" /
/// "Note by …" block right after it is appended.
fn find_title(lines: &[String], anchor: Option<usize>) -> Option<String> {
    static SUBTITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:Report|Note|Statement|Draft|Revised|Addendum|Corrigendum|Summary record|Working paper|Rapport|Informe|Nota|Document de travail|Documento de trabajo)\b")
            .expect("subtitle regex")
    });
    static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:Summary|Résumé|Resumen|Abstract|Contents|Table des matières|Índice|Introduction)$|[IV]+\.\s|1\.\s|The (?:Security Council|General Assembly|Economic and Social Council|Executive Board),)")
            .expect("body regex")
    });
    #[derive(Default)]
    struct Blocks<'a> {
        done: Vec<Vec<&'a str>>,
        current: Vec<&'a str>,
        current_is_agenda_name: bool,
        agenda_name: Option<Vec<&'a str>>,
    }
    impl<'a> Blocks<'a> {
        fn close(&mut self) {
            let block = std::mem::take(&mut self.current);
            if !block.is_empty() {
                if self.current_is_agenda_name {
                    self.agenda_name = Some(block);
                } else {
                    self.done.push(block);
                }
            }
            self.current_is_agenda_name = false;
        }
    }
    let mut b = Blocks::default();
    let mut seen_session = false;
    let mut seen_agenda = false;
    let mut previous = LineKind::Masthead;
    let mut previous_blank = false;
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == anchor && !seen_session && !seen_agenda {
            b.close();
            b.done.clear();
        }
        if b.done.len() >= 2 && anchor.is_none_or(|a| i > a) {
            break;
        }
        if line.is_empty() {
            b.close();
            previous_blank = true;
            continue;
        }
        if line.chars().count() <= 3 {
            continue; // logo debris: "e", "A S"
        }
        let kind = match line_kind(line) {
            LineKind::Sitting if previous == LineKind::Text => LineKind::Masthead,
            LineKind::Sitting => LineKind::Session,
            kind => kind,
        };
        match kind {
            LineKind::Text => {
                let long = line.chars().count() > 200;
                if (BODY_START.is_match(line) || long)
                    && !(b.current_is_agenda_name && b.current.is_empty())
                {
                    b.close();
                    if !b.done.is_empty() || anchor.is_none_or(|a| i > a) {
                        break;
                    }
                    continue;
                }
                if b.current.is_empty() && previous == LineKind::Agenda && !previous_blank {
                    b.current_is_agenda_name = true;
                }
                b.current.push(line);
                if b.current.len() > 8 && !b.current_is_agenda_name {
                    b.close();
                }
            }
            LineKind::Session => {
                b.close();
                if !seen_agenda {
                    b.done.clear();
                }
                seen_session = true;
            }
            LineKind::Agenda => {
                b.close();
                b.done.clear();
                seen_agenda = true;
            }
            LineKind::Cover => {
                b.close();
                if !b.done.is_empty() {
                    break;
                }
            }
            LineKind::Masthead | LineKind::Sitting => b.close(),
        }
        previous = kind;
        previous_blank = false;
    }
    b.close();
    let mut blocks = b.done.into_iter();
    let mut title = match blocks.next() {
        Some(block) => block.join(" "),
        None => b.agenda_name?.join(" "),
    };
    if let Some(next) = blocks.next() {
        let next = next.join(" ");
        if next.chars().count() <= 100 && SUBTITLE.is_match(&next) && !SUBTITLE.is_match(&title) {
            title = format!("{title}: {next}");
        }
    }
    let title = tidy_title(&title);
    (title.chars().count() >= 3).then_some(title)
}

/// Drops footnote asterisks ("Iraq:*,** draft resolution") and the
/// punctuation they leave behind.
fn tidy_title(title: &str) -> String {
    let t = title.replace('*', "");
    let t = t.replace(":,", ":").replace(",,", ",").replace(" ,", ",");
    let t = crate::text::collapse_whitespace(&t);
    t.trim_end_matches([',', ':', ';']).trim().to_string()
}

// ---------------------------------------------------------------------------
// What the file name says
// ---------------------------------------------------------------------------

/// Symbols and language hint from a UN Digital Library style file name:
/// `A_79_722.en.pdf` → "A/79/722", `S_RES_2769 (2025).en.pdf` →
/// "S/RES/2769 (2025)", `A_ES-10_1043, S_2025_529.en.pdf` → two symbols,
/// `A_RES_73_69-EN.pdf` → "A/RES/73/69" in English. Names that do not
/// read as a symbol give none.
pub(super) fn symbols_from_file_name(path: &Path) -> (Vec<String>, Option<String>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut stem = name.as_str();
    if let Some(s) = stem
        .strip_suffix(".pdf")
        .or_else(|| stem.strip_suffix(".PDF"))
    {
        stem = s;
    }
    let mut lang = None;
    static LANG_SUFFIX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)[.\-](ar|zh|en|fr|ru|es)$").expect("lang suffix regex"));
    if let Some(caps) = LANG_SUFFIX.captures(stem) {
        lang = Some(caps[1].to_lowercase());
        stem = &stem[..caps.get(0).map_or(stem.len(), |m| m.start())];
    }
    // "[E_ECE_]TRANS_..." marks an optional prefix: drop it.
    static OPTIONAL_PREFIX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\[[^\]]*\]").expect("prefix regex"));
    let stem = OPTIONAL_PREFIX.replace(stem, "");
    let symbols = stem
        .split(',')
        .map(|part| part.trim().replace('_', "/"))
        .filter(|s| SYMBOL_RE.is_match(s))
        .collect();
    (symbols, lang)
}

/// The front page of the UN's Official Document System when a symbol has no
/// document: a real PDF whose only text says so.
pub(super) fn is_ods_placeholder(page1: &str) -> bool {
    page1.contains("does not exist in the Official Document System")
}
