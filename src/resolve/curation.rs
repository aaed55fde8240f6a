//! Hints for curators, shown by `briefing check`: aliases that match
//! nothing, entities no article mentions, and capitalised phrases in seeds
//! (Latin and Cyrillic) that look like names but belong to no entity.
//! These are warnings; they never fail a build.

use std::collections::{BTreeMap, HashSet};

use super::Site;
use super::articles::mention_index;
use crate::diagnostics::{Diagnostic, Place};
use crate::load::{Project, yaml};

/// How many unmatched phrases one warning lists.
const PHRASES_SHOWN: usize = 25;

pub fn warnings(project: &Project, site: &Site) -> Vec<Diagnostic> {
    let index = mention_index(&site.entities);
    let mut used: HashSet<&str> = HashSet::new();
    let mut warnings = Vec::new();
    for article in &site.articles {
        let name = article
            .seed_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let Some(seed) = name.and_then(|n| project.seeds.get(&n)) else {
            continue;
        };
        let mut phrases: BTreeMap<String, usize> = BTreeMap::new();
        for run in seed.document.runs() {
            let found = index.find(&run.text);
            for f in &found {
                used.insert(&run.text[f.start..f.end]);
            }
            for phrase in capitalised_phrases(&run.text) {
                let inside_mention = found.iter().any(|f| f.start < phrase.1 && phrase.0 < f.end);
                if !inside_mention {
                    *phrases
                        .entry(run.text[phrase.0..phrase.1].to_string())
                        .or_insert(0) += 1;
                }
            }
        }
        if let Some(warning) = phrase_warning(&article.seed_path, phrases) {
            warnings.push(warning);
        }
    }
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
                warnings.push(
                    Diagnostic::warning(format!(
                        "alias `{}` matches nothing in the published articles",
                        alias.value
                    ))
                    .at(yaml::place(
                        &loaded.path,
                        &alias.referenced,
                        alias.value.chars().count(),
                    )),
                );
            }
        }
    }
    warnings
}

fn phrase_warning(seed: &std::path::Path, phrases: BTreeMap<String, usize>) -> Option<Diagnostic> {
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

/// Byte ranges of runs of capitalised words, skipping a lone capitalised
/// word that starts a sentence (it is capitalised for grammar, not as a name).
pub fn capitalised_phrases(text: &str) -> Vec<(usize, usize)> {
    let words = words(text);
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(&text[words[i].0..words[i].1]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < words.len() && adjacent(text, words[j - 1].1, words[j].0) {
            let word = &text[words[j].0..words[j].1];
            if is_capitalised(word) {
                end = j;
            } else if !CONNECTORS.contains(&word) {
                break;
            }
            j += 1;
        }
        let single = start == end;
        if !(single && starts_sentence(text, words[start].0)) {
            phrases.push((words[start].0, words[end].1));
        }
        i = end + 1;
    }
    phrases
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
}
