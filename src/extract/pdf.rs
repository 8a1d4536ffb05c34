//! PDF → text, and the front-page header of a UN document.
//!
//! Text comes from `pdf-extract` (on top of `lopdf`), chosen by measuring it
//! against `lopdf`'s own extractor and `pdf_oxide` on 208 real UN PDFs: it
//! keeps words whole, puts the page-1 header first in reading order and
//! handles accents, where the others split words, break numbers across lines
//! or move the header to the end of the page. PDF libraries panic, recurse
//! without bound or loop on malformed files, so this module is the only place
//! that calls them, and the ingester never does so in its own process: the
//! worker processes of [`super::pdf_pool`] call [`extract_pages`], and the
//! pool kills a worker after [`PDF_TIMEOUT`] and maps every failure, crash or
//! timeout to an [`ExtractError`]. A bad file can then cost one worker
//! process, never the run or the index.
//!
//! [`parse_header`] reads what page 1 of a modern UN document prints —
//! symbol(s), "Distr.", the date, "Original:", the title — from plain text,
//! with no layout information; [`extract`] puts the two together into a
//! [`RawDocument`]. Symbols are returned as written (dashes normalised,
//! reissue `*` dropped): parsing them is the symbol module's job.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use time::{Date, Month};

use crate::document::RawDocument;
use crate::extract::pdf_pool::PdfPool;
use crate::extract::ExtractError;

/// How long one PDF may take in a worker process before it is killed. The
/// slowest of the 208 test PDFs (104–116 pages) takes under 1.5 s.
pub const PDF_TIMEOUT: Duration = Duration::from_secs(60);

/// Larger files are refused before any parsing (the largest UN report seen
/// is a few MB; the whole file is held in memory).
pub const PDF_MAX_BYTES: u64 = 200 * 1024 * 1024;

// ---------------------------------------------------------------------------
// In-process extraction
// ---------------------------------------------------------------------------

/// Extract the text of each page, in process. May panic inside the library:
/// callers isolate it (see [`super::pdf_pool`]).
///
/// All pages are first extracted in one pass ([`whole_document`]). When
/// that fails or panics, pages are extracted one by one, so one bad page
/// costs only its own text: a page whose content stream `lopdf` cannot parse (typically an inline
/// image with abbreviated names, common in 1990s scans with an OCR layer) is
/// retried with its inline images removed, then with `lopdf`'s plain
/// extractor, and left empty if all fail. Each page's text is tidied:
/// whitespace runs collapsed, lines trimmed, at most one blank line between
/// blocks, ligatures and odd dashes spelled out.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, ExtractError> {
    extract_first_pages(bytes, usize::MAX)
}

/// [`extract_pages`] for at most `limit` pages (the header needs one).
fn extract_first_pages(bytes: &[u8], limit: usize) -> Result<Vec<String>, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if !has_pdf_header(bytes) {
        return Err(ExtractError::NotPdf);
    }
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) => ExtractError::Encrypted,
        e => ExtractError::Pdf(e.to_string()),
    })?;
    // lopdf decrypts on load when the empty user password opens the file
    // (the usual "no copying" protection); otherwise the text is unreadable.
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(ExtractError::Encrypted);
    }
    let all_pages = doc.get_pages();
    if all_pages.is_empty() {
        return Err(ExtractError::Pdf("document has no pages".into()));
    }
    if limit >= all_pages.len() {
        if let Some(pages) = whole_document(&doc, all_pages.len()) {
            let out: Vec<String> = pages.iter().map(|p| tidy_text(p)).collect();
            if out.iter().all(|p| p.trim().is_empty()) {
                return Err(ExtractError::NoText);
            }
            return Ok(out);
        }
    }
    let pages: Vec<(u32, lopdf::ObjectId)> = all_pages.into_iter().take(limit).collect();
    let mut out = Vec::with_capacity(pages.len());
    let mut first_error: Option<String> = None;
    let mut failed = 0usize;
    for (number, id) in pages {
        match page_text(&mut doc, number, id) {
            Ok(text) => out.push(tidy_text(&text)),
            Err(e) => {
                failed += 1;
                first_error.get_or_insert(format!("page {number}: {e}"));
                out.push(String::new());
            }
        }
    }
    if failed == out.len() {
        return Err(ExtractError::Pdf(first_error.unwrap_or_default()));
    }
    if out.iter().all(|p| p.trim().is_empty()) {
        return Err(ExtractError::NoText);
    }
    Ok(out)
}

/// Every page in one pass of pdf-extract (`output_doc`), split at the page
/// ends: `None` when any page fails or the library panics, and the caller
/// then goes page by page with the fallbacks. The text of each page is
/// what [`pdf_extract_page`] gives it, up to leading whitespace (the
/// plain-text writer carries its position over from the page before, which
/// only decides whether a page starts with a space or a line break, and
/// [`tidy_text`] drops both).
fn whole_document(doc: &lopdf::Document, page_count: usize) -> Option<Vec<String>> {
    use std::cell::RefCell;
    use std::rc::Rc;

    /// The writer the plain-text output appends to, shared with [`Pages`]
    /// so that it can note where each page ends.
    struct Sink(Rc<RefCell<Vec<u8>>>);
    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    struct Pages<'a> {
        inner: pdf_extract::PlainTextOutput<&'a mut dyn Write>,
        text: Rc<RefCell<Vec<u8>>>,
        ends: Vec<usize>,
    }
    impl pdf_extract::OutputDev for Pages<'_> {
        fn begin_page(
            &mut self,
            page_num: u32,
            media_box: &pdf_extract::MediaBox,
            art_box: Option<(f64, f64, f64, f64)>,
        ) -> Result<(), pdf_extract::OutputError> {
            self.inner.begin_page(page_num, media_box, art_box)
        }
        fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
            self.inner.end_page()?;
            self.ends.push(self.text.borrow().len());
            Ok(())
        }
        fn output_character(
            &mut self,
            trm: &pdf_extract::Transform,
            width: f64,
            spacing: f64,
            font_size: f64,
            char: &str,
        ) -> Result<(), pdf_extract::OutputError> {
            self.inner
                .output_character(trm, width, spacing, font_size, char)
        }
        fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            self.inner.begin_word()
        }
        fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            self.inner.end_word()
        }
        fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
            self.inner.end_line()
        }
    }

    let text = Rc::new(RefCell::new(Vec::new()));
    let mut sink = Sink(text.clone());
    let ends = catch_unwind(AssertUnwindSafe(|| {
        let mut pages = Pages {
            inner: pdf_extract::PlainTextOutput::new(&mut sink as &mut dyn Write),
            text: text.clone(),
            ends: Vec::with_capacity(page_count),
        };
        pdf_extract::output_doc(doc, &mut pages).map(|()| pages.ends)
    }))
    .ok()?
    .ok()?;
    if ends.len() != page_count {
        return None;
    }
    let text = text.borrow();
    let mut start = 0;
    let mut out = Vec::with_capacity(page_count);
    for end in ends {
        out.push(String::from_utf8_lossy(&text[start..end]).into_owned());
        start = end;
    }
    Some(out)
}

/// `%PDF-` must open the file; like most readers we allow up to 1 KiB of
/// junk before it.
pub(crate) fn has_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// One page with pdf-extract, with the fallbacks described at
/// [`extract_pages`]. Panics inside the libraries are caught here so that
/// one page cannot lose the others.
fn page_text(
    doc: &mut lopdf::Document,
    number: u32,
    id: lopdf::ObjectId,
) -> Result<String, String> {
    let first = pdf_extract_page(doc, number);
    let first_err = match first {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    let content = doc.get_page_content(id).map_err(|e| e.to_string())?;
    if lopdf::content::Content::decode(&content).is_err() {
        let cleaned = strip_inline_images(&content);
        if cleaned.len() != content.len()
            && lopdf::content::Content::decode(&cleaned).is_ok()
            && doc.change_page_content(id, cleaned).is_ok()
        {
            if let Ok(t) = pdf_extract_page(doc, number) {
                return Ok(t);
            }
        }
    }
    let plain = catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[number])));
    match plain {
        Ok(Ok(t)) if !t.trim().is_empty() => Ok(t),
        _ => Err(first_err),
    }
}

fn pdf_extract_page(doc: &lopdf::Document, number: u32) -> Result<String, String> {
    let run = catch_unwind(AssertUnwindSafe(|| {
        let mut s = String::new();
        let mut output = pdf_extract::PlainTextOutput::new(&mut s);
        pdf_extract::output_doc_page(doc, &mut output, number).map(|()| s)
    }));
    match run {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(format!("extractor panicked: {}", panic_message(&*panic))),
    }
}

pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Removes `BI … ID <data> EI` inline images from a content stream. They
/// carry no text, and lopdf's parser rejects the abbreviated forms older
/// scanners write (`/CS /G`), losing the whole page. String literals and
/// comments are skipped so that "BI" inside text is left alone.
fn strip_inline_images(content: &[u8]) -> Vec<u8> {
    let is_ws = |b: u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0);
    let is_delim = |b: u8| is_ws(b) || b"()<>[]{}/%".contains(&b);
    let n = content.len();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let b = content[i];
        match b {
            b'(' => {
                // literal string, with nesting and escapes
                let start = i;
                let mut depth = 0usize;
                while i < n {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                out.extend_from_slice(&content[start..i.min(n)]);
            }
            b'%' => {
                let start = i;
                while i < n && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
                out.extend_from_slice(&content[start..i]);
            }
            b'B' if content[i..].starts_with(b"BI")
                && (i == 0 || is_delim(content[i - 1]))
                && content.get(i + 2).is_none_or(|&c| is_delim(c)) =>
            {
                // find the ID operator, then the EI that ends the data
                let mut j = i + 2;
                let mut id_end = None;
                while j + 1 < n {
                    if content[j] == b'I'
                        && content[j + 1] == b'D'
                        && is_delim(content[j - 1])
                        && content.get(j + 2).is_none_or(|&c| is_ws(c))
                    {
                        id_end = Some(j + 3);
                        break;
                    }
                    j += 1;
                }
                let Some(mut k) = id_end else {
                    out.extend_from_slice(&content[i..]);
                    break;
                };
                let mut end = None;
                while k + 1 < n {
                    if content[k] == b'E'
                        && content[k + 1] == b'I'
                        && is_ws(content[k - 1])
                        && content.get(k + 2).is_none_or(|&c| is_delim(c))
                    {
                        end = Some(k + 2);
                        break;
                    }
                    k += 1;
                }
                match end {
                    Some(e) => {
                        out.push(b'\n');
                        i = e;
                    }
                    None => break,
                }
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Tidies one page of extracted text: characters spelled plainly, each line
/// trimmed with inner whitespace runs collapsed, at most one blank line in a
/// row (pdf-extract marks vertical gaps with blank lines, which separate a
/// heading from the next block, so one is kept).
fn tidy_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_pending = false;
    for line in raw.lines() {
        let mut clean = String::with_capacity(line.len());
        let mut space = false;
        for c in line.chars() {
            let mapped: &str = match c {
                '\u{fb00}' => "ff",
                '\u{fb01}' => "fi",
                '\u{fb02}' => "fl",
                '\u{fb03}' => "ffi",
                '\u{fb04}' => "ffl",
                '\u{fb05}' | '\u{fb06}' => "st",
                '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => "",
                '\u{2010}' | '\u{2011}' => "-",
                c if c.is_whitespace() => " ",
                c if c.is_control() => "",
                _ => {
                    if space && !clean.is_empty() {
                        clean.push(' ');
                    }
                    space = false;
                    clean.push(c);
                    continue;
                }
            };
            if mapped == " " {
                space = true;
            } else if !mapped.is_empty() {
                if space && !clean.is_empty() {
                    clean.push(' ');
                }
                space = false;
                clean.push_str(mapped);
            }
        }
        if clean.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        out.push_str(&clean);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

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

fn month_from_name(name: &str) -> Option<Month> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    let m = match n {
        "january" | "janvier" | "enero" | "jan" => Month::January,
        "february" | "février" | "fevrier" | "febrero" | "feb" => Month::February,
        "march" | "mars" | "marzo" | "mar" => Month::March,
        "april" | "avril" | "abril" | "apr" => Month::April,
        "may" | "mai" | "mayo" => Month::May,
        "june" | "juin" | "junio" | "jun" => Month::June,
        "july" | "juillet" | "julio" | "jul" => Month::July,
        "august" | "août" | "aout" | "agosto" | "aug" => Month::August,
        "september" | "septembre" | "septiembre" | "setiembre" | "sept" | "sep" => Month::September,
        "october" | "octobre" | "octubre" | "oct" => Month::October,
        "november" | "novembre" | "noviembre" | "nov" => Month::November,
        "december" | "décembre" | "decembre" | "diciembre" | "dec" => Month::December,
        _ => return None,
    };
    Some(m)
}

/// The language a month name is written in, when only one language uses it.
fn month_lang(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    match n.as_str() {
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" => Some("en"),
        "janvier" | "février" | "fevrier" | "mars" | "avril" | "mai" | "juin" | "juillet"
        | "août" | "aout" | "septembre" | "octobre" | "novembre" | "décembre" | "decembre" => {
            Some("fr")
        }
        "enero" | "febrero" | "marzo" | "abril" | "mayo" | "junio" | "julio" | "agosto"
        | "septiembre" | "setiembre" | "octubre" | "noviembre" | "diciembre" => Some("es"),
        _ => None,
    }
}

/// The first full date in `text`, with the language its month is written in.
fn find_date_with_lang(text: &str) -> Option<(Date, Option<&'static str>)> {
    for caps in DATE_RE.captures_iter(text) {
        let day: u8 = caps[1].parse().ok()?;
        let Some(month) = month_from_name(&caps[2]) else {
            continue;
        };
        let year: i32 = caps[3].parse().ok()?;
        if let Ok(d) = Date::from_calendar_date(year, month, day) {
            return Some((d, month_lang(&caps[2])));
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
        } else if month_lang(word).is_some() {
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
        let l = raw.split_whitespace().collect::<Vec<_>>().join(" ");
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
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_end_matches([',', ':', ';']).trim().to_string()
}

// ---------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------

/// Symbols and language hint from a UN Digital Library style file name:
/// `A_79_722.en.pdf` → "A/79/722", `S_RES_2769 (2025).en.pdf` →
/// "S/RES/2769 (2025)", `A_ES-10_1043, S_2025_529.en.pdf` → two symbols,
/// `A_RES_73_69-EN.pdf` → "A/RES/73/69" in English. Names that do not
/// read as a symbol give none.
fn symbols_from_file_name(path: &Path) -> (Vec<String>, Option<String>) {
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
fn is_ods_placeholder(page1: &str) -> bool {
    page1.contains("does not exist in the Official Document System")
}

/// The whole job for one PDF file: extraction in a worker and the page-1
/// header → [`RawDocument`]. Symbols come from page 1 (the first page with
/// text), or from the file name only when page 1 shows none; the language
/// from the header, or the file name's `.en.` as a hint; the body is all
/// pages joined with a blank line. The UN Official Document System's "does
/// not exist" page (a real PDF) is [`ExtractError::Placeholder`]: skipped,
/// not a failure.
pub fn extract(pool: &PdfPool, path: &Path) -> Result<RawDocument, ExtractError> {
    let pages = pool.extract_pages(path)?;
    let page1 = pages
        .iter()
        .find(|p| !p.trim().is_empty())
        .map(String::as_str)
        .unwrap_or("");
    if is_ods_placeholder(page1) {
        return Err(ExtractError::Placeholder);
    }
    let header = parse_header(page1);
    let (name_symbols, name_lang) = symbols_from_file_name(path);
    let symbols = if header.symbols.is_empty() {
        name_symbols
    } else {
        header.symbols
    };
    Ok(RawDocument {
        source: path.display().to_string(),
        symbols,
        title: header.title,
        body: pages.join("\n\n"),
        date: header.date,
        lang: header.lang_hint.or(name_lang),
        ..RawDocument::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    struct Case {
        name: &'static str,
        page1: &'static str,
        symbols: &'static [&'static str],
        date: Option<Date>,
        lang: Option<&'static str>,
        title: Option<&'static str>,
    }

    const CASES: &[Case] = &[
        Case {
            name: "joint GA/SC letter, en-dash",
            page1: "United Nations A/79/722\u{2013}S/2025/27\n\nGeneral Assembly\nSecurity Council\nDistr.: General\n13 January 2025\n\nOriginal: English\n\n25-00681 (E) 210125\n*2500681*\n\nGeneral Assembly Security Council\nSeventy-ninth session\nAgenda item 98 (w)\nGeneral and complete disarmament: confidence-building\nmeasures in the regional and subregional context\n\nEightieth year\n\nLetter dated 13 January 2025 from the Permanent Representative\nof Kazakhstan to the United Nations addressed to the Secretary-General\n\nI would like to bring to your attention the following.",
            symbols: &["A/79/722-S/2025/27"],
            date: Some(date!(2025 - 01 - 13)),
            lang: Some("en"),
            title: Some("Letter dated 13 January 2025 from the Permanent Representative of Kazakhstan to the United Nations addressed to the Secretary-General"),
        },
        Case {
            name: "SC resolution",
            page1: "United Nations S/RES/2769 (2025)\nSecurity Council Distr.: General\n16 January 2025\n\n25-00687 (E)\n*2500687*\n\nResolution 2769 (2025)\n\nAdopted by the Security Council at its 9838th meeting, on\n16 January 2025\n\nThe Security Council,",
            symbols: &["S/RES/2769 (2025)"],
            date: Some(date!(2025 - 01 - 16)),
            lang: Some("en"),
            title: Some("Resolution 2769 (2025)"),
        },
        Case {
            name: "subsidiary body, Spanish version",
            page1: "Naciones Unidas A/AC.292/2024/3\nAsamblea General Distr. general\n13 de enero de 2025\nEspañol\nOriginal: inglés\n\n25-00001 (S) 140125\n*2500001*\n\nGrupo de trabajo de composición abierta\nTercer período de sesiones\nTema 5 del programa provisional\nAprobación del programa\n\nPrograma provisional\n\n1. Apertura del período de sesiones.",
            symbols: &["A/AC.292/2024/3"],
            date: Some(date!(2025 - 01 - 13)),
            lang: Some("es"),
            title: Some("Programa provisional"),
        },
        Case {
            name: "French version, 1er",
            page1: "Nations Unies S/2025/10\nConseil de sécurité Distr. générale\n1er mars 2025\nFrançais\nOriginal : anglais\n\nLettre datée du 28 février 2025",
            symbols: &["S/2025/10"],
            date: Some(date!(2025 - 03 - 01)),
            lang: Some("fr"),
            title: Some("Lettre datée du 28 février 2025"),
        },
        Case {
            name: "French month without label",
            page1: "Nations Unies S/2025/11\nConseil de sécurité Distr. générale\n13 janvier 2025\n\nRapport du Secrétaire général",
            symbols: &["S/2025/11"],
            date: Some(date!(2025 - 01 - 13)),
            lang: Some("fr"),
            title: Some("Rapport du Secrétaire général"),
        },
        Case {
            name: "missing date",
            page1: "TPNW/MSP/2025/WP.4\n\nThird Meeting of States Parties\nEnglish only\n\nNew York, 3\u{2013}7 March 2025\n\nUniversalization\n\nWorking paper submitted by Austria\n\nI. Introduction",
            symbols: &["TPNW/MSP/2025/WP.4"],
            date: None,
            lang: Some("en"),
            title: Some("Universalization: Working paper submitted by Austria"),
        },
        Case {
            name: "no symbol",
            page1: "Meeting report\nUnited Nations leadership forum\non climate change\n22 September 2009, New York",
            symbols: &[],
            date: None,
            lang: None,
            title: None,
        },
        Case {
            name: "official records cover: symbol first",
            page1: "A/80/42\nUnited Nations\n\nReport of the Disarmament\nCommission for 2025\n\nGeneral Assembly\nOfficial Records\nEightieth Session\nSupplement No. 42",
            symbols: &["A/80/42"],
            date: None,
            lang: None,
            title: Some("Report of the Disarmament Commission for 2025"),
        },
        Case {
            name: "stacked symbols",
            page1: "E/2025/37\nE/ECE/1512\n\nEconomic Commission\nfor Europe\n\nBiennial Report",
            symbols: &["E/2025/37", "E/ECE/1512"],
            date: None,
            lang: None,
            title: Some("Economic Commission for Europe"),
        },
        Case {
            name: "old cover: two symbols and the date on one line",
            page1: "UNITED NATIONS\nGeneral Assembly\nSecurity Council\nDistr. GENERAL\nA/52/826 S/1998/222 17 March 1998\nORIGINAL: ENGLISH\n\nTHE SITUATION IN AFGHANISTAN",
            symbols: &["A/52/826", "S/1998/222"],
            date: Some(date!(1998 - 03 - 17)),
            lang: Some("en"),
            title: Some("THE SITUATION IN AFGHANISTAN"),
        },
        Case {
            name: "reissue star, part, translated version",
            page1: "United Nations E/2025/34 (Part I)*\nEconomic and Social Council Distr.: General\n20 March 2025\nEnglish\nOriginal: French\n\nReport of the Executive Board",
            symbols: &["E/2025/34 (Part I)"],
            date: Some(date!(2025 - 03 - 20)),
            lang: Some("en"),
            title: Some("Report of the Executive Board"),
        },
        Case {
            name: "emergency session joint symbol with hyphen inside",
            page1: "United Nations A/ES-10/1043 - S/2025/529\nGeneral Assembly\nSecurity Council\nDistr.: General\n22 August 2025\nOriginal: English",
            symbols: &["A/ES-10/1043-S/2025/529"],
            date: Some(date!(2025 - 08 - 22)),
            lang: Some("en"),
            title: None,
        },
        Case {
            name: "header printed after the summary",
            page1: "GE.25-06162 (E) 050525\nHuman Rights Council\nEighteenth session\n14-18 July 2025\n\nUnited Nations A/HRC/EMRIP/2025/2\nGeneral Assembly Distr.: General\n6 May 2025\nOriginal: English",
            symbols: &["A/HRC/EMRIP/2025/2"],
            date: Some(date!(2025 - 05 - 06)),
            lang: Some("en"),
            title: None,
        },
        Case {
            name: "symbols in running text are not the header",
            page1: "The Council recalls document S/2025/112 and resolution 2719 (2023).\nIt decides to remain seized of the matter.",
            symbols: &[],
            date: None,
            lang: None,
            title: None,
        },
    ];

    #[test]
    fn parse_header_table() {
        for case in CASES {
            let h = parse_header(case.page1);
            let want: Vec<String> = case.symbols.iter().map(|s| s.to_string()).collect();
            assert_eq!(h.symbols, want, "symbols: {}", case.name);
            assert_eq!(h.date, case.date, "date: {}", case.name);
            assert_eq!(h.lang_hint.as_deref(), case.lang, "lang: {}", case.name);
            if case.title.is_some() {
                assert_eq!(h.title.as_deref(), case.title, "title: {}", case.name);
            }
        }
    }

    #[test]
    fn file_name_fallback() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("A_79_722.en.pdf", &["A/79/722"], Some("en")),
            (
                "S_RES_2769 (2025).en.pdf",
                &["S/RES/2769 (2025)"],
                Some("en"),
            ),
            (
                "A_ES-10_1043, S_2025_529.en.pdf",
                &["A/ES-10/1043", "S/2025/529"],
                Some("en"),
            ),
            ("A_RES_73_69-EN.pdf", &["A/RES/73/69"], Some("en")),
            (
                "[E_ECE_]TRANS_SC.2_2001_20.en.pdf",
                &["TRANS/SC.2/2001/20"],
                Some("en"),
            ),
            ("***.en.pdf", &[], Some("en")),
            ("UNDoc-4077798.pdf", &[], None),
        ];
        for (name, symbols, lang) in cases {
            let (got, got_lang) = symbols_from_file_name(Path::new(name));
            assert_eq!(
                got,
                symbols.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{name}"
            );
            assert_eq!(got_lang.as_deref(), *lang, "{name}");
        }
    }

    #[test]
    fn tidy_collapses_spaces_and_blank_lines() {
        let raw = "\n\n  United Nations    A/79/722 \n\n \n\nGeneral  Assembly \u{fb01}nal\n";
        assert_eq!(
            tidy_text(raw),
            "United Nations A/79/722\n\nGeneral Assembly final"
        );
    }

    #[test]
    fn strip_inline_images_keeps_text() {
        let content = b"BT (BI not an image) Tj ET\nq BI /W 2 /H 1 /BPC 1 /CS /G ID \xff\x00EIx\n EI Q\nBT (after) Tj ET";
        let cleaned = strip_inline_images(content);
        let s = String::from_utf8_lossy(&cleaned);
        assert!(s.contains("(BI not an image) Tj"), "{s}");
        assert!(s.contains("(after) Tj"), "{s}");
        assert!(!s.contains("ID"), "{s}");
        assert!(lopdf::content::Content::decode(&cleaned).is_ok());
    }

    #[test]
    fn rejects_non_pdf_and_empty() {
        assert!(matches!(extract_pages(b""), Err(ExtractError::Empty)));
        assert!(matches!(
            extract_pages(b"<html>hello</html>"),
            Err(ExtractError::NotPdf)
        ));
        assert!(matches!(
            extract_pages(b"%PDF-1.7\ngarbage"),
            Err(ExtractError::Pdf(_))
        ));
    }

    /// A two-page PDF built with lopdf, so the real extractor is exercised
    /// without shipping a document.
    fn tiny_pdf(pages: &[&str]) -> Vec<u8> {
        use lopdf::content::{Content, Operation};
        use lopdf::{dictionary, Document, Object, Stream};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids = Vec::new();
        for text in pages {
            let mut ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
            ];
            for (i, line) in text.lines().enumerate() {
                ops.push(Operation::new(
                    "Td",
                    vec![72.into(), (720 - 16 * i as i64).into()],
                ));
                ops.push(Operation::new("Tj", vec![Object::string_literal(line)]));
                ops.push(Operation::new(
                    "Td",
                    vec![(-72).into(), (-720 + 16 * i as i64).into()],
                ));
            }
            ops.push(Operation::new("ET", vec![]));
            let content = Content { operations: ops };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            });
            kids.push(Object::from(page_id));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => count,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn extracts_pages_of_a_generated_pdf() {
        let bytes = tiny_pdf(&[
            "United Nations S/2025/1\nSecurity Council Distr.: General\n2 January 2025",
            "Second page",
        ]);
        let pages = extract_pages(&bytes).unwrap();
        assert_eq!(pages.len(), 2);
        assert!(pages[0].contains("S/2025/1"), "{pages:?}");
        assert!(pages[1].contains("Second page"), "{pages:?}");
        let h = parse_header(&pages[0]);
        assert_eq!(h.symbols, vec!["S/2025/1".to_string()]);
        assert_eq!(h.date, Some(date!(2025 - 01 - 02)));
    }

    #[test]
    fn blank_pdf_has_no_text() {
        let bytes = tiny_pdf(&["", ""]);
        assert!(matches!(extract_pages(&bytes), Err(ExtractError::NoText)));
    }

    #[cfg(unix)]
    #[test]
    fn extract_uses_page_one_then_the_file_name() {
        use crate::extract::pdf_pool::fake_worker;
        let dir = tempfile::tempdir().unwrap();
        let pool = |exe| PdfPool::with_command(exe, &[], Duration::from_secs(10));
        let write_frame = |pages: &[&str]| {
            let mut body = format!("printf 'UNDEX-PDF/2 0 {}\\n'", pages.len());
            for p in pages {
                body.push_str(&format!("; printf '{}\\n%s' '{}'", p.len(), p));
            }
            body
        };
        // page 1 has a symbol: the file name is ignored
        let named = dir.path().join("E_2024_1.en.pdf");
        std::fs::write(&named, b"%PDF-1.7\n").unwrap();
        let exe = fake_worker(
            dir.path(),
            "es",
            &write_frame(&["Naciones Unidas A/AC.292/2024/3\nAsamblea General Distr. general\n13 de enero de 2025\nEspañol\nOriginal: inglés", "Texto"]),
        );
        let raw = extract(&pool(exe), &named).unwrap();
        assert_eq!(raw.symbols, vec!["A/AC.292/2024/3".to_string()]);
        assert_eq!(raw.lang.as_deref(), Some("es"));
        assert_eq!(raw.date, Some(date!(2025 - 01 - 13)));
        assert_eq!(raw.source, named.display().to_string());
        assert!(raw.body.ends_with("inglés\n\nTexto"), "{}", raw.body);
        // page 1 shows none: symbol and language hint from the file name
        let exe = fake_worker(dir.path(), "plain", &write_frame(&["Some scanned text"]));
        let named = dir.path().join("S_RES_2769 (2025).en.pdf");
        std::fs::write(&named, b"%PDF-1.7\n").unwrap();
        let raw = extract(&pool(exe), &named).unwrap();
        assert_eq!(raw.symbols, vec!["S/RES/2769 (2025)".to_string()]);
        assert_eq!(raw.lang.as_deref(), Some("en"));
        // an ODS "does not exist" page is no document
        let exe = fake_worker(
            dir.path(),
            "ods",
            &write_frame(&["The document you are looking for does not exist in the Official Document System (ODS)."]),
        );
        assert!(matches!(
            extract(&pool(exe), &named),
            Err(ExtractError::Placeholder)
        ));
    }

    /// The real-document check: page 1 of every PDF in the shared corpus
    /// that prints a clear symbol, against `tests/fixtures/un-pdf-symbols.tsv`
    /// (file name, then the page-1 symbols joined with '-', or "-" for none).
    /// Runs in process on page 1 only; needs `../shared` (or `UNDEX_SHARED`)
    /// and fails loudly without it.
    #[test]
    fn corpus_headers_match_fixture() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = std::env::var_os("UNDEX_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| manifest.join("../shared"));
        let corpus = shared.join("corpus/un-pdf");
        assert!(
            corpus.is_dir(),
            "the shared real data is missing: expected {} (set UNDEX_SHARED to its folder)",
            corpus.display()
        );
        let fixture = std::fs::read_to_string(manifest.join("tests/fixtures/un-pdf-symbols.tsv"))
            .expect("tests/fixtures/un-pdf-symbols.tsv");
        let (mut clear, mut hits) = (0usize, 0usize);
        let mut misses = Vec::new();
        for row in fixture.lines().filter(|l| !l.trim().is_empty()) {
            let (file, want) = row.split_once('\t').expect("file<TAB>symbols");
            if want == "-" {
                continue;
            }
            clear += 1;
            let bytes =
                std::fs::read(corpus.join(file)).expect("corpus file listed in the fixture");
            let got = match extract_first_pages(&bytes, 1) {
                Ok(pages) => parse_header(&pages[0]).symbols.join("-"),
                Err(e) => format!("error: {e}"),
            };
            if got == want {
                hits += 1;
            } else {
                misses.push(format!("{file}: want {want}, got {got}"));
            }
        }
        assert!(
            clear >= 200,
            "fixture lists {clear} documents with a symbol"
        );
        let rate = hits as f64 / clear as f64;
        assert!(
            rate >= 0.98,
            "{hits}/{clear} page-1 symbols match; misses:\n{}",
            misses.join("\n")
        );
    }

    /// The one-pass extraction gives every page the text the page-by-page
    /// path gives it, over every PDF of the shared corpus that extracts in
    /// one pass (needs `../shared`, like the test above).
    #[test]
    fn whole_document_pages_equal_page_by_page() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = std::env::var_os("UNDEX_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| manifest.join("../shared"));
        let corpus = shared.join("corpus/un-pdf");
        let mut files: Vec<_> = std::fs::read_dir(&corpus)
            .unwrap_or_else(|e| {
                panic!("the shared real data is missing: {}: {e}", corpus.display())
            })
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let (mut whole, mut differ) = (0, Vec::new());
        // Every fourth file keeps the debug-build run short.
        for path in files.iter().step_by(4) {
            let bytes = std::fs::read(path).unwrap();
            let Ok(doc) = lopdf::Document::load_mem(&bytes) else {
                continue;
            };
            let count = doc.get_pages().len();
            let Some(pages) = whole_document(&doc, count) else {
                continue;
            };
            whole += 1;
            let by_page: Vec<String> = doc
                .get_pages()
                .into_keys()
                .map(|n| {
                    pdf_extract_page(&doc, n)
                        .map(|t| tidy_text(&t))
                        .unwrap_or_default()
                })
                .collect();
            let pages: Vec<String> = pages.iter().map(|p| tidy_text(p)).collect();
            if pages != by_page {
                differ.push(path.display().to_string());
            }
        }
        assert!(whole >= 40, "only {whole} files extracted in one pass");
        assert!(differ.is_empty(), "pages differ: {differ:?}");
    }
}
