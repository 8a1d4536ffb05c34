//! The hit fields that `--fields` may name, checked once, and the value of
//! one field as text (for text and CSV output).

use crate::search::Hit;

/// Hit fields that `--fields` may name, in default column order.
pub const HIT_FIELDS: [&str; 15] = [
    "symbol",
    "symbols",
    "title",
    "type",
    "date",
    "lang",
    "topics",
    "subjects",
    "source",
    "score",
    "snippet",
    "highlights",
    "text",
    "country",
    "same_title",
];

/// Default CSV columns: everything but highlights, which mean nothing
/// without the snippet's exact characters in a spreadsheet.
pub const DEFAULT_CSV_FIELDS: [&str; HIT_FIELDS.len() - 1] = without(HIT_FIELDS, "highlights");

/// `all` without `drop`, at compile time (`drop` must be in `all` once).
const fn without<const N: usize, const M: usize>(
    all: [&'static str; N],
    drop: &str,
) -> [&'static str; M] {
    let mut out = [""; M];
    let (mut i, mut j) = (0, 0);
    while i < N {
        if !same(all[i], drop) {
            out[j] = all[i];
            j += 1;
        }
        i += 1;
    }
    assert!(j == M, "the field to drop must be in the list once");
    out
}

/// `a == b` where `==` on `str` is not yet allowed (a `const fn`).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[derive(Debug, thiserror::Error)]
#[error("--fields: unknown field {0:?} (fields: {fields})", fields = HIT_FIELDS.join(", "))]
pub struct UnknownField(pub String);

/// Checks `--fields`; `None` gives `default`.
pub fn check_fields(
    fields: Option<&[String]>,
    default: &[&'static str],
) -> Result<Vec<&'static str>, UnknownField> {
    match fields {
        None => Ok(default.to_vec()),
        Some(list) => list
            .iter()
            .map(|f| {
                let f = f.trim();
                HIT_FIELDS
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(f))
                    .copied()
                    .ok_or_else(|| UnknownField(f.to_string()))
            })
            .collect(),
    }
}

/// The value of one hit field as text (lists joined with ", ").
pub fn field_text(hit: &Hit, field: &str) -> String {
    match field {
        "symbol" => hit.symbol.clone().unwrap_or_else(|| "-".into()),
        "symbols" => hit.symbols.join(", "),
        "title" => hit.title.clone(),
        "type" => hit.doc_type.clone(),
        "date" => hit.date.clone().unwrap_or_else(|| "no date".into()),
        "lang" => hit.lang.clone(),
        "topics" => hit.topics.join(", "),
        "source" => hit.source.clone(),
        "score" => format!("{:.3}", hit.score),
        "snippet" => hit.snippet.clone(),
        "text" => hit.text.to_string(),
        "country" => hit.country.clone().unwrap_or_default(),
        "same_title" => hit.same_title.join(", "),
        "highlights" => hit
            .highlights
            .iter()
            .map(|[s, e]| format!("{s}-{e}"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}
