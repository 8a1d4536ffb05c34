//! "Did you mean": when a query matches nothing, a close spelling built
//! from the index's own vocabulary.
//!
//! Each word of the query the index does not know is replaced by the
//! closest word it does: at most one edit for words of 5 to 8 letters, two
//! for 9 or more, none for shorter words, numbers or anything holding a
//! digit or a `/` (Meilisearch's typo rules; an edit is an insertion, a
//! deletion, a substitution or a swap of two neighbours, so "nuclaer" is one
//! edit from "nuclear"). The closest candidates win, and among them the one
//! in most documents ("ammunitoin" is one edit from "ammunition" and two
//! from the commoner "ammunitions"). The vocabulary is the term dictionaries of
//! [`lookup_fields`], streamed once per query that matched nothing; the
//! suggestion is offered only when it has hits.
//!
//! Only plain words are touched: operators (`OR`, `AND`), field names
//! before `:`, and what the query pre-pass reads (symbols, acronyms in
//! capitals) stay as typed.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::Term;

use super::{Engine, SearchError, SearchRequest, Suggestion};
use crate::index::Fields;

/// The text fields to look words up in: every language's title and body.
/// Since issue 9 each text is indexed once, stemmed, so these terms are
/// stems ("nuclear" reads "nuclear" but "disarmament" reads "disarma"), and
/// a suggested word can be a stem.
pub fn lookup_fields(fields: &Fields) -> Vec<Field> {
    fields
        .titles
        .iter()
        .chain(&fields.bodies)
        .copied()
        .collect()
}

/// Shortest word that may be corrected.
pub const MIN_TYPO_CHARS: usize = 5;
/// Words this long or longer may be two edits away.
pub const TWO_TYPOS_CHARS: usize = 9;

/// Edits allowed for a word of `chars` characters.
pub fn max_edits(chars: usize) -> usize {
    match chars {
        c if c >= TWO_TYPOS_CHARS => 2,
        c if c >= MIN_TYPO_CHARS => 1,
        _ => 0,
    }
}

/// The suggestion for `req`, which matched nothing, if one matches.
pub fn suggest(engine: &Engine, req: &SearchRequest) -> Result<Option<Suggestion>, SearchError> {
    let fields = lookup_fields(&engine.index.fields);
    let words = words_of(req.query);
    let unknown: Vec<(usize, usize, String)> = words
        .into_iter()
        .filter_map(|(s, e)| {
            let word = &req.query[s..e];
            let lower = word.to_lowercase();
            let eligible = max_edits(lower.chars().count()) > 0
                && lower.chars().all(char::is_alphabetic)
                && !matches!(word, "OR" | "AND" | "NOT")
                && !word.chars().all(|c| c.is_uppercase());
            let known = fields.iter().any(|f| {
                engine
                    .searcher
                    .doc_freq(&Term::from_field_text(*f, &lower))
                    .unwrap_or(0)
                    > 0
            });
            (eligible && !known).then_some((s, e, lower))
        })
        .collect();
    if unknown.is_empty() {
        return Ok(None);
    }
    let targets: Vec<&str> = unknown.iter().map(|(_, _, w)| w.as_str()).collect();
    let best = closest_terms(engine, &fields, &targets);
    let mut query = String::with_capacity(req.query.len());
    let mut cursor = 0;
    let mut changed = false;
    for ((s, e, _), replacement) in unknown.iter().zip(&best) {
        query.push_str(&req.query[cursor..*s]);
        match replacement {
            Some(r) => {
                query.push_str(r);
                changed = true;
            }
            None => query.push_str(&req.query[*s..*e]),
        }
        cursor = *e;
    }
    query.push_str(&req.query[cursor..]);
    if !changed {
        return Ok(None);
    }
    let result = engine.search_only(&SearchRequest {
        query: &query,
        limit: 0,
        offset: 0,
        facets: false,
        snippets: false,
        ..req.clone()
    });
    Ok(match result {
        Ok(r) if r.total > 0 => Some(Suggestion {
            query,
            total: r.total,
        }),
        _ => None,
    })
}

/// Byte ranges of the words of a query (runs of letters, digits, `/`, `.`,
/// `-`, `:`, `*` so that symbols, fields and prefixes stay one piece), minus
/// those inside quotes' field values.
fn words_of(query: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let piece = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | ':' | '*' | '_');
    for (i, c) in query
        .char_indices()
        .chain(std::iter::once((query.len(), ' ')))
    {
        if piece(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            // Trailing sentence punctuation is not part of the word.
            let word = query[s..i].trim_end_matches(['.', '-']);
            if !word.is_empty() {
                out.push((s, s + word.len()));
            }
        }
    }
    out
}

/// For each target word, the closest indexed term within its edit budget
/// (then the one in most documents), by one pass over the term dictionaries.
fn closest_terms(engine: &Engine, fields: &[Field], targets: &[&str]) -> Vec<Option<String>> {
    let targets: Vec<Vec<char>> = targets.iter().map(|t| t.chars().collect()).collect();
    let budgets: Vec<usize> = targets.iter().map(|t| max_edits(t.len())).collect();
    // (target index, term) → (distance, document frequency summed over
    // segments and fields)
    let mut found: HashMap<(usize, String), (usize, u64)> = HashMap::new();
    let mut term_chars: Vec<char> = Vec::new();
    for segment in engine.searcher.segment_readers() {
        for &field in fields {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                term_chars.clear();
                term_chars.extend(term.chars());
                for (i, target) in targets.iter().enumerate() {
                    let budget = budgets[i];
                    if term_chars.len().abs_diff(target.len()) > budget
                        || !term_chars.iter().all(|c| c.is_alphabetic())
                    {
                        continue;
                    }
                    let d = edit_distance(target, &term_chars, budget);
                    if d == 0 || d > budget {
                        continue;
                    }
                    let entry = found.entry((i, term.to_string())).or_insert((d, 0));
                    entry.1 += u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut best: Vec<Option<(String, usize, u64)>> = vec![None; targets.len()];
    for ((i, term), (d, df)) in found {
        let better = match &best[i] {
            None => true,
            Some((t, bd, bdf)) => {
                (std::cmp::Reverse(d), df, std::cmp::Reverse(&term))
                    > (std::cmp::Reverse(*bd), *bdf, std::cmp::Reverse(t))
            }
        };
        if better {
            best[i] = Some((term, d, df));
        }
    }
    best.into_iter().map(|b| b.map(|(t, _, _)| t)).collect()
}

/// Optimal-string-alignment distance (Levenshtein plus swaps of two
/// neighbouring letters), stopping early once every path exceeds `limit`.
pub fn edit_distance(a: &[char], b: &[char], limit: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    // rows: [i-2 | i-1 | i] rotating, addressed by i % 3.
    for i in 1..=n {
        let cur = (i % 3) * width;
        let prev = ((i - 1) % 3) * width;
        let prev2 = ((i + 1) % 3) * width; // (i - 2) % 3
        rows[cur] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2 + j - 2] + 1);
            }
            rows[cur + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
    }
    rows[(n % 3) * width + m]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        edit_distance(&a, &b, 5)
    }

    #[test]
    fn distances() {
        assert_eq!(d("nuclaer", "nuclear"), 1);
        assert_eq!(d("ammunitoin", "ammunition"), 1);
        assert_eq!(d("disarmament", "disarmament"), 0);
        assert_eq!(d("disarmamnt", "disarmament"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("treaty", "treatise"), 3);
        let a: Vec<char> = "abcdefgh".chars().collect();
        let b: Vec<char> = "zyxwvuts".chars().collect();
        assert_eq!(edit_distance(&a, &b, 1), 2);
    }

    #[test]
    fn typo_budgets() {
        assert_eq!(max_edits(4), 0);
        assert_eq!(max_edits(5), 1);
        assert_eq!(max_edits(8), 1);
        assert_eq!(max_edits(9), 2);
    }

    #[test]
    fn words_keep_symbols_and_fields_whole() {
        let q = "nuclaer title:arms A/RES/73/69 \"small armz\".";
        let words: Vec<&str> = words_of(q).iter().map(|&(s, e)| &q[s..e]).collect();
        assert_eq!(
            words,
            ["nuclaer", "title:arms", "A/RES/73/69", "small", "armz"]
        );
    }
}
