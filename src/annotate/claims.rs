//! Candidate claims: hedged sentences (`likely`, `could`, `may`,
//! `observers`, `reportedly`…) are speculative; statements of intent
//! (`plans to`, `intends to`, `ready to`…) are targets.

use super::text::{has_stem, has_word};
use crate::model::Status;

const HEDGES: [&str; 22] = [
    "likely",
    "could",
    "may",
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

/// The claim status a sentence's wording suggests, if it is a claim at all.
pub fn status(sentence: &str) -> Option<Status> {
    let lower = sentence.to_lowercase();
    // `May` the month is not a hedge: `may` counts only as written in lower case.
    let hedged = HEDGES.iter().any(|w| {
        if *w == "may" {
            has_word(sentence, w)
        } else {
            has_word(&lower, w)
        }
    });
    if hedged || has_stem(&lower, "speculat") {
        return Some(Status::Speculative);
    }
    let intent = INTENTS.iter().any(|w| has_word(&lower, w));
    let negated = NEGATIONS.iter().any(|w| has_word(&lower, w)) || lower.contains("n't");
    (intent && !negated).then_some(Status::Target)
}

#[cfg(test)]
mod tests {
    use super::*;

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
