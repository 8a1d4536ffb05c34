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
//! ("CTBT") and their full names match each other ([`crate::acronyms`]);
//! what it read is reported back ([`Note`]).
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
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RegexQuery, TermQuery,
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
use crate::topic::Taxonomy;

/// Score given to the document bearing a queried symbol: far above any BM25
/// score, so it always ranks first.
pub const SYMBOL_SCORE: f32 = 1000.0;
/// Score given to a document citing a queried symbol: above ordinary text
/// matches, below the document itself.
pub const CITES_SCORE: f32 = 50.0;
/// Title matches weigh more than body matches.
const TITLE_BOOST: f32 = 2.0;
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
    #[error("unknown type '{0}' (types: resolution, decision, draft, report, letter, meeting-record, bulletin, speech, catalogue-record, web-page, other)")]
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

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String, usize),
    Phrase(String, usize),
    Field(String, String, bool, usize), // name, value, value was quoted, position
    Sym(Symbol),
    /// What the pre-pass lifted out (a reference or an acronym).
    Lifted(Node),
    Or(usize),
    /// `-` or `NOT`, with the spelling used (for messages).
    Not(usize, &'static str),
    Star,
    Prefix(String, usize),
    Open(usize),
    Close(usize),
}

/// Parses `input` for `index`, matching words in every language.
pub fn parse(input: &str, index: &UndexIndex) -> Result<ParsedQuery, QueryError> {
    parse_in(input, index, None)
}

/// Parses `input` for `index`; words are matched in the languages of
/// `only` (a `--lang` filter) when given, else in every language, narrowed
/// further by `lang:` terms the query requires.
pub fn parse_in(
    input: &str,
    index: &UndexIndex,
    only: Option<Lang>,
) -> Result<ParsedQuery, QueryError> {
    let (node, lifts) = parse_node_lifts(input)?;
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
    parse_node_lifts(input).map(|(node, _)| node)
}

fn parse_node_lifts(input: &str) -> Result<(Node, Vec<Lift>), QueryError> {
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
    let lifts = prepass(trimmed);
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

/// Splits the query into tokens, lifting out what the pre-pass read
/// (`lifts`, in order) and UN symbols and citations first.
fn tokenize(input: &str, lifts: &[Lift]) -> Result<Vec<Tok>, QueryError> {
    // Citations written the way documents write them ("decision 73/546",
    // "Human Rights Council resolution 47/17"), found by the same scanner
    // as at ingest, where the pre-pass read nothing.
    let mut pieces: Vec<(usize, usize, Tok)> = lifts
        .iter()
        .map(|l| (l.start, l.end, Tok::Lifted(l.node.clone())))
        .collect();
    for c in scan::scan(input, Context::Unknown) {
        let overlaps = lifts.iter().any(|l| c.start < l.end && l.start < c.end);
        if !overlaps && !inside_field_or_quote(input, c.start) {
            pieces.push((c.start, c.end, Tok::Sym(c.symbol)));
        }
    }
    pieces.sort_by_key(|p| p.0);
    let mut toks = Vec::new();
    let mut cursor = 0;
    for (start, end, tok) in pieces {
        if start < cursor {
            continue;
        }
        // "-UNSCR 1540", "-CTBT": a minus right before a lifted piece
        // excludes it, as it would a word.
        let before = &input[cursor..start];
        let negated = before.ends_with('-')
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '(');
        let plain_end = if negated { start - 1 } else { start };
        tokenize_plain(&input[cursor..plain_end], cursor, &mut toks)?;
        if negated {
            toks.push(Tok::Not(plain_end + 1, "-"));
        }
        toks.push(tok);
        cursor = end;
    }
    tokenize_plain(&input[cursor..], cursor, &mut toks)?;
    Ok(toks)
}

/// A piece of the query the pre-pass read, replaced by `node`.
#[derive(Debug, Clone)]
struct Lift {
    start: usize,
    end: usize,
    node: Node,
    note: Option<Note>,
}

/// The query pre-pass, before the grammar runs: shorthand references to
/// resolutions ("UNSCR 1540", "GA res 46/36 L", see
/// [`crate::symbol::reference`]) become their symbols, the naming words
/// consumed; acronyms of the field ("CTBT") and their full names
/// ("Arms Trade Treaty") match each other (see [`crate::acronyms`]).
/// Nothing inside quotes or a `field:value` is touched. Returns the
/// pieces in query order, not overlapping.
fn prepass(input: &str) -> Vec<Lift> {
    let mut lifts: Vec<Lift> = Vec::new();
    for r in reference::read(input) {
        if inside_field_or_quote(input, r.start) {
            continue;
        }
        let written = r.written(input).to_string();
        let mut symbols = Vec::new();
        let mut alts = Vec::new();
        for reading in &r.readings {
            match reading {
                Reading::Symbol(s) => {
                    symbols.push(s.clone());
                    alts.push(Node::Symbol(s.clone(), SymbolScope::Any));
                }
                Reading::AssemblyNumber(n) => alts.push(Node::AssemblyNumber(*n)),
            }
        }
        // A shorthand is also the words as written ("the 1540 Committee"),
        // which texts use too; an explicit symbol is only itself.
        if !written.contains('/') {
            alts.push(Node::Phrase {
                field: None,
                text: written.clone(),
            });
        }
        lifts.push(Lift {
            start: r.start,
            end: r.end,
            node: Node::Or(alts),
            note: Some(Note::Reference { written, symbols }),
        });
    }
    let free = |lifts: &[Lift], s: usize, e: usize| {
        !inside_field_or_quote(input, s) && !lifts.iter().any(|l| s < l.end && l.start < e)
    };
    for m in acronyms::full_names_in(input) {
        if !free(&lifts, m.start, m.end) {
            continue;
        }
        let written = input[m.start..m.end].to_string();
        let short = m.acronym.short.clone();
        lifts.push(Lift {
            start: m.start,
            end: m.end,
            node: Node::Or(vec![
                Node::Phrase {
                    field: None,
                    text: written.clone(),
                },
                Node::Phrase {
                    field: None,
                    text: short.clone(),
                },
            ]),
            note: Some(Note::Expansion {
                written,
                terms: vec![short],
            }),
        });
    }
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in input
        .char_indices()
        .chain(std::iter::once((input.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            // Only whole words: not "CTBT/2019/1" or "title:CTBT".
            let opens = |t: &str| {
                t.chars()
                    .next_back()
                    .is_none_or(|b| b.is_whitespace() || b == '(')
            };
            let before_ok =
                opens(&input[..s]) || (input[..s].ends_with('-') && opens(&input[..s - 1]));
            let after_ok = i == input.len() || c.is_whitespace() || c == ')';
            if before_ok && after_ok {
                words.push((s, i));
            }
        }
    }
    for (s, e) in words {
        let Some(a) = acronyms::lookup(&input[s..e]) else {
            continue;
        };
        if !free(&lifts, s, e) {
            continue;
        }
        let written = input[s..e].to_string();
        let mut alts = vec![Node::Phrase {
            field: None,
            text: written.clone(),
        }];
        alts.extend(a.full.iter().map(|f| Node::Phrase {
            field: None,
            text: f.clone(),
        }));
        lifts.push(Lift {
            start: s,
            end: e,
            node: Node::Or(alts),
            note: Some(Note::Expansion {
                written,
                terms: a.full.clone(),
            }),
        });
    }
    lifts.sort_by_key(|l| l.start);
    lifts
}

/// True when byte `at` is inside a `field:value` or a quoted phrase, where
/// the user asked for something specific that citation lifting must not undo.
fn inside_field_or_quote(input: &str, at: usize) -> bool {
    let before = &input[..at];
    if before.matches('"').count() % 2 == 1 {
        return true;
    }
    let word_start = before
        .rfind(char::is_whitespace)
        .map(|i| i + 1)
        .unwrap_or(0);
    before[word_start..].contains(':')
}

const FIELDS: [&str; 10] = [
    "title", "body", "symbol", "cites", "type", "lang", "topic", "subject", "sponsor", "agenda",
];

fn tokenize_plain(s: &str, offset: usize, toks: &mut Vec<Tok>) -> Result<(), QueryError> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let char_pos = |byte: usize| offset + byte; // reported as byte offsets + 1 below
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let pos = char_pos(b) + 1;
        match c {
            '"' => {
                let (text, next) =
                    read_quoted(&chars, i, s).ok_or(QueryError::UnclosedQuote(pos))?;
                toks.push(Tok::Phrase(text, pos));
                i = next;
            }
            '(' => {
                toks.push(Tok::Open(pos));
                i += 1;
            }
            ')' => {
                toks.push(Tok::Close(pos));
                i += 1;
            }
            '-' if i + 1 < chars.len() && !chars[i + 1].1.is_whitespace() => {
                toks.push(Tok::Not(pos, "-"));
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].1.is_whitespace()
                    && !matches!(chars[i].1, '(' | ')' | '"')
                {
                    i += 1;
                }
                let end_b = chars.get(i).map(|x| x.0).unwrap_or(s.len());
                let word = &s[chars[start].0..end_b];
                // A parenthesis right after a symbol belongs to it: S/RES/2220(2015).
                if word.contains('/') && i < chars.len() && chars[i].1 == '(' {
                    if let Some(close) = chars[i..].iter().position(|x| x.1 == ')') {
                        let close_b = chars[i + close].0 + 1;
                        if let Ok(sym) = Symbol::parse(&s[chars[start].0..close_b]) {
                            toks.push(Tok::Sym(sym));
                            i += close + 1;
                            continue;
                        }
                    }
                }
                if word == "OR" || word == "||" {
                    toks.push(Tok::Or(pos));
                    continue;
                }
                if word == "AND" || word == "&&" {
                    continue; // AND is the default
                }
                if word == "NOT" {
                    toks.push(Tok::Not(pos, "NOT"));
                    continue;
                }
                if word == "*" {
                    toks.push(Tok::Star);
                    continue;
                }
                if let Some((name, value)) = word.split_once(':') {
                    let lname = name.to_ascii_lowercase();
                    if FIELDS.contains(&lname.as_str()) {
                        if value.is_empty() && i < chars.len() && chars[i].1 == '"' {
                            let (text, next) = read_quoted(&chars, i, s)
                                .ok_or(QueryError::UnclosedQuote(char_pos(chars[i].0) + 1))?;
                            toks.push(Tok::Field(lname, text, true, pos));
                            i = next;
                            continue;
                        }
                        if value.is_empty() {
                            return Err(QueryError::EmptyField { field: lname });
                        }
                        toks.push(Tok::Field(lname, value.to_string(), false, pos));
                        continue;
                    }
                    // "https://..." and other URLs are text, not fields.
                    let is_url = value.starts_with("//");
                    let looks_like_field = !name.is_empty()
                        && name.chars().all(|ch| ch.is_ascii_alphabetic())
                        && !value.is_empty();
                    if looks_like_field && !is_url {
                        return Err(QueryError::UnknownField(name.to_string()));
                    }
                }
                if word.contains('/') && !word.contains("://") {
                    if let Ok(sym) = Symbol::parse(word) {
                        toks.push(Tok::Sym(sym));
                        continue;
                    }
                }
                match word.strip_suffix('*') {
                    Some(stem)
                        if !stem.is_empty() && !stem.contains('/') && !stem.contains('*') =>
                    {
                        toks.push(Tok::Prefix(stem.to_string(), pos))
                    }
                    _ => toks.push(Tok::Word(word.to_string(), pos)),
                }
            }
        }
    }
    Ok(())
}

/// Reads a quoted string starting at `chars[i] == '"'`; returns the text and
/// the index after the closing quote.
fn read_quoted(chars: &[(usize, char)], i: usize, s: &str) -> Option<(String, usize)> {
    let close = chars[i + 1..].iter().position(|x| x.1 == '"')? + i + 1;
    let start_b = chars[i].0 + 1;
    Some((s[start_b..chars[close].0].to_string(), close + 1))
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    /// Brackets open at this point.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn query(&mut self) -> Result<Node, QueryError> {
        let mut parts = Vec::new();
        while let Some(tok) = self.peek() {
            if matches!(tok, Tok::Close(_)) {
                break;
            }
            parts.push(self.or()?);
        }
        Ok(match parts.len() {
            0 => Node::All,
            1 => parts.remove(0),
            _ => Node::And(parts),
        })
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        if let Some(Tok::Or(p)) = self.peek() {
            return Err(QueryError::LoneOperator {
                op: "OR",
                pos: *p,
                side: "before",
            });
        }
        let mut alts = vec![self.unary()?];
        while let Some(Tok::Or(p)) = self.peek() {
            let p = *p;
            self.pos += 1;
            match self.peek() {
                None | Some(Tok::Close(_)) | Some(Tok::Or(_)) => {
                    return Err(QueryError::LoneOperator {
                        op: "OR",
                        pos: p,
                        side: "after",
                    })
                }
                _ => alts.push(self.unary()?),
            }
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            Node::Or(alts)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if let Some(Tok::Not(p, op)) = self.peek() {
            let (p, op) = (*p, *op);
            self.pos += 1;
            return match self.peek() {
                None | Some(Tok::Or(_)) | Some(Tok::Close(_)) | Some(Tok::Not(..)) => {
                    Err(QueryError::LoneOperator {
                        op,
                        pos: p,
                        side: "after",
                    })
                }
                _ => Ok(Node::Not(Box::new(self.atom()?))),
            };
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, QueryError> {
        let tok = self.tokens[self.pos].clone();
        self.pos += 1;
        Ok(match tok {
            Tok::Open(p) => {
                if self.depth >= MAX_NESTING {
                    return Err(QueryError::TooDeep(p));
                }
                self.depth += 1;
                let inner = self.query()?;
                self.depth -= 1;
                match self.peek() {
                    Some(Tok::Close(_)) => self.pos += 1,
                    _ => return Err(QueryError::UnclosedParen(p)),
                }
                inner
            }
            Tok::Close(p) => return Err(QueryError::UnopenedParen(p)),
            Tok::Word(w, _) => Node::Word {
                field: None,
                text: w,
            },
            Tok::Phrase(t, _) => Node::Phrase {
                field: None,
                text: t,
            },
            Tok::Sym(s) => Node::Symbol(s, SymbolScope::Any),
            Tok::Star => Node::Star,
            Tok::Prefix(text, _) => Node::Prefix { field: None, text },
            Tok::Lifted(node) => node,
            Tok::Field(name, value, quoted, _) => field_node(&name, &value, quoted)?,
            Tok::Or(p) => {
                return Err(QueryError::LoneOperator {
                    op: "OR",
                    pos: p,
                    side: "before",
                })
            }
            Tok::Not(p, op) => {
                return Err(QueryError::LoneOperator {
                    op,
                    pos: p,
                    side: "after",
                })
            }
        })
    }
}

fn field_node(name: &str, value: &str, quoted: bool) -> Result<Node, QueryError> {
    let text_field = |f| {
        let prefix = value.strip_suffix('*').filter(|p| !p.is_empty() && !quoted);
        if let Some(p) = prefix {
            Node::Prefix {
                field: Some(f),
                text: p.to_string(),
            }
        } else if quoted {
            Node::Phrase {
                field: Some(f),
                text: value.to_string(),
            }
        } else {
            Node::Word {
                field: Some(f),
                text: value.to_string(),
            }
        }
    };
    Ok(match name {
        "title" => text_field(TextField::Title),
        "body" => text_field(TextField::Body),
        "symbol" | "cites" => {
            let scope = if name == "symbol" {
                SymbolScope::Own
            } else {
                SymbolScope::Cited
            };
            let sym = Symbol::parse(value)
                .map_err(|e| QueryError::BadSymbol(value.to_string(), e.to_string()))?;
            Node::Symbol(sym, scope)
        }
        "type" => {
            let t = DocType::from_name(value)
                .ok_or_else(|| QueryError::UnknownType(value.to_string()))?;
            Node::Keyword(KeywordField::Type, t.as_str().to_string())
        }
        "lang" => {
            // The same check as --lang: an unknown code is an error, not "und".
            let code = crate::document::normalise_lang(value);
            if code == crate::document::UNKNOWN_LANG
                && !value.eq_ignore_ascii_case(crate::document::UNKNOWN_LANG)
            {
                return Err(QueryError::UnknownLang(value.to_string()));
            }
            Node::Keyword(KeywordField::Lang, code)
        }
        "topic" => {
            let path = Taxonomy::builtin()
                .resolve(value)
                .ok_or_else(|| QueryError::UnknownTopic(value.to_string()))?;
            Node::Keyword(KeywordField::Topic, path)
        }
        "subject" => Node::Keyword(
            KeywordField::Subject,
            crate::votes::catalogue::subject_key(value),
        ),
        "sponsor" => {
            let state = crate::votes::states::resolve(value).map_err(QueryError::UnknownState)?;
            Node::Keyword(KeywordField::Sponsor, crate::votes::states::key(state))
        }
        "agenda" => Node::Keyword(
            KeywordField::Agenda,
            crate::votes::catalogue::agenda_key(value),
        ),
        other => return Err(QueryError::UnknownField(other.to_string())),
    })
}

struct Builder {
    /// General Assembly symbols by number, for `Node::AssemblyNumber`.
    assembly: Vec<(u32, Vec<Symbol>)>,
    fields: Fields,
    /// The languages words are matched in, with their analysers.
    analyzers: Vec<(Lang, TextAnalyzer)>,
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
    fn build(&self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        Ok(match node {
            Node::All | Node::Star => Box::new(AllQuery),
            Node::Prefix { field, text } => self.prefix(*field, text),
            Node::Word { field, text } | Node::Phrase { field, text } => self.text(*field, text),
            Node::Symbol(sym, scope) => self.symbol(sym, *scope),
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
                        Node::Not(inner) => clauses.push((Occur::MustNot, self.build(inner)?)),
                        other => clauses.push((Occur::Must, self.build(other)?)),
                    }
                }
                // Exclusions alone ("-a -b") mean everything but those:
                // tantivy matches nothing for a query with only MustNot.
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
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
                (Occur::MustNot, self.build(inner)?),
            ])),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> QueryError {
        parse_node(q).expect_err(q)
    }

    #[test]
    fn bad_queries_name_the_problem() {
        let table: &[(&str, QueryError)] = &[
            ("", QueryError::Empty),
            ("   ", QueryError::Empty),
            ("\"small arms", QueryError::UnclosedQuote(1)),
            ("(small arms", QueryError::UnclosedParen(1)),
            ("small arms)", QueryError::UnopenedParen(11)),
            (
                "OR arms",
                QueryError::LoneOperator {
                    op: "OR",
                    pos: 1,
                    side: "before",
                },
            ),
            (
                "arms OR",
                QueryError::LoneOperator {
                    op: "OR",
                    pos: 6,
                    side: "after",
                },
            ),
            ("lang:xyz", QueryError::UnknownLang("xyz".into())),
            (
                "arms NOT",
                QueryError::LoneOperator {
                    op: "NOT",
                    pos: 6,
                    side: "after",
                },
            ),
            ("foo:bar", QueryError::UnknownField("foo".into())),
            (
                "title:",
                QueryError::EmptyField {
                    field: "title".into(),
                },
            ),
            ("AND", QueryError::NoTerms),
            ("()", QueryError::NoTerms),
            ("( AND ) ()", QueryError::NoTerms),
            ("((())) -()", QueryError::NoTerms),
        ];
        assert_eq!(
            err(&format!(
                "{}a{}",
                "(".repeat(MAX_NESTING + 1),
                ")".repeat(MAX_NESTING + 1)
            )),
            QueryError::TooDeep(MAX_NESTING + 1)
        );
        assert!(parse_node(&format!(
            "{}a{}",
            "(".repeat(MAX_NESTING),
            ")".repeat(MAX_NESTING)
        ))
        .is_ok());
        for (q, want) in table {
            assert_eq!(&err(q), want, "query {q:?}");
        }
        assert!(matches!(
            err(&"a".repeat(10_000)),
            QueryError::TooLong(10_000)
        ));
    }

    #[test]
    fn the_prepass_reads_references_and_acronyms_in_any_position() {
        let notes = |q: &str| -> Vec<String> {
            parse_node_lifts(q)
                .unwrap()
                .1
                .into_iter()
                .filter_map(|l| l.note)
                .map(|n| match n {
                    Note::Reference { written, .. } | Note::Expansion { written, .. } => written,
                })
                .collect()
        };
        assert_eq!(notes("(CTBT OR NPT) review"), ["CTBT", "NPT"]);
        assert_eq!(notes("nuclear -UNSCR 1540"), ["UNSCR 1540"]);
        assert_eq!(
            notes("arms trade treaty -SALW"),
            ["arms trade treaty", "SALW"]
        );
        for q in [
            "non-NPT",
            "see CTBT/2019/1",
            "title:CTBT",
            "\"CTBT\"",
            "ctbt",
        ] {
            assert!(notes(q).is_empty(), "{q}: {:?}", notes(q));
        }
        // A minus before a lifted piece excludes it.
        match parse_node("nuclear -UNSCR 1540").unwrap() {
            Node::And(parts) => {
                assert!(
                    matches!(parts.as_slice(), [Node::Word { .. }, Node::Not(_)]),
                    "{parts:?}"
                )
            }
            other => panic!("{other:?}"),
        }
        match parse_node("nuclear -CTBT").unwrap() {
            Node::And(parts) => assert!(matches!(parts[1], Node::Not(_)), "{parts:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn queries_that_must_parse() {
        for q in [
            "small arms",
            "\"small arms\" OR ammunition",
            "arms -nuclear",
            "-",
            "a - b",
            "https://undocs.org/en/A/RES/73/69",
            "A/RES/73/69",
            "a/res/73/69",
            "A / RES / 73 / 69",
            "S/RES/2220(2015)",
            "S/RES/2220 (2015) small arms",
            "resolution 73/69 ammunition",
            "A/RES/73/69* stockpile",
            "title:\"arms trade\"",
            "symbol:A/RES/73/69",
            "(arms OR weapons) trade",
            "arms\u{7}trade\u{0}",
            "*",
            "* -ammunition",
            "-ammunition",
            "NOT arms",
            "arms*",
            "title:arms*",
        ] {
            assert!(parse_node(q).is_ok(), "{q:?}: {:?}", parse_node(q).err());
        }
    }

    #[test]
    fn operators_build_the_tree_a_user_means() {
        let word = |t: &str| Node::Word {
            field: None,
            text: t.into(),
        };
        assert_eq!(
            parse_node("NOT arms").unwrap(),
            Node::Not(Box::new(word("arms")))
        );
        assert_eq!(
            parse_node("small NOT arms").unwrap(),
            Node::And(vec![word("small"), Node::Not(Box::new(word("arms")))])
        );
        assert_eq!(
            parse_node("* -ammunition").unwrap(),
            Node::And(vec![Node::Star, Node::Not(Box::new(word("ammunition")))])
        );
        assert_eq!(
            parse_node("arms*").unwrap(),
            Node::Prefix {
                field: None,
                text: "arms".into()
            }
        );
        // A symbol's reissue mark is not a prefix.
        assert!(matches!(
            parse_node("A/RES/73/69*").unwrap(),
            Node::Symbol(..)
        ));
    }

    #[test]
    fn symbols_are_lifted_out_of_queries() {
        let key = |q: &str| {
            let mut v = Vec::new();
            collect_symbols(&parse_node(q).unwrap(), &mut v);
            v.iter().map(|s| s.key()).collect::<Vec<_>>()
        };
        let want = Symbol::parse("A/RES/73/69").unwrap().key();
        for q in [
            "A/RES/73/69",
            "a/res/73/69",
            "A / RES / 73 / 69",
            "small arms A/RES/73/69",
        ] {
            assert_eq!(key(q), vec![want.clone()], "{q}");
        }
        let sc = Symbol::parse("S/RES/2220 (2015)").unwrap().key();
        for q in [
            "S/RES/2220(2015)",
            "S/RES/2220 (2015)",
            "arms S/RES/2220(2015)",
        ] {
            assert_eq!(key(q), vec![sc.clone()], "{q}");
        }
    }
}
