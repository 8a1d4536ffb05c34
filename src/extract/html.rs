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

// ---------------------------------------------------------------------------
// Nesting cap: a linear pre-pass over the markup (see the module comment).

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content the tokenizer reads as raw text up to the matching
/// end tag; they never nest, so their content is copied through untouched.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Elements whose end tag is optional: below the cap they are not counted,
/// since their end tags may never come.
fn has_optional_end(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
    )
}

/// The HTML standard's "special" elements, which stop the search for an
/// open `<li>`, `<dt>` or `<dd>` to close.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "article"
            | "aside"
            | "blockquote"
            | "button"
            | "caption"
            | "center"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "li"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "nav"
            | "object"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "select"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Start tags that close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dd"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "xmp"
    )
}

/// The rebalancing writer behind [`cap_nesting`].
struct Capper {
    out: String,
    /// Open elements as this pass models them (lower-case names).
    stack: Vec<String>,
    /// Start tags dropped below the cap and not yet matched by an end tag.
    ghosts: usize,
    /// Open `<svg>`/`<math>`: inside them `<x/>` really is self-closing.
    foreign: usize,
}

impl Capper {
    /// Pops the stack down to and including index `k`, writing end tags.
    fn close_to(&mut self, k: usize) {
        while self.stack.len() > k {
            let name = self.stack.pop().expect("len > k >= 0");
            if name == "svg" || name == "math" {
                self.foreign = self.foreign.saturating_sub(1);
            }
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
    }

    /// Searches the stack from the top for one of `targets`, giving up at
    /// any element for which `stop` holds. Returns its index.
    fn find(&self, targets: &[&str], stop: impl Fn(&str) -> bool) -> Option<usize> {
        for (i, name) in self.stack.iter().enumerate().rev() {
            if targets.contains(&name.as_str()) {
                return Some(i);
            }
            if stop(name) {
                return None;
            }
        }
        None
    }

    /// Writes the end tags the parser would imply before start tag `name`.
    fn close_implied(&mut self, name: &str) {
        if closes_p(name) {
            let boundary = |n: &str| {
                matches!(
                    n,
                    "applet"
                        | "caption"
                        | "table"
                        | "td"
                        | "th"
                        | "marquee"
                        | "object"
                        | "template"
                        | "button"
                )
            };
            if let Some(k) = self.find(&["p"], boundary) {
                self.close_to(k);
            }
        }
        let found = match name {
            "li" => self.find(&["li"], |n| {
                is_special(n) && !matches!(n, "address" | "div" | "p")
            }),
            "dt" | "dd" => self.find(&["dt", "dd"], |n| {
                is_special(n) && !matches!(n, "address" | "div" | "p")
            }),
            "td" | "th" => self.find(&["td", "th"], |n| {
                matches!(n, "tr" | "table" | "tbody" | "thead" | "tfoot")
            }),
            "tr" => self.find(&["tr"], |n| {
                matches!(n, "table" | "tbody" | "thead" | "tfoot")
            }),
            "tbody" | "thead" | "tfoot" => {
                self.find(&["tbody", "thead", "tfoot"], |n| n == "table")
            }
            "option" | "optgroup" => {
                let top = self.stack.last().map(String::as_str);
                match top {
                    Some("option") => Some(self.stack.len() - 1),
                    Some("optgroup") if name == "optgroup" => Some(self.stack.len() - 1),
                    _ => None,
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let top = self.stack.last().map(String::as_str);
                matches!(top, Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
                    .then(|| self.stack.len() - 1)
            }
            _ => None,
        };
        if let Some(k) = found {
            self.close_to(k);
        }
    }

    fn start_tag(&mut self, name: &str, raw: &str, self_closing: bool) {
        if matches!(name, "html" | "head" | "body")
            || is_void(name)
            || is_raw_text(name)
            || (self_closing && self.foreign > 0)
        {
            self.out.push_str(raw);
            return;
        }
        if self.ghosts == 0 {
            self.close_implied(name);
        }
        if self.ghosts > 0 || self.stack.len() >= MAX_DEPTH {
            if !has_optional_end(name) {
                self.ghosts += 1;
            }
            return;
        }
        if name == "svg" || name == "math" {
            self.foreign += 1;
        }
        self.stack.push(name.to_string());
        self.out.push_str(raw);
    }

    fn end_tag(&mut self, name: &str) {
        if matches!(name, "html" | "head" | "body" | "br") || is_raw_text(name) {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
            return;
        }
        if self.ghosts > 0 {
            if !has_optional_end(name) {
                self.ghosts -= 1;
            }
            return;
        }
        // An end tag with no open element of that name is dropped, as the
        // parser would ignore it.
        if let Some(k) = self.find(&[name], |_| false) {
            self.close_to(k);
        }
    }
}

/// Rewrites markup so that no element is nested deeper than [`MAX_DEPTH`]
/// and misnested formatting tags are closed explicitly (html5ever would
/// otherwise reconstruct them over and over, rebuilding deep trees). Text,
/// attributes and raw-text elements pass through unchanged; comments and
/// processing instructions are dropped. Runs in time linear in the input
/// times [`MAX_DEPTH`] at worst.
pub(crate) fn cap_nesting(src: &str) -> String {
    let b = src.as_bytes();
    let mut w = Capper {
        out: String::with_capacity(src.len() + src.len() / 16),
        stack: Vec::new(),
        ghosts: 0,
        foreign: 0,
    };
    let mut text_start = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let next = b.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                w.out.push_str(&src[text_start..lt]);
                let end = if src[lt..].starts_with("<!--") {
                    // Comments are dropped: they hold no text.
                    find_from(b, lt + 4, b"-->").map_or(b.len(), |p| p + 3)
                } else {
                    // DOCTYPE (it sets quirks mode) and CDATA are kept.
                    let end = find_byte(b, lt, b'>').map_or(b.len(), |p| p + 1);
                    w.out.push_str(&src[lt..end]);
                    end
                };
                i = end;
                text_start = end;
            }
            Some(b'?') => {
                w.out.push_str(&src[text_start..lt]);
                let end = find_byte(b, lt, b'>').map_or(b.len(), |p| p + 1);
                i = end;
                text_start = end;
            }
            Some(b'/') if b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                w.out.push_str(&src[text_start..lt]);
                let name_end = tag_name_end(b, lt + 2);
                let name = src[lt + 2..name_end].to_ascii_lowercase();
                let end = find_byte(b, name_end, b'>').map_or(b.len(), |p| p + 1);
                w.end_tag(&name);
                i = end;
                text_start = end;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                w.out.push_str(&src[text_start..lt]);
                let name_end = tag_name_end(b, lt + 1);
                let name = src[lt + 1..name_end].to_ascii_lowercase();
                let Some(gt) = start_tag_end(b, name_end) else {
                    // Unterminated tag at end of input: the parser drops it.
                    text_start = b.len();
                    break;
                };
                let end = gt + 1;
                let self_closing = gt > lt + 1 && b[gt - 1] == b'/';
                w.start_tag(&name, &src[lt..end], self_closing);
                i = end;
                text_start = end;
                if is_raw_text(&name) {
                    // Copy raw content through to the matching end tag.
                    let close = if name == "plaintext" {
                        None
                    } else {
                        find_end_tag(b, end, name.as_bytes())
                    };
                    let content_end = close.unwrap_or(b.len());
                    w.out.push_str(&src[end..content_end]);
                    match close {
                        Some(c) => {
                            let after = find_byte(b, c, b'>').map_or(b.len(), |p| p + 1);
                            w.end_tag(&name);
                            i = after;
                            text_start = after;
                        }
                        None => {
                            i = b.len();
                            text_start = b.len();
                        }
                    }
                }
            }
            _ => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
    w.out.push_str(&src[text_start.min(b.len())..]);
    w.out
}

fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == byte)
        .map(|p| from + p)
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// End of a tag name: the first whitespace, `/` or `>`.
fn tag_name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .map_or(b.len(), |p| from + p)
}

/// The `>` ending a start tag whose name ends at `from`, skipping quoted
/// attribute values (which may contain `>`).
fn start_tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i),
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                i = find_byte(b, i + 1, q)?;
                after_eq = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    None
}

/// The `<` of the first `</name` (ASCII case-insensitive) followed by a
/// delimiter, at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find_from(b, i, b"</") {
        let start = p + 2;
        let end = start + name.len();
        if end <= b.len()
            && b[start..end].eq_ignore_ascii_case(name)
            && b.get(end)
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

#[cfg(test)]
mod tests {
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
}
