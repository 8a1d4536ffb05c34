//! Passage re-ranking: a document that treats the query in one place
//! ranks above one that scatters its words.
//!
//! BM25 scores a document by how often and how rarely its words occur
//! anywhere in it. A General Debate speech is a tour of the world: one
//! that says "Sierra Leone" in its first paragraph, "arms" in its fifth and
//! "embargo" about Rhodesia in its tenth scores like one with a paragraph
//! on the arms embargo against Sierra Leone, and the judged set grades only
//! the second relevant. So the best-ranked candidates are scored once more:
//! each is multiplied by `1 + PASSAGE_BOOST × coverage`, where coverage is
//! the share of the query's body terms (in the document's language) that
//! occur together within [`PASSAGE_TOKENS`] consecutive words somewhere in
//! its body. The words' positions come from the index (bodies are indexed
//! with positions), so no stored text is read.
//!
//! Only the first [`RERANK_DEPTH`] candidates are re-scored, and a score
//! only grows, so every document below them keeps its rank: pages past the
//! depth are the same with and without the re-ranking.

use std::collections::BTreeMap;

use tantivy::postings::Postings;
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, Term};

use crate::index::schema::Fields;

/// How much a passage holding every query term adds: the score is at most
/// doubled. Measured on the development needs (nDCG@10, window 50 words,
/// depth 30): 0.5 / 1 / 2 / 3 gave 0.889 / 0.893 / 0.892 / 0.894 against
/// 0.883 without; the larger weights bring unjudged documents in, so 1 is
/// kept (BENCHMARKS.md, session 10).
const PASSAGE_BOOST: f32 = 1.0;

/// The passage: this many consecutive word positions (about 300 bytes
/// of English, two or three sentences).
const PASSAGE_TOKENS: u32 = 50;

/// How many of the best-ranked candidates are re-scored.
pub(crate) const RERANK_DEPTH: usize = 30;

/// The query's terms on each language's body field.
pub(crate) struct PassageTerms {
    by_field: Vec<(Field, Vec<Term>)>,
}

impl PassageTerms {
    /// The body terms of `query` (phrases contribute each of their words).
    pub(crate) fn of(query: &dyn Query, fields: &Fields) -> PassageTerms {
        let mut by_field: BTreeMap<Field, Vec<Term>> = BTreeMap::new();
        query.query_terms(&mut |term, _| {
            if fields.body_lang(term.field()).is_some() {
                let terms = by_field.entry(term.field()).or_default();
                if !terms.contains(term) {
                    terms.push(term.clone());
                }
            }
        });
        PassageTerms {
            by_field: by_field.into_iter().collect(),
        }
    }

    /// Re-scores the first [`RERANK_DEPTH`] of `ranked` (best first) and
    /// sorts them again; the rest keep their order, below them.
    pub(crate) fn rerank(
        &self,
        searcher: &Searcher,
        ranked: &mut [(f32, DocAddress)],
    ) -> tantivy::Result<()> {
        if self.by_field.is_empty() {
            return Ok(());
        }
        let depth = ranked.len().min(RERANK_DEPTH);
        for (score, addr) in ranked[..depth].iter_mut() {
            *score *= 1.0 + PASSAGE_BOOST * self.coverage(searcher, *addr)?;
        }
        // Stable: equal scores keep the engine's order.
        ranked[..depth].sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(())
    }

    /// The largest share of one language's query terms found within one
    /// passage of the document's body (0 when it has none of them).
    fn coverage(&self, searcher: &Searcher, addr: DocAddress) -> tantivy::Result<f32> {
        let segment = searcher.segment_reader(addr.segment_ord);
        let mut best = 0.0f32;
        let mut positions = Vec::new();
        for (field, terms) in &self.by_field {
            let index = segment.inverted_index(*field)?;
            // (position, which term), over every term present in the doc.
            let mut hits: Vec<(u32, usize)> = Vec::new();
            for (i, term) in terms.iter().enumerate() {
                let Some(mut postings) =
                    index.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
                else {
                    continue;
                };
                // A posting list only seeks forward (TERMINATED is past
                // every document).
                if postings.doc() > addr.doc_id || postings.seek(addr.doc_id) != addr.doc_id {
                    continue;
                }
                positions.clear();
                postings.positions(&mut positions);
                hits.extend(positions.iter().map(|&p| (p, i)));
            }
            if hits.is_empty() {
                continue;
            }
            hits.sort_unstable();
            let distinct = most_distinct_within(&hits, terms.len(), PASSAGE_TOKENS);
            best = best.max(distinct as f32 / terms.len() as f32);
        }
        Ok(best)
    }
}

/// The most distinct terms among `hits` (sorted by position) that fit in
/// `window` consecutive positions.
fn most_distinct_within(hits: &[(u32, usize)], terms: usize, window: u32) -> usize {
    let mut counts = vec![0usize; terms];
    let (mut distinct, mut best, mut start) = (0, 0, 0);
    for &(pos, term) in hits {
        if counts[term] == 0 {
            distinct += 1;
        }
        counts[term] += 1;
        while pos - hits[start].0 >= window {
            let old = hits[start].1;
            counts[old] -= 1;
            if counts[old] == 0 {
                distinct -= 1;
            }
            start += 1;
        }
        best = best.max(distinct);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::most_distinct_within;

    #[test]
    fn terms_close_together_count_together() {
        // term 0 at 0, term 1 at 100, terms 0 1 2 at 200..210
        let hits = [(0, 0), (100, 1), (200, 0), (205, 1), (210, 2)];
        assert_eq!(most_distinct_within(&hits, 3, 50), 3);
    }

    #[test]
    fn scattered_terms_count_one_at_a_time() {
        let hits = [(0, 0), (100, 1), (200, 2), (300, 0)];
        assert_eq!(most_distinct_within(&hits, 3, 50), 1);
        assert_eq!(most_distinct_within(&hits, 3, 101), 2);
    }

    #[test]
    fn repeats_of_one_term_are_one() {
        let hits = [(0, 0), (1, 0), (2, 0), (3, 0)];
        assert_eq!(most_distinct_within(&hits, 2, 50), 1);
        assert_eq!(most_distinct_within(&[], 2, 50), 0);
    }
}
