//! The words that say how sure a statement is: the one set of cue lists
//! both claim statuses (`claims`) and figure statuses (`figures`) read,
//! English and Russian. Matched as whole words or phrases in lowercased
//! text; Russian verbs by stem where their endings vary.

use std::sync::LazyLock;

use crate::text::words::{WordLists, has_stem, has_word};

/// Hedges: a scenario, not a commitment. `may` is not among them: it counts
/// only as written in lower case (`May` the month is not a hedge).
pub const HEDGES: &[&str] = &[
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

/// Intent, plans, schedules and commitments of the speaker.
pub const INTENTS: &[&str] = &[
    "plans",
    "goal",
    "готов",
    "готова",
    "готово",
    "plans to",
    "plan to",
    "planned for",
    "intends to",
    "intend to",
    "aims to",
    "aim to",
    "ready to",
    "will",
    "would",
    "should",
    "shall",
    "is to",
    "are to",
    "target",
    "expects to",
    "seeks to",
    "wants to",
    "want to",
    "set to",
    "due to start",
    "due to open",
    "due to arrive",
    "due to enter",
    "due to be",
    "is due",
    "are due",
    "pledged",
    "committed to",
    "planned",
    "намерен",
    "намерена",
    "планирует",
    "планируют",
    "планируется",
    "собирается",
    "должен",
    "должна",
    "должно",
    "должны",
    "рассчитывает",
    "рассчитывают",
    "готовы",
    "будет",
    "intends",
    "targets",
    "is planning",
    "are planning",
    "scheduled to",
    "slated to",
    "намерены",
    "планируем",
    "собираются",
    "рассчитываем",
    "предполагается",
    "намечено",
    "запланировано",
    "будут",
];

/// Estimates and forecasts by someone named.
pub const ESTIMATES: &[&str] = &[
    "cost",
    "to cost",
    "will cost",
    "expects",
    "expect",
    "expected",
    "estimate",
    "estimates",
    "estimated",
    "forecast",
    "forecasts",
    "projected",
    "projects",
    "ожидает",
    "ожидают",
    "ожидаем",
    "оценивается",
    "оцениваются",
    "оценивает",
    "оценивают",
    "по оценке",
    "по прогнозу",
    "прогнозирует",
    "anticipates",
    "projections",
    "оценил",
    "оценила",
    "оценили",
    "прогнозируют",
    "ожидается",
];

/// Plans in the past, delays and negated intent: what happened, reported.
pub const DELAYS: &[&str] = &[
    "had planned",
    "had been planned",
    "than planned",
    "than expected",
    "than scheduled",
    "had taken longer",
    "took longer",
    "lasted longer",
    "was not planning",
    "рассчитывала",
    "рассчитывал",
    "рассчитывали",
    "чем планировалось",
    "чем предполагалось",
    "чем рассчитывали",
    "ранее компания",
    "behind schedule",
    "was delayed",
    "been delayed",
    "were delayed",
    "postponed",
    "отложен",
    "отложено",
    "перенесён",
    "перенесено",
    "перенесли",
];

/// Negated intent: reported (what the speaker says it will not do).
pub const NEGATED: &[&str] = &[
    "not plan",
    "not planning",
    "not intend",
    "not expect",
    "not seek",
    "not want",
    "will not",
    "won't",
    "doesn't plan",
    "don't plan",
    "no plans",
    "не планирует",
    "не планируем",
    "не планируют",
    "не намерен",
    "не намерена",
    "не собирается",
    "не ожидает",
    "не ожидаем",
    "не ожидают",
    "не рассчитывает",
    "не будет",
];

/// Figures from unnamed people: speculative whatever the verb.
pub const UNNAMED: &[&str] = &[
    "person familiar",
    "people familiar",
    "sources said",
    "source said",
    "источник",
    "источники",
];

/// Approximations: an estimate unless the verb makes it a plan.
pub const APPROXIMATE: &[&str] = &[
    "roughly",
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "some",
    "circa",
    "около",
    "примерно",
    "порядка",
    "почти",
];

/// Verbs of a quantity moving: hedged, they forecast a figure (an estimate)
/// rather than sketch a scenario.
pub const CHANGES: &[&str] = &[
    "reach",
    "exceed",
    "rise",
    "grow",
    "fall",
    "climb",
    "drop",
    "top",
    "surpass",
    "вырасти",
    "превысить",
    "составить",
    "достичь",
    "снизиться",
    "увеличиться",
    "сократиться",
    "упасть",
    "выйти",
    "стоить",
];

// Built once: the lists are constants, and every sentence of every article
// is checked against them.
static WORDS: LazyLock<WordLists> = LazyLock::new(|| {
    WordLists::new(&[
        HEDGES,
        INTENTS,
        ESTIMATES,
        DELAYS,
        NEGATED,
        UNNAMED,
        APPROXIMATE,
        CHANGES,
    ])
});

/// Which cue lists a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cues {
    pub hedge: bool,
    pub intent: bool,
    pub estimate: bool,
    pub delay: bool,
    pub negated: bool,
    pub unnamed: bool,
    pub approximate: bool,
    pub change: bool,
    /// Intent stated before a delay or negation in the same text ("will
    /// open in 2026, a year later than planned"): the plan is the news.
    pub intent_leads: bool,
}

/// The cues in `text` (any case).
pub fn cues(text: &str) -> Cues {
    let lower = text.to_lowercase();
    let found = WORDS.found_in(&lower);
    let bit = |n: u32| found & (1 << n) != 0;
    Cues {
        hedge: bit(0) || has_word(text, "may") || has_stem(&lower, "speculat"),
        intent: bit(1),
        estimate: bit(2) || has_stem(&lower, "оценк"),
        delay: bit(3),
        negated: bit(4),
        unnamed: bit(5),
        approximate: bit(6),
        change: bit(7),
        intent_leads: bit(1) && (bit(3) || bit(4)) && intent_leads(&lower),
    }
}

/// Whether the first intent word comes before the first delay or negated
/// intent in a (lowercased) text.
fn intent_leads(lower: &str) -> bool {
    let first = |lists: &[&[&str]]| {
        lists
            .iter()
            .flat_map(|list| list.iter())
            .filter_map(|w| first_word_at(lower, w))
            .min()
    };
    match (first(&[INTENTS]), first(&[DELAYS, NEGATED])) {
        (Some(intent), Some(delay)) => intent < delay,
        _ => false,
    }
}

/// Where `word` first stands in `lower` as a whole word or phrase.
fn first_word_at(lower: &str, word: &str) -> Option<usize> {
    lower
        .match_indices(word)
        .map(|(at, _)| at)
        .find(|&at| crate::text::words::at_word_boundaries(lower, at, at + word.len()))
}

/// The same cues found one word at a time, for tests: the automaton must
/// agree with it.
#[cfg(test)]
pub fn cues_one_word_at_a_time(text: &str) -> Cues {
    let lower = text.to_lowercase();
    let any = |list: &[&str]| list.iter().any(|w| has_word(&lower, w));
    Cues {
        hedge: any(HEDGES) || has_word(text, "may") || has_stem(&lower, "speculat"),
        intent: any(INTENTS),
        estimate: any(ESTIMATES) || has_stem(&lower, "оценк"),
        delay: any(DELAYS),
        negated: any(NEGATED),
        unnamed: any(UNNAMED),
        approximate: any(APPROXIMATE),
        change: any(CHANGES),
        intent_leads: any(INTENTS) && (any(DELAYS) || any(NEGATED)) && intent_leads(&lower),
    }
}
