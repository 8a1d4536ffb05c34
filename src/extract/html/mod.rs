//! HTML pages: title, main text, date and language.
//!
//! The body is the page's main text: `<main>` (or `role="main"`) when
//! present, else a lone `<article>`, else `#content`, else `<body>`.
//! Navigation, page headers and footers, asides, widget forms (but not a
//! page-wrapping ASP.NET `<form>`), scripts, styles and hidden elements are
//! left out. Block elements and table cells are separated by newlines and
//! spaces, so table-driven pages (the Dag Hammarskjöld Library's lists of
//! meetings) keep "S/RES/2220 (2015)" and "S/PV.7447" as separate tokens;
//! inline elements are not separated, so `S/RES/<b>2220</b>` stays one word.
//! Symbols are not collected here: the citation scanner reads the body.
//!
//! The title is `og:title`, else `<title>`, else the first `<h1>`, else the
//! first line of the body. The date comes from publication metadata
//! (`article:published_time`, `DC.date`, …), else the first `<time datetime>`,
//! else a date or month named in the title ("… | OCT 2019"), else
//! [`find_date`] on the body. The language is `<html lang>`'s primary
//! subtag. Pages are decoded as UTF-8, or as Windows-1252 when they are not
//! valid UTF-8 and do not declare UTF-8.
//!
//! Hostile input. html5ever builds its tree without recursion, but several
//! tree-construction steps scan the stack of open elements, so deep nesting
//! is quadratic (measured: 20,000 nested `<div>` ≈ 1 s, `<ul><li>` ≈ 5 s; at
//! 100,000 levels, minutes), and misnested formatting tags
//! (`<p><font color=N>x` repeated) make it rebuild ever deeper trees (50 MB
//! of that ran out of memory). Before parsing, a linear pass
//! (`cap_nesting`) therefore rebalances the markup: it tracks open
//! elements, writes explicit end tags where the parser would have implied
//! or reconstructed them, and drops tags below depth `MAX_DEPTH` while
//! keeping their text. On 2,500 well-formed real pages and the 79 DHL pages
//! it changes nothing the parser builds. Our own tree walk is iterative.
//! Pages over `MAX_HTML_BYTES` are refused as too large.

use std::path::Path;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

mod cap;
#[cfg(test)]
mod tests;

pub(crate) use cap::cap_nesting;

use super::date::{date_in_title, find_date, parse_date};
use super::text::{clean_title, cp1252_decode, decode_text, first_line_title, lang_code};
use super::ExtractError;
use crate::document::{DocType, RawDocument};

/// Deepest element nesting passed to the HTML parser. Real pages stay well
/// under 100 levels; beyond this, tags are dropped and only text is kept.
pub(crate) const MAX_DEPTH: usize = 256;

/// Largest page parsed. html5ever's tree costs 10–30 bytes of memory per
/// byte of markup (a 50 MB table page: 2.3 s and 0.7 GB; 50 MB of
/// pathological `<p><font>` soup: 4.6 s and 1.4 GB), so bigger pages are
/// refused rather than risking the ingester's memory. No real page is close.
/// The one HTML limit: `extract::Format::max_bytes` uses it too.
pub(crate) const MAX_HTML_BYTES: u64 = 20_000_000;

/// Extracts one HTML page.
pub fn extract(path: &Path, bytes: &[u8]) -> Result<RawDocument, ExtractError> {
    let size = bytes.len() as u64;
    if size > MAX_HTML_BYTES {
        return Err(ExtractError::TooLarge {
            size,
            limit: MAX_HTML_BYTES,
        });
    }
    super::text::check_not_binary(bytes)?;
    let source = decode_html(bytes);
    if source.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let html = Html::parse_document(&cap_nesting(&source));
    let page = Page::read(&html);

    let body = page
        .main
        .map(main_text)
        .filter(|t| !t.is_empty())
        .or_else(|| page.body.map(main_text))
        .unwrap_or_default();
    let title = page
        .og_title
        .as_deref()
        .and_then(clean_title)
        .or_else(|| page.title.as_deref().and_then(clean_title))
        .or_else(|| page.h1.as_deref().and_then(clean_title))
        .or_else(|| first_line_title(&body));
    if body.is_empty() && title.is_none() {
        return Err(ExtractError::NoContent);
    }
    let date = page
        .meta_date
        .or(page.time_date)
        .or_else(|| title.as_deref().and_then(date_in_title))
        .or_else(|| find_date(&body));

    Ok(RawDocument {
        source: path.display().to_string(),
        symbols: Vec::new(),
        title,
        body,
        date,
        lang: page.lang,
        url: page.url,
        subjects: Vec::new(),
        type_hint: Some(DocType::WebPage),
        ..RawDocument::default()
    })
}

/// Decodes page bytes: a byte-order mark or valid UTF-8 wins; otherwise the
/// `charset` declared near the top decides between lossy UTF-8 and
/// Windows-1252 (the web's default for undeclared Western pages).
fn decode_html(bytes: &[u8]) -> String {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if has_bom || std::str::from_utf8(bytes).is_ok() {
        return decode_text(bytes);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let declares_utf8 = head
        .find("charset")
        .map(|i| &head[i + 7..])
        .map(|rest| rest.trim_start_matches([' ', '=', '"', '\'']))
        .is_some_and(|rest| rest.starts_with("utf-8") || rest.starts_with("utf8"));
    if declares_utf8 {
        decode_text(bytes)
    } else {
        cp1252_decode(bytes)
    }
}

/// What the extractor needs from a parsed page, found in one pass.
struct Page<'a> {
    main: Option<ElementRef<'a>>,
    body: Option<ElementRef<'a>>,
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    meta_date: Option<time::Date>,
    time_date: Option<time::Date>,
    lang: Option<String>,
    url: Option<String>,
}

/// Metadata names that carry a page's publication date, best first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "publication_date",
    "pubdate",
    "publish-date",
    "publishdate",
    "date",
    "article:modified_time",
    "dcterms.modified",
    "last-modified",
];

impl<'a> Page<'a> {
    fn read(html: &'a Html) -> Page<'a> {
        let root = html.root_element();
        let mut page = Page {
            main: None,
            body: None,
            og_title: None,
            title: None,
            h1: None,
            meta_date: None,
            time_date: None,
            lang: root
                .attr("lang")
                .or_else(|| root.attr("xml:lang"))
                .and_then(lang_code),
            url: None,
        };
        let mut main = None;
        let mut articles = Vec::new();
        let mut content = None;
        let mut dates: Vec<(usize, time::Date)> = Vec::new();
        let mut meta_lang = None;
        let mut canonical = None;
        let mut og_url = None;

        // `descendent_elements` walks the tree iteratively.
        for el in root.descendent_elements() {
            let e = el.value();
            match e.name() {
                "body" if page.body.is_none() => page.body = Some(el),
                "main" if main.is_none() => main = Some(el),
                "article" => articles.push(el),
                "title" if page.title.is_none() && !inside(el, "svg") => {
                    page.title = Some(el.text().collect());
                }
                "h1" if page.h1.is_none() => page.h1 = Some(el.text().collect()),
                "time" if page.time_date.is_none() => {
                    page.time_date = e.attr("datetime").and_then(parse_date);
                }
                "link" if canonical.is_none() => {
                    let rel = e.attr("rel").unwrap_or("");
                    if rel
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    {
                        canonical = e.attr("href").filter(|h| is_http(h)).map(str::to_string);
                    }
                }
                "meta" => {
                    let key = e
                        .attr("property")
                        .or_else(|| e.attr("name"))
                        .or_else(|| e.attr("itemprop"))
                        .or_else(|| e.attr("http-equiv"))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let value = e.attr("content").or_else(|| e.attr("datetime"));
                    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    match key.as_str() {
                        "og:title" | "twitter:title" if page.og_title.is_none() => {
                            page.og_title = Some(value.to_string());
                        }
                        "content-language" | "og:locale" | "language" if meta_lang.is_none() => {
                            meta_lang = lang_code(value);
                        }
                        "og:url" if og_url.is_none() && is_http(value) => {
                            og_url = Some(value.to_string());
                        }
                        k => {
                            if let Some(rank) = DATE_METAS.iter().position(|m| *m == k) {
                                if let Some(d) = parse_date(value) {
                                    dates.push((rank, d));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            if main.is_none()
                && e.attr("role")
                    .is_some_and(|r| r.eq_ignore_ascii_case("main"))
            {
                main = Some(el);
            }
            if content.is_none()
                && e.id()
                    .is_some_and(|id| matches!(id, "content" | "main-content" | "maincontent"))
            {
                content = Some(el);
            }
        }
        page.main = main
            .or(if articles.len() == 1 {
                articles.first().copied()
            } else {
                None
            })
            .or(content)
            .or(page.body);
        page.meta_date = dates.iter().min_by_key(|(rank, _)| *rank).map(|(_, d)| *d);
        page.lang = page.lang.or(meta_lang);
        page.url = canonical.or(og_url);
        page
    }
}

fn is_http(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Whether `el` has an ancestor named `name` (bounded by the capped depth).
fn inside(el: ElementRef<'_>, name: &str) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == name)
}

/// Elements whose content is never main text.
fn is_boilerplate_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "nav"
            | "footer"
            | "aside"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "dialog"
            | "map"
            | "audio"
            | "video"
    )
}

/// A `<form>` that is a widget (search box, newsletter sign-up) rather
/// than a page wrapper: ASP.NET pages put the whole page inside one
/// `<form>`, so a form holding paragraphs, tables or headings is kept.
/// Forms cannot nest, so these scans add up to one pass over the tree.
fn is_widget_form(el: ElementRef<'_>) -> bool {
    el.value().name() == "form"
        && !el.descendent_elements().any(|d| {
            matches!(
                d.value().name(),
                "p" | "table" | "h1" | "h2" | "h3" | "article" | "main" | "section"
            )
        })
}

/// ARIA roles and class/id names that mark navigation and chrome.
fn is_boilerplate_attr(e: &Element) -> bool {
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        if style.to_ascii_lowercase().contains("display:none") {
            return true;
        }
    }
    if e.attr("role").is_some_and(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "navigation" | "banner" | "contentinfo" | "search" | "menubar" | "dialog"
        )
    }) {
        return true;
    }
    const CHROME: &[&str] = &[
        "breadcrumb",
        "breadcrumbs",
        "skip-link",
        "skip-links",
        "navbar",
        "site-header",
        "site-footer",
        "sidebar",
        "cookie-banner",
        "cookie-notice",
        "social-share",
    ];
    e.classes().chain(e.id()).any(|c| {
        let c = c.to_ascii_lowercase();
        CHROME.contains(&c.as_str())
    })
}

/// Elements that start a new line in the text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Blocks after which a blank line (a paragraph break) reads better.
fn is_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "ul"
            | "ol"
            | "blockquote"
            | "section"
            | "article"
            | "pre"
    )
}

/// The readable text under `root`, walked iteratively (no recursion, so
/// tree depth cannot overflow the stack).
fn main_text(root: ElementRef<'_>) -> String {
    let mut w = TextWalker::default();
    let root = *root;
    let mut node = root;
    'outer: loop {
        // The root is always entered, even if it looks like chrome
        // (a `<main hidden>` that scripts reveal is still the content).
        let descend = if node == root {
            w.enter_root(node.value())
        } else if ElementRef::wrap(node).is_some_and(is_widget_form) {
            false
        } else {
            w.enter(node.value())
        };
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            w.leave(node.value());
        }
        loop {
            if node == root {
                break 'outer;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                continue 'outer;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    w.leave(node.value());
                }
                None => break 'outer,
            }
        }
    }
    w.finish()
}

/// Accumulates text with layout separators while the tree is walked.
#[derive(Default)]
struct TextWalker {
    out: String,
    /// Open `<pre>` elements: whitespace inside them is kept.
    pre: usize,
    /// Open `<main>`/`<article>`: a `<header>` inside one is the content's
    /// own header (title, date) and is kept; elsewhere it is page chrome.
    content_sections: usize,
}

impl TextWalker {
    /// Handles a node on the way down; returns whether to visit its children.
    fn enter(&mut self, node: &Node) -> bool {
        match node {
            Node::Text(t) => {
                if self.pre > 0 {
                    self.out.push_str(t);
                } else {
                    // Source line breaks inside a paragraph are just spaces.
                    self.out
                        .extend(t.chars().map(|c| if c.is_whitespace() { ' ' } else { c }));
                }
                false
            }
            Node::Element(e) => {
                let name = e.name();
                if is_boilerplate_tag(name)
                    || (name == "header" && self.content_sections == 0)
                    || is_boilerplate_attr(e)
                {
                    return false;
                }
                self.open(name);
                true
            }
            _ => false,
        }
    }

    fn enter_root(&mut self, node: &Node) -> bool {
        if let Node::Element(e) = node {
            self.open(e.name());
        }
        true
    }

    fn open(&mut self, name: &str) {
        match name {
            "br" => self.out.push('\n'),
            "td" | "th" => self.out.push(' '),
            "pre" => self.pre += 1,
            "main" | "article" => self.content_sections += 1,
            _ => {}
        }
        if is_block(name) {
            self.out.push('\n');
        }
    }

    /// Handles an element whose children have been visited.
    fn leave(&mut self, node: &Node) {
        let Node::Element(e) = node else { return };
        let name = e.name();
        match name {
            "td" | "th" => self.out.push(' '),
            "pre" => self.pre = self.pre.saturating_sub(1),
            "main" | "article" => self.content_sections = self.content_sections.saturating_sub(1),
            _ => {}
        }
        if is_paragraph(name) {
            self.out.push_str("\n\n");
        } else if is_block(name) {
            self.out.push('\n');
        }
    }

    /// Collapses spaces within lines and runs of blank lines to one.
    fn finish(self) -> String {
        let mut text = String::with_capacity(self.out.len());
        let mut blank_pending = false;
        for line in self.out.split('\n') {
            let mut words = line.split_whitespace().peekable();
            if words.peek().is_none() {
                blank_pending = !text.is_empty();
                continue;
            }
            if !text.is_empty() {
                text.push_str(if blank_pending { "\n\n" } else { "\n" });
            }
            blank_pending = false;
            for (i, w) in words.enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                text.push_str(w);
            }
        }
        text
    }
}
