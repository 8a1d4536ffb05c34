//! Look-ups by symbol rather than by words: a document and its language
//! versions (`get`), a document's family (addenda, corrigenda, parts), who
//! cites a symbol (`cites`) and the recorded votes on it.

use tantivy::collector::DocSetCollector;
use tantivy::schema::Value;

use super::*;

/// Documents holding `symbol`'s key in `field` (`symbol`: bearing it;
/// `cites`: citing it).
fn key_query(field: Field, symbol: &Symbol) -> TermQuery {
    TermQuery::new(
        Term::from_field_text(field, &symbol.key()),
        IndexRecordOption::Basic,
    )
}

impl Engine {
    /// Documents bearing `symbol` (any language).
    pub fn get(&self, symbol: &Symbol) -> Result<Vec<StoredDoc>, SearchError> {
        let q = key_query(self.index.fields.symbol, symbol);
        self.all_newest_first(&q)
    }

    /// The members of `symbol`'s family (see [`Symbol::family_base`]) the
    /// index holds as documents (`symbol` field) or as citations (`cites`
    /// field), in key order; `symbol` itself is included when present.
    pub fn family(&self, symbol: &Symbol, field: Field) -> Vec<Symbol> {
        let base = symbol.family_base();
        terms_with_prefix(&self.searcher, field, &base.key())
            .into_iter()
            .filter_map(|key| Symbol::parse(&key).ok())
            .filter(|s| s.same_family(&base))
            .collect()
    }

    /// Documents citing any of `symbols`, newest first; returns (total,
    /// first `limit`).
    pub fn cites_any(
        &self,
        symbols: &[Symbol],
        limit: usize,
    ) -> Result<(usize, Vec<StoredDoc>), SearchError> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = symbols
            .iter()
            .map(|s| {
                let q: Box<dyn Query> = Box::new(key_query(self.index.fields.cites, s));
                (Occur::Should, q)
            })
            .collect();
        let q = BooleanQuery::new(clauses);
        self.newest_first(&q, limit)
    }

    /// Every document matching `query` and `filters` that carries a recorded
    /// vote, newest first (all language versions).
    pub fn recorded_votes(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<Vec<StoredDoc>, SearchError> {
        let parsed = query::parse_in(query, &self.index, None, self.thesaurus.as_deref())?;
        let q = self.full_query(parsed.query, filters);
        let recorded: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(
                self.index.fields.outcome,
                crate::votes::Outcome::Recorded.as_str(),
            ),
            IndexRecordOption::Basic,
        ));
        let both = BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, recorded)]);
        self.all_newest_first(&both)
    }

    /// Number of documents citing `symbol`.
    pub fn cited_by_count(&self, symbol: &Symbol) -> Result<usize, SearchError> {
        let q = key_query(self.index.fields.cites, symbol);
        Ok(self.searcher.search(&q, &Count)?)
    }

    /// Documents citing `symbol`, newest first; returns (total, first `limit`).
    pub fn cites(
        &self,
        symbol: &Symbol,
        limit: usize,
    ) -> Result<(usize, Vec<StoredDoc>), SearchError> {
        let q = key_query(self.index.fields.cites, symbol);
        self.newest_first(&q, limit)
    }

    /// Every stored document matching `q`, newest first.
    fn all_newest_first(&self, q: &dyn Query) -> Result<Vec<StoredDoc>, SearchError> {
        self.each_newest_first(q, |doc| StoredDoc::from_tantivy(doc, &self.index.fields))
    }

    /// The printed symbols of each document bearing `symbol`, newest first:
    /// what [`Engine::get`] would give of them, without reading the rest of
    /// each document into a [`StoredDoc`] (a symbol query's note needs only
    /// these, for every query of a batch).
    pub(crate) fn symbols_of_bearers(
        &self,
        symbol: &Symbol,
    ) -> Result<Vec<Vec<String>>, SearchError> {
        let q = key_query(self.index.fields.symbol, symbol);
        let field = self.index.fields.symbol_display;
        self.each_newest_first(&q, |doc| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
    }

    /// `read` applied to every stored document matching `q`, newest first.
    fn each_newest_first<T>(
        &self,
        q: &dyn Query,
        read: impl Fn(&TantivyDocument) -> T,
    ) -> Result<Vec<T>, SearchError> {
        let n = self.searcher.search(q, &Count)?;
        if n == 0 {
            return Ok(Vec::new());
        }
        // One document (a symbol's only version, the common case of a
        // symbol query's note): no order to take, so no date column to open.
        let addrs: Vec<DocAddress> = if n == 1 {
            self.searcher
                .search(q, &DocSetCollector)?
                .into_iter()
                .collect()
        } else {
            self.searcher
                .search(
                    q,
                    &TopDocs::with_limit(n).order_by_fast_field::<i64>(name::DATE, Order::Desc),
                )?
                .into_iter()
                .map(|(_, addr)| addr)
                .collect()
        };
        addrs
            .into_iter()
            .map(|addr| {
                let doc: TantivyDocument = self.searcher.doc(addr)?;
                Ok(read(&doc))
            })
            .collect()
    }

    /// The total and the newest `limit` stored documents matching `q`.
    fn newest_first(
        &self,
        q: &dyn Query,
        limit: usize,
    ) -> Result<(usize, Vec<StoredDoc>), SearchError> {
        let (total, docs) = self.top_docs(q, limit, 0, SortOrder::Date)?;
        let out = docs
            .into_iter()
            .map(|(_, addr)| self.stored(addr))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, out))
    }
}
