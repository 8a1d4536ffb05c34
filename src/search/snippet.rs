//! Snippets: the passage of a hit's body that shows why it matched.
//!
//! The body is tokenised by its language's analyser (for English, one that
//! stems only the words that may stem to a queried term) and every token
//! that is a query term is a match. The passage chosen is the one of at
//! most [`SNIPPET_CHARS`] characters holding the most *distinct* query
//! terms (rarer terms weigh more; repeats only break ties), because a
//! passage that says "arms" five times tells less than one that says
//! "arms", "trade" and "treaty" once. Matches on lines that are not prose
//! — dot leaders of a table of contents, page headers, running symbols —
//! are never chosen, and the passage is cut so that it does not run into
//! such a line. When no query word is in the body (a symbol query), the
//! passage is where a queried symbol is mentioned, else the first prose.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::SNIPPET_CHARS;
use crate::lang::Lang;

/// Bodies longer than this are scanned in a window of this size around the
/// first place a query word may be: a 500-page report is not tokenised
/// whole for every hit. 64 KB made the 1,000 keyword queries of the batch
/// benchmark spend 2.9 s in hits (one thread); 12 KB 1.9 s.
const MAX_SCAN_BYTES: usize = 12_000;

/// A line at most this long that holds a dot leader is a table-of-contents
/// line, junk as a whole; in a longer line only the leader is junk.
const TOC_LINE_BYTES: usize = 200;

/// The query's terms in one language, with the analyser that finds them.
pub(crate) struct LangTerms {
    pub lang: Lang,
    /// Term (as indexed: stemmed) → weight (rarer terms weigh more).
    pub terms: BTreeMap<String, f32>,
    /// Which of `terms` are function words ([`super::function_words`]).
    pub function: std::collections::BTreeSet<String>,
    pub analyzer: TextAnalyzer,
}

impl LangTerms {
    /// Each term's number (its place in `terms`), by term.
    fn term_numbers(&self) -> BTreeMap<&str, usize> {
        self.terms
            .keys()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect()
    }
}

/// Chooses passages for the hits of one query.
pub struct Snippets {
    langs: Vec<LangTerms>,
    /// Lower-cased needles (symbols, terms) to find where to look in long
    /// bodies and where a symbol is mentioned.
    needles: Vec<String>,
    /// The needles as one ASCII-case-insensitive automaton, when they are
    /// all ASCII. Built on the first body that needs it.
    ascii_finder: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// Per entry of `langs`, the starts of its terms (see [`anchors_for`]),
    /// when the body's words can be found by them instead of tokenising it
    /// all.
    anchors: Vec<Option<aho_corasick::AhoCorasick>>,
}

/// Letters of a term that every word stemming to it starts with: English
/// stems (Porter2) change at most the end of a word ("polici" ← "policy",
/// "die" ← "dying"), so all but the last letter, at most three.
const ANCHOR_CHARS: usize = 3;

/// An automaton of the first letters of `lt`'s terms, when a token can
/// only match if it starts with one: English and `und` texts (tokens are
/// runs of letters and digits, as [`SimpleTokenizer`]'s) with ASCII terms.
/// Tokenising only the words that start with an anchor finds the same
/// matches as tokenising the whole body, at a fraction of the cost: the
/// keyword benchmark spent 40 % of its time in snippets, most of it
/// tokenising and lower-casing words no query term could match.
///
/// [`SimpleTokenizer`]: tantivy::tokenizer::SimpleTokenizer
fn anchors_for(lt: &LangTerms) -> Option<aho_corasick::AhoCorasick> {
    if !matches!(lt.lang, Lang::En | Lang::Und) || lt.terms.is_empty() {
        return None;
    }
    let mut anchors: Vec<&str> = Vec::new();
    for term in lt.terms.keys() {
        if !term.is_ascii() || term.is_empty() {
            return None;
        }
        let keep = match lt.lang {
            // Unstemmed: the token is the term.
            Lang::Und => term.len(),
            _ => term.len().saturating_sub(1).clamp(1, ANCHOR_CHARS),
        };
        anchors.push(&term[..keep]);
    }
    // Leftmost-first, not overlapping: a word's start is the leftmost
    // place an anchor can begin in it, and a match that begins inside a
    // word ends inside it (anchors are letters and digits), so it cannot
    // hide the next word's start. A DFA: a few short anchors build in
    // microseconds and are then searched byte by byte.
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(anchors)
        .ok()
}

/// One query term found in the text: byte range and which term.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    term: usize,
}

impl Snippets {
    pub(crate) fn new(langs: Vec<LangTerms>, needles: Vec<String>) -> Snippets {
        let anchors = langs.iter().map(anchors_for).collect();
        Snippets {
            langs,
            needles,
            ascii_finder: std::sync::OnceLock::new(),
            anchors,
        }
    }

    /// The snippet and its highlights (character ranges) for one body in
    /// `lang`: that language's terms first, then the others'.
    pub fn make(&self, body: &str, lang: Lang) -> (String, Vec<[usize; 2]>) {
        let text = self.scan_region(body);
        let junk = junk_ranges(text);
        let with_anchors = || self.langs.iter().zip(&self.anchors);
        let own = with_anchors().filter(|(l, _)| l.lang == lang);
        let others = with_anchors().filter(|(l, _)| l.lang != lang);
        for (lt, anchors) in own.chain(others) {
            let matches = match anchors {
                Some(anchors) => find_anchored_matches(text, lt, anchors, &junk),
                None => find_matches(text, lt, &junk),
            };
            if let Some((range, ranges)) = best_passage(text, &matches, lt, &junk) {
                let frag = &text[range.clone()];
                let rel: Vec<Range<usize>> = ranges
                    .into_iter()
                    .map(|r| r.start - range.start..r.end - range.start)
                    .collect();
                return collapse_with_highlights(frag, &rel);
            }
        }
        self.fallback(text, &junk)
    }

    /// No query word in the body: where a queried symbol is mentioned in
    /// prose, else the first prose.
    fn fallback(&self, text: &str, junk: &[Range<usize>]) -> (String, Vec<[usize; 2]>) {
        let lower = text.to_lowercase();
        let mention = if lower.len() == text.len() {
            self.needles
                .iter()
                .filter(|n| !n.is_empty())
                .flat_map(|n| lower.match_indices(n.as_str()).map(|(p, _)| p))
                .filter(|p| !in_junk(junk, *p))
                .min()
        } else {
            None
        };
        let start = match mention {
            Some(p) => {
                let lead = floor_char_boundary(text, p.saturating_sub(SNIPPET_CHARS / 3));
                after_junk(junk, lead, p)
            }
            None => first_prose(text, junk),
        };
        let budget = byte_budget(text);
        let end = before_junk(junk, start, (start + budget).min(text.len()));
        let range = trim_to_words(text, start, end, start, start);
        let snippet: String = text[range].chars().take(SNIPPET_CHARS).collect();
        (crate::text::collapse_whitespace(&snippet), Vec::new())
    }

    /// The body, or for a long one the window around the first needle.
    fn scan_region<'b>(&self, body: &'b str) -> &'b str {
        if body.len() <= MAX_SCAN_BYTES {
            return body;
        }
        let finder = self.ascii_finder.get_or_init(|| {
            self.needles.iter().all(|n| n.is_ascii()).then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    // A few needles: an NFA builds in microseconds.
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(self.needles.iter().filter(|n| !n.is_empty()))
                    .ok()
            })?
        });
        let pos = match finder {
            Some(f) => f.find(body).map(|m| m.start()).unwrap_or(0),
            None => {
                let lower = body.to_lowercase();
                if lower.len() == body.len() {
                    self.needles
                        .iter()
                        .filter(|n| !n.is_empty())
                        .filter_map(|n| lower.find(n.as_str()))
                        .min()
                        .unwrap_or(0)
                } else {
                    0
                }
            }
        };
        let start = floor_char_boundary(body, pos.saturating_sub(MAX_SCAN_BYTES / 8));
        let end = floor_char_boundary(body, (start + MAX_SCAN_BYTES).min(body.len()));
        &body[start..end]
    }
}

/// Every token of `text` that is one of the terms, outside junk.
fn find_matches(text: &str, lt: &LangTerms, junk: &[Range<usize>]) -> Vec<Match> {
    let index = lt.term_numbers();
    let mut analyzer = lt.analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        if let Some(&term) = index.get(token.text.as_str()) {
            if !in_junk(junk, token.offset_from) {
                out.push(Match {
                    start: token.offset_from,
                    end: token.offset_to,
                    term,
                });
            }
        }
    }
    out
}

/// The same matches as [`find_matches`], tokenising only the words that
/// start with one of `anchors` (see [`anchors_for`]).
fn find_anchored_matches(
    text: &str,
    lt: &LangTerms,
    anchors: &aho_corasick::AhoCorasick,
    junk: &[Range<usize>],
) -> Vec<Match> {
    let index = lt.term_numbers();
    let mut analyzer = lt.analyzer.clone();
    let mut out = Vec::new();
    let mut next_word = 0;
    for found in anchors.find_iter(text) {
        let start = found.start();
        // Only at the start of a word, and each word once.
        if start < next_word
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let end = text[start..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(i, _)| start + i);
        next_word = end;
        if in_junk(junk, start) {
            continue;
        }
        let mut stream = analyzer.token_stream(&text[start..end]);
        while let Some(token) = stream.next() {
            if let Some(&term) = index.get(token.text.as_str()) {
                out.push(Match {
                    start: start + token.offset_from,
                    end: start + token.offset_to,
                    term,
                });
            }
        }
    }
    out
}

/// The passage with the most distinct terms (then the rarest, then the
/// most matches, then the earliest), and the matches it highlights.
fn best_passage(
    text: &str,
    matches: &[Match],
    lt: &LangTerms,
    junk: &[Range<usize>],
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    if matches.is_empty() {
        return None;
    }
    let weights: Vec<f32> = lt.terms.values().copied().collect();
    // Function words do not help choose the passage and are highlighted
    // only inside runs (see `function_words`), unless they are all there is.
    let function: Vec<bool> = if lt.terms.keys().all(|t| lt.function.contains(t)) {
        vec![false; weights.len()]
    } else {
        lt.terms.keys().map(|t| lt.function.contains(t)).collect()
    };
    let budget = byte_budget(text);
    let mut best: Option<(f32, usize, usize)> = None;
    let mut seen = vec![false; weights.len()];
    for i in 0..matches.len() {
        seen.iter_mut().for_each(|s| *s = false);
        let mut distinct = 0usize;
        let mut weight = 0.0f32;
        let mut j = i;
        while j < matches.len() && matches[j].end - matches[i].start <= budget {
            let m = matches[j];
            if !seen[m.term] && !function[m.term] {
                seen[m.term] = true;
                distinct += 1;
                weight += weights[m.term];
            }
            j += 1;
        }
        let count = j - i;
        // Distinct terms first; weights are below 1, counts break ties.
        let score = distinct as f32 * 1000.0 + weight * 100.0 + count.min(50) as f32;
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, i, j));
        }
    }
    let (_, i, j) = best?;
    let first = matches[i].start;
    let last = matches[j - 1].end;
    // Context: a third of what is left before the first match, the rest
    // after it, never across a junk line, and from a sentence start when
    // one is near.
    let spare = budget.saturating_sub(last - first);
    let lead_start = floor_char_boundary(text, first.saturating_sub(spare / 3));
    let mut start = after_junk(junk, lead_start, first);
    if let Some(p) = text[start..first].rfind(". ") {
        start = start + p + 2;
    }
    let end = before_junk(
        junk,
        last,
        floor_char_boundary(text, (start + budget).min(text.len())).max(last),
    );
    let range = trim_to_words(text, start, end, first, last);
    let shown: Vec<Match> = matches[i..j]
        .iter()
        .filter(|m| m.start >= range.start && m.end <= range.end)
        .copied()
        .collect();
    let highlights = inside_runs(text, &shown, &function)
        .map(|m| m.start..m.end)
        .collect();
    Some((range, highlights))
}

/// The matches to highlight: every match of a content word, and a
/// function word's only between two content words of one run of adjacent
/// matches ("Conference [on] Disarmament", "weapons [of] mass").
fn inside_runs<'m>(
    text: &'m str,
    matches: &'m [Match],
    function: &'m [bool],
) -> impl Iterator<Item = &'m Match> + 'm {
    // Adjacent: only spaces and punctuation between two matches.
    let adjacent = |a: &Match, b: &Match| {
        b.start >= a.end
            && b.start - a.end <= 3
            && !text[a.end..b.start].chars().any(char::is_alphanumeric)
    };
    matches
        .iter()
        .enumerate()
        .filter(move |(k, m)| {
            if !function[m.term] {
                return true;
            }
            // A content word before it and after it, through adjacent matches.
            let mut before = false;
            let mut p = *k;
            while p > 0 && adjacent(&matches[p - 1], &matches[p]) {
                p -= 1;
                if !function[matches[p].term] {
                    before = true;
                    break;
                }
            }
            let mut after = false;
            let mut n = *k;
            while n + 1 < matches.len() && adjacent(&matches[n], &matches[n + 1]) {
                n += 1;
                if !function[matches[n].term] {
                    after = true;
                    break;
                }
            }
            before && after
        })
        .map(|(_, m)| m)
}

/// How many bytes [`SNIPPET_CHARS`] characters of this text take, on average.
fn byte_budget(text: &str) -> usize {
    if text.is_ascii() {
        return SNIPPET_CHARS;
    }
    let chars = text.chars().count().max(1);
    (SNIPPET_CHARS * text.len()).div_ceil(chars)
}

/// Byte ranges of `text` that are not prose: dot leaders (with their table
/// of contents line when it is short) and short lines that are a page
/// header or number ("A/80/1", "25-14567", "Page 3 of 12").
fn junk_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(run) = leader_run(line) {
            if line.len() <= TOC_LINE_BYTES {
                out.push(start..offset);
            } else {
                let from = floor_char_boundary(line, run.start.saturating_sub(60));
                let to = floor_char_boundary(line, (run.end + 10).min(line.len()));
                out.push(start + from..start + to);
            }
        } else if is_header_line(trimmed) {
            out.push(start..offset);
        }
    }
    out
}

/// The first run of four or more leader characters ('.', '…', '·', '_',
/// possibly spaced: ". . . .") in a line.
///
/// Read byte by byte: every hit's scanned text goes through here line by
/// line, and decoding characters made this the costliest loop of a keyword
/// search. The two non-ASCII leaders start with lead bytes (0xC2, 0xE2)
/// that never occur inside another character, so a byte scan cannot
/// mistake the middle of a character for one.
fn leader_run(line: &str) -> Option<Range<usize>> {
    let bytes = line.as_bytes();
    let mut run_start = None;
    let mut count = 0;
    let mut i = 0;
    // Where the next '…' may start: prose rarely has one, so it is looked
    // for once, not at every jump.
    let mut next_ellipsis = 0;
    while i < bytes.len() {
        if run_start.is_none() {
            // Outside a run, jump to the next byte that can start a leader.
            if next_ellipsis < i {
                next_ellipsis = memchr::memchr(0xE2, &bytes[i..]).map_or(bytes.len(), |p| i + p);
            }
            let next_other =
                memchr::memchr3(b'.', b'_', 0xC2, &bytes[i..]).map_or(bytes.len(), |p| i + p);
            i = next_other.min(next_ellipsis);
            if i >= bytes.len() {
                break;
            }
        }
        match leader_at(bytes, i) {
            Some((len, weight)) => {
                run_start.get_or_insert(i);
                count += weight;
                i += len;
                if count >= 4 {
                    // Extend to the end of the run before reporting it.
                    let mut end = i;
                    loop {
                        if bytes.get(end) == Some(&b' ') {
                            end += 1;
                        } else if let Some((len, _)) = leader_at(bytes, end) {
                            end += len;
                        } else {
                            break;
                        }
                    }
                    return Some(run_start.unwrap_or(i)..end);
                }
            }
            None => {
                if !(bytes[i] == b' ' && run_start.is_some()) {
                    run_start = None;
                    count = 0;
                }
                i += 1;
            }
        }
    }
    None
}

/// The leader character starting at byte `i`, if any: its length in bytes
/// and how many leader dots it counts for ('…' is three).
fn leader_at(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    match bytes.get(i..)? {
        [b'.' | b'_', ..] => Some((1, 1)),
        [0xC2, 0xB7, ..] => Some((2, 1)),
        [0xE2, 0x80, 0xA6, ..] => Some((3, 3)),
        _ => None,
    }
}

/// A short line with a digit and at most one word of letters (a symbol
/// is not a word): a page number, a running symbol, a job number, or
/// "Page 3 of 12".
fn is_header_line(line: &str) -> bool {
    if line.len() > 60 || !line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if line.to_lowercase().starts_with("page ") {
        return true;
    }
    let words = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.contains('/'))
        .count();
    words <= 1
}

fn in_junk(junk: &[Range<usize>], pos: usize) -> bool {
    let i = junk.partition_point(|r| r.end <= pos);
    junk.get(i).is_some_and(|r| r.start <= pos)
}

/// `start` moved past any junk that lies between it and `first`.
fn after_junk(junk: &[Range<usize>], start: usize, first: usize) -> usize {
    junk.iter()
        .filter(|r| r.end > start && r.end <= first)
        .map(|r| r.end)
        .max()
        .unwrap_or(start)
}

/// `end` moved back before any junk that starts between `last` and it.
fn before_junk(junk: &[Range<usize>], last: usize, end: usize) -> usize {
    junk.iter()
        .filter(|r| r.start >= last && r.start < end)
        .map(|r| r.start)
        .min()
        .unwrap_or(end)
}

/// The first byte of the first prose line (not junk, not blank).
fn first_prose(text: &str, junk: &[Range<usize>]) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.trim().is_empty() && !in_junk(junk, start + (line.len() - line.trim_start().len()))
        {
            return start;
        }
    }
    0
}

/// `start..end` without a word cut at either edge (unless the cut would
/// reach the matches `first..last`).
fn trim_to_words(text: &str, start: usize, end: usize, first: usize, last: usize) -> Range<usize> {
    let mut s = floor_char_boundary(text, start);
    let mut e = floor_char_boundary(text, end.max(s));
    let is_word = |c: char| c.is_alphanumeric();
    if s > 0 && text[..s].chars().next_back().is_some_and(is_word) {
        if let Some(p) = text[s..first.max(s)].find(char::is_whitespace) {
            s += p;
        }
    }
    if e < text.len() && text[e..].chars().next().is_some_and(is_word) {
        if let Some(p) = text[last.min(e)..e].rfind(char::is_whitespace) {
            e = last.min(e) + p;
        }
    }
    s..e.max(s)
}

/// The fragment on one line (runs of whitespace, newlines included, become
/// one space) with its byte-range highlights turned into character ranges
/// of the collapsed text.
pub(crate) fn collapse_with_highlights(
    frag: &str,
    highlighted: &[Range<usize>],
) -> (String, Vec<[usize; 2]>) {
    let lead = frag.len() - frag.trim_start().len();
    let mut out = String::with_capacity(frag.len());
    // For each byte offset of `frag`, the char offset in `out`.
    let mut map = vec![0usize; frag.len() + 1];
    let mut chars = 0usize;
    let mut in_space = false;
    for (b, c) in frag.char_indices() {
        map[b] = chars;
        if c.is_whitespace() {
            if !in_space && b >= lead {
                out.push(' ');
                chars += 1;
            }
            in_space = true;
        } else {
            out.push(c);
            chars += 1;
            in_space = false;
        }
        map[b + 1..b + c.len_utf8()].fill(chars);
    }
    map[frag.len()] = chars;
    if out.ends_with(' ') {
        out.pop();
    }
    let highlights = highlighted
        .iter()
        .filter(|r| r.end <= frag.len() && r.start < r.end)
        .map(|r| [map[r.start], map[r.end]])
        .collect();
    (out, highlights)
}

pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    fn snippets(terms: &[(&str, f32)]) -> Snippets {
        let terms: BTreeMap<String, f32> = terms.iter().map(|(t, w)| (t.to_string(), *w)).collect();
        let analyzer = schema::snippet_analyzer(Lang::En, terms.keys().map(String::as_str));
        let needles = terms.keys().cloned().collect();
        Snippets::new(
            vec![LangTerms {
                lang: Lang::En,
                terms,
                function: ["of", "on", "the"].map(String::from).into(),
                analyzer,
            }],
            needles,
        )
    }

    fn marked(s: &str, hl: &[[usize; 2]]) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if hl.iter().any(|h| h[0] == i) {
                out.push('[');
            }
            out.push(*c);
            if hl.iter().any(|h| h[1] == i + 1) {
                out.push(']');
            }
        }
        out
    }

    #[test]
    fn most_distinct_terms_win_over_repeats() {
        let body = format!(
            "{} The arms were arms and more arms, arms everywhere. {} Then the arms trade treaty entered into force.",
            "Filler words here. ".repeat(20),
            "More filler text. ".repeat(20)
        );
        let s = snippets(&[("arm", 0.1), ("trade", 0.2), ("treati", 0.3)]);
        let (snip, hl) = s.make(&body, Lang::En);
        let m = marked(&snip, &hl);
        assert!(m.contains("[arms] [trade] [treaty]"), "{m}");
    }

    #[test]
    fn function_words_light_up_only_inside_a_run_of_query_words() {
        let body = "Work began. The Conference on Disarmament met on the basis of its \
                    programme of work, and the weapons of war.";
        let s = snippets(&[
            ("the", 0.01),
            ("of", 0.01),
            ("on", 0.01),
            ("confer", 0.2),
            ("disarma", 0.2),
            ("program", 0.2),
            ("work", 0.2),
        ]);
        let (snip, hl) = s.make(body, Lang::En);
        assert_eq!(
            marked(&snip, &hl),
            "[Work] began. The [Conference] [on] [Disarmament] met on the basis of its \
             [programme] [of] [work], and the weapons of war."
        );
        // A query of function words alone highlights them.
        let s = snippets(&[("the", 0.01), ("of", 0.01)]);
        let (snip, hl) = s.make("Most of the time.", Lang::En);
        assert_eq!(marked(&snip, &hl), "Most [of] [the] time.");
    }

    #[test]
    fn table_of_contents_is_never_the_snippet() {
        let body = "Contents\n\
            Introduction to disarmament ............................ 3\n\
            Disarmament and security . . . . . . . . . . . . 7\n\
            A/80/1\n\
            25-12345\n\
            The Organization worked for disarmament in every region during the year, \
            with new commitments on verification.\n";
        let s = snippets(&[("disarma", 0.5)]);
        let (snip, hl) = s.make(body, Lang::En);
        assert!(!snip.contains(".."), "{snip}");
        assert!(!snip.contains(". . ."), "{snip}");
        assert!(snip.starts_with("The Organization"), "{snip}");
        assert!(
            !hl.is_empty(),
            "a query term in the body is highlighted: {snip}"
        );
    }

    #[test]
    fn highlights_when_the_term_is_far_into_a_long_body() {
        let body = format!("{}Small arms control matters.", "word ".repeat(20_000));
        let s = snippets(&[("small", 0.5), ("arm", 0.5)]);
        let (snip, hl) = s.make(&body, Lang::En);
        let m = marked(&snip, &hl);
        assert!(m.ends_with("word [Small] [arms] control matters."), "{m}");
    }

    #[test]
    fn without_query_words_the_first_prose_is_shown() {
        let body = "Table ........ 3\nA/80/1\nThe report describes the year.";
        let s = snippets(&[]);
        let (snip, hl) = s.make(body, Lang::En);
        assert_eq!(snip, "The report describes the year.");
        assert!(hl.is_empty());
    }

    #[test]
    fn leader_runs() {
        assert!(leader_run("Intro ....... 3").is_some());
        assert!(leader_run("Intro . . . . . 3").is_some());
        assert!(leader_run("Intro …… 3").is_some());
        assert!(leader_run("Mr. J. R. Smith spoke.").is_none());
        assert!(leader_run("the end...").is_none());
        assert_eq!(leader_run("é ·· _…x"), Some(3..12));
        assert_eq!(leader_run("a.. .  b"), None);
    }

    /// The character-by-character reading `leader_run` replaced.
    fn leader_run_by_chars(line: &str) -> Option<Range<usize>> {
        let mut run_start = None;
        let mut count = 0;
        for (i, c) in line.char_indices() {
            match c {
                '.' | '·' | '_' | '…' => {
                    run_start.get_or_insert(i);
                    count += if c == '…' { 3 } else { 1 };
                    let last_end = i + c.len_utf8();
                    if count >= 4 {
                        let extra = line[last_end..]
                            .char_indices()
                            .take_while(|(_, c)| matches!(c, '.' | '·' | '_' | '…' | ' '))
                            .last()
                            .map_or(0, |(j, c)| j + c.len_utf8());
                        return Some(run_start.unwrap_or(i)..last_end + extra);
                    }
                }
                ' ' if run_start.is_some() => {}
                _ => {
                    run_start = None;
                    count = 0;
                }
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn leader_runs_by_bytes_as_by_chars(line in "[a. _·…é©‥1]{0,24}") {
            proptest::prop_assert_eq!(leader_run(&line), leader_run_by_chars(&line));
        }
    }

    #[test]
    fn header_lines() {
        for l in ["A/80/1", "25-12345 (E) 081025", "Page 3 of 12", "3/45"] {
            assert!(is_header_line(l), "{l}");
        }
        for l in [
            "Small arms",
            "In 2019 the Council met often.",
            "Resolution 1540 (2004) adopted",
        ] {
            assert!(!is_header_line(l), "{l}");
        }
    }
}
