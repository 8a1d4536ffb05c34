//! Unit tests of the query language: what parses, what fails with which
//! message, and the tree a user means.

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
        parse_node_lifts(q, None)
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
fn a_states_other_name_also_matches_the_un_name() {
    let expansions = |q: &str| -> Vec<(String, Vec<String>)> {
        parse_node_lifts(q, None)
            .unwrap()
            .1
            .into_iter()
            .filter_map(|l| match l.note {
                Some(Note::Expansion { written, terms }) => Some((written, terms)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        expansions("chemical weapons Syria"),
        [(
            "Syria".to_string(),
            vec!["Syrian Arab Republic".to_string()]
        )]
    );
    // The longest name wins: "North Korea", not "Korea".
    assert_eq!(
        expansions("North Korea nuclear test"),
        [(
            "North Korea".to_string(),
            vec!["Democratic People's Republic of Korea".to_string()]
        )]
    );
    for q in [
        "Iran nuclear",
        "\"Syria\"",
        "title:Syria",
        "help us",
        "Syrian Arab Republic",
    ] {
        assert!(expansions(q).is_empty(), "{q}: {:?}", expansions(q));
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

/// Labels written for the tests, in the UNBIS export's layout.
fn sample_thesaurus() -> Thesaurus {
    let tsv = "\
BIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=u:1\tkind=pref
BACTERIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=u:1\tkind=alt
LANDMINES\tpref_label=LANDMINES\turi=u:2\tkind=pref
LAND MINES\tpref_label=LANDMINES\turi=u:2\tkind=alt
";
    Thesaurus::from_tsv(tsv, std::path::Path::new("sample.tsv")).expect("the sample parses")
}

fn concept(words: &[&str], others: &[&str]) -> Node {
    Node::Concept {
        words: words.iter().map(|w| w.to_string()).collect(),
        others: others.iter().map(|o| o.to_string()).collect(),
    }
}

fn word(text: &str) -> Node {
    Node::Word {
        field: None,
        text: text.into(),
    }
}

#[test]
fn a_thesaurus_concept_in_several_words_also_matches_its_other_labels() {
    let t = sample_thesaurus();
    let parse = |q: &str| parse_node_lifts(q, Some(&t)).map(|(n, _)| n).expect(q);
    assert_eq!(
        parse("biological weapons verification"),
        Node::And(vec![
            concept(&["biological", "weapons"], &["bacteriological weapons"]),
            word("verification"),
        ])
    );
    // Alone, still a group: its words keep their proximity bonus.
    assert_eq!(
        parse("Land mines"),
        Node::And(vec![concept(&["Land", "mines"], &["landmines"])])
    );
    // One word is never expanded; a quoted phrase is what was asked for.
    assert_eq!(parse("landmines"), word("landmines"));
    assert_eq!(
        parse("\"biological weapons\""),
        Node::Phrase {
            field: None,
            text: "biological weapons".into()
        }
    );
    // Without a thesaurus, nothing is expanded.
    assert_eq!(
        parse_node("biological weapons"),
        Ok(Node::And(vec![word("biological"), word("weapons")]))
    );
}
