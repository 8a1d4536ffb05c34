//! Six languages and the UN's AKN4UN XML: every file of
//! `../shared/corpus/un-akn/` ingests as one language version, `get` shows
//! the versions, and a title's words, one written in another inflection
//! found in the texts, find the resolution in its language. Session 79 is
//! the development set, session 80 the held-out set; both are reported.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tantivy::tokenizer::TextAnalyzer;
use undex::index::schema::analyzer;
use undex::lang::Lang;

use crate::json::GetJson;
use crate::util::{shared_corpus, stderr, stdout, Workspace};

const SESSIONS: [&str; 2] = ["79", "80"];

/// Every AKN file: (session, symbol, language, path), from the file names
/// (`79/fr/A_RES_79_15-2421700F.xml`).
fn akn_files() -> Vec<(String, String, Lang, PathBuf)> {
    let mut out = Vec::new();
    for session in SESSIONS {
        let dir = shared_corpus(&format!("un-akn/{session}"));
        for lang_dir in std::fs::read_dir(&dir).unwrap().flatten() {
            let lang = Lang::parse(&lang_dir.file_name().to_string_lossy())
                .unwrap_or_else(|| panic!("unexpected folder {}", lang_dir.path().display()));
            for f in std::fs::read_dir(lang_dir.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                let Some(stem) = name.strip_suffix(".xml") else {
                    continue;
                };
                let symbol = stem.split('-').next().unwrap().replace('_', "/");
                out.push((session.to_string(), symbol, lang, f.path()));
            }
        }
    }
    out.sort();
    out
}

fn akn_index() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::new();
        let dirs: Vec<PathBuf> = SESSIONS
            .iter()
            .map(|s| shared_corpus(&format!("un-akn/{s}")))
            .collect();
        let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
        let out = ws.ingest(&refs);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        ws
    })
}

#[test]
fn all_akn_files_ingest_as_language_versions() {
    let files = akn_files();
    assert_eq!(files.len(), 782, "AKN files in the shared corpus");
    let ws = akn_index();
    let out = ws.run(&["stats", "--format", "json"]);
    let stats: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(stats["documents"], 782, "{stats}");
    let by_lang = stats["by_lang"].as_object().unwrap();
    let langs: BTreeSet<&str> = by_lang.keys().map(String::as_str).collect();
    assert_eq!(
        langs,
        BTreeSet::from(["ar", "en", "es", "fr", "ru", "zh"]),
        "{stats}"
    );
    for lang in Lang::OFFICIAL {
        let want = files.iter().filter(|f| f.2 == lang).count() as u64;
        assert_eq!(by_lang[lang.code()], want, "{lang}");
    }
}

#[test]
fn get_shows_every_language_version() {
    let ws = akn_index();
    let mut by_symbol: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, symbol, lang, _) in akn_files() {
        by_symbol
            .entry(symbol)
            .or_default()
            .insert(lang.code().to_string());
    }
    assert_eq!(by_symbol.len(), 131);
    let mut wrong = Vec::new();
    for (symbol, langs) in &by_symbol {
        let out = ws.run(&["get", symbol, "--format", "json"]);
        let got: GetJson = serde_json::from_str(&stdout(&out)).unwrap();
        let got_langs: Vec<String> = got.hits.iter().map(|h| h.lang.clone()).collect();
        let unique: BTreeSet<String> = got_langs.iter().cloned().collect();
        if unique != *langs || got_langs.len() != langs.len() {
            wrong.push(format!("{symbol}: {got_langs:?}, want {langs:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // One version on request, shown with its language.
    let (symbol, _) = by_symbol.iter().next().unwrap();
    let out = ws.run(&["get", symbol, "--lang", "fr", "--format", "json"]);
    let got: GetJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got.hits.len(), 1);
    assert_eq!(got.hits[0].lang, "fr");
    let out = ws.run(&["get", symbol, "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("xx"), "{}", stderr(&out));
    let text = stdout(&ws.run(&["get", symbol]));
    for lang in Lang::OFFICIAL {
        assert!(
            text.contains(&format!(" {}\n", lang.code())),
            "text output names {lang}:\n{text}"
        );
    }
}

fn analyse(a: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut a = a.clone();
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

/// The words of `text`, as written (letters and marks).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c)))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Tatweel after the first letter and a fatha on the last: the same
/// Arabic word as people may type it.
fn decorate_arabic(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() >= 3 {
        chars.insert(1, '\u{0640}');
        chars.push('\u{064E}');
    }
    chars.into_iter().collect()
}

/// The look-up query for one title in one language: two title words, the
/// first written in another inflection found in the texts when there is one.
fn lookup_query(
    lang: Lang,
    title: &str,
    analyser: &TextAnalyzer,
    inflections: &HashMap<String, Vec<String>>,
) -> Option<(String, bool)> {
    if lang == Lang::Zh {
        // Chinese words are not inflected: two words of 2-4 characters.
        let mut ws: Vec<String> = analyse(analyser, title)
            .into_iter()
            .filter(|w| (2..=4).contains(&w.chars().count()))
            .collect();
        ws.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        ws.dedup();
        return (ws.len() >= 2).then(|| (format!("{} {}", ws[0], ws[1]), false));
    }
    let mut candidates: Vec<String> = words(title)
        .into_iter()
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();
    // Longer words are the rarer, content-bearing ones.
    candidates.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    candidates.dedup();
    if candidates.len() < 2 {
        return None;
    }
    // The first candidate with another inflection in the texts is written
    // that way; the next candidate is written as in the title.
    let inflected = candidates.iter().enumerate().find_map(|(i, w)| {
        let stem = analyse(analyser, w).pop()?;
        let other = inflections.get(&stem)?.iter().find(|v| *v != w)?;
        Some((i, other.clone()))
    });
    let (i, first, changed) = match inflected {
        Some((i, other)) => (i, other, true),
        None => (0, candidates[0].clone(), false),
    };
    let second = candidates
        .iter()
        .enumerate()
        .find(|(j, _)| *j != i)
        .map(|(_, w)| w.clone())?;
    let (first, second) = if lang == Lang::Ar {
        (decorate_arabic(&first), decorate_arabic(&second))
    } else {
        (first, second)
    };
    Some((format!("{first} {second}"), changed))
}

/// The text of an AKN file from its cover page on, tags dropped: what its
/// readers read (the metadata before it is left out).
fn text_of(path: &Path) -> String {
    let xml = std::fs::read_to_string(path).unwrap();
    let from = xml.find("<coverPage").unwrap_or(0);
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml[from..].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every surface form of every word in the bodies of one language, by stem.
fn inflections_of(texts: &[String], analyser: &TextAnalyzer) -> HashMap<String, Vec<String>> {
    let mut forms: BTreeSet<String> = BTreeSet::new();
    for t in texts {
        forms.extend(
            words(t)
                .into_iter()
                .filter(|w| w.chars().all(char::is_alphabetic)),
        );
    }
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for f in forms {
        if let Some(stem) = analyse(analyser, &f).pop() {
            out.entry(stem).or_default().push(f);
        }
    }
    out
}

#[test]
fn title_words_in_another_inflection_find_the_resolution_in_every_language() {
    let ws = akn_index();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for session in SESSIONS {
        let mut found_all = 0;
        let mut asked_all = 0;
        let mut per_lang = Vec::new();
        for lang in Lang::OFFICIAL {
            // The versions of this session in this language, with texts.
            let out = ws.run(&[
                "search",
                "*",
                "--lang",
                lang.code(),
                "--symbol",
                &format!("A/RES/{session}"),
                "--limit",
                "1000",
                "--format",
                "json",
            ]);
            let listed: Value = serde_json::from_str(&stdout(&out)).unwrap();
            let hits = listed["hits"].as_array().unwrap();
            let docs: Vec<(String, String)> = hits
                .iter()
                .map(|h| {
                    (
                        h["symbol"].as_str().unwrap().to_string(),
                        h["title"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            // The texts of this language, for the inflections they use.
            let bodies: Vec<String> = akn_files()
                .into_iter()
                .filter(|f| f.0 == session && f.2 == lang)
                .map(|f| text_of(&f.3))
                .collect();
            let a = analyzer(lang);
            let inflections = inflections_of(&bodies, &a);
            let mut lines = Vec::new();
            let mut queries = Vec::new();
            for (symbol, title) in &docs {
                if let Some((q, _)) = lookup_query(lang, title, &a, &inflections) {
                    lines.push(
                        serde_json::json!({"id": symbol, "query": q, "limit": 10}).to_string(),
                    );
                    queries.push((symbol.clone(), q));
                }
            }
            let file = ws.dir.path().join(format!("q-{session}-{lang}.jsonl"));
            std::fs::write(&file, lines.join("\n")).unwrap();
            let out = ws.run(&["batch", &file.display().to_string()]);
            let mut found = 0;
            for (line, (symbol, q)) in stdout(&out).lines().zip(&queries) {
                let v: Value = serde_json::from_str(line).unwrap();
                let hit = v["hits"].as_array().is_some_and(|hs| {
                    hs.iter()
                        .any(|h| h["symbol"] == symbol.as_str() && h["lang"] == lang.code())
                });
                if hit {
                    found += 1;
                } else {
                    failures.push(format!("{session} {lang} {symbol}: {q}"));
                }
            }
            let asked = docs.len();
            per_lang.push((lang, found, asked));
            found_all += found;
            asked_all += asked;
        }
        let rate = |f: usize, a: usize| 100.0 * f as f64 / a.max(1) as f64;
        let mut line = format!(
            "session {session}: overall {found_all}/{asked_all} = {:.1}%",
            rate(found_all, asked_all)
        );
        for (lang, f, a) in &per_lang {
            line.push_str(&format!("; {lang} {f}/{a} = {:.1}%", rate(*f, *a)));
        }
        report.push((line, found_all, asked_all, per_lang));
    }
    for (line, ..) in &report {
        println!("{line}");
    }
    for f in failures.iter().take(40) {
        println!("  miss: {f}");
    }
    for (line, found, asked, per_lang) in &report {
        assert!(*found as f64 >= 0.95 * *asked as f64, "{line}");
        for (lang, f, a) in per_lang {
            assert!(*a > 0 && *f as f64 >= 0.90 * *a as f64, "{lang}: {line}");
        }
    }
}

#[test]
fn bad_akn_files_are_reported_with_path_and_reason() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/akn");
    let ws = Workspace::new();
    let out = ws.run(&["ingest", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for (file, reason) in [
        ("no-symbol.xml", "without a symbol"),
        ("unknown-language.xml", "unknown language code \"xho\""),
        ("truncated.xml", "truncated"),
        ("other-root.xml", "no MARC <record> element"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason}\n{err}"
        );
    }
    assert!(err.contains("4 inputs failed"), "{err}");
    // The good file is indexed, in its language, with its voting record.
    let got: GetJson = serde_json::from_str(&stdout(&ws.run(&[
        "get",
        "A/RES/79/9999",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(got.hits.len(), 1);
    assert_eq!(got.hits[0].lang, "es");
    assert_eq!(got.hits[0].cites, vec!["A/C.1/79/L.999".to_string()]);
}

#[test]
fn a_version_whose_language_becomes_known_replaces_the_undetermined_one() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("note.txt");
    // Too short to tell its language: indexed as `und`.
    std::fs::write(&file, "A/RES/73/69\nShort note on arms.\n").unwrap();
    ws.ingest(&[&file]);
    let get = |ws: &Workspace| -> GetJson {
        serde_json::from_str(&stdout(&ws.run(&[
            "get",
            "A/RES/73/69",
            "--format",
            "json",
        ])))
        .unwrap()
    };
    let first = get(&ws);
    assert_eq!(first.hits.len(), 1);
    assert_eq!(first.hits[0].lang, "und");
    // Edited into a text long enough to be detected as English.
    std::fs::write(
        &file,
        "A/RES/73/69\nThe General Assembly welcomes the work done by States to stop the \
         illicit trade in small arms and light weapons, and calls upon all States to keep \
         records of the weapons they hold, to mark them when they are made, and to share \
         what they know with each other and with the United Nations every year.\n",
    )
    .unwrap();
    ws.ingest(&[&file]);
    let second = get(&ws);
    let langs: Vec<&str> = second.hits.iter().map(|h| h.lang.as_str()).collect();
    assert_eq!(langs, vec!["en"], "one document, now in English");
}

#[test]
fn short_english_voting_titles_take_their_files_language() {
    let ws = Workspace::new();
    let out = ws.ingest(&[&shared_corpus("undl-voting-records.jsonl")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.run(&["facets", "lang", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"en\""), "{text}");
    for other in ["fr", "es", "und"] {
        let out = ws.run(&["search", "*", "--lang", other, "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "--lang {other}: {}",
            stdout(&out)
        );
    }
}
