//! The pre-pass, before the grammar: shorthand references and acronyms
//! become [`Lift`]s that the lexer takes out of the text whole.

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
/// [`state_names`]). Nothing inside quotes or a `field:value` is touched. Returns the
/// pieces in query order, not overlapping.
pub(super) fn prepass(input: &str) -> Vec<Lift> {
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
    for &(s, e) in &words {
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
    // State names: the longest run of words that is another name of a
    // State also matches the UN's name for it.
    let mut i = 0;
    while i < words.len() {
        let mut taken = 1;
        for n in (1..=state_names::MAX_ALIAS_WORDS.min(words.len() - i)).rev() {
            let (s, e) = (words[i].0, words[i + n - 1].1);
            let spaced_only = words[i..i + n]
                .windows(2)
                .all(|w| input[w[0].1..w[1].0].chars().all(char::is_whitespace));
            if !spaced_only || !free(&lifts, s, e) {
                continue;
            }
            let written = &input[s..e];
            let Some(un_name) = state_names::un_name_for(written) else {
                continue;
            };
            lifts.push(Lift {
                start: s,
                end: e,
                node: Node::Or(vec![
                    Node::Phrase {
                        field: None,
                        text: written.to_string(),
                    },
                    Node::Phrase {
                        field: None,
                        text: un_name.clone(),
                    },
                ]),
                note: Some(Note::Expansion {
                    written: written.to_string(),
                    terms: vec![un_name],
                }),
            });
            taken = n;
            break;
        }
        i += taken;
    }
    lifts.sort_by_key(|l| l.start);
    lifts
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
