//! The nesting cap: a linear pre-pass over the markup (see the parent
//! module's documentation) that rebalances it and keeps every element
//! above depth [`MAX_DEPTH`], so the HTML parser never meets deep or
//! misnested trees.

use super::MAX_DEPTH;

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

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
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
            self.write_end_tag(&name);
        }
    }

    fn write_end_tag(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
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
        // An open list item is closed unless a special element other than
        // address, div or p stands between.
        let item_scope = |n: &str| is_special(n) && !matches!(n, "address" | "div" | "p");
        let found = match name {
            "li" => self.find(&["li"], item_scope),
            "dt" | "dd" => self.find(&["dt", "dd"], item_scope),
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
            _ if is_heading(name) => self
                .stack
                .last()
                .is_some_and(|top| is_heading(top))
                .then(|| self.stack.len() - 1),
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
            self.write_end_tag(name);
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
