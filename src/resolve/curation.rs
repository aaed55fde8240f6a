//! Hints for curators, shown by `briefing check`: entities no article
//! mentions, and capitalised phrases in seeds (Latin and Cyrillic) that look
//! like names but belong to no entity, are warnings (they fail a check only
//! with `--deny-warnings`). Aliases that match nothing yet are normal for
//! curated entities (an alias waits for the articles that will use it):
//! they are only listed, with `check --verbose`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::Site;
use super::articles::{Body, BodyNode};
use super::mentions::MentionIndex;
use crate::diagnostics::{Diagnostic, Place};
use crate::load::{Project, yaml};

/// How many unmatched phrases one warning lists.
const PHRASES_SHOWN: usize = 25;

/// What `check` tells curators.
#[derive(Debug, Default)]
pub struct Hints {
    pub warnings: Vec<Diagnostic>,
    /// Aliases that match nothing in the published articles: where, and the alias.
    pub unused_aliases: Vec<(Place, String)>,
}

/// What one article gives the hints: the entity names its text uses, and a
/// warning for its capitalised phrases that match no entity. Articles are
/// looked at one at a time (in parallel, each body read back from its seed
/// and let go), so `check` holds no more text than a build.
#[derive(Debug, Default)]
pub struct ArticleHints {
    pub used: HashSet<String>,
    pub warning: Option<Diagnostic>,
}

/// The hints of one article, from its body's text.
pub fn article_hints(index: &MentionIndex, seed_path: &Path, body: &Body) -> ArticleHints {
    let mut used = HashSet::new();
    let mut phrases: BTreeMap<String, usize> = BTreeMap::new();
    for text in body.nodes.iter().filter_map(|node| match node {
        BodyNode::Run { text, .. } => Some(text),
        BodyNode::Html(_) => None,
    }) {
        let found = index.find(text);
        for f in &found {
            used.insert(text[f.start..f.end].to_string());
        }
        for phrase in capitalised_phrases(text) {
            let inside_mention = found.iter().any(|f| f.start < phrase.1 && phrase.0 < f.end);
            if !inside_mention {
                *phrases
                    .entry(text[phrase.0..phrase.1].to_string())
                    .or_insert(0) += 1;
            }
        }
    }
    ArticleHints {
        used,
        warning: phrase_warning(seed_path, phrases),
    }
}

/// The site's hints, given the articles' warnings and the names they use
/// (from [`article_hints`]).
pub fn hints(
    project: &Project,
    site: &Site,
    article_warnings: impl IntoIterator<Item = Diagnostic>,
    used: &HashSet<String>,
) -> Hints {
    let mut warnings: Vec<Diagnostic> = article_warnings.into_iter().collect();
    let mut unused_aliases = Vec::new();
    for (entity, loaded) in site.entities.iter().zip(&project.entities) {
        if entity.mentioned_in.is_empty() {
            warnings.push(
                Diagnostic::warning(format!("entity `{}` is mentioned in no article", entity.id))
                    .at(yaml::place(&loaded.path, &loaded.value.name.referenced, entity.name.chars().count()))
                    .help("add an alias that the articles use, or `mentions: {include: [...]}` in an article"),
            );
            continue;
        }
        for alias in &loaded.value.aliases {
            if !used.contains(alias.value.trim()) {
                let place =
                    yaml::place(&loaded.path, &alias.referenced, alias.value.chars().count());
                unused_aliases.push((place, alias.value.clone()));
            }
        }
    }
    unused_aliases.sort();
    Hints {
        warnings,
        unused_aliases,
    }
}

fn phrase_warning(seed: &Path, phrases: BTreeMap<String, usize>) -> Option<Diagnostic> {
    if phrases.is_empty() {
        return None;
    }
    let mut list: Vec<(String, usize)> = phrases.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total = list.len();
    let mut warning = Diagnostic::warning(format!(
        "{total} capitalised phrases look like names but match no entity"
    ))
    .at(Place::file(seed));
    for (phrase, count) in list.iter().take(PHRASES_SHOWN) {
        warning = warning.note(if *count > 1 {
            format!("{phrase} (×{count})")
        } else {
            phrase.clone()
        });
    }
    if total > PHRASES_SHOWN {
        warning = warning.note(format!("… and {} more", total - PHRASES_SHOWN));
    }
    Some(warning.help("add an entity (or an alias) for those that matter"))
}

/// Small words that may join the capitalised words of one name.
const CONNECTORS: [&str; 6] = ["of", "and", "de", "du", "la", "for"];

/// Byte ranges of runs of capitalised words that may be names. Left out:
/// weekdays, months and units (`GWh`, `МВт`), which are capitalised but
/// name nothing; a lone capitalised word that starts a sentence (it is
/// capitalised for grammar); and a common word that starts a sentence
/// before a run (`The`, `In`, `После`), which is not part of the name.
pub fn capitalised_phrases(text: &str) -> Vec<(usize, usize)> {
    let words = words(text);
    let name_like = |i: usize| {
        let word = &text[words[i].0..words[i].1];
        is_capitalised(word) && !is_calendar_word(word) && !is_unit(word)
    };
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !name_like(i) {
            i += 1;
            continue;
        }
        let mut start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < words.len() && adjacent(text, words[j - 1].1, words[j].0) {
            let word = &text[words[j].0..words[j].1];
            if name_like(j) {
                end = j;
            } else if !CONNECTORS.contains(&word) {
                break;
            }
            j += 1;
        }
        let opens_sentence = starts_sentence(text, words[start].0);
        if opens_sentence
            && start < end
            && SENTENCE_OPENERS.contains(&&text[words[start].0..words[start].1])
        {
            // "In Moscow": the rest is a name found mid-sentence.
            start = (start + 1..=end).find(|&k| name_like(k)).unwrap_or(end);
        } else if opens_sentence && start == end {
            i = end + 1;
            continue;
        }
        phrases.push((words[start].0, words[end].1));
        i = end + 1;
    }
    phrases
}

/// Words that often open a sentence and are never part of a name.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "For",
    "From",
    "With",
    "By",
    "To",
    "Of",
    "As",
    "After",
    "Before",
    "During",
    "Since",
    "Under",
    "Over",
    "When",
    "While",
    "If",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "Then",
    "Also",
    "However",
    "Meanwhile",
    "According",
    "Despite",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "Our",
    "Their",
    "His",
    "Her",
    "В",
    "Во",
    "На",
    "По",
    "С",
    "Со",
    "И",
    "Но",
    "А",
    "Это",
    "Как",
    "Для",
    "После",
    "При",
    "Также",
];

/// Weekdays and months, English and Russian (every case form in use).
pub(crate) fn is_calendar_word(word: &str) -> bool {
    const ENGLISH: [&str; 23] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Aug",
        "Sept",
    ];
    const RUSSIAN_STEMS: [&str; 19] = [
        "понедельник",
        "вторник",
        "сред",
        "четверг",
        "пятниц",
        "суббот",
        "воскресень",
        "январ",
        "феврал",
        "март",
        "апрел",
        "ма",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    const RUSSIAN_ENDINGS: [&str; 12] = [
        "", "а", "у", "е", "ом", "ем", "ём", "ы", "ой", "ей", "я", "ю",
    ];
    if ENGLISH.contains(&word) {
        return true;
    }
    let lower = word.to_lowercase();
    RUSSIAN_STEMS.iter().any(|stem| {
        lower.strip_prefix(stem).is_some_and(|ending| {
            let ending = ending
                .strip_prefix('ь')
                .or_else(|| ending.strip_prefix('й'))
                .unwrap_or(ending);
            // `ма` alone is too short a stem: only май, мая, маю, мае, маем.
            RUSSIAN_ENDINGS.contains(&ending)
                && (*stem != "ма" || lower.chars().count() <= 4 && lower != "ма")
        })
    })
}

/// Units and their abbreviations: `GWh`, `MW`, `km`, `МВт`, `млн`…
fn is_unit(word: &str) -> bool {
    const WHOLE: [&str; 18] = [
        "km", "Km", "KM", "kg", "Kg", "bn", "mn", "mln", "USD", "EUR", "RUB", "CNY", "тыс", "млн",
        "млрд", "руб", "Гкал", "ГВтч",
    ];
    const BASES: [&str; 13] = [
        "W", "Wh", "V", "VA", "Hz", "J", "Pa", "t", "B", "Вт", "Гц", "Дж", "т",
    ];
    const PREFIXES: [&str; 10] = ["k", "M", "G", "T", "m", "к", "М", "Г", "Т", "м"];
    WHOLE.contains(&word)
        || word == "Wh"
        || PREFIXES.iter().any(|prefix| {
            word.strip_prefix(prefix)
                .is_some_and(|base| BASES.contains(&base))
        })
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part_of_word = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '\''));
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Only spaces between two words (no punctuation) keeps a phrase going.
fn adjacent(text: &str, end: usize, next: usize) -> bool {
    let gap = &text[end..next];
    !gap.is_empty() && gap.chars().all(|c| c == ' ')
}

fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '«' | '(' | '‘'));
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<&str> {
        capitalised_phrases(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn runs_of_capitalised_words_with_connectors() {
        assert_eq!(
            phrases(
                "Talks with the Ministry of Industry and Trade in North America. Analysts agree."
            ),
            ["Ministry of Industry and Trade", "North America"]
        );
    }

    #[test]
    fn cyrillic_names_count_and_sentence_starts_do_not() {
        assert_eq!(
            phrases("Завод «Москвич» и КАМАЗ. Это так."),
            ["Москвич", "КАМАЗ"]
        );
    }

    #[test]
    fn weekdays_months_and_units_are_not_names() {
        assert_eq!(
            phrases("Talks went on from Monday to Friday in March and June 2023, said Gazprom."),
            ["Gazprom"]
        );
        assert_eq!(
            phrases("It will add 16 GWh and 300 MW of storage, some 12 km from Kazan."),
            ["Kazan"]
        );
        assert_eq!(
            phrases("В понедельник, 3 Мая, мощность 20 МВт и 5 ГВт·ч, сообщил Росатом."),
            ["Росатом"]
        );
    }

    #[test]
    fn a_sentence_opening_word_is_not_part_of_a_name() {
        assert_eq!(
            phrases("Plans stalled. The Kremlin agreed. In Moscow the plant waits. Renault left."),
            ["Kremlin", "Moscow"]
        );
        // A name of several words opening a sentence is still a name.
        assert_eq!(phrases("North America watches."), ["North America"]);
    }

    #[test]
    fn calendar_words_in_every_case() {
        for word in [
            "Понедельник",
            "Пятницей",
            "Января",
            "Мая",
            "Май",
            "Августе",
            "Воскресенье",
        ] {
            assert!(is_calendar_word(word), "{word}");
        }
        for word in ["Мама", "Августин", "Марс", "Сбербанк"] {
            assert!(!is_calendar_word(word), "{word}");
        }
        for word in ["GWh", "MW", "kWh", "Wh", "ГВт", "МВт", "млн"] {
            assert!(is_unit(word), "{word}");
        }
        assert!(!is_unit("KAMAZ") && !is_unit("A") && !is_unit("M"));
    }
}
