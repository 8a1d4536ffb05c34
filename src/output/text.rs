//! Text output for people: a hit wrapped to the terminal with its
//! highlights coloured or marked ⟦..⟧, the paging and "did you mean"
//! lines, how the query was read, and facet bars.

use std::io::{self, IsTerminal, Write};

use crate::search::{FacetCount, Hit, SearchResult, Suggestion, SymbolRead};

use super::{count_noun, field_text, plural, ColorChoice};

/// How the query was read, for people: `reading "UNSCR 1540" as S/RES/1540
/// (2004)`, one line per reference (several readings joined with "or"),
/// then what is not in the index, then acronym expansions. A symbol typed
/// as the UN prints it is not repeated back.
pub fn write_readings(w: &mut dyn Write, r: &SearchResult) -> io::Result<()> {
    let mut i = 0;
    while i < r.symbols_read.len() {
        let written = &r.symbols_read[i].written;
        let group: Vec<&SymbolRead> = r.symbols_read[i..]
            .iter()
            .take_while(|s| &s.written == written)
            .collect();
        i += group.len();
        let shown: Vec<&str> = group.iter().map(|s| s.symbol.as_str()).collect();
        if !(shown.len() == 1 && shown[0] == written) {
            writeln!(w, "reading {written:?} as {}", shown.join(" or "))?;
        }
        for s in group.iter().filter(|s| !s.in_index) {
            match s.cited_by {
                0 => writeln!(w, "{} is not in the index; no document cites it", s.symbol)?,
                n => writeln!(
                    w,
                    "{} is not in the index; {} cite{} it",
                    s.symbol,
                    plural(n, "document"),
                    if n == 1 { "s" } else { "" }
                )?,
            }
        }
    }
    for e in &r.expansions {
        let terms: Vec<String> = e.terms.iter().map(|t| format!("{t:?}")).collect();
        writeln!(w, "expanding {:?} to {}", e.written, terms.join(" or "))?;
    }
    Ok(())
}

/// The line for a search that matched nothing, with the suggestion:
/// `No documents match "nuclaer". Did you mean "nuclear"? (1,234 documents)`.
pub fn no_match_line(query: &str, suggestion: Option<&Suggestion>) -> String {
    match suggestion {
        None => format!("No documents match {query:?}."),
        Some(s) => format!(
            "No documents match {query:?}. Did you mean {:?}? ({})",
            s.query,
            plural(s.total, "document")
        ),
    }
}

/// Marks around highlighted words when there is no colour (a pipe, a file,
/// `--color never`, `NO_COLOR`). UN titles and texts use square brackets and
/// French guillemets themselves; these mathematical brackets occur nowhere
/// in the shared UN corpus, so a marked word is never confused with the text.
pub const MARK_OPEN: char = '⟦';
pub const MARK_CLOSE: char = '⟧';

/// Indent of the lines under a hit's first line.
const INDENT: usize = 5;

/// How text output looks: colours, and the width to wrap to.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// The terminal's width in columns when stdout is a terminal; `None`
    /// (a pipe or a file) keeps every line whole, for tools that read lines.
    pub width: Option<usize>,
}

impl Style {
    pub fn new(choice: ColorChoice) -> Style {
        let tty = io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && tty,
        };
        let width = if tty {
            terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
        } else {
            None
        };
        Style { color, width }
    }

    /// No colour, no wrapping: what a pipe gets.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: None,
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub fn symbol(&self, t: &str) -> String {
        self.paint("1;36", t)
    }
    /// A highlighted word: bold yellow on a terminal, ⟦word⟧ otherwise.
    pub fn highlight(&self, t: &str) -> String {
        if self.color {
            self.paint("1;33", t)
        } else {
            format!("{MARK_OPEN}{t}{MARK_CLOSE}")
        }
    }
}

/// Display width of a string in terminal columns (CJK counts double).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Splits `text` into lines (character ranges) of at most `first` columns
/// for the first line and `rest` for the others, breaking at spaces; a
/// word longer than a line is cut. Spaces at the breaks are dropped.
pub fn wrap_ranges(text: &str, first: usize, rest: usize) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let cw = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let avail = if lines.is_empty() { first } else { rest }.max(1);
        let (mut end, mut used, mut last_space) = (start, 0, None);
        while end < chars.len() && used + cw(chars[end]) <= avail {
            if chars[end] == ' ' {
                last_space = Some(end);
            }
            used += cw(chars[end]);
            end += 1;
        }
        if end < chars.len() && chars[end] != ' ' {
            if let Some(sp) = last_space.filter(|&sp| sp > start) {
                end = sp;
            }
        }
        if end == start {
            end = start + 1; // one character wider than the line
        }
        lines.push(start..end);
        start = end;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

/// The characters `range` of `chars` with the highlights that fall in it
/// marked (a highlight cut by a line break is marked on both lines).
fn mark_range(
    chars: &[char],
    range: std::ops::Range<usize>,
    highlights: &[[usize; 2]],
    style: Style,
) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for [s, e] in highlights {
        let (s, e) = ((*s).max(range.start), (*e).min(range.end));
        if s >= e || s < at {
            continue;
        }
        out.extend(&chars[at..s]);
        let word: String = chars[s..e].iter().collect();
        out.push_str(&style.highlight(&word));
        at = e;
    }
    out.extend(&chars[at..range.end]);
    out
}

/// The snippet with its highlights marked: colour on a terminal, ⟦..⟧ otherwise.
pub fn mark_snippet(snippet: &str, highlights: &[[usize; 2]], style: Style) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    mark_range(&chars, 0..chars.len(), highlights, style)
}

/// Writes `text` after `prefix` (already on the line, `prefix_width`
/// columns wide), wrapped to the style's width with continuation lines
/// indented by `indent`; `paint` styles each piece, highlights are marked.
#[allow(clippy::too_many_arguments)] // one call shape for every wrapped line
fn write_wrapped(
    w: &mut dyn Write,
    prefix: &str,
    prefix_width: usize,
    text: &str,
    highlights: &[[usize; 2]],
    indent: usize,
    style: Style,
    paint: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    let ranges = match style.width {
        Some(width) => wrap_ranges(
            text,
            width.saturating_sub(prefix_width),
            width.saturating_sub(indent),
        ),
        None => std::iter::once(0..chars.len()).collect(),
    };
    for (i, r) in ranges.into_iter().enumerate() {
        let piece = mark_range(&chars, r, highlights, style);
        if i == 0 {
            writeln!(w, "{prefix}{}", paint(&piece))?;
        } else {
            writeln!(w, "{:indent$}{}", "", paint(&piece))?;
        }
    }
    Ok(())
}

/// Writes `prefix` (`prefix_width` columns on screen) then `text`, wrapped
/// to the terminal with continuation lines indented by `indent`; whole in a
/// pipe. For list lines such as `cites` and `get` titles.
pub fn write_wrapped_line(
    w: &mut dyn Write,
    prefix: &str,
    prefix_width: usize,
    text: &str,
    indent: usize,
    style: Style,
) -> io::Result<()> {
    let plain = |s: &str| s.to_string();
    write_wrapped(w, prefix, prefix_width, text, &[], indent, style, &plain)
}

/// One hit for people: symbol and title, then date · type · lang · topics,
/// snippet and source, wrapped to the terminal. With `fields`, only those
/// fields, in that order, separated by two spaces.
pub fn write_hit_text(
    w: &mut dyn Write,
    rank: usize,
    hit: &Hit,
    style: Style,
    fields: Option<&[&str]>,
) -> io::Result<()> {
    let number = format!("{rank:>3}. ");
    if let Some(fields) = fields {
        let values: Vec<String> = fields.iter().map(|f| field_text(hit, f)).collect();
        let line = values.join("  ");
        let highlights = if fields == ["snippet"] {
            hit.highlights.clone()
        } else {
            Vec::new()
        };
        let plain = |s: &str| s.to_string();
        return write_wrapped(
            w,
            &number,
            number.len(),
            &line,
            &highlights,
            INDENT,
            style,
            &plain,
        );
    }
    let (symbol, symbol_width) = if hit.symbols.is_empty() {
        (String::new(), 0)
    } else {
        let s = hit.symbols.join(" | ");
        let width = display_width(&s) + 2;
        (format!("{}  ", style.symbol(&s)), width)
    };
    let bold = |s: &str| style.bold(s);
    write_wrapped(
        w,
        &format!("{number}{symbol}"),
        number.len() + symbol_width,
        &hit.title,
        &[],
        INDENT,
        style,
        &bold,
    )?;
    let mut meta = vec![
        hit.date.clone().unwrap_or_else(|| "no date".into()),
        hit.doc_type.clone(),
        hit.lang.clone(),
    ];
    if !hit.text {
        // A catalogue record: say so, since the snippet is its metadata.
        meta.push("record only, no text".into());
    }
    if !hit.topics.is_empty() {
        meta.push(hit.topics.join(" "));
    }
    let indent = " ".repeat(INDENT);
    let dim = |s: &str| style.dim(s);
    write_wrapped(
        w,
        &indent,
        INDENT,
        &meta.join(" · "),
        &[],
        INDENT,
        style,
        &dim,
    )?;
    if !hit.snippet.is_empty() {
        let plain = |s: &str| s.to_string();
        write_wrapped(
            w,
            &indent,
            INDENT,
            &hit.snippet,
            &hit.highlights,
            INDENT,
            style,
            &plain,
        )?;
    }
    // A source (URL or path) is never broken: it must stay copyable.
    writeln!(w, "{indent}{}", style.dim(&hit.source))?;
    if !hit.same_title.is_empty() {
        write_wrapped_line(
            w,
            &indent,
            INDENT,
            &same_title_line(&hit.same_title),
            INDENT,
            style,
        )?;
    }
    Ok(())
}

/// `+7 more with this title: A/RES/74/78, A/RES/73/52, …` (at most
/// [`SAME_TITLE_SHOWN`] named; JSON lists them all).
pub fn same_title_line(names: &[String]) -> String {
    let shown: Vec<&str> = names
        .iter()
        .take(SAME_TITLE_SHOWN)
        .map(String::as_str)
        .collect();
    let more = if names.len() > SAME_TITLE_SHOWN {
        ", …"
    } else {
        ""
    };
    format!(
        "+{} more with this title: {}{more}",
        names.len(),
        shown.join(", ")
    )
}

/// How many folded hits the text line names.
const SAME_TITLE_SHOWN: usize = 5;

/// The first line of a text search: how many match and which are shown.
/// A page past the end, or `--limit 0`, says so instead of a range.
pub fn paging_line(query: &str, total: usize, offset: usize, shown: usize, took_ms: f64) -> String {
    if total == 0 {
        return format!("No documents match {query:?}.");
    }
    let matches = format!(
        "{} {}",
        count_noun(total, "document", "documents"),
        if total == 1 { "matches" } else { "match" }
    );
    let showing = if shown == 0 && offset >= total {
        format!("none shown: --offset {offset} is past the last")
    } else if shown == 0 {
        "none shown: --limit 0".to_string()
    } else if shown == 1 {
        format!("showing {}", offset + 1)
    } else {
        format!("showing {}-{}", offset + 1, offset + shown)
    };
    format!("{matches} ({showing}, {took_ms:.1} ms)\n")
}

/// Facet counts for people: a bar per value, scaled to the largest count,
/// and narrowed to fit the terminal.
pub fn write_facet_bars(w: &mut dyn Write, counts: &[FacetCount], style: Style) -> io::Result<()> {
    const WIDTH: usize = 40;
    // One very long value (a subject heading of 300 characters) must not
    // pad every other line: the column is at most this wide, and a longer
    // value is printed whole with its count after it.
    const MAX_LABEL: usize = 48;
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let label_w = counts
        .iter()
        .map(|c| display_width(&c.path))
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    // label, two spaces, a 7-wide count, two spaces, the bar
    let bar_w = match style.width {
        Some(width) => width.saturating_sub(label_w + 11).clamp(1, WIDTH),
        None => WIDTH,
    } as u64;
    for c in counts {
        let len = (c.count * bar_w).div_ceil(max) as usize;
        let pad = label_w.saturating_sub(display_width(&c.path));
        writeln!(
            w,
            "{}{:pad$}  {:>7}  {}",
            c.path,
            "",
            c.count,
            style.dim(&"█".repeat(len))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(title: &str, snippet: &str, highlights: Vec<[usize; 2]>) -> Hit {
        Hit {
            symbol: Some("A/RES/73/69".into()),
            symbols: vec!["A/RES/73/69".into()],
            title: title.into(),
            doc_type: "resolution".into(),
            date: Some("2018-12-05".into()),
            lang: "en".into(),
            topics: vec!["/small-arms".into()],
            subjects: Vec::new(),
            source: "https://undocs.org/en/A/RES/73/69".into(),
            score: 1.0,
            snippet: snippet.into(),
            highlights,
            text: true,
            country: None,
            same_title: Vec::new(),
        }
    }

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        let text = "the illicit trade in small arms and light weapons in all its aspects";
        for width in [10, 20, 33] {
            let lines = wrap_ranges(text, width, width);
            let chars: Vec<char> = text.chars().collect();
            let rebuilt: Vec<String> = lines
                .iter()
                .map(|r| chars[r.clone()].iter().collect())
                .collect();
            assert!(
                rebuilt.iter().all(|l| l.chars().count() <= width),
                "{rebuilt:?}"
            );
            assert_eq!(rebuilt.join(" "), text, "no word lost or split");
        }
        // A word longer than the line is cut rather than overflowing.
        let lines = wrap_ranges("abcdefghij", 4, 4);
        assert_eq!(lines, [0..4, 4..8, 8..10]);
    }

    #[test]
    fn hits_fit_the_terminal_and_keep_their_marks() {
        let snippet =
            "calls upon States to combat the illicit trade in small arms and light weapons";
        let start = snippet.find("small").unwrap();
        let h = hit(
            "The illicit trade in small arms and light weapons in all its aspects",
            snippet,
            vec![[start, start + 5], [start + 6, start + 10]],
        );
        let style = Style {
            color: false,
            width: Some(40),
        };
        let mut out = Vec::new();
        write_hit_text(&mut out, 1, &h, style, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        for line in text.lines() {
            // The source URL is never broken; every other line fits.
            if !line.contains("https://") {
                assert!(display_width(line) <= 40, "{line:?} in\n{text}");
            }
        }
        assert!(
            text.contains("⟦small⟧") && text.contains("⟦arms⟧"),
            "{text}"
        );
        assert!(
            text.lines().skip(1).all(|l| l.starts_with("     ")),
            "indented: {text}"
        );
        // A pipe: one line per part, however long.
        let mut out = Vec::new();
        write_hit_text(&mut out, 1, &h, Style::plain(), None).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 4);
    }

    #[test]
    fn paging_lines() {
        assert_eq!(paging_line("q", 0, 0, 0, 1.0), "No documents match \"q\".");
        assert!(paging_line("q", 1, 0, 1, 1.0).starts_with("1 document matches (showing 1,"));
        assert!(
            paging_line("q", 39, 100, 0, 1.0).contains("none shown: --offset 100 is past the last")
        );
        assert!(paging_line("q", 39, 0, 0, 1.0).contains("none shown: --limit 0"));
        assert!(paging_line("q", 39, 30, 9, 1.0).contains("showing 31-39"));
    }
}
