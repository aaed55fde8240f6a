//! Finding entity names and aliases in article text (docs/content-format.md
//! §11).
//!
//! All names of all entities go into one Aho-Corasick automaton, so the cost
//! is linear in the text whatever the number of entities. Matches are
//! case-sensitive and must stand at word boundaries (Unicode-aware: no
//! "JAC" inside "JACK" or "Москвич" inside "Москвича"); among overlapping
//! candidates the leftmost, then the longest wins.

use aho_corasick::{AhoCorasick, MatchKind};

use std::collections::HashSet;

use crate::model::FastMap;
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
    /// For each pattern, the context rules it obeys (the constants below).
    rules: Vec<u16>,
    /// The other entities a pattern with [`SHARED`] is also a name or form
    /// of, with their rules, after its owner in order of preference.
    shared: FastMap<usize, Vec<(usize, u16)>>,
    /// Each person's own first names in every case (entity, word): no
    /// other person's first name before their surname.
    own_first_names: HashSet<(usize, String)>,
    /// Every place's names and case forms, the site's places and the
    /// countries of `detect::gazetteer` ([`AGENCY`]; Russia is told apart
    /// by [`HOME`] where the rule is read).
    places: HashSet<String>,
    /// The longest name, in bytes.
    longest_name: usize,
}

/// A person's one-word Russian name (a surname alone, or a form of it): not
/// found right after another capitalised name word inside a sentence, nor
/// after a first name that is not the person's own, even opening a sentence
/// (Александр Соколов, Иван Лихачёв, Наталья Потанина).
const SURNAME: u16 = 1;
/// A case form (not a name as written): not found as the first part of a
/// hyphenated compound (Москвы-реки is the river).
const FORM: u16 = 2;
/// A place's name without « »: not found standing alone inside « » (гостиница
/// «Москва», ФК «Урал»).
const PLACE: u16 = 4;
/// Another one-word Cyrillic name in capitals and small letters (a place's,
/// a company's): not found after a first name, where it is a surname
/// (Наталья Королева is not in Королёв).
const WORD: u16 = 8;
/// A one-word name, not a person's, that is also a first name (Лада): not
/// found before a capitalised word, which makes the pair a person's name.
const FIRST: u16 = 16;
/// A person's name as written, in the nominative, that declines: not found
/// right after a preposition, which never takes the nominative (на Луговой
/// улице; у Ладыгина is Виктор Ладыгин's genitive, not Марина Ладыгина).
const NOMINATIVE: u16 = 32;
/// The unquoted spelling of a one-word name that the entity writes in « »
/// (Рост of «Рост»): a name in quotes is a common word, so opening a
/// sentence, where every word has a capital, it is not found.
const COMMON: u16 = 64;
/// Other entities have this pattern too (in [`MentionIndex::shared`]).
const SHARED: u16 = 128;
/// A public body's Russian name: not found right before a place in the
/// genitive that is not Russia, which makes it that place's own body
/// (Минпромторг Татарстана, Министерство … Республики Татарстан,
/// Центральный банк Турции, Минэкономразвития Московской области). A body
/// with no place in its name is taken to be Russia's, the country of a
/// Russian text; «Центральный банк России» stays the entity's.
const AGENCY: u16 = 256;

/// Russia's names after a body's name (its own: Минпромторг России).
const HOME: [&str; 3] = ["России", "РФ", "Российской"];

/// The words after a capitalised adjective that make a region (Московской
/// области, Краснодарского края), and the word before a republic's name.
const REGION_NOUNS: [&str; 4] = ["области", "края", "округа", "республики"];

/// Words after which a noun is never in the nominative.
const PREPOSITIONS: [&str; 35] = [
    "в",
    "во",
    "на",
    "о",
    "об",
    "обо",
    "у",
    "к",
    "ко",
    "с",
    "со",
    "от",
    "до",
    "из",
    "изо",
    "по",
    "за",
    "под",
    "подо",
    "над",
    "при",
    "про",
    "для",
    "без",
    "через",
    "перед",
    "между",
    "около",
    "после",
    "вокруг",
    "против",
    "среди",
    "кроме",
    "вместо",
    "возле",
];

/// One entity's names for [`with_forms`]: its name and aliases, what it
/// is (for their declension), and those pinned to their exact form.
pub struct Names<'a> {
    pub names: Vec<&'a str>,
    pub kind: NameKind,
    pub exact: Vec<&'a str>,
}

/// The index of every entity's names (in order, one entry per entity) and,
/// for Russian names, their case forms (`text::inflect`). A name as written
/// wins over another entity's form that is spelt the same (Ладыгина the
/// woman, not Ладыгин's genitive) unless the context refuses it or the
/// other entity was found earlier in the text
/// ([`MentionIndex::find_after`]); a form two entities share (Ладыгину:
/// her accusative, his dative) is linked only when one of them was found
/// earlier, since nothing in the word tells them apart.
pub fn with_forms<'a>(entities: impl IntoIterator<Item = Names<'a>>) -> MentionIndex {
    let entities: Vec<Names<'a>> = entities.into_iter().collect();
    // (pattern, entity, rules, whether it is a form)
    let mut all: Vec<(String, usize, u16, bool)> = Vec::new();
    let mut own_first_names = HashSet::new();
    let mut places = known_places();
    for (i, entity) in entities.iter().enumerate() {
        let kind = entity.kind;
        // The one-word names this entity writes in « ».
        let quoted: Vec<&str> = entity
            .names
            .iter()
            .filter_map(|n| n.trim().strip_prefix('«')?.strip_suffix('»'))
            .filter(|inner| !inner.contains([' ', '«', '»']))
            .collect();
        for name in &entity.names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let common = if quoted.contains(&name) { COMMON } else { 0 };
            let forms = if entity.exact.contains(&name) {
                Vec::new()
            } else {
                inflect::forms(name, kind)
            };
            let declines = kind == NameKind::Person
                && name.split(' ').next_back().is_some_and(|last| {
                    forms
                        .iter()
                        .any(|form| form.split(' ').next_back() != Some(last))
                });
            if kind == NameKind::Person
                && let Some((first, _)) = name.split_once(' ')
            {
                for form in inflect::first_name_forms(first) {
                    own_first_names.insert((i, form));
                }
            }
            let nominative = if declines { NOMINATIVE } else { 0 };
            all.push((
                name.to_string(),
                i,
                rule(kind, name, false) | common | nominative,
                false,
            ));
            if kind == NameKind::Place {
                places.insert(name.to_string());
                places.extend(forms.iter().cloned());
            }
            for form in forms {
                let rules = rule(kind, &form, true) | common;
                all.push((form, i, rules, true));
            }
        }
    }
    // Names as written first, then forms; the same pattern for one entity
    // once.
    all.sort_by_key(|(_, _, _, form)| *form);
    let mut patterns: Vec<(String, usize)> = Vec::new();
    let mut rules = Vec::new();
    let mut shared: FastMap<usize, Vec<(usize, u16)>> = FastMap::default();
    let mut seen: FastMap<String, usize> = FastMap::default();
    for (pattern, entity, bits, _) in all {
        match seen.get(&pattern) {
            None => {
                seen.insert(pattern.clone(), patterns.len());
                patterns.push((pattern, entity));
                rules.push(bits);
            }
            Some(&at) => {
                let others = shared.entry(at).or_default();
                if patterns[at].1 != entity && others.iter().all(|(e, _)| *e != entity) {
                    others.push((entity, bits));
                    rules[at] |= SHARED;
                }
            }
        }
    }
    shared.retain(|_, others| !others.is_empty());
    let mut index = MentionIndex::new(&patterns);
    index.rules = rules;
    index.shared = shared;
    index.own_first_names = own_first_names;
    index.places = places;
    index
}

/// The Russian names of the countries `detect::gazetteer` knows, with
/// their case forms (Russia's among them: [`HOME`] decides about those).
fn known_places() -> HashSet<String> {
    crate::detect::gazetteer::countries()
        .filter(|country| inflect::is_russian(country))
        .flat_map(|country| {
            let forms = inflect::forms(country, NameKind::Place);
            std::iter::once(country.to_string()).chain(forms)
        })
        .collect()
}

/// The context rules of a name or form of an entity of `kind`.
fn rule(kind: NameKind, name: &str, form: bool) -> u16 {
    let mut bits = 0;
    let one_word = !name.contains([' ', '«', '»']) && inflect::is_russian(name);
    if kind == NameKind::Person && one_word {
        bits |= SURNAME;
    }
    if form {
        bits |= FORM;
    }
    if kind == NameKind::Place && !name.contains('«') {
        bits |= PLACE;
    }
    if kind == NameKind::Agency && inflect::is_russian(name) {
        bits |= AGENCY;
    }
    if kind != NameKind::Person && one_word && is_capitalised(name) {
        bits |= WORD;
        if inflect::is_first_name(name) {
            bits |= FIRST;
        }
    }
    bits
}

/// Whether a word is a capital and then only small letters (Иван, not
/// КАМАЗ or АвтоВАЗ).
fn is_capitalised(word: &str) -> bool {
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase) && letters.all(|c| !c.is_uppercase())
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
            shared: FastMap::default(),
            own_first_names: HashSet::new(),
            places: HashSet::new(),
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
        self.find_after(text, &|_| false)
    }

    /// [`find`](Self::find) in a text that follows others (an article's
    /// later paragraphs): where a name or form is another entity's too, an
    /// entity `earlier` says was found before is preferred, as it is when
    /// found earlier in `text` (Виктор Ладыгин … По словам Ладыгина).
    pub fn find_after(&self, text: &str, earlier: &dyn Fn(usize) -> bool) -> Vec<Found> {
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
            let whole = at_word_boundaries(text, start, candidate.end());
            let chosen = if whole {
                self.owner(
                    candidate.pattern().as_usize(),
                    text,
                    start,
                    candidate.end(),
                    &found,
                    earlier,
                )
            } else {
                None
            };
            let best = match chosen {
                Some(entity) => Some(Found {
                    start,
                    end: candidate.end(),
                    entity,
                }),
                None => self.best_at(text, start, &found, earlier),
            };
            match best {
                Some(mention) => {
                    found.push(mention);
                    at = mention.end;
                }
                // A whole name the context refused is not searched inside
                // either: in Банк «Санкт-Петербург», not Петербург.
                None if whole => at = candidate.end(),
                None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// The entity `start..end`, a match of `pattern`, names there: its
    /// owner, or another entity with the same pattern, the first whose
    /// rules the context does not refuse, preferring one found before.
    fn owner(
        &self,
        pattern: usize,
        text: &str,
        start: usize,
        end: usize,
        found: &[Found],
        earlier: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let rules = self.rules[pattern];
        let first = (self.owners[pattern], rules);
        if rules & SHARED == 0 {
            return (!self.refused(first, text, start, end)).then_some(first.0);
        }
        let others = self.shared.get(&pattern).map_or(&[][..], Vec::as_slice);
        let open: Vec<(usize, u16)> = std::iter::once(first)
            .chain(others.iter().copied())
            .filter(|&candidate| !self.refused(candidate, text, start, end))
            .collect();
        let before = |entity: usize| found.iter().any(|f| f.entity == entity) || earlier(entity);
        let (entity, _) = *open
            .iter()
            .find(|(entity, _)| before(*entity))
            .or_else(|| {
                // Without one found before, a name as written, or the one
                // entity left; two entities' forms are left alone.
                open.first()
                    .filter(|(_, bits)| bits & FORM == 0 || open.len() == 1)
            })?;
        Some(entity)
    }

    /// Whether the context of `start..end` refuses the entity with these
    /// rules (the constants above), or any name there (a longer one in
    /// quotes).
    fn refused(&self, (entity, rules): (usize, u16), text: &str, start: usize, end: usize) -> bool {
        if rules & FORM != 0 {
            let mut after = text[end..].chars();
            if after.next() == Some('-') && after.next().is_some_and(char::is_alphabetic) {
                return true;
            }
        }
        let before = &text[..start];
        if before.ends_with('«') {
            if rules & PLACE != 0 && text[end..].starts_with('»') {
                return true;
            }
            if in_longer_quoted_name(&text[end..]) {
                return true;
            }
        }
        if rules & AGENCY != 0 && self.another_place_follows(&text[end..]) {
            return true;
        }
        if rules & (SURNAME | WORD | NOMINATIVE | COMMON | FIRST) == 0 {
            return false;
        }
        let previous = word_before(text, start);
        if let Some((word, opening)) = previous {
            let first_name = |word: &str| {
                inflect::is_first_name(word)
                    && !self.own_first_names.contains(&(entity, word.to_string()))
            };
            if rules & SURNAME != 0 && ((!opening && is_name_word(word)) || first_name(word)) {
                return true;
            }
            if rules & WORD != 0 && first_name(word) {
                return true;
            }
            if rules & NOMINATIVE != 0 && PREPOSITIONS.contains(&word.to_lowercase().as_str()) {
                return true;
            }
        }
        if rules & COMMON != 0 && opens_sentence(before) {
            return true;
        }
        rules & FIRST != 0 && word_after(&text[end..]).is_some_and(is_name_word)
    }

    /// Whether `rest`, the text after a body's name, opens with a place
    /// other than Russia: a known place or country (Татарстана, Турции), a
    /// republic (Республики Татарстан) or a region (Московской области).
    fn another_place_follows(&self, rest: &str) -> bool {
        let Some(first) = word_after(rest) else {
            return false;
        };
        if HOME.contains(&first) || !first.starts_with(char::is_uppercase) {
            return false;
        }
        let second = word_after(&rest[1 + first.len()..]);
        let republic = first == "Республики" && second.is_some_and(is_name_word);
        let region = is_capitalised(first) && second.is_some_and(|w| REGION_NOUNS.contains(&w));
        republic
            || region
            || self.places.contains(first)
            || second.is_some_and(|second| self.places.contains(&format!("{first} {second}")))
    }

    /// The longest name starting exactly at `start` that stands at word boundaries.
    fn best_at(
        &self,
        text: &str,
        start: usize,
        found: &[Found],
        earlier: &dyn Fn(usize) -> bool,
    ) -> Option<Found> {
        let all = self.all.as_ref()?;
        let mut end = (start + self.longest_name).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        all.find_overlapping_iter(&text[start..end])
            .filter(|m| m.start() == 0 && at_word_boundaries(text, start, start + m.end()))
            .filter_map(|m| {
                let entity = self.owner(
                    m.pattern().as_usize(),
                    text,
                    start,
                    start + m.end(),
                    found,
                    earlier,
                )?;
                Some((m.end(), entity))
            })
            .max_by_key(|(end, _)| *end)
            .map(|(end, entity)| Found {
                start,
                end: start + end,
                entity,
            })
    }
}

/// The word right before `start` (one space between), and whether it
/// opens its sentence.
fn word_before(text: &str, start: usize) -> Option<(&str, bool)> {
    let before = text[..start].strip_suffix(' ')?;
    let from = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(at, _)| at)?;
    Some((&before[from..], opens_sentence(&before[..from])))
}

/// The word right after a name (one space between).
fn word_after(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix(' ')?;
    let end = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(at, _)| at);
    (end > 0).then(|| &rest[..end])
}

/// Whether a sentence starts after `before` (the text before a word).
fn opens_sentence(before: &str) -> bool {
    // A capitalised word that opens the sentence may be any noun
    // (Письмо Белозерова); quotes close a sentence of direct speech.
    before
        .trim_end()
        .chars()
        .last()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…' | '»' | '"'))
}

/// Whether a word is a Russian name word: a capital, then at least two
/// small letters (Максим, Дэнс; not В, КАМАЗ or Forbes).
fn is_name_word(word: &str) -> bool {
    let mut letters = word.chars();
    letters
        .next()
        .is_some_and(|c| c.is_uppercase() && inflect::is_russian(&c.to_string()))
        && letters.clone().count() >= 2
        && letters.all(char::is_lowercase)
}

/// Whether `rest`, the text after a name that opens a quote, goes on to
/// close the quote as one longer name: a few more words before the `»`,
/// with no sentence punctuation («Газпром энергохолдинг»), unlike a
/// quotation that opens with the name («Газпром готов…», — сказал он).
fn in_longer_quoted_name(rest: &str) -> bool {
    let mut after = rest.chars();
    let continues = match after.next() {
        Some(' ') => true,
        // A hyphenated word makes another name («Северсталь-авто»), a
        // hyphenated number a model of the same («Москвич-412»), as a
        // case form's hyphen rule reads it.
        Some('-' | '‑') => after.next().is_some_and(char::is_alphabetic),
        _ => false,
    };
    if !continues {
        return false;
    }
    let Some(close) = rest.find('»') else {
        return false;
    };
    let inside = &rest[..close];
    !inside.contains(['.', ',', '!', '?', ';', ':', '«', '…'])
        && inside.split_whitespace().count() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entity's names, as the build gives them to [`with_forms`].
    fn names(list: &[&'static str], kind: NameKind) -> Names<'static> {
        Names {
            names: list.to_vec(),
            kind,
            exact: Vec::new(),
        }
    }

    /// The names `index` finds in `text`, as written, with their entity.
    fn found_in(index: &MentionIndex, text: &str) -> Vec<(String, usize)> {
        index
            .find(text)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.entity))
            .collect()
    }

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
        let index = with_forms([
            names(&["Москва"], NameKind::Place),
            names(&["Максим Соколов", "Соколов"], NameKind::Person),
            names(&["КАМАЗ"], NameKind::Other),
        ]);
        let found = |text: &str| found_in(&index, text);
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
    fn first_names_prepositions_quotes_and_shared_forms() {
        let index = with_forms([
            names(&["Жуковский"], NameKind::Place),
            names(&["Игорь Береговой", "Береговой"], NameKind::Person),
            names(&["Пётр Орлов", "Орлов"], NameKind::Person),
            names(&["Анна Орлова", "Орлова"], NameKind::Person),
            names(&["Газпром"], NameKind::Other),
            names(&["«Магнит»", "Магнит"], NameKind::Other),
            names(&["Надежда"], NameKind::Brand),
        ]);
        let found = |text: &str| found_in(&index, text);
        // A first name before a one-word name makes it a surname.
        assert!(found("Поэт Василий Жуковский жил в Белёве.").is_empty());
        assert_eq!(
            found("В Жуковском открыли салон."),
            [("Жуковском".into(), 0)]
        );
        assert!(found("Семён Береговой выступил первым.").is_empty());
        assert_eq!(
            found("Береговой выступил первым."),
            [("Береговой".into(), 1)]
        );
        // No preposition takes the nominative: not the man, whose
        // prepositional is Береговом; the woman's nominative after у is the
        // man's genitive.
        assert!(found("Офис стоит на Береговой улице.").is_empty());
        assert_eq!(found("Акции у Орлова."), [("Орлова".into(), 2)]);
        assert_eq!(found("Орлова ответила."), [("Орлова".into(), 3)]);
        // Орлову is her accusative and his dative: linked only to the one
        // named before.
        assert!(found("Орлову возразили.").is_empty());
        assert_eq!(
            found("Пётр Орлов выступил. Орлову возразили."),
            [("Пётр Орлов".into(), 2), ("Орлову".into(), 2)]
        );
        assert_eq!(
            index.find_after("Орлову возразили.", &|e| e == 3),
            [Found {
                start: 0,
                end: "Орлову".len(),
                entity: 3
            }]
        );
        // A name opening a quote that closes a word or two later is part of
        // a longer name; a quotation that opens with it is not.
        assert!(found("Акции «Газпром газораспределение» выросли.").is_empty());
        assert!(found("Акции «Газпром-медиа» выросли.").is_empty());
        assert_eq!(found("Кроссовер «Магнит-3»."), [("Магнит".into(), 5)]);
        assert_eq!(
            found("«Газпром готов увеличить поставки, — сказал он."),
            [("Газпром".into(), 4)]
        );
        // A name the entity writes in « » is a common word: unquoted, it is
        // not found opening a sentence.
        assert!(found("Магнит притянул стружку.").is_empty());
        assert_eq!(found("Сеть Магнит открылась."), [("Магнит".into(), 5)]);
        assert_eq!(found("«Магнит» открылся."), [("«Магнит»".into(), 5)]);
        // Inside a name the context refuses, no shorter name is looked for.
        let city = with_forms([names(&["Санкт-Петербург", "Петербург"], NameKind::Place)]);
        assert!(city.find("Банк «Санкт-Петербург» вырос.").is_empty());
        assert_eq!(city.find("В Санкт-Петербурге.").len(), 1);
        // A brand that is a first name, before a capitalised word, is a person.
        assert!(found("Певица Надежда Бабкина спела.").is_empty());
        assert_eq!(found("Продажи Надежды растут."), [("Надежды".into(), 6)]);
    }

    #[test]
    fn a_body_before_another_place_is_that_places_own() {
        let index = with_forms([
            names(
                &["Минпромторг", "Министерство промышленности"],
                NameKind::Agency,
            ),
            names(&["Банк России", "Центральный банк", "ЦБ"], NameKind::Agency),
            names(&["Самара", "Татарстан"], NameKind::Place),
        ]);
        for text in [
            "Минпромторг Татарстана поддержал заявку.",
            "Министерство промышленности Республики Татарстан объявило конкурс.",
            "Центральный банк Турции повысил ставку.",
            "Минпромторг Московской области ответил.",
            "Минпромторг Самары ответил.",
        ] {
            let bodies: Vec<_> = found_in(&index, text)
                .into_iter()
                .filter(|(_, entity)| *entity != 2)
                .collect();
            assert_eq!(bodies, [], "{text}");
        }
        assert_eq!(
            found_in(
                &index,
                "Минпромторг России и Центральный банк России ответили."
            ),
            [
                ("Минпромторг".to_string(), 0),
                ("Центральный банк".to_string(), 1)
            ]
        );
        assert_eq!(
            found_in(
                &index,
                "Минпромторгу Елена Ивановна не ответила, ЦБ Эльвира Набиуллина тоже."
            ),
            [("Минпромторгу".to_string(), 0), ("ЦБ".to_string(), 1)]
        );
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
