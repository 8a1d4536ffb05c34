//! Snowball stemming with a per-thread, per-language cache of word → stem.
//!
//! Snowball stemming is the single largest cost of indexing the stemmed
//! body and of tokenising snippet windows at query time, yet a corpus uses
//! a vocabulary of a few tens of thousands of words. [`CachedStemmer`]
//! gives exactly tantivy's `Stemmer::new(language)` output (a miss is
//! stemmed by that very filter; English stems then go through
//! [`super::spelling`]) and remembers it in a bounded per-thread
//! cache per language, so each distinct word is stemmed once per thread.
//!
//! At ingest the cost of the cache is memory latency, one look-up per
//! token of 200 MB of speeches: so its slots are 32 bytes, aligned (a
//! look-up touches one cache line), in a small direct-mapped front for the
//! frequent words and an open-addressed table behind it (one probe, not
//! hashbrown's control bytes and then a bucket). A token stream takes its
//! thread's cache when it starts and gives it back when dropped, so the
//! thread-local is touched once per text, not once per token.
//!
//! A snippet needs only the tokens that stem to one of the query's few
//! stems. English (Porter2) stemming keeps a word's first letter and never
//! makes it longer, so [`StemTargets`] lets the English snippet analyser
//! skip every other token: those keep their lower-cased form, which cannot
//! equal a target either. (Arabic stemming strips prefixes, so targets are
//! only used for English.)

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Distinct words remembered per thread and language; the cache is emptied
/// when full, so noise (garbage tokens from PDFs) cannot grow memory
/// without bound.
const CACHE_WORDS: usize = 200_000;

/// Longest word held in a 32-byte slot (most words: "disarmament" is 11
/// bytes); longer ones go to [`Cache::long`].
const SHORT_BYTES: usize = 15;

/// Longest word the cache holds at all; longer ones (rare) are stemmed
/// each time.
const LONG_BYTES: usize = 47;

/// Slots of the direct-mapped front (a power of two): the most frequent
/// words, 128 KB that stay in the CPU cache.
const FRONT_SLOTS: usize = 4096;

/// Slots of the table behind the front (a power of two), kept at most
/// half full; it doubles up to what [`CACHE_WORDS`] needs.
const TABLE_MIN_SLOTS: usize = 1 << 14;

/// A word of up to [`SHORT_BYTES`] bytes: byte 0 is its length, the rest
/// the word, zero-padded. Length 0 is the empty slot (no token is empty).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, align(16))]
struct Short([u8; SHORT_BYTES + 1]);

impl Short {
    fn new(b: &[u8]) -> Option<Short> {
        if b.is_empty() || b.len() > SHORT_BYTES {
            return None;
        }
        let mut w = [0u8; SHORT_BYTES + 1];
        w[0] = b.len() as u8;
        w[1..=b.len()].copy_from_slice(b);
        Some(Short(w))
    }

    fn as_bytes(&self) -> &[u8] {
        &self.0[1..=usize::from(self.0[0])]
    }

    fn is_empty(&self) -> bool {
        self.0[0] == 0
    }

    /// A multiplicative hash of the 16 bytes; the high bits are the well
    /// mixed ones, so callers take slots from the top.
    fn hash(&self) -> u64 {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let a = u64::from_le_bytes(self.0[..8].try_into().expect("8 bytes"));
        let b = u64::from_le_bytes(self.0[8..].try_into().expect("8 bytes"));
        (a.wrapping_mul(K).rotate_left(29) ^ b).wrapping_mul(K)
    }
}

/// One cached `(word, stem)`: 32 bytes, one cache line at most. A stem is
/// never longer than its word, so it fits too.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    word: Short,
    stem: Short,
}

struct Cache {
    /// By the word's hash; a collision just replaces.
    front: Box<[Slot]>,
    /// Open addressing, linear probing; empty until the first front miss.
    table: Vec<Slot>,
    table_words: usize,
    /// Words longer than [`SHORT_BYTES`], up to [`LONG_BYTES`] bytes.
    long: HashMap<Box<str>, Box<str>>,
    stemmer: TextAnalyzer,
    /// English stems pass through [`super::spelling`].
    english: bool,
}

impl Cache {
    fn new(language: Language) -> Cache {
        Cache {
            front: vec![Slot::default(); FRONT_SLOTS].into_boxed_slice(),
            table: Vec::new(),
            table_words: 0,
            long: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build(),
            english: language == Language::English,
        }
    }

    /// Snowball, uncached (for English, then one spelling of the pairs
    /// of [`super::spelling`]).
    fn stem(&mut self, word: &str) -> String {
        let mut stream = self.stemmer.token_stream(word);
        if !stream.advance() {
            return word.to_string();
        }
        let stem = &stream.token().text;
        match self
            .english
            .then(|| super::spelling::canonical(stem))
            .flatten()
        {
            Some(canonical) => canonical.to_string(),
            None => stem.clone(),
        }
    }

    /// Asks the CPU to load the slots a look-up of a word with hash `h`
    /// will read, so that several tokens' memory accesses overlap.
    fn prefetch(&self, h: u64) {
        prefetch(&self.front[(h >> (64 - FRONT_SLOTS.trailing_zeros())) as usize]);
        if !self.table.is_empty() {
            prefetch(&self.table[(h >> (64 - self.table.len().trailing_zeros())) as usize]);
        }
    }

    /// Replaces `word` (lower-cased, at most [`SHORT_BYTES`] long, `key`
    /// with hash `h`) by its stem.
    fn stem_short(&mut self, key: Short, h: u64, word: &mut String) {
        let f = (h >> (64 - FRONT_SLOTS.trailing_zeros())) as usize;
        let front = self.front[f];
        let stem = if front.word == key {
            front.stem
        } else {
            let Some(stem) = self.lookup(key, h, word) else {
                return;
            };
            self.front[f] = Slot { word: key, stem };
            stem
        };
        if stem != key {
            word.clear();
            // Built from a token's text (UTF-8), cut at its end.
            word.push_str(std::str::from_utf8(stem.as_bytes()).unwrap_or_default());
        }
    }

    /// The stem of a short word from the table, stemming a miss; `None`
    /// when the stem cannot be held (then `word` is replaced by it).
    fn lookup(&mut self, key: Short, h: u64, word: &mut String) -> Option<Short> {
        if self.table.is_empty() {
            self.table = vec![Slot::default(); TABLE_MIN_SLOTS];
        }
        let mask = self.table.len() - 1;
        let mut i = (h >> (64 - self.table.len().trailing_zeros())) as usize;
        loop {
            let slot = &self.table[i];
            if slot.word == key {
                return Some(slot.stem);
            }
            if slot.word.is_empty() {
                break;
            }
            i = (i + 1) & mask;
        }
        let stemmed = self.stem(word);
        // A stem is never longer than its word (Snowball removes and
        // rewrites suffixes), so it fits; an empty one could not be told
        // from an empty slot, and is not cached.
        let Some(stem) = Short::new(stemmed.as_bytes()) else {
            *word = stemmed;
            return None;
        };
        self.table[i] = Slot { word: key, stem };
        self.table_words += 1;
        if 2 * self.table_words > self.table.len() {
            self.grow();
        }
        Some(stem)
    }

    /// Doubles the table, or empties it once it holds [`CACHE_WORDS`].
    fn grow(&mut self) {
        if self.table_words >= CACHE_WORDS {
            self.table = vec![Slot::default(); TABLE_MIN_SLOTS];
            self.table_words = 0;
            self.front.fill(Slot::default());
            return;
        }
        let doubled = vec![Slot::default(); 2 * self.table.len()];
        let old = std::mem::replace(&mut self.table, doubled);
        let mask = self.table.len() - 1;
        let bits = self.table.len().trailing_zeros();
        for s in old.into_iter().filter(|s| !s.word.is_empty()) {
            let mut i = (s.word.hash() >> (64 - bits)) as usize;
            while !self.table[i].word.is_empty() {
                i = (i + 1) & mask;
            }
            self.table[i] = s;
        }
    }

    /// Replaces a word longer than [`SHORT_BYTES`] by its stem.
    fn stem_long(&mut self, word: &mut String) {
        if word.len() > LONG_BYTES {
            *word = self.stem(word);
            return;
        }
        if let Some(stem) = self.long.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = self.stem(word);
        if self.long.len() >= CACHE_WORDS {
            self.long.clear();
        }
        self.long.insert(word.as_str().into(), stem.as_str().into());
        *word = stem;
    }
}

/// A hint to load `p`'s cache line; never faults, whatever the address.
#[inline]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only hints the CPU; it reads nothing and
    // cannot fault, and `p` is a valid reference anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(p).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
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
    /// One cache per language of [`STEMMED_LANGUAGES`], made on first use;
    /// lent to one token stream at a time.
    static CACHES: [RefCell<Option<Box<Cache>>>; 5] = Default::default();
}

/// The calling thread's cache for `language`, taken out of its slot until
/// [`give_back`]. A second stream alive at once on the same thread gets a
/// cache of its own (the same stems, just not shared).
fn borrow_cache(language: Language) -> Box<Cache> {
    CACHES
        .try_with(|c| c[cache_slot(language)].borrow_mut().take())
        .ok()
        .flatten()
        .unwrap_or_else(|| Box::new(Cache::new(language)))
}

fn give_back(language: Language, cache: Box<Cache>) {
    // During thread exit the slot may be gone; the cache is then dropped.
    let _ = CACHES.try_with(|c| {
        let mut slot = c[cache_slot(language)].borrow_mut();
        if slot.is_none() {
            *slot = Some(cache);
        }
    });
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
            cache: None,
            ahead: Vec::new(),
            filled: 0,
            at: 0,
        }
    }
}

/// Tokens read ahead of the one being stemmed: their cache slots are
/// prefetched together, so the look-ups' cache misses overlap instead of
/// coming one after another. Only when every token is stemmed (indexing,
/// queries): a snippet's stream, which stems few of its tokens and is often
/// one word long, reads its tail directly.
const LOOKAHEAD: usize = 8;

/// A token read ahead, with its cache key and hash when it has one.
#[derive(Default)]
struct Ahead {
    token: Token,
    key: Option<(Short, u64)>,
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    language: Language,
    targets: Option<&'a StemTargets>,
    /// Borrowed from the thread on the first token.
    cache: Option<Box<Cache>>,
    /// Without targets: [`LOOKAHEAD`] slots, made on the first token.
    ahead: Vec<Ahead>,
    filled: usize,
    /// The current token is `ahead[at - 1]` (with targets, or before the
    /// first token: the tail's).
    at: usize,
}

impl<T: TokenStream> CachedStemmerStream<'_, T> {
    /// Reads up to [`LOOKAHEAD`] tokens from the tail and prefetches their
    /// slots; false when the tail is done.
    fn refill(&mut self) -> bool {
        if self.ahead.is_empty() {
            self.ahead.resize_with(LOOKAHEAD, Ahead::default);
        }
        let language = self.language;
        let cache = self.cache.get_or_insert_with(|| borrow_cache(language));
        self.filled = 0;
        self.at = 0;
        while self.filled < LOOKAHEAD && self.tail.advance() {
            let from = self.tail.token_mut();
            let slot = &mut self.ahead[self.filled];
            // The text changes hands (the tail clears its buffer before
            // writing the next token into it); the rest is copied.
            std::mem::swap(&mut slot.token.text, &mut from.text);
            slot.token.offset_from = from.offset_from;
            slot.token.offset_to = from.offset_to;
            slot.token.position = from.position;
            slot.token.position_length = from.position_length;
            slot.key = Short::new(slot.token.text.as_bytes()).map(|k| (k, k.hash()));
            if let Some((_, h)) = slot.key {
                cache.prefetch(h);
            }
            self.filled += 1;
        }
        self.filled > 0
    }
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(targets) = self.targets {
            if !self.tail.advance() {
                return false;
            }
            let text = &mut self.tail.token_mut().text;
            if targets.may_stem_to_one(text) {
                let language = self.language;
                let cache = self.cache.get_or_insert_with(|| borrow_cache(language));
                match Short::new(text.as_bytes()) {
                    Some(key) => cache.stem_short(key, key.hash(), text),
                    None => cache.stem_long(text),
                }
            }
            return true;
        }
        if self.at == self.filled && !self.refill() {
            return false;
        }
        let Some(cache) = self.cache.as_mut() else {
            return false;
        };
        let slot = &mut self.ahead[self.at];
        self.at += 1;
        let text = &mut slot.token.text;
        match slot.key {
            Some((key, h)) => cache.stem_short(key, h, text),
            None => cache.stem_long(text),
        }
        true
    }

    fn token(&self) -> &Token {
        match self.at.checked_sub(1) {
            Some(i) if self.targets.is_none() => &self.ahead[i].token,
            _ => self.tail.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.at.checked_sub(1) {
            Some(i) if self.targets.is_none() => &mut self.ahead[i].token,
            _ => self.tail.token_mut(),
        }
    }
}

impl<T> Drop for CachedStemmerStream<'_, T> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            give_back(self.language, cache);
        }
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
    fn same_stems_as_tantivy_through_table_growth_and_long_words() {
        // Enough distinct words to grow the table several times, plus words
        // of every length class (front/table, long map, uncached), each
        // looked up twice; French too, whose cache is separate.
        let mut words: Vec<String> = Vec::new();
        for i in 0..40_000u32 {
            let suffix = ["ing", "ed", "ations", "ness", "ly", "s", "ies"][i as usize % 7];
            words.push(format!("w{}{suffix}", letters(i)));
        }
        words.push("internationalization".into());
        words.push("counterrevolutionaries".into());
        words.push("a".repeat(60) + "ing");
        let text = words.join(" ");
        for language in [Language::English, Language::French] {
            let plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build();
            let cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::new(language))
                .build();
            let expected = tokens(plain, &text);
            assert_eq!(tokens(cached.clone(), &text), expected);
            assert_eq!(tokens(cached, &text), expected);
        }
    }

    /// `i` written in letters a–z, so every word is distinct.
    fn letters(mut i: u32) -> String {
        let mut out = String::new();
        loop {
            out.push(char::from(b'a' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return out;
            }
        }
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
