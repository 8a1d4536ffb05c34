//! Unit tests of PDF extraction and page-1 header parsing: a table of real
//! header shapes, generated PDFs through the real extractor, and a fake
//! worker for the pool-facing [`super::extract`].

use super::*;
use time::macros::date;
use time::Date;

struct Case {
    name: &'static str,
    page1: &'static str,
    symbols: &'static [&'static str],
    date: Option<Date>,
    lang: Option<&'static str>,
    title: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "joint GA/SC letter, en-dash",
        page1: "United Nations A/79/722\u{2013}S/2025/27\n\nGeneral Assembly\nSecurity Council\nDistr.: General\n13 January 2025\n\nOriginal: English\n\n25-00681 (E) 210125\n*2500681*\n\nGeneral Assembly Security Council\nSeventy-ninth session\nAgenda item 98 (w)\nGeneral and complete disarmament: confidence-building\nmeasures in the regional and subregional context\n\nEightieth year\n\nLetter dated 13 January 2025 from the Permanent Representative\nof Kazakhstan to the United Nations addressed to the Secretary-General\n\nI would like to bring to your attention the following.",
        symbols: &["A/79/722-S/2025/27"],
        date: Some(date!(2025 - 01 - 13)),
        lang: Some("en"),
        title: Some("Letter dated 13 January 2025 from the Permanent Representative of Kazakhstan to the United Nations addressed to the Secretary-General"),
    },
    Case {
        name: "SC resolution",
        page1: "United Nations S/RES/2769 (2025)\nSecurity Council Distr.: General\n16 January 2025\n\n25-00687 (E)\n*2500687*\n\nResolution 2769 (2025)\n\nAdopted by the Security Council at its 9838th meeting, on\n16 January 2025\n\nThe Security Council,",
        symbols: &["S/RES/2769 (2025)"],
        date: Some(date!(2025 - 01 - 16)),
        lang: Some("en"),
        title: Some("Resolution 2769 (2025)"),
    },
    Case {
        name: "subsidiary body, Spanish version",
        page1: "Naciones Unidas A/AC.292/2024/3\nAsamblea General Distr. general\n13 de enero de 2025\nEspañol\nOriginal: inglés\n\n25-00001 (S) 140125\n*2500001*\n\nGrupo de trabajo de composición abierta\nTercer período de sesiones\nTema 5 del programa provisional\nAprobación del programa\n\nPrograma provisional\n\n1. Apertura del período de sesiones.",
        symbols: &["A/AC.292/2024/3"],
        date: Some(date!(2025 - 01 - 13)),
        lang: Some("es"),
        title: Some("Programa provisional"),
    },
    Case {
        name: "French version, 1er",
        page1: "Nations Unies S/2025/10\nConseil de sécurité Distr. générale\n1er mars 2025\nFrançais\nOriginal : anglais\n\nLettre datée du 28 février 2025",
        symbols: &["S/2025/10"],
        date: Some(date!(2025 - 03 - 01)),
        lang: Some("fr"),
        title: Some("Lettre datée du 28 février 2025"),
    },
    Case {
        name: "French month without label",
        page1: "Nations Unies S/2025/11\nConseil de sécurité Distr. générale\n13 janvier 2025\n\nRapport du Secrétaire général",
        symbols: &["S/2025/11"],
        date: Some(date!(2025 - 01 - 13)),
        lang: Some("fr"),
        title: Some("Rapport du Secrétaire général"),
    },
    Case {
        name: "missing date",
        page1: "TPNW/MSP/2025/WP.4\n\nThird Meeting of States Parties\nEnglish only\n\nNew York, 3\u{2013}7 March 2025\n\nUniversalization\n\nWorking paper submitted by Austria\n\nI. Introduction",
        symbols: &["TPNW/MSP/2025/WP.4"],
        date: None,
        lang: Some("en"),
        title: Some("Universalization: Working paper submitted by Austria"),
    },
    Case {
        name: "no symbol",
        page1: "Meeting report\nUnited Nations leadership forum\non climate change\n22 September 2009, New York",
        symbols: &[],
        date: None,
        lang: None,
        title: None,
    },
    Case {
        name: "official records cover: symbol first",
        page1: "A/80/42\nUnited Nations\n\nReport of the Disarmament\nCommission for 2025\n\nGeneral Assembly\nOfficial Records\nEightieth Session\nSupplement No. 42",
        symbols: &["A/80/42"],
        date: None,
        lang: None,
        title: Some("Report of the Disarmament Commission for 2025"),
    },
    Case {
        name: "stacked symbols",
        page1: "E/2025/37\nE/ECE/1512\n\nEconomic Commission\nfor Europe\n\nBiennial Report",
        symbols: &["E/2025/37", "E/ECE/1512"],
        date: None,
        lang: None,
        title: Some("Economic Commission for Europe"),
    },
    Case {
        name: "old cover: two symbols and the date on one line",
        page1: "UNITED NATIONS\nGeneral Assembly\nSecurity Council\nDistr. GENERAL\nA/52/826 S/1998/222 17 March 1998\nORIGINAL: ENGLISH\n\nTHE SITUATION IN AFGHANISTAN",
        symbols: &["A/52/826", "S/1998/222"],
        date: Some(date!(1998 - 03 - 17)),
        lang: Some("en"),
        title: Some("THE SITUATION IN AFGHANISTAN"),
    },
    Case {
        name: "reissue star, part, translated version",
        page1: "United Nations E/2025/34 (Part I)*\nEconomic and Social Council Distr.: General\n20 March 2025\nEnglish\nOriginal: French\n\nReport of the Executive Board",
        symbols: &["E/2025/34 (Part I)"],
        date: Some(date!(2025 - 03 - 20)),
        lang: Some("en"),
        title: Some("Report of the Executive Board"),
    },
    Case {
        name: "emergency session joint symbol with hyphen inside",
        page1: "United Nations A/ES-10/1043 - S/2025/529\nGeneral Assembly\nSecurity Council\nDistr.: General\n22 August 2025\nOriginal: English",
        symbols: &["A/ES-10/1043-S/2025/529"],
        date: Some(date!(2025 - 08 - 22)),
        lang: Some("en"),
        title: None,
    },
    Case {
        name: "header printed after the summary",
        page1: "GE.25-06162 (E) 050525\nHuman Rights Council\nEighteenth session\n14-18 July 2025\n\nUnited Nations A/HRC/EMRIP/2025/2\nGeneral Assembly Distr.: General\n6 May 2025\nOriginal: English",
        symbols: &["A/HRC/EMRIP/2025/2"],
        date: Some(date!(2025 - 05 - 06)),
        lang: Some("en"),
        title: None,
    },
    Case {
        name: "symbols in running text are not the header",
        page1: "The Council recalls document S/2025/112 and resolution 2719 (2023).\nIt decides to remain seized of the matter.",
        symbols: &[],
        date: None,
        lang: None,
        title: None,
    },
];

#[test]
fn parse_header_table() {
    for case in CASES {
        let h = parse_header(case.page1);
        let want: Vec<String> = case.symbols.iter().map(|s| s.to_string()).collect();
        assert_eq!(h.symbols, want, "symbols: {}", case.name);
        assert_eq!(h.date, case.date, "date: {}", case.name);
        assert_eq!(h.lang_hint.as_deref(), case.lang, "lang: {}", case.name);
        if case.title.is_some() {
            assert_eq!(h.title.as_deref(), case.title, "title: {}", case.name);
        }
    }
}

#[test]
fn file_name_fallback() {
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("A_79_722.en.pdf", &["A/79/722"], Some("en")),
        (
            "S_RES_2769 (2025).en.pdf",
            &["S/RES/2769 (2025)"],
            Some("en"),
        ),
        (
            "A_ES-10_1043, S_2025_529.en.pdf",
            &["A/ES-10/1043", "S/2025/529"],
            Some("en"),
        ),
        ("A_RES_73_69-EN.pdf", &["A/RES/73/69"], Some("en")),
        (
            "[E_ECE_]TRANS_SC.2_2001_20.en.pdf",
            &["TRANS/SC.2/2001/20"],
            Some("en"),
        ),
        ("***.en.pdf", &[], Some("en")),
        ("UNDoc-4077798.pdf", &[], None),
    ];
    for (name, symbols, lang) in cases {
        let (got, got_lang) = symbols_from_file_name(Path::new(name));
        assert_eq!(
            got,
            symbols.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(got_lang.as_deref(), *lang, "{name}");
    }
}

#[test]
fn tidy_collapses_spaces_and_blank_lines() {
    let raw = "\n\n  United Nations    A/79/722 \n\n \n\nGeneral  Assembly \u{fb01}nal\n";
    assert_eq!(
        tidy_text(raw),
        "United Nations A/79/722\n\nGeneral Assembly final"
    );
}

#[test]
fn strip_inline_images_keeps_text() {
    let content = b"BT (BI not an image) Tj ET\nq BI /W 2 /H 1 /BPC 1 /CS /G ID \xff\x00EIx\n EI Q\nBT (after) Tj ET";
    let cleaned = strip_inline_images(content);
    let s = String::from_utf8_lossy(&cleaned);
    assert!(s.contains("(BI not an image) Tj"), "{s}");
    assert!(s.contains("(after) Tj"), "{s}");
    assert!(!s.contains("ID"), "{s}");
    assert!(lopdf::content::Content::decode(&cleaned).is_ok());
}

#[test]
fn rejects_non_pdf_and_empty() {
    assert!(matches!(extract_pages(b""), Err(ExtractError::Empty)));
    assert!(matches!(
        extract_pages(b"<html>hello</html>"),
        Err(ExtractError::NotPdf)
    ));
    assert!(matches!(
        extract_pages(b"%PDF-1.7\ngarbage"),
        Err(ExtractError::Pdf(_))
    ));
}

/// A two-page PDF built with lopdf, so the real extractor is exercised
/// without shipping a document.
fn tiny_pdf(pages: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::Object;
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|text| {
            let mut ops = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
            ];
            for (i, line) in text.lines().enumerate() {
                ops.push(Operation::new(
                    "Td",
                    vec![72.into(), (720 - 16 * i as i64).into()],
                ));
                ops.push(Operation::new("Tj", vec![Object::string_literal(line)]));
                ops.push(Operation::new(
                    "Td",
                    vec![(-72).into(), (-720 + 16 * i as i64).into()],
                ));
            }
            ops.push(Operation::new("ET", vec![]));
            Content { operations: ops }.encode().unwrap()
        })
        .collect();
    pdf_with_contents(&contents)
}

/// A PDF whose pages have these content streams, written as given, with
/// Helvetica as `/F1`.
fn pdf_with_contents(contents: &[Vec<u8>]) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for content in contents {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.clone()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(Object::from(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The content-stream forms real PDFs write, through the vendored
/// tokenizer: escapes and nested brackets in strings, hex strings, `TJ`
/// arrays with kerning and a word gap, a comment, an inline image (skipped, text after it
/// kept), marked content with a dictionary operand, and a font set on one
/// page reused on the next (the per-document font cache).
#[test]
fn extracts_text_written_in_every_string_form() {
    let page1 = b"% generated\n/P <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td \
(Disarmament \\(general\\) and (complete)) Tj 0 -16 Td \
<41 2F 37 39 2F 37 32 32> Tj 0 -16 Td [(Conf) -20 (erence) -300 (on)] TJ \
0 -16 Td (\\101BC \\\ncontinued) Tj ET EMC\n\
q BI /W 2 /H 1 /BPC 8 /CS /DeviceGray ID \xff) EI Q\n\
BT /F1 12 Tf 72 600 Td (after the image) Tj ET"
        .to_vec();
    let page2 = b"BT /F1 10 Tf 72 720 Td (second page) Tj ET".to_vec();
    let pages = extract_pages(&pdf_with_contents(&[page1, page2])).unwrap();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for want in [
        "Disarmament (general) and (complete)",
        "A/79/722",
        "Conference on",
        "ABC continued",
        "after the image",
    ] {
        assert!(pages[0].contains(want), "{want:?} in {:?}", pages[0]);
    }
    assert!(pages[1].contains("second page"), "{pages:?}");
}

#[test]
fn extracts_pages_of_a_generated_pdf() {
    let bytes = tiny_pdf(&[
        "United Nations S/2025/1\nSecurity Council Distr.: General\n2 January 2025",
        "Second page",
    ]);
    let pages = extract_pages(&bytes).unwrap();
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("S/2025/1"), "{pages:?}");
    assert!(pages[1].contains("Second page"), "{pages:?}");
    let h = parse_header(&pages[0]);
    assert_eq!(h.symbols, vec!["S/2025/1".to_string()]);
    assert_eq!(h.date, Some(date!(2025 - 01 - 02)));
}

#[test]
fn blank_pdf_has_no_text() {
    let bytes = tiny_pdf(&["", ""]);
    assert!(matches!(extract_pages(&bytes), Err(ExtractError::NoText)));
}

#[cfg(unix)]
#[test]
fn extract_uses_page_one_then_the_file_name() {
    use crate::extract::pdf_pool::fake_worker;
    let dir = tempfile::tempdir().unwrap();
    let pool = |exe| PdfPool::with_command(exe, &[], Duration::from_secs(10));
    let write_frame = |pages: &[&str]| {
        let mut body = format!("printf 'UNDEX-PDF/2 0 {}\\n'", pages.len());
        for p in pages {
            body.push_str(&format!("; printf '{}\\n%s' '{}'", p.len(), p));
        }
        body
    };
    // page 1 has a symbol: the file name is ignored
    let named = dir.path().join("E_2024_1.en.pdf");
    std::fs::write(&named, b"%PDF-1.7\n").unwrap();
    let exe = fake_worker(
        dir.path(),
        "es",
        &write_frame(&["Naciones Unidas A/AC.292/2024/3\nAsamblea General Distr. general\n13 de enero de 2025\nEspañol\nOriginal: inglés", "Texto"]),
    );
    let raw = extract(&pool(exe), &named).unwrap();
    assert_eq!(raw.symbols, vec!["A/AC.292/2024/3".to_string()]);
    assert_eq!(raw.lang.as_deref(), Some("es"));
    assert_eq!(raw.date, Some(date!(2025 - 01 - 13)));
    assert_eq!(raw.source, named.display().to_string());
    assert!(raw.body.ends_with("inglés\n\nTexto"), "{}", raw.body);
    // page 1 shows none: symbol and language hint from the file name
    let exe = fake_worker(dir.path(), "plain", &write_frame(&["Some scanned text"]));
    let named = dir.path().join("S_RES_2769 (2025).en.pdf");
    std::fs::write(&named, b"%PDF-1.7\n").unwrap();
    let raw = extract(&pool(exe), &named).unwrap();
    assert_eq!(raw.symbols, vec!["S/RES/2769 (2025)".to_string()]);
    assert_eq!(raw.lang.as_deref(), Some("en"));
    // an ODS "does not exist" page is no document
    let exe = fake_worker(
        dir.path(),
        "ods",
        &write_frame(&["The document you are looking for does not exist in the Official Document System (ODS)."]),
    );
    assert!(matches!(
        extract(&pool(exe), &named),
        Err(ExtractError::Placeholder)
    ));
}

/// The real-document check: page 1 of every PDF in the shared corpus
/// that prints a clear symbol, against `tests/fixtures/un-pdf-symbols.tsv`
/// (file name, then the page-1 symbols joined with '-', or "-" for none).
/// Runs in process on page 1 only; needs `../shared` (or `UNDEX_SHARED`)
/// and fails loudly without it.
#[test]
fn corpus_headers_match_fixture() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("UNDEX_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared"));
    let corpus = shared.join("corpus/un-pdf");
    assert!(
        corpus.is_dir(),
        "the shared real data is missing: expected {} (set UNDEX_SHARED to its folder)",
        corpus.display()
    );
    let fixture = std::fs::read_to_string(manifest.join("tests/fixtures/un-pdf-symbols.tsv"))
        .expect("tests/fixtures/un-pdf-symbols.tsv");
    let (mut clear, mut hits) = (0usize, 0usize);
    let mut misses = Vec::new();
    for row in fixture.lines().filter(|l| !l.trim().is_empty()) {
        let (file, want) = row.split_once('\t').expect("file<TAB>symbols");
        if want == "-" {
            continue;
        }
        clear += 1;
        let bytes = std::fs::read(corpus.join(file)).expect("corpus file listed in the fixture");
        let got = match extract_first_pages(&bytes, 1) {
            Ok(pages) => parse_header(&pages[0]).symbols.join("-"),
            Err(e) => format!("error: {e}"),
        };
        if got == want {
            hits += 1;
        } else {
            misses.push(format!("{file}: want {want}, got {got}"));
        }
    }
    assert!(
        clear >= 200,
        "fixture lists {clear} documents with a symbol"
    );
    let rate = hits as f64 / clear as f64;
    assert!(
        rate >= 0.98,
        "{hits}/{clear} page-1 symbols match; misses:\n{}",
        misses.join("\n")
    );
}

/// The one-pass extraction gives every page the text the page-by-page
/// path gives it, over every PDF of the shared corpus that extracts in
/// one pass (needs `../shared`, like the test above).
#[test]
fn whole_document_pages_equal_page_by_page() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("UNDEX_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared"));
    let corpus = shared.join("corpus/un-pdf");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("the shared real data is missing: {}: {e}", corpus.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut whole, mut differ) = (0, Vec::new());
    // Every fourth file keeps the debug-build run short.
    for path in files.iter().step_by(4) {
        let bytes = std::fs::read(path).unwrap();
        let Ok(doc) = lopdf::Document::load_mem(&bytes) else {
            continue;
        };
        let count = doc.get_pages().len();
        let Some(pages) = whole_document(&doc, count) else {
            continue;
        };
        whole += 1;
        let by_page: Vec<String> = doc
            .get_pages()
            .into_keys()
            .map(|n| {
                pdf_extract_page(&doc, n)
                    .map(|t| tidy_text(&t))
                    .unwrap_or_default()
            })
            .collect();
        let pages: Vec<String> = pages.iter().map(|p| tidy_text(p)).collect();
        if pages != by_page {
            differ.push(path.display().to_string());
        }
    }
    assert!(whole >= 40, "only {whole} files extracted in one pass");
    assert!(differ.is_empty(), "pages differ: {differ:?}");
}
