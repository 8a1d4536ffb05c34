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

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

mod compile;
mod normalize;
#[cfg(test)]
mod tests;

use normalize::{cite_key, normalize_into, tokens};

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
