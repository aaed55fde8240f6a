//! Capitalised phrases: runs of capitalised words (Latin and Cyrillic) that
//! may be names. `check` warns about those no entity matches; `annotate`
//! proposes entities from them (`detect::names`).

use crate::text::calendar::is_calendar_word;
use crate::text::words::words;

/// Small words that may join the capitalised words of one name.
/// Particles of personal names (`Luis dos Santos`, `Katrin van der Berg`)
/// count as connectors too.
const CONNECTORS: [&str; 15] = [
    "of", "and", "de", "du", "la", "for", "dos", "da", "das", "van", "der", "von", "di", "del",
    "den",
];

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
        phrases.push((words[start].0, without_possessive(text, words[end])));
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

/// The end of a phrase's last word without its possessive (`Airbus’s` →
/// `Airbus`): the name is the owner, not the phrase.
fn without_possessive(text: &str, (start, end): (usize, usize)) -> usize {
    let word = &text[start..end];
    ["'s", "’s"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .filter(|stem| !stem.is_empty())
        .map_or(end, |stem| start + stem.len())
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Only spaces between two words (no punctuation, but `&`: `Pratt &
/// Whitney`) keeps a phrase going.
fn adjacent(text: &str, end: usize, next: usize) -> bool {
    let gap = &text[end..next];
    !gap.is_empty() && (gap.chars().all(|c| c == ' ') || gap == " & ")
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
    fn a_possessive_names_its_owner() {
        assert_eq!(
            phrases("He met Airbus’s chief and Boeing's team."),
            ["Airbus", "Boeing"]
        );
    }

    #[test]
    fn units_are_not_names() {
        for word in ["GWh", "MW", "kWh", "Wh", "ГВт", "МВт", "млн"] {
            assert!(is_unit(word), "{word}");
        }
        assert!(!is_unit("KAMAZ") && !is_unit("A") && !is_unit("M"));
    }
}
