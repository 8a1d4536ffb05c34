//! The disarmament topic taxonomy and the classifier that assigns facet paths.
//!
//! The taxonomy is data, not code: `topics.toml` (shipped inside the binary)
//! lists topics with hierarchical facet paths (`/small-arms/marking-tracing`)
//! and, per topic, weighted evidence rules: words and phrases, cited document
//! symbols (exact or by symbol prefix) and MOSAIC / ISACS / IATG module numbers.
//! [`Taxonomy::classify`] runs on every document at ingest, so everything is
//! compiled up front into one Aho-Corasick automaton and a document costs one
//! normalisation pass plus one automaton pass over title, subjects and body
//! (about 190 MB/s of CPU on the General Debate speeches).
//!
//! Scoring, in short: each rule's hits are damped (`1 + ln count`); title and
//! subject hits are multiplied by `title_weight`; body, cite and module hits
//! are divided by `sqrt(body_words / reference_words)` (never below 1), so a
//! 50,000-character speech needs proportionally more evidence than a
//! 200-character roll-call description; "context terms" (words that are
//! ordinary outside disarmament, like "gender" or "tracing") count only when
//! another topic's genuine term occurs in the same document; a parent's
//! score includes its children's; a topic whose score reaches its threshold
//! is emitted together with all its ancestors.
//!
//! Measured on the 3,054 labelled GA roll calls in `unvotes-dev` (input:
//! title + description only): label "Nuclear weapons and nuclear material" →
//! a `/nuclear…` path, P 0.945 R 0.995 F1 0.969; label "Arms control and
//! disarmament" → any topic, with unlabelled records expected to get none,
//! P 0.898 R 0.972 F1 0.934. Nearly all remaining disagreements are label
//! gaps (roll calls on the Arms Trade Treaty, transparency in armaments or
//! cluster munitions that carry no arms-control label; Jerusalem resolutions
//! that do), not wrong topics.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

/// The shipped taxonomy; `builtin()` parses it once.
const BUILTIN_TOML: &str = include_str!("topics.toml");

/// Separates title, each subject heading and body in the normalised buffer so
/// that no phrase can match across two of them.
const BARRIER: u8 = b'\n';

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
    #[error(
        "topic {path:?}: module rule {rule:?} is not like `MOSAIC`, `MOSAIC 05` or `MOSAIC 05.30`"
    )]
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
#[derive(Clone, Default)]
struct PatternInfo {
    /// The term slots a plain match counts for: usually one, but two rules
    /// can share a form (`arm` lists `arms`, and `arms` is a rule too).
    slots: Vec<usize>,
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

/// For each ASCII byte: its lowercase form if it belongs in a token, else 0.
/// A table lookup keeps the common (ASCII) path to one load per byte.
static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// Appends `text` to `out` as a run of tokens, each written as ` token `
/// (lowercase alphanumerics). Writing every token with its own leading and
/// trailing space means tokens are separated by two spaces, so a phrase
/// pattern ` small  arm ` carries its own word boundaries and the
/// non-overlapping scan can still match the next word after it. Returns the
/// number of tokens.
fn normalize_into(out: &mut Vec<u8>, text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // Fast path: ASCII, one table load.
            let lc = ASCII_CLASS[usize::from(b)];
            if lc != 0 {
                if !in_word {
                    out.push(b' ');
                    in_word = true;
                    words += 1;
                }
                out.push(lc);
            } else if in_word {
                out.push(b' ');
                in_word = false;
            }
            i += 1;
            continue;
        }
        // `i` is always on a char boundary: we advance by whole chars.
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            if !in_word {
                out.push(b' ');
                in_word = true;
                words += 1;
            }
            let mut buf = [0u8; 4];
            for lc in c.to_lowercase() {
                match fold_latin(lc) {
                    Some(ascii) => out.extend_from_slice(ascii.as_bytes()),
                    None => out.extend_from_slice(lc.encode_utf8(&mut buf).as_bytes()),
                }
            }
        } else if in_word {
            out.push(b' ');
            in_word = false;
        }
        i += c.len_utf8();
    }
    if in_word {
        out.push(b' ');
    }
    words
}

/// Accented Latin letters as their base letters, so "matériel" matches the
/// rule "materiel" and rules never need an accented twin.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    })
}

fn tokens(text: &str) -> Vec<String> {
    let mut buf = Vec::new();
    normalize_into(&mut buf, text);
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Plurals with no singular of the same meaning: `arms` must not find `arm`.
const PLURAL_ONLY: &[&str] = &[
    "arms",
    "means",
    "series",
    "species",
    "headquarters",
    "forces",
];

/// The forms a last word may take: singular and plural, so `landmine` finds
/// `landmines` and `munitions` finds `munition`. Deliberately simple: the
/// rules name real stems with a trailing `*` where more is wanted.
fn word_forms(word: &str) -> Vec<String> {
    if PLURAL_ONLY.contains(&word) {
        return vec![word.to_owned()];
    }
    let b = word.as_bytes();
    let n = b.len();
    // Short words, numbers and acronyms-with-digits stay exact.
    if n < 4 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        return vec![word.to_owned(), format!("{word}s")];
    }
    let sibilant =
        |w: &str| w.ends_with("ch") || w.ends_with("sh") || w.ends_with('x') || w.ends_with('z');
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
    let mut variants: Vec<Vec<String>> = vec![toks];
    // A hyphenated compound is also written solid (`non-proliferation`,
    // `nonproliferation`; `anti-personnel mine`, `antipersonnel mine`).
    if raw.contains('-') {
        let solid = tokens(&raw.replace('-', ""));
        if !solid.is_empty() && solid != variants[0] {
            variants.push(solid);
        }
    }
    // An acronym written in capitals (`PAROS`, `UNMAS`) only gains a plural
    // `s`; stripping its final `s` would turn `PAROS` into the word `paro`.
    let acronym = raw
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase));
    let mut pats = Vec::new();
    for v in &variants {
        let (last, init) = v.split_last().expect("non-empty");
        let head: String = init.iter().map(|t| format!(" {t} ")).collect();
        if wildcard {
            // No trailing space: any continuation of the stem matches.
            pats.push(format!("{head} {last}"));
        } else {
            let forms = if acronym {
                vec![last.clone(), format!("{last}s")]
            } else {
                word_forms(last)
            };
            for form in forms {
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

/// `MOSAIC 5.30` → (`MOSAIC`, `MOSAIC 05.30`); `IATG` → (`IATG`, `IATG`);
/// None if the rule is not a series, chapter or module reference.
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
            let wanted = if t.context.is_empty() {
                &slash[..]
            } else {
                &t.context[..]
            };
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

        let mut pattern_for =
            |p: String, patterns: &mut Vec<String>, infos: &mut Vec<PatternInfo>| {
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
                add_to_slot(
                    &mut slots,
                    slot,
                    Gain {
                        topic: ti,
                        weight: w,
                        gated,
                    },
                );
                for p in pats {
                    let pi = pattern_for(p, &mut patterns, &mut infos);
                    if !infos[pi].slots.contains(&slot) {
                        infos[pi].slots.push(slot);
                    }
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
                add_to_slot(
                    &mut slots,
                    slot,
                    Gain {
                        topic: ti,
                        weight: w,
                        gated: false,
                    },
                );
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
                add_to_slot(
                    &mut slots,
                    slot,
                    Gain {
                        topic: ti,
                        weight: w,
                        gated: false,
                    },
                );
            }
        }

        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Every pattern starts with a space, so a start-byte prefilter
            // would stop at every word; the DFA alone is faster.
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
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
        // Normalising adds up to two spaces per word: reserve for the
        // typical case (about 1.3x) so the buffer rarely grows.
        let raw_len = input.title.len()
            + input.body.len()
            + input.subjects.iter().map(String::len).sum::<usize>();
        let mut buf = Vec::with_capacity(raw_len + raw_len / 2 + 64);
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
        for m in self.matcher.find_iter(&buf) {
            let info = &self.patterns[m.pattern().as_usize()];
            let field = usize::from(m.start() >= body_start);
            if let Some(si) = info.series {
                if let Some(slot_hits) = self.module_slots(&self.series[si], &buf[m.end()..]) {
                    for slot in slot_hits.into_iter().flatten() {
                        counts[slot][field] += 1;
                    }
                    continue;
                }
            }
            for &slot in &info.slots {
                counts[slot][field] += 1;
            }
        }
        for cite in input.cites {
            let key = cite_key(cite);
            let kb = key.as_bytes();
            for end in
                (1..=kb.len()).filter(|&e| e == kb.len() || SYMBOL_BOUNDARIES.contains(&kb[e]))
            {
                if let Some(&slot) = self.cites.get(key[..end].trim_end()) {
                    counts[slot][1] += 1;
                }
            }
        }

        let body_scale = 1.0 / (body_words as f64 / self.reference_words).sqrt().max(1.0);
        let n = self.topics.len();
        // Plain evidence, context-term evidence, and the heaviest plain rule
        // seen (what a context needs: one genuine term, wherever it is).
        let (mut plain, mut gated, mut strongest) =
            (vec![0.0f64; n], vec![0.0f64; n], vec![0.0f64; n]);
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
            if gated[t] != 0.0
                && topic
                    .context
                    .iter()
                    .any(|&i| strongest[i] >= self.context_min)
            {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(title: &str, body: &str) -> Vec<String> {
        Taxonomy::builtin().classify(&TopicInput {
            title,
            body,
            cites: &[],
            subjects: &[],
        })
    }

    fn with_cites(body: &str, cites: &[&str]) -> Vec<String> {
        let cites: Vec<String> = cites.iter().map(|c| (*c).to_owned()).collect();
        Taxonomy::builtin().classify(&TopicInput {
            title: "",
            body,
            cites: &cites,
            subjects: &[],
        })
    }

    /// Every result must carry its ancestors.
    fn assert_parents_present(got: &[String]) {
        for p in got {
            let mut cur = p.as_str();
            while let Some(cut) = cur.rfind('/').filter(|&c| c > 0) {
                cur = &cur[..cut];
                assert!(got.iter().any(|g| g == cur), "{p} without {cur} in {got:?}");
            }
        }
    }

    #[test]
    fn builtin_file_parses_and_lists_the_required_topics() {
        let tax = Taxonomy::from_toml(BUILTIN_TOML).expect("shipped topics.toml");
        let paths: Vec<String> = tax.topics().into_iter().map(|t| t.path).collect();
        for want in [
            "/small-arms",
            "/small-arms/marking-tracing",
            "/small-arms/stockpile-management",
            "/small-arms/transfers",
            "/small-arms/community-safety",
            "/ammunition",
            "/att",
            "/transparency",
            "/transparency/register",
            "/transparency/military-expenditure",
            "/gender",
            "/nuclear",
            "/nuclear/non-proliferation",
            "/nuclear/test-ban",
            "/nuclear/tpnw",
            "/nuclear/nwfz",
            "/chemical",
            "/biological",
            "/mines",
            "/ccw",
            "/ccw/autonomous-weapons",
            "/outer-space",
            "/ict",
            "/terrorism-wmd",
            "/machinery",
            "/machinery/first-committee",
            "/machinery/conference-on-disarmament",
            "/machinery/disarmament-commission",
            "/ddr",
            "/regional",
            "/development",
            "/education",
        ] {
            assert!(paths.iter().any(|p| p == want), "missing {want}");
        }
        let mut sorted = paths.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(paths, sorted, "topics() is sorted and unique");
        assert!(Taxonomy::builtin()
            .topics()
            .iter()
            .all(|t| !t.name.is_empty()));
    }

    #[test]
    fn every_topic_is_reachable() {
        // (expected path, title, body): sentences written for this test.
        let table: &[(&str, &str, &str)] = &[
            (
                "/small-arms",
                "",
                "Illicit flows of small arms and light weapons fuel conflict in the Sahel.",
            ),
            (
                "/small-arms/marking-tracing",
                "",
                "Police used the International Tracing Instrument to follow seized pistols.",
            ),
            (
                "/small-arms/stockpile-management",
                "",
                "Physical security and stockpile management of police armouries was improved.",
            ),
            (
                "/small-arms/transfers",
                "",
                "Illicit brokering of small arms was criminalised.",
            ),
            (
                "/small-arms/community-safety",
                "",
                "Gun violence and armed violence reduction in urban neighbourhoods.",
            ),
            (
                "/ammunition",
                "",
                "Surplus ammunition must be destroyed safely.",
            ),
            (
                "/att",
                "",
                "States Parties to the Arms Trade Treaty met in Geneva.",
            ),
            (
                "/conventional",
                "",
                "The Council renewed the arms embargo on the country.",
            ),
            (
                "/transparency",
                "",
                "Transparency in armaments builds trust between neighbours.",
            ),
            (
                "/transparency/register",
                "",
                "Eighty States reported imports to the Register of Conventional Arms.",
            ),
            (
                "/transparency/military-expenditure",
                "",
                "Global military expenditure rose again last year.",
            ),
            (
                "/gender",
                "",
                "Gender and disarmament: why women's participation matters.",
            ),
            (
                "/nuclear",
                "",
                "Nuclear weapons remain the gravest threat to humanity.",
            ),
            (
                "/nuclear/non-proliferation",
                "",
                "The NPT Review Conference opens next week.",
            ),
            (
                "/nuclear/test-ban",
                "",
                "The CTBT has not yet entered into force.",
            ),
            (
                "/nuclear/tpnw",
                "",
                "The TPNW entered into force in January 2021.",
            ),
            (
                "/nuclear/nwfz",
                "",
                "The Treaty of Pelindaba established a nuclear-weapon-free zone in Africa.",
            ),
            (
                "/chemical",
                "",
                "The OPCW confirmed the use of chemical weapons.",
            ),
            (
                "/biological",
                "",
                "The Biological Weapons Convention lacks a verification body.",
            ),
            (
                "/mines",
                "",
                "Demining teams cleared landmines from farmland.",
            ),
            (
                "/ccw",
                "",
                "The High Contracting Parties to the CCW met in Geneva.",
            ),
            (
                "/ccw/autonomous-weapons",
                "",
                "Lethal autonomous weapons systems raise ethical questions.",
            ),
            (
                "/outer-space",
                "",
                "Delegations debated the prevention of an arms race in outer space.",
            ),
            (
                "/ict",
                "",
                "Experts discussed responsible State behaviour in cyberspace.",
            ),
            (
                "/terrorism-wmd",
                "",
                "Measures to prevent the acquisition by terrorists of radioactive sources.",
            ),
            (
                "/general-disarmament",
                "",
                "General and complete disarmament under effective international control.",
            ),
            ("/machinery", "", "UNIDIR published a new study."),
            (
                "/machinery/first-committee",
                "First Committee",
                "The draft was adopted without a vote.",
            ),
            (
                "/machinery/conference-on-disarmament",
                "",
                "The Conference on Disarmament again failed to agree on a programme of work.",
            ),
            (
                "/machinery/disarmament-commission",
                "",
                "The Disarmament Commission concluded its substantive session.",
            ),
            (
                "/ddr",
                "",
                "Disarmament, demobilization and reintegration programmes support ex-combatants.",
            ),
            (
                "/regional",
                "",
                "Confidence- and security-building measures were agreed in the region.",
            ),
            (
                "/development",
                "",
                "The relationship between disarmament and development was discussed.",
            ),
            (
                "/education",
                "",
                "Disarmament education empowers young people.",
            ),
        ];
        for (want, title, body) in table {
            let got = classify(title, body);
            assert!(
                got.iter().any(|g| g == want),
                "{body:?}: want {want}, got {got:?}"
            );
            assert_parents_present(&got);
        }
        // The table covers every topic in the shipped file.
        for t in Taxonomy::builtin().topics() {
            assert!(
                table.iter().any(|(p, _, _)| *p == t.path),
                "no sentence reaches {}",
                t.path
            );
        }
    }

    #[test]
    fn text_about_nothing_gets_no_topic() {
        for body in [
            "",
            "The Committee adopted its agenda and elected its officers.",
            "Rainfall in the region was above average this year, and harvests improved.",
            "A mosaic of cultures marked the anniversary celebrations.",
            "Contact tracing slowed the spread of the virus.",
            "The nuclear family is no longer the only model of household.",
            "Gender equality and the empowerment of women and girls remain central to development.",
            "Human rights and terrorism: the Assembly condemned all terrorist acts.",
            "El paro nacional duró dos días.",
        ] {
            assert_eq!(classify("", body), Vec::<String>::new(), "{body:?}");
        }
    }

    #[test]
    fn child_implies_parent() {
        let table: &[(&str, &[&str])] = &[
            (
                "Guidance on the International Tracing Instrument.",
                &["/small-arms", "/small-arms/marking-tracing"],
            ),
            (
                "The TPNW and its first Meeting of States Parties.",
                &["/nuclear", "/nuclear/tpnw"],
            ),
            (
                "Killer robots and lethal autonomous weapons systems.",
                &["/ccw", "/ccw/autonomous-weapons"],
            ),
            (
                "The UNROCA report for 2023.",
                &["/transparency", "/transparency/register"],
            ),
        ];
        for (body, want) in table {
            let got = classify("", body);
            for w in *want {
                assert!(
                    got.iter().any(|g| g == w),
                    "{body:?}: want {w}, got {got:?}"
                );
            }
            assert_parents_present(&got);
        }
    }

    #[test]
    fn cited_symbol_leans_to_its_topic() {
        let neutral = "The report reviews national measures taken since the last session.";
        assert!(with_cites(neutral, &[]).is_empty());
        let table: &[(&str, &str)] = &[
            ("A/RES/73/69", "/small-arms"),
            ("S/RES/2220 (2015)", "/small-arms"),
            ("S/RES/2220(2015)", "/small-arms"),
            ("a/res/73/69", "/small-arms"),
            ("A/CONF.192/2018/RC/3", "/small-arms"),
            ("ATT/CSP5/2019/SEC/536/Conf.FinRep.Rev1", "/att"),
            ("CCW/P.V/CONF/2018/5", "/ccw"),
            ("TPNW/MSP/2022/6", "/nuclear/tpnw"),
            ("S/RES/1540 (2004)", "/terrorism-wmd"),
            ("A/CN.10/2024/1", "/machinery/disarmament-commission"),
        ];
        for (cite, want) in table {
            let got = with_cites(neutral, &[cite]);
            assert!(
                got.iter().any(|g| g == want),
                "{cite}: want {want}, got {got:?}"
            );
            assert_parents_present(&got);
        }
        // A prefix ends on a symbol boundary: A/RES/73/690 is another resolution.
        assert!(with_cites(neutral, &["A/RES/73/690"]).is_empty());
        assert!(with_cites(neutral, &["ATTX/1"]).is_empty());
        // A citation leans, it does not overrule: in a long unrelated text one
        // citation is not enough.
        let long = neutral.repeat(400);
        assert!(with_cites(&long, &["A/RES/73/69"]).is_empty());
    }

    #[test]
    fn module_numbers_map_to_their_topics() {
        let table: &[(&str, &[&str])] = &[
            (
                "Apply MOSAIC 05.30 when marking weapons.",
                &["/small-arms", "/small-arms/marking-tracing"],
            ),
            (
                "See ISACS 05.31 on tracing.",
                &["/small-arms", "/small-arms/marking-tracing"],
            ),
            (
                "As set out in MOSAIC 03.40, national coordination matters.",
                &["/small-arms"],
            ),
            (
                "MOSAIC 05.20:2012(E) covers storage.",
                &["/small-arms", "/small-arms/stockpile-management"],
            ),
            (
                "MOSAIC 02.30 links to reintegration.",
                &["/small-arms", "/ddr"],
            ),
            ("Follow IATG 01.40 for the glossary.", &["/ammunition"]),
            ("IATG 12.20 on small unit storage.", &["/ammunition"]),
        ];
        for (body, want) in table {
            let got = classify("", body);
            for w in *want {
                assert!(
                    got.iter().any(|g| g == w),
                    "{body:?}: want {w}, got {got:?}"
                );
            }
        }
        // The series word alone is not a module reference.
        assert!(classify("", "A mosaic of 05 views.").is_empty());
    }

    #[test]
    fn title_counts_more_than_body_and_long_texts_need_more_evidence() {
        // "firearm" is strong but not decisive on its own in a body.
        assert!(classify("", "Firearms").is_empty());
        assert_eq!(classify("Firearms", ""), vec!["/small-arms".to_owned()]);

        let filler = "The delegation thanked the President for his leadership of the session. ";
        let short = format!("{filler} Nuclear weapons must be eliminated.");
        let long = format!("{} Nuclear weapons must be eliminated.", filler.repeat(800));
        assert!(classify("", &short).iter().any(|g| g == "/nuclear"));
        assert!(
            classify("", &long).is_empty(),
            "one mention in a long speech"
        );
        let paragraph = "Nuclear weapons must be eliminated. The NPT and the CTBT are the \
                         cornerstones; nuclear disarmament and nuclear-weapon-free zones \
                         matter, and nuclear testing must never resume. ";
        let long_with_paragraph = format!("{}{}", filler.repeat(800), paragraph.repeat(3));
        assert!(classify("", &long_with_paragraph)
            .iter()
            .any(|g| g == "/nuclear"));
    }

    #[test]
    fn plurals_hyphens_case_and_accents_are_tolerated() {
        for (body, want) in [
            ("A LANDMINE was found.", "/mines"),
            ("Anti personnel mines were destroyed.", "/mines"),
            ("Antipersonnel mines were destroyed.", "/mines"),
            (
                "The Nonproliferation Treaty turns fifty.",
                "/nuclear/non-proliferation",
            ),
            (
                "The NON-PROLIFERATION TREATY turns fifty.",
                "/nuclear/non-proliferation",
            ),
            ("Demobilisation of fighters began.", "/ddr"),
            (
                "Arms and related matériel were seized at the border.",
                "/conventional",
            ),
        ] {
            let got = classify("", body);
            assert!(
                got.iter().any(|g| g == want),
                "{body:?}: want {want}, got {got:?}"
            );
        }
        // "arms" has no singular of the same meaning.
        assert!(classify("", "He raised his arm.").is_empty());
    }

    #[test]
    fn context_terms_need_a_disarmament_context() {
        let tracing = "Tracing and marking procedures were reviewed.";
        assert!(classify("", tracing).is_empty());
        let with_context = format!("{tracing} Small arms seized by police were recorded.");
        assert!(classify("", &with_context)
            .iter()
            .any(|g| g == "/small-arms/marking-tracing"));
    }

    #[test]
    fn subjects_count_like_the_title() {
        let subjects = vec!["NUCLEAR WEAPONS--HUMANITARIAN CONSEQUENCES".to_owned()];
        let got = Taxonomy::builtin().classify(&TopicInput {
            title: "Note by the Secretary-General",
            body: "",
            cites: &[],
            subjects: &subjects,
        });
        assert!(got.iter().any(|g| g == "/nuclear"), "{got:?}");
    }

    #[test]
    fn resolve_accepts_paths_names_aliases_and_segments() {
        let tax = Taxonomy::builtin();
        for (user, want) in [
            ("small-arms", Some("/small-arms")),
            ("/small-arms", Some("/small-arms")),
            ("/small-arms/", Some("/small-arms")),
            ("Small arms", Some("/small-arms")),
            ("SALW", Some("/small-arms")),
            ("tpnw", Some("/nuclear/tpnw")),
            ("TPNW", Some("/nuclear/tpnw")),
            ("nuclear/tpnw", Some("/nuclear/tpnw")),
            ("nuclear", Some("/nuclear")),
            ("marking-tracing", Some("/small-arms/marking-tracing")),
            ("Arms Trade Treaty", Some("/att")),
            (
                "Conference on Disarmament",
                Some("/machinery/conference-on-disarmament"),
            ),
            ("  landmines ", Some("/mines")),
            ("unicorns", None),
            ("", None),
            ("/", None),
        ] {
            assert_eq!(tax.resolve(user).as_deref(), want, "{user:?}");
        }
    }

    #[test]
    fn bad_taxonomies_are_rejected() {
        let ok = "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"alpha\" = 3\n";
        assert!(Taxonomy::from_toml(ok).is_ok());
        // (file text, which error it must give)
        type Expect = fn(&TopicError) -> bool;
        let table: &[(&str, Expect)] = &[
            ("this is not toml", |e| matches!(e, TopicError::Toml(_))),
            ("", |e| matches!(e, TopicError::NoTopics)),
            ("[[topic]]\npath = \"a\"\nname = \"A\"\n", |e| {
                matches!(e, TopicError::BadPath { .. })
            }),
            ("[[topic]]\npath = \"/A b\"\nname = \"A\"\n", |e| {
                matches!(e, TopicError::BadPath { .. })
            }),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\n[[topic]]\npath = \"/a\"\nname = \"B\"\n",
                |e| matches!(e, TopicError::DuplicatePath(_)),
            ),
            ("[[topic]]\npath = \"/a/b\"\nname = \"B\"\n", |e| {
                matches!(e, TopicError::MissingParent { .. })
            }),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"--\" = 3\n",
                |e| matches!(e, TopicError::EmptyTerm { .. }),
            ),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.terms]\n\"x\" = nan\n",
                |e| matches!(e, TopicError::BadWeight { .. }),
            ),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\n[topic.modules]\n\"MOSAIC 5.300\" = 3\n",
                |e| matches!(e, TopicError::BadModule { .. }),
            ),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\ncontext = [\"/b\"]\n",
                |e| matches!(e, TopicError::UnknownContext { .. }),
            ),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\nthreshold = 0\n",
                |e| matches!(e, TopicError::BadThreshold { .. }),
            ),
            (
                "[scoring]\ntitle_weight = -1\n[[topic]]\npath = \"/a\"\nname = \"A\"\n",
                |e| matches!(e, TopicError::BadScoring { .. }),
            ),
            (
                "[[topic]]\npath = \"/a\"\nname = \"A\"\ncolour = \"red\"\n",
                |e| matches!(e, TopicError::Toml(_)),
            ),
        ];
        for (text, is_expected) in table {
            match Taxonomy::from_toml(text) {
                Ok(_) => panic!("accepted {text:?}"),
                Err(e) => assert!(is_expected(&e), "{text:?}: unexpected error {e}"),
            }
        }
    }

    #[test]
    fn a_small_taxonomy_behaves_as_documented() {
        let tax = Taxonomy::from_toml(
            r#"
            [scoring]
            threshold = 2.0
            [[topic]]
            path = "/fruit"
            name = "Fruit"
            aliases = ["produce"]
            [topic.terms]
            "fruit" = 1
            [[topic]]
            path = "/fruit/apple"
            name = "Apples"
            [topic.terms]
            "apple" = 2
            "apple pie" = 0
            "crab-apple" = 2
            "pip*" = 2
            "#,
        )
        .expect("valid");
        let run = |body: &str| {
            tax.classify(&TopicInput {
                title: "",
                body,
                cites: &[],
                subjects: &[],
            })
        };
        assert_eq!(run("Apples."), vec!["/fruit", "/fruit/apple"]);
        assert_eq!(run("Crabapples."), vec!["/fruit", "/fruit/apple"]);
        assert!(
            run("Apple pie.").is_empty(),
            "a zero-weight phrase absorbs its words"
        );
        assert!(
            run("Pineapples.").is_empty(),
            "matches start on a word boundary"
        );
        assert_eq!(
            run("Pipettes."),
            vec!["/fruit", "/fruit/apple"],
            "a trailing * is a stem"
        );
        assert!(run("Fruit.").is_empty());
        assert_eq!(run("Fruit, fruit and more fruit, fruit."), vec!["/fruit"]);
        assert_eq!(tax.resolve("produce").as_deref(), Some("/fruit"));
        assert_eq!(tax.resolve("apple").as_deref(), Some("/fruit/apple"));
    }
}
