//! Candidate claims: hedged sentences (`likely`, `could`, `may`,
//! `observers`, `reportedly`…) are speculative; statements of intent
//! (`plans to`, `intends to`, `ready to`…) are targets.

use std::sync::LazyLock;

use crate::model::Status;
use crate::text::words::{WordLists, has_stem, has_word};

/// Hedges, found in the lowercased sentence. `may` is not among them: it
/// counts only as written in lower case (`May` the month is not a hedge).
const HEDGES: [&str; 21] = [
    "likely",
    "could",
    "might",
    "observers",
    "speculative",
    "reportedly",
    "possibly",
    "perhaps",
    "plausible",
    "probably",
    "rumoured",
    "rumored",
    "allegedly",
    "suggests",
    "unconfirmed",
    "вероятно",
    "возможно",
    "может",
    "могут",
    "по слухам",
    "предположительно",
];
const INTENTS: [&str; 16] = [
    "plans to",
    "plan to",
    "intends to",
    "intend to",
    "aims to",
    "aim to",
    "ready to",
    "will",
    "is to",
    "target",
    "expects to",
    "seeks to",
    "planned",
    "намерен",
    "планирует",
    "собирается",
];
const NEGATIONS: [&str; 4] = ["not", "n't", "no", "не"];

// Built once: the lists are constants, and every sentence of every article
// is checked against them.
static WORDS: LazyLock<WordLists> =
    LazyLock::new(|| WordLists::new(&[&HEDGES, &INTENTS, &NEGATIONS]));
const HEDGE: u64 = 1;
const INTENT: u64 = 1 << 1;
const NEGATION: u64 = 1 << 2;

/// The claim status a sentence's wording suggests, if it is a claim at all.
pub fn status(sentence: &str) -> Option<Status> {
    let lower = sentence.to_lowercase();
    let found = WORDS.found_in(&lower);
    let hedged = found & HEDGE != 0 || has_word(sentence, "may");
    if hedged || has_stem(&lower, "speculat") {
        return Some(Status::Speculative);
    }
    let intent = found & INTENT != 0;
    let negated = found & NEGATION != 0 || lower.contains("n't");
    (intent && !negated).then_some(Status::Target)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `status` as it was before the word lists became automata: one
    /// search per word. The new one must agree with it on every sentence.
    fn status_one_word_at_a_time(sentence: &str) -> Option<Status> {
        let lower = sentence.to_lowercase();
        let hedged = HEDGES.iter().any(|w| has_word(&lower, w)) || has_word(sentence, "may");
        if hedged || has_stem(&lower, "speculat") {
            return Some(Status::Speculative);
        }
        let intent = INTENTS.iter().any(|w| has_word(&lower, w));
        let negated = NEGATIONS.iter().any(|w| has_word(&lower, w)) || lower.contains("n't");
        (intent && !negated).then_some(Status::Target)
    }

    /// Pieces that make the words meet, overlap and touch their boundaries.
    fn pieces() -> Vec<&'static str> {
        HEDGES
            .iter()
            .chain(&INTENTS)
            .chain(&NEGATIONS)
            .copied()
            .chain([
                "may",
                "May",
                "MAY",
                "speculat",
                "Speculation",
                "non-",
                "no",
                "nono",
                "not",
                "n't",
                "will",
                "willing",
                "is",
                "to",
                "plan",
                "s",
                "-",
                "'",
                "’",
                " ",
                " ",
                " ",
                ",",
                ".",
                "a",
                "1",
                "_",
                "Н",
                "е",
                "не",
                "İ",
                "ß",
                "\u{301}",
            ])
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn word_lists_decide_as_one_search_per_word_did(
            picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 1..9)
        ) {
            let pieces = pieces();
            let sentence: String = picks.iter().map(|i| *i.get(&pieces)).collect();
            proptest::prop_assert_eq!(status(&sentence), status_one_word_at_a_time(&sentence), "{:?}", sentence);
        }
    }

    #[test]
    fn word_lists_decide_as_one_search_per_word_did_on_the_seed() {
        let seed = include_str!("../../seeds/000_01ceeb46e282df69.txt");
        let mut kinds = std::collections::BTreeSet::new();
        for sentence in seed.split(['.', '\n']) {
            let expected = status_one_word_at_a_time(sentence);
            assert_eq!(status(sentence), expected, "{sentence:?}");
            kinds.insert(format!("{expected:?}"));
        }
        // The seed holds every outcome, so the agreement means something.
        assert_eq!(kinds.len(), 3, "{kinds:?}");
    }

    #[test]
    fn hedges_are_speculative_and_intents_targets() {
        for hedged in [
            "The phrase, as interpreted by observers, likely points to a partner.",
            "JAC’s involvement could extend to passenger cars.",
            "The plant may reopen.",
            "The firm reportedly signed a deal.",
            "Завод, вероятно, откроется.",
        ] {
            assert_eq!(status(hedged), Some(Status::Speculative), "{hedged}");
        }
        for intent in [
            "KAMAZ stands ready to partner with the right player.",
            "The company plans to build 10 plants.",
            "Sollers will open a line in 2025.",
            "КАМАЗ планирует выпуск.",
        ] {
            assert_eq!(status(intent), Some(Status::Target), "{intent}");
        }
        for plain in [
            "Kogogin emphasized that KAMAZ does not intend to produce its own passenger cars.",
            "The plant opened in May 1930.",
        ] {
            assert_eq!(status(plain), None, "{plain}");
        }
    }
}
