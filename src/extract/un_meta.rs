//! The UN's metadata extract of General Assembly resolutions
//! (`meta/<session>.jsonl`), one resolution a line, recognised among JSON
//! records by its vote lists (`MS_in_favour`).
//!
//! Each line becomes a catalogue record (English, no full text) whose
//! [`Catalogue`] joins onto the texts of its symbol: subjects
//! (`[label, vocabulary]` pairs; the UNBIS thesaurus and the Library's name
//! authorities are kept, the agenda-list entries such as `["91",
//! "A/79/251"]` are not subjects), sponsors and additional sponsors
//! (State names normalised; a sponsor line naming no State is kept as
//! written), the agenda item, the committee, the draft it came from
//! (`originating_document`, cited) and the vote (`votes::extract_fields`).

use serde_json::{Map, Value};

use super::date::parse_date;
use super::ExtractError;
use crate::document::RawDocument;
use crate::symbol;
use crate::votes::catalogue::tidy_label;
use crate::votes::extract_fields::parse_extract_votes;
use crate::votes::{states, Catalogue};

/// Subject vocabularies whose labels are subject headings.
const SUBJECT_VOCABULARIES: [&str; 2] = ["UNBIS Thesaurus", "DHLAUTH"];

/// The language the extract is written in.
const EXTRACT_LANG: &str = "en";

/// One extract line → one catalogue record.
pub fn record(
    obj: &Map<String, Value>,
    source: &str,
    line: usize,
) -> Result<RawDocument, ExtractError> {
    let text = |k: &str| -> Option<String> {
        obj.get(k)
            .and_then(Value::as_str)
            .map(tidy_label)
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("n.a.") && s != "N/A")
    };
    let symbol = text("symbol")
        .map(|s| strip_parts(&s))
        .ok_or_else(|| ExtractError::Record {
            line,
            reason: "extract record without a symbol".into(),
        })?;
    let title = text("title");
    let date = text("adoption_date").and_then(|d| parse_date(&d));
    let date_s = date.map(|d| d.to_string());
    let meeting = text("pv");
    let votes = parse_extract_votes(obj, date_s.clone(), meeting);

    let mut subjects: Vec<String> = Vec::new();
    if let Some(Value::Array(items)) = obj.get("subjects") {
        for item in items {
            let (label, vocab) = match item {
                Value::Array(pair) => (
                    pair.first().and_then(Value::as_str).unwrap_or(""),
                    pair.get(1).and_then(Value::as_str).unwrap_or(""),
                ),
                Value::String(s) => (s.as_str(), SUBJECT_VOCABULARIES[0]),
                _ => continue,
            };
            // UNBIS labels are capitals by convention; a label written in
            // another case is the same subject, shown once.
            let label = if vocab == SUBJECT_VOCABULARIES[0] {
                tidy_label(label).to_uppercase()
            } else {
                tidy_label(label)
            };
            if !label.is_empty()
                && SUBJECT_VOCABULARIES.contains(&vocab)
                && !subjects.iter().any(|s| s.eq_ignore_ascii_case(&label))
            {
                subjects.push(label);
            }
        }
    }

    let mut sponsors: Vec<String> = Vec::new();
    for k in ["sponsors", "additional_sponsors"] {
        let Some(Value::Array(items)) = obj.get(k) else {
            continue;
        };
        for entry in items.iter().filter_map(Value::as_str) {
            let found = states::find_in(entry);
            if found.is_empty() {
                let written = tidy_label(entry);
                if !written.is_empty() && !sponsors.contains(&written) {
                    sponsors.push(written);
                }
            }
            for s in found {
                if !sponsors.iter().any(|x| x == s) {
                    sponsors.push(s.to_string());
                }
            }
        }
    }

    let agenda = text("agenda_item").map(|a| {
        let lower = a.to_lowercase();
        match lower.strip_prefix("agenda item") {
            Some(_) => a["agenda item".len()..].trim().to_string(),
            None => a,
        }
    });
    // "A/79/652, para. 58": the report; the symbol is before the comma.
    let draft = text("originating_document")
        .and_then(|d| d.split(',').next().map(str::to_string))
        .and_then(|d| symbol::parse_written(&d).ok())
        .map(|s| s.to_string());

    let meta = Catalogue {
        subjects: subjects.clone(),
        sponsors,
        agenda: agenda.clone(),
        agenda_title: text("agenda_item_name"),
        committee: text("committee"),
        draft,
        votes,
        date: date_s,
        url: None,
        title: None,
    };
    // A record has no text: its title, agenda item and subjects are what
    // keyword search can find.
    let mut body = vec![title.clone().unwrap_or_else(|| symbol.clone())];
    if let (Some(item), Some(name)) = (&agenda, &meta.agenda_title) {
        body.push(format!("Agenda item {item}: {name}"));
    }
    if !subjects.is_empty() {
        body.push(subjects.join("; "));
    }
    Ok(RawDocument {
        source: format!("{source}#{line}"),
        symbols: vec![symbol],
        title,
        body: body.join("\n\n"),
        date,
        lang: Some(EXTRACT_LANG.to_string()),
        url: None,
        subjects,
        record: true,
        meta: Some(meta),
        ..RawDocument::default()
    })
}

/// "A/RES/79/259 A-C" (one record for a resolution adopted in parts A to
/// C) → "A/RES/79/259". A single part ("A/RES/79/245 B") is a symbol of its
/// own and is kept.
fn strip_parts(symbol: &str) -> String {
    let s = symbol.trim();
    if let Some((head, tail)) = s.rsplit_once(' ') {
        let letters: Vec<&str> = tail.split('-').collect();
        let range = letters.len() == 2
            && letters
                .iter()
                .all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()));
        if range {
            return head.to_string();
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extract_line_becomes_a_catalogue_record() {
        let line = r#"{"symbol": "A/RES/85/7 A-B", "pv": "A/85/PV.40", "title": "Made-up disarmament measure",
            "adoption_date": "3\u00a0December 2030", "originating_document": "A/C.1/85/L.9",
            "committee": "First Committee", "agenda_item": "Agenda item 99 (c)", "agenda_item_name": "General and complete disarmament",
            "sponsors": ["Austria, Mexico and Nigeria (on behalf of the Group of African States)"],
            "additional_sponsors": ["CHILE", "AUSTRIA"], "report_paragraph": "N.A.",
            "voting_type": "adoptedRecordedVote", "adoption_type": "By a recorded vote",
            "MS_in_favour": ["AUSTRIA", "CHILE"], "MS_against": ["UNITED STATES"], "MS_abstaining": [],
            "MS_in_favour_count": "2", "MS_against_count": "1", "MS_abstaining_count": "0",
            "subjects": [["NUCLEAR DISARMAMENT", "UNBIS Thesaurus"], ["Made-up Treaty (2030)", "DHLAUTH"], ["99c", "A/85/251"], ["nuclear  Disarmament", "UNBIS Thesaurus"]]}"#;
        let obj: Map<String, Value> = serde_json::from_str(line).unwrap();
        let raw = record(&obj, "meta/85.jsonl", 3).unwrap();
        assert_eq!(raw.symbols, vec!["A/RES/85/7"]);
        assert_eq!(raw.source, "meta/85.jsonl#3");
        assert_eq!(raw.lang.as_deref(), Some("en"));
        assert!(raw.record);
        assert_eq!(
            raw.date.map(|d| d.to_string()).as_deref(),
            Some("2030-12-03")
        );
        let m = raw.meta.unwrap();
        assert_eq!(
            m.subjects,
            vec!["NUCLEAR DISARMAMENT", "Made-up Treaty (2030)"]
        );
        assert_eq!(m.sponsors, vec!["AUSTRIA", "MEXICO", "NIGERIA", "CHILE"]);
        assert_eq!(m.agenda.as_deref(), Some("99 (c)"));
        assert_eq!(m.committee.as_deref(), Some("First Committee"));
        assert_eq!(m.draft.as_deref(), Some("A/C.1/85/L.9"));
        let v = m.votes.unwrap();
        assert_eq!(v.meeting.as_deref(), Some("A/85/PV.40"));
        assert_eq!(v.date.as_deref(), Some("2030-12-03"));
        assert_eq!(v.states.against, vec!["UNITED STATES"]);
    }

    #[test]
    fn parts_are_stripped_from_symbols() {
        assert_eq!(strip_parts("A/RES/79/259 A-C"), "A/RES/79/259");
        assert_eq!(strip_parts("A/RES/79/1"), "A/RES/79/1");
        assert_eq!(strip_parts("A/RES/79/245 B"), "A/RES/79/245 B");
        assert_eq!(strip_parts("S/RES/2220 (2015)"), "S/RES/2220 (2015)");
    }
}
