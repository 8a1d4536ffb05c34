//! Unit tests of the HTML extractor: main text, titles, dates, languages,
//! boilerplate, and the nesting cap on hostile markup.

use super::*;
use time::macros::date;

fn run(html: &str) -> RawDocument {
    extract(Path::new("pages/p.html"), html.as_bytes()).expect("page should extract")
}

#[test]
fn strips_chrome_and_keeps_main_text() {
    let page = r#"<!DOCTYPE html><html lang="en-GB"><head>
<title>Small arms | UNODA</title>
<meta property="og:title" content="Small arms control">
<meta property="article:published_time" content="2019-10-15T09:00:00+02:00">
<link rel="canonical" href="https://example.org/small-arms">
<style>.x{color:red}</style><script>var nav = "menu";</script>
</head><body>
<header><a href="/">Home</a> Site banner</header>
<nav><ul><li>Menu item</li></ul></nav>
<div class="breadcrumb">Home › Topics</div>
<main>
  <header><h1>Small arms control</h1></header>
  <p>Member States adopted resolution <b>73/69</b> on
     small arms.</p>
  <aside>Related links</aside>
  <form><input name="q"><button>Search</button></form>
  <div hidden>secret</div><span aria-hidden="true">icon</span>
  <div style="display: none">invisible</div>
  <table><tr><td>S/RES/2220 (2015)</td><td>S/PV.7447</td></tr>
         <tr><th>A/RES/73/69</th><td>adopted</td></tr></table>
  <pre>line one
line  two</pre>
</main>
<footer>Copyright</footer>
</body></html>"#;
    let doc = run(page);
    assert_eq!(doc.title.as_deref(), Some("Small arms control"));
    assert_eq!(doc.lang.as_deref(), Some("en"));
    assert_eq!(doc.date, Some(date!(2019 - 10 - 15)));
    assert_eq!(doc.url.as_deref(), Some("https://example.org/small-arms"));
    assert_eq!(doc.type_hint, Some(DocType::WebPage));
    assert_eq!(doc.source, "pages/p.html");
    for kept in [
        "Small arms control",
        "Member States adopted resolution 73/69 on small arms.",
        "S/RES/2220 (2015) S/PV.7447",
        "A/RES/73/69 adopted",
        "line one\nline two",
    ] {
        assert!(
            doc.body.contains(kept),
            "missing {kept:?} in {:?}",
            doc.body
        );
    }
    for dropped in [
        "Home",
        "Menu item",
        "banner",
        "Related",
        "Search",
        "secret",
        "icon",
        "invisible",
        "Copyright",
        "color:red",
        "var nav",
    ] {
        assert!(
            !doc.body.contains(dropped),
            "kept {dropped:?} in {:?}",
            doc.body
        );
    }
}

#[test]
fn table_cells_stay_separate_tokens() {
    let doc = run("<table><tr><td><a href=x>S/PV.88</a></td><td>31 December</td><td><a>S/RES/15 (1946)</a><br>adopted</td></tr></table>");
    let tokens: Vec<&str> = doc.body.split_whitespace().collect();
    assert!(tokens.contains(&"S/PV.88"), "{tokens:?}");
    assert!(tokens.contains(&"S/RES/15"), "{tokens:?}");
    assert!(
        doc.body.contains("S/RES/15 (1946)\nadopted"),
        "{:?}",
        doc.body
    );
}

#[test]
fn title_and_date_fallbacks() {
    let cases: &[(&str, Option<&str>, Option<time::Date>)] = &[
            (
                "<title> Plain\n title </title><h1>Heading</h1><p>x</p>",
                Some("Plain title"),
                None,
            ),
            ("<h1>Heading <i>one</i></h1><p>x</p>", Some("Heading one"), None),
            (
                "<table><tr><th>Meetings in 1999<br>(reverse order)</th></tr></table>",
                Some("Meetings in 1999"),
                None,
            ),
            (
                "<p>Posted <time datetime=\"2020-03-04\">4 March</time></p>",
                Some("Posted 4 March"),
                Some(date!(2020 - 03 - 04)),
            ),
            (
                "<meta name=\"DC.date\" content=\"2018-12-05\"><meta name=\"article:modified_time\" content=\"2019-01-01\"><p>a</p>",
                Some("a"),
                Some(date!(2018 - 12 - 05)),
            ),
            (
                "<p>Geneva, 13 janvier 2025</p><p>Texte</p>",
                Some("Geneva, 13 janvier 2025"),
                Some(date!(2025 - 01 - 13)),
            ),
        ];
    for (page, title, date) in cases {
        let doc = run(page);
        assert_eq!(doc.title.as_deref(), *title, "page {page:?}");
        assert_eq!(doc.date, *date, "page {page:?}");
    }
}

#[test]
fn root_choice() {
    // Two articles: a listing, so the whole body is kept.
    let doc = run("<body><article>one</article><article>two</article></body>");
    assert!(doc.body.contains("one") && doc.body.contains("two"));
    // One article wins over the rest of the page.
    let doc = run("<body><div>outside</div><article>inside</article></body>");
    assert_eq!(doc.body, "inside");
    // #content when there is no main or article.
    let doc = run("<body><div>outside</div><div id=\"content\">inside</div></body>");
    assert_eq!(doc.body, "inside");
    // A page wrapped in one <form> (ASP.NET) keeps its text; a search
    // form does not.
    let doc = run("<body><form id=\"aspnetForm\"><h1>Title</h1><p>Text</p></form><form><input><label>Search site</label></form></body>");
    assert_eq!(doc.body, "Title\n\nText");
    let doc = run("<body><p>Text</p><form><label>Search site</label><input></form></body>");
    assert_eq!(doc.body, "Text");
    // An empty <main> (filled by JavaScript) falls back to the body.
    let doc = run("<body><main></main><div>text</div></body>");
    assert_eq!(doc.body, "text");
}

#[test]
fn oversized_pages_are_refused() {
    let big = vec![b'a'; MAX_HTML_BYTES as usize + 1];
    assert!(matches!(
        extract(Path::new("big.html"), &big),
        Err(ExtractError::TooLarge { .. })
    ));
}

#[test]
fn encodings_and_empty_pages() {
    let doc = extract(
        Path::new("a.html"),
        b"<meta charset=\"windows-1252\"><p>\x93Caf\xe9\x94</p>",
    )
    .unwrap();
    assert_eq!(doc.body, "\u{201C}Café\u{201D}");
    let doc = extract(Path::new("a.html"), b"<meta charset=utf-8><p>caf\xe9</p>").unwrap();
    assert_eq!(doc.body, "caf\u{FFFD}");
    let doc = extract(Path::new("a.html"), b"\xEF\xBB\xBF<p>ok</p>").unwrap();
    assert_eq!(doc.body, "ok");
    assert!(matches!(
        extract(Path::new("a.html"), b"  \n"),
        Err(ExtractError::Empty)
    ));
    assert!(matches!(
        extract(
            Path::new("a.html"),
            b"<html><head><script>x</script></head><body> </body></html>"
        ),
        Err(ExtractError::NoContent)
    ));
}

/// Builds `<html><body>` + `open`×n + "deep" + `close`×n.
fn nested(open: &str, close: &str, n: usize) -> String {
    let mut s = String::from("<html><body><p>start</p>");
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str("deep text");
    for _ in 0..n {
        s.push_str(close);
    }
    s.push_str("<p>end</p></body></html>");
    s
}

#[test]
fn deep_nesting_is_capped_on_a_small_stack() {
    // Run on a thread with a normal 2 MB stack, and within a time bound
    // that the quadratic behaviour would blow by orders of magnitude.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let cases: [(&str, &str, &str); 6] = [
                ("div", "<div>", "</div>"),
                ("div unclosed", "<div>", ""),
                ("ul li", "<ul><li>", "</li></ul>"),
                ("table", "<table><tr><td>", "</td></tr></table>"),
                ("font misnested", "<p><font color=red>x", "</p>"),
                ("span", "<span class=a>", "</span>"),
            ];
            for (name, open, close) in cases {
                let started = std::time::Instant::now();
                let page = nested(open, close, 100_000);
                let doc = extract(Path::new("deep.html"), page.as_bytes()).unwrap();
                assert!(doc.body.contains("deep text"), "{name}");
                assert!(doc.body.starts_with("start"), "{name}");
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(30),
                    "{name} took {:?}",
                    started.elapsed()
                );
            }
        })
        .unwrap();
    handle.join().expect("deep nesting must not crash");
}

#[test]
fn cap_nesting_bounds_depth() {
    let capped = cap_nesting(&nested("<div>", "</div>", 1000));
    let html = Html::parse_document(&capped);
    let deepest = html
        .root_element()
        .descendent_elements()
        .map(|e| e.ancestors().count())
        .max()
        .unwrap();
    assert!(deepest <= MAX_DEPTH + 8, "depth {deepest}");
}

#[test]
fn cap_nesting_passes_normal_markup_through() {
    let cases = [
        // Unchanged: balanced markup, raw text with tags inside, quotes.
        ("<div><p>a</p></div>", "<div><p>a</p></div>"),
        (
            "<script>if (a<b) document.write('</div>')</script>",
            "<script>if (a<b) document.write('</div>')</script>",
        ),
        ("<a title=\"x>y\">t</a>", "<a title=\"x>y\">t</a>"),
        ("a < b and c<3", "a < b and c<3"),
        // Implied end tags made explicit.
        ("<p>a<p>b", "<p>a</p><p>b"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        (
            "<table><tr><td>a<td>b<tr><td>c</table>",
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        ),
        ("<p><b>x</p>y", "<p><b>x</b></p>y"),
        // Stray end tags and comments dropped.
        ("a</span>b<!-- c -->d", "abd"),
        (
            "<svg><path d=\"M0\"/><g/></svg>t",
            "<svg><path d=\"M0\"/><g/></svg>t",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(cap_nesting(input), want, "input {input:?}");
    }
}
