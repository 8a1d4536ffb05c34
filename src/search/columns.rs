//! The fast-field columns a ranked search reads for every segment, opened
//! once per engine.
//!
//! Opening a column looks its name up in the segment's columnar directory
//! and decodes its header; for a symbol query that finds one document that
//! cost more than the search (a `batch` of the 1,000 benchmark symbols spent
//! 13 % of its time opening the same two columns again for every query).
//! An [`Engine`](super::Engine) opens them on its first ranked search and
//! keeps them for its snapshot.

use std::collections::HashMap;

use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher};

use crate::index::schema::{self, name};

/// Which documents of a segment are catalogue records (`has_text` false),
/// read from the fast field.
pub(crate) struct RecordMarks {
    column: Option<StrColumn>,
    record_ord: Option<u64>,
}

impl RecordMarks {
    fn of(segment: &tantivy::SegmentReader) -> RecordMarks {
        let column = segment.fast_fields().str(name::HAS_TEXT).ok().flatten();
        let record_ord = column.as_ref().and_then(|c| {
            c.dictionary()
                .term_ord(schema::has_text_term(false))
                .ok()
                .flatten()
        });
        RecordMarks { column, record_ord }
    }

    pub(crate) fn is_record(&self, doc: DocId) -> bool {
        match (&self.column, self.record_ord) {
            (Some(c), Some(ord)) => c.term_ords(doc).next() == Some(ord),
            _ => false,
        }
    }
}

/// Per segment of one snapshot: its record marks and its title hashes.
pub(crate) struct SegmentColumns {
    /// Segment id → its index in the searcher's segment list.
    ord_of: HashMap<SegmentId, usize>,
    records: Vec<RecordMarks>,
    title_hashes: Vec<Option<Column<u64>>>,
    dates: Vec<Option<Column<i64>>>,
}

impl SegmentColumns {
    pub(crate) fn open(searcher: &Searcher) -> SegmentColumns {
        let segments = searcher.segment_readers();
        SegmentColumns {
            ord_of: segments
                .iter()
                .enumerate()
                .map(|(i, s)| (s.segment_id(), i))
                .collect(),
            records: segments.iter().map(RecordMarks::of).collect(),
            title_hashes: segments
                .iter()
                .map(|s| s.fast_fields().u64(name::TITLE_HASH).ok())
                .collect(),
            dates: segments
                .iter()
                .map(|s| s.fast_fields().i64(name::DATE).ok())
                .collect(),
        }
    }

    /// The place of segment `id` in this snapshot (none for a segment it
    /// does not hold), to look up per document without hashing the id.
    pub(crate) fn ord(&self, id: SegmentId) -> Option<usize> {
        self.ord_of.get(&id).copied()
    }

    /// What orders documents of equal score, the same whatever order they
    /// were ingested in: the newer first, then by title hash.
    pub(crate) fn tie_break(&self, ord: usize, doc: DocId) -> (i64, u64) {
        let date = self.dates[ord]
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(i64::MIN);
        let title = self.title_hashes[ord]
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(0);
        (date, title)
    }

    /// Whether a document of the segment at `ord` is a catalogue record.
    pub(crate) fn is_record_at(&self, ord: usize, doc: DocId) -> bool {
        self.records[ord].is_record(doc)
    }

    /// The title hash of a document, when it has one.
    pub(crate) fn title_hash(&self, segment_ord: u32, doc: DocId) -> Option<u64> {
        self.title_hashes
            .get(segment_ord as usize)?
            .as_ref()?
            .first(doc)
    }
}
