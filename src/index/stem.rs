//! Snowball stemming with a per-thread, per-language cache of word → stem.
//!
//! Snowball stemming is the single largest cost of indexing the stemmed
//! body and of tokenising snippet windows at query time, yet a corpus uses
//! a vocabulary of a few tens of thousands of words. [`CachedStemmer`]
//! gives exactly tantivy's `Stemmer::new(language)` output (a miss is
//! stemmed by that very filter) and remembers it in a bounded thread-local
//! map per language, so each distinct word is stemmed once per thread.
//!
//! A snippet needs only the tokens that stem to one of the query's few
//! stems. English (Porter2) stemming keeps a word's first letter and never
//! makes it longer, so [`StemTargets`] lets the English snippet analyser
//! skip every other token: those keep their lower-cased form, which cannot
//! equal a target either. (Arabic stemming strips prefixes, so targets are
//! only used for English.)

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Distinct words remembered per thread; the map is emptied when full, so
/// noise (garbage tokens from PDFs) cannot grow memory without bound.
const CACHE_WORDS: usize = 200_000;

/// A small multiplicative hasher for short words (FxHash).
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            let w = u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak, and hashbrown picks buckets
        // with them: bring the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}

/// A word of up to [`INLINE_BYTES`] bytes, stored inline: the cache's keys
/// and values live in its table, so a lookup touches one slot, not a slot
/// and two heap strings. Byte 0 is the length; the rest is zero-padded.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Word([u8; INLINE_BYTES + 1]);

/// Longest word the cache holds; longer ones (rare) are stemmed each time.
const INLINE_BYTES: usize = 23;

impl Word {
    fn new(s: &str) -> Option<Word> {
        let b = s.as_bytes();
        if b.len() > INLINE_BYTES {
            return None;
        }
        let mut w = [0u8; INLINE_BYTES + 1];
        w[0] = b.len() as u8;
        w[1..=b.len()].copy_from_slice(b);
        Some(Word(w))
    }

    fn as_str(&self) -> &str {
        // Built from a &str by `new`, so always valid UTF-8.
        std::str::from_utf8(&self.0[1..=usize::from(self.0[0])]).unwrap_or("")
    }
}

impl std::hash::Hash for Word {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(&self.0);
    }
}

/// Slots of the direct-mapped front of the cache (a power of two): the
/// most frequent words, in a table small enough to stay in the CPU cache.
const FRONT_SLOTS: usize = 4096;

struct Cache {
    /// `(word, stem)` by the word's hash; a collision just replaces.
    front: Vec<(Word, Word)>,
    stems: HashMap<Word, Word, BuildHasherDefault<WordHasher>>,
    stemmer: TextAnalyzer,
}

impl Cache {
    fn stem(&mut self, word: &str) -> String {
        let mut stream = self.stemmer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_string()
        }
    }
}

impl Cache {
    fn new(language: Language) -> Cache {
        Cache {
            // Word([0; _]) is the empty word, which no token is.
            front: vec![(Word([0; INLINE_BYTES + 1]), Word([0; INLINE_BYTES + 1])); FRONT_SLOTS],
            stems: HashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build(),
        }
    }
}

/// The Snowball languages undex stems, in the order of the caches below.
pub const STEMMED_LANGUAGES: [Language; 5] = [
    Language::English,
    Language::French,
    Language::Spanish,
    Language::Russian,
    Language::Arabic,
];

fn cache_slot(language: Language) -> usize {
    STEMMED_LANGUAGES
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0)
}

thread_local! {
    /// One cache per language of [`STEMMED_LANGUAGES`], made on first use.
    static CACHES: [RefCell<Option<Cache>>; 5] = Default::default();
}

/// Replaces `word` (lower-cased) by its stem in `language`.
fn stem_in_place(language: Language, word: &mut String) {
    CACHES.with(|caches| {
        let mut cell = caches[cache_slot(language)].borrow_mut();
        let cache = cell.get_or_insert_with(|| Cache::new(language));
        let Some(key) = Word::new(word) else {
            *word = cache.stem(word);
            return;
        };
        let cache = &mut *cache;
        let slot = {
            let mut h = WordHasher::default();
            h.write(&key.0);
            h.finish() as usize & (FRONT_SLOTS - 1)
        };
        let stem = match cache.front[slot] {
            (k, stem) if k == key => stem,
            _ => {
                let stem = match cache.stems.get(&key) {
                    Some(stem) => *stem,
                    None => {
                        let stem = cache.stem(word);
                        // A stem is never longer than its word: it fits inline.
                        let Some(value) = Word::new(&stem) else {
                            *word = stem;
                            return;
                        };
                        if cache.stems.len() >= CACHE_WORDS {
                            cache.stems.clear();
                        }
                        cache.stems.insert(key, value);
                        value
                    }
                };
                cache.front[slot] = (key, stem);
                stem
            }
        };
        if stem != key {
            word.clear();
            word.push_str(stem.as_str());
        }
    })
}

/// The stems a snippet looks for, as what a word must have to stem to one
/// of them: its first byte, and at least the shortest stem's length.
#[derive(Debug)]
pub struct StemTargets {
    first_bytes: [bool; 256],
    min_len: usize,
}

impl StemTargets {
    pub fn new<'a>(stems: impl IntoIterator<Item = &'a str>) -> StemTargets {
        let mut t = StemTargets {
            first_bytes: [false; 256],
            min_len: usize::MAX,
        };
        for stem in stems {
            if let Some(&b) = stem.as_bytes().first() {
                t.first_bytes[usize::from(b)] = true;
                t.min_len = t.min_len.min(stem.len());
            }
        }
        t
    }

    /// False when `word` cannot stem to any target.
    fn may_stem_to_one(&self, word: &str) -> bool {
        word.len() >= self.min_len
            && word
                .as_bytes()
                .first()
                .is_some_and(|&b| self.first_bytes[usize::from(b)])
    }
}

/// Token filter: Snowball stems, as tantivy's `Stemmer`, cached per thread.
/// Tokens must be lower-cased beforehand. With targets, only tokens that may
/// stem to one of them are stemmed (see [`StemTargets`]).
#[derive(Clone, Debug)]
pub struct CachedStemmer {
    language: Language,
    targets: Option<Arc<StemTargets>>,
}

impl Default for CachedStemmer {
    /// English.
    fn default() -> CachedStemmer {
        CachedStemmer::new(Language::English)
    }
}

impl CachedStemmer {
    /// Stems in `language` (one of [`STEMMED_LANGUAGES`]).
    pub fn new(language: Language) -> CachedStemmer {
        CachedStemmer {
            language,
            targets: None,
        }
    }

    /// English stems, only of what may stem to one of `targets`: for snippets.
    pub fn only_for(targets: StemTargets) -> CachedStemmer {
        CachedStemmer {
            language: Language::English,
            targets: Some(Arc::new(targets)),
        }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            language: self.language,
            targets: self.targets,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    language: Language,
    targets: Option<Arc<StemTargets>>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            language: self.language,
            targets: self.targets.as_deref(),
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    language: Language,
    targets: Option<&'a StemTargets>,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if self.targets.is_none_or(|t| t.may_stem_to_one(text)) {
            stem_in_place(self.language, text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn same_tokens_as_tantivys_stemmer() {
        let text = "Dogs are the bests! Weapons, weapon; disarmament DISARMING generously \
                    généralement Καλημέρα résolutions running ran runs nationalities";
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::default())
            .build();
        let expected = tokens(plain, text);
        // Twice: the second pass is served from the cache.
        assert_eq!(tokens(cached.clone(), text), expected);
        assert_eq!(tokens(cached, text), expected);
    }

    #[test]
    fn stemming_keeps_the_first_letter_and_never_lengthens() {
        // The invariant StemTargets relies on, over Porter2's exceptions,
        // its y handling and its suffix rewrites (checked on the 68,000
        // distinct words of the General Debate corpus too).
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        for w in [
            "dying",
            "lying",
            "tying",
            "skies",
            "skis",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "sky",
            "news",
            "howe",
            "atlas",
            "cosmos",
            "bias",
            "andes",
            "yes",
            "youth",
            "y",
            "ay",
            "proceed",
            "exceed",
            "generously",
            "nationalization",
            "relational",
            "luxuriating",
            "hopping",
            "épée",
            "ÿes",
            "1990s",
            "a1b2",
        ] {
            let mut s = stemmer.token_stream(w);
            assert!(s.advance());
            let stem = &s.token().text;
            assert!(stem.len() <= w.len(), "{w} -> {stem}");
            assert_eq!(stem.as_bytes()[0], w.as_bytes()[0], "{w} -> {stem}");
        }
    }

    #[test]
    fn targets_stem_only_what_can_match_and_match_the_same() {
        let text =
            "Weapons of mass destruction; the weaponry, WEAPON and arms. Nations' nationalities.";
        let full = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::default())
            .build();
        let targets = ["weapon", "nation"];
        let only = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::only_for(StemTargets::new(targets)))
            .build();
        let matching = |toks: Vec<(String, usize, usize, usize)>| -> Vec<_> {
            toks.into_iter()
                .filter(|t| targets.contains(&t.0.as_str()))
                .collect()
        };
        assert_eq!(
            matching(tokens(only.clone(), text)),
            matching(tokens(full, text))
        );
        // Words that cannot stem to a target are left as they are.
        assert!(tokens(only, text).iter().any(|t| t.0 == "destruction"));
    }
}
