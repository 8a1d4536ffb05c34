//! One field's words over every segment of a snapshot, merged into one FST,
//! for "did you mean" in processes that answer many queries.
//!
//! The suggestion search walks a field's term dictionary with an automaton
//! and looks up the stems of a word's one-edit variants. tantivy keeps a
//! dictionary per segment, so both cost once per segment, and the same
//! word is walked again in each: on four times the General Debate corpus
//! (ten segments then) the walks were two thirds of every query that
//! matched nothing.
//! A [`Vocabulary`] is the union of the segments' dictionaries (each term
//! with its document count summed), built once per snapshot and field when
//! first needed; `batch` and `serve` keep them in [`Vocabularies`], a
//! one-off `search` walks the segments (building costs more than one walk).
//! The suggestions are the same either way.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::schema::Field;
use tantivy::termdict::TermStreamer;
use tantivy::Searcher;
use tantivy_fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

/// A field's letter-only terms over all segments: term → documents holding
/// it (summed over segments, deleted documents included, as tantivy's own
/// per-segment counts are). Terms with anything but letters are left out:
/// no suggestion can be one (the typo automaton rejects them, and the
/// variants looked up are words of letters).
pub(crate) struct Vocabulary {
    map: Map<Vec<u8>>,
}

impl Vocabulary {
    /// Merges the sorted term streams of every segment of `searcher`.
    fn build(searcher: &Searcher, field: Field) -> tantivy::Result<Vocabulary> {
        let mut streams: Vec<TermStreamer<'_>> = Vec::new();
        let dictionaries: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.inverted_index(field))
            .collect::<Result<_, _>>()?;
        for inverted in &dictionaries {
            streams.push(inverted.terms().stream()?);
        }
        // A k-way merge: the heap holds each stream's current term.
        let mut heap: BinaryHeap<Reverse<(Vec<u8>, usize)>> = BinaryHeap::new();
        let mut counts: Vec<u64> = vec![0; streams.len()];
        for (i, stream) in streams.iter_mut().enumerate() {
            if stream.advance() {
                counts[i] = u64::from(stream.value().doc_freq);
                heap.push(Reverse((stream.key().to_vec(), i)));
            }
        }
        let mut builder = MapBuilder::memory();
        while let Some(Reverse((term, i))) = heap.pop() {
            let mut doc_freq = counts[i];
            let mut refill = vec![i];
            while let Some(Reverse((next, _))) = heap.peek() {
                if *next != term {
                    break;
                }
                let Some(Reverse((_, j))) = heap.pop() else {
                    break;
                };
                doc_freq += counts[j];
                refill.push(j);
            }
            if is_word(&term) {
                builder
                    .insert(&term, doc_freq)
                    .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
            }
            for j in refill {
                let stream = &mut streams[j];
                if stream.advance() {
                    counts[j] = u64::from(stream.value().doc_freq);
                    heap.push(Reverse((stream.key().to_vec(), j)));
                }
            }
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        let map = Map::from_bytes(bytes)
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        Ok(Vocabulary { map })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Documents holding `term`.
    pub(crate) fn doc_freq(&self, term: &str) -> u64 {
        self.map.get(term).unwrap_or(0)
    }

    /// Every term `automaton` matches, with its document count.
    pub(crate) fn each_match<A: Automaton>(&self, automaton: A, mut f: impl FnMut(&[u8], u64)) {
        let mut stream = self.map.search(automaton).into_stream();
        while let Some((term, doc_freq)) = stream.next() {
            f(term, doc_freq);
        }
    }
}

/// Whether a term is all letters: what a suggestion can be.
fn is_word(term: &[u8]) -> bool {
    std::str::from_utf8(term).is_ok_and(|t| !t.is_empty() && t.chars().all(char::is_alphabetic))
}

/// The vocabularies of one snapshot, built on first use and shared by the
/// threads and requests that search it.
#[derive(Default)]
pub struct Vocabularies {
    by_field: Mutex<HashMap<Field, Arc<Vocabulary>>>,
}

impl Vocabularies {
    /// `field`'s vocabulary in `searcher`'s snapshot (which must be the
    /// snapshot these vocabularies were made for).
    pub(crate) fn of(&self, searcher: &Searcher, field: Field) -> tantivy::Result<Arc<Vocabulary>> {
        // Held while building: a second thread wanting the same field waits
        // for it rather than building it again.
        let mut by_field = self.by_field.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = by_field.get(&field) {
            return Ok(v.clone());
        }
        let v = Arc::new(Vocabulary::build(searcher, field)?);
        by_field.insert(field, v.clone());
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_of_letters_are_kept() {
        assert!(is_word(b"disarm"));
        assert!(is_word("désarm".as_bytes()));
        assert!(is_word("裁军".as_bytes()));
        assert!(!is_word(b"1998"));
        assert!(!is_word(b"a/res"));
        assert!(!is_word(b""));
    }
}
