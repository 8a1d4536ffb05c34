//! Function words ("of", "the", "de", "и"): highlighted only inside a
//! run of query words.
//!
//! A query keeps its small words: "programme of work" and "weapons of mass
//! destruction" are phrases, and "Conference on Disarmament" should light
//! up whole. But a passage has "of" and "on" in every line, and marking
//! each one buries the words that matter. So a snippet highlights a
//! function word only between two highlighted words with nothing but
//! spaces or punctuation between them ("Conference ⟦on⟧ Disarmament", not
//! "on the basis"), and a function word does not count towards the
//! distinct query words that choose the passage. A query of function
//! words only is highlighted as usual.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::index::schema;
use crate::lang::Lang;

/// The words, as written; [`function_terms`] analyses them.
fn words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En | Lang::Und => &[
            "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
            "its", "of", "on", "or", "that", "the", "their", "this", "to", "with",
        ],
        Lang::Fr => &[
            "à", "au", "aux", "de", "des", "du", "d", "en", "et", "l", "la", "le", "les", "ou",
            "par", "pour", "sur", "un", "une", "dans",
        ],
        Lang::Es => &[
            "a", "al", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "o", "para",
            "por", "sobre", "un", "una", "y",
        ],
        Lang::Ru => &[
            "в", "во", "и", "или", "к", "на", "о", "об", "от", "по", "при", "с", "со", "у",
        ],
        Lang::Ar => &["في", "من", "على", "إلى", "عن", "و"],
        Lang::Zh => &["的", "和", "与", "及", "在", "对"],
    }
}

/// The function words of `lang` as its analyser indexes them (stemmed).
pub(crate) fn function_terms(lang: Lang) -> &'static BTreeSet<String> {
    static TERMS: LazyLock<Vec<BTreeSet<String>>> = LazyLock::new(|| {
        let mut all = vec![BTreeSet::new(); Lang::ALL.len()];
        for lang in Lang::ALL {
            all[lang.index()] = {
                let mut analyzer = schema::analyzer(lang);
                let mut terms = BTreeSet::new();
                for word in words(lang) {
                    let mut stream = analyzer.token_stream(word);
                    while stream.advance() {
                        terms.insert(stream.token().text.clone());
                    }
                }
                terms
            };
        }
        all
    });
    &TERMS[lang.index()]
}
