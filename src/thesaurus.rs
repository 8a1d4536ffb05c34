//! A thesaurus of the user's choosing (the UNBIS thesaurus's labels), read
//! from a file at run time, for query expansion of multi-word concepts:
//! a query naming "biological weapons" also matches "bacteriological
//! weapons", the older texts' word for them, and "anti-personnel mines"
//! also matches "landmines".
//!
//! The file is third-party data, so undex ships none: `--thesaurus FILE`
//! (or `UNDEX_THESAURUS`) names it. Its format is the tab-separated export
//! of the UNBIS labels: one label a line, then `pref_label=…`, `uri=…` and
//! `kind=pref|alt`; the labels sharing a `uri` (else a preferred label) are
//! one concept. Words are compared stemmed, as the index holds them
//! ("nuclear weapon tests" is "nuclear weapons test"), in English, the
//! thesaurus's language.
//!
//! Only a run of two or more query words is looked up: a single word
//! ("produce", "sound", "degrees") is too often another sense of its
//! label. Left out as alternatives: labels with a qualifier in brackets
//! ("MINES (EXPLOSIVES)": the bare word is the ambiguous one) and labels
//! of one word of three letters or fewer ("DU"), which are acronyms the
//! lower-casing index cannot tell from words ("du" is French).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::tokenizer::TextAnalyzer;

use crate::index::schema;
use crate::lang::Lang;

/// Longest label looked for in a query, in words.
pub const MAX_LABEL_WORDS: usize = 6;
/// Most alternatives one concept adds to a query.
const MAX_ALTERNATIVES: usize = 8;

/// What is wrong with a thesaurus file.
#[derive(Debug, thiserror::Error)]
pub enum ThesaurusError {
    #[error("cannot read the thesaurus \"{path}\": {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("thesaurus \"{path}\", line {line}: {what} (expected: label, tab, pref_label=LABEL, tab, uri=URI, tab, kind=pref|alt)")]
    Line {
        path: PathBuf,
        line: usize,
        what: String,
    },
    #[error("thesaurus \"{0}\" holds no labels")]
    Empty(PathBuf),
}

/// Concepts and their labels, keyed by their stemmed words.
pub struct Thesaurus {
    /// Each concept's labels as written (lower-cased), preferred first.
    concepts: Vec<Vec<Label>>,
    /// Stemmed words of a label → the concepts it names.
    by_key: HashMap<String, Vec<usize>>,
    analyzer: TextAnalyzer,
}

struct Label {
    text: String,
    key: String,
}

impl std::fmt::Debug for Thesaurus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thesaurus")
            .field("concepts", &self.concepts.len())
            .finish()
    }
}

impl Thesaurus {
    /// Reads the thesaurus at `path`.
    pub fn load(path: &Path) -> Result<Thesaurus, ThesaurusError> {
        let text = std::fs::read_to_string(path).map_err(|error| ThesaurusError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        Thesaurus::from_tsv(&text, path)
    }

    /// Reads a thesaurus from the text of the file `path`.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Thesaurus, ThesaurusError> {
        Thesaurus::parse(text).map_err(|e| match e {
            ParseError::Line(line, what) => ThesaurusError::Line {
                path: path.to_path_buf(),
                line,
                what,
            },
            ParseError::Empty => ThesaurusError::Empty(path.to_path_buf()),
        })
    }

    fn parse(text: &str) -> Result<Thesaurus, ParseError> {
        let mut analyzer = schema::analyzer(Lang::En);
        let mut concept_of: HashMap<String, usize> = HashMap::new();
        let mut concepts: Vec<Vec<Label>> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let label = cols.next().unwrap_or_default().trim();
            let mut pref = None;
            let mut uri = None;
            let mut kind = None;
            for col in cols {
                match col.split_once('=') {
                    Some(("pref_label", v)) => pref = Some(v.trim()),
                    Some(("uri", v)) => uri = Some(v.trim()),
                    Some(("kind", v)) => kind = Some(v.trim()),
                    _ => {}
                }
            }
            let Some(pref) = pref.filter(|p| !p.is_empty()) else {
                return Err(ParseError::Line(i + 1, "no pref_label=".into()));
            };
            if label.is_empty() {
                return Err(ParseError::Line(i + 1, "empty label".into()));
            }
            if let Some(k) = kind.filter(|k| *k != "pref" && *k != "alt") {
                return Err(ParseError::Line(
                    i + 1,
                    format!("kind={k} is neither pref nor alt"),
                ));
            }
            let id = uri.filter(|u| !u.is_empty()).unwrap_or(pref).to_string();
            let next = concepts.len();
            let c = *concept_of.entry(id).or_insert(next);
            if c == next {
                concepts.push(Vec::new());
            }
            let key = stem_key(&mut analyzer, label);
            if key.is_empty() || concepts[c].iter().any(|l| l.key == key) {
                continue;
            }
            let label = Label {
                text: label.to_lowercase(),
                key,
            };
            // The preferred label first: the usual name shows first.
            if kind == Some("pref") {
                concepts[c].insert(0, label);
            } else {
                concepts[c].push(label);
            }
        }
        if concepts.is_empty() {
            return Err(ParseError::Empty);
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (c, labels) in concepts.iter().enumerate() {
            for l in labels {
                by_key.entry(l.key.clone()).or_default().push(c);
            }
        }
        Ok(Thesaurus {
            concepts,
            by_key,
            analyzer,
        })
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Whether the thesaurus holds no concept (never, once loaded).
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// The other labels of the concepts `written` (two words or more)
    /// names, usual name first; empty when it names none.
    pub fn alternatives(&self, written: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let key = stem_key(&mut analyzer, written);
        if key.split(' ').count() < 2 {
            return Vec::new();
        }
        let Some(concepts) = self.by_key.get(&key) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for &c in concepts {
            for l in &self.concepts[c] {
                let usable = l.key != key
                    && !l.text.contains('(')
                    && (l.key.contains(' ') || l.text.chars().count() > 3);
                if usable && !out.contains(&l.text) {
                    out.push(l.text.clone());
                }
            }
        }
        out.truncate(MAX_ALTERNATIVES);
        out
    }
}

enum ParseError {
    Line(usize, String),
    Empty,
}

/// The stemmed English words of `text`, space-separated.
fn stem_key(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut stream = analyzer.token_stream(text);
    let mut key = String::new();
    while stream.advance() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&stream.token().text);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    // Labels written for the tests, in the export's layout.
    const SAMPLE: &str = "\
LANDMINES\tpref_label=LANDMINES\turi=http://example.org/t#1\tkind=pref
ANTI-PERSONNEL MINES\tpref_label=LANDMINES\turi=http://example.org/t#1\tkind=alt
MINES (EXPLOSIVES)\tpref_label=LANDMINES\turi=http://example.org/t#1\tkind=alt
BIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=http://example.org/t#2\tkind=pref
BACTERIOLOGICAL WEAPONS\tpref_label=BIOLOGICAL WEAPONS\turi=http://example.org/t#2\tkind=alt
DEPLETED URANIUM\tpref_label=DEPLETED URANIUM\turi=http://example.org/t#3\tkind=pref
DU\tpref_label=DEPLETED URANIUM\turi=http://example.org/t#3\tkind=alt
ACOUSTICS\tpref_label=ACOUSTICS\turi=http://example.org/t#4\tkind=pref
SOUND\tpref_label=ACOUSTICS\turi=http://example.org/t#4\tkind=alt
";

    fn sample() -> Thesaurus {
        match Thesaurus::parse(SAMPLE) {
            Ok(t) => t,
            Err(_) => panic!("the sample parses"),
        }
    }

    #[test]
    fn a_multi_word_label_finds_its_concepts_other_labels_stemmed() {
        let t = sample();
        assert_eq!(t.len(), 4);
        // Singular and any case: compared stemmed.
        assert_eq!(
            t.alternatives("Biological weapon"),
            vec!["bacteriological weapons"]
        );
        // An alternative label leads to the preferred one; the bracketed
        // "mines (explosives)" is left out.
        assert_eq!(t.alternatives("anti-personnel mines"), vec!["landmines"]);
    }

    #[test]
    fn single_words_and_short_acronyms_are_not_expanded() {
        let t = sample();
        // One word is too often another sense of its label.
        assert!(t.alternatives("landmines").is_empty());
        assert!(t.alternatives("sound").is_empty());
        // "du" would match every French text.
        assert!(t.alternatives("depleted uranium").is_empty());
        assert!(t.alternatives("nuclear weapons").is_empty());
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = Thesaurus::parse("LANDMINES\tkind=pref\n").err();
        assert!(matches!(err, Some(ParseError::Line(1, _))));
        let err = Thesaurus::parse("A\tpref_label=A\tkind=maybe\n").err();
        assert!(matches!(err, Some(ParseError::Line(1, ref w)) if w.contains("maybe")));
        assert!(matches!(
            Thesaurus::parse("\n\n").err(),
            Some(ParseError::Empty)
        ));
    }

    #[test]
    fn load_names_the_file() {
        let missing = Path::new("no/such/thesaurus.tsv");
        let err = Thesaurus::load(missing).unwrap_err().to_string();
        assert!(err.contains("no/such/thesaurus.tsv"), "{err}");
    }
}
