//! Akoma Ntoso for the UN (AKN4UN): the UN's machine-readable resolutions.
//!
//! A file is recognised by its root element, `akomaNtoso`, not by its
//! `.xml` extension (MARCXML shares it). One file is one resolution in one
//! language. Read from it: the symbol (`docNumber` of the cover page), the
//! title (the `docTitle` of the preface; the cover page's first `docTitle`
//! is "Resolution adopted by the General Assembly on …"), the adoption date
//! (`FRBRdate name="adoption"`), the language (`FRBRlanguage`, ISO 639-2:
//! `ara zho eng fra rus spa`; the job-number letter of the file name when
//! absent), the agenda item and the committee report line of the cover
//! page, the draft it came from (the workflow `step` with outcome
//! `draftResolution`, written into the body so it is recorded as cited),
//! the preamble and operative paragraphs (one paragraph a line; footnotes
//! after them), and the `voting` section, read by `votes::parse_voting`
//! into the document's catalogue metadata ([`RawDocument::meta`], with the
//! draft), which the writer joins with the UN's metadata extract. The
//! SDG/EuroVoc keywords
//! are machine-assigned and left out.
//!
//! A file without a symbol, with a language code outside the six, that is
//! truncated or not well-formed is an [`ExtractError`] naming the reason.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::date::parse_date;
use super::text::xml_attr as attr;
use super::{ExtractError, Extracted};
use crate::document::{DocType, RawDocument};
use crate::lang::Lang;
use crate::symbol::Symbol;
use crate::votes::Catalogue;

/// The root element that marks an AKN file.
pub const ROOT: &str = "akomaNtoso";

/// The local name of the first element of an XML file, if it has one
/// (after the declaration, comments and a BOM).
pub fn root_element(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    for _ in 0..64 {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
        buf.clear();
    }
    None
}

/// True when the file's root element is `akomaNtoso`.
pub fn is_akn(bytes: &[u8]) -> bool {
    root_element(bytes).as_deref() == Some(ROOT)
}

/// Extracts one AKN4UN file.
pub fn extract(path: &Path, bytes: &[u8]) -> Extracted {
    vec![extract_one(path, bytes)]
}

/// Where text read at the moment goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    None,
    Symbol,
    Title,
    AgendaNumber,
    AgendaName,
    Proponent,
    Body,
    Note,
}

/// What has been read of a file so far: the open elements, where their
/// text goes, and the facts found.
#[derive(Default)]
struct Reading {
    stack: Vec<String>,
    sinks: Vec<Sink>,
    symbol: Option<String>,
    titles: Vec<String>,
    date: Option<time::Date>,
    lang_code: Option<String>,
    agenda: (String, String),
    proponent: String,
    draft: Option<String>,
    /// Byte range of the `<voting>` section, for `votes::parse_voting`.
    voting: Option<(usize, usize)>,
    voting_start: Option<usize>,
    lines: Vec<String>,
    notes: Vec<String>,
    line: String,
    note: String,
    symbol_buf: String,
    title_buf: String,
}

fn extract_one(path: &Path, bytes: &[u8]) -> Result<RawDocument, ExtractError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut r = Reading::default();

    let xml_err = |reader: &Reader<&[u8]>, what: &dyn std::fmt::Display| {
        let pos = usize::try_from(reader.error_position()).unwrap_or(0);
        let line = text.as_bytes()[..pos.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        // An error at the very end is a file cut short.
        let cut = if pos + 1 >= text.trim_end().len() || what.to_string().contains("end of input") {
            " (truncated?)"
        } else {
            ""
        };
        ExtractError::Xml(format!("line {line}: {what}{cut}"))
    };

    loop {
        let start_pos = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return Err(xml_err(&reader, &e)),
        };
        // Text, CDATA and character or entity references all go to the
        // sink in force.
        let piece = match event {
            Event::Start(e) => {
                r.start(&e, start_pos)?;
                continue;
            }
            Event::Empty(e) => {
                r.empty(&e)?;
                continue;
            }
            Event::End(e) => {
                let end_pos = usize::try_from(reader.buffer_position()).unwrap_or(start_pos);
                if r.end(&local_name(e.local_name().as_ref()), end_pos) {
                    break;
                }
                continue;
            }
            Event::Text(t) => t.decode().map_err(|e| xml_err(&reader, &e))?.into_owned(),
            Event::CData(t) => t.decode().map_err(|e| xml_err(&reader, &e))?.into_owned(),
            Event::GeneralRef(g) => match g.resolve_char_ref() {
                Ok(Some(c)) => c.to_string(),
                Ok(None) => {
                    let name = g.decode().map_err(|e| xml_err(&reader, &e))?;
                    quick_xml::escape::resolve_xml_entity(&name)
                        .unwrap_or_default()
                        .to_string()
                }
                Err(e) => return Err(xml_err(&reader, &e)),
            },
            Event::Eof => return Err(r.ended_early(&text)),
            _ => continue,
        };
        r.text(&piece);
    }
    r.finish(path, &text)
}

fn wrong_root(name: &str) -> ExtractError {
    ExtractError::Xml(format!("root element is <{name}>, not <{ROOT}>"))
}

fn local_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

impl Reading {
    fn parent(&self) -> Sink {
        self.sinks.last().copied().unwrap_or(Sink::None)
    }

    fn start(&mut self, e: &BytesStart<'_>, start_pos: usize) -> Result<(), ExtractError> {
        let name = local_name(e.local_name().as_ref());
        if self.stack.is_empty() && name != ROOT {
            return Err(wrong_root(&name));
        }
        read_attributes(
            &name,
            e,
            &mut self.date,
            &mut self.lang_code,
            &mut self.draft,
        );
        let parent = self.parent();
        let sink = match name.as_str() {
            "docNumber" if in_cover(&self.stack) => Sink::Symbol,
            "docTitle" => Sink::Title,
            "inline" if in_cover(&self.stack) => match attr(e, "name").as_str() {
                "agenda item" => Sink::AgendaNumber,
                "agenda item name" => Sink::AgendaName,
                _ => parent,
            },
            "docProponent" => Sink::Proponent,
            "authorialNote" => Sink::Note,
            "preamble" | "mainBody" => Sink::Body,
            _ => parent,
        };
        match name.as_str() {
            "voting" => self.voting_start = Some(start_pos),
            "num" if sink == Sink::Body && !self.line.is_empty() => {
                flush(&mut self.line, &mut self.lines);
            }
            _ => {}
        }
        match sink {
            Sink::Symbol if parent != Sink::Symbol => self.symbol_buf.clear(),
            Sink::Title if parent != Sink::Title => self.title_buf.clear(),
            _ => {}
        }
        self.stack.push(name);
        self.sinks.push(sink);
        Ok(())
    }

    fn empty(&mut self, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        let name = local_name(e.local_name().as_ref());
        if self.stack.is_empty() {
            return Err(wrong_root(&name));
        }
        read_attributes(
            &name,
            e,
            &mut self.date,
            &mut self.lang_code,
            &mut self.draft,
        );
        if name == "eol" {
            match self.sinks.last() {
                Some(Sink::Body) => self.line.push(' '),
                Some(Sink::Note) => self.note.push(' '),
                _ => {}
            }
        }
        Ok(())
    }

    /// An element closes; true when it was the root.
    fn end(&mut self, name: &str, end_pos: usize) -> bool {
        self.stack.pop();
        let sink = self.sinks.pop().unwrap_or(Sink::None);
        let parent = self.parent();
        match name {
            "voting" => {
                if let Some(s) = self.voting_start.take() {
                    self.voting = Some((s, end_pos.max(s)));
                }
            }
            "docNumber" if sink == Sink::Symbol && self.symbol.is_none() => {
                let s = crate::text::collapse_whitespace(&self.symbol_buf);
                if s.contains('/') {
                    self.symbol = Some(s);
                }
            }
            "docTitle" if parent != Sink::Title => {
                self.titles
                    .push(crate::text::collapse_whitespace(&self.title_buf));
            }
            "p" if sink == Sink::Body => flush(&mut self.line, &mut self.lines),
            // "1." then the paragraph's words.
            "num" if sink == Sink::Body => self.line.push(' '),
            "authorialNote" if parent != Sink::Note => {
                let n = crate::text::collapse_whitespace(&self.note);
                if !n.is_empty() {
                    self.notes.push(n);
                }
                self.note.clear();
            }
            "preamble" | "mainBody" => flush(&mut self.line, &mut self.lines),
            _ => {}
        }
        self.stack.is_empty()
    }

    /// Text goes to the buffer of the sink in force.
    fn text(&mut self, s: &str) {
        let target = match self.sinks.last() {
            Some(Sink::Symbol) => &mut self.symbol_buf,
            Some(Sink::Title) => &mut self.title_buf,
            Some(Sink::AgendaNumber) => &mut self.agenda.0,
            Some(Sink::AgendaName) => &mut self.agenda.1,
            Some(Sink::Proponent) => &mut self.proponent,
            Some(Sink::Body) => &mut self.line,
            Some(Sink::Note) => &mut self.note,
            _ => return,
        };
        target.push_str(s);
    }

    /// The error for a file that ends before its root element closes.
    fn ended_early(&self, text: &str) -> ExtractError {
        if self.stack.is_empty() {
            return ExtractError::Xml("no root element".to_string());
        }
        let line = text.bytes().filter(|&b| b == b'\n').count() + 1;
        ExtractError::Xml(format!(
            "line {line}: file ends inside <{}> (truncated?)",
            self.stack.last().map_or("", String::as_str)
        ))
    }

    /// The document, once the root element has closed.
    fn finish(self, path: &Path, text: &str) -> Result<RawDocument, ExtractError> {
        let symbol = self.symbol.ok_or_else(|| {
            ExtractError::Xml("AKN file without a symbol (no <docNumber> on its cover page)".into())
        })?;
        let lang = match self.lang_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => match Lang::parse(code).filter(|l| *l != Lang::Und) {
                Some(l) => Some(l),
                None => {
                    return Err(ExtractError::Xml(format!(
                        "unknown language code {code:?} in <FRBRlanguage> (expected ara, zho, eng, fra, rus or spa)"
                    )))
                }
            },
            None => lang_from_file_name(path),
        };
        // The resolution's own title is the last docTitle (the cover page's
        // first one says when it was adopted).
        let title = if self.titles.len() >= 2 {
            self.titles.last().cloned()
        } else {
            self.titles.first().cloned()
        }
        .filter(|t| !t.is_empty());

        let mut body = Vec::new();
        let agenda_line =
            crate::text::collapse_whitespace(&format!("{} {}", self.agenda.0, self.agenda.1));
        if !agenda_line.is_empty() {
            body.push(agenda_line);
        }
        let proponent = crate::text::collapse_whitespace(&self.proponent);
        if !proponent.is_empty() {
            body.push(proponent);
        }
        if let Some(d) = &self.draft {
            body.push(d.clone());
        }
        body.extend(self.lines);
        body.extend(self.notes);
        if body.is_empty() && title.is_none() {
            return Err(ExtractError::NoContent);
        }
        Ok(RawDocument {
            source: path.display().to_string(),
            symbols: vec![symbol],
            title,
            body: body.join("\n"),
            date: self.date,
            lang: lang.map(|l| l.code().to_string()),
            url: None,
            subjects: Vec::new(),
            type_hint: Some(DocType::Resolution),
            meta: catalogue(text, self.voting.is_some(), self.draft.as_deref()),
            ..RawDocument::default()
        })
    }
}

/// The catalogue metadata an AKN text states itself: the vote (parsed by
/// `votes::parse_voting` from the `<voting>` section) and the draft. A
/// voting section the vote parser cannot read costs the vote, not the text.
fn catalogue(text: &str, has_voting: bool, draft: Option<&str>) -> Option<Catalogue> {
    let votes = if has_voting {
        crate::votes::parse_voting(text).ok().flatten()
    } else {
        None
    };
    let draft = draft
        .and_then(|d| Symbol::parse(d).ok())
        .map(|s| s.canonical().to_string());
    let meta = Catalogue {
        votes,
        draft,
        ..Catalogue::default()
    };
    (!meta.is_empty()).then_some(meta)
}

/// The facts AKN keeps in attributes: the adoption date, the language and
/// the draft resolution (elements written empty or with an end tag alike).
fn read_attributes(
    name: &str,
    e: &BytesStart<'_>,
    date: &mut Option<time::Date>,
    lang_code: &mut Option<String>,
    draft: &mut Option<String>,
) {
    match name {
        "FRBRdate" if attr(e, "name") == "adoption" => *date = parse_date(&attr(e, "date")),
        "FRBRlanguage" => *lang_code = Some(attr(e, "language")),
        "step" if attr(e, "outcome") == "draftResolution" && draft.is_none() => {
            let d = attr(e, "as");
            if !d.is_empty() {
                *draft = Some(d);
            }
        }
        _ => {}
    }
}

/// Inside the cover page, where the symbol and agenda item are.
fn in_cover(stack: &[String]) -> bool {
    stack.iter().any(|s| s == "coverPage")
}

fn flush(line: &mut String, lines: &mut Vec<String>) {
    let l = crate::text::collapse_whitespace(line);
    if !l.is_empty() {
        lines.push(l);
    }
    line.clear();
}

/// The language of a UN file name's job-number letter:
/// `A_RES_79_15-2421700E.xml` is English.
fn lang_from_file_name(path: &Path) -> Option<Lang> {
    let stem = path.file_stem()?.to_str()?;
    let job = stem.rsplit('-').next()?;
    if job.len() < 2 || !job[..job.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Lang::from_un_letter(&job[job.len() - 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r##"<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
 <statement name="resolution"><meta><identification>
  <FRBRWork><FRBRdate date="2024-12-02" name="adoption"/></FRBRWork>
  <FRBRExpression><FRBRlanguage language="fra"/></FRBRExpression></identification>
  <workflow><step date="2024-10-09" outcome="draftResolution" as="A/C.1/79/L.99" by="X"/></workflow>
  <analysis><parliamentary><voting outcome="adoptedRecordedVote"><count value="3" refersTo="inFavour"/></voting></parliamentary></analysis>
 </meta>
 <coverPage><p><docNumber refersTo="#symbol">A/RES/79/999</docNumber></p>
  <p><inline title="99" name="agenda item">Point 99 de l'ordre du jour</inline></p>
  <p><docTitle>Résolution adoptée par l'Assemblée générale le 2 décembre 2024</docTitle></p>
  <p><docProponent>[sur le rapport de la Première Commission]</docProponent></p></coverPage>
 <preface><p><docNumber>79/999.</docNumber><docTitle><span>Armes d'essai</span></docTitle></p></preface>
 <preamble><container><p><span>Rappelant</span> ses résolutions,<authorialNote marker="1"><p>A/50/426.</p></authorialNote> et</p></container></preamble>
 <mainBody><paragraph><num>1.</num><content><p><span>Décide</span> de rester saisie.</p></content></paragraph></mainBody>
 </statement></akomaNtoso>"##;

    #[test]
    fn reads_what_the_issue_lists() {
        assert!(is_akn(FILE.as_bytes()));
        let d = extract_one(Path::new("x/A_RES_79_999-2400000F.xml"), FILE.as_bytes()).unwrap();
        assert_eq!(d.symbols, vec!["A/RES/79/999"]);
        assert_eq!(d.title.as_deref(), Some("Armes d'essai"));
        assert_eq!(d.lang.as_deref(), Some("fr"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2024-12-02"));
        let lines: Vec<&str> = d.body.lines().collect();
        assert_eq!(
            lines,
            vec![
                "Point 99 de l'ordre du jour",
                "[sur le rapport de la Première Commission]",
                "A/C.1/79/L.99",
                "Rappelant ses résolutions, et",
                "1. Décide de rester saisie.",
                "A/50/426.",
            ]
        );
        let meta = d.meta.expect("an AKN text states its vote and draft");
        assert_eq!(meta.draft.as_deref(), Some("A/C.1/79/L.99"));
        let votes = meta.votes.expect("the voting section is read");
        assert_eq!(votes.tallies.map(|t| t.in_favour), Some(3));
    }

    #[test]
    fn bad_files_say_why() {
        let no_symbol = FILE.replace("A/RES/79/999", "");
        let bad_lang = FILE.replace("\"fra\"", "\"xyz\"");
        let truncated = &FILE[..FILE.len() / 2];
        for (bytes, want) in [
            (no_symbol.as_str(), "without a symbol"),
            (bad_lang.as_str(), "unknown language code \"xyz\""),
            (truncated, "truncated"),
            (
                "<collection><record/></collection>",
                "root element is <collection>",
            ),
        ] {
            let e = extract_one(Path::new("f.xml"), bytes.as_bytes()).unwrap_err();
            assert!(e.to_string().contains(want), "{e} / {want}");
        }
        assert!(!is_akn(b"<collection/>"));
    }

    #[test]
    fn language_from_the_job_number_when_unstated() {
        assert_eq!(
            lang_from_file_name(Path::new("A_RES_79_15-2421700C.xml")),
            Some(Lang::Zh)
        );
        assert_eq!(lang_from_file_name(Path::new("notes-x.xml")), None);
    }
}
