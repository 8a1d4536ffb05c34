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
//! [`lookup_fields`], walked once per query that matched nothing (each
//! segment's, or in `batch` and `serve` one merged over the segments, see
//! `vocabulary.rs`); the suggestion is offered only when it has hits.
//!
//! Only plain words are touched: operators (`OR`, `AND`), field names
//! before `:`, and what the query pre-pass reads (symbols, acronyms in
//! capitals) stay as typed.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::InvertedIndexReader;
use tantivy::{DocAddress, TantivyDocument, Term};

use super::typo_automaton::{StemOfTypo, MAX_TARGET_CHARS};
use super::vocabulary::Vocabulary;
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

/// How a word reads through `analyzer`: its single analysed term, if any.
fn analysed_with(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
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

/// Stems whose surface form is read back, per unknown word. 12 and 6 gave
/// the same suggestions for 300 generated typos of General Debate words
/// and the 113 zero-hit benchmark queries; 6 reads half the documents.
const MAX_CANDIDATES: usize = 6;
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
    let mut analyzers = Analyzers::default();
    let words = words_of(req.query);
    let unknown: Vec<(usize, usize, String)> = words
        .into_iter()
        .filter_map(|(s, e)| {
            let word = &req.query[s..e];
            let lower = word.to_lowercase();
            let chars = lower.chars().count();
            let eligible = max_edits(chars) > 0
                && chars <= MAX_TARGET_CHARS
                && lower.chars().all(char::is_alphabetic)
                && !matches!(word, "OR" | "AND" | "NOT")
                && !word.chars().all(char::is_uppercase);
            let known = fields.iter().any(|&(lang, f)| {
                analyzers.term(lang, &lower).is_some_and(|t| {
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
/// (then the one in most documents). For each target, a walk of the term
/// dictionaries with [`StemOfTypo`] finds the stems that could start a
/// close word; the most promising few are read back as the words the
/// documents actually wrote, and those are measured against the target.
fn closest_terms(
    engine: &Engine,
    fields: &[(Lang, Field)],
    targets: &[&str],
) -> Vec<Option<String>> {
    let mut analyzers = Analyzers::default();
    let mut dictionaries = Dictionaries::default();
    targets
        .iter()
        .map(|t| {
            let first = t.chars().next()?;
            // Only fields that hold words of the typed word's script: an
            // English-only index has empty French and Spanish fields, and
            // each language costs a stemming of every one-edit variant.
            let fields: Vec<(Lang, Field)> = fields
                .iter()
                .copied()
                .filter(|&(lang, field)| {
                    lang.writes(first) && dictionaries.has_terms(engine, field)
                })
                .collect();
            // First the words one edit away whose stem the index holds:
            // exact about the word (the stem alone cannot tell "national"
            // from "nations").
            one_edit_word(engine, &fields, &mut analyzers, &mut dictionaries, t)
                .or_else(|| closest_by_stem(engine, &fields, &mut analyzers, &mut dictionaries, t))
        })
        .collect()
}

/// A field's words as the suggestion search reads them: each segment's
/// term dictionary, or, where the engine keeps them, one [`Vocabulary`]
/// merged over the segments.
enum Dictionary {
    Segments(Vec<Arc<InvertedIndexReader>>),
    Merged(Arc<Vocabulary>),
}

/// The dictionaries of the fields a suggestion reads, opened once per
/// suggestion: opening one costs more than the few look-ups a word needs.
#[derive(Default)]
struct Dictionaries(HashMap<Field, Dictionary>);

impl Dictionaries {
    fn of(&mut self, engine: &Engine, field: Field) -> &Dictionary {
        self.0.entry(field).or_insert_with(|| {
            let segments = engine.searcher.segment_readers();
            // One segment is its own merged dictionary.
            if let (Some(kept), true) = (&engine.vocabularies, segments.len() > 1) {
                if let Ok(v) = kept.of(&engine.searcher, field) {
                    return Dictionary::Merged(v);
                }
            }
            Dictionary::Segments(
                segments
                    .iter()
                    .filter_map(|segment| segment.inverted_index(field).ok())
                    .collect(),
            )
        })
    }

    /// Whether `field` has any word.
    fn has_terms(&mut self, engine: &Engine, field: Field) -> bool {
        match self.of(engine, field) {
            Dictionary::Segments(segments) => segments
                .iter()
                .any(|inverted| inverted.terms().num_terms() > 0),
            Dictionary::Merged(v) => !v.is_empty(),
        }
    }

    /// Documents holding `term` in `field`, over all segments.
    fn doc_freq(&mut self, engine: &Engine, field: Field, term: &str) -> u64 {
        match self.of(engine, field) {
            Dictionary::Segments(segments) => {
                let term = Term::from_field_text(field, term);
                segments
                    .iter()
                    .filter_map(|inverted| inverted.get_term_info(&term).ok().flatten())
                    .map(|info| u64::from(info.doc_freq))
                    .sum()
            }
            Dictionary::Merged(v) => v.doc_freq(term),
        }
    }

    /// Calls `f` with each term of `field` that `automaton` matches and its
    /// document count (once per segment holding it, when not merged).
    fn each_match(
        &mut self,
        engine: &Engine,
        field: Field,
        automaton: &StemOfTypo,
        mut f: impl FnMut(&[u8], u64),
    ) {
        match self.of(engine, field) {
            Dictionary::Segments(segments) => {
                for inverted in segments {
                    let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                        continue;
                    };
                    while stream.advance() {
                        f(stream.key(), u64::from(stream.value().doc_freq));
                    }
                }
            }
            Dictionary::Merged(v) => v.each_match(automaton, f),
        }
    }
}

/// The closest word to `target` among the surface forms of the stems the
/// dictionaries hold within its budget.
fn closest_by_stem(
    engine: &Engine,
    fields: &[(Lang, Field)],
    analyzers: &mut Analyzers,
    dictionaries: &mut Dictionaries,
    target: &str,
) -> Option<String> {
    let target: Vec<char> = target.chars().collect();
    let budget = max_edits(target.len());
    let automaton = StemOfTypo::new(&target, budget);
    // (lang, field, stem) → (distance of the target's start to the stem,
    // document frequency over segments).
    let mut found: HashMap<(Lang, Field, String), (usize, u64)> = HashMap::new();
    let mut term_chars: Vec<char> = Vec::new();
    for &(lang, field) in fields {
        dictionaries.each_match(engine, field, &automaton, |key, doc_freq| {
            let Ok(term) = std::str::from_utf8(key) else {
                return;
            };
            term_chars.clear();
            term_chars.extend(term.chars());
            let cut = &target[..target.len().min(term_chars.len())];
            let d = edit_distance(cut, &term_chars, budget);
            let entry = found
                .entry((lang, field, term.to_string()))
                .or_insert((d, 0));
            entry.1 += doc_freq;
        });
    }
    let mut candidates: Vec<Candidate> = found
        .into_iter()
        .map(|((lang, field, term), (d, df))| (d, df, lang, field, term))
        .collect();
    // Stems that pin most of the word first (letters matched, an edit
    // costing two), then the commonest.
    let pinned = |c: &Candidate| (c.4.chars().count() as i64 - 2 * c.0 as i64, c.1);
    candidates.sort_by(|a, b| pinned(b).cmp(&pinned(a)).then_with(|| a.4.cmp(&b.4)));
    candidates.truncate(MAX_CANDIDATES);
    let mut best: Option<(usize, u64, String)> = None;
    let mut near = NearWords::new(&target);
    for (_, df, lang, field, term) in candidates {
        let Some(word) = surface_form(engine, &mut near, analyzers.get(lang), field, &term) else {
            continue;
        };
        let chars: Vec<char> = word.chars().collect();
        let d = edit_distance(&target, &chars, budget);
        if d == 0 || d > budget {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|(bd, bdf, _)| (d, std::cmp::Reverse(df)) < (*bd, std::cmp::Reverse(*bdf)));
        if better {
            best = Some((d, df, word));
        }
    }
    best.map(|(_, _, w)| w)
}

/// Each language's analyser, built once per suggestion.
#[derive(Default)]
struct Analyzers(HashMap<Lang, TextAnalyzer>);

impl Analyzers {
    fn get(&mut self, lang: Lang) -> &mut TextAnalyzer {
        self.0.entry(lang).or_insert_with(|| schema::analyzer(lang))
    }

    /// How a word reads in `lang`'s index: its single analysed term, if any.
    fn term(&mut self, lang: Lang, word: &str) -> Option<String> {
        analysed_with(self.get(lang), word)
    }
}

/// A stem that may start a close word: (distance of the target's start to
/// it, document frequency, language, field, stem).
type Candidate = (usize, u64, Lang, Field, String);

/// Of the strings one edit from `target` (a deletion, a swap of
/// neighbours, a substitution or an insertion of a letter the target or the
/// alphabet of its script offers), the one whose analysed term is in most
/// documents of `fields`.
fn one_edit_word(
    engine: &Engine,
    fields: &[(Lang, Field)],
    analyzers: &mut Analyzers,
    dictionaries: &mut Dictionaries,
    target: &str,
) -> Option<String> {
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
    // Each edit analysed once per language (title and body share it).
    let mut terms_of: HashMap<Lang, Vec<Option<String>>> = HashMap::new();
    for (lang, field) in fields {
        let terms = terms_of.entry(*lang).or_insert_with(|| {
            let analyzer = analyzers.get(*lang);
            edits.iter().map(|w| analysed_with(analyzer, w)).collect()
        });
        let mut seen_terms: HashMap<&str, u64> = HashMap::new();
        for (word, term) in edits.iter().zip(terms.iter()) {
            let Some(term) = term.as_deref() else {
                continue;
            };
            let df = *seen_terms
                .entry(term)
                .or_insert_with(|| dictionaries.doc_freq(engine, *field, term));
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
/// closest to the target (lower-cased): the index keeps stems, people read
/// words.
fn surface_form(
    engine: &Engine,
    near: &mut NearWords,
    analyzer: &mut TextAnalyzer,
    field: Field,
    stem: &str,
) -> Option<String> {
    let query = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::Basic);
    let top = engine
        .searcher
        .search(&query, &TopDocs::with_limit(SURFACE_DOCS).order_by_score())
        .ok()?;
    // One document may write only "nations" where another writes
    // "national": read a few, stop at the first with a word within budget.
    for (_, addr) in top {
        let mut best: Option<&(usize, String)> = None;
        for candidate in near.of(engine, addr) {
            if best.is_some_and(|(bd, _)| candidate.0 >= *bd) {
                continue;
            }
            let same_stem = {
                let mut stream = analyzer.token_stream(&candidate.1);
                stream.advance() && stream.token().text == stem
            };
            if same_stem {
                best = Some(candidate);
            }
        }
        if let Some((_, word)) = best {
            return Some(word.clone());
        }
    }
    None
}

/// The words of each document read for one target that are within its
/// budget, with their distance, in the order the document writes them.
/// Several stems often send the search to the same documents, so each is
/// read and measured once.
struct NearWords<'t> {
    target: &'t [char],
    budget: usize,
    docs: HashMap<DocAddress, Vec<(usize, String)>>,
}

impl<'t> NearWords<'t> {
    fn new(target: &'t [char]) -> Self {
        NearWords {
            target,
            budget: max_edits(target.len()),
            docs: HashMap::new(),
        }
    }

    fn of(&mut self, engine: &Engine, addr: DocAddress) -> &[(usize, String)] {
        let (target, budget) = (self.target, self.budget);
        self.docs.entry(addr).or_insert_with(|| {
            let Ok(doc) = engine.searcher.doc::<TantivyDocument>(addr) else {
                return Vec::new();
            };
            let stored = StoredDoc::from_tantivy(&doc, &engine.index.fields);
            let end = crate::lang::floor_boundary(&stored.body, SURFACE_SCAN_BYTES);
            let mut seen: HashMap<&str, ()> = HashMap::new();
            let mut out = Vec::new();
            let mut chars: Vec<char> = Vec::new();
            let texts = [stored.title.as_str(), &stored.body[..end]];
            for word in texts
                .into_iter()
                .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
            {
                // Only a word within the budget can be offered: the
                // length test is cheap, the distance dearer.
                if word.is_empty()
                    || word.chars().count().abs_diff(target.len()) > budget
                    || seen.insert(word, ()).is_some()
                {
                    continue;
                }
                let lower = word.to_lowercase();
                chars.clear();
                chars.extend(lower.chars());
                let d = edit_distance(target, &chars, budget);
                if d <= budget && !out.iter().any(|(_, w)| *w == lower) {
                    out.push((d, lower));
                }
            }
            out
        })
    }
}

/// Optimal-string-alignment distance (Levenshtein plus swaps of two
/// neighbouring letters), stopping early once every path exceeds `limit`.
pub fn edit_distance(a: &[char], b: &[char], limit: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    // Called for every term the typo walk meets: words fit on the stack.
    let mut stack = [0usize; 3 * 32];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if 3 * width <= stack.len() {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
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
