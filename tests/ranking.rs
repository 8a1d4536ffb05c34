//! Ranking analysts can trust (issue 11): real titles and the `country`
//! field, records typed by what they record with `"text"`, one hit per
//! title series (`same_title`, `--no-collapse`), and snippets that show
//! prose. `fixture` runs on files the tests write; `real` on `../shared`.

use crate::json::{HitJson, SearchJson};
use crate::util::{stderr, stdout, Workspace};

fn search(ws: &Workspace, args: &[&str]) -> SearchJson {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = ws.run(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "search {args:?} failed: {}",
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

mod fixture {
    use super::*;

    /// Writes `text` to `<workspace>/in/<name>`; tests ingest that folder.
    pub(super) fn write(ws: &Workspace, name: &str, text: &str) -> std::path::PathBuf {
        let dir = ws.dir.path().join("in");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn speeches_are_titled_by_country_and_filtered_by_it() {
        let ws = Workspace::new();
        write(
            &ws,
            "ARM_53_1998.txt",
            "Our delegation welcomes progress on the arms trade.",
        );
        write(
            &ws,
            "USA_53_1998.txt",
            "The arms trade must be regulated, we said.",
        );
        write(&ws, "CAN_53_1998.txt", "We can do more on development.");
        ws.ingest(&[&ws.dir.path().join("in")]);

        let all = search(&ws, &["arms"]);
        assert_eq!(all.total, 2);
        let titles: Vec<&str> = all.hits.iter().map(|h| h.title.as_str()).collect();
        assert!(
            titles.contains(&"Armenia — General Debate, 53rd session (1998)"),
            "{titles:?}"
        );
        // The code is not a word of the speech: "can" does not find Canada's
        // title, only its text.
        let can = search(&ws, &["arm"]);
        assert!(can.hits.iter().all(|h| h.country.as_deref() != Some("CAN")));

        for given in ["ARM", "arm", "Armenia"] {
            let r = search(&ws, &["arms", "--country", given]);
            let countries: Vec<Option<&str>> =
                r.hits.iter().map(|h| h.country.as_deref()).collect();
            assert_eq!(countries, [Some("ARM")], "--country {given}");
        }
        let bad = ws.run(&["search", "arms", "--country", "Atlantis"]);
        assert_eq!(bad.status.code(), Some(2));
        assert!(
            stderr(&bad).contains("--country") && stderr(&bad).contains("Atlantis"),
            "{}",
            stderr(&bad)
        );
    }

    #[test]
    fn same_titles_are_folded_unless_asked_not_to() {
        let ws = Workspace::new();
        for (i, year) in [2019, 2020, 2021, 2022].iter().enumerate() {
            write(
                &ws,
                &format!("series{i}.txt"),
                &format!("Prevention of an arms race in outer space\nAdopted in {year}: outer space must stay free of arms."),
            );
        }
        write(
            &ws,
            "other.txt",
            "Outer space and arms\nA different paper on outer space and arms.",
        );
        ws.ingest(&[&ws.dir.path().join("in")]);

        let folded = search(&ws, &["outer space arms"]);
        assert_eq!(folded.total, 5, "the count is of documents");
        let series: Vec<&HitJson> = folded
            .hits
            .iter()
            .filter(|h| h.title.starts_with("Prevention"))
            .collect();
        assert_eq!(
            series.len(),
            2,
            "at most two hits of one title: {:?}",
            folded.hits
        );
        assert_eq!(
            series[0].same_title.len(),
            2,
            "the first lists the folded ones"
        );
        assert!(series[1].same_title.is_empty());
        assert_eq!(folded.hits.len(), 3);

        let all = search(&ws, &["outer space arms", "--no-collapse"]);
        assert_eq!(all.hits.len(), 5);
        assert!(all.hits.iter().all(|h| h.same_title.is_empty()));

        // Text output names the folded hits.
        let text = stdout(&ws.run(&["search", "outer space arms"]));
        assert!(text.contains("+2 more with this title:"), "{text}");
    }

    /// `n` words of filler prose that holds no query word.
    fn filler(n: usize) -> String {
        let words = [
            "the",
            "peoples",
            "of",
            "this",
            "world",
            "seek",
            "lasting",
            "peace",
            "and",
            "cooperation",
        ];
        (0..n)
            .map(|i| words[i % words.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_passage_on_the_query_ranks_above_scattered_mentions() {
        let ws = Workspace::new();
        // The same three words once each. Finland's shorter speech scores
        // higher by BM25, but says them a paragraph apart; Norway's says
        // them in one passage (not as a phrase: ten words apart).
        write(
            &ws,
            "FIN_55_2000.txt",
            &format!(
                "{} Liberia {} arms {} embargo {}.",
                filler(30),
                filler(70),
                filler(70),
                filler(30)
            ),
        );
        write(
            &ws,
            "NOR_55_2000.txt",
            &format!(
                "{} Liberia {} arms {} embargo {}.",
                filler(100),
                filler(10),
                filler(10),
                filler(100)
            ),
        );
        ws.ingest(&[&ws.dir.path().join("in")]);
        for flags in [&[][..], &["--no-collapse"][..]] {
            let mut args = vec!["Liberia arms embargo"];
            args.extend_from_slice(flags);
            let r = search(&ws, &args);
            let countries: Vec<Option<&str>> =
                r.hits.iter().map(|h| h.country.as_deref()).collect();
            assert_eq!(countries, [Some("NOR"), Some("FIN")], "{flags:?}");
            // The second page continues the first.
            args.extend_from_slice(&["--limit", "1", "--offset", "1"]);
            let second = search(&ws, &args);
            assert_eq!(second.hits[0].country.as_deref(), Some("FIN"), "{flags:?}");
        }
    }

    #[test]
    fn equal_scores_rank_the_same_whatever_the_ingest_order() {
        // Four statements that match alike (same words, same length): the
        // newer session first, and within one session the same order
        // whichever file was ingested first.
        let text = "We support the arms embargo and its monitoring panel.";
        let names = [
            "AUT_60_2005.txt",
            "BEL_60_2005.txt",
            "CHL_60_2005.txt",
            "DNK_61_2006.txt",
        ];
        let orders: Vec<Vec<String>> = [names.to_vec(), names.iter().rev().copied().collect()]
            .into_iter()
            .map(|order| {
                let ws = Workspace::new();
                // One ingest per file: each lands in its own segment, in
                // this order.
                for name in order {
                    let path = write(&ws, name, text);
                    ws.ingest(&[&path]);
                }
                let r = search(&ws, &["arms embargo", "--limit", "4"]);
                r.hits.iter().filter_map(|h| h.country.clone()).collect()
            })
            .collect();
        assert_eq!(orders[0].len(), 4, "{orders:?}");
        assert_eq!(orders[0][0], "DNK", "the newer session first: {orders:?}");
        assert_eq!(orders[0], orders[1]);
    }

    #[test]
    fn british_and_american_spellings_find_each_other() {
        let ws = Workspace::new();
        write(
            &ws,
            "USA_60_2005.txt",
            "Our defense program will help the regional center for arms control.",
        );
        write(
            &ws,
            "GBR_60_2005.txt",
            "Our defence programme will help the regional centre for arms control.",
        );
        ws.ingest(&[&ws.dir.path().join("in")]);
        for query in ["defense program center", "defence programme centre"] {
            let r = search(&ws, &[query]);
            let mut countries: Vec<&str> =
                r.hits.iter().filter_map(|h| h.country.as_deref()).collect();
            countries.sort();
            assert_eq!(countries, ["GBR", "USA"], "{query}");
            // Each snippet highlights the document's own spelling.
            for hit in &r.hits {
                let marked: Vec<&str> = hit
                    .highlights
                    .iter()
                    .map(|[a, b]| &hit.snippet[*a..*b])
                    .collect();
                let want: &[&str] = if hit.country.as_deref() == Some("USA") {
                    &["defense", "program", "center"]
                } else {
                    &["defence", "programme", "centre"]
                };
                assert_eq!(marked, want, "{query}: {}", hit.snippet);
            }
        }
        // A prefix of one spelling still finds the other's word.
        let r = search(&ws, &["programme*"]);
        assert_eq!(r.hits.len(), 2, "programme*");
    }

    #[test]
    fn a_record_is_typed_by_what_it_records_and_has_no_text() {
        let ws = Workspace::new();
        write(
            &ws,
            "records.jsonl",
            "{\"symbol\": \"A/RES/90/1\", \"title\": \"Nuclear test ban\", \"vote_date\": \"2035-12-01\"}\n",
        );
        write(
            &ws,
            "text.txt",
            "A/RES/90/2\nNuclear test ban verification\nThe General Assembly calls for a nuclear test ban.",
        );
        ws.ingest(&[&ws.dir.path().join("in")]);

        let r = search(&ws, &["nuclear test ban", "--type", "resolution"]);
        assert_eq!(r.total, 2, "both are resolutions: {:?}", r.hits);
        let record = r
            .hits
            .iter()
            .find(|h| h.symbol.as_deref() == Some("A/RES/90/1"))
            .unwrap();
        assert!(!record.text);
        let texts = search(&ws, &["nuclear test ban", "--has-text"]);
        let syms: Vec<Option<&str>> = texts.hits.iter().map(|h| h.symbol.as_deref()).collect();
        assert_eq!(syms, [Some("A/RES/90/2")]);
        let records = search(&ws, &["nuclear test ban", "--has-text=false"]);
        let syms: Vec<Option<&str>> = records.hits.iter().map(|h| h.symbol.as_deref()).collect();
        assert_eq!(syms, [Some("A/RES/90/1")]);
        // The old type name says what replaced it.
        let old = ws.run(&["search", "nuclear", "--type", "catalogue-record"]);
        assert_eq!(old.status.code(), Some(2));
        assert!(
            stderr(&old).contains("--has-text=false"),
            "{}",
            stderr(&old)
        );
        let text = stdout(&ws.run(&["search", "nuclear test ban", "--has-text=false"]));
        assert!(text.contains("record only, no text"), "{text}");
    }
}

mod thesaurus {
    //! `--thesaurus FILE` (query expansion of multi-word concepts).
    use super::*;

    const LABELS: &str = "\
BIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=u:1\tkind=pref
BACTERIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=u:1\tkind=alt
";

    fn workspace() -> Workspace {
        let ws = Workspace::new();
        let old = fixture::write(
            &ws,
            "old.txt",
            "A ban on bacteriological weapons was proposed by our delegation.",
        );
        fixture::write(
            &ws,
            "new.txt",
            "Verification of biological weapons remains the open question.",
        );
        ws.ingest(&[old.parent().unwrap()]);
        ws
    }

    fn sources(r: &SearchJson) -> Vec<String> {
        let mut s: Vec<String> = r
            .hits
            .iter()
            .map(|h| h.source.rsplit('/').next().unwrap_or_default().to_string())
            .collect();
        s.sort();
        s
    }

    #[test]
    fn a_concept_also_finds_its_other_labels_when_a_thesaurus_is_given() {
        let ws = workspace();
        let labels = ws.dir.path().join("labels.tsv");
        std::fs::write(&labels, LABELS).unwrap();
        let labels = labels.to_string_lossy().to_string();

        let plain = search(&ws, &["biological weapons"]);
        assert_eq!(sources(&plain), ["new.txt"]);
        assert!(plain.expansions.is_empty());

        let expanded = search(&ws, &["--thesaurus", &labels, "biological weapons"]);
        assert_eq!(sources(&expanded), ["new.txt", "old.txt"]);
        assert_eq!(expanded.expansions.len(), 1);
        assert_eq!(expanded.expansions[0].terms, ["bacteriological weapons"]);

        // The environment variable does the same; a quoted phrase is
        // taken as written.
        let out = crate::util::undex()
            .env("UNDEX_THESAURUS", &labels)
            .args(["--index"])
            .arg(ws.index())
            .args(["search", "biological weapons", "--format", "json"])
            .output()
            .unwrap();
        let by_env: SearchJson = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(by_env.total, 2, "{}", stderr(&out));
        let quoted = search(&ws, &["--thesaurus", &labels, "\"biological weapons\""]);
        assert_eq!(sources(&quoted), ["new.txt"]);
    }

    #[test]
    fn a_bad_thesaurus_fails_the_command_and_names_the_file_and_line() {
        let ws = workspace();
        let bad = ws.dir.path().join("bad.tsv");
        std::fs::write(&bad, "LANDMINES\tpref_label=LANDMINES\tkind=pref\nMINES\n").unwrap();
        let out = ws.run(&["--thesaurus", &bad.to_string_lossy(), "search", "mines"]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains("bad.tsv") && err.contains("line 2"), "{err}");
        assert!(stdout(&out).is_empty());

        let missing = ws.dir.path().join("missing.tsv");
        let out = ws.run(&["--thesaurus", &missing.to_string_lossy(), "search", "mines"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("missing.tsv"), "{}", stderr(&out));
        // Commands that parse no query do not read it.
        let stats = ws.run(&["--thesaurus", &missing.to_string_lossy(), "stats"]);
        assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    }
}

mod real {
    use super::*;
    use crate::util::shared_corpus;

    #[test]
    fn arms_trade_treaty_ranks_above_armenian_speeches() {
        let ws = Workspace::new();
        let speeches = ws.dir.path().join("arm");
        std::fs::create_dir_all(&speeches).unwrap();
        for f in crate::reliability::speech_files(crate::reliability::ungdc()) {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("ARM_") || name.starts_with("AGO_") {
                std::fs::copy(&f, speeches.join(&name)).unwrap();
            }
        }
        ws.ingest(&[&speeches, &shared_corpus("un-akn/79/en")]);
        let r = search(&ws, &["Arms Trade Treaty universalization"]);
        assert!(!r.hits.is_empty());
        assert!(
            r.hits[0].title.contains("Arms Trade Treaty"),
            "first hit: {:?}",
            r.hits[0].title
        );
        assert!(r.hits.iter().all(|h| !h.title.contains("ARM")));
        let speech = r.hits.iter().position(|h| h.country.is_some());
        let att = r
            .hits
            .iter()
            .rposition(|h| h.title.contains("Arms Trade Treaty"));
        if let (Some(s), Some(a)) = (speech, att) {
            assert!(
                a < s,
                "an Armenian speech ranks above an ATT text: {:?}",
                r.hits
            );
        }
    }

    #[test]
    fn a_record_and_its_text_are_one_hit() {
        let ws = Workspace::new();
        ws.ingest(&[
            &shared_corpus("sc-resolutions-en.jsonl"),
            &shared_corpus("undl-voting-records.jsonl"),
        ]);
        let r = search(
            &ws,
            &[
                "South Africa arms embargo",
                "--no-collapse",
                "--limit",
                "50",
            ],
        );
        let ours: Vec<&HitJson> = r
            .hits
            .iter()
            .filter(|h| {
                h.symbol
                    .as_deref()
                    .is_some_and(|s| s.starts_with("S/RES/282"))
            })
            .collect();
        assert_eq!(ours.len(), 1, "one hit for S/RES/282: {:?}", r.hits);
        let hit = ours[0];
        assert!(hit.text, "the joined document holds the text");
        // The voting record's date, the text's snippet.
        assert_eq!(hit.date.as_deref(), Some("1970-07-23"));
        assert!(!hit.highlights.is_empty(), "snippet: {}", hit.snippet);
        let top: Vec<Option<&str>> = r.hits.iter().take(5).map(|h| h.symbol.as_deref()).collect();
        assert!(
            top.iter().any(
                |s| s.is_some_and(|s| s.starts_with("S/RES/282") || s.starts_with("S/RES/591"))
            ),
            "the texts of S/RES/282 or S/RES/591 rank in the top 5: {top:?}"
        );
    }

    #[test]
    fn library_pages_have_readable_titles() {
        let ws = Workspace::new();
        ws.ingest(&[&shared_corpus("dhl-html/scact2014_table_en.html")]);
        let r = search(&ws, &["*"]);
        assert_eq!(r.hits.len(), 1);
        let title = &r.hits[0].title;
        assert!(
            !title.contains('ï') && !title.contains('\u{FEFF}'),
            "{title:?}"
        );
        assert!(title.contains("2014"), "{title:?}");
    }

    #[test]
    fn a_report_with_a_table_of_contents_is_shown_by_prose() {
        let ws = Workspace::new();
        ws.ingest(&[&shared_corpus("un-pdf/A_80_1.en.pdf")]);
        let r = search(&ws, &["work of the Organization"]);
        let hit = r.hits.first().expect("A/80/1 matches");
        assert!(!hit.snippet.contains("...."), "{}", hit.snippet);
        assert!(!hit.snippet.contains(". . ."), "{}", hit.snippet);
        assert!(!hit.highlights.is_empty(), "{}", hit.snippet);
    }

    #[test]
    fn the_unbis_thesaurus_reads_and_expands_a_weapons_concept() {
        let ws = Workspace::new();
        let a = super::fixture::write(&ws, "a.txt", "Landmines remain in the fields.");
        ws.ingest(&[a.parent().unwrap()]);
        let labels = shared_corpus("unbis-thesaurus.tsv");
        let r = search(
            &ws,
            &[
                "--thesaurus",
                &labels.to_string_lossy(),
                "biological weapons",
            ],
        );
        let terms: Vec<&str> = r
            .expansions
            .iter()
            .flat_map(|e| e.terms.iter().map(String::as_str))
            .collect();
        assert!(terms.contains(&"bacteriological weapons"), "{terms:?}");
        let r = search(
            &ws,
            &["--thesaurus", &labels.to_string_lossy(), "land mines"],
        );
        // "land mines" is an alternative label of "landmines".
        assert_eq!(r.total, 1);
        assert_eq!(search(&ws, &["land mines"]).total, 0);
    }
}
