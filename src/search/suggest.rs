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

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyDocument, Term};

use super::{Engine, SearchError, SearchRequest, Suggestion};
use crate::index::schema;
use crate::index::{Fields, StoredDoc};
use crate::lang::Lang;

/// The text fields to look words up in, with their language: every
/// language's title and body. Each text is indexed once, stemmed, so these
/// terms are stems ("disarmament" is "disarm"); a suggestion's surface form
/// is read back from a document that holds the stem (see [`surface_form`]).
pub fn lookup_fields(fields: &Fields) -> Vec<(Lang, Field)> {
    Lang::ALL
        .iter()
        .flat_map(|&l| [(l, fields.title_of(l)), (l, fields.body_of(l))])
        .collect()
}

/// How a word reads in `lang`'s index: its single analysed term, if any.
fn analysed(lang: Lang, word: &str) -> Option<String> {
    let mut analyzer = schema::analyzer(lang);
    let mut stream = analyzer.token_stream(word);
    let mut out = None;
    while stream.advance() {
        if out.is_some() {
            return None; // split in several terms: not one word here
        }
        out = Some(stream.token().text.clone());
    }
    out
}

/// Longest ending a stem may have dropped from its word ("disarm|ament").
const MAX_SUFFIX_CHARS: usize = 5;
/// Shortest stem taken as the start of a word.
const MIN_STEM_CHARS: usize = 3;
/// Stems whose surface form is read back, per unknown word.
const MAX_CANDIDATES: usize = 12;
/// Documents read for a stem's surface form.
const SURFACE_DOCS: usize = 8;
/// Bytes of a document searched for a surface form.
const SURFACE_SCAN_BYTES: usize = 200_000;

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
            let known = fields.iter().any(|&(lang, f)| {
                analysed(lang, &lower).is_some_and(|t| {
                    engine
                        .searcher
                        .doc_freq(&Term::from_field_text(f, &t))
                        .unwrap_or(0)
                        > 0
                })
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

/// For each target word, the closest indexed word within its edit budget
/// (then the one in most documents). One pass over the term dictionaries
/// finds stems that could be the start of a close word (the target cut to
/// the stem's length is within budget, and at most [`MAX_SUFFIX_CHARS`]
/// letters remain); the commonest few are then read back as the words the
/// documents actually wrote, and those are measured against the target.
fn closest_terms(
    engine: &Engine,
    fields: &[(Lang, Field)],
    targets: &[&str],
) -> Vec<Option<String>> {
    // First the words one edit away whose stem the index holds: cheap, and
    // exact about the word (the stem alone cannot tell "national" from
    // "nations").
    let one_edit: Vec<Option<String>> = targets
        .iter()
        .map(|t| one_edit_word(engine, fields, t))
        .collect();
    if one_edit.iter().all(Option::is_some) {
        return one_edit;
    }
    let targets: Vec<Vec<char>> = targets.iter().map(|t| t.chars().collect()).collect();
    let budgets: Vec<usize> = targets.iter().map(|t| max_edits(t.len())).collect();
    // (target index, lang, field, stem) → (distance of the target's start
    // to the stem, document frequency over segments).
    let mut found: HashMap<(usize, Lang, Field, String), (usize, u64)> = HashMap::new();
    let mut term_chars: Vec<char> = Vec::new();
    for segment in engine.searcher.segment_readers() {
        for &(lang, field) in fields {
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
                if !term_chars.iter().all(|c| c.is_alphabetic()) {
                    continue;
                }
                for (i, target) in targets.iter().enumerate() {
                    let budget = budgets[i];
                    let n = term_chars.len();
                    if n < MIN_STEM_CHARS
                        || n < target.len().saturating_sub(MAX_SUFFIX_CHARS)
                        || n > target.len() + budget
                    {
                        continue;
                    }
                    let cut = &target[..target.len().min(n)];
                    let d = edit_distance(cut, &term_chars, budget);
                    if d > budget {
                        continue;
                    }
                    let entry = found
                        .entry((i, lang, field, term.to_string()))
                        .or_insert((d, 0));
                    entry.1 += u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut per_target: Vec<Vec<Candidate>> = vec![Vec::new(); targets.len()];
    for ((i, lang, field, term), (d, df)) in found {
        per_target[i].push((d, df, lang, field, term));
    }
    per_target
        .into_iter()
        .enumerate()
        .map(|(i, mut candidates)| {
            if let Some(word) = &one_edit[i] {
                return Some(word.clone());
            }
            // Stems that pin most of the word first (letters matched, an
            // edit costing two), then the commonest.
            let pinned = |c: &Candidate| (c.4.chars().count() as i64 - 2 * c.0 as i64, c.1);
            candidates.sort_by(|a, b| pinned(b).cmp(&pinned(a)).then_with(|| a.4.cmp(&b.4)));
            candidates.truncate(MAX_CANDIDATES);
            let mut best: Option<(usize, u64, String)> = None;
            for (_, df, lang, field, term) in candidates {
                let Some(word) = surface_form(engine, lang, field, &term, &targets[i]) else {
                    continue;
                };
                let chars: Vec<char> = word.chars().collect();
                let d = edit_distance(&targets[i], &chars, budgets[i]);
                if d == 0 || d > budgets[i] {
                    continue;
                }
                let better = best.as_ref().is_none_or(|(bd, bdf, _)| {
                    (d, std::cmp::Reverse(df)) < (*bd, std::cmp::Reverse(*bdf))
                });
                if better {
                    best = Some((d, df, word));
                }
            }
            best.map(|(_, _, w)| w)
        })
        .collect()
}

/// A stem that may start a close word: (distance of the target's start to
/// it, document frequency, language, field, stem).
type Candidate = (usize, u64, Lang, Field, String);

/// Of the strings one edit from `target` (a deletion, a swap of
/// neighbours, a substitution or an insertion of a letter the target or the
/// alphabet of its script offers), the one whose analysed term is in most
/// documents of `fields`.
fn one_edit_word(engine: &Engine, fields: &[(Lang, Field)], target: &str) -> Option<String> {
    let chars: Vec<char> = target.chars().collect();
    let mut letters: Vec<char> = if chars.iter().all(char::is_ascii_alphabetic) {
        ('a'..='z').collect()
    } else {
        chars.clone()
    };
    letters.sort_unstable();
    letters.dedup();
    let mut edits: Vec<String> = Vec::new();
    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.remove(i);
        edits.push(v.into_iter().collect());
        if i + 1 < chars.len() {
            let mut v = chars.clone();
            v.swap(i, i + 1);
            edits.push(v.into_iter().collect());
        }
        for &c in &letters {
            if c != chars[i] {
                let mut v = chars.clone();
                v[i] = c;
                edits.push(v.into_iter().collect());
            }
        }
    }
    for i in 0..=chars.len() {
        for &c in &letters {
            let mut v = chars.clone();
            v.insert(i, c);
            edits.push(v.into_iter().collect());
        }
    }
    edits.sort_unstable();
    edits.dedup();
    let mut best: Option<(u64, String)> = None;
    for (lang, field) in fields {
        let mut seen_terms: HashMap<String, u64> = HashMap::new();
        for word in &edits {
            let Some(term) = analysed(*lang, word) else {
                continue;
            };
            let df = *seen_terms.entry(term.clone()).or_insert_with(|| {
                engine
                    .searcher
                    .doc_freq(&Term::from_field_text(*field, &term))
                    .unwrap_or(0)
            });
            if df > 0
                && best.as_ref().is_none_or(|(bdf, bw)| {
                    (df, std::cmp::Reverse(word)) > (*bdf, std::cmp::Reverse(bw))
                })
            {
                best = Some((df, word.clone()));
            }
        }
    }
    best.map(|(_, w)| w)
}

/// The word, as a document holding `stem` in `field` wrote it, that is
/// closest to `target` (lower-cased): the index keeps stems, people read
/// words.
fn surface_form(
    engine: &Engine,
    lang: Lang,
    field: Field,
    stem: &str,
    target: &[char],
) -> Option<String> {
    let query = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::Basic);
    let top = engine
        .searcher
        .search(&query, &TopDocs::with_limit(SURFACE_DOCS).order_by_score())
        .ok()?;
    let mut analyzer = schema::analyzer(lang);
    let mut best: Option<(usize, String)> = None;
    // One document may write only "nations" where another writes
    // "national": read a few, stop at the first word within budget.
    for (_, addr) in top {
        let Ok(doc) = engine.searcher.doc::<TantivyDocument>(addr) else {
            continue;
        };
        let stored = StoredDoc::from_tantivy(&doc, &engine.index.fields);
        let text = format!("{}\n{}", stored.title, stored.body);
        let end = crate::lang::floor_boundary(&text, SURFACE_SCAN_BYTES);
        for word in text[..end].split(|c: char| !c.is_alphabetic()) {
            if word.is_empty() {
                continue;
            }
            let lower = word.to_lowercase();
            let same_stem = {
                let mut stream = analyzer.token_stream(&lower);
                stream.advance() && stream.token().text == stem
            };
            if !same_stem {
                continue;
            }
            let chars: Vec<char> = lower.chars().collect();
            let d = edit_distance(target, &chars, target.len());
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, lower));
            }
        }
        if best
            .as_ref()
            .is_some_and(|(d, _)| *d <= max_edits(target.len()))
        {
            break;
        }
    }
    best.map(|(_, w)| w)
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
