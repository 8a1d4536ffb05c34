//! What a `-clause` excludes, read into a bit set per segment before the
//! search runs.
//!
//! tantivy 0.27 checks an excluded clause with `seek_danger`, and its phrase
//! scorer asserts an order of calls that its own disjunction does not keep:
//! `search 'nuclear -"arms trade"'` (a phrase over every language's title
//! and body) panicked in debug builds now and then, depending on how
//! documents fell into segments, and in release builds the same calls leave
//! the answer to chance. A bit set answers "is this document excluded?" for
//! any document in any order, so exclusion no longer depends on the
//! excluded query's scorer. Reading the set costs one pass over the
//! excluded clause's matches, which a search walks anyway.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// The documents `inner` matches, as a set: for `MustNot` clauses.
#[derive(Debug)]
pub(super) struct Excluded {
    inner: Box<dyn Query>,
}

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded {
            inner: self.inner.box_clone(),
        }
    }
}

impl Excluded {
    pub(super) fn new(inner: Box<dyn Query>) -> Excluded {
        Excluded { inner }
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight {
            inner: self.inner.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct ExcludedWeight {
    inner: Box<dyn Weight>,
}

impl ExcludedWeight {
    fn set(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut scorer = self.inner.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            set.insert(doc);
            doc = scorer.advance();
        }
        Ok(set)
    }
}

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSetDocSet::from(self.set(reader)?);
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.set(reader)?.contains(doc) {
            Ok(Explanation::new("excluded clause", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the excluded clause"
            )))
        }
    }
}
