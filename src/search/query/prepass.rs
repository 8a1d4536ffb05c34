//! The pre-pass, before the grammar: shorthand references, acronyms and
//! State names become [`Lift`]s that the lexer takes out of the text whole.

use super::*;

/// A piece of the query the pre-pass read, replaced by `node`.
#[derive(Debug, Clone)]
pub(super) struct Lift {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) node: Node,
    pub(super) note: Option<Note>,
}

/// The query pre-pass, before the grammar runs: shorthand references to
/// resolutions ("UNSCR 1540", "GA res 46/36 L", see
/// [`crate::symbol::reference`]) become their symbols, the naming words
/// consumed; acronyms of the field ("CTBT") and their full names
/// ("Arms Trade Treaty") match each other (see [`crate::acronyms`]); a
/// State's other name also matches the UN's name for it (see
/// [`state_names`]); with a thesaurus, a concept named in several words
/// also matches its other labels (see [`crate::thesaurus`]). Nothing
/// inside quotes or a `field:value` is touched. Earlier kinds win where
/// pieces overlap. Returns the pieces in query order, not overlapping.
pub(super) fn prepass(input: &str, thesaurus: Option<&Thesaurus>) -> Vec<Lift> {
    let mut lifts = references(input);
    full_names(input, &mut lifts);
    let words = whole_words(input);
    acronyms_of(input, &words, &mut lifts);
    state_names_of(input, &words, &mut lifts);
    if let Some(thesaurus) = thesaurus {
        concepts_of(input, &words, thesaurus, &mut lifts);
    }
    lifts.sort_by_key(|l| l.start);
    lifts
}

/// Whether `start..end` may become a lift: outside quotes and fields, and
/// not overlapping one already taken.
fn free(input: &str, lifts: &[Lift], start: usize, end: usize) -> bool {
    !inside_field_or_quote(input, start) && !lifts.iter().any(|l| start < l.end && l.start < end)
}

/// "UNSCR 1540", "GA res 46/36 L": this symbol, or these words.
fn references(input: &str) -> Vec<Lift> {
    let mut lifts = Vec::new();
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
            alts.push(phrase(&written));
        }
        lifts.push(Lift {
            start: r.start,
            end: r.end,
            node: Node::Or(alts),
            note: Some(Note::Reference { written, symbols }),
        });
    }
    lifts
}

/// A phrase in every text field.
fn phrase(text: &str) -> Node {
    Node::Phrase {
        field: None,
        text: text.to_string(),
    }
}

/// A piece of the query that also matches `others` as phrases.
fn expansion(input: &str, start: usize, end: usize, others: Vec<String>) -> Lift {
    let written = input[start..end].to_string();
    let mut alts = vec![phrase(&written)];
    alts.extend(others.iter().map(|o| phrase(o)));
    Lift {
        start,
        end,
        node: Node::Or(alts),
        note: Some(Note::Expansion {
            written,
            terms: others,
        }),
    }
}

/// "Arms Trade Treaty" also matches "ATT".
fn full_names(input: &str, lifts: &mut Vec<Lift>) {
    for m in acronyms::full_names_in(input) {
        if free(input, lifts, m.start, m.end) {
            lifts.push(expansion(
                input,
                m.start,
                m.end,
                vec![m.acronym.short.clone()],
            ));
        }
    }
}

/// Byte ranges of the whole words of the query: not "CTBT/2019/1" or
/// "title:CTBT".
fn whole_words(input: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in input
        .char_indices()
        .chain(std::iter::once((input.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
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
    words
}

/// "CTBT" also matches its full names.
fn acronyms_of(input: &str, words: &[(usize, usize)], lifts: &mut Vec<Lift>) {
    for &(s, e) in words {
        let Some(a) = acronyms::lookup(&input[s..e]) else {
            continue;
        };
        if free(input, lifts, s, e) {
            lifts.push(expansion(input, s, e, a.full.clone()));
        }
    }
}

/// The longest run of words that is another name of a State ("North
/// Korea") also matches the UN's name for it.
fn state_names_of(input: &str, words: &[(usize, usize)], lifts: &mut Vec<Lift>) {
    longest_runs(
        input,
        words,
        1,
        state_names::MAX_ALIAS_WORDS,
        lifts,
        |run| state_names::un_name_for(run).map(|un_name| vec![un_name]),
        |start, end, others| expansion(input, start, end, others),
    );
}

/// The longest run of two or more words that is a label of the
/// thesaurus ("biological weapons") also matches the concept's other
/// labels ("bacteriological weapons"). The words typed still match as
/// words, not as a phrase: "biological weapons" must keep finding the
/// Convention on "Bacteriological (Biological) and Toxin Weapons".
fn concepts_of(
    input: &str,
    words: &[(usize, usize)],
    thesaurus: &Thesaurus,
    lifts: &mut Vec<Lift>,
) {
    longest_runs(
        input,
        words,
        2,
        crate::thesaurus::MAX_LABEL_WORDS,
        lifts,
        |run| Some(thesaurus.alternatives(run)).filter(|alts| !alts.is_empty()),
        |start, end, others| {
            let written = input[start..end].to_string();
            Lift {
                start,
                end,
                node: Node::Concept {
                    words: written.split_whitespace().map(str::to_string).collect(),
                    others: others.clone(),
                },
                note: Some(Note::Expansion {
                    written,
                    terms: others,
                }),
            }
        },
    );
}

/// Left to right, the longest run of `min..=max` whole words, separated by
/// spaces only and free, for which `others` has alternatives becomes the
/// lift `lift` makes of its byte range and those alternatives; the search
/// goes on after it.
fn longest_runs(
    input: &str,
    words: &[(usize, usize)],
    min: usize,
    max: usize,
    lifts: &mut Vec<Lift>,
    others: impl Fn(&str) -> Option<Vec<String>>,
    lift: impl Fn(usize, usize, Vec<String>) -> Lift,
) {
    let mut i = 0;
    while i < words.len() {
        let mut taken = 1;
        for n in (min..=max.min(words.len() - i)).rev() {
            let (s, e) = (words[i].0, words[i + n - 1].1);
            let spaced_only = words[i..i + n]
                .windows(2)
                .all(|w| input[w[0].1..w[1].0].chars().all(char::is_whitespace));
            if !spaced_only || !free(input, lifts, s, e) {
                continue;
            }
            if let Some(alternatives) = others(&input[s..e]) {
                lifts.push(lift(s, e, alternatives));
                taken = n;
                break;
            }
        }
        i += taken;
    }
}

/// True when byte `at` is inside a `field:value` or a quoted phrase, where
/// the user asked for something specific that citation lifting must not undo.
pub(super) fn inside_field_or_quote(input: &str, at: usize) -> bool {
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
