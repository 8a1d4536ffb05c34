//! Unit tests of the symbol grammar: canonical forms, keys, facets,
//! kinds, rejections, joint symbols and prefixes.

use super::*;

/// (input, canonical, key): every written form in the design notes and
/// the UN's catalogues, and how it prints.
#[rustfmt::skip]
const CANONICAL: &[(&str, &str, &str)] = &[
    ("A/RES/73/69", "A/RES/73/69", "A/RES/73/69"),
    ("a/res/73/69", "A/RES/73/69", "A/RES/73/69"),
    ("A / RES / 73 / 69", "A/RES/73/69", "A/RES/73/69"),
    ("A/RES/73/69*", "A/RES/73/69", "A/RES/73/69"),
    ("  A/RES/73/69 ** ", "A/RES/73/69", "A/RES/73/69"),
    ("A/31/1", "A/31/1", "A/31/1"),
    ("A/74/187", "A/74/187", "A/74/187"),
    ("S/RES/2220 (2015)", "S/RES/2220 (2015)", "S/RES/2220"),
    ("S/RES/2220(2015)", "S/RES/2220 (2015)", "S/RES/2220"),
    ("s/res/2220 (2015)", "S/RES/2220 (2015)", "S/RES/2220"),
    ("S/RES/2220", "S/RES/2220", "S/RES/2220"),
    ("S/RES/1(1946)", "S/RES/1 (1946)", "S/RES/1"),
    ("S/RES/2220\u{a0}(2015)", "S/RES/2220 (2015)", "S/RES/2220"),
    ("A/RES/1(I)", "A/RES/1(I)", "A/RES/1(I)"),
    ("A/RES/491(V)", "A/RES/491(V)", "A/RES/491(V)"),
    ("A/RES/1514 (XV)", "A/RES/1514(XV)", "A/RES/1514(XV)"),
    ("a/res/1514(xv)", "A/RES/1514(XV)", "A/RES/1514(XV)"),
    ("A/RES/2248(S-V)", "A/RES/2248(S-V)", "A/RES/2248(S-V)"),
    ("A/RES/997(ES-I)", "A/RES/997(ES-I)", "A/RES/997(ES-I)"),
    ("A/RES/104(S-1)", "A/RES/104(S-1)", "A/RES/104(S-1)"),
    ("A/C.1/74/L.34", "A/C.1/74/L.34", "A/C.1/74/L.34"),
    ("a/c.1/74/l.34/rev.1", "A/C.1/74/L.34/Rev.1", "A/C.1/74/L.34/REV.1"),
    ("A/80/74/Add.1", "A/80/74/Add.1", "A/80/74/ADD.1"),
    ("A/80/74/ADD.1", "A/80/74/Add.1", "A/80/74/ADD.1"),
    ("A/65/456/Add. 3", "A/65/456/Add.3", "A/65/456/ADD.3"),
    ("A/63/430/Add.3/Corr.1", "A/63/430/Add.3/Corr.1", "A/63/430/ADD.3/CORR.1"),
    ("E/CN.6/2025/3/Rev.1", "E/CN.6/2025/3/Rev.1", "E/CN.6/2025/3/REV.1"),
    ("E/CN.4/SUB.2/1998/13", "E/CN.4/Sub.2/1998/13", "E/CN.4/SUB.2/1998/13"),
    ("A/CONF.192/2018/RC/3", "A/CONF.192/2018/RC/3", "A/CONF.192/2018/RC/3"),
    ("A/AC.292/2024/3", "A/AC.292/2024/3", "A/AC.292/2024/3"),
    ("A/CN.10/2025/INF/1", "A/CN.10/2025/INF/1", "A/CN.10/2025/INF/1"),
    ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"),
    ("att/csp5/2019/sec/536/conf.finrep.rev1", "ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"),
    ("CCW/P.V/CONF/2018/5", "CCW/P.V/CONF/2018/5", "CCW/P.V/CONF/2018/5"),
    ("TPNW/MSP/2022/6", "TPNW/MSP/2022/6", "TPNW/MSP/2022/6"),
    ("TPNW/MSP/2025/11/Rev1", "TPNW/MSP/2025/11/Rev.1", "TPNW/MSP/2025/11/REV.1"),
    ("TPNW/MSP/2025/WP.4", "TPNW/MSP/2025/WP.4", "TPNW/MSP/2025/WP.4"),
    ("A/ES-10/1043", "A/ES-10/1043", "A/ES-10/1043"),
    ("A/RES/ES-10/21", "A/RES/ES-10/21", "A/RES/ES-10/21"),
    ("A/RES/ES\u{2011}10/21", "A/RES/ES-10/21", "A/RES/ES-10/21"),
    ("A/RES/S-10/2", "A/RES/S-10/2", "A/RES/S-10/2"),
    ("S/PRST/2015/3", "S/PRST/2015/3", "S/PRST/2015/3"),
    ("S/2025/27", "S/2025/27", "S/2025/27"),
    ("S/PV.7447", "S/PV.7447", "S/PV.7447"),
    ("S/PV9261", "S/PV.9261", "S/PV.9261"),
    ("A/34/PV. 4", "A/34/PV.4", "A/34/PV.4"),
    ("A/2485/Rev 1", "A/2485/Rev.1", "A/2485/REV.1"),
    ("A/77/PV.56 (Resumption 1)", "A/77/PV.56 (Resumption 1)", "A/77/PV.56(RESUMPTION1)"),
    ("S/PV.6702(Resumption1)", "S/PV.6702 (Resumption 1)", "S/PV.6702(RESUMPTION1)"),
    ("A/80/15 (Part I)", "A/80/15 (Part I)", "A/80/15(PARTI)"),
    ("E/ICEF/672(PartI)", "E/ICEF/672 (Part I)", "E/ICEF/672(PARTI)"),
    ("A/39/696 (PART II)", "A/39/696 (Part II)", "A/39/696(PARTII)"),
    ("A/2116 (Pt.2)", "A/2116 (Part 2)", "A/2116(PART2)"),
    ("A/40/24 (Part II)/Corr.1", "A/40/24 (Part II)/Corr.1", "A/40/24(PARTII)/CORR.1"),
    ("A/RES/43/58E", "A/RES/43/58 E", "A/RES/43/58E"),
    ("A/RES/43/58[E]", "A/RES/43/58 E", "A/RES/43/58E"),
    ("A/RES/78/183 A", "A/RES/78/183 A", "A/RES/78/183A"),
    ("A/RES/75/254A-C", "A/RES/75/254 A-C", "A/RES/75/254A-C"),
    ("A/RES/ES-8/1A", "A/RES/ES-8/1 A", "A/RES/ES-8/1A"),
    ("A/RES/3359(XXIX)[A]", "A/RES/3359(XXIX)[A]", "A/RES/3359(XXIX)[A]"),
    ("A/RES/724(VIII)A-C", "A/RES/724(VIII)[A-C]", "A/RES/724(VIII)[A-C]"),
    ("A/RES/50/38[B-VII]", "A/RES/50/38[B-VII]", "A/RES/50/38[B-VII]"),
    ("A/RES/35/217XIII", "A/RES/35/217[XIII]", "A/RES/35/217[XIII]"),
    ("A/RES/32/212[IV]", "A/RES/32/212[IV]", "A/RES/32/212[IV]"),
    ("A/RES/36/235IV", "A/RES/36/235[IV]", "A/RES/36/235[IV]"),
    ("A/RES/289(IV)[AA]", "A/RES/289(IV)[AA]", "A/RES/289(IV)[AA]"),
    ("A/RES/63(I)[PARA.1]", "A/RES/63(I)[PARA.1]", "A/RES/63(I)[PARA.1]"),
    ("A/RES/39/236[Section III]", "A/RES/39/236[SECTIONIII]", "A/RES/39/236[SECTIONIII]"),
    ("A/RES/377 A (V)", "A/RES/377(V)[A]", "A/RES/377(V)[A]"),
    ("S/RES/161 A (1961)", "S/RES/161 (1961)[A]", "S/RES/161[A]"),
    ("ICCD/COP(8)/CST/INF.1", "ICCD/COP(8)/CST/INF.1", "ICCD/COP(8)/CST/INF.1"),
    ("GEGN.2/2025/35", "GEGN.2/2025/35", "GEGN.2/2025/35"),
    ("A/HRC/RES/47/17", "A/HRC/RES/47/17", "A/HRC/RES/47/17"),
    ("A/DEC/73/546", "A/DEC/73/546", "A/DEC/73/546"),
    ("E/RES/2024/5", "E/RES/2024/5", "E/RES/2024/5"),
    ("S/Agenda/8000", "S/Agenda/8000", "S/AGENDA/8000"),
    ("DP/FPA/2025/2", "DP/FPA/2025/2", "DP/FPA/2025/2"),
    ("E/ICEF/2025/AB/L.3/Add.1", "E/ICEF/2025/AB/L.3/Add.1", "E/ICEF/2025/AB/L.3/ADD.1"),
];

#[test]
fn canonical_and_key() {
    for &(input, canonical, key) in CANONICAL {
        let s = Symbol::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(s.canonical(), canonical, "canonical of {input:?}");
        assert_eq!(s.key(), key, "key of {input:?}");
        assert_eq!(s.to_string(), canonical, "Display of {input:?}");
        assert_eq!(
            input.parse::<Symbol>().as_ref(),
            Ok(&s),
            "FromStr of {input:?}"
        );
        // The canonical form is a fixed point.
        assert_eq!(
            Symbol::parse(canonical).as_ref(),
            Ok(&s),
            "reparse of {canonical:?}"
        );
        assert!(key.is_ascii() && !key.contains(' '), "key of {input:?}");
        // A whole symbol typed as a facet prefix selects exactly itself.
        assert_eq!(
            prefix_segments(input).unwrap(),
            s.facet_segments(),
            "{input:?}"
        );
        assert_eq!(s.facet_path(), format!("/{}", s.facet_segments().join("/")));
    }
}

/// Groups of written forms that name the same document: one key.
#[rustfmt::skip]
const SAME: &[&[&str]] = &[
    &["A/RES/73/69", "a/res/73/69", "A / RES / 73 / 69", "A/RES/73/69*", " a / res / 73 / 69 * "],
    &["S/RES/2220 (2015)", "S/RES/2220(2015)", "S / RES / 2220 (2015)", "s/res/2220", "S/RES/2220 ( 2015 )"],
    &["A/RES/1514(XV)", "A/RES/1514 (XV)", "a/res/1514(xv)", "A / RES / 1514 (XV)"],
    &["A/RES/43/58 E", "A/RES/43/58E", "A/RES/43/58[E]", "a/res/43/58e", "A/RES/43/58 [E]"],
    &["A/80/74/Add.1", "A/80/74/ADD.1", "a/80/74/add. 1", "A/80/74/Add1"],
    &["ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "ATT/CSP5/2019/SEC/536/CONF.FINREP.REV1"],
    &["A/79/722", "A/79/722*", "A/79/722 *"],
    &["A/RES/3359(XXIX)[A]", "A/RES/3359 (XXIX) A", "A/RES/3359(XXIX)A"],
];

#[test]
fn same_document_same_key() {
    for group in SAME {
        let first = Symbol::parse(group[0]).unwrap().key();
        for input in *group {
            let s = Symbol::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(s.key(), first, "{input:?} vs {:?}", group[0]);
        }
    }
}

/// Pairs that look alike but name different documents.
#[rustfmt::skip]
const DIFFERENT: &[(&str, &str)] = &[
    ("A/RES/73/69", "A/RES/73/6"),
    ("A/RES/43/58", "A/RES/43/58E"),
    ("A/RES/43/58D", "A/RES/43/58E"),
    ("A/74/187", "A/74/187/Add.1"),
    ("A/C.1/74/L.34", "A/C.1/74/L.34/Rev.1"),
    ("S/RES/2220 (2015)", "S/RES/2221 (2015)"),
    ("A/RES/1(I)", "A/RES/1(II)"),
    ("A/80/15 (Part I)", "A/80/15 (Part II)"),
    ("A/RES/ES-10/21", "A/RES/10/21"),
    ("A/79/722", "S/79/722"),
];

#[test]
fn different_documents_different_keys() {
    for &(a, b) in DIFFERENT {
        let (a, b) = (Symbol::parse(a).unwrap(), Symbol::parse(b).unwrap());
        assert_ne!(a.key(), b.key(), "{a} vs {b}");
    }
}

#[rustfmt::skip]
const FACETS: &[(&str, &[&str])] = &[
    ("A/RES/73/69", &["A", "RES", "73", "69"]),
    ("s/res/2220(2015)", &["S", "RES", "2220 (2015)"]),
    ("A/RES/1(I)", &["A", "RES", "1(I)"]),
    ("A/RES/43/58E", &["A", "RES", "43", "58", "E"]),
    ("A/RES/3359(XXIX)[A]", &["A", "RES", "3359(XXIX)", "A"]),
    ("A/40/24 (Part II)/Corr.1", &["A", "40", "24", "Part II", "Corr.1"]),
    ("a/c.1/74/l.34", &["A", "C.1", "74", "L.34"]),
    ("E/CN.6/2025/3/Rev.1", &["E", "CN.6", "2025", "3", "Rev.1"]),
    ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", &["ATT", "CSP5", "2019", "SEC", "536", "Conf.FinRep.Rev1"]),
];

#[test]
fn facets() {
    for &(input, segments) in FACETS {
        let s = Symbol::parse(input).unwrap();
        assert_eq!(s.facet_segments(), segments, "{input:?}");
        assert_eq!(
            s.facet_path(),
            format!("/{}", segments.join("/")),
            "{input:?}"
        );
    }
    assert_eq!(
        Symbol::parse("A/RES/73/69").unwrap().facet_path(),
        "/A/RES/73/69"
    );
}

#[rustfmt::skip]
const KINDS: &[(&str, SymbolKind, &str)] = &[
    ("A/RES/73/69", SymbolKind::Resolution, "A"),
    ("S/RES/2220 (2015)", SymbolKind::Resolution, "S"),
    ("A/HRC/RES/47/17", SymbolKind::Resolution, "A"),
    ("A/DEC/73/546", SymbolKind::Decision, "A"),
    ("S/PRST/2015/3", SymbolKind::PresidentialStatement, "S"),
    ("A/C.1/74/L.34", SymbolKind::Draft, "A"),
    ("A/C.1/74/L.34/Rev.1", SymbolKind::Draft, "A"),
    ("E/2025/L.4", SymbolKind::Draft, "E"),
    ("S/PV.7447", SymbolKind::MeetingRecord, "S"),
    ("A/C.1/74/SR.5", SymbolKind::MeetingRecord, "A"),
    ("A/74/187", SymbolKind::Other, "A"),
    ("ccw/p.v/conf/2018/5", SymbolKind::Other, "CCW"),
    ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", SymbolKind::Other, "ATT"),
];

#[test]
fn kinds_and_organs() {
    for &(input, kind, organ) in KINDS {
        let s = Symbol::parse(input).unwrap();
        assert_eq!(s.kind(), kind, "{input:?}");
        assert_eq!(s.organ(), organ, "{input:?}");
    }
}

/// (input, the whole error message): what is not a symbol, and why.
#[rustfmt::skip]
const REJECTED: &[(&str, &str)] = &[
    ("", "empty symbol"),
    ("   ", "empty symbol"),
    (" * ", "empty symbol"),
    ("13/01/2025", r#""13/01/2025": not a document symbol (a date, a fraction or a number)"#),
    ("24/7", r#""24/7": not a document symbol (a date, a fraction or a number)"#),
    ("1/2", r#""1/2": not a document symbol (a date, a fraction or a number)"#),
    ("2015", r#""2015": not a document symbol (a number)"#),
    ("https://a/b", r#""https://a/b": not a document symbol (a URL)"#),
    ("https://undocs.org/A/RES/73/69", r#""https://undocs.org/A/RES/73/69": not a document symbol (a URL)"#),
    ("www.un.org/a/1", r#""www.un.org/a/1": not a document symbol (a URL)"#),
    ("disarmament", r#""disarmament": not a document symbol (no '/': a symbol is a path such as A/RES/73/69)"#),
    ("A//73", r#""A//73": empty component after "A/""#),
    ("A/RES/", r#""A/RES/": empty component after "A/RES/""#),
    ("/A/RES/73/69", r#""/A/RES/73/69": not a document symbol (it starts with '/')"#),
    ("A/RES/73/69 foo", r#""A/RES/73/69 foo": unexpected "foo" in component "69 foo""#),
    ("A/RES/73/69)", r#""A/RES/73/69)": unexpected ")" in component "69)""#),
    ("A/74/187.", r#""A/74/187.": nothing after '.' in component "187.""#),
    ("A/3449/Add.", r#""A/3449/Add.": nothing after '.' in component "Add.""#),
    ("A/RES/73/69AND", r#""A/RES/73/69AND": "69AND" is not a number with a part letter in component "69AND""#),
    ("A/74/187 (2019)", r#""A/74/187 (2019)": unexpected "(2019)" in component "187 (2019)""#),
    ("A/RES/73/69 (2018)", r#""A/RES/73/69 (2018)": unexpected "(2018)" in component "69 (2018)""#),
    ("A/RES/2220 (2015)", r#""A/RES/2220 (2015)": a year in parentheses (2015) follows only a Security Council resolution number, as in S/RES/2220 (2015) in component "2220 (2015)""#),
    ("S/2025/27[A]", r#""S/2025/27[A]": a part in brackets comes only at the end of a resolution or decision in component "27[A]""#),
    ("and/or", r#""and/or": "and" is not a known organ (an unknown series needs three components or more)"#),
    ("km/h", r#""km/h": "km" is not a known organ (an unknown series needs three components or more)"#),
    ("covid/19", r#""covid/19": "covid" is not a known organ (an unknown series needs three components or more)"#),
    ("N/A", r#""N/A": "N" is not a known organ (an unknown series needs three components or more)"#),
    ("A/B", r#""A/B": no number (every document symbol has one, as in A/RES/73/69)"#),
    ("S/PRST", r#""S/PRST": no number (every document symbol has one, as in A/RES/73/69)"#),
    ("A64/PV.62", r#""A64/PV.62": "A64" is not an organ: a symbol starts with one, as A/..., S/..., ATT/..."#),
    ("A/79/722-S/2025/27", r#""A/79/722-S/2025/27": a joint symbol of 2 documents; split it with parse_joint"#),
    ("A/RES/73/69-71", r#""A/RES/73/69-71": a range of numbers, not a symbol in component "69-71""#),
    ("A/C.1/74/L", r#""A/C.1/74/L": "L" needs its number in component "L""#),
    ("A/RES/7 3/69", r#""A/RES/7 3/69": unexpected "3" in component "7 3""#),
    ("A/PV.1384 and Corr.1", r#""A/PV.1384 and Corr.1": unexpected "and Corr.1" in component "PV.1384 and Corr.1""#),
    ("A/RES/73/(69", r#""A/RES/73/(69": unexpected "(69" in component "(69""#),
    ("A/RES/73/69\u{e9}", "\"A/RES/73/69\u{e9}\": not a document symbol (a character that no symbol has)"),
];

#[test]
fn rejected() {
    for &(input, message) in REJECTED {
        match Symbol::parse(input) {
            Ok(s) => panic!("{input:?} parsed as {s}"),
            Err(e) => assert_eq!(e.to_string(), message, "{input:?}"),
        }
    }
}

#[rustfmt::skip]
const JOINT: &[(&str, &[&str])] = &[
    ("A/79/722-S/2025/27", &["A/79/722", "S/2025/27"]),
    ("a/79/722 - s/2025/27", &["A/79/722", "S/2025/27"]),
    ("A/79/722\u{2013}S/2025/27", &["A/79/722", "S/2025/27"]),
    ("A/ES-10/1043, S/2025/529", &["A/ES-10/1043", "S/2025/529"]),
    ("A/34/393-S/13485-E/1979/10", &["A/34/393", "S/13485", "E/1979/10"]),
    ("A/74/187", &["A/74/187"]),
    ("A/RES/ES-10/21", &["A/RES/ES-10/21"]),
    ("A/RES/S-10/2", &["A/RES/S-10/2"]),
    ("A/RES/2248(S-V)", &["A/RES/2248(S-V)"]),
    ("A/RES/50/38[B-VII]", &["A/RES/50/38[B-VII]"]),
    ("A/RES/75/254A-C", &["A/RES/75/254 A-C"]),
    ("A/RES/17(I)[RULE-33]", &["A/RES/17(I)[RULE-33]"]),
    // Page 1 of real 2025 documents.
    ("E/2025/39-ESCAP/81/32", &["E/2025/39", "ESCAP/81/32"]),
    ("DP-FPA/2025/1", &["DP-FPA/2025/1"]),
    ("dp-fpa/2025/1", &["DP-FPA/2025/1"]),
];

#[test]
fn written_forms_include_citations() {
    let table: &[(&str, Option<&str>)] = &[
        ("A/RES/73/69", Some("A/RES/73/69")),
        ("resolution 73/69", Some("A/RES/73/69")),
        (
            "Security Council resolution 2220 (2015)",
            Some("S/RES/2220 (2015)"),
        ),
        ("decision 73/546", Some("A/DEC/73/546")),
        ("resolutions 73/69 and 72/55", None),
        ("13/01/2025", None),
        ("small arms", None),
    ];
    for &(input, want) in table {
        let got = parse_written(input).ok().map(|s| s.to_string());
        assert_eq!(got.as_deref(), want, "{input:?}");
    }
}

#[test]
fn joint() {
    for &(input, parts) in JOINT {
        let got: Vec<String> = parse_joint(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(got, parts, "{input:?}");
    }
    assert_eq!(
        parse_joint("A/79/722-S/2025/").unwrap_err().to_string(),
        r#""S/2025/": empty component after "S/2025/""#
    );
    assert_eq!(parse_joint(" ").unwrap_err(), SymbolError::Empty);
}

#[rustfmt::skip]
const PREFIXES: &[(&str, &[&str])] = &[
    ("a/res/73", &["A", "RES", "73"]),
    ("A / RES", &["A", "RES"]),
    ("/A/RES/73/", &["A", "RES", "73"]),
    ("A", &["A"]),
    ("s/res/2220(2015)", &["S", "RES", "2220 (2015)"]),
    ("A/RES/43/58E", &["A", "RES", "43", "58", "E"]),
    ("A/RES/43/58", &["A", "RES", "43", "58"]),
    ("att/csp5", &["ATT", "CSP5"]),
    ("e/cn.6", &["E", "CN.6"]),
    ("a/c.1/74/l", &["A", "C.1", "74", "L"]),
    ("/", &[]),
];

#[test]
fn prefixes() {
    for &(input, segments) in PREFIXES {
        let got = prefix_segments(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(got, segments, "{input:?}");
    }
    // A prefix matches the facet segments of the documents under it.
    let doc = Symbol::parse("A/RES/73/69").unwrap().facet_segments();
    assert!(doc.starts_with(&prefix_segments("a / res / 73").unwrap()));
    let sc = Symbol::parse("S/RES/2220 (2015)").unwrap().facet_segments();
    assert!(sc.starts_with(&prefix_segments("S/RES/2220(2015)").unwrap()));
}

#[rustfmt::skip]
const PREFIXES_REJECTED: &[(&str, &str)] = &[
    ("", "empty symbol"),
    ("13/01", r#""13/01": not a document symbol (a date, a fraction or a number)"#),
    ("A//RES", r#""A//RES": empty component after "A/""#),
    ("https://x/y", r#""https://x/y": not a document symbol (a URL)"#),
];

#[test]
fn prefixes_rejected() {
    for &(input, message) in PREFIXES_REJECTED {
        let err = prefix_segments(input).expect_err(input);
        assert_eq!(err.to_string(), message, "{input:?}");
    }
}

#[test]
fn serde_round_trip() {
    let s = Symbol::parse("s/res/2220(2015)").unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(json, r#""S/RES/2220 (2015)""#);
    assert_eq!(serde_json::from_str::<Symbol>(&json).unwrap(), s);
    assert!(serde_json::from_str::<Symbol>(r#""13/01/2025""#).is_err());
}
