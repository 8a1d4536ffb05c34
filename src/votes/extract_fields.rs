//! The vote fields of the UN's metadata extract (`meta/<session>.jsonl`):
//! `voting_type` / `adoption_type`, `MS_in_favour`, `MS_against`,
//! `MS_abstaining` and their `…_count`s (numbers written as strings).

use serde_json::{Map, Value};

use super::record::{Outcome, VoteRecord};

/// True when a JSON record is one of the extract's (it has the vote lists).
pub fn is_extract_record(obj: &Map<String, Value>) -> bool {
    obj.contains_key("MS_in_favour") || obj.contains_key("MS_in_favour_count")
}

/// The vote of one extract record; `None` when it states no outcome (some
/// budget resolutions adopted in parts have an empty `adoption_type`).
/// `date` and `meeting` are given by the caller, which reads dates for
/// every format alike.
pub fn parse_extract_votes(
    obj: &Map<String, Value>,
    date: Option<String>,
    meeting: Option<String>,
) -> Option<VoteRecord> {
    let outcome = ["voting_type", "adoption_type"]
        .iter()
        .filter_map(|k| obj.get(*k)?.as_str())
        .find_map(Outcome::from_name)?;
    let list = |k: &str| -> Vec<String> {
        match obj.get(k) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let count = |k: &str| -> Option<u32> {
        match obj.get(k)? {
            Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let mut v = VoteRecord::from_lists(
        outcome,
        [
            count("MS_in_favour_count"),
            count("MS_against_count"),
            count("MS_abstaining_count"),
        ],
        [
            list("MS_in_favour"),
            list("MS_against"),
            list("MS_abstaining"),
        ],
    );
    v.date = date;
    v.meeting = meeting;
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(s: &str) -> Map<String, Value> {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn extract_votes() {
        let o = obj(
            r#"{"voting_type": "adoptedRecordedVote", "adoption_type": "By a recorded vote",
                "MS_in_favour": ["FRANCE", "France "], "MS_against": [], "MS_abstaining": ["INDIA"],
                "MS_in_favour_count": "2", "MS_against_count": "0", "MS_abstaining_count": "1"}"#,
        );
        assert!(is_extract_record(&o));
        let v = parse_extract_votes(&o, Some("2030-01-01".into()), None).unwrap();
        assert_eq!(v.outcome, Outcome::Recorded);
        assert_eq!(v.states.in_favour, ["FRANCE"]);
        assert_eq!(v.tallies.unwrap().in_favour, 2);
        assert_eq!(v.mismatches().len(), 1, "two counted, one State listed");
        let none = obj(r#"{"voting_type": "", "adoption_type": "", "MS_in_favour": []}"#);
        assert_eq!(parse_extract_votes(&none, None, None), None);
        let wv = obj(
            r#"{"adoption_type": "Without a vote", "MS_in_favour": [], "MS_in_favour_count": "0"}"#,
        );
        assert_eq!(parse_extract_votes(&wv, None, None).unwrap().tallies, None);
    }
}
