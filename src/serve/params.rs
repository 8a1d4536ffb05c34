//! Query-string parameters: `a=1&topic=x&topic=y`, with repeatable
//! filters, checked names (an unknown parameter is a 400 naming it, not
//! silently ignored) and checked numbers.

use crate::search::{FilterSpec, SortOrder};

use super::limits::{MAX_LIMIT, MAX_WINDOW};
use super::ApiError;

/// The decoded pairs of a query string, in order.
pub struct Params(Vec<(String, String)>);

/// Filter parameter names, as in the CLI (`--topic` ... `--sponsor`;
/// `family=1` is `--family`).
pub const FILTER_KEYS: [&str; 11] = [
    "topic", "symbol", "family", "type", "lang", "from", "to", "subject", "sponsor", "has_text",
    "country",
];

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// 400 for a parameter not in `allowed`.
    pub fn check_names(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.0.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((k, _)) => Err(ApiError::bad_request(format!(
                "unknown parameter {k:?} (allowed: {})",
                allowed.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// Every value of `key`, empty ones left out (an empty form field means
    /// "no filter").
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The value of a parameter given at most once (400 when repeated).
    pub fn one(&self, key: &str) -> Result<Option<String>, ApiError> {
        let mut values = self.all(key);
        if values.len() > 1 {
            return Err(ApiError::bad_request(format!(
                "parameter {key:?} given {} times; it takes one value",
                values.len()
            )));
        }
        Ok(values.pop())
    }

    /// A non-negative whole number, or `default`.
    pub fn count(&self, key: &str, default: usize) -> Result<usize, ApiError> {
        match self.one(key)? {
            None => Ok(default),
            Some(v) => v.trim().parse::<usize>().map_err(|_| {
                ApiError::bad_request(format!(
                    "parameter {key:?}: {v:?} is not a non-negative whole number"
                ))
            }),
        }
    }

    /// A yes/no switch: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.one(key)?.as_deref().map(str::trim) {
            None => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "parameter {key:?}: {v:?} is not 1 or 0"
            ))),
        }
    }

    pub fn sort(&self) -> Result<SortOrder, ApiError> {
        match self.one("sort")?.as_deref().map(str::trim) {
            None | Some("relevance") => Ok(SortOrder::Relevance),
            Some("date") => Ok(SortOrder::Date),
            Some(v) => Err(ApiError::bad_request(format!(
                "parameter \"sort\": {v:?} is not relevance or date"
            ))),
        }
    }

    /// The filters, unchecked (`Filters::check` validates them).
    pub fn filters(&self) -> Result<FilterSpec, ApiError> {
        Ok(FilterSpec {
            topic: self.all("topic"),
            symbol: self.all("symbol"),
            family: self.flag("family")?,
            doc_type: self.one("type")?,
            lang: self.one("lang")?,
            from: self.one("from")?,
            to: self.one("to")?,
            subject: self.all("subject"),
            sponsor: self.all("sponsor"),
            has_text: match self.one("has_text")? {
                None => None,
                Some(_) => Some(self.flag("has_text")?),
            },
            country: self.all("country"),
        })
    }
}

/// 400 unless `limit` and `offset` stay within the result window.
pub fn check_window(limit: usize, offset: usize) -> Result<(), ApiError> {
    if limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "parameter \"limit\": {limit} is over the limit of {MAX_LIMIT} hits a request"
        )));
    }
    if limit.saturating_add(offset) > MAX_WINDOW {
        return Err(ApiError::bad_request(format!(
            "parameters \"limit\" + \"offset\" = {} reach past the first {MAX_WINDOW} hits, the deepest a request may page",
            limit.saturating_add(offset)
        )));
    }
    Ok(())
}
