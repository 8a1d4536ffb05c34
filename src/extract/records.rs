//! JSON records: JSON Lines (one object a line), or a `.json` file holding
//! one array of objects (or a single object).
//!
//! Data sets of UN metadata name the same things differently, so each field
//! is read from a list of names, the first present and non-empty one winning:
//!
//! | field    | names |
//! |----------|-------|
//! | symbols  | `symbol`, `document_symbol`, `symbols` (string or array) |
//! | title    | `title`, `first_line`; else the first line of the text or summary |
//! | date     | `date`, `vote_date`, `publication_date` (first that parses), else `year` → 1 January |
//! | body     | full text: `text`, `body`, `content`; else title + `description` / `summary` |
//! | url      | `url`, `undl_record_url`, `link` |
//! | lang     | `lang`, `language` (normalised to ISO 639-1) |
//! | subjects | `subjects`, `topics` (array of strings, or one string) |
//! | type     | `type` → [`DocType::from_name`] |
//!
//! Lines of the UN's metadata extract (they have `MS_in_favour`) are read by
//! `un_meta` instead. Everything else is ignored on purpose: in particular the human `issues`
//! labels of the roll-call data set are an evaluation set for the topic
//! classifier and must never leak into the index.
//!
//! Values "N/A" and "" count as absent (the voting records use "N/A"). A
//! record with only metadata (no full text) is a catalogue record (`record`:
//! undex holds no text for it); either way its type comes from its symbol
//! later (a record of a resolution is a resolution), unless `type` says.
//! When only `year` is known and the full text states a date of that year in
//! its first lines ("Resolution of 25 January 1946"), that date is used
//! instead of 1 January.
//!
//! `source` is `<path>#<line>` (1-based line in the file; for a JSON array,
//! the 1-based position in the array). A line that is not valid JSON, not an
//! object, or has neither text nor title becomes an
//! [`ExtractError::Record`] and the rest of the file goes on.

use std::path::Path;

use serde_json::{Map, Value};

use super::date::{find_date, parse_date};
use super::text::{first_line_title, lang_code};
use super::{ExtractError, Extracted};
use crate::document::{DocType, RawDocument};

type Object = Map<String, Value>;

/// Extracts every record of a JSON Lines or JSON file.
pub fn extract(path: &Path, bytes: &[u8]) -> Extracted {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = path.display().to_string();
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let is_json_ext = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));

    let out = match first {
        None => return vec![Err(ExtractError::Empty)],
        // A whole-file array. A `.json` file may also hold one pretty-printed
        // object; if that parse fails it may still be JSON Lines.
        Some(b'[') => whole_file(&source, bytes),
        Some(b'{') if is_json_ext => {
            whole_file_object(&source, bytes).unwrap_or_else(|| lines(&source, bytes))
        }
        Some(_) => lines(&source, bytes),
    };
    if out.is_empty() {
        vec![Err(ExtractError::Empty)]
    } else {
        with_file_language(out)
    }
}

/// Records are often too short to tell their language (a voting record is a
/// title of ten words), but a records file is in one language. When the
/// records' text taken together is confidently in one language, the
/// records that state none get it.
fn with_file_language(mut out: Extracted) -> Extracted {
    const SAMPLE_RECORDS: usize = 200;
    let mut sample = String::new();
    for r in out
        .iter()
        .flatten()
        .filter(|r| r.lang.is_none())
        .take(SAMPLE_RECORDS)
    {
        sample.push_str(r.title.as_deref().unwrap_or(""));
        sample.push('\n');
        sample.push_str(&r.body[..crate::lang::floor_boundary(&r.body, 300)]);
        sample.push('\n');
    }
    let Some(lang) = crate::lang::detect_confident(&sample) else {
        return out;
    };
    for r in out.iter_mut().flatten() {
        if r.lang.is_none() {
            r.lang = Some(lang.code().to_string());
        }
    }
    out
}

/// JSON Lines: each non-blank line is one record. Lines are decoded lossily
/// so that one bad byte costs a replacement character, not the record.
fn lines(source: &str, bytes: &[u8]) -> Extracted {
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let line = String::from_utf8_lossy(raw);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => record(&obj, source, line_no),
            Ok(_) => Err(record_error(line_no, "not a JSON object")),
            Err(e) => Err(record_error(line_no, &format!("invalid JSON: {e}"))),
        };
        out.push(result);
    }
    out
}

/// A file holding one JSON array of records.
fn whole_file(source: &str, bytes: &[u8]) -> Extracted {
    let text = String::from_utf8_lossy(bytes);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(obj) => record(obj, source, i + 1),
                _ => Err(record_error(i + 1, "array element is not a JSON object")),
            })
            .collect(),
        Ok(_) => vec![Err(record_error(1, "expected an array of objects"))],
        Err(e) => vec![Err(record_error(e.line(), &format!("invalid JSON: {e}")))],
    }
}

/// A `.json` file holding a single object, or `None` when it does not parse
/// as one (then it is probably JSON Lines with a `.json` name).
fn whole_file_object(source: &str, bytes: &[u8]) -> Option<Extracted> {
    let text = String::from_utf8_lossy(bytes);
    match serde_json::from_str::<Value>(&text).ok()? {
        Value::Object(obj) => Some(vec![record(&obj, source, 1)]),
        _ => None,
    }
}

fn record_error(line: usize, reason: &str) -> ExtractError {
    ExtractError::Record {
        line,
        reason: reason.to_string(),
    }
}

/// One object → one document.
fn record(obj: &Object, source: &str, line: usize) -> Result<RawDocument, ExtractError> {
    // The UN's metadata extract has a shape of its own (see `un_meta`).
    if crate::votes::extract_fields::is_extract_record(obj) {
        return super::un_meta::record(obj, source, line);
    }
    let title =
        string_field(obj, &["title", "first_line"]).map(|t| crate::text::collapse_whitespace(&t));
    let full_text = string_field(obj, &["text", "body", "content"]);
    let summary = string_field(obj, &["description", "summary"]);

    let has_full_text = full_text.is_some();
    let body = match full_text {
        Some(text) => text,
        // Metadata records: the title is the main searchable text.
        None => [title.as_deref(), summary.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    if body.trim().is_empty() {
        return Err(record_error(line, "no text"));
    }
    // Without a title field, the text's (or summary's) first line stands in,
    // cut to title length, so hits never show a bare symbol.
    let title = title
        .or_else(|| has_full_text.then(|| first_line_title(&body)).flatten())
        .or_else(|| summary.as_deref().and_then(first_line_title));

    let explicit_type = string_field(obj, &["type"]).and_then(|t| DocType::from_name(&t));
    let type_hint = explicit_type;

    let date = ["date", "vote_date", "publication_date"]
        .iter()
        .filter_map(|name| value_string(obj.get(*name)?))
        .find_map(|s| parse_date(&s))
        .or_else(|| year_date(obj, has_full_text.then_some(body.as_str())));

    Ok(RawDocument {
        source: format!("{source}#{line}"),
        symbols: symbols(obj),
        title,
        body,
        date,
        lang: string_field(obj, &["lang", "language"]).and_then(|l| lang_code(&l)),
        url: string_field(obj, &["url", "undl_record_url", "link"]),
        subjects: string_list(obj, &["subjects", "topics"]),
        type_hint,
        record: !has_full_text,
        ..RawDocument::default()
    })
}

/// `year` → 1 January of that year, unless the opening of the full text
/// states a full date in that same year.
fn year_date(obj: &Object, text: Option<&str>) -> Option<time::Date> {
    let year = parse_date(&value_string(obj.get("year")?)?)?;
    let from_text = text.and_then(|t| {
        let mut end = t.len().min(1000);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        find_date(&t[..end])
    });
    match from_text {
        Some(d) if d.year() == year.year() => Some(d),
        _ => Some(year),
    }
}

/// A field's value as text: strings as they are, numbers written out.
/// Blank strings and "N/A" count as absent.
fn value_string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!is_absent(&s)).then_some(s)
}

fn is_absent(s: &str) -> bool {
    s.is_empty() || s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("null")
}

/// The first of `names` holding a usable string.
fn string_field(obj: &Object, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| obj.get(*name).and_then(value_string))
}

/// The first of `names` holding a non-empty list of strings (a lone string
/// counts as a list of one).
fn string_list(obj: &Object, names: &[&str]) -> Vec<String> {
    for name in names {
        let list: Vec<String> = match obj.get(*name) {
            Some(Value::Array(items)) => items.iter().filter_map(value_string).collect(),
            Some(v) => value_string(v).into_iter().collect(),
            None => continue,
        };
        if !list.is_empty() {
            return list;
        }
    }
    Vec::new()
}

/// Symbols as written; parsing happens in `Document::from_raw`.
fn symbols(obj: &Object) -> Vec<String> {
    string_list(obj, &["symbol", "document_symbol", "symbols"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn run(name: &str, input: &str) -> Extracted {
        extract(Path::new(name), input.as_bytes())
    }

    fn ok(r: &Result<RawDocument, ExtractError>) -> &RawDocument {
        r.as_ref().expect("record should extract")
    }

    #[test]
    fn field_names_and_priorities() {
        let input = concat!(
            r#"{"symbol": "A/RES/73/69", "title": "Small arms", "vote_date": "2018-12-05", "url": "https://example.org/r/1", "issues": ["Arms control"]}"#,
            "\n",
            r#"{"document_symbol": "S/RES/2220 (2015)", "first_line": "The Security Council,", "text": "The Security Council,\nRecalling...", "year": 2015, "undl_record_url": "https://example.org/2"}"#,
            "\n",
            r#"{"symbols": ["A/79/722", "S/2025/27"], "title": "Letter", "description": "Identical letters", "date": "N/A", "publication_date": "13 janvier 2025", "language": "fre", "topics": ["/small-arms"], "link": "https://example.org/3"}"#,
            "\n",
            r#"{"symbol": "N/A", "title": "x", "body": "full body", "type": "meeting_record", "lang": "en-GB", "subjects": "DISARMAMENT"}"#,
            "\n",
            r#"{"title": "A roll call", "summary": "TO ADOPT THE DRAFT", "date": "1946-13-40", "year": "1946"}"#,
        );
        let out = run("data/votes.jsonl", input);
        assert_eq!(out.len(), 5);

        let a = ok(&out[0]);
        assert_eq!(a.source, "data/votes.jsonl#1");
        assert_eq!(a.symbols, vec!["A/RES/73/69"]);
        assert_eq!(a.title.as_deref(), Some("Small arms"));
        assert_eq!(a.body, "Small arms");
        assert_eq!(a.date, Some(date!(2018 - 12 - 05)));
        assert_eq!(a.url.as_deref(), Some("https://example.org/r/1"));
        assert_eq!(a.type_hint, None);
        assert!(a.record, "a title-only line is a catalogue record");
        assert!(a.subjects.is_empty(), "issues must never be used");

        let b = ok(&out[1]);
        assert_eq!(b.symbols, vec!["S/RES/2220 (2015)"]);
        assert_eq!(b.title.as_deref(), Some("The Security Council,"));
        assert_eq!(b.body, "The Security Council,\nRecalling...");
        assert_eq!(b.date, Some(date!(2015 - 01 - 01)));
        assert_eq!(b.type_hint, None);
        assert_eq!(b.url.as_deref(), Some("https://example.org/2"));

        let c = ok(&out[2]);
        assert_eq!(c.symbols, vec!["A/79/722", "S/2025/27"]);
        assert_eq!(c.body, "Letter\n\nIdentical letters");
        assert_eq!(c.date, Some(date!(2025 - 01 - 13)));
        assert_eq!(c.lang.as_deref(), Some("fr"));
        assert_eq!(c.subjects, vec!["/small-arms"]);
        assert_eq!(c.url.as_deref(), Some("https://example.org/3"));

        let d = ok(&out[3]);
        assert!(d.symbols.is_empty());
        assert_eq!(d.body, "full body");
        assert_eq!(d.type_hint, Some(DocType::MeetingRecord));
        assert_eq!(d.lang.as_deref(), Some("en"));
        assert_eq!(d.subjects, vec!["DISARMAMENT"]);

        let e = ok(&out[4]);
        assert_eq!(e.body, "A roll call\n\nTO ADOPT THE DRAFT");
        assert_eq!(
            e.date,
            Some(date!(1946 - 01 - 01)),
            "bad date falls back to year"
        );
    }

    #[test]
    fn title_falls_back_to_summary() {
        let out = run(
            "r.jsonl",
            r#"{"symbol": "", "title": "", "description": "TO ADOPT THE DRAFT AS A WHOLE."}"#,
        );
        let d = ok(&out[0]);
        assert_eq!(d.title.as_deref(), Some("TO ADOPT THE DRAFT AS A WHOLE."));
        assert_eq!(d.body, "TO ADOPT THE DRAFT AS A WHOLE.");
        assert!(d.symbols.is_empty());
    }

    #[test]
    fn year_refined_by_text() {
        let out = run(
            "r.jsonl",
            r#"{"symbol": "S/RES/1 (1946)", "year": 1946, "text": "1 (1946). Resolution of 25 January 1946\n\nBody"}
{"symbol": "S/RES/9 (1946)", "year": 1946, "text": "Recalling its resolution of 25 January 1945"}"#,
        );
        assert_eq!(ok(&out[0]).date, Some(date!(1946 - 01 - 25)));
        assert_eq!(ok(&out[1]).date, Some(date!(1946 - 01 - 01)));
    }

    #[test]
    fn broken_lines_do_not_stop_the_file() {
        let input = "{\"title\": \"one\"}\r\n\n{not json\n[1, 2]\n{\"symbol\": \"A/1\"}\n\"str\"\n{\"title\": \"six\", \"text\": \"\"}\n\u{feff}";
        let out = run("x.jsonl", input);
        let summary: Vec<Result<String, (usize, String)>> = out
            .iter()
            .map(|r| match r {
                Ok(d) => Ok(d.source.clone()),
                Err(ExtractError::Record { line, reason }) => Err((*line, reason.clone())),
                Err(e) => panic!("unexpected {e}"),
            })
            .collect();
        assert_eq!(summary.len(), 7);
        assert_eq!(summary[0], Ok("x.jsonl#1".to_string()));
        assert!(matches!(&summary[1], Err((3, r)) if r.starts_with("invalid JSON")));
        assert!(matches!(&summary[2], Err((4, r)) if r == "not a JSON object"));
        assert!(matches!(&summary[3], Err((5, r)) if r == "no text"));
        assert!(matches!(&summary[4], Err((6, r)) if r == "not a JSON object"));
        assert_eq!(summary[5], Ok("x.jsonl#7".to_string()));
        // The stray BOM on the last line is not JSON.
        assert!(matches!(&summary[6], Err((8, _))));
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let out = extract(Path::new("x.jsonl"), b"{\"title\": \"caf\xE9\"}\n");
        assert_eq!(ok(&out[0]).title.as_deref(), Some("caf\u{FFFD}"));
    }

    #[test]
    fn json_array_and_single_object() {
        let out = run(
            "list.json",
            "\u{feff}[\n {\"title\": \"a\"},\n {\"title\": \"b\", \"text\": \"body b\"},\n 7\n]",
        );
        assert_eq!(out.len(), 3);
        assert_eq!(ok(&out[0]).source, "list.json#1");
        assert_eq!(ok(&out[1]).source, "list.json#2");
        assert_eq!(ok(&out[1]).type_hint, None);
        assert!(matches!(&out[2], Err(ExtractError::Record { line: 3, .. })));

        let out = run(
            "one.json",
            "{\n  \"title\": \"pretty\",\n  \"text\": \"t\"\n}\n",
        );
        assert_eq!(out.len(), 1);
        assert_eq!(ok(&out[0]).title.as_deref(), Some("pretty"));

        // JSON Lines saved with a .json name still works.
        let out = run("lines.json", "{\"title\": \"a\"}\n{\"title\": \"b\"}\n");
        assert_eq!(out.len(), 2);
        assert_eq!(ok(&out[1]).source, "lines.json#2");

        let out = run("bad.json", "[{\"title\": \"a\"},\n{oops}]");
        assert!(matches!(
            &out[..],
            [Err(ExtractError::Record { line: 2, .. })]
        ));
    }

    #[test]
    fn empty_inputs() {
        for input in ["", "  \n\n", "[]", "\u{feff}"] {
            let out = run("e.jsonl", input);
            assert!(
                matches!(&out[..], [Err(ExtractError::Empty)]),
                "input {input:?}"
            );
        }
    }
}
