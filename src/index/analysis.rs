//! Per-language pieces of analysis that tantivy does not ship: Arabic
//! normalisation and word splitting, and Chinese word segmentation.
//!
//! Arabic is written with optional short vowels (harakat), a stretching
//! character (tatweel) and several spellings of alef and yeh; the same word
//! can be typed many ways. [`ArabicNormalizer`] folds them as Lucene's
//! `ArabicNormalizer` does, before the Snowball stemmer. Harakat are
//! combining marks, which tantivy's `SimpleTokenizer` treats as word breaks,
//! so Arabic is split by [`WordTokenizer`], which keeps marks inside words.
//!
//! Chinese has no spaces between words: [`ChineseTokenizer`] segments with
//! jieba (its dictionary is decompressed once per process, on the first
//! Chinese text, not at start-up) and numbers the kept words consecutively,
//! so a phrase query matches words in order.

use once_cell::sync::Lazy;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// True for combining marks that belong inside a word (Latin combining
/// diacritics, Arabic harakat, Quranic marks, superscript alef).
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Splits on everything but letters, digits and combining marks.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordTokenStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((start, c)) = self.chars.next() {
            if is_word_char(c) {
                let mut end = self.text.len();
                for (i, c) in self.chars.by_ref() {
                    if !is_word_char(c) {
                        end = i;
                        break;
                    }
                }
                self.token.offset_from = start;
                self.token.offset_to = end;
                self.token.text.push_str(&self.text[start..end]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Folds the spellings of one Arabic word together: drops tatweel and
/// harakat, writes alef with hamza or madda (أ إ آ) as bare alef, alef
/// maksura (ى) as yeh and teh marbuta (ة) as heh, as Lucene does.
pub fn normalize_arabic(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '\u{0640}' => {}
            c if is_mark(c) => {}
            '\u{0622}' | '\u{0623}' | '\u{0625}' => out.push('\u{0627}'),
            '\u{0649}' => out.push('\u{064A}'),
            '\u{0629}' => out.push('\u{0647}'),
            c => out.push(c),
        }
    }
}

/// Token filter applying [`normalize_arabic`].
#[derive(Clone, Copy, Default)]
pub struct ArabicNormalizer;

impl TokenFilter for ArabicNormalizer {
    type Tokenizer<T: Tokenizer> = ArabicNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicNormalizerFilter<T> {
        ArabicNormalizerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct ArabicNormalizerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for ArabicNormalizerFilter<T> {
    type TokenStream<'a> = ArabicNormalizerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicNormalizerStream {
            tail: self.inner.token_stream(text),
            buf: String::new(),
        }
    }
}

pub struct ArabicNormalizerStream<T> {
    tail: T,
    buf: String,
}

impl<T: TokenStream> TokenStream for ArabicNormalizerStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let text = &mut self.tail.token_mut().text;
            // Most tokens need nothing (digits, Latin words, plain Arabic).
            if text.chars().any(|c| {
                matches!(
                    c,
                    '\u{0640}' | '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0649}' | '\u{0629}'
                ) || is_mark(c)
            }) {
                normalize_arabic(text, &mut self.buf);
                std::mem::swap(text, &mut self.buf);
            }
            // A word of marks alone normalises to nothing: skip it.
            if !text.is_empty() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The segmenter, loaded on first use (decompressing its dictionary takes
/// a noticeable fraction of a second; see BENCHMARKS.md).
static JIEBA: Lazy<jieba_rs::Jieba> = Lazy::new(jieba_rs::Jieba::new);

/// True when `text` holds a CJK ideograph: only such text needs jieba.
pub fn has_han(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
    })
}

/// Chinese words by jieba (precise mode, with its HMM for unknown words);
/// punctuation and spaces are dropped and kept words numbered 0, 1, 2, …
#[derive(Clone, Default)]
pub struct ChineseTokenizer;

pub struct ChineseTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokenStream {
        let mut tokens = Vec::new();
        // Text without ideographs (a query in another language, a Latin
        // acronym) is split into words without loading the dictionary.
        let words: Vec<&str> = if has_han(text) {
            JIEBA.cut(text, true).into_iter().map(|t| t.word).collect()
        } else {
            text.split_inclusive(|c: char| !c.is_alphanumeric())
                .collect()
        };
        for word in words {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            // Both splitters return slices of `text`.
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            if !word.is_empty() {
                tokens.push(Token {
                    offset_from: start,
                    offset_to: start + word.len(),
                    position: tokens.len(),
                    text: word.to_string(),
                    position_length: 1,
                });
            }
        }
        ChineseTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for ChineseTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn arabic_spellings_fold_together() {
        let a = || {
            TextAnalyzer::builder(WordTokenizer::default())
                .filter(ArabicNormalizer)
                .build()
        };
        // Plain; with tatweel; with harakat; with hamza on the alef.
        let plain = tokens(a(), "الاسلحة النووية");
        for variant in ["الاســلحة النوويـــة", "الأَسْلِحَة النَّوَوِيَّة", "الأسلحة النووية"]
        {
            assert_eq!(tokens(a(), variant), plain, "{variant}");
        }
        assert_eq!(plain.len(), 2);
    }

    #[test]
    fn chinese_is_segmented_into_numbered_words() {
        let a = TextAnalyzer::builder(ChineseTokenizer).build();
        let t = tokens(a.clone(), "全面禁止核试验条约，CTBT 2024。");
        assert!(t.len() >= 3, "{t:?}");
        assert!(t.iter().all(|(w, _)| w.chars().all(char::is_alphanumeric)));
        for (i, (_, p)) in t.iter().enumerate() {
            assert_eq!(*p, i);
        }
        assert!(t.iter().any(|(w, _)| w == "CTBT"));
        assert_eq!(
            tokens(a, "small arms, CTBT"),
            vec![("small".into(), 0), ("arms".into(), 1), ("CTBT".into(), 2)]
        );
    }
}
