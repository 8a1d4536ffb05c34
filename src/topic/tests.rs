//! Unit tests of the taxonomy: the shipped file, every topic reachable,
//! scoring rules, aliases, and the errors of bad files.

use super::*;

fn classify(title: &str, body: &str) -> Vec<String> {
    Taxonomy::builtin().classify(&TopicInput {
        title,
        body,
        cites: &[],
        subjects: &[],
    })
}

fn with_cites(body: &str, cites: &[&str]) -> Vec<String> {
    let cites: Vec<String> = cites.iter().map(|c| (*c).to_owned()).collect();
    Taxonomy::builtin().classify(&TopicInput {
        title: "",
        body,
        cites: &cites,
        subjects: &[],
    })
}

/// Every result must carry its ancestors.
fn assert_parents_present(got: &[String]) {
    for p in got {
        let mut cur = p.as_str();
        while let Some(cut) = cur.rfind('/').filter(|&c| c > 0) {
            cur = &cur[..cut];
            assert!(got.iter().any(|g| g == cur), "{p} without {cur} in {got:?}");
        }
    }
}

#[test]
fn builtin_file_parses_and_lists_the_required_topics() {
    let tax = Taxonomy::from_toml(BUILTIN_TOML).expect("shipped topics.toml");
    let paths: Vec<String> = tax.topics.iter().map(|t| t.path.clone()).collect();
    for want in [
        "/small-arms",
        "/small-arms/marking-tracing",
        "/small-arms/stockpile-management",
        "/small-arms/transfers",
        "/small-arms/community-safety",
        "/ammunition",
        "/att",
        "/transparency",
        "/transparency/register",
        "/transparency/military-expenditure",
        "/gender",
        "/nuclear",
        "/nuclear/non-proliferation",
        "/nuclear/test-ban",
        "/nuclear/tpnw",
        "/nuclear/nwfz",
        "/chemical",
        "/biological",
        "/mines",
        "/ccw",
        "/ccw/autonomous-weapons",
        "/outer-space",
        "/ict",
        "/terrorism-wmd",
        "/machinery",
        "/machinery/first-committee",
        "/machinery/conference-on-disarmament",
        "/machinery/disarmament-commission",
        "/ddr",
        "/regional",
        "/development",
        "/education",
    ] {
        assert!(paths.iter().any(|p| p == want), "missing {want}");
    }
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(paths.len(), unique.len(), "topic paths are unique");
    assert!(tax.topics.iter().all(|t| !t.name.is_empty()));
}

#[test]
fn every_topic_is_reachable() {
    // (expected path, title, body): sentences written for this test.
    let table: &[(&str, &str, &str)] = &[
        (
            "/small-arms",
            "",
            "Illicit flows of small arms and light weapons fuel conflict in the Sahel.",
        ),
        (
            "/small-arms/marking-tracing",
            "",
            "Police used the International Tracing Instrument to follow seized pistols.",
        ),
        (
            "/small-arms/stockpile-management",
            "",
            "Physical security and stockpile management of police armouries was improved.",
        ),
        (
            "/small-arms/transfers",
            "",
            "Illicit brokering of small arms was criminalised.",
        ),
        (
            "/small-arms/community-safety",
            "",
            "Gun violence and armed violence reduction in urban neighbourhoods.",
        ),
        (
            "/ammunition",
            "",
            "Surplus ammunition must be destroyed safely.",
        ),
        (
            "/att",
            "",
            "States Parties to the Arms Trade Treaty met in Geneva.",
        ),
        (
            "/conventional",
            "",
            "The Council renewed the arms embargo on the country.",
        ),
        (
            "/transparency",
            "",
            "Transparency in armaments builds trust between neighbours.",
        ),
        (
            "/transparency/register",
            "",
            "Eighty States reported imports to the Register of Conventional Arms.",
        ),
        (
            "/transparency/military-expenditure",
            "",
            "Global military expenditure rose again last year.",
        ),
        (
            "/gender",
            "",
            "Gender and disarmament: why women's participation matters.",
        ),
        (
            "/nuclear",
            "",
            "Nuclear weapons remain the gravest threat to humanity.",
        ),
        (
            "/nuclear/non-proliferation",
            "",
            "The NPT Review Conference opens next week.",
        ),
        (
            "/nuclear/test-ban",
            "",
            "The CTBT has not yet entered into force.",
        ),
        (
            "/nuclear/tpnw",
            "",
            "The TPNW entered into force in January 2021.",
        ),
        (
            "/nuclear/nwfz",
            "",
            "The Treaty of Pelindaba established a nuclear-weapon-free zone in Africa.",
        ),
        (
            "/chemical",
            "",
            "The OPCW confirmed the use of chemical weapons.",
        ),
        (
            "/biological",
            "",
            "The Biological Weapons Convention lacks a verification body.",
        ),
        (
            "/mines",
            "",
            "Demining teams cleared landmines from farmland.",
        ),
        (
            "/ccw",
            "",
            "The High Contracting Parties to the CCW met in Geneva.",
        ),
        (
            "/ccw/autonomous-weapons",
            "",
            "Lethal autonomous weapons systems raise ethical questions.",
        ),
        (
            "/outer-space",
            "",
            "Delegations debated the prevention of an arms race in outer space.",
        ),
        (
            "/ict",
            "",
            "Experts discussed responsible State behaviour in cyberspace.",
        ),
        (
            "/terrorism-wmd",
            "",
            "Measures to prevent the acquisition by terrorists of radioactive sources.",
        ),
        (
            "/general-disarmament",
            "",
            "General and complete disarmament under effective international control.",
        ),
        ("/machinery", "", "UNIDIR published a new study."),
        (
            "/machinery/first-committee",
            "First Committee",
            "The draft was adopted without a vote.",
        ),
        (
            "/machinery/conference-on-disarmament",
            "",
            "The Conference on Disarmament again failed to agree on a programme of work.",
        ),
        (
            "/machinery/disarmament-commission",
            "",
            "The Disarmament Commission concluded its substantive session.",
        ),
        (
            "/ddr",
            "",
            "Disarmament, demobilization and reintegration programmes support ex-combatants.",
        ),
        (
            "/regional",
            "",
            "Confidence- and security-building measures were agreed in the region.",
        ),
        (
            "/development",
            "",
            "The relationship between disarmament and development was discussed.",
        ),
        (
            "/education",
            "",
            "Disarmament education empowers young people.",
        ),
    ];
    for (want, title, body) in table {
        let got = classify(title, body);
        assert!(
            got.iter().any(|g| g == want),
            "{body:?}: want {want}, got {got:?}"
        );
        assert_parents_present(&got);
    }
    // The table covers every topic in the shipped file.
    for t in &Taxonomy::builtin().topics {
        assert!(
            table.iter().any(|(p, _, _)| *p == t.path),
            "no sentence reaches {}",
            t.path
        );
    }
}

#[test]
fn text_about_nothing_gets_no_topic() {
    for body in [
        "",
        "The Committee adopted its agenda and elected its officers.",
        "Rainfall in the region was above average this year, and harvests improved.",
        "A mosaic of cultures marked the anniversary celebrations.",
        "Contact tracing slowed the spread of the virus.",
        "The nuclear family is no longer the only model of household.",
        "Gender equality and the empowerment of women and girls remain central to development.",
        "Human rights and terrorism: the Assembly condemned all terrorist acts.",
        "El paro nacional duró dos días.",
    ] {
        assert_eq!(classify("", body), Vec::<String>::new(), "{body:?}");
    }
}

#[test]
fn child_implies_parent() {
    let table: &[(&str, &[&str])] = &[
        (
            "Guidance on the International Tracing Instrument.",
            &["/small-arms", "/small-arms/marking-tracing"],
        ),
        (
            "The TPNW and its first Meeting of States Parties.",
            &["/nuclear", "/nuclear/tpnw"],
        ),
        (
            "Killer robots and lethal autonomous weapons systems.",
            &["/ccw", "/ccw/autonomous-weapons"],
        ),
        (
            "The UNROCA report for 2023.",
            &["/transparency", "/transparency/register"],
        ),
    ];
    for (body, want) in table {
        let got = classify("", body);
        for w in *want {
            assert!(
                got.iter().any(|g| g == w),
                "{body:?}: want {w}, got {got:?}"
            );
        }
        assert_parents_present(&got);
    }
}

#[test]
fn cited_symbol_leans_to_its_topic() {
    let neutral = "The report reviews national measures taken since the last session.";
    assert!(with_cites(neutral, &[]).is_empty());
    let table: &[(&str, &str)] = &[
        ("A/RES/73/69", "/small-arms"),
        ("S/RES/2220 (2015)", "/small-arms"),
        ("S/RES/2220(2015)", "/small-arms"),
        ("a/res/73/69", "/small-arms"),
        ("A/CONF.192/2018/RC/3", "/small-arms"),
        ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "/att"),
        ("CCW/P.V/CONF/2018/5", "/ccw"),
        ("TPNW/MSP/2022/6", "/nuclear/tpnw"),
        ("S/RES/1540 (2004)", "/terrorism-wmd"),
        ("A/CN.10/2024/1", "/machinery/disarmament-commission"),
    ];
    for (cite, want) in table {
        let got = with_cites(neutral, &[cite]);
        assert!(
            got.iter().any(|g| g == want),
            "{cite}: want {want}, got {got:?}"
        );
        assert_parents_present(&got);
    }
    // A prefix ends on a symbol boundary: A/RES/73/690 is another resolution.
    assert!(with_cites(neutral, &["A/RES/73/690"]).is_empty());
    assert!(with_cites(neutral, &["ATTX/1"]).is_empty());
    // A citation leans, it does not overrule: in a long unrelated text one
    // citation is not enough.
    let long = neutral.repeat(400);
    assert!(with_cites(&long, &["A/RES/73/69"]).is_empty());
}

#[test]
fn module_numbers_map_to_their_topics() {
    let table: &[(&str, &[&str])] = &[
        (
            "Apply MOSAIC 05.30 when marking weapons.",
            &["/small-arms", "/small-arms/marking-tracing"],
        ),
        (
            "See ISACS 05.31 on tracing.",
            &["/small-arms", "/small-arms/marking-tracing"],
        ),
        (
            "As set out in MOSAIC 03.40, national coordination matters.",
            &["/small-arms"],
        ),
        (
            "MOSAIC 05.20:2012(E) covers storage.",
            &["/small-arms", "/small-arms/stockpile-management"],
        ),
        (
            "MOSAIC 02.30 links to reintegration.",
            &["/small-arms", "/ddr"],
        ),
        ("Follow IATG 01.40 for the glossary.", &["/ammunition"]),
        ("IATG 12.20 on small unit storage.", &["/ammunition"]),
    ];
    for (body, want) in table {
        let got = classify("", body);
        for w in *want {
            assert!(
                got.iter().any(|g| g == w),
                "{body:?}: want {w}, got {got:?}"
            );
        }
    }
    // The series word alone is not a module reference.
    assert!(classify("", "A mosaic of 05 views.").is_empty());
}

#[test]
fn title_counts_more_than_body_and_long_texts_need_more_evidence() {
    // "firearm" is strong but not decisive on its own in a body.
    assert!(classify("", "Firearms").is_empty());
    assert_eq!(classify("Firearms", ""), vec!["/small-arms".to_owned()]);

    let filler = "The delegation thanked the President for his leadership of the session. ";
    let short = format!("{filler} Nuclear weapons must be eliminated.");
    let long = format!("{} Nuclear weapons must be eliminated.", filler.repeat(800));
    assert!(classify("", &short).iter().any(|g| g == "/nuclear"));
    assert!(
        classify("", &long).is_empty(),
        "one mention in a long speech"
    );
    let paragraph = "Nuclear weapons must be eliminated. The NPT and the CTBT are the \
                     cornerstones; nuclear disarmament and nuclear-weapon-free zones \
                     matter, and nuclear testing must never resume. ";
    let long_with_paragraph = format!("{}{}", filler.repeat(800), paragraph.repeat(3));
    assert!(classify("", &long_with_paragraph)
        .iter()
        .any(|g| g == "/nuclear"));
}

#[test]
fn plurals_hyphens_case_and_accents_are_tolerated() {
    for (body, want) in [
        ("A LANDMINE was found.", "/mines"),
        ("Anti personnel mines were destroyed.", "/mines"),
        ("Antipersonnel mines were destroyed.", "/mines"),
        (
            "The Nonproliferation Treaty turns fifty.",
            "/nuclear/non-proliferation",
        ),
        (
            "The NON-PROLIFERATION TREATY turns fifty.",
            "/nuclear/non-proliferation",
        ),
        ("Demobilisation of fighters began.", "/ddr"),
        (
            "Arms and related matériel were seized at the border.",
            "/conventional",
        ),
    ] {
        let got = classify("", body);
        assert!(
            got.iter().any(|g| g == want),
            "{body:?}: want {want}, got {got:?}"
        );
    }
    // "arms" has no singular of the same meaning.
    assert!(classify("", "He raised his arm.").is_empty());
}

#[test]
fn context_terms_need_a_disarmament_context() {
    let tracing = "Tracing and marking procedures were reviewed.";
    assert!(classify("", tracing).is_empty());
    let with_context = format!("{tracing} Small arms seized by police were recorded.");
    assert!(classify("", &with_context)
        .iter()
        .any(|g| g == "/small-arms/marking-tracing"));
}

#[test]
fn subjects_count_like_the_title() {
    let subjects = vec!["NUCLEAR WEAPONS--HUMANITARIAN CONSEQUENCES".to_owned()];
    let got = Taxonomy::builtin().classify(&TopicInput {
        title: "Note by the Secretary-General",
        body: "",
        cites: &[],
        subjects: &subjects,
    });
    assert!(got.iter().any(|g| g == "/nuclear"), "{got:?}");
}

#[test]
fn resolve_accepts_paths_names_aliases_and_segments() {
    let tax = Taxonomy::builtin();
    for (user, want) in [
        ("small-arms", Some("/small-arms")),
        ("/small-arms", Some("/small-arms")),
        ("/small-arms/", Some("/small-arms")),
        ("Small arms", Some("/small-arms")),
        ("SALW", Some("/small-arms")),
        ("tpnw", Some("/nuclear/tpnw")),
        ("TPNW", Some("/nuclear/tpnw")),
        ("nuclear/tpnw", Some("/nuclear/tpnw")),
        ("nuclear", Some("/nuclear")),
        ("marking-tracing", Some("/small-arms/marking-tracing")),
        ("Arms Trade Treaty", Some("/att")),
        (
            "Conference on Disarmament",
            Some("/machinery/conference-on-disarmament"),
        ),
        ("  landmines ", Some("/mines")),
        ("unicorns", None),
        ("", None),
        ("/", None),
    ] {
        assert_eq!(tax.resolve(user).as_deref(), want, "{user:?}");
    }
}

#[test]
fn bad_taxonomies_are_rejected() {
    let ok = "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"alpha\" = 3\n";
    assert!(Taxonomy::from_toml(ok).is_ok());
    // (file text, which error it must give)
    type Expect = fn(&TopicError) -> bool;
    let table: &[(&str, Expect)] = &[
        ("this is not toml", |e| matches!(e, TopicError::Toml(_))),
        ("", |e| matches!(e, TopicError::NoTopics)),
        ("[[topic]]\npath = \"a\"\nname = \"A\"\n", |e| {
            matches!(e, TopicError::BadPath { .. })
        }),
        ("[[topic]]\npath = \"/A b\"\nname = \"A\"\n", |e| {
            matches!(e, TopicError::BadPath { .. })
        }),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\n[[topic]]\npath = \"/a\"\nname = \"B\"\n",
            |e| matches!(e, TopicError::DuplicatePath(_)),
        ),
        ("[[topic]]\npath = \"/a/b\"\nname = \"B\"\n", |e| {
            matches!(e, TopicError::MissingParent { .. })
        }),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"--\" = 3\n",
            |e| matches!(e, TopicError::EmptyTerm { .. }),
        ),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"x\" = nan\n",
            |e| matches!(e, TopicError::BadWeight { .. }),
        ),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.modules]\n\"MOSAIC 5.300\" = 3\n",
            |e| matches!(e, TopicError::BadModule { .. }),
        ),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\ncontext = [\"/b\"]\n",
            |e| matches!(e, TopicError::UnknownContext { .. }),
        ),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\nthreshold = 0\n",
            |e| matches!(e, TopicError::BadThreshold { .. }),
        ),
        (
            "[scoring]\ntitle_weight = -1\n[[topic]]\npath = \"/a\"\nname = \"A\"\n",
            |e| matches!(e, TopicError::BadScoring { .. }),
        ),
        (
            "[[topic]]\npath = \"/a\"\nname = \"A\"\ncolour = \"red\"\n",
            |e| matches!(e, TopicError::Toml(_)),
        ),
    ];
    for (text, is_expected) in table {
        match Taxonomy::from_toml(text) {
            Ok(_) => panic!("accepted {text:?}"),
            Err(e) => assert!(is_expected(&e), "{text:?}: unexpected error {e}"),
        }
    }
}

#[test]
fn a_small_taxonomy_behaves_as_documented() {
    let tax = Taxonomy::from_toml(
        r#"
        [scoring]
        threshold = 2.0
        [[topic]]
        path = "/fruit"
        name = "Fruit"
        aliases = ["produce"]
        [topic.terms]
        "fruit" = 1
        [[topic]]
        path = "/fruit/apple"
        name = "Apples"
        [topic.terms]
        "apple" = 2
        "apple pie" = 0
        "crab-apple" = 2
        "pip*" = 2
        "#,
    )
    .expect("valid");
    let run = |body: &str| {
        tax.classify(&TopicInput {
            title: "",
            body,
            cites: &[],
            subjects: &[],
        })
    };
    assert_eq!(run("Apples."), vec!["/fruit", "/fruit/apple"]);
    assert_eq!(run("Crabapples."), vec!["/fruit", "/fruit/apple"]);
    assert!(
        run("Apple pie.").is_empty(),
        "a zero-weight phrase absorbs its words"
    );
    assert!(
        run("Pineapples.").is_empty(),
        "matches start on a word boundary"
    );
    assert_eq!(
        run("Pipettes."),
        vec!["/fruit", "/fruit/apple"],
        "a trailing * is a stem"
    );
    assert!(run("Fruit.").is_empty());
    assert_eq!(run("Fruit, fruit and more fruit, fruit."), vec!["/fruit"]);
    assert_eq!(tax.resolve("produce").as_deref(), Some("/fruit"));
    assert_eq!(tax.resolve("apple").as_deref(), Some("/fruit/apple"));
}
