//! Exact value counts of a string fast field (type, lang) within a query.
//!
//! tantivy's facet collector only works on facet fields; type and language
//! are plain keyword fields, so this small collector counts their values
//! per segment by term ordinal and merges the segments by value.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::FacetCount;

pub struct StrCounts {
    field: &'static str,
}

impl StrCounts {
    pub fn new(field: &'static str) -> StrCounts {
        StrCounts { field }
    }
}

pub struct SegmentStrCounts {
    column: Option<StrColumn>,
    by_ord: HashMap<u64, u64>,
}

impl Collector for StrCounts {
    type Fruit = Vec<FacetCount>;
    type Child = SegmentStrCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentStrCounts> {
        Ok(SegmentStrCounts {
            column: segment.fast_fields().str(self.field)?,
            by_ord: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<FacetCount>>) -> tantivy::Result<Vec<FacetCount>> {
        let mut total: HashMap<String, u64> = HashMap::new();
        for fruit in fruits {
            for c in fruit {
                *total.entry(c.path).or_default() += c.count;
            }
        }
        let mut out: Vec<FacetCount> = total
            .into_iter()
            .map(|(path, count)| FacetCount { path, count })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        Ok(out)
    }
}

impl SegmentCollector for SegmentStrCounts {
    type Fruit = Vec<FacetCount>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(col) = &self.column {
            for ord in col.term_ords(doc) {
                *self.by_ord.entry(ord).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Vec<FacetCount> {
        let Some(col) = self.column else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(self.by_ord.len());
        let mut text = String::new();
        for (ord, count) in self.by_ord {
            text.clear();
            if col.ord_to_str(ord, &mut text).unwrap_or(false) {
                out.push(FacetCount {
                    path: text.clone(),
                    count,
                });
            }
        }
        out
    }
}
