//! Checked search filters: the `--topic`, `--symbol`, `--type`, `--lang`,
//! `--from`, `--to`, `--subject`, `--sponsor`, `--has-text`, `--country` options (and their JSON equivalents in batch input),
//! validated once and turned into scoring-neutral query clauses.

use std::ops::Bound;

use serde::Deserialize;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use crate::country::{self, UnknownCountry};
use crate::document::{normalise_lang, DocType, UNKNOWN_LANG};
use crate::index::Fields;
use crate::symbol;
use crate::topic::Taxonomy;
use crate::votes::catalogue::subject_key;
use crate::votes::{states, UnknownState};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("--topic {0:?}: unknown topic (see `undex facets topic`)")]
    Topic(String),
    #[error("--symbol {0:?}: {1}")]
    Symbol(String, String),
    #[error("--type {0:?}: unknown type ({types})", types = DocType::names())]
    Type(String),
    /// The type name of undex before catalogue records were typed by what
    /// they record: said plainly, since scripts may still use it.
    #[error("--type {0:?}: catalogue records are now typed by what they record (a voting record of a resolution is a resolution); use --has-text=false for documents whose text undex does not hold")]
    RetiredType(String),
    #[error("--lang {0:?}: not a language code (ar, zh, en, fr, ru, es, und)")]
    Lang(String),
    #[error("--{0} {1:?}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")]
    Date(&'static str, String),
    #[error("--{0} {1:?}: no such day in the calendar ({2})")]
    ImpossibleDate(&'static str, String, String),
    #[error("--from {0} is after --to {1}")]
    EmptyRange(String, String),
    #[error("--subject {0:?}: empty label")]
    Subject(String),
    #[error("--sponsor: {0}")]
    Sponsor(UnknownState),
    #[error("--country: {0}")]
    Country(UnknownCountry),
}

/// Filters as given, unchecked: from the command line (`cli::FilterArgs`),
/// a batch line's JSON or an HTTP request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    #[serde(default, alias = "topics", deserialize_with = "one_or_many")]
    pub topic: Vec<String>,
    #[serde(default, alias = "symbols", deserialize_with = "one_or_many")]
    pub symbol: Vec<String>,
    /// Widen each symbol prefix to its document family.
    #[serde(default)]
    pub family: bool,
    #[serde(default, rename = "type")]
    pub doc_type: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default, deserialize_with = "date_text")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "date_text")]
    pub to: Option<String>,
    #[serde(default, alias = "subjects", deserialize_with = "one_or_many")]
    pub subject: Vec<String>,
    #[serde(default, alias = "sponsors", deserialize_with = "one_or_many")]
    pub sponsor: Vec<String>,
    /// Only documents whose text undex holds (true) or only catalogue
    /// records (false).
    #[serde(default)]
    pub has_text: Option<bool>,
    #[serde(default, alias = "countries", deserialize_with = "one_or_many")]
    pub country: Vec<String>,
}

/// A date as a string, or a year as a number (`"from": 2015`).
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrYear {
        Text(String),
        Year(u32),
    }
    Ok(Option::<TextOrYear>::deserialize(d)?.map(|v| match v {
        TextOrYear::Text(s) => s,
        TextOrYear::Year(y) => y.to_string(),
    }))
}

impl FilterError {
    /// The message as batch input writes filters: `"topic": "nosuch": ...`
    /// rather than `--topic "nosuch": ...`.
    pub fn json_message(&self) -> String {
        let text = self.to_string();
        match self {
            FilterError::EmptyRange(..) => text
                .replacen("--from", "\"from\"", 1)
                .replacen("--to", "\"to\"", 1),
            _ => match text.strip_prefix("--") {
                Some(rest) => match rest.split_once(' ') {
                    Some((key, tail)) => format!("\"{key}\": {tail}"),
                    None => text,
                },
                None => text,
            },
        }
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// Validated filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub topics: Vec<String>,
    pub symbol_prefixes: Vec<Vec<String>>,
    pub doc_type: Option<DocType>,
    pub lang: Option<String>,
    /// YYYYMMDD, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Subject keys (`votes::catalogue::subject_key`).
    pub subjects: Vec<String>,
    /// Sponsor keys (`votes::states::key` of the canonical name).
    pub sponsors: Vec<String>,
    pub has_text: Option<bool>,
    /// Country codes (`crate::country`).
    pub countries: Vec<String>,
}

impl Filters {
    pub fn check(spec: &FilterSpec) -> Result<Filters, FilterError> {
        // The taxonomy is compiled on first use (milliseconds): only when a
        // topic filter needs it, so a plain search starts fast.
        let topics = spec
            .topic
            .iter()
            .map(|t| {
                Taxonomy::builtin()
                    .resolve(t)
                    .ok_or_else(|| FilterError::Topic(t.clone()))
            })
            .collect::<Result<_, _>>()?;
        let symbol_prefixes = spec
            .symbol
            .iter()
            .map(|p| {
                if spec.family {
                    // A whole symbol: the family lives under its base.
                    if let Ok(s) = symbol::Symbol::parse(p) {
                        return Ok(s.family_base().facet_segments());
                    }
                }
                symbol::prefix_segments(p)
                    .map_err(|e| FilterError::Symbol(p.clone(), e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        let doc_type = spec
            .doc_type
            .as_deref()
            .map(|t| {
                DocType::from_name(t).ok_or_else(|| {
                    if t.trim().eq_ignore_ascii_case("catalogue-record") {
                        FilterError::RetiredType(t.to_string())
                    } else {
                        FilterError::Type(t.to_string())
                    }
                })
            })
            .transpose()?;
        let lang = spec
            .lang
            .as_deref()
            .map(|l| {
                let n = normalise_lang(l);
                if n == UNKNOWN_LANG && !l.eq_ignore_ascii_case(UNKNOWN_LANG) {
                    Err(FilterError::Lang(l.to_string()))
                } else {
                    Ok(n)
                }
            })
            .transpose()?;
        let from = spec
            .from
            .as_deref()
            .map(|d| date_bound(d, false).ok_or_else(|| date_error("from", d)))
            .transpose()?;
        let to = spec
            .to
            .as_deref()
            .map(|d| date_bound(d, true).ok_or_else(|| date_error("to", d)))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(FilterError::EmptyRange(
                    spec.from.clone().unwrap_or_default(),
                    spec.to.clone().unwrap_or_default(),
                ));
            }
        }
        let subjects = spec
            .subject
            .iter()
            .map(|s| {
                let k = subject_key(s);
                if k.is_empty() {
                    Err(FilterError::Subject(s.clone()))
                } else {
                    Ok(k)
                }
            })
            .collect::<Result<_, _>>()?;
        let sponsors = spec
            .sponsor
            .iter()
            .map(|s| {
                states::resolve(s)
                    .map(states::key)
                    .map_err(FilterError::Sponsor)
            })
            .collect::<Result<_, _>>()?;
        let countries = spec
            .country
            .iter()
            .map(|c| country::resolve(c).map_err(FilterError::Country))
            .collect::<Result<_, _>>()?;
        Ok(Filters {
            has_text: spec.has_text,
            countries,
            topics,
            symbol_prefixes,
            doc_type,
            lang,
            from,
            to,
            subjects,
            sponsors,
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// The language `--lang` asks for, if any.
    pub fn lang(&self) -> Option<crate::lang::Lang> {
        self.lang.as_deref().map(crate::lang::Lang::from_code)
    }

    /// Scoring-neutral clauses to AND with the query.
    pub fn clauses(&self, f: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let filter = |q: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
        };
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                        )
                    })
                    .collect(),
            ))
        };
        let mut out = Vec::new();
        if !self.topics.is_empty() {
            let terms = self
                .topics
                .iter()
                .filter_map(|t| Facet::from_text(t).ok())
                .map(|facet| Term::from_facet(f.topic, &facet))
                .collect();
            out.push(filter(any_of(terms)));
        }
        if !self.symbol_prefixes.is_empty() {
            let terms = self
                .symbol_prefixes
                .iter()
                .map(|segs| Term::from_facet(f.symbol_facet, &Facet::from_path(segs)))
                .collect();
            out.push(filter(any_of(terms)));
        }
        for (field, keys) in [
            (f.subject, &self.subjects),
            (f.sponsor, &self.sponsors),
            (f.country, &self.countries),
        ] {
            if !keys.is_empty() {
                let terms = keys
                    .iter()
                    .map(|k| Term::from_field_text(field, k))
                    .collect();
                out.push(filter(any_of(terms)));
            }
        }
        if let Some(t) = self.doc_type {
            out.push(filter(any_of(vec![Term::from_field_text(
                f.doc_type,
                t.as_str(),
            )])));
        }
        if let Some(has_text) = self.has_text {
            out.push(filter(any_of(vec![Term::from_field_text(
                f.has_text,
                crate::index::schema::has_text_term(has_text),
            )])));
        }
        if let Some(l) = &self.lang {
            out.push(filter(any_of(vec![Term::from_field_text(f.lang, l)])));
        }
        if self.from.is_some() || self.to.is_some() {
            let lo = self
                .from
                .map(|d| Bound::Included(Term::from_field_i64(f.date, d)))
                .unwrap_or(Bound::Unbounded);
            let hi = self
                .to
                .map(|d| Bound::Included(Term::from_field_i64(f.date, d)))
                .unwrap_or(Bound::Unbounded);
            out.push(filter(Box::new(RangeQuery::new(lo, hi))));
        }
        out
    }
}

/// Why `s` is not a date bound: written right but not a day of the
/// calendar (2019-02-30, 2019-13), or not written as a date at all.
fn date_error(flag: &'static str, s: &str) -> FilterError {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let digits = |p: &str, len: usize| p.len() == len && p.chars().all(|c| c.is_ascii_digit());
    let well_formed = matches!(parts.len(), 2 | 3)
        && digits(parts[0], 4)
        && parts[1..].iter().all(|p| digits(p, 2));
    if !well_formed {
        return FilterError::Date(flag, s.to_string());
    }
    let year: i32 = parts[0].parse().unwrap_or(0);
    let month = parts[1]
        .parse::<u8>()
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    let why = match month {
        None => format!("month {} does not exist", parts[1]),
        Some(m) => format!("{m} {year} has {} days", time::util::days_in_month(m, year)),
    };
    FilterError::ImpossibleDate(flag, s.to_string(), why)
}

/// "2018" → 20180101 (or 20181231 as an upper bound); "2018-12" → 20181201
/// (20181231); "2018-12-05" → 20181205.
pub fn date_bound(s: &str, upper: bool) -> Option<i64> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<i64> {
        (p.len() == len && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let year = num(parts.first()?, 4)?;
    let (month, day) = match parts.len() {
        1 => (if upper { 12 } else { 1 }, if upper { 31 } else { 1 }),
        2 => {
            let m = num(parts[1], 2)?;
            (m, if upper { 31 } else { 1 })
        }
        3 => {
            let m = num(parts[1], 2)?;
            let d = num(parts[2], 2)?;
            let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
            time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(d).ok()?)
                .ok()?;
            (m, d)
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    Some(crate::index::date_key::from_parts(year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        let table: &[(&str, bool, Option<i64>)] = &[
            ("2018", false, Some(20180101)),
            ("2018", true, Some(20181231)),
            ("2018-12", false, Some(20181201)),
            ("2018-12", true, Some(20181231)),
            ("2018-12-05", false, Some(20181205)),
            ("2018-02-30", false, None),
            ("2018-13", false, None),
            ("18", false, None),
            ("yesterday", false, None),
            ("2018-1-5", false, None),
        ];
        for (input, upper, want) in table {
            assert_eq!(date_bound(input, *upper), *want, "{input} upper={upper}");
        }
    }

    #[test]
    fn impossible_dates_are_told_from_malformed_ones() {
        let msg = date_error("from", "2019-02-30").to_string();
        assert!(
            msg.contains("no such day") && msg.contains("28 days"),
            "{msg}"
        );
        let msg = date_error("to", "2019-13").to_string();
        assert!(msg.contains("month 13 does not exist"), "{msg}");
        let msg = date_error("from", "yesterday").to_string();
        assert!(msg.contains("not a date"), "{msg}");
    }

    #[test]
    fn batch_messages_name_the_json_key() {
        let e = Filters::check(&FilterSpec {
            topic: vec!["nosuch".into()],
            ..FilterSpec::default()
        })
        .unwrap_err();
        assert!(
            e.json_message().starts_with("\"topic\": \"nosuch\""),
            "{}",
            e.json_message()
        );
        let spec: FilterSpec = serde_json::from_str(r#"{"from": 2015, "to": "2016"}"#).unwrap();
        assert_eq!(spec.from.as_deref(), Some("2015"));
    }
}
