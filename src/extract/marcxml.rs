//! MARCXML exports of the UN Digital Library: one document per `<record>`.
//!
//! The fields used are the ones the Library fills for UN documents:
//! 191 $a document symbol(s), 245 $a $b (and $n $p) title ($c, the sponsors, goes to the body), 269 $a date
//! (260 $c as a fallback), 650 $a subject headings, 856 $u file links, 041 $a
//! language, and the notes 500/515/520 $a. The body is title, subjects and
//! notes, since a catalogue record has no full text. Elements are matched by
//! local name, because exports write them with or without a namespace prefix
//! (`<record>`, `<marc:record>`, `<ns0:record>`).
//!
//! Library exports carry mojibake: UTF-8 text that was once decoded as
//! Latin-1/Windows-1252 and re-encoded ("CÃ´te d'Ivoire", "Ø§ÙØ¹Ø±Ø¨ÙØ©").
//! Every subfield is repaired when that is safe: its characters are encoded
//! back to Windows-1252/Latin-1 bytes, and the result is kept only if those
//! bytes are valid UTF-8 and the count of mojibake pairs drops. Text that has
//! genuine accents, or mixes right and wrong, fails one of those tests and is
//! left alone.
//!
//! A record without 191 still yields a document (no symbol). A record with no
//! title, subjects or notes is a per-record [`ExtractError::Record`] error (its
//! `line` is the line of its `<record>` tag). A file that is not well-formed
//! XML yields the records completed before the fault followed by one
//! [`ExtractError::Xml`] error, so a truncated download is reported, not
//! silently half-indexed.

use std::collections::HashSet;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::date::parse_date;
use super::mojibake::repair_mojibake;
use super::text::lang_code;
use super::text::xml_attr as attr;
use super::{ExtractError, Extracted};
use crate::document::RawDocument;

/// Extracts every `<record>` of a MARCXML file.
pub fn extract(path: &Path, bytes: &[u8]) -> Extracted {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Err(ExtractError::Empty)];
    }
    // Lossy decoding: a stray invalid byte costs one character, not the file.
    let text = String::from_utf8_lossy(bytes);
    let source = path.display().to_string();
    let mut parser = Parser::new(&text);
    let mut out: Extracted = Vec::new();
    let mut seen_ids = HashSet::new();

    loop {
        match parser.next_record() {
            Ok(Some(rec)) => out.push(rec.into_document(&source, &mut seen_ids)),
            Ok(None) => break,
            Err(e) => {
                out.push(Err(e));
                return out;
            }
        }
    }
    if out.is_empty() {
        let err = if parser.saw_collection {
            ExtractError::NoContent
        } else {
            ExtractError::Xml("no MARC <record> element found".to_string())
        };
        out.push(Err(err));
    }
    out
}

/// One datafield: its tag and its subfields in document order.
struct Field {
    tag: String,
    subfields: Vec<(String, String)>,
}

/// What a `<record>` held, before mapping to a document.
struct Record {
    index: usize,
    line: usize,
    control_number: Option<String>,
    fields: Vec<Field>,
}

/// A pull parser over the XML that hands out whole records.
struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    /// Line counting is incremental: `line` is the line at byte `line_pos`.
    line: usize,
    line_pos: usize,
    /// Open elements, to detect a file that ends inside one.
    depth: usize,
    records_seen: usize,
    saw_collection: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Parser {
            reader,
            text,
            line: 1,
            line_pos: 0,
            depth: 0,
            records_seen: 0,
            saw_collection: false,
        }
    }

    /// The 1-based line of a byte offset (offsets only grow).
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos > self.line_pos {
            let chunk = &self.text.as_bytes()[self.line_pos..pos];
            self.line += chunk.iter().filter(|&&b| b == b'\n').count();
            self.line_pos = pos;
        }
        self.line
    }

    fn xml_error(&mut self, what: impl std::fmt::Display) -> ExtractError {
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let line = self.line_at(pos);
        ExtractError::Xml(format!("line {line}: {what}"))
    }

    /// A new record starting at byte `start_pos`.
    fn new_record(&mut self, start_pos: usize) -> Record {
        self.records_seen += 1;
        Record {
            index: self.records_seen,
            line: self.line_at(start_pos),
            control_number: None,
            fields: Vec::new(),
        }
    }

    /// The next complete record, `None` at the end of the file.
    fn next_record(&mut self) -> Result<Option<Record>, ExtractError> {
        let mut p = Partial::default();
        loop {
            let start_pos = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.xml_error(e)),
            };
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    match local_name(&e).as_str() {
                        "collection" => self.saw_collection = true,
                        "record" => p.rec = Some(self.new_record(start_pos)),
                        name => p.open(name, &e),
                    }
                }
                Event::Empty(e) => {
                    // `<record/>` is an empty record; an empty subfield is an
                    // empty value and adds nothing.
                    match local_name(&e).as_str() {
                        "collection" => self.saw_collection = true,
                        "record" => return Ok(Some(self.new_record(start_pos))),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    if let Some(r) = p.close(&local_name_bytes(e.local_name().as_ref())) {
                        return Ok(Some(r));
                    }
                }
                Event::Text(t) if p.collecting.is_some() => match t.decode() {
                    Ok(s) => p.buf.push_str(&s),
                    Err(e) => return Err(self.xml_error(e)),
                },
                Event::CData(t) if p.collecting.is_some() => match t.decode() {
                    Ok(s) => p.buf.push_str(&s),
                    Err(e) => return Err(self.xml_error(e)),
                },
                Event::GeneralRef(r) if p.collecting.is_some() => {
                    // Character references and the five XML entities resolve;
                    // an unknown entity is kept as written rather than lost.
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => p.buf.push(c),
                        Ok(None) => {
                            let name = r.decode().map_err(|e| self.xml_error(e))?;
                            match quick_xml::escape::resolve_xml_entity(&name) {
                                Some(s) => p.buf.push_str(s),
                                None => {
                                    p.buf.push('&');
                                    p.buf.push_str(&name);
                                    p.buf.push(';');
                                }
                            }
                        }
                        Err(e) => return Err(self.xml_error(e)),
                    }
                }
                Event::Eof => {
                    if self.depth > 0 || p.rec.is_some() {
                        let line = self.line_at(self.text.len());
                        return Err(ExtractError::Xml(format!(
                            "line {line}: file ends inside an element (truncated?)"
                        )));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }
}

/// A record being read: the datafield being read, the subfield code or
/// controlfield tag whose text is being collected, and that text.
#[derive(Default)]
struct Partial {
    rec: Option<Record>,
    field: Option<Field>,
    collecting: Option<Target>,
    buf: String,
}

impl Partial {
    /// An element inside a record opens.
    fn open(&mut self, name: &str, e: &BytesStart<'_>) {
        match name {
            "datafield" => {
                self.field = Some(Field {
                    tag: attr(e, "tag"),
                    subfields: Vec::new(),
                });
            }
            "subfield" => {
                self.collecting = Some(Target::Subfield(attr(e, "code")));
                self.buf.clear();
            }
            "controlfield" => {
                self.collecting = Some(Target::Control(attr(e, "tag")));
                self.buf.clear();
            }
            _ => {}
        }
    }

    /// An element closes; the record when it was `</record>`.
    fn close(&mut self, name: &str) -> Option<Record> {
        match name {
            "subfield" => {
                if let (Some(Target::Subfield(code)), Some(f)) =
                    (self.collecting.take(), self.field.as_mut())
                {
                    let value = crate::text::collapse_whitespace(&repair_mojibake(&self.buf));
                    if !value.is_empty() {
                        f.subfields.push((code, value));
                    }
                }
            }
            "controlfield" => {
                if let (Some(Target::Control(tag)), Some(r)) =
                    (self.collecting.take(), self.rec.as_mut())
                {
                    if tag == "001" && !self.buf.trim().is_empty() {
                        r.control_number = Some(self.buf.trim().to_string());
                    }
                }
            }
            "datafield" => {
                if let (Some(f), Some(r)) = (self.field.take(), self.rec.as_mut()) {
                    r.fields.push(f);
                }
            }
            "record" => return self.rec.take(),
            _ => {}
        }
        None
    }
}

/// Whose text is being collected.
enum Target {
    Subfield(String),
    Control(String),
}

fn local_name(e: &BytesStart<'_>) -> String {
    local_name_bytes(e.local_name().as_ref())
}

fn local_name_bytes(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_ascii_lowercase()
}

impl Record {
    /// All values of subfield `code` in fields tagged `tag`.
    fn values<'r>(
        &'r self,
        tag: &'static str,
        code: &'static str,
    ) -> impl Iterator<Item = &'r str> + 'r {
        self.fields
            .iter()
            .filter(move |f| f.tag == tag)
            .flat_map(move |f| {
                f.subfields
                    .iter()
                    .filter(move |(c, _)| c == code)
                    .map(|(_, v)| v.as_str())
            })
    }

    fn first(&self, tag: &'static str, code: &'static str) -> Option<&str> {
        self.values(tag, code).next()
    }

    /// 245 $a $b $n $p $c in document order, e.g. "Promotion of … : revised
    /// draft resolution / Argentina, …". ISBD punctuation inside is kept (the
    /// voting records write titles the same way); a dangling " /" or " :"
    /// at the end is dropped.
    fn title(&self) -> Option<String> {
        let from_245 = self.fields.iter().find(|f| f.tag == "245").map(|f| {
            f.subfields
                .iter()
                // $c (statement of responsibility) is the sponsor list on
                // draft resolutions, hundreds of characters long: it goes
                // into the body, not the title.
                .filter(|(c, _)| matches!(c.as_str(), "a" | "b" | "n" | "p"))
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        let title = from_245
            .filter(|t| !t.trim().is_empty())
            .or_else(|| self.first("246", "a").map(str::to_string))
            .or_else(|| self.first("249", "a").map(str::to_string))?;
        let t = title
            .trim()
            .trim_end_matches([' ', '/', ':', ';', ',', '=']);
        (!t.is_empty()).then(|| t.to_string())
    }

    /// The English file when the record lists one per language (the index
    /// is English-first), otherwise the first link.
    fn url(&self) -> Option<String> {
        let links: Vec<(&str, Option<&str>)> = self
            .fields
            .iter()
            .filter(|f| f.tag == "856")
            .filter_map(|f| {
                let get = |code: &str| {
                    f.subfields
                        .iter()
                        .find(|(c, _)| c == code)
                        .map(|(_, v)| v.as_str())
                };
                Some((get("u")?, get("y")))
            })
            .collect();
        let english = links.iter().find(|(u, y)| {
            y.is_some_and(|y| y.eq_ignore_ascii_case("english"))
                || u.to_ascii_uppercase().ends_with("-EN.PDF")
        });
        english.or(links.first()).map(|(u, _)| u.to_string())
    }

    fn into_document(
        self,
        source: &str,
        seen_ids: &mut HashSet<String>,
    ) -> Result<RawDocument, ExtractError> {
        let title = self.title();
        let mut subjects: Vec<String> = Vec::new();
        for s in self.values("650", "a") {
            if !subjects.iter().any(|x| x == s) {
                subjects.push(s.to_string());
            }
        }
        let notes: Vec<&str> = ["500", "515", "520"]
            .iter()
            .flat_map(|tag| self.values(tag, "a"))
            .collect();

        let mut parts: Vec<String> = Vec::new();
        parts.extend(title.clone());
        parts.extend(self.values("245", "c").map(str::to_string));
        if !subjects.is_empty() {
            parts.push(subjects.join("; "));
        }
        parts.extend(notes.iter().map(ToString::to_string));
        let body = parts.join("\n\n");
        if body.trim().is_empty() {
            return Err(ExtractError::Record {
                line: self.line,
                reason: format!("MARC record {} has no title, subjects or notes", self.index),
            });
        }

        // The control number names the record; a repeated or missing one
        // falls back to the record's position so sources stay unique.
        let id = match &self.control_number {
            Some(n) if seen_ids.insert(n.clone()) => n.clone(),
            _ => self.index.to_string(),
        };
        let date = self
            .values("269", "a")
            .chain(self.values("260", "c"))
            .find_map(parse_date);

        Ok(RawDocument {
            source: format!("{source}#{id}"),
            symbols: self.values("191", "a").map(str::to_string).collect(),
            title,
            body,
            date,
            lang: self.first("041", "a").and_then(lang_code),
            url: self.url(),
            subjects,
            record: true,
            ..RawDocument::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn run(xml: &str) -> Extracted {
        extract(Path::new("dl/export.xml"), xml.as_bytes())
    }

    const TWO_RECORDS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim">
  <marc:controlfield tag="001">900001</marc:controlfield>
  <marc:datafield tag="041" ind1=" " ind2=" "><marc:subfield code="a">eng</marc:subfield></marc:datafield>
  <marc:datafield tag="191" ind1=" " ind2=" ">
    <marc:subfield code="a">A/C.1/99/L.5</marc:subfield>
    <marc:subfield code="b">A/</marc:subfield>
  </marc:datafield>
  <marc:datafield tag="245" ind1="1" ind2="0">
    <marc:subfield code="a">Preventing an arms race :</marc:subfield>
    <marc:subfield code="b">draft resolution /</marc:subfield>
    <marc:subfield code="c">CÃ´te d'Ivoire &amp; TÃ¼rkiye</marc:subfield>
  </marc:datafield>
  <marc:datafield tag="269"><marc:subfield code="a">2099-10-30</marc:subfield></marc:datafield>
  <marc:datafield tag="650"><marc:subfield code="a">ARMS RACE</marc:subfield></marc:datafield>
  <marc:datafield tag="650"><marc:subfield code="a">OUTER SPACE</marc:subfield></marc:datafield>
  <marc:datafield tag="650"><marc:subfield code="a">ARMS RACE</marc:subfield></marc:datafield>
  <marc:datafield tag="520"><marc:subfield code="a">Calls for restraint&#46;</marc:subfield></marc:datafield>
  <marc:datafield tag="856"><marc:subfield code="y">Ø§ÙØ¹Ø±Ø¨ÙØ©</marc:subfield><marc:subfield code="u">https://example.org/f-AR.pdf</marc:subfield></marc:datafield>
  <marc:datafield tag="856"><marc:subfield code="y">English</marc:subfield><marc:subfield code="u">https://example.org/f-EN.pdf</marc:subfield></marc:datafield>
</marc:record>
<record>
  <controlfield tag="001">900002</controlfield>
  <datafield tag="245"><subfield code="a">Untitled note without symbol</subfield></datafield>
  <datafield tag="260"><subfield code="c">8 Nov. 2023</subfield></datafield>
  <datafield tag="856"><subfield code="u">https://example.org/only.pdf</subfield></datafield>
</record>
</collection>
"#;

    #[test]
    fn maps_fields_and_repairs_mojibake() {
        let out = run(TWO_RECORDS);
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source, "dl/export.xml#900001");
        assert_eq!(a.symbols, vec!["A/C.1/99/L.5"]);
        assert_eq!(
            a.title.as_deref(),
            Some("Preventing an arms race : draft resolution")
        );
        assert_eq!(a.date, Some(date!(2099 - 10 - 30)));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.subjects, vec!["ARMS RACE", "OUTER SPACE"]);
        assert_eq!(a.url.as_deref(), Some("https://example.org/f-EN.pdf"));
        assert!(a.record);
        assert!(a.body.contains("Côte d'Ivoire"));
        assert!(a.body.contains("ARMS RACE; OUTER SPACE"));
        assert!(a.body.contains("Calls for restraint."));

        let b = out[1].as_ref().unwrap();
        assert_eq!(b.source, "dl/export.xml#900002");
        assert!(b.symbols.is_empty(), "no 191, still a document");
        assert_eq!(b.date, Some(date!(2023 - 11 - 08)));
        assert_eq!(b.url.as_deref(), Some("https://example.org/only.pdf"));
        assert_eq!(b.lang, None);
    }

    #[test]
    fn sources_stay_unique() {
        let xml = "<collection><record><controlfield tag=\"001\">7</controlfield><datafield tag=\"245\"><subfield code=\"a\">A</subfield></datafield></record>\
                   <record><controlfield tag=\"001\">7</controlfield><datafield tag=\"245\"><subfield code=\"a\">B</subfield></datafield></record>\
                   <record><datafield tag=\"245\"><subfield code=\"a\">C</subfield></datafield></record></collection>";
        let sources: Vec<String> = run(xml).into_iter().map(|r| r.unwrap().source).collect();
        assert_eq!(
            sources,
            ["dl/export.xml#7", "dl/export.xml#2", "dl/export.xml#3"]
        );
    }

    #[test]
    fn empty_record_is_a_record_error() {
        let xml = "<collection>\n<record>\n<controlfield tag=\"001\">1</controlfield>\n</record>\n<record/>\n<record><datafield tag=\"650\"><subfield code=\"a\">PEACE</subfield></datafield></record>\n</collection>";
        let out = run(xml);
        assert_eq!(out.len(), 3);
        assert!(matches!(&out[0], Err(ExtractError::Record { line: 2, .. })));
        assert!(matches!(&out[1], Err(ExtractError::Record { line: 5, .. })));
        let c = out[2].as_ref().unwrap();
        assert_eq!(c.title, None);
        assert_eq!(c.body, "PEACE");
    }

    #[test]
    fn malformed_files() {
        // Mismatched end tag after one good record: the good one is kept.
        let xml = "<collection><record><datafield tag=\"245\"><subfield code=\"a\">ok</subfield></datafield></record>\n<record><datafield tag=\"245\"></subfield></record></collection>";
        let out = run(xml);
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        assert!(matches!(&out[1], Err(ExtractError::Xml(m)) if m.starts_with("line 2")));

        // Truncated download.
        let out = run("<collection><record><datafield tag=\"245\"><subfield code=\"a\">cut");
        assert!(matches!(&out[..], [Err(ExtractError::Xml(_))]));

        // A challenge page instead of MARC.
        let out = run("<html><body><p>Checking your browser</p></body></html>");
        assert!(matches!(&out[..], [Err(ExtractError::Xml(_))]));
        let out = run("<html><body><p>unclosed</body></html>");
        assert!(matches!(&out[..], [Err(ExtractError::Xml(_))]));

        // Not XML at all.
        let out = run("%PDF-1.7 binary junk < <<");
        assert!(matches!(&out[..], [Err(ExtractError::Xml(_))]));

        // Empty inputs and an empty collection.
        assert!(matches!(&run("")[..], [Err(ExtractError::Empty)]));
        assert!(matches!(&run(" \n")[..], [Err(ExtractError::Empty)]));
        assert!(matches!(
            &run("<?xml version=\"1.0\"?><collection/>")[..],
            [Err(ExtractError::NoContent)]
        ));
        assert!(matches!(
            &run("<collection>\n</collection>")[..],
            [Err(ExtractError::NoContent)]
        ));
    }
}
