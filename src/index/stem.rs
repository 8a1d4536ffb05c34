//! English stemming with a per-thread cache of word → stem.
//!
//! Snowball stemming is the single largest cost of indexing the stemmed
//! body and of tokenising snippet windows at query time, yet a corpus uses
//! a vocabulary of a few tens of thousands of words. [`CachedStemmer`]
//! gives exactly tantivy's `Stemmer::new(Language::English)` output (a miss
//! is stemmed by that very filter) and remembers it in a bounded
//! thread-local map, so each distinct word is stemmed once per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak, and hashbrown picks buckets
        // with them: bring the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}

struct Cache {
    stems: HashMap<Box<str>, Box<str>, BuildHasherDefault<WordHasher>>,
    stemmer: TextAnalyzer,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        stems: HashMap::default(),
        stemmer: TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build(),
    });
}

/// Replaces `word` (lower-cased) by its English stem.
fn stem_in_place(word: &mut String) {
    CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(stem) = cache.stems.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = {
            let mut stream = cache.stemmer.token_stream(word);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                word.clone()
            }
        };
        if cache.stems.len() >= CACHE_WORDS {
            cache.stems.clear();
        }
        cache
            .stems
            .insert(word.as_str().into(), stem.as_str().into());
        *word = stem;
    })
}

/// Token filter: English stems, as tantivy's `Stemmer`, cached per thread.
/// Tokens must be lower-cased beforehand.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct CachedStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
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
            .filter(CachedStemmer)
            .build();
        let expected = tokens(plain, text);
        // Twice: the second pass is served from the cache.
        assert_eq!(tokens(cached.clone(), text), expected);
        assert_eq!(tokens(cached, text), expected);
    }
}
