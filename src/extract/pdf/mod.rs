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
//! [`header`] reads what page 1 prints (symbols, date, language, title)
//! and what the file name says; [`extract`] puts text and header together
//! into a [`RawDocument`]. The unit tests are in `tests.rs`.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Duration;

use crate::document::RawDocument;
use crate::extract::pdf_pool::PdfPool;
use crate::extract::ExtractError;

mod header;
#[cfg(test)]
mod tests;

use header::{is_ods_placeholder, symbols_from_file_name};
pub use header::{parse_header, PdfHeader};

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
// One file
// ---------------------------------------------------------------------------

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
