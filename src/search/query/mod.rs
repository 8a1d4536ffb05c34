//! The query language: parsing what an analyst types into a tantivy query.
//!
//! Grammar (words are ANDed; `OR` binds tighter than the implicit AND of
//! juxtaposition, as in most search boxes):
//!
//! ```text
//! query  := or+
//! or     := unary ("OR" unary)*
//! unary  := ("-" | "NOT") atom | atom
//! atom   := "(" query ")" | "\"phrase\"" | field ":" value | word | prefix* | "*"
//! field  := title | body | symbol | cites | type | lang | topic
//!         | subject | sponsor | agenda
//! ```
//!
//! `*` alone is every document, and combines like any clause (`* -arms`). A
//! query of exclusions only (`-arms`, `NOT arms`) means every document but
//! those. `arms*` matches the words that start with "arms" (unstemmed,
//! any case), walking the term dictionary with an automaton: nothing is
//! expanded into a list of terms, so there is no cap to hit; a prefix inside
//! a hyphenated word (`non-prolif*`) matches as a phrase whose last word is
//! the prefix, expanded to at most [`MAX_PREFIX_EXPANSIONS`] words.
//!
//! A pre-pass ([`prepass`]) runs first: shorthand references ("UNSCR 1540",
//! "GA res 46/36 L", see [`crate::symbol::reference`]) become "this symbol,
//! or these words", the naming words consumed, and acronyms of the field
//! ("CTBT") and their full names match each other ([`crate::acronyms`]),
//! and a State's other name ("Syria") also matches the UN's name for it
//! ("Syrian Arab Republic"); what it read is reported back ([`Note`]).
//!
//! UN symbols are recognised before the grammar runs (the whole query, any
//! word containing `/`, and citations such as "resolution 73/69"), because
//! their slashes, spaces and parentheses would otherwise be split into
//! meaningless words. A symbol becomes "bears this symbol (ranked first) or
//! cites it (ranked next)". A word or a quoted phrase is analysed with every
//! language's analyser and matched against that language's title and body
//! (see `index::schema`): a phrase matches the stemmed words in order. A
//! `--lang` filter or a `lang:` term ANDed into the query narrows this to
//! the languages asked for.

use std::collections::HashSet;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, RegexQuery, TermQuery,
};

use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use crate::acronyms;
use crate::document::DocType;
use crate::index::{schema, Fields, UndexIndex};
use crate::lang::Lang;
use crate::symbol::reference::{self, Reading};
use crate::symbol::scan::{self, Context};
use crate::symbol::{self, Symbol};
use crate::thesaurus::Thesaurus;
use crate::topic::Taxonomy;

mod builder;
mod excluded;
mod lexer;
mod parser;
mod prepass;
mod state_names;
#[cfg(test)]
mod tests;

use builder::Builder;
use lexer::{tokenize, Tok};
use parser::Parser;
use prepass::{inside_field_or_quote, prepass, Lift};

/// Score given to the document bearing a queried symbol: far above any BM25
/// score, so it always ranks first.
pub const SYMBOL_SCORE: f32 = 1000.0;
/// Score given to a document citing a queried symbol: above ordinary text
/// matches, below the document itself.
pub const CITES_SCORE: f32 = 50.0;
// The weights below were chosen on the judged set (benches/relevance.py,
// BENCHMARKS.md "Relevance"): title 1.5 and proximity 2.0 measured nDCG@10
// 0.892 on the development needs, against 0.875 for 2.0 and 1.0.

/// Title matches weigh more than body matches.
const TITLE_BOOST: f32 = 1.5;
/// Weight of a match on a speech's speaking State (see
/// `schema::name::SPEAKER`): like a body match, so "Brazil nuclear
/// disarmament" finds Brazil's statements without "Israel nuclear
/// capabilities" ranking every statement of Israel first (judged set:
/// 0.897 at 1.0, 0.890 without, 0.881 at 2.0).
const SPEAKER_BOOST: f32 = 1.0;
/// Weight of the proximity bonus (see `Builder::proximity`), relative to
/// one word's clause.
const PROXIMITY_BOOST: f32 = 2.0;
/// How far apart the words of the proximity bonus may stand.
const PROXIMITY_SLOP: u32 = 2;
/// Longest query accepted, in characters; longer input is almost certainly
/// a pasted document, and would build a huge query.
pub const MAX_QUERY_CHARS: usize = 2000;
/// Deepest nesting of brackets accepted. Parsing, building and running a
/// query recurse once per level, so without a cap a short query such as
/// `(-a (-a (-a ...` overflows the stack of a batch worker thread.
pub const MAX_NESTING: usize = 32;
/// Most words the last word of a phrase prefix (`non-prolif*`) expands to.
pub const MAX_PREFIX_EXPANSIONS: u32 = 200;

/// A query the user must fix; the message names the problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("empty query")]
    Empty,
    #[error("query is {0} characters long; the limit is {MAX_QUERY_CHARS}")]
    TooLong(usize),
    #[error("unbalanced quote: the quote at character {0} is never closed")]
    UnclosedQuote(usize),
    #[error("unbalanced parenthesis: the '(' at character {0} is never closed")]
    UnclosedParen(usize),
    #[error("unbalanced parenthesis: the ')' at character {0} has no '('")]
    UnopenedParen(usize),
    #[error("the '(' at character {0} nests brackets more than {MAX_NESTING} deep")]
    TooDeep(usize),
    #[error("'{op}' at character {pos} needs a term {side} it")]
    LoneOperator {
        op: &'static str,
        pos: usize,
        side: &'static str,
    },
    #[error("unknown field '{0}:' (fields: title, body, symbol, cites, type, lang, topic, subject, sponsor, agenda)")]
    UnknownField(String),
    #[error("'{field}:' needs a value")]
    EmptyField { field: String },
    #[error("'{0}' is not a UN document symbol: {1}")]
    BadSymbol(String, String),
    #[error("unknown type '{0}' (types: {types}; a catalogue record has the type of what it records)", types = crate::document::DocType::names())]
    UnknownType(String),
    #[error("unknown topic '{0}' (see `undex facets topic`)")]
    UnknownTopic(String),
    #[error("lang:{0}: not a language code (en, fr, es, ru, ar, zh, ...)")]
    UnknownLang(String),
    #[error("sponsor: {0}")]
    UnknownState(crate::votes::UnknownState),
    #[error("the query has only operators or empty brackets, no word to search for; use '*' for everything")]
    NoTerms,
}

/// The parsed query, with what output needs to know about it.
pub struct ParsedQuery {
    pub query: Box<dyn Query>,
    /// Symbols the query named, for snippets that show where they are cited.
    pub symbols: Vec<Symbol>,
    /// What the pre-pass read: shorthand references and their symbols,
    /// acronyms and their expansions (see [`prepass`]).
    pub notes: Vec<Note>,
}

/// One thing the query pre-pass read, to show the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// "UNSCR 1540" read as S/RES/1540 (several readings when ambiguous,
    /// most likely first). General Assembly readings by number alone are
    /// already looked up in the index here.
    Reference {
        written: String,
        symbols: Vec<Symbol>,
    },
    /// "CTBT" also matching "Comprehensive Nuclear-Test-Ban Treaty".
    Expansion { written: String, terms: Vec<String> },
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// An empty group ("()", a lone "AND"): neutral, no term of its own.
    All,
    /// A typed `*`: every document, a term like any other.
    Star,
    /// `arms*`: words starting with the text.
    Prefix {
        field: Option<TextField>,
        text: String,
    },
    Word {
        field: Option<TextField>,
        text: String,
    },
    Phrase {
        field: Option<TextField>,
        text: String,
    },
    Symbol(Symbol, SymbolScope),
    /// A concept the thesaurus knows, named in several words: those words
    /// (ANDed, as typed), or any of the concept's other labels as phrases.
    Concept {
        words: Vec<String>,
        others: Vec<String>,
    },
    /// A General Assembly resolution by number alone ("resolution 1978"):
    /// the symbols of that number the index holds, looked up at build time.
    AssemblyNumber(u32),
    Keyword(KeywordField, String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Title,
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SymbolScope {
    /// Bears it or cites it.
    Any,
    /// `symbol:` — bears it.
    Own,
    /// `cites:` — cites it.
    Cited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeywordField {
    Type,
    Lang,
    Topic,
    Subject,
    Sponsor,
    Agenda,
}

/// Parses `input` for `index`, matching words in every language.
pub fn parse(input: &str, index: &UndexIndex) -> Result<ParsedQuery, QueryError> {
    parse_in(input, index, None, None)
}

/// Parses `input` for `index`; words are matched in the languages of
/// `only` (a `--lang` filter) when given, else in every language, narrowed
/// further by `lang:` terms the query requires. With a `thesaurus`, a
/// concept the query names in several words also matches its other labels.
pub fn parse_in(
    input: &str,
    index: &UndexIndex,
    only: Option<Lang>,
    thesaurus: Option<&Thesaurus>,
) -> Result<ParsedQuery, QueryError> {
    let (node, lifts) = parse_node_lifts(input, thesaurus)?;
    let mut numbers = Vec::new();
    collect_assembly_numbers(&node, &mut numbers);
    let assembly = if numbers.is_empty() {
        Vec::new()
    } else {
        lookup_assembly_numbers(index, &numbers)
    };
    let mut symbols = Vec::new();
    collect_symbols(&node, &mut symbols);
    let notes = lifts
        .into_iter()
        .filter_map(|l| l.note)
        .map(|note| match note {
            Note::Reference { written, symbols } => {
                let symbols = symbols
                    .into_iter()
                    .chain(
                        assembly
                            .iter()
                            .filter(|(n, _)| written_has_number(&written, *n))
                            .flat_map(|(_, s)| s.iter().cloned()),
                    )
                    .collect();
                Note::Reference { written, symbols }
            }
            other => other,
        })
        .collect();
    let langs: Vec<Lang> = match only.or_else(|| required_lang(&node)) {
        Some(l) => vec![l],
        None => Lang::ALL.to_vec(),
    };
    let builder = Builder {
        assembly,
        fields: index.fields,
        analyzers: langs
            .into_iter()
            .map(|l| {
                let a = index
                    .index
                    .tokenizers()
                    .get(&schema::analyzer_name(l))
                    .expect("registered in UndexIndex::open");
                (l, a)
            })
            .collect(),
    };
    Ok(ParsedQuery {
        query: builder.build(&node)?,
        symbols,
        notes,
    })
}

fn written_has_number(written: &str, n: u32) -> bool {
    let n = n.to_string();
    written
        .split(|c: char| !c.is_ascii_digit())
        .any(|piece| piece == n)
}

fn collect_assembly_numbers(node: &Node, out: &mut Vec<u32>) {
    match node {
        Node::AssemblyNumber(n) => out.push(*n),
        Node::And(v) | Node::Or(v) => v.iter().for_each(|n| collect_assembly_numbers(n, out)),
        Node::Not(inner) => collect_assembly_numbers(inner, out),
        _ => {}
    }
}

/// The General Assembly resolutions of the roman-session era the index
/// holds under each number: keys `A/RES/<n>(<session>)`, from the symbol
/// field's term dictionary.
fn lookup_assembly_numbers(index: &UndexIndex, numbers: &[u32]) -> Vec<(u32, Vec<Symbol>)> {
    let Ok(searcher) = index.searcher() else {
        return Vec::new();
    };
    numbers
        .iter()
        .map(|&n| {
            let prefix = format!("A/RES/{n}(");
            let symbols = crate::search::terms_with_prefix(&searcher, index.fields.symbol, &prefix)
                .into_iter()
                .filter_map(|key| Symbol::parse(&key).ok())
                .collect();
            (n, symbols)
        })
        .collect()
}

/// The language a `lang:` term at the top of the query requires, if any.
fn required_lang(node: &Node) -> Option<Lang> {
    let lang_of = |n: &Node| match n {
        Node::Keyword(KeywordField::Lang, code) => Some(Lang::from_code(code)),
        _ => None,
    };
    match node {
        Node::And(nodes) => nodes.iter().find_map(lang_of),
        other => lang_of(other),
    }
}

fn collect_symbols(node: &Node, out: &mut Vec<Symbol>) {
    match node {
        Node::Symbol(s, _) => out.push(s.clone()),
        Node::And(v) | Node::Or(v) => v.iter().for_each(|n| collect_symbols(n, out)),
        _ => {}
    }
}

#[cfg(test)]
fn parse_node(input: &str) -> Result<Node, QueryError> {
    parse_node_lifts(input, None).map(|(node, _)| node)
}

fn parse_node_lifts(
    input: &str,
    thesaurus: Option<&Thesaurus>,
) -> Result<(Node, Vec<Lift>), QueryError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(chars));
    }
    // Control characters carry no meaning in a query; treat them as spaces.
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return Err(QueryError::Empty);
    }
    if trimmed == "*" {
        return Ok((Node::All, Vec::new()));
    }
    // The whole query is a symbol, in any written form ("A / RES / 73 / 69").
    if let Ok(symbols) = symbol::parse_joint(trimmed) {
        let note = Note::Reference {
            written: trimmed.to_string(),
            symbols: symbols.clone(),
        };
        let mut nodes: Vec<Node> = symbols
            .into_iter()
            .map(|s| Node::Symbol(s, SymbolScope::Any))
            .collect();
        let node = if nodes.len() == 1 {
            nodes.remove(0)
        } else {
            Node::Or(nodes)
        };
        let lift = Lift {
            start: 0,
            end: trimmed.len(),
            node: node.clone(),
            note: Some(note),
        };
        return Ok((node, vec![lift]));
    }
    let lifts = prepass(trimmed, thesaurus);
    let tokens = tokenize(trimmed, &lifts)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let node = parser.query()?;
    if let Some(Tok::Close(p)) = parser.tokens.get(parser.pos) {
        return Err(QueryError::UnopenedParen(*p));
    }
    if !has_term(&node) {
        // "AND", "()", "( AND ) ()": the input held no term at all. (Empty
        // groups inside a query are neutral: "arms ()" is "arms".)
        return Err(QueryError::NoTerms);
    }
    Ok((node, lifts))
}

/// False when every leaf is an empty group (`Node::All` from "()" or "AND";
/// a typed `*` never gets here).
fn has_term(node: &Node) -> bool {
    match node {
        Node::All => false,
        Node::Star => true,
        Node::And(v) | Node::Or(v) => v.iter().any(has_term),
        Node::Not(inner) => has_term(inner),
        _ => true,
    }
}
