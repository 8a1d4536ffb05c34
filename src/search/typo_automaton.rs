//! An FST automaton for the "did you mean" search: the index terms that
//! could be the stem of a word a few edits from a mistyped one.
//!
//! The term dictionaries hold stems ("ammunit"), people type words with
//! typos ("ammunitoin"), so a typo's stem can differ from the right word's
//! by the typo plus the ending the stemmer dropped. A term matches when it
//! is within the edit budget of the typed word cut to the term's length,
//! and at most [`MAX_SUFFIX_CHARS`] letters of the word remain past it.
//! Walking the dictionary's FST with this automaton visits only the
//! branches that can still match, instead of streaming every term of every
//! field (which cost 20–60 ms per query that matched nothing on the General
//! Debate index). Distances are optimal string alignment (Levenshtein plus
//! swaps of neighbours), as in [`super::suggest::edit_distance`]; terms with
//! anything but letters never match.

use tantivy_fst::Automaton;

/// Longest ending a stem may have dropped from its word ("disarm|ament").
pub(crate) const MAX_SUFFIX_CHARS: usize = 5;
/// Shortest stem taken as the start of a word.
pub(crate) const MIN_STEM_CHARS: usize = 3;
/// Longest word corrected: the rows live in fixed arrays, so a step of the
/// walk allocates nothing.
pub(crate) const MAX_TARGET_CHARS: usize = 31;
const ROW: usize = MAX_TARGET_CHARS + 1;

/// Matches the terms that may be the stem of a word within `budget` edits
/// of `target`.
#[derive(Debug, Clone)]
pub(crate) struct StemOfTypo {
    target: Vec<char>,
    budget: u8,
}

/// Where the walk is: the last two rows of the distance table (term read so
/// far against every prefix of the target), capped at budget + 1, and the
/// bytes of a character not yet complete.
#[derive(Debug, Clone)]
pub(crate) struct State {
    prev: [u8; ROW],
    cur: [u8; ROW],
    last: Option<char>,
    chars: usize,
    pending: [u8; 4],
    pending_len: u8,
    dead: bool,
}

impl StemOfTypo {
    /// `target` is cut to [`MAX_TARGET_CHARS`]; callers do not correct
    /// longer words.
    pub(crate) fn new(target: &[char], budget: usize) -> Self {
        StemOfTypo {
            target: target[..target.len().min(MAX_TARGET_CHARS)].to_vec(),
            budget: u8::try_from(budget).unwrap_or(u8::MAX - 1),
        }
    }

    fn cap(&self, v: usize) -> u8 {
        u8::try_from(v)
            .unwrap_or(u8::MAX)
            .min(self.budget.saturating_add(1))
    }

    fn dead() -> State {
        State {
            prev: [u8::MAX; ROW],
            cur: [u8::MAX; ROW],
            last: None,
            chars: 0,
            pending: [0; 4],
            pending_len: 0,
            dead: true,
        }
    }

    /// The next row after reading `c`.
    fn step(&self, state: &State, c: char) -> State {
        if !c.is_alphabetic() {
            return Self::dead();
        }
        let n = self.target.len();
        let cap = self.budget.saturating_add(1);
        // Only the cells within the budget of the diagonal can be within
        // the budget (a distance is at least the difference in length);
        // every other cell is the cap, so a step costs the band's few
        // cells, not the whole word.
        let mut next = [u8::MAX; ROW];
        next[1..=n].fill(cap);
        next[0] = self.cap(state.chars + 1);
        let chars = state.chars + 1;
        let band = usize::from(self.budget);
        let lo = chars.saturating_sub(band).max(1);
        let hi = (chars + band).min(n);
        for j in lo..=hi {
            let cost = u8::from(self.target[j - 1] != c);
            let mut v = (state.cur[j].saturating_add(1))
                .min(next[j - 1].saturating_add(1))
                .min(state.cur[j - 1].saturating_add(cost));
            if j > 1 && state.last == Some(self.target[j - 1]) && self.target[j - 2] == c {
                v = v.min(state.prev[j - 2].saturating_add(1));
            }
            next[j] = v.min(cap);
        }
        State {
            prev: state.cur,
            cur: next,
            last: Some(c),
            chars: state.chars + 1,
            pending: [0; 4],
            pending_len: 0,
            dead: false,
        }
    }
}

impl Automaton for StemOfTypo {
    type State = State;

    fn start(&self) -> State {
        let mut cur = [u8::MAX; ROW];
        for (j, cell) in cur.iter_mut().enumerate().take(self.target.len() + 1) {
            *cell = self.cap(j);
        }
        State {
            prev: [u8::MAX; ROW],
            cur,
            last: None,
            chars: 0,
            pending: [0; 4],
            pending_len: 0,
            dead: false,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        let n = self.target.len();
        !state.dead
            && state.pending_len == 0
            && state.chars >= MIN_STEM_CHARS
            && state.chars + MAX_SUFFIX_CHARS >= n
            && state.chars <= n + usize::from(self.budget)
            && state.cur[state.chars.min(n)] <= self.budget
    }

    fn can_match(&self, state: &State) -> bool {
        !state.dead
            && state.chars <= self.target.len() + usize::from(self.budget)
            && state.cur[..=self.target.len()]
                .iter()
                .any(|&d| d <= self.budget)
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        if state.dead {
            return Self::dead();
        }
        if state.pending_len == 0 && byte.is_ascii() {
            return self.step(state, char::from(byte));
        }
        let mut pending = state.pending;
        let len = usize::from(state.pending_len);
        if len >= pending.len() {
            return Self::dead();
        }
        pending[len] = byte;
        let len = len + 1;
        match std::str::from_utf8(&pending[..len]) {
            Ok(s) => match s.chars().next() {
                Some(c) => self.step(state, c),
                None => Self::dead(),
            },
            // An incomplete character: wait for its next byte.
            Err(e) if e.error_len().is_none() => State {
                pending,
                pending_len: u8::try_from(len).unwrap_or(u8::MAX),
                ..state.clone()
            },
            Err(_) => Self::dead(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(target: &str, budget: usize, term: &str) -> bool {
        let target: Vec<char> = target.chars().collect();
        let a = StemOfTypo::new(&target, budget);
        let mut s = a.start();
        for &b in term.as_bytes() {
            s = a.accept(&s, b);
        }
        a.is_match(&s)
    }

    #[test]
    fn stems_of_close_words_match() {
        // "ammunitoin" is one swap from "ammunition", stem "ammunit".
        assert!(matches("ammunitoin", 2, "ammunit"));
        assert!(matches("nuclaer", 1, "nuclear"));
        assert!(matches("disarmamnt", 2, "disarm"));
        // Accented letters are read whole, not byte by byte.
        assert!(matches("désarmemant", 2, "désarm"));
        assert!(matches("разоружене", 2, "разоружен"));
    }

    #[test]
    fn far_or_short_or_odd_terms_do_not() {
        assert!(!matches("nuclaer", 1, "unclear"));
        assert!(!matches("ammunitoin", 2, "am"));
        assert!(
            !matches("disarmament", 2, "dis"),
            "too much of the word left over"
        );
        assert!(!matches("nuclear", 1, "nuclear1"));
        assert!(!matches("treaty", 1, "treatyyyy"));
    }

    #[test]
    fn agrees_with_the_distance_function() {
        let words = [
            "treaty",
            "treat",
            "threat",
            "treatise",
            "nuclear",
            "unclear",
            "nucleus",
            "arms",
            "armed",
            "army",
            "disarm",
            "disarmament",
            "weapon",
            "weapons",
            "wepon",
        ];
        for t in ["treayt", "nuclaer", "weapns", "disarmamnet"] {
            let tc: Vec<char> = t.chars().collect();
            let budget = super::super::suggest::max_edits(tc.len());
            for w in words {
                let wc: Vec<char> = w.chars().collect();
                let n = wc.len();
                let expected = n >= MIN_STEM_CHARS
                    && n + MAX_SUFFIX_CHARS >= tc.len()
                    && n <= tc.len() + budget
                    && super::super::suggest::edit_distance(&tc[..tc.len().min(n)], &wc, budget)
                        <= budget;
                assert_eq!(matches(t, budget, w), expected, "{t} vs {w}");
            }
        }
    }
}
