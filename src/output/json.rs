//! The search object (`--format json`, batch lines, `/api/search`) and the
//! hit object with only the fields asked for (`--format jsonl`,
//! `--fields`). The JSON contract is in the parent module.

use serde::Serialize;

use crate::search::{Expansion, FacetCount, Hit, SearchResult, Suggestion, SymbolRead};

/// The whole search object for `--format json` and batch lines.
#[derive(Debug, Serialize)]
pub struct SearchOutput<'a> {
    pub query: &'a str,
    pub total: usize,
    pub took_ms: f64,
    pub hits: &'a [Hit],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub facets: &'a std::collections::BTreeMap<String, Vec<FacetCount>>,
    /// Present when the query named a symbol or a shorthand reference.
    #[serde(skip_serializing_if = "<[SymbolRead]>::is_empty")]
    pub symbols_read: &'a [SymbolRead],
    /// Present when an acronym or a full name widened the query.
    #[serde(skip_serializing_if = "<[Expansion]>::is_empty")]
    pub expansions: &'a [Expansion],
    /// Present when nothing matched and a close spelling does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<&'a Suggestion>,
}

impl<'a> SearchOutput<'a> {
    pub fn new(query: &'a str, r: &'a SearchResult) -> SearchOutput<'a> {
        SearchOutput {
            query,
            total: r.total,
            took_ms: (r.took_ms * 1000.0).round() / 1000.0,
            hits: &r.hits,
            facets: &r.facets,
            symbols_read: &r.symbols_read,
            expansions: &r.expansions,
            suggestion: r.suggestion.as_ref(),
        }
    }
}

/// A hit as one line of JSON holding only `fields`, in the order asked
/// (a `serde_json::Map` would sort the keys).
pub fn hit_json_line(hit: &Hit, fields: &[&str]) -> String {
    let full = hit_object(hit, fields);
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|f| {
            let v = full.get(*f)?;
            Some(format!(
                "{}:{}",
                serde_json::Value::String(f.to_string()),
                v
            ))
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// A hit as a JSON object holding only `fields`.
pub fn hit_object(hit: &Hit, fields: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    let full = match serde_json::to_value(hit) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    fields
        .iter()
        .filter_map(|f| full.get(*f).map(|v| (f.to_string(), v.clone())))
        .collect()
}
