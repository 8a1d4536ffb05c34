//! Compiling a taxonomy file: the file format, its checks, and the rules
//! turned into evidence slots and one Aho-Corasick automaton.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use super::normalize::{cite_key, module_key, term_patterns};
use super::{Gain, PatternInfo, Taxonomy, Topic, TopicError};

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
impl Taxonomy {
    /// Parses and compiles a taxonomy.
    pub fn from_toml(text: &str) -> Result<Taxonomy, TopicError> {
        let raw: RawFile = toml::from_str(text)?;
        if raw.topic.is_empty() {
            return Err(TopicError::NoTopics);
        }
        check_scoring(&raw.scoring)?;
        let index = path_index(&raw.topic)?;
        let mut topics = compile_topics(&raw, &index)?;
        resolve_contexts(&raw.topic, &index, &mut topics)?;
        let deepest_first = deepest_first(&topics);
        let mut rules = Rules::default();
        for (ti, t) in raw.topic.iter().enumerate() {
            rules.add_terms(ti, t)?;
            rules.add_modules(ti, t)?;
            rules.add_cites(ti, t)?;
        }

        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Every pattern starts with a space, so a start-byte prefilter
            // would stop at every word; the DFA alone is faster.
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&rules.patterns)
            .map_err(|e| TopicError::Matcher(e.to_string()))?;

        Ok(Taxonomy {
            topics,
            deepest_first,
            matcher,
            patterns: rules.infos,
            slots: rules.slots,
            modules: rules.modules,
            series: rules.series,
            cites: rules.cites,
            title_weight: raw.scoring.title_weight,
            reference_words: raw.scoring.reference_words,
            context_min: raw.scoring.context_min,
        })
    }
}

/// Every scoring setting must be a positive number.
fn check_scoring(s: &RawScoring) -> Result<(), TopicError> {
    for (name, value) in [
        ("threshold", s.threshold),
        ("title_weight", s.title_weight),
        ("reference_words", s.reference_words),
        ("context_min", s.context_min),
    ] {
        if !(value.is_finite() && value > 0.0) {
            return Err(TopicError::BadScoring { name, value });
        }
    }
    Ok(())
}

/// Topic path → its position in the file; every path checked and unique.
fn path_index(raw: &[RawTopic]) -> Result<HashMap<String, usize>, TopicError> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, t) in raw.iter().enumerate() {
        check_path(&t.path)?;
        if index.insert(t.path.clone(), i).is_some() {
            return Err(TopicError::DuplicatePath(t.path.clone()));
        }
    }
    Ok(index)
}

/// The topics with their parents and thresholds (contexts come later, once
/// every parent is known).
fn compile_topics(raw: &RawFile, index: &HashMap<String, usize>) -> Result<Vec<Topic>, TopicError> {
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
    Ok(topics)
}

/// True when topic `i` is `root` or lies under it.
fn within(topics: &[Topic], mut i: usize, root: usize) -> bool {
    loop {
        if i == root {
            return true;
        }
        match topics[i].parent {
            Some(p) => i = p,
            None => return false,
        }
    }
}

/// Resolves each topic's context into the topic indices whose evidence lets
/// its context terms count.
fn resolve_contexts(
    raw: &[RawTopic],
    index: &HashMap<String, usize>,
    topics: &mut [Topic],
) -> Result<(), TopicError> {
    for (ti, t) in raw.iter().enumerate() {
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
                if root.is_none_or(|r| within(topics, i, r)) && !within(topics, i, ti) {
                    ctx.insert(i);
                }
            }
        }
        topics[ti].context = ctx.into_iter().collect();
    }
    Ok(())
}

/// Topic indices, deepest first.
fn deepest_first(topics: &[Topic]) -> Vec<usize> {
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
    deepest_first
}

/// Rules → slots and automaton patterns, while compiling.
#[derive(Default)]
struct Rules {
    slots: Vec<Vec<Gain>>,
    term_slot: HashMap<String, usize>,
    pattern_index: HashMap<String, usize>,
    patterns: Vec<String>,
    infos: Vec<PatternInfo>,
    modules: HashMap<String, usize>,
    series: Vec<String>,
    cites: HashMap<String, usize>,
}

/// The slot filed under `key` in `map`, made when new.
fn slot_for(slots: &mut Vec<Vec<Gain>>, map: &mut HashMap<String, usize>, key: String) -> usize {
    *map.entry(key).or_insert_with(|| {
        slots.push(Vec::new());
        slots.len() - 1
    })
}

impl Rules {
    /// The automaton pattern `p`, added when new.
    fn pattern_for(&mut self, p: String) -> usize {
        let (patterns, infos) = (&mut self.patterns, &mut self.infos);
        *self.pattern_index.entry(p.clone()).or_insert_with(|| {
            patterns.push(p);
            infos.push(PatternInfo::default());
            infos.len() - 1
        })
    }

    /// Words and phrases, plain and context terms.
    fn add_terms(&mut self, ti: usize, t: &RawTopic) -> Result<(), TopicError> {
        let plain = t.terms.iter().map(|(r, w)| (r, w, false));
        let gated = t.context_terms.iter().map(|(r, w)| (r, w, true));
        for (rule, &w, gated) in plain.chain(gated) {
            check_weight(&t.path, rule, w)?;
            let (key, pats) = term_patterns(rule).ok_or_else(|| TopicError::EmptyTerm {
                path: t.path.clone(),
                rule: rule.clone(),
            })?;
            let slot = slot_for(&mut self.slots, &mut self.term_slot, key);
            let gain = Gain {
                topic: ti,
                weight: w,
                gated,
            };
            add_to_slot(&mut self.slots, slot, gain);
            for p in pats {
                let pi = self.pattern_for(p);
                if !self.infos[pi].slots.contains(&slot) {
                    self.infos[pi].slots.push(slot);
                }
            }
        }
        Ok(())
    }

    /// Module rules (`MOSAIC 05.30`); each series name becomes a pattern.
    fn add_modules(&mut self, ti: usize, t: &RawTopic) -> Result<(), TopicError> {
        for (rule, &w) in &t.modules {
            check_weight(&t.path, rule, w)?;
            let (ser, key) = module_key(rule).ok_or_else(|| TopicError::BadModule {
                path: t.path.clone(),
                rule: rule.clone(),
            })?;
            if !self.series.contains(&ser) {
                self.series.push(ser.clone());
                let si = self.series.len() - 1;
                let pi = self.pattern_for(format!(" {} ", ser.to_ascii_lowercase()));
                self.infos[pi].series = Some(si);
            }
            let slot = slot_for(&mut self.slots, &mut self.modules, key);
            let gain = Gain {
                topic: ti,
                weight: w,
                gated: false,
            };
            add_to_slot(&mut self.slots, slot, gain);
        }
        Ok(())
    }

    /// Cited-symbol rules.
    fn add_cites(&mut self, ti: usize, t: &RawTopic) -> Result<(), TopicError> {
        for (rule, &w) in &t.cites {
            check_weight(&t.path, rule, w)?;
            let key = cite_key(rule);
            if key.is_empty() {
                return Err(TopicError::BadCite {
                    path: t.path.clone(),
                    rule: rule.clone(),
                });
            }
            let slot = slot_for(&mut self.slots, &mut self.cites, key);
            let gain = Gain {
                topic: ti,
                weight: w,
                gated: false,
            };
            add_to_slot(&mut self.slots, slot, gain);
        }
        Ok(())
    }
}
