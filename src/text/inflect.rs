//! Case forms of Russian names, so that mention search finds an entity in
//! every case a sentence puts it in (КАМАЗ → КАМАЗа, КАМАЗу, КАМАЗом,
//! КАМАЗе; Нижний Новгород → в Нижнем Новгороде; Сергей Когогин → Сергея
//! Когогина).
//!
//! Forms are made from the curator's nominative names by the declension
//! rules of the endings (nouns of the three declensions, adjectives,
//! surnames in -ов/-ев/-ин, -ский, -ой; indeclinable -их/-ых, -ко and
//! vowel-final foreign names), then added to the one automaton beside the
//! names themselves: a form is a whole word sequence like a name, so a short
//! name never matches inside a longer word (Урал is not found in Уралмаш or
//! Уральский), and the search stays one linear pass. Nothing here guesses
//! from context: a form that two entities share goes to whichever name
//! claims it first, and an exact name always wins over a form
//! (`resolve::mentions`).
//!
//! The forms of a name with ё are also made with е, as the press prints
//! them (Лихачёв, Лихачев).

/// Whether a name gets case forms: it has Cyrillic letters.
pub fn is_russian(name: &str) -> bool {
    name.chars().any(is_cyrillic)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// What a name names, for its declension: a person's names decline as
/// first name and surname, a brand's also in the plural (`«Москвичи»`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Person,
    Brand,
    /// A place: declines like any name; mention search leaves it alone
    /// inside « » (гостиница «Москва» is a hotel).
    Place,
    /// A public body (a ministry, a central bank): declines like any name;
    /// mention search leaves it alone before another country's or region's
    /// name (Минпромторг Татарстана is Tatarstan's ministry).
    Agency,
    Other,
}

impl NameKind {
    /// How an entity of `kind` has its names declined and read in context.
    pub fn of(kind: crate::model::EntityKind) -> NameKind {
        use crate::model::EntityKind;
        match kind {
            EntityKind::Person => NameKind::Person,
            EntityKind::Brand | EntityKind::Product => NameKind::Brand,
            EntityKind::Place => NameKind::Place,
            EntityKind::Agency => NameKind::Agency,
            _ => NameKind::Other,
        }
    }
}

/// The case forms of `name` (genitive, dative, accusative, instrumental,
/// prepositional, and for a brand the plural), without the name itself,
/// with their е spellings when the name has ё; no duplicates.
pub fn forms(name: &str, kind: NameKind) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |form: String| {
        if form != name && !out.contains(&form) {
            out.push(form);
        }
    };
    if is_russian(name) {
        for form in declined(name, kind) {
            push(form);
        }
        // A name that opens with a generic word (Автозавод «Москвич») has
        // it in lower case in running text: автозавода «Москвич».
        if let Some(lower) = generic_start_lowered(name) {
            push(lower.clone());
            for form in declined(&lower, kind) {
                push(form);
            }
        }
    }
    if name.contains(['ё', 'Ё']) {
        let plain = without_yo(name);
        push(plain.clone());
        if is_russian(name) {
            for form in declined(name, kind) {
                push(without_yo(&form));
            }
        }
    }
    out
}

/// Whether `word` is a common Russian first name in any case (Иван,
/// Ивана, Наталья, Натальей; е for ё too), from the hand-written list in
/// `first_names.txt`. Mention search reads the word before a one-word name
/// with it: a first name there makes the pair another person's full name.
pub fn is_first_name(word: &str) -> bool {
    static FORMS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    FORMS
        .get_or_init(|| {
            let mut forms = std::collections::HashSet::new();
            let names = include_str!("first_names.txt")
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'));
            forms.extend(names.flat_map(first_name_forms));
            forms
        })
        .contains(word)
}

/// A first name in every case, with е for ё (Пётр, Петра, Петру…).
pub fn first_name_forms(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    out.extend(person_word(name, false).into_iter().flatten());
    if name.contains(['ё', 'Ё']) {
        let plain: Vec<String> = out.iter().map(|form| without_yo(form)).collect();
        out.extend(plain);
    }
    out
}

/// `name` with its first letter in lower case, when it opens with a
/// capitalised common word followed by a quoted name.
fn generic_start_lowered(name: &str) -> Option<String> {
    let (first, rest) = name.split_once(' ')?;
    let mut letters = first.chars();
    let initial = letters.next()?;
    let common = initial.is_uppercase() && letters.all(char::is_lowercase);
    if !(common && rest.contains('«')) {
        return None;
    }
    Some(format!(
        "{}{}",
        initial.to_lowercase(),
        &name[initial.len_utf8()..]
    ))
}

/// `text` with ё written е (and Ё, Е).
pub fn without_yo(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ё' => 'е',
            'Ё' => 'Е',
            c => c,
        })
        .collect()
}

/// The five oblique cases of a word: gen, dat, acc, ins, prep; `None` for a
/// word that does not change.
type Paradigm = [String; 5];

fn declined(name: &str, kind: NameKind) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let mut paradigms: Vec<Vec<Paradigm>> = Vec::with_capacity(words.len());
    let mut head_seen = false;
    let mut plural = false;
    for (i, word) in words.iter().enumerate() {
        let alternatives = if head_seen {
            Vec::new()
        } else if kind == NameKind::Person {
            let last = i + 1 == words.len();
            person_word(word, last)
        } else {
            let decline = if plural {
                plural_noun
            } else {
                noun_or_adjective_word
            };
            let (quoted, alternatives) = in_quotes(word, decline);
            // Adjectives lead up to the head noun; after the head, words are
            // its complements and stay as they are (Министерство
            // промышленности и торговли).
            if is_adjective(quoted) {
                plural |= ends_any(&quoted.to_lowercase(), &["ые", "ие"]);
            } else {
                head_seen = true;
            }
            alternatives
        };
        paradigms.push(alternatives);
    }
    let mut out = Vec::new();
    // A name whose first noun is a fixed modifier («Газпром нефть»)
    // declines its last word instead.
    if kind != NameKind::Person && words.len() > 1 && paradigms.last().is_some_and(Vec::is_empty) {
        let last = words.len() - 1;
        let (_, alternatives) = in_quotes(words[last], noun_or_adjective_word);
        for paradigm in alternatives {
            for form in &paradigm {
                let mut phrase: Vec<&str> = words[..last].to_vec();
                phrase.push(form);
                out.push(phrase.join(" "));
            }
        }
    }
    // Every word in the same case; where a word has alternative paradigms
    // (a -ь noun of either gender), each alternative once.
    let widest = paradigms.iter().map(Vec::len).max().unwrap_or(0).max(1);
    for alternative in 0..widest {
        for case in 0..5 {
            let form: Vec<String> = words
                .iter()
                .zip(&paradigms)
                .map(|(word, p)| match p.get(alternative).or_else(|| p.first()) {
                    Some(paradigm) => paradigm[case].clone(),
                    None => (*word).to_string(),
                })
                .collect();
            out.push(form.join(" "));
        }
    }
    // A brand's plural is the cars of the brand only in « »: unquoted, it
    // is the plural of the common word (москвичи, Muscovites), which has a
    // capital wherever it opens a sentence.
    if kind == NameKind::Brand && words.len() == 1 {
        let quoted = format!("«{}»", words[0].trim_matches(['«', '»']));
        let (_, plural) = in_quotes(&quoted, plural_forms);
        out.extend(plural.into_iter().flatten());
    }
    out
}

/// Applies `decline` to the word inside its « » (and a trailing hyphenated
/// part: Санкт-Петербург → Санкт-Петербурга), putting the quotes back.
fn in_quotes(word: &str, decline: fn(&str) -> Vec<Paradigm>) -> (&str, Vec<Paradigm>) {
    let open = word.strip_prefix('«').map_or("", |_| "«");
    let inner = word.trim_start_matches('«');
    let close = inner.strip_suffix('»').map_or("", |_| "»");
    let inner = inner.trim_end_matches('»');
    let (head, last) = match inner.rsplit_once('-') {
        Some((head, last)) if last.chars().next().is_some_and(char::is_uppercase) => {
            (format!("{head}-"), last)
        }
        _ => (String::new(), inner),
    };
    let mut paradigms: Vec<Paradigm> = decline(last)
        .into_iter()
        .map(|p| p.map(|form| format!("{open}{head}{form}{close}")))
        .collect();
    // Ростов-на-Дону: the first part declines, the rest is fixed.
    if let Some((first, tail)) = inner.split_once('-')
        && tail.chars().next().is_some_and(char::is_lowercase)
    {
        paradigms.extend(
            decline(first)
                .into_iter()
                .map(|p| p.map(|form| format!("{open}{form}-{tail}{close}"))),
        );
    }
    (inner, paradigms)
}

fn ends_any(word: &str, endings: &[&str]) -> bool {
    endings.iter().any(|e| word.ends_with(e))
}

/// `word` without its last `n` characters, plus each ending.
fn with_endings(word: &str, cut: usize, endings: [&str; 5]) -> Paradigm {
    let stem: String = {
        let count = word.chars().count();
        word.chars().take(count.saturating_sub(cut)).collect()
    };
    endings.map(|e| format!("{stem}{e}"))
}

fn last_char(word: &str, from_end: usize) -> Option<char> {
    word.chars().rev().nth(from_end)
}

fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяАЕЁИОУЫЭЮЯ".contains(c)
}

/// Whether the word reads as a Russian adjective (Нижний, Набережные,
/// Норильский, Северный).
fn is_adjective(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.chars().count() > 3
        && ends_any(
            &lower,
            &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"],
        )
}

fn adjective(word: &str) -> Option<Paradigm> {
    let lower = word.to_lowercase();
    let before = last_char(&lower, 2).unwrap_or(' ');
    let velar = "гкх".contains(before);
    let hushing = "жшщч".contains(before);
    let p = if lower.ends_with("ый") {
        with_endings(word, 2, ["ого", "ому", "ый", "ым", "ом"])
    } else if lower.ends_with("ий") && velar {
        with_endings(word, 2, ["ого", "ому", "ий", "им", "ом"])
    } else if lower.ends_with("ий") {
        with_endings(word, 2, ["его", "ему", "ий", "им", "ем"])
    } else if lower.ends_with("ой") && (velar || hushing) {
        with_endings(word, 2, ["ого", "ому", "ой", "им", "ом"])
    } else if lower.ends_with("ой") {
        with_endings(word, 2, ["ого", "ому", "ой", "ым", "ом"])
    } else if lower.ends_with("ая") && hushing {
        with_endings(word, 2, ["ей", "ей", "ую", "ей", "ей"])
    } else if lower.ends_with("ая") {
        with_endings(word, 2, ["ой", "ой", "ую", "ой", "ой"])
    } else if lower.ends_with("яя") {
        with_endings(word, 2, ["ей", "ей", "юю", "ей", "ей"])
    } else if lower.ends_with("ое") {
        with_endings(word, 2, ["ого", "ому", "ое", "ым", "ом"])
    } else if lower.ends_with("ее") {
        with_endings(word, 2, ["его", "ему", "ее", "им", "ем"])
    } else if lower.ends_with("ые") {
        with_endings(word, 2, ["ых", "ым", "ые", "ыми", "ых"])
    } else if lower.ends_with("ие") {
        with_endings(word, 2, ["их", "им", "ие", "ими", "их"])
    } else {
        return None;
    };
    Some(p)
}

/// A word of a name that is not a person's: an adjective, or a noun by its
/// ending; nothing for a word that does not decline.
fn noun_or_adjective_word(word: &str) -> Vec<Paradigm> {
    if !word.chars().any(is_cyrillic) || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    if is_adjective(word)
        && let Some(p) = adjective(word)
    {
        return vec![p];
    }
    noun(word)
}

fn noun(word: &str) -> Vec<Paradigm> {
    let lower = word.to_lowercase();
    let Some(last) = lower.chars().last() else {
        return Vec::new();
    };
    let before = last_char(&lower, 1).unwrap_or(' ');
    let velar_or_hushing = "гкхжшщч".contains(before);
    let all_caps = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() > 1;
    if all_caps {
        // An acronym read as a word declines (КАМАЗа, ГАЗом); one read
        // letter by letter (РЖД, ЦБ) has no vowel and does not.
        return if !is_vowel(last) && word.chars().any(is_vowel) {
            vec![with_endings(word, 0, ["а", "у", "", "ом", "е"])]
        } else {
            Vec::new()
        };
    }
    let p = match last {
        'й' if lower.ends_with("ий") => with_endings(word, 1, ["я", "ю", "й", "ем", "и"]),
        'й' => with_endings(word, 1, ["я", "ю", "й", "ем", "е"]),
        'ь' => {
            return vec![
                // Feminine (Северсталь, Пермь), then masculine
                // (Ярославль), whose instrumental is -ем unstressed and
                // -ём stressed (Ярославлем, Кремлём); путь, the one
                // masculine with a feminine's other cases, is covered by
                // the two together (пути, путём).
                with_endings(word, 1, ["и", "и", "ь", "ью", "и"]),
                with_endings(word, 1, ["я", "ю", "ь", "ем", "е"]),
                with_endings(word, 1, ["я", "ю", "ь", "ём", "е"]),
            ];
        }
        'а' if velar_or_hushing => with_endings(word, 1, ["и", "е", "у", "ой", "е"]),
        'а' => with_endings(word, 1, ["ы", "е", "у", "ой", "е"]),
        'я' if lower.ends_with("ия") => with_endings(word, 1, ["и", "и", "ю", "ей", "и"]),
        'я' => with_endings(word, 1, ["и", "е", "ю", "ей", "е"]),
        'о' if lower.chars().count() > 4 => with_endings(word, 1, ["а", "у", "о", "ом", "е"]),
        'е' if lower.ends_with("ие") => with_endings(word, 1, ["я", "ю", "е", "ем", "и"]),
        'ы' => with_endings(word, 1, ["ов", "ам", "ы", "ами", "ах"]),
        c if is_vowel(c) || !c.is_alphabetic() => return Vec::new(),
        _ if "жшщчц".contains(last) => {
            // Unstressed -ем or stressed -ом (Москвичом): both.
            return vec![
                with_endings(word, 0, ["а", "у", "", "ом", "е"]),
                with_endings(word, 0, ["а", "у", "", "ем", "е"]),
            ];
        }
        _ => with_endings(word, 0, ["а", "у", "", "ом", "е"]),
    };
    vec![p]
}

/// The head noun of a plural name (Российские железные дороги,
/// Набережные Челны): genitive with -ов or none.
fn plural_noun(word: &str) -> Vec<Paradigm> {
    let lower = word.to_lowercase();
    if !ends_any(&lower, &["ы", "и"]) {
        return noun_or_adjective_word(word);
    }
    let same = if lower.ends_with('ы') { "ы" } else { "и" };
    vec![
        with_endings(word, 1, ["ов", "ам", same, "ами", "ах"]),
        with_endings(word, 1, ["", "ам", same, "ами", "ах"]),
    ]
}

/// A brand's plural: «Москвичи», «Уралов», «Лады».
fn plural_forms(word: &str) -> Vec<Paradigm> {
    let lower = word.to_lowercase();
    let Some(last) = lower.chars().last() else {
        return Vec::new();
    };
    let before = last_char(&lower, 1).unwrap_or(' ');
    let p = match last {
        'а' if "гкхжшщч".contains(before) => {
            with_endings(word, 1, ["и", "", "ам", "ами", "ах"])
        }
        'а' => with_endings(word, 1, ["ы", "", "ам", "ами", "ах"]),
        c if is_vowel(c) || !c.is_alphabetic() || c == 'ь' || c == 'й' => return Vec::new(),
        _ if "гкхжшщч".contains(last) => {
            with_endings(word, 0, ["и", "ей", "ам", "ами", "ах"])
        }
        _ => with_endings(word, 0, ["ы", "ов", "ам", "ами", "ах"]),
    };
    vec![p]
}

/// A word of a person's name: the surname (`last`) or a first name.
fn person_word(word: &str, last: bool) -> Vec<Paradigm> {
    if !word.chars().any(is_cyrillic) {
        return Vec::new();
    }
    let lower = word.to_lowercase();
    if last {
        if ends_any(&lower, &["ов", "ев", "ёв", "ин", "ын"]) {
            return vec![with_endings(word, 0, ["а", "у", "а", "ым", "е"])];
        }
        if ends_any(&lower, &["ова", "ева", "ёва", "ина", "ына"]) {
            return vec![with_endings(word, 1, ["ой", "ой", "у", "ой", "ой"])];
        }
        if ends_any(&lower, &["ский", "цкий"]) {
            return vec![with_endings(word, 2, ["ого", "ому", "ого", "им", "ом"])];
        }
        if ends_any(&lower, &["ская", "цкая"]) {
            return vec![with_endings(word, 2, ["ой", "ой", "ую", "ой", "ой"])];
        }
        if ends_any(&lower, &["ой", "ый"]) {
            return vec![with_endings(word, 2, ["ого", "ому", "ого", "ым", "ом"])];
        }
        if ends_any(&lower, &["их", "ых", "ко", "аго", "яго"]) {
            return Vec::new();
        }
    }
    let Some(end) = lower.chars().last() else {
        return Vec::new();
    };
    let before = last_char(&lower, 1).unwrap_or(' ');
    let p = match end {
        'й' if lower.ends_with("ий") => with_endings(word, 1, ["я", "ю", "я", "ем", "и"]),
        'й' => with_endings(word, 1, ["я", "ю", "я", "ем", "е"]),
        'а' if "гкхжшщч".contains(before) => {
            with_endings(word, 1, ["и", "е", "у", "ой", "е"])
        }
        'а' => with_endings(word, 1, ["ы", "е", "у", "ой", "е"]),
        'я' if lower.ends_with("ия") => with_endings(word, 1, ["и", "и", "ю", "ей", "и"]),
        'я' => with_endings(word, 1, ["и", "е", "ю", "ей", "е"]),
        'ь' => with_endings(word, 1, ["я", "ю", "я", "ем", "е"]),
        c if is_vowel(c) || !c.is_alphabetic() => return Vec::new(),
        _ if "жшщчц".contains(end) => with_endings(word, 0, ["а", "у", "а", "ем", "е"]),
        _ => with_endings(word, 0, ["а", "у", "а", "ом", "е"]),
    };
    vec![p]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(name: &str, kind: NameKind, form: &str) -> bool {
        forms(name, kind).iter().any(|f| f == form)
    }

    #[test]
    fn companies_places_and_people_in_every_case() {
        for form in ["КАМАЗа", "КАМАЗу", "КАМАЗом", "КАМАЗе"] {
            assert!(has("КАМАЗ", NameKind::Other, form), "{form}");
        }
        assert!(has("Нижний Новгород", NameKind::Other, "Нижнем Новгороде"));
        assert!(has("Нижний Новгород", NameKind::Other, "Нижнего Новгорода"));
        assert!(has("Сергей Когогин", NameKind::Person, "Сергея Когогина"));
        assert!(has("Когогин", NameKind::Person, "Когогину"));
        assert!(has("Москва", NameKind::Other, "Москве"));
        assert!(has("«Северсталь»", NameKind::Other, "«Северстали»"));
        assert!(has("Санкт-Петербург", NameKind::Other, "Санкт-Петербурга"));
        assert!(has(
            "Набережные Челны",
            NameKind::Other,
            "Набережных Челнах"
        ));
        assert!(has(
            "Министерство промышленности и торговли",
            NameKind::Other,
            "Министерства промышленности и торговли"
        ));
        assert!(has("Марина Ладыгина", NameKind::Person, "Марины Ладыгиной"));
        assert!(has("Лихачёв", NameKind::Person, "Лихачеву"));
        assert!(has("«Москвич»", NameKind::Brand, "«Москвичи»"));
        assert!(forms("РЖД", NameKind::Other).is_empty());
        assert!(
            forms("Алексей Черных", NameKind::Person)
                .iter()
                .all(|f| f.ends_with("Черных"))
        );
        assert!(forms("KAMAZ", NameKind::Other).is_empty());
        // Masculine -ь nouns with a stressed ending (Кремлём, путём).
        assert!(has("Кремль", NameKind::Place, "Кремлём"));
        assert!(has(
            "Северный морской путь",
            NameKind::Place,
            "Северным морским путём"
        ));
        // A brand's plural only in « » (москвичи are people).
        assert!(has("Москвич", NameKind::Brand, "«Москвичи»"));
        assert!(!has("Москвич", NameKind::Brand, "Москвичи"));
    }

    #[test]
    fn first_names_in_every_case() {
        for word in [
            "Иван",
            "Ивана",
            "Иваном",
            "Наталья",
            "Натальей",
            "Пётр",
            "Петра",
            "Семен",
        ] {
            assert!(is_first_name(word), "{word}");
        }
        for word in ["Письмо", "Глава", "КАМАЗ", "иван"] {
            assert!(!is_first_name(word), "{word}");
        }
    }
}
