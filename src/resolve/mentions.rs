//! Finding entity names and aliases in article text (docs/content-format.md
//! §11).
//!
//! All names of all entities go into one Aho-Corasick automaton, so the cost
//! is linear in the text whatever the number of entities. Matches are
//! case-sensitive and must stand at word boundaries (Unicode-aware: no
//! "JAC" inside "JACK" or "Москвич" inside "Москвича"); among overlapping
//! candidates the leftmost, then the longest wins.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::inflect::{self, NameKind};
use crate::text::words::at_word_boundaries;

/// The automata over every entity's names.
pub struct MentionIndex {
    /// Leftmost-longest: the fast path.
    longest: Option<AhoCorasick>,
    /// Every match, for the rare place where the longest name fails its word boundaries.
    all: Option<AhoCorasick>,
    /// For each pattern, the entity it belongs to.
    owners: Vec<usize>,
    /// For each pattern, the context rules it obeys ([`SURNAME`], [`FORM`],
    /// [`PLACE`]).
    rules: Vec<u8>,
    /// The longest name, in bytes.
    longest_name: usize,
}

/// A person's one-word Russian name (a surname alone, or a form of it): not
/// found right after another capitalised name word inside a sentence
/// (Александр Соколов is not Максим Соколов).
const SURNAME: u8 = 1;
/// A case form (not a name as written): not found as the first part of a
/// hyphenated compound (Москвы-реки is the river).
const FORM: u8 = 2;
/// A place's name without « »: not found standing alone inside « » (гостиница
/// «Москва», ФК «Урал»).
const PLACE: u8 = 4;

/// One entity's names for [`with_forms`]: its name and aliases, what it
/// is (for their declension), and those pinned to their exact form.
pub struct Names<'a> {
    pub names: Vec<&'a str>,
    pub kind: NameKind,
    pub exact: Vec<&'a str>,
}

/// The index of every entity's names (in order, one entry per entity) and,
/// for Russian names, their case forms (`text::inflect`). Every exact name
/// goes in before any form, so a name always wins over another entity's
/// form that is spelt the same (Ладыгина the woman, not Ладыгин's
/// genitive); a form two entities share goes to the first.
pub fn with_forms<'a>(entities: impl IntoIterator<Item = Names<'a>>) -> MentionIndex {
    let entities: Vec<(Vec<&str>, NameKind, Vec<&str>)> = entities
        .into_iter()
        .map(|n| (n.names, n.kind, n.exact))
        .collect();
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut rules = Vec::new();
    let rule = |kind: NameKind, name: &str, form: bool| {
        let mut bits = 0;
        if kind == NameKind::Person && !name.contains(' ') && inflect::is_russian(name) {
            bits |= SURNAME;
        }
        if form {
            bits |= FORM;
        }
        if kind == NameKind::Place && !name.contains('«') {
            bits |= PLACE;
        }
        bits
    };
    let mut seen = std::collections::HashSet::new();
    for (i, (list, _, _)) in entities.iter().enumerate() {
        for name in list {
            let name = name.trim();
            if !name.is_empty() && seen.insert(name.to_string()) {
                rules.push(rule(entities[i].1, name, false));
                names.push((name.to_string(), i));
            }
        }
    }
    for (i, (list, kind, exact)) in entities.iter().enumerate() {
        for name in list.iter().filter(|n| !exact.contains(&n.trim())) {
            for form in inflect::forms(name.trim(), *kind) {
                if seen.insert(form.clone()) {
                    rules.push(rule(*kind, &form, true));
                    names.push((form, i));
                }
            }
        }
    }
    let mut index = MentionIndex::new(&names);
    index.rules = rules;
    index
}

/// One mention found in a text: byte range and entity index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

impl MentionIndex {
    /// `names` pairs each name with the entity it identifies. Names must be unique.
    pub fn new(names: &[(String, usize)]) -> Self {
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(kind)
                .build(names.iter().map(|(n, _)| n.as_str()))
                .ok()
        };
        MentionIndex {
            longest: build(MatchKind::LeftmostLongest),
            all: build(MatchKind::Standard),
            owners: names.iter().map(|(_, e)| *e).collect(),
            rules: vec![0; names.len()],
            longest_name: names.iter().map(|(n, _)| n.len()).max().unwrap_or(0),
        }
    }

    /// The number of names and forms the index holds.
    pub fn len(&self) -> usize {
        self.owners.len()
    }

    /// Whether it holds no name.
    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// Mentions in `text`, in order, never overlapping: at each position the
    /// longest name that stands at word boundaries there.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(longest) = &self.longest else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(candidate) = longest.find(aho_corasick::Input::new(text).span(at..text.len()))
            else {
                break;
            };
            let start = candidate.start();
            let best = if at_word_boundaries(text, start, candidate.end())
                && !self.refused(candidate.pattern().as_usize(), text, start, candidate.end())
            {
                Some(Found {
                    start,
                    end: candidate.end(),
                    entity: self.owners[candidate.pattern().as_usize()],
                })
            } else {
                self.best_at(text, start)
            };
            match best {
                Some(mention) => {
                    found.push(mention);
                    at = mention.end;
                }
                None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// Whether the context of `start..end` refuses pattern `pattern` (its
    /// rules: [`SURNAME`], [`FORM`], [`PLACE`]).
    fn refused(&self, pattern: usize, text: &str, start: usize, end: usize) -> bool {
        let rules = self.rules[pattern];
        if rules & FORM != 0 {
            let mut after = text[end..].chars();
            if after.next() == Some('-') && after.next().is_some_and(char::is_alphabetic) {
                return true;
            }
        }
        if rules & PLACE != 0 && text[..start].ends_with('«') && text[end..].starts_with('»') {
            return true;
        }
        rules & SURNAME != 0 && after_another_name(text, start)
    }

    /// The longest name starting exactly at `start` that stands at word boundaries.
    fn best_at(&self, text: &str, start: usize) -> Option<Found> {
        let all = self.all.as_ref()?;
        let mut end = (start + self.longest_name).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        all.find_overlapping_iter(&text[start..end])
            .filter(|m| m.start() == 0 && at_word_boundaries(text, start, start + m.end()))
            .filter(|m| !self.refused(m.pattern().as_usize(), text, start, start + m.end()))
            .max_by_key(|m| m.end())
            .map(|m| Found {
                start,
                end: start + m.end(),
                entity: self.owners[m.pattern().as_usize()],
            })
    }
}

/// Whether the word before `start` is a capitalised name word inside a
/// sentence (another first name).
fn after_another_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // A capitalised word that opens the sentence may be any noun
    // (Письмо Белозерова): only a name word inside a sentence counts.
    let opening = before[..before.len() - word.len()]
        .trim_end()
        .chars()
        .last()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | '»' | '"'));
    if opening {
        return false;
    }
    let mut letters = word.chars();
    letters
        .next()
        .is_some_and(|c| c.is_uppercase() && inflect::is_russian(&c.to_string()))
        && letters.clone().count() >= 2
        && letters.all(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[(&str, usize)]) -> MentionIndex {
        let owned: Vec<(String, usize)> = names.iter().map(|(n, e)| (n.to_string(), *e)).collect();
        MentionIndex::new(&owned)
    }

    fn found(index: &MentionIndex, text: &str) -> Vec<(String, usize)> {
        index
            .find(text)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.entity))
            .collect()
    }

    #[test]
    fn russian_forms_with_their_context_rules() {
        let names = |list: &[&'static str], kind| Names {
            names: list.to_vec(),
            kind,
            exact: Vec::new(),
        };
        let index = with_forms([
            names(&["Москва"], NameKind::Place),
            names(&["Максим Соколов", "Соколов"], NameKind::Person),
            names(&["КАМАЗ"], NameKind::Other),
        ]);
        let found = |text: &str| -> Vec<(String, usize)> {
            index
                .find(text)
                .into_iter()
                .map(|f| (text[f.start..f.end].to_string(), f.entity))
                .collect()
        };
        assert_eq!(
            found("В Москве и у КАМАЗа."),
            [("Москве".into(), 0), ("КАМАЗа".into(), 2)]
        );
        assert!(found("Набережные Москвы-реки и гостиница «Москва».").is_empty());
        assert!(found("Режиссёр Александр Соколов снял фильм.").is_empty());
        assert_eq!(found("Письмо Соколова пришло."), [("Соколова".into(), 1)]);
        assert_eq!(found("Уралмаш и КАМАЗовский"), []);
    }

    #[test]
    fn longest_name_wins_and_matches_never_overlap() {
        let i = index(&[("Moskvich", 0), ("Moskvich plant", 1), ("plant", 2)]);
        assert_eq!(
            found(&i, "the Moskvich plant and Moskvich"),
            [("Moskvich plant".into(), 1), ("Moskvich".into(), 0)]
        );
    }

    #[test]
    fn no_match_inside_a_word_and_case_matters() {
        let i = index(&[("JAC", 0), ("Kama", 1)]);
        assert!(found(&i, "JACK and KAMAZ and jac and Kamaz").is_empty());
        assert_eq!(
            found(&i, "JAC’s cab, the Kama brand"),
            [("JAC".into(), 0), ("Kama".into(), 1)]
        );
    }

    #[test]
    fn a_longer_name_failing_its_boundary_falls_back_to_a_shorter_one() {
        let i = index(&[("Moskvich", 0), ("Moskvich plant", 1)]);
        assert_eq!(found(&i, "Moskvich plantation"), [("Moskvich".into(), 0)]);
    }

    #[test]
    fn cyrillic_and_accented_boundaries() {
        let i = index(&[("Москвич", 0), ("Škoda", 1)]);
        assert_eq!(
            found(&i, "завод «Москвич» и Škoda"),
            [("Москвич".into(), 0), ("Škoda".into(), 1)]
        );
        assert!(found(&i, "Москвича Škodas").is_empty());
    }

    #[test]
    fn no_names_finds_nothing() {
        assert!(index(&[]).find("anything").is_empty());
    }

    /// The naive reference: at each position, the longest name that fits and
    /// stands at word boundaries.
    fn naive(names: &[(String, usize)], text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let best = names
                .iter()
                .filter(|(n, _)| {
                    text[pos..].starts_with(n.as_str())
                        && at_word_boundaries(text, pos, pos + n.len())
                })
                .max_by_key(|(n, _)| n.len());
            match best {
                Some((n, e)) => {
                    out.push(Found {
                        start: pos,
                        end: pos + n.len(),
                        entity: *e,
                    });
                    pos += n.len();
                }
                None => pos += text[pos..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    /// A small deterministic generator (xorshift), so the test needs no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn word(&mut self) -> String {
            const SYLLABLES: [&str; 8] = ["Ka", "ma", "Z", "Мо", "ск", "é", "JA", "C"];
            let n = 1 + self.next() % 3;
            (0..n)
                .map(|_| SYLLABLES[(self.next() % 8) as usize])
                .collect()
        }
    }

    #[test]
    fn matches_the_naive_reference_on_random_inputs() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200 {
            let mut names: Vec<(String, usize)> = Vec::new();
            for entity in 0..(1 + rng.next() % 12) as usize {
                let name = if rng.next().is_multiple_of(3) {
                    format!("{} {}", rng.word(), rng.word())
                } else {
                    rng.word()
                };
                if !names.iter().any(|(n, _)| *n == name) {
                    names.push((name, entity));
                }
            }
            let text: Vec<String> = (0..60).map(|_| rng.word()).collect();
            let separators = [" ", "", ", ", "-"];
            let text = text
                .iter()
                .enumerate()
                .fold(String::new(), |mut acc, (i, w)| {
                    acc.push_str(w);
                    acc.push_str(separators[i % 4]);
                    acc
                });
            assert_eq!(
                MentionIndex::new(&names).find(&text),
                naive(&names, &text),
                "names {names:?} text {text}"
            );
        }
    }

    #[test]
    fn two_thousand_entities_over_a_megabyte_stay_linear() {
        let names: Vec<(String, usize)> = (0..2000)
            .map(|i| (format!("Entity{i:04} Group"), i))
            .collect();
        let index = MentionIndex::new(&names);
        let mut text = String::new();
        let mut expected = 0;
        while text.len() < 1_000_000 {
            text.push_str("Plain words about industry and output. ");
            text.push_str(&names[expected % 2000].0);
            text.push_str(" said. ");
            expected += 1;
        }
        assert_eq!(index.find(&text).len(), expected);
    }
}
