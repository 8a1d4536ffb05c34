//! Running searches: query + filters → ranked hits with snippets and facets.
//!
//! One [`Engine`] holds an opened index and a searcher snapshot; `search`,
//! `get`, `cites`, `batch` and `facets` all go through it, so every command
//! sees one consistent committed state even while an ingest commits.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentReader, TantivyDocument, Term};

use crate::index::schema::{self, name};
use crate::index::{StoredDoc, UndexIndex};
use crate::lang::Lang;
use crate::symbol::Symbol;
use crate::thesaurus::Thesaurus;

pub mod batch;
mod collapse;
mod columns;
pub mod counts;
pub mod filters;
mod function_words;
mod lookup;
mod passage;
pub mod query;
mod result;
pub mod snippet;
pub mod suggest;
mod typo_automaton;
mod vocabulary;

pub use result::{
    Expansion, FacetCount, Hit, SearchError, SearchRequest, SearchResult, Suggestion, SymbolRead,
    SNIPPET_CHARS,
};
pub use snippet::Snippets;
pub use vocabulary::Vocabularies;

pub use filters::{FilterError, FilterSpec, Filters};
pub use query::QueryError;

/// A catalogue record's score is multiplied by this: it holds a title and
/// metadata, not the text, so a text that matches as well is the better
/// answer (the judged set grades a record without text at most 1; 0.7
/// measured best there, 0.5 and 1.0 a little worse).
const RECORD_WEIGHT: f32 = 0.7;

/// What ranks a hit: its score, then, among equal scores (frequent: BM25
/// gives the same score to texts of one length class that hold the words
/// equally often), the newer document, then its title hash. Without this,
/// ties fell in ingest order, and rebuilding an index from the same files
/// changed which of them made a page (about 200 of the 1,000 benchmark
/// keyword queries' top 10s).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct RankKey {
    score: Score,
    tie: (i64, u64),
}

/// Default number of hits a search returns (CLI `--limit`, HTTP `limit`).
pub const DEFAULT_LIMIT: usize = 10;

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum SortOrder {
    #[default]
    Relevance,
    Date,
}

/// Which facet to count (`undex facets FIELD` takes these names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FacetKind {
    Topic,
    Symbol,
    Type,
    Year,
    Lang,
    Subject,
    /// Titles two or more documents share: the yearly resolutions of one
    /// series ("comprehensive nuclear test ban treaty", as the title key).
    Series,
}

impl FacetKind {
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Topic => "topic",
            FacetKind::Symbol => "symbol",
            FacetKind::Type => "type",
            FacetKind::Year => "year",
            FacetKind::Lang => "lang",
            FacetKind::Subject => "subject",
            FacetKind::Series => "series",
        }
    }
}

/// Facets `search --facets` reports.
pub const SEARCH_FACETS: [FacetKind; 4] = [
    FacetKind::Topic,
    FacetKind::Type,
    FacetKind::Year,
    FacetKind::Lang,
];

/// The terms of `field` starting with `prefix`, from every segment's term
/// dictionary (deduplicated, in order). Used to find what the index holds
/// under a symbol key prefix: a family's members, the session of a General
/// Assembly resolution cited by number alone.
pub fn terms_with_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut upper = prefix.as_bytes().to_vec();
    // The smallest key above every key with this prefix.
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            break;
        }
    }
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let mut range = inverted.terms().range().ge(prefix.as_bytes());
        if !upper.is_empty() {
            range = range.lt(&upper);
        }
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                out.insert(term.to_string());
            }
        }
    }
    out.into_iter().collect()
}

pub struct Engine {
    pub index: UndexIndex,
    pub searcher: Searcher,
    /// The merged vocabularies of this snapshot, kept by processes that
    /// answer many queries ("did you mean"; see [`Vocabularies`]).
    vocabularies: Option<Arc<Vocabularies>>,
    /// The segments' fast-field columns ranking reads, opened on first use.
    columns: OnceLock<Arc<columns::SegmentColumns>>,
    /// Labels of concepts for query expansion (`--thesaurus`), if given.
    thesaurus: Option<Arc<Thesaurus>>,
}

impl Engine {
    pub fn open(index: UndexIndex) -> anyhow::Result<Engine> {
        let searcher = index.searcher()?;
        Ok(Engine {
            index,
            searcher,
            vocabularies: None,
            columns: OnceLock::new(),
            thesaurus: None,
        })
    }

    /// Expands the concepts queries name with `thesaurus`'s labels.
    pub fn with_thesaurus(mut self, thesaurus: Option<Arc<Thesaurus>>) -> Engine {
        self.thesaurus = thesaurus;
        self
    }

    /// The thesaurus queries are expanded with, if any.
    pub fn thesaurus(&self) -> Option<&Arc<Thesaurus>> {
        self.thesaurus.as_ref()
    }

    /// An engine over a searcher the caller already holds (a server's
    /// live reader hands out one per request), with the vocabularies it
    /// keeps for that searcher's snapshot.
    pub fn with_searcher(
        index: UndexIndex,
        searcher: Searcher,
        vocabularies: Option<Arc<Vocabularies>>,
    ) -> Engine {
        Engine {
            index,
            searcher,
            vocabularies,
            columns: OnceLock::new(),
            thesaurus: None,
        }
    }

    /// The fast-field columns of this snapshot's segments.
    fn columns(&self) -> Arc<columns::SegmentColumns> {
        self.columns
            .get_or_init(|| Arc::new(columns::SegmentColumns::open(&self.searcher)))
            .clone()
    }

    /// Keeps merged vocabularies for the suggestion search from now on:
    /// worth it for an engine that answers many queries (`batch`).
    pub fn keep_vocabularies(&mut self) {
        self.vocabularies.get_or_insert_with(Arc::default);
    }

    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The query with the filters ANDed in.
    fn full_query(&self, query: Box<dyn Query>, filters: &Filters) -> Box<dyn Query> {
        if filters.is_empty() {
            return query;
        }
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(filters.clauses(&self.index.fields));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Runs a search; when nothing matches, also looks for a close
    /// spelling that does ([`suggest`]).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResult, SearchError> {
        self.search_inner(req, true)
    }

    /// A search without the spelling suggestion (which runs searches itself).
    pub fn search_only(&self, req: &SearchRequest) -> Result<SearchResult, SearchError> {
        self.search_inner(req, false)
    }

    fn search_inner(
        &self,
        req: &SearchRequest,
        suggest: bool,
    ) -> Result<SearchResult, SearchError> {
        let started = Instant::now();
        let parsed = query::parse_in(
            req.query,
            &self.index,
            req.filters.lang(),
            self.thesaurus.as_deref(),
        )?;
        let q = self.full_query(parsed.query, req.filters);
        let passages = passage::PassageTerms::of(q.as_ref(), &self.index.fields);
        let (total, page) = self.page(q.as_ref(), req, &passages)?;
        let snippets = if req.snippets {
            Some(snippets_for(
                &self.searcher,
                q.as_ref(),
                &self.index,
                &parsed.symbols,
            )?)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for folded in page {
            let stored = self.stored(folded.lead)?;
            let (snippet, highlights) = match &snippets {
                Some(s) => s.make(&stored.body, Lang::from_code(&stored.lang)),
                None => (String::new(), Vec::new()),
            };
            let mut hit = Hit::from_stored(stored, folded.score, snippet, highlights);
            for addr in folded.others {
                hit.same_title.push(
                    Hit::from_stored(self.stored(addr)?, 0.0, String::new(), Vec::new())
                        .name()
                        .to_string(),
                );
            }
            hits.push(hit);
        }
        let mut facets = BTreeMap::new();
        if req.facets {
            for kind in SEARCH_FACETS {
                facets.insert(
                    kind.name().to_string(),
                    self.facet_counts_for(q.as_ref(), kind, &[])?,
                );
            }
        }
        let (symbols_read, expansions) = self.notes(&parsed.notes)?;
        if total == 0 && suggest {
            if let Some(mut other) = self.without_absent(req, &symbols_read)? {
                // A symbol nothing knows: show what the other words match,
                // still saying how the query was read.
                other.symbols_read = symbols_read;
                other.expansions = expansions;
                return Ok(other);
            }
        }
        let suggestion = if total == 0 && suggest {
            suggest::suggest(self, req)?
        } else {
            None
        };
        Ok(SearchResult {
            total,
            hits,
            facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            symbols_read,
            expansions,
            suggestion,
        })
    }

    /// The search for the other words of a query that matched nothing
    /// because it names symbols the index neither holds nor sees cited
    /// ("UNSCR 9999 nuclear" → "nuclear"); `None` when there are none, or
    /// no other words.
    fn without_absent(
        &self,
        req: &SearchRequest,
        read: &[SymbolRead],
    ) -> Result<Option<SearchResult>, SearchError> {
        let mut rest = req.query.to_string();
        let mut changed = false;
        for r in read {
            let unknown = read
                .iter()
                .filter(|o| o.written == r.written)
                .all(|o| !o.in_index && o.cited_by == 0);
            if unknown && rest.contains(&r.written) {
                rest = rest.replacen(&r.written, " ", 1);
                changed = true;
            }
        }
        if !changed || rest.trim().is_empty() {
            return Ok(None);
        }
        match self.search_only(&SearchRequest {
            query: &rest,
            ..req.clone()
        }) {
            Ok(r) if r.total > 0 => Ok(Some(r)),
            _ => Ok(None),
        }
    }

    /// What the query pre-pass read, with each symbol looked up: its
    /// printed form in the index (which carries a Security Council
    /// resolution's year), whether it is there, and how often it is cited.
    fn notes(
        &self,
        notes: &[query::Note],
    ) -> Result<(Vec<SymbolRead>, Vec<Expansion>), SearchError> {
        let mut read = Vec::new();
        let mut expansions = Vec::new();
        for note in notes {
            match note {
                query::Note::Reference { written, symbols } => {
                    for symbol in symbols {
                        let docs = self.symbols_of_bearers(symbol)?;
                        let key = symbol.key();
                        let same = |s: &&String| Symbol::parse(s).is_ok_and(|p| p.key() == key);
                        // The printed form the index knows: the document's
                        // own, else as a citing document wrote it.
                        let citing = if docs.is_empty() {
                            self.cites(symbol, 1)?.1
                        } else {
                            Vec::new()
                        };
                        let shown = docs
                            .iter()
                            .flatten()
                            .chain(citing.iter().flat_map(|d| d.cites.iter()))
                            .find(same)
                            .cloned()
                            .unwrap_or_else(|| symbol.to_string());
                        read.push(SymbolRead {
                            written: written.clone(),
                            symbol: shown,
                            in_index: !docs.is_empty(),
                            cited_by: self.cited_by_count(symbol)?,
                        });
                    }
                }
                query::Note::Expansion { written, terms } => expansions.push(Expansion {
                    written: written.clone(),
                    terms: terms.clone(),
                }),
            }
        }
        Ok((read, expansions))
    }

    /// The page of hits a request asks for, its best candidates re-ranked
    /// by passage ([`passage`]) and folded by title unless it says not to
    /// (or pages so deep that folding would need more candidates than
    /// [`collapse::MAX_WINDOW`]).
    fn page(
        &self,
        q: &dyn Query,
        req: &SearchRequest,
        passages: &passage::PassageTerms,
    ) -> Result<(usize, Vec<collapse::Folded>), SearchError> {
        let want = req.offset.saturating_add(req.limit);
        // `*` lists documents rather than ranking them: nothing to fold.
        let listing = req.query.trim() == "*";
        let ranked = req.sort == SortOrder::Relevance && !listing && req.limit > 0;
        if !req.collapse
            || listing
            || req.limit == 0
            || collapse::window(want) > collapse::MAX_WINDOW
        {
            if ranked {
                // From the first hit, so that the re-ranked head is the
                // same whichever page is asked for.
                let (total, mut top) =
                    self.top_docs(q, want.max(passage::RERANK_DEPTH), 0, req.sort)?;
                passages.rerank(&self.searcher, &mut top)?;
                let page = top
                    .into_iter()
                    .skip(req.offset)
                    .take(req.limit)
                    .map(|(score, lead)| collapse::Folded {
                        score,
                        lead,
                        others: Vec::new(),
                    })
                    .collect();
                return Ok((total, page));
            }
            let (total, top) = self.top_docs(q, req.limit, req.offset, req.sort)?;
            let page = top
                .into_iter()
                .map(|(score, lead)| collapse::Folded {
                    score,
                    lead,
                    others: Vec::new(),
                })
                .collect();
            return Ok((total, page));
        }
        let mut fetch = collapse::window(want).max(passage::RERANK_DEPTH);
        loop {
            let (total, mut top) = self.top_docs(q, fetch, 0, req.sort)?;
            if ranked {
                passages.rerank(&self.searcher, &mut top)?;
            }
            let groups = collapse::fold(&self.columns(), &top);
            if groups.len() >= want || top.len() < fetch || fetch >= collapse::MAX_WINDOW {
                let page = groups
                    .into_iter()
                    .skip(req.offset)
                    .take(req.limit)
                    .collect();
                return Ok((total, page));
            }
            fetch = (fetch * 4).min(collapse::MAX_WINDOW);
        }
    }

    fn stored(&self, addr: DocAddress) -> Result<StoredDoc, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        Ok(StoredDoc::from_tantivy(&doc, &self.index.fields))
    }

    fn top_docs(
        &self,
        q: &dyn Query,
        limit: usize,
        offset: usize,
        sort: SortOrder,
    ) -> Result<(usize, Vec<(f32, DocAddress)>), SearchError> {
        // tantivy allocates room for `limit + offset` hits up front, so a
        // huge --limit or --offset must not reach it: no page can hold more
        // than the index does.
        let docs = usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX);
        if limit == 0 || offset >= docs {
            return Ok((self.searcher.search(q, &Count)?, Vec::new()));
        }
        let limit = limit.min(docs - offset);
        Ok(match sort {
            SortOrder::Relevance => {
                let columns = self.columns();
                let top = TopDocs::with_limit(limit).and_offset(offset).tweak_score(
                    move |segment: &SegmentReader| {
                        let columns = columns.clone();
                        let ord = columns.ord(segment.segment_id());
                        move |doc: DocId, score: Score| {
                            let Some(ord) = ord else {
                                return RankKey {
                                    score,
                                    tie: (i64::MIN, 0),
                                };
                            };
                            let score = if columns.is_record_at(ord, doc) {
                                score * RECORD_WEIGHT
                            } else {
                                score
                            };
                            RankKey {
                                score,
                                tie: columns.tie_break(ord, doc),
                            }
                        }
                    },
                );
                let (n, docs) = self.searcher.search(q, &(Count, top))?;
                (n, docs.into_iter().map(|(k, a)| (k.score, a)).collect())
            }
            SortOrder::Date => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_fast_field::<i64>(name::DATE, Order::Desc);
                let (n, docs) = self.searcher.search(q, &(Count, top))?;
                (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        })
    }

    /// Exact counts of one facet within `query` (None = everything) and
    /// `filters`, for the children of `prefix` (empty = top level).
    pub fn facet_counts(
        &self,
        query: Option<&str>,
        filters: &Filters,
        kind: FacetKind,
        prefix: &[String],
    ) -> Result<Vec<FacetCount>, SearchError> {
        let base: Box<dyn Query> = match query {
            Some(q) => {
                query::parse_in(q, &self.index, filters.lang(), self.thesaurus.as_deref())?.query
            }
            None => Box::new(AllQuery),
        };
        let q = self.full_query(base, filters);
        self.facet_counts_for(q.as_ref(), kind, prefix)
    }

    fn facet_counts_for(
        &self,
        q: &dyn Query,
        kind: FacetKind,
        prefix: &[String],
    ) -> Result<Vec<FacetCount>, SearchError> {
        let field = match kind {
            FacetKind::Topic => name::TOPIC,
            FacetKind::Symbol => name::SYMBOL_FACET,
            FacetKind::Year => name::YEAR,
            FacetKind::Type => {
                return Ok(self
                    .searcher
                    .search(q, &counts::StrCounts::new(name::DOC_TYPE))?)
            }
            FacetKind::Lang => {
                return Ok(self
                    .searcher
                    .search(q, &counts::StrCounts::new(name::LANG))?)
            }
            FacetKind::Subject => {
                return Ok(self
                    .searcher
                    .search(q, &counts::StrCounts::new(name::SUBJECT_LABEL))?)
            }
            FacetKind::Series => {
                // A title only one document has is no series.
                let mut counts = self
                    .searcher
                    .search(q, &counts::StrCounts::new(name::TITLE_KEY))?;
                counts.retain(|c| c.count >= 2 && !c.path.is_empty());
                return Ok(counts);
            }
        };
        let facet = Facet::from_path(prefix);
        let mut collector = FacetCollector::for_field(field);
        collector.add_facet(facet.clone());
        let counts = self.searcher.search(q, &collector)?;
        let mut out: Vec<FacetCount> = counts
            .get(facet)
            .map(|(f, count)| FacetCount {
                // Years print as "2018", not as the facet path "/2018".
                path: if kind == FacetKind::Year {
                    f.to_path().join("/")
                } else {
                    f.to_path_string()
                },
                count,
            })
            .collect();
        // Years read best in time order; everything else by count.
        if kind != FacetKind::Year {
            out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        }
        Ok(out)
    }
}

/// The terms of `q` on `field` with the weights tantivy's
/// `SnippetGenerator::create` gives them (rarer terms weigh more; terms no
/// document holds are left out).
fn snippet_terms(
    searcher: &Searcher,
    q: &dyn Query,
    field: Field,
) -> tantivy::Result<BTreeMap<String, f32>> {
    let mut terms: BTreeSet<Term> = BTreeSet::new();
    q.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut out = BTreeMap::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_string) else {
            continue;
        };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            out.insert(text, 1.0 / (1.0 + doc_freq as f32));
        }
    }
    Ok(out)
}

/// The snippet maker for the hits of one query: the query's body terms in
/// each language, with their weights and that language's analyser.
pub fn snippets_for(
    searcher: &Searcher,
    q: &dyn Query,
    index: &UndexIndex,
    symbols: &[Symbol],
) -> tantivy::Result<Snippets> {
    let mut langs = Vec::new();
    let mut needles: Vec<String> = symbols
        .iter()
        .map(|s| s.canonical().to_lowercase())
        .collect();
    for lang in Lang::ALL {
        let field = index.fields.body_of(lang);
        let terms = snippet_terms(searcher, q, field)?;
        if terms.is_empty() {
            // Nothing to highlight (a symbol query, say): tokenising the
            // body would find nothing.
            continue;
        }
        let analyzer = schema::snippet_analyzer(lang, terms.keys().map(String::as_str));
        let function = function_words::function_terms(lang)
            .iter()
            .filter(|t| terms.contains_key(*t))
            .cloned()
            .collect();
        langs.push(snippet::LangTerms {
            lang,
            terms,
            function,
            analyzer,
        });
    }
    q.query_terms(&mut |term, _| {
        if index.fields.body_lang(term.field()).is_some() {
            if let Some(t) = term.value().as_str() {
                needles.push(t.to_string());
            }
        }
    });
    Ok(Snippets::new(langs, needles))
}
