//! The disarmament topic taxonomy and the classifier that assigns facet paths.
//!
//! The taxonomy is data, not code: `topics.toml` (shipped inside the binary)
//! lists topics with hierarchical facet paths (`/small-arms/marking-tracing`)
//! and, per topic, weighted evidence rules: words and phrases, cited document
//! symbols (exact or by symbol prefix) and MOSAIC / ISACS / IATG module numbers.
//! [`Taxonomy::classify`] runs on every document at ingest, so everything is
//! compiled up front into one Aho-Corasick automaton and a document costs one
//! normalisation pass plus one automaton pass over title, subjects and body.
//!
//! Scoring, in short: each rule's hits are damped (`1 + ln count`), title and
//! subject hits are multiplied by `title_weight`, body/cite/module hits are
//! divided by `sqrt(body_words / reference_words)` (never below 1) so a
//! 50,000-character speech needs proportionally more evidence than a
//! 200-character roll-call description, a parent's score includes its
//! children's, and a topic whose score reaches its threshold is emitted
//! together with all its ancestors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

/// The shipped taxonomy; `builtin()` parses it once.
const BUILTIN_TOML: &str = include_str!("topics.toml");

/// Separates title, each subject heading and body in the normalised buffer so
/// that no phrase can match across two of them.
const BARRIER: char = '\n';

/// Bytes that end a cited symbol's prefix: a rule `A/CONF.192` matches
/// `A/CONF.192/2018/RC/3`, `S/RES/2220` matches `S/RES/2220 (2015)`, and
/// `A/RES/73/69` does not match `A/RES/73/690`.
const SYMBOL_BOUNDARIES: &[u8] = b"/ (-";

/// A compiled topic taxonomy: topics, their rules and the matcher.
pub struct Taxonomy {
    topics: Vec<Topic>,
    /// Topic indices ordered deepest first, so children's scores can be added
    /// to their parents' in one sweep.
    deepest_first: Vec<usize>,
    matcher: AhoCorasick,
    /// One entry per automaton pattern.
    patterns: Vec<PatternInfo>,
    /// Evidence slots (terms, module rules, cite rules): who gains how much.
    slots: Vec<Vec<Gain>>,
    /// Uppercase module key (`MOSAIC`, `MOSAIC 05`, `MOSAIC 05.30`) → slot.
    modules: HashMap<String, usize>,
    /// Module series names (`MOSAIC`), indexed by `PatternInfo::series`.
    series: Vec<String>,
    /// Uppercase cited-symbol rule → slot.
    cites: HashMap<String, usize>,
    title_weight: f64,
    reference_words: f64,
    context_min: f64,
}

/// One rule's worth to one topic.
#[derive(Clone, Copy)]
struct Gain {
    topic: usize,
    weight: f64,
    /// A context term: counts only when the topic's context has evidence.
    gated: bool,
}

/// What the classifier reads from a document.
pub struct TopicInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    /// Canonical symbols the document cites (`A/RES/73/69`, `S/RES/2220 (2015)`).
    pub cites: &'a [String],
    /// Human subject headings (UNBIS), weighted like the title.
    pub subjects: &'a [String],
}

/// A topic as shown to people (`--help`, `stats`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopicInfo {
    pub path: String,
    pub name: String,
}

/// Why a taxonomy file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum TopicError {
    #[error("topic file is not valid TOML for a taxonomy: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("topic file defines no topics")]
    NoTopics,
    #[error("invalid topic path {path:?}: {reason}")]
    BadPath { path: String, reason: &'static str },
    #[error("topic path {0:?} is defined twice")]
    DuplicatePath(String),
    #[error("topic {path:?} has parent {parent:?}, which is not defined")]
    MissingParent { path: String, parent: String },
    #[error("topic {path:?}: rule {rule:?} has no words")]
    EmptyTerm { path: String, rule: String },
    #[error("topic {path:?}: rule {rule:?} has weight {weight}, which is not a finite number")]
    BadWeight {
        path: String,
        rule: String,
        weight: f64,
    },
    #[error("topic {path:?}: module rule {rule:?} is not like `MOSAIC`, `MOSAIC 05` or `MOSAIC 05.30`")]
    BadModule { path: String, rule: String },
    #[error("topic {path:?}: cited-symbol rule {rule:?} is empty")]
    BadCite { path: String, rule: String },
    #[error("topic {path:?}: context {context:?} is neither \"/\" nor a defined topic")]
    UnknownContext { path: String, context: String },
    #[error("topic {path:?}: threshold {threshold} must be a positive number")]
    BadThreshold { path: String, threshold: f64 },
    #[error("scoring setting {name} = {value} must be a positive number")]
    BadScoring { name: &'static str, value: f64 },
    #[error("could not build the term matcher: {0}")]
    Matcher(String),
}

struct Topic {
    path: String,
    name: String,
    aliases: Vec<String>,
    parent: Option<usize>,
    threshold: f64,
    /// Topics whose own evidence lets this topic's context terms count.
    context: Vec<usize>,
}

/// What an automaton pattern stands for.
#[derive(Clone, Copy, Default)]
struct PatternInfo {
    /// The term slot a plain match counts for.
    slot: Option<usize>,
    /// Set when the pattern is a module series name; a match followed by a
    /// module number counts as a module reference instead of a term.
    series: Option<usize>,
}

// ---------------------------------------------------------------------------
// The file format.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    scoring: RawScoring,
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawScoring {
    threshold: f64,
    title_weight: f64,
    reference_words: f64,
    context_min: f64,
}

impl Default for RawScoring {
    fn default() -> Self {
        // Same values as the shipped file states explicitly; a taxonomy
        // written for tests need not repeat them.
        RawScoring {
            threshold: 3.0,
            title_weight: 2.0,
            reference_words: 300.0,
            context_min: 1.0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    path: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    threshold: Option<f64>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    terms: BTreeMap<String, f64>,
    #[serde(default)]
    context_terms: BTreeMap<String, f64>,
    #[serde(default)]
    cites: BTreeMap<String, f64>,
    #[serde(default)]
    modules: BTreeMap<String, f64>,
}

// ---------------------------------------------------------------------------
// Normalisation: the text and the patterns go through the same function, so
// case, punctuation, hyphens and line breaks never decide a match.

/// Appends `text` to `out` as a run of tokens, each written as ` token `
/// (lowercase alphanumerics). Writing every token with its own leading and
/// trailing space means tokens are separated by two spaces, so a phrase
/// pattern ` small  arm ` carries its own word boundaries and the
/// non-overlapping scan can still match the next word after it. Returns the
/// number of tokens.
fn normalize_into(out: &mut String, text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if !in_word {
                out.push(' ');
                in_word = true;
                words += 1;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if in_word {
            out.push(' ');
            in_word = false;
        }
    }
    if in_word {
        out.push(' ');
    }
    words
}

fn tokens(text: &str) -> Vec<String> {
    let mut buf = String::new();
    normalize_into(&mut buf, text);
    buf.split_whitespace().map(str::to_owned).collect()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The forms a last word may take: singular and plural, so `landmine` finds
/// `landmines` and `munitions` finds `munition`. Deliberately simple: the
/// rules name real stems with a trailing `*` where more is wanted.
fn word_forms(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let n = b.len();
    // Short words, numbers and acronyms-with-digits stay exact.
    if n < 4 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        return vec![word.to_owned(), format!("{word}s")];
    }
    let sibilant = |w: &str| {
        w.ends_with("ch") || w.ends_with("sh") || w.ends_with('x') || w.ends_with('z')
    };
    if let Some(base) = word.strip_suffix("ies") {
        return vec![format!("{base}y"), word.to_owned()];
    }
    if word.ends_with('y') && !is_vowel(b[n - 2]) {
        let base = &word[..n - 1];
        return vec![word.to_owned(), format!("{base}ies")];
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return vec![word.to_owned(), format!("{word}es")];
    }
    if let Some(base) = word.strip_suffix("es") {
        if sibilant(base) || base.ends_with("ss") {
            return vec![base.to_owned(), word.to_owned()];
        }
    }
    if let Some(base) = word.strip_suffix('s') {
        return vec![base.to_owned(), word.to_owned()];
    }
    if sibilant(word) {
        return vec![word.to_owned(), format!("{word}es")];
    }
    vec![word.to_owned(), format!("{word}s")]
}

/// The automaton patterns for one rule term, and the term's canonical key
/// (its first form), which decides its evidence slot: `weapon` and `weapons`
/// share one slot.
fn term_patterns(term: &str) -> Option<(String, Vec<String>)> {
    let raw = term.trim();
    let (raw, wildcard) = match raw.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (raw, false),
    };
    let toks = tokens(raw);
    if toks.is_empty() {
        return None;
    }
    let mut variants: Vec<Vec<String>> = vec![toks.clone()];
    // A hyphenated or spaced compound is also written solid
    // (`non-proliferation`, `nonproliferation`).
    if toks.len() > 1 && raw.contains('-') {
        variants.push(vec![toks.concat()]);
    }
    let mut pats = Vec::new();
    for v in &variants {
        let (last, init) = v.split_last().expect("non-empty");
        let head: String = init.iter().map(|t| format!(" {t} ")).collect();
        if wildcard {
            // No trailing space: any continuation of the stem matches.
            pats.push(format!("{head} {last}"));
        } else {
            for form in word_forms(last) {
                pats.push(format!("{head} {form} "));
            }
        }
    }
    let key = if wildcard {
        format!("{}*", pats[0])
    } else {
        pats[0].clone()
    };
    pats.dedup();
    Some((key, pats))
}

/// `MOSAIC 5.3` → `MOSAIC 05.30`-style key; None if not a module reference.
fn module_key(rule: &str) -> Option<(String, String)> {
    let mut parts = rule.split_whitespace();
    let series = parts.next()?;
    if !series.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let series = series.to_ascii_uppercase();
    let key = match parts.next() {
        None => series.clone(),
        Some(num) => {
            let mut it = num.split('.');
            let chapter = two_digits(it.next()?)?;
            match it.next() {
                None => format!("{series} {chapter}"),
                Some(m) => format!("{series} {chapter}.{}", two_digits(m)?),
            }
        }
    };
    if parts.next().is_some() {
        return None;
    }
    Some((series, key))
}

fn two_digits(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{s:0>2}"))
}

fn cite_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// Slot bookkeeping while compiling: one slot per distinct rule, several
/// topics may share it; the same topic listing a rule twice keeps the larger
/// weight.
fn add_to_slot(slots: &mut [Vec<Gain>], slot: usize, gain: Gain) {
    let s = &mut slots[slot];
    match s
        .iter_mut()
        .find(|g| g.topic == gain.topic && g.gated == gain.gated)
    {
        Some(e) if gain.weight.abs() > e.weight.abs() => e.weight = gain.weight,
        Some(_) => {}
        None => s.push(gain),
    }
}

fn check_weight(path: &str, rule: &str, weight: f64) -> Result<(), TopicError> {
    if weight.is_finite() {
        Ok(())
    } else {
        Err(TopicError::BadWeight {
            path: path.to_owned(),
            rule: rule.to_owned(),
            weight,
        })
    }
}

fn check_path(path: &str) -> Result<(), TopicError> {
    let bad = |reason| {
        Err(TopicError::BadPath {
            path: path.to_owned(),
            reason,
        })
    };
    let Some(rest) = path.strip_prefix('/') else {
        return bad("must start with '/'");
    };
    for seg in rest.split('/') {
        if seg.is_empty() {
            return bad("has an empty segment");
        }
        if !seg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return bad("segments use only a-z, 0-9 and '-'");
        }
    }
    Ok(())
}

/// Damped count: the first hit counts fully, repeats add less and less, so
/// one phrase repeated fifty times does not outweigh five different ones.
fn damp(count: u32) -> f64 {
    if count == 0 {
        0.0
    } else {
        1.0 + f64::from(count).ln()
    }
}

impl Taxonomy {
    /// The taxonomy shipped in `topics.toml`, parsed once.
    ///
    /// # Panics
    /// Only if the shipped file is invalid, which a unit test rules out.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: LazyLock<Taxonomy> = LazyLock::new(|| {
            Taxonomy::from_toml(BUILTIN_TOML)
                .unwrap_or_else(|e| panic!("shipped topics.toml is invalid: {e}"))
        });
        &BUILTIN
    }

    /// Parses and compiles a taxonomy.
    pub fn from_toml(text: &str) -> Result<Taxonomy, TopicError> {
        let raw: RawFile = toml::from_str(text)?;
        if raw.topic.is_empty() {
            return Err(TopicError::NoTopics);
        }
        for (name, value) in [
            ("threshold", raw.scoring.threshold),
            ("title_weight", raw.scoring.title_weight),
            ("reference_words", raw.scoring.reference_words),
            ("context_min", raw.scoring.context_min),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(TopicError::BadScoring { name, value });
            }
        }

        // Topics and their parents.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, t) in raw.topic.iter().enumerate() {
            check_path(&t.path)?;
            if index.insert(t.path.clone(), i).is_some() {
                return Err(TopicError::DuplicatePath(t.path.clone()));
            }
        }
        let mut topics = Vec::with_capacity(raw.topic.len());
        for t in &raw.topic {
            let parent = match t.path.rfind('/') {
                Some(0) => None,
                Some(cut) => {
                    let p = &t.path[..cut];
                    Some(*index.get(p).ok_or_else(|| TopicError::MissingParent {
                        path: t.path.clone(),
                        parent: p.to_owned(),
                    })?)
                }
                None => unreachable!("checked: starts with '/'"),
            };
            let threshold = t.threshold.unwrap_or(raw.scoring.threshold);
            if !(threshold.is_finite() && threshold > 0.0) {
                return Err(TopicError::BadThreshold {
                    path: t.path.clone(),
                    threshold,
                });
            }
            topics.push(Topic {
                path: t.path.clone(),
                name: t.name.clone(),
                aliases: t.aliases.clone(),
                parent,
                threshold,
                context: Vec::new(),
            });
        }
        // Resolve contexts into topic indices, now that all parents are known.
        let within = |topics: &[Topic], mut i: usize, root: usize| loop {
            if i == root {
                return true;
            }
            match topics[i].parent {
                Some(p) => i = p,
                None => return false,
            }
        };
        for (ti, t) in raw.topic.iter().enumerate() {
            let mut ctx = BTreeSet::new();
            let slash = ["/".to_owned()];
            // Context terms without a stated context need any other topic.
            let wanted = if t.context.is_empty() { &slash[..] } else { &t.context[..] };
            for c in wanted {
                let c = c.trim();
                let root = if c == "/" {
                    None
                } else {
                    Some(*index.get(c).ok_or_else(|| TopicError::UnknownContext {
                        path: t.path.clone(),
                        context: c.to_owned(),
                    })?)
                };
                for i in 0..topics.len() {
                    // A topic's own words (and its children's) never vouch for it.
                    if root.is_none_or(|r| within(&topics, i, r)) && !within(&topics, i, ti) {
                        ctx.insert(i);
                    }
                }
            }
            topics[ti].context = ctx.into_iter().collect();
        }
        let depth = |mut i: usize| {
            let mut d = 0;
            while let Some(p) = topics[i].parent {
                d += 1;
                i = p;
            }
            d
        };
        let mut deepest_first: Vec<usize> = (0..topics.len()).collect();
        deepest_first.sort_by_key(|&i| std::cmp::Reverse(depth(i)));

        // Rules → slots and automaton patterns.
        let mut slots: Vec<Vec<Gain>> = Vec::new();
        let mut term_slot: HashMap<String, usize> = HashMap::new();
        let mut pattern_index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut infos: Vec<PatternInfo> = Vec::new();
        let mut modules: HashMap<String, usize> = HashMap::new();
        let mut series: Vec<String> = Vec::new();
        let mut cites: HashMap<String, usize> = HashMap::new();

        let mut pattern_for = |p: String, patterns: &mut Vec<String>, infos: &mut Vec<PatternInfo>| {
            *pattern_index.entry(p.clone()).or_insert_with(|| {
                patterns.push(p);
                infos.push(PatternInfo::default());
                infos.len() - 1
            })
        };

        for (ti, t) in raw.topic.iter().enumerate() {
            let plain = t.terms.iter().map(|(r, w)| (r, w, false));
            let gated = t.context_terms.iter().map(|(r, w)| (r, w, true));
            for (rule, &w, gated) in plain.chain(gated) {
                check_weight(&t.path, rule, w)?;
                let (key, pats) = term_patterns(rule).ok_or_else(|| TopicError::EmptyTerm {
                    path: t.path.clone(),
                    rule: rule.clone(),
                })?;
                let slot = *term_slot.entry(key).or_insert_with(|| {
                    slots.push(Vec::new());
                    slots.len() - 1
                });
                add_to_slot(&mut slots, slot, Gain { topic: ti, weight: w, gated });
                for p in pats {
                    let pi = pattern_for(p, &mut patterns, &mut infos);
                    infos[pi].slot = Some(slot);
                }
            }
            for (rule, &w) in &t.modules {
                check_weight(&t.path, rule, w)?;
                let (ser, key) = module_key(rule).ok_or_else(|| TopicError::BadModule {
                    path: t.path.clone(),
                    rule: rule.clone(),
                })?;
                if !series.contains(&ser) {
                    series.push(ser.clone());
                    let si = series.len() - 1;
                    let pi = pattern_for(
                        format!(" {} ", ser.to_ascii_lowercase()),
                        &mut patterns,
                        &mut infos,
                    );
                    infos[pi].series = Some(si);
                }
                let slot = *modules.entry(key).or_insert_with(|| {
                    slots.push(Vec::new());
                    slots.len() - 1
                });
                add_to_slot(&mut slots, slot, Gain { topic: ti, weight: w, gated: false });
            }
            for (rule, &w) in &t.cites {
                check_weight(&t.path, rule, w)?;
                let key = cite_key(rule);
                if key.is_empty() {
                    return Err(TopicError::BadCite {
                        path: t.path.clone(),
                        rule: rule.clone(),
                    });
                }
                let slot = *cites.entry(key).or_insert_with(|| {
                    slots.push(Vec::new());
                    slots.len() - 1
                });
                add_to_slot(&mut slots, slot, Gain { topic: ti, weight: w, gated: false });
            }
        }

        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| TopicError::Matcher(e.to_string()))?;

        Ok(Taxonomy {
            topics,
            deepest_first,
            matcher,
            patterns: infos,
            slots,
            modules,
            series,
            cites,
            title_weight: raw.scoring.title_weight,
            reference_words: raw.scoring.reference_words,
            context_min: raw.scoring.context_min,
        })
    }

    /// The facet paths `input` belongs to, sorted, ancestors included; empty
    /// when the document is about none of the topics.
    pub fn classify(&self, input: &TopicInput) -> Vec<String> {
        let mut buf = String::with_capacity(
            input.title.len()
                + input.body.len()
                + input.subjects.iter().map(String::len).sum::<usize>()
                + 64,
        );
        normalize_into(&mut buf, input.title);
        buf.push(BARRIER);
        for s in input.subjects {
            normalize_into(&mut buf, s);
            buf.push(BARRIER);
        }
        let body_start = buf.len();
        let body_words = normalize_into(&mut buf, input.body);

        // counts[slot] = [title-level hits, body-level hits]
        let mut counts = vec![[0u32; 2]; self.slots.len()];
        let bytes = buf.as_bytes();
        for m in self.matcher.find_iter(&buf) {
            let info = self.patterns[m.pattern().as_usize()];
            let field = usize::from(m.start() >= body_start);
            if let Some(si) = info.series {
                if let Some(slot_hits) = self.module_slots(&self.series[si], &bytes[m.end()..]) {
                    for slot in slot_hits.into_iter().flatten() {
                        counts[slot][field] += 1;
                    }
                    continue;
                }
            }
            if let Some(slot) = info.slot {
                counts[slot][field] += 1;
            }
        }
        for cite in input.cites {
            let key = cite_key(cite);
            let kb = key.as_bytes();
            for end in (1..=kb.len()).filter(|&e| e == kb.len() || SYMBOL_BOUNDARIES.contains(&kb[e])) {
                if let Some(&slot) = self.cites.get(key[..end].trim_end()) {
                    counts[slot][1] += 1;
                }
            }
        }

        let body_scale = 1.0 / (body_words as f64 / self.reference_words).sqrt().max(1.0);
        let n = self.topics.len();
        // Plain evidence, context-term evidence, and the heaviest plain rule
        // seen (what a context needs: one genuine term, wherever it is).
        let (mut plain, mut gated, mut strongest) = (vec![0.0f64; n], vec![0.0f64; n], vec![0.0f64; n]);
        for (slot, c) in counts.iter().enumerate() {
            if c[0] == 0 && c[1] == 0 {
                continue;
            }
            let evidence = self.title_weight * damp(c[0]) + body_scale * damp(c[1]);
            for g in &self.slots[slot] {
                if g.gated {
                    gated[g.topic] += g.weight * evidence;
                } else {
                    plain[g.topic] += g.weight * evidence;
                    strongest[g.topic] = strongest[g.topic].max(g.weight);
                }
            }
        }
        let mut score = plain;
        for (t, topic) in self.topics.iter().enumerate() {
            if gated[t] != 0.0 && topic.context.iter().any(|&i| strongest[i] >= self.context_min) {
                score[t] += gated[t];
            }
        }
        // Children's evidence is evidence for the parent too.
        for &t in &self.deepest_first {
            if let Some(p) = self.topics[t].parent {
                score[p] += score[t];
            }
        }
        let mut out = BTreeSet::new();
        for (t, topic) in self.topics.iter().enumerate() {
            if score[t] >= topic.threshold {
                let mut cur = Some(t);
                while let Some(i) = cur {
                    if !out.insert(self.topics[i].path.clone()) {
                        break;
                    }
                    cur = self.topics[i].parent;
                }
            }
        }
        out.into_iter().collect()
    }

    /// After a series name (`mosaic`), reads a module number from the
    /// normalised text (` 05  30 `) and returns the slots of the rules for
    /// the module, its chapter and its series; None if no number follows.
    fn module_slots(&self, series: &str, rest: &[u8]) -> Option<[Option<usize>; 3]> {
        let (chapter, rest) = read_number_token(rest)?;
        let module = read_number_token(rest).map(|(m, _)| m);
        let chapter_key = format!("{series} {chapter:0>2}");
        let module_slot = module.and_then(|m| self.modules.get(&format!("{chapter_key}.{m:0>2}")));
        Some([
            module_slot.copied(),
            self.modules.get(&chapter_key).copied(),
            self.modules.get(series).copied(),
        ])
    }

    /// Every topic, sorted by path (children right after their parent).
    pub fn topics(&self) -> Vec<TopicInfo> {
        let mut v: Vec<TopicInfo> = self
            .topics
            .iter()
            .map(|t| TopicInfo {
                path: t.path.clone(),
                name: t.name.clone(),
            })
            .collect();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }

    /// Turns what a user typed after `--topic` into a facet path: a path with
    /// or without its leading slash (`/small-arms`, `small-arms/marking-tracing`),
    /// a path's last segment (`tpnw`), the topic's name or one of its aliases
    /// (`Small arms`, `SALW`), ignoring case, hyphens and punctuation.
    /// Exact paths win over aliases and names, which win over last segments;
    /// among equals the shallowest topic wins (`nuclear` → `/nuclear`).
    pub fn resolve(&self, user: &str) -> Option<String> {
        let trimmed = user.trim().trim_end_matches('/');
        if trimmed.is_empty() {
            return None;
        }
        let as_path = if trimmed.starts_with('/') {
            trimmed.to_ascii_lowercase()
        } else {
            format!("/{}", trimmed.to_ascii_lowercase())
        };
        if let Some(t) = self.topics.iter().find(|t| t.path == as_path) {
            return Some(t.path.clone());
        }
        let wanted = tokens(trimmed).join(" ");
        if wanted.is_empty() {
            return None;
        }
        let norm = |s: &str| tokens(s).join(" ");
        let depth = |t: &Topic| t.path.matches('/').count();
        let pick = |matches: &dyn Fn(&Topic) -> bool| {
            self.topics
                .iter()
                .filter(|t| matches(t))
                .min_by_key(|t| depth(t))
                .map(|t| t.path.clone())
        };
        pick(&|t| norm(&t.path) == wanted)
            .or_else(|| pick(&|t| t.aliases.iter().any(|a| norm(a) == wanted)))
            .or_else(|| pick(&|t| norm(&t.name) == wanted))
            .or_else(|| pick(&|t| norm(t.path.rsplit('/').next().unwrap_or("")) == wanted))
    }
}

/// Reads ` dd ` (one or two digits as a whole token) from normalised text.
fn read_number_token(rest: &[u8]) -> Option<(String, &[u8])> {
    let rest = rest.strip_prefix(b" ")?;
    let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&len) || rest.get(len) != Some(&b' ') {
        return None;
    }
    let num = String::from_utf8_lossy(&rest[..len]).into_owned();
    Some((num, &rest[len + 1..]))
}
