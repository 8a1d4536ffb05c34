//! British and American spellings of one English word index as one term.
//!
//! UN documents write "programme", "defence", "centre", "organization";
//! many General Debate statements, and many users, write "program",
//! "defense", "center", "organisation". Porter2 stems each pair to two
//! different terms ("programm" / "program"), so a query in one spelling
//! misses every text in the other. This module maps the stems of the
//! pairs in [`PAIRS`] to one canonical stem: the shorter of the two
//! (so a mapped stem is never longer than the word it comes from, which
//! [`super::stem::StemTargets`] relies on). The map is applied after
//! stemming, by the English stemmer itself, so index, queries and snippets
//! agree. Inflections follow the stem: "programmes" and "programmed" stem
//! like "programme".

use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer};

/// (British, American) spellings of words of the field. Only whole-word
/// pairs: a rule such as -our → -or would also rewrite "four" and "tour".
const PAIRS: &[(&str, &str)] = &[
    // -mme / -m, -ogue / -og
    ("programme", "program"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("analogue", "analog"),
    // -ce / -se ("offence" is left out: its American stem is the stem of
    // "offensive", and a criminal offence is not an offensive weapon)
    ("defence", "defense"),
    ("licence", "license"),
    // -re / -er
    ("centre", "center"),
    ("calibre", "caliber"),
    ("metre", "meter"),
    ("kilometre", "kilometer"),
    ("millimetre", "millimeter"),
    ("centimetre", "centimeter"),
    ("litre", "liter"),
    ("theatre", "theater"),
    ("fibre", "fiber"),
    ("sabre", "saber"),
    ("spectre", "specter"),
    ("sombre", "somber"),
    ("manoeuvre", "maneuver"),
    // -our / -or
    ("armour", "armor"),
    ("armoured", "armored"),
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("endeavour", "endeavor"),
    ("favour", "favor"),
    ("favourable", "favorable"),
    ("harbour", "harbor"),
    ("honour", "honor"),
    ("honourable", "honorable"),
    ("humour", "humor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("neighbouring", "neighboring"),
    ("rigour", "rigor"),
    ("rumour", "rumor"),
    ("vapour", "vapor"),
    ("vigour", "vigor"),
    ("valour", "valor"),
    ("saviour", "savior"),
    ("splendour", "splendor"),
    ("fervour", "fervor"),
    ("candour", "candor"),
    ("ardour", "ardor"),
    ("clamour", "clamor"),
    ("tumour", "tumor"),
    // -ise / -ize, -isation / -ization
    ("organise", "organize"),
    ("organisation", "organization"),
    ("recognise", "recognize"),
    ("realise", "realize"),
    ("emphasise", "emphasize"),
    ("criticise", "criticize"),
    ("utilise", "utilize"),
    ("utilisation", "utilization"),
    ("stabilise", "stabilize"),
    ("stabilisation", "stabilization"),
    ("destabilise", "destabilize"),
    ("destabilisation", "destabilization"),
    ("mobilise", "mobilize"),
    ("mobilisation", "mobilization"),
    ("demobilise", "demobilize"),
    ("demobilisation", "demobilization"),
    ("minimise", "minimize"),
    ("maximise", "maximize"),
    ("characterise", "characterize"),
    ("authorise", "authorize"),
    ("authorisation", "authorization"),
    ("prioritise", "prioritize"),
    ("militarise", "militarize"),
    ("militarisation", "militarization"),
    ("demilitarise", "demilitarize"),
    ("demilitarisation", "demilitarization"),
    ("neutralise", "neutralize"),
    ("legalise", "legalize"),
    ("finalise", "finalize"),
    ("standardise", "standardize"),
    ("standardisation", "standardization"),
    ("harmonise", "harmonize"),
    ("harmonisation", "harmonization"),
    ("symbolise", "symbolize"),
    ("summarise", "summarize"),
    ("apologise", "apologize"),
    ("specialise", "specialize"),
    ("normalise", "normalize"),
    ("normalisation", "normalization"),
    ("civilisation", "civilization"),
    ("globalisation", "globalization"),
    ("modernise", "modernize"),
    ("modernisation", "modernization"),
    ("privatise", "privatize"),
    ("privatisation", "privatization"),
    ("democratise", "democratize"),
    ("democratisation", "democratization"),
    ("marginalise", "marginalize"),
    ("jeopardise", "jeopardize"),
    ("centralise", "centralize"),
    ("decentralise", "decentralize"),
    ("decentralisation", "decentralization"),
    ("criminalise", "criminalize"),
    ("criminalisation", "criminalization"),
    ("operationalise", "operationalize"),
    ("operationalisation", "operationalization"),
    ("institutionalise", "institutionalize"),
    ("internationalise", "internationalize"),
    ("nationalise", "nationalize"),
    ("revitalise", "revitalize"),
    ("revitalisation", "revitalization"),
    ("synchronise", "synchronize"),
    ("sympathise", "sympathize"),
    ("weaponise", "weaponize"),
    ("weaponisation", "weaponization"),
    ("colonise", "colonize"),
    ("colonisation", "colonization"),
    ("decolonise", "decolonize"),
    ("decolonisation", "decolonization"),
    ("legitimise", "legitimize"),
    ("liberalise", "liberalize"),
    ("liberalisation", "liberalization"),
    ("monopolise", "monopolize"),
    ("radicalise", "radicalize"),
    ("radicalisation", "radicalization"),
    ("stigmatise", "stigmatize"),
    ("victimise", "victimize"),
    ("penalise", "penalize"),
    ("scrutinise", "scrutinize"),
    ("subsidise", "subsidize"),
    ("terrorise", "terrorize"),
    ("categorise", "categorize"),
    ("formalise", "formalize"),
    ("materialise", "materialize"),
    ("optimise", "optimize"),
    ("polarise", "polarize"),
    ("polarisation", "polarization"),
    ("publicise", "publicize"),
    ("familiarise", "familiarize"),
    ("sensitise", "sensitize"),
    ("sensitisation", "sensitization"),
    ("immunise", "immunize"),
    ("immunisation", "immunization"),
    ("fertiliser", "fertilizer"),
    ("analyse", "analyze"),
    ("paralyse", "paralyze"),
    ("catalyse", "catalyze"),
    // -ll- / -l-, and the rest
    ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("instalment", "installment"),
    ("skilful", "skillful"),
    ("wilful", "willful"),
    ("travelled", "traveled"),
    ("cancelled", "canceled"),
    ("labelled", "labeled"),
    ("modelling", "modeling"),
    ("signalled", "signaled"),
    ("fuelled", "fueled"),
    ("counselling", "counseling"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("ageing", "aging"),
    ("grey", "gray"),
    ("sceptical", "skeptical"),
    ("scepticism", "skepticism"),
    ("mould", "mold"),
    ("plough", "plow"),
    ("aluminium", "aluminum"),
    ("sulphur", "sulfur"),
    ("haemorrhage", "hemorrhage"),
    ("paediatric", "pediatric"),
    ("anaemia", "anemia"),
];

/// English stem → canonical stem, for the stems of [`PAIRS`] that differ.
static CANONICAL: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut stemmer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build();
    let mut stem = |word: &str| {
        let mut stream = stemmer.token_stream(word);
        stream.advance();
        stream.token().text.clone()
    };
    let mut map = HashMap::new();
    for (british, american) in PAIRS {
        let (b, a) = (stem(british), stem(american));
        if b == a {
            continue;
        }
        // The shorter stem, so that no word is lengthened; on a tie, the
        // American one.
        let (from, to) = if b.len() < a.len() { (a, b) } else { (b, a) };
        map.insert(from, to);
    }
    map
});

/// The canonical form of an English stem: itself unless it is one spelling
/// of a pair of [`PAIRS`].
pub(crate) fn canonical(stem: &str) -> Option<&'static str> {
    CANONICAL.get(stem).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(text: &str) -> Vec<String> {
        let mut analyzer = crate::index::schema::analyzer(crate::lang::Lang::En);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn both_spellings_index_as_one_term() {
        assert_eq!(
            english("programme programmes defence centres organisation calibre armoured"),
            english("program programs defense centers organization caliber armored")
        );
    }

    #[test]
    fn other_words_keep_their_stems() {
        // Words that look like one half of a pair but are not.
        assert_eq!(english("four tour hour"), ["four", "tour", "hour"]);
        assert_ne!(english("offence"), english("offensive"));
        assert_eq!(
            english("precise promise exercise"),
            ["precis", "promis", "exercis"]
        );
    }

    #[test]
    fn the_table_is_consistent() {
        // A canonical stem is never itself mapped (one step reaches it), keeps
        // the first letter of the stem it replaces, and is no longer: the
        // snippet analyser's StemTargets rely on both.
        for (from, to) in CANONICAL.iter() {
            assert!(!CANONICAL.contains_key(to), "{from} -> {to} -> ...");
            assert_eq!(from.as_bytes()[0], to.as_bytes()[0], "{from} -> {to}");
            assert!(to.len() <= from.len(), "{from} -> {to}");
        }
    }
}
