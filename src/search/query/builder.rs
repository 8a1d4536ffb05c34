//! The builder: the query tree → a tantivy [`Query`] over the index's
//! per-language title and body fields, keyword fields and symbol terms.

use super::*;

pub(super) struct Builder {
    /// General Assembly symbols by number, for `Node::AssemblyNumber`.
    pub(super) assembly: Vec<(u32, Vec<Symbol>)>,
    pub(super) fields: Fields,
    /// The languages words are matched in, with their analysers.
    pub(super) analyzers: Vec<(Lang, TextAnalyzer)>,
}

fn tokens_of(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

impl Builder {
    pub(super) fn build(&self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        Ok(match node {
            Node::All | Node::Star => Box::new(AllQuery),
            Node::Prefix { field, text } => self.prefix(*field, text),
            Node::Word { field, text } | Node::Phrase { field, text } => self.text(*field, text),
            Node::Symbol(sym, scope) => self.symbol(sym, *scope),
            Node::Concept { words, others } => {
                let written: Vec<(Occur, Box<dyn Query>)> = words
                    .iter()
                    .map(|w| (Occur::Must, self.text(None, w)))
                    .collect();
                let mut alternatives: Vec<Box<dyn Query>> =
                    vec![Box::new(BooleanQuery::new(written))];
                alternatives.extend(others.iter().map(|o| self.text(None, o)));
                Box::new(DisjunctionMaxQuery::new(alternatives))
            }
            Node::AssemblyNumber(n) => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = self
                    .assembly
                    .iter()
                    .filter(|(k, _)| k == n)
                    .flat_map(|(_, syms)| syms.iter())
                    .map(|s| (Occur::Should, self.symbol(s, SymbolScope::Any)))
                    .collect();
                if clauses.is_empty() {
                    Box::new(EmptyQuery)
                } else {
                    Box::new(BooleanQuery::new(clauses))
                }
            }
            Node::Keyword(kind, value) => {
                let term = match kind {
                    KeywordField::Type => Term::from_field_text(self.fields.doc_type, value),
                    KeywordField::Lang => Term::from_field_text(self.fields.lang, value),
                    KeywordField::Topic => match Facet::from_text(value) {
                        Ok(f) => Term::from_facet(self.fields.topic, &f),
                        Err(_) => return Err(QueryError::UnknownTopic(value.clone())),
                    },
                    KeywordField::Subject => Term::from_field_text(self.fields.subject, value),
                    KeywordField::Sponsor => Term::from_field_text(self.fields.sponsor, value),
                    KeywordField::Agenda => Term::from_field_text(self.fields.agenda, value),
                };
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    0.0,
                ))
            }
            Node::And(nodes) => {
                let mut clauses = Vec::new();
                for n in nodes {
                    match n {
                        Node::Not(inner) => {
                            clauses.push((Occur::MustNot, excluded(self.build(inner)?)));
                        }
                        other => clauses.push((Occur::Must, self.build(other)?)),
                    }
                }
                // Exclusions alone ("-a -b") mean everything but those:
                // tantivy matches nothing for a query with only MustNot.
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                if let Some(near) = self.proximity(nodes) {
                    clauses.push((Occur::Should, near));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(nodes) => {
                let mut clauses = Vec::new();
                for n in nodes {
                    clauses.push((Occur::Should, self.build(n)?));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, excluded(self.build(inner)?)),
            ])),
        })
    }

    /// A bonus for documents where the query's plain words stand close
    /// together, in order ("programme of work" as a phrase, not three words
    /// scattered over a speech): a sloppy phrase of those words, scored
    /// like any clause, added as optional. `None` under two words.
    fn proximity(&self, nodes: &[Node]) -> Option<Box<dyn Query>> {
        // A concept's words as typed count among the query's words.
        let words: Vec<&str> = nodes
            .iter()
            .flat_map(|n| match n {
                Node::Word { field: None, text } => vec![text.as_str()],
                Node::Concept { words, .. } => words.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            })
            .collect();
        if words.len() < 2 {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (lang, analyzer) in &self.analyzers {
            let tokens: Vec<String> = words.iter().flat_map(|w| tokens_of(analyzer, w)).collect();
            if tokens.len() < 2 {
                continue;
            }
            for (f, weight) in self.text_fields(None, *lang) {
                let mut phrase =
                    PhraseQuery::new(tokens.iter().map(|t| Term::from_field_text(f, t)).collect());
                phrase.set_slop(PROXIMITY_SLOP);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(phrase), weight * PROXIMITY_BOOST)),
                ));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn text_fields(&self, field: Option<TextField>, lang: Lang) -> Vec<(Field, f32)> {
        let (title, body) = (self.fields.title_of(lang), self.fields.body_of(lang));
        match field {
            Some(TextField::Title) => vec![(title, 1.0)],
            Some(TextField::Body) => vec![(body, 1.0)],
            None => vec![(title, TITLE_BOOST), (body, 1.0)],
        }
    }

    /// A word or a phrase: in each language, its analysed tokens as one
    /// term, or as a phrase when the language splits it into several
    /// ("non-proliferation", a Chinese compound).
    fn text(&self, field: Option<TextField>, text: &str) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen: HashSet<(Field, Vec<String>)> = HashSet::new();
        for (lang, analyzer) in &self.analyzers {
            let tokens = tokens_of(analyzer, text);
            if tokens.is_empty() {
                continue;
            }
            for (f, boost) in self.text_fields(field, *lang) {
                if !seen.insert((f, tokens.clone())) {
                    continue;
                }
                let q: Box<dyn Query> = if tokens.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f, &tokens[0]),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(
                        tokens.iter().map(|t| Term::from_field_text(f, t)).collect(),
                    ))
                };
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
            // A word may name a speech's State (English names). One term
            // only: phrases stay on the text fields, and a phrase scorer
            // over this small field trips tantivy's exclusion (`-"a b"`).
            if field.is_none() && *lang == Lang::En && tokens.len() == 1 {
                let q = TermQuery::new(
                    Term::from_field_text(self.fields.speaker, &tokens[0]),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(q), SPEAKER_BOOST)),
                ));
            }
        }
        if clauses.is_empty() {
            // Punctuation alone ("&", "§") matches nothing rather than erroring.
            return Box::new(EmptyQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Words starting with `text`, in title and body, in each language
    /// searched. The prefix is lower-cased but not stemmed, and is matched
    /// against the indexed (stemmed) words, so `disarm*` finds "disarmament"
    /// (indexed as "disarma"); a prefix longer than a word's stem finds that
    /// word only when it is the whole word (`arms*` finds "arms").
    /// One word: an automaton over the term dictionary; several
    /// (`non-prolif*`): a phrase whose last word is the prefix.
    fn prefix(&self, field: Option<TextField>, text: &str) -> Box<dyn Query> {
        let tokens = tokens_of(&schema::analyzer(Lang::Und), text);
        if tokens.is_empty() {
            return Box::new(EmptyQuery);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (lang, analyzer) in &self.analyzers {
            // The word itself is one of its prefix's words ("arms*" finds
            // "arms", indexed as "arm").
            let itself = tokens_of(analyzer, text);
            for (f, boost) in self.text_fields(field, *lang) {
                let q: Box<dyn Query> = if tokens.len() == 1 {
                    let pattern = format!("{}.*", regex::escape(&tokens[0]));
                    let Ok(regex) = RegexQuery::from_pattern(&pattern, f) else {
                        continue;
                    };
                    let mut alternatives: Vec<(Occur, Box<dyn Query>)> =
                        vec![(Occur::Should, Box::new(regex))];
                    if let [word] = itself.as_slice() {
                        alternatives.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(f, word),
                                IndexRecordOption::WithFreqs,
                            )),
                        ));
                    }
                    Box::new(BooleanQuery::new(alternatives))
                } else {
                    let mut q = PhrasePrefixQuery::new(
                        tokens.iter().map(|t| Term::from_field_text(f, t)).collect(),
                    );
                    q.set_max_expansions(MAX_PREFIX_EXPANSIONS);
                    Box::new(q)
                };
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn symbol(&self, sym: &Symbol, scope: SymbolScope) -> Box<dyn Query> {
        let key = sym.key();
        let own = || -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.symbol, &key),
                    IndexRecordOption::Basic,
                )),
                SYMBOL_SCORE,
            ))
        };
        let cited = || -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.cites, &key),
                    IndexRecordOption::Basic,
                )),
                CITES_SCORE,
            ))
        };
        match scope {
            SymbolScope::Own => own(),
            SymbolScope::Cited => cited(),
            SymbolScope::Any => Box::new(BooleanQuery::new(vec![
                (Occur::Should, own()),
                (Occur::Should, cited()),
            ])),
        }
    }
}

/// An excluded clause, read as a set (see [`super::excluded`]).
fn excluded(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(super::excluded::Excluded::new(q))
}
