//! The `<voting>` section of an AKN4UN resolution: outcome, counts and the
//! Member States in each list, with the adoption date and meeting from the
//! document's metadata.
//!
//! ```xml
//! <workflow><step date="2024-12-02" outcome="adopted" as="A/79/PV.43"/></workflow>
//! <voting outcome="adoptedRecordedVote">
//!   <count value="176" refersTo="inFavour">
//!     <akn4un:voters><organization refersTo="memberState">ALBANIA</organization>…
//! ```
//!
//! A standalone function of the XML text, so the AKN extractor can call it
//! and tests can run it on the UN's files directly. Elements are matched by
//! local name (with or without a namespace prefix).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::record::{Outcome, VoteRecord};

/// Why a voting section could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VotingError {
    #[error("malformed XML in the voting section: {0}")]
    Xml(String),
    #[error("unknown voting outcome {0:?}")]
    Outcome(String),
    #[error("count {0:?} is not a number")]
    Count(String),
    #[error("count refers to {0:?} (expected inFavour, against or abstaining)")]
    List(String),
}

/// Reads the voting section of an AKN4UN document. `Ok(None)` when the
/// document has no `<voting>` element (or one without an outcome).
pub fn parse_voting(xml: &str) -> Result<Option<VoteRecord>, VotingError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut outcome: Option<Outcome> = None;
    let mut saw_voting = false;
    let mut counts: [Option<u32>; 3] = [None; 3];
    let mut lists: [Vec<String>; 3] = Default::default();
    let mut current: Option<usize> = None;
    let mut in_org = false;
    let mut name = String::new();
    let mut adoption_date: Option<String> = None;
    let mut meeting: Option<(Option<String>, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| VotingError::Xml(e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"FRBRdate" if attr(e, "name") == "adoption" => {
                        adoption_date = Some(attr(e, "date")).filter(|d| !d.is_empty());
                    }
                    b"step" if attr(e, "outcome") == "adopted" => {
                        let date = Some(attr(e, "date")).filter(|d| is_real_date(d));
                        meeting = Some((date, attr(e, "as")));
                    }
                    b"voting" => {
                        saw_voting = true;
                        let o = attr(e, "outcome");
                        if !o.is_empty() {
                            outcome = Some(Outcome::from_name(&o).ok_or(VotingError::Outcome(o))?);
                        }
                    }
                    b"count" if saw_voting => {
                        let which = attr(e, "refersTo");
                        let i = match which.trim_start_matches('#') {
                            "inFavour" => 0,
                            "against" => 1,
                            "abstaining" => 2,
                            _ => return Err(VotingError::List(which)),
                        };
                        let v = attr(e, "value");
                        counts[i] = if v.is_empty() {
                            None
                        } else {
                            Some(v.parse().map_err(|_| VotingError::Count(v.clone()))?)
                        };
                        current = (!empty).then_some(i);
                    }
                    b"organization" if current.is_some() && !empty => {
                        in_org = true;
                        name.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_org => {
                name.push_str(&t.decode().map_err(|e| VotingError::Xml(e.to_string()))?);
            }
            Event::GeneralRef(r) if in_org => match r.resolve_char_ref() {
                Ok(Some(c)) => name.push(c),
                _ => {
                    let n = r.decode().map_err(|e| VotingError::Xml(e.to_string()))?;
                    name.push_str(quick_xml::escape::resolve_xml_entity(&n).unwrap_or(""));
                }
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"organization" if in_org => {
                    in_org = false;
                    if let Some(i) = current {
                        lists[i].push(name.clone());
                    }
                }
                b"count" => current = None,
                b"voting" => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(outcome) = outcome else {
        return Ok(None);
    };
    let mut record = VoteRecord::from_lists(outcome, counts, lists);
    let (step_date, meeting) = meeting.unwrap_or_default();
    record.date = adoption_date.or(step_date);
    record.meeting = Some(meeting).filter(|m| !m.trim().is_empty());
    Ok(Some(record))
}

/// AKN4UN writes "0001-01-01" for an unknown date.
fn is_real_date(d: &str) -> bool {
    !d.is_empty() && !d.starts_with("0001")
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::votes::record::Vote;

    const RECORDED: &str = r#"<akomaNtoso xmlns:akn4un="http://un.org/akn4un"><statement><meta>
      <identification><FRBRWork><FRBRdate date="2030-12-02" name="adoption"/></FRBRWork></identification>
      <workflow><step date="2030-10-14" outcome="draftResolution" as="A/C.1/85/L.1" by="X"/>
        <step date="2030-12-02" outcome="adopted" as="A/85/PV.43" by=""/></workflow>
      <analysis><parliamentary><voting outcome="adoptedRecordedVote">
        <count value="3" refersTo="inFavour"><akn4un:voters>
          <organization refersTo="memberState">FRANCE</organization>
          <organization refersTo="memberState">  cote d&apos;ivoire </organization>
          <organization refersTo="memberState">TÜRKİYE</organization>
        </akn4un:voters></count>
        <count value="1" refersTo="against"><akn4un:voters>
          <organization refersTo="memberState">UNITED STATES</organization></akn4un:voters></count>
        <count value="2" refersTo="abstaining"><akn4un:voters>
          <organization refersTo="memberState">INDIA</organization></akn4un:voters></count>
      </voting></parliamentary></analysis></meta></statement></akomaNtoso>"#;

    #[test]
    fn recorded_vote() {
        let v = parse_voting(RECORDED).unwrap().unwrap();
        assert_eq!(v.outcome, Outcome::Recorded);
        assert_eq!(v.date.as_deref(), Some("2030-12-02"));
        assert_eq!(v.meeting.as_deref(), Some("A/85/PV.43"));
        let t = v.tallies.unwrap();
        assert_eq!((t.in_favour, t.against, t.abstaining), (3, 1, 2));
        assert_eq!(v.states.in_favour, ["FRANCE", "COTE D'IVOIRE", "TÜRKIYE"]);
        assert_eq!(v.vote_of("INDIA"), Some(Vote::Abstain));
        // Published count 2, one State listed: kept, and reported.
        assert_eq!(v.mismatches().len(), 1);
    }

    #[test]
    fn without_vote_and_missing_section() {
        let xml =
            r#"<a><voting outcome="adoptedWithoutVote"><quorum value=""></quorum></voting></a>"#;
        let v = parse_voting(xml).unwrap().unwrap();
        assert_eq!(v.outcome, Outcome::WithoutVote);
        assert_eq!(v.tallies, None);
        assert_eq!(parse_voting("<a><b/></a>").unwrap(), None);
    }

    #[test]
    fn bad_sections_are_errors() {
        assert!(matches!(
            parse_voting(r#"<voting outcome="adoptedByMagic"/>"#),
            Err(VotingError::Outcome(_))
        ));
        assert!(matches!(
            parse_voting(
                r#"<voting outcome="adoptedRecordedVote"><count value="x" refersTo="inFavour"/></voting>"#
            ),
            Err(VotingError::Count(_))
        ));
    }
}
