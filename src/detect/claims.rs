//! Candidate claims: hedged sentences (`likely`, `could`, `may`,
//! `observers`, `reportedly`…) are speculative; delays, plans in the past
//! and negated intent (`took longer than planned`, `does not plan to`) are
//! reported; forecasts (`expects`, `оценивается`) are estimates; statements
//! of intent (`plans to`, `should`, `должен`…) are targets. The words are
//! the `cues` lists.

use crate::detect::cues::{Cues, cues};
use crate::model::Status;

/// The claim status a sentence's wording suggests, if it is a claim at all.
pub fn status(sentence: &str) -> Option<Status> {
    decide(cues(sentence))
}

/// A hedge that forecasts a quantity (`could reach 250 GWh`, `может
/// превысить`) is an estimate, as for figures; a plan stated before a delay
/// in the same sentence is a target.
fn decide(cues: Cues) -> Option<Status> {
    if cues.hedge && (cues.change || cues.estimate) {
        Some(Status::Estimate)
    } else if cues.hedge {
        Some(Status::Speculative)
    } else if cues.intent_leads {
        Some(Status::Target)
    } else if cues.delay || cues.negated {
        Some(Status::Reported)
    } else if cues.estimate {
        Some(Status::Estimate)
    } else if cues.intent {
        Some(Status::Target)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `status` with every word list searched one word at a time.
    fn status_one_word_at_a_time(sentence: &str) -> Option<Status> {
        decide(crate::detect::cues::cues_one_word_at_a_time(sentence))
    }

    /// Pieces that make the words meet, overlap and touch their boundaries.
    fn pieces() -> Vec<&'static str> {
        use crate::detect::cues::*;
        HEDGES
            .iter()
            .chain(INTENTS)
            .chain(ESTIMATES)
            .chain(DELAYS)
            .chain(NEGATED)
            .chain(UNNAMED)
            .chain(APPROXIMATE)
            .chain(CHANGES)
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
        // The seed holds most outcomes, so the agreement means something.
        assert!(kinds.len() >= 3, "{kinds:?}");
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
        for reported in [
            "Kogogin emphasized that KAMAZ does not intend to produce its own passenger cars.",
            "The permit took longer than planned.",
            "It had planned to open the factory in 2025.",
            "Компания не планирует участвовать в проекте.",
            "Проектирование заняло больше времени, чем планировалось.",
        ] {
            assert_eq!(status(reported), Some(Status::Reported), "{reported}");
        }
        for estimate in [
            "Analysts at the bank estimate the cost at $2bn.",
            "Стоимость проекта оценивается в 95 млрд руб.",
            "The company expects revenue of 7.5 billion koruna.",
        ] {
            assert_eq!(status(estimate), Some(Status::Estimate), "{estimate}");
        }
        for intent in [
            "Prices should start below €30,000.",
            "The ships are due to arrive next year.",
            "Завод должен выйти на проектную мощность в 2026 г.",
        ] {
            assert_eq!(status(intent), Some(Status::Target), "{intent}");
        }
        assert_eq!(status("The plant opened in May 1930."), None);
    }
}
