//! Candidate new entities: runs of capitalised words (Latin and Cyrillic,
//! found by `resolve::curation::capitalised_phrases`) that no entity name or
//! alias covers, each with a suggested id, a kind guessed from the words
//! around it, and the aliases the same seed uses (a surname alone after the
//! full name).

use std::collections::BTreeMap;

use super::gazetteer;
use crate::model::EntityKind;
use crate::model::RunSpan;
use crate::text::words::{at_word_boundaries, has_stem, words};

/// One capitalised phrase where it stands, with what its surroundings say.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub clue: Option<Clue>,
    /// The title or job the text gives a person here (`Industry Minister`,
    /// `the head of KAMAZ`, `генеральный директор КАМАЗа`).
    pub role: Option<String>,
}

/// A hint at an entity's kind, and the words that gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Clue {
    pub kind: EntityKind,
    /// How sure the clue is; the strongest clue over all occurrences wins.
    pub weight: u8,
    pub because: String,
}

const COMPANY_FORMS: [&str; 22] = [
    "Inc",
    "LLC",
    "Ltd",
    "PAO",
    "OAO",
    "PJSC",
    "JSC",
    "AO",
    "ZAO",
    "OOO",
    "Group",
    "Corp",
    "Corporation",
    "Holding",
    "GmbH",
    "AG",
    "Company",
    "ПАО",
    "ОАО",
    "АО",
    "ООО",
    "ЗАО",
];
const PLANT_WORDS: [&str; 6] = ["plant", "factory", "works", "Plant", "Factory", "Works"];
/// Sites named by the word after them (`Grota Funda mine`) or inside them
/// (`Helsinki Shipyard`).
const SITE_WORDS: [&str; 8] = [
    "mine", "shipyard", "refinery", "smelter", "terminal", "Shipyard", "Mine", "Refinery",
];
/// Before a quoted Russian name: a plant (`ветропарк «Донской»`).
const SITE_STEMS_RU: [&str; 9] = [
    "ветропарк",
    "завод",
    "комбинат",
    "электростанц",
    "аэс",
    "верф",
    "рудник",
    "месторождени",
    "гэс",
];
/// Words for geography inside a name (`Geoje Island`, `Chatham County`).
const PLACE_WORDS: [&str; 12] = [
    "Island",
    "Islands",
    "Valley",
    "County",
    "Region",
    "Province",
    "State",
    "Oblast",
    "District",
    "Bay",
    "River",
    "Peninsula",
];
/// Verbs a Russian text puts before the outlet it speaks to
/// (`рассказал «Интерфаксу»`) or cites (`по оценке «Коммерсанта»`).
const MEDIA_BEFORE_RU: [&str; 7] = [
    "рассказал",
    "рассказала",
    "сообщил",
    "сообщила",
    "заявил",
    "пояснил",
    "оценке",
];
const PLANT_STEMS: [&str; 2] = ["завод", "комбинат"];
const AGENCY_WORDS: &[&str] = &[
    "Ministry",
    "Council",
    "Authority",
    "Agency",
    "Service",
    "Department",
    "Committee",
    "Commission",
    "Bureau",
    "Association",
    "Office",
    "Guard",
    "Administration",
    "Union",
    "Fund",
    "Directorate",
    "Board",
    "Establishment",
    "Organisation",
    "Organization",
    "Regulator",
];
const AGENCY_STEMS: &[&str] = &[
    "министерств",
    "агентств",
    "служб",
    "комитет",
    "минпромторг",
    "минэнерго",
    "минфин",
    "минтранс",
    "минэконом",
    "минобороны",
    "ассоциаци",
    "фонд",
];
const EVENT_WORDS: &[&str] = &[
    "Forum",
    "Summit",
    "Expo",
    "Conference",
    "Congress",
    "Exhibition",
    "Show",
    "Pact",
    "Agreement",
    "Treaty",
    "Week",
];
const EVENT_STEMS: &[&str] = &["форум", "саммит", "выставк", "недел"];
/// Titles before a name, and roles after it (`, the head of`).
const TITLES: [&str; 24] = [
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "ceo",
    "chief",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "founder",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "executive",
    "министр",
    "глава",
    "директор",
    "президент",
    "губернатор",
    "председатель",
];
/// Whether a Cyrillic phrase reads as a first name and a surname: two or
/// three capitalised words, the last with a Russian surname ending.
fn looks_like_russian_person(words: &[&str]) -> bool {
    const SURNAME_ENDINGS: [&str; 14] = [
        "ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ёва", "ина", "ына", "ский", "цкий", "ская",
        "цкая",
    ];
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut letters = w.chars();
            letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
        })
        && words
            .last()
            .is_some_and(|w| SURNAME_ENDINGS.iter().any(|e| w.ends_with(e)))
}

const ROLES: [&str; 16] = [
    "head",
    "chief",
    "ceo",
    "director",
    "president",
    "minister",
    "chairman",
    "founder",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "глава",
    "директор",
    "министр",
    "президент",
];
const MAKER_WORDS: [&str; 12] = [
    "manufacturer",
    "maker",
    "carmaker",
    "automaker",
    "company",
    "producer",
    "firm",
    "group",
    "holding",
    "supplier",
    "корпорация",
    "компания",
];
const PRODUCT_WORDS: &[&str] = &[
    "truck",
    "car",
    "model",
    "liftback",
    "sedan",
    "suv",
    "crossover",
    "vehicle",
    "platform",
    "engine",
    "engines",
    "jet",
    "jets",
    "airliner",
    "trainer",
    "trainers",
    "train",
    "trains",
    "locomotive",
    "reactor",
    "icebreaker",
    "family",
];
const PLACE_BEFORE: &[&str] = &[
    "in", "at", "near", "across", "between", "via", "outside", "в", "во", "под", "из",
];
/// Sentence-opening words that are capitalised for grammar and start a run.
const OPENERS: [&str; 40] = [
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "but",
    "and",
    "however",
    "earlier",
    "later",
    "within",
    "after",
    "before",
    "following",
    "according",
    "as",
    "it",
    "its",
    "his",
    "her",
    "their",
    "we",
    "they",
    "he",
    "she",
    "also",
    "meanwhile",
    "while",
    "when",
    "if",
    "since",
];
/// Capitalised for reasons other than being a name, beyond the calendar
/// words `check`'s hints skip too.
const SKIPPED: [&str; 2] = ["I", "St"];

/// Capitalised phrases of `text` that start nowhere inside `covered` (byte
/// ranges of known mentions), with their clues.
pub fn occurrences(
    text: &str,
    covered: &[(usize, usize)],
    sources: &[(String, EntityKind)],
) -> Vec<Occurrence> {
    let mut found = Vec::new();
    let phrases = super::phrases::capitalised_phrases(text);
    let pieces = phrases
        .into_iter()
        .flat_map(|(s, e)| outside(text, s, e, covered));
    let pieces = pieces.flat_map(|(s, e)| split_phrase(text, s, e));
    for (start, end) in pieces {
        let Some((start, end)) = trim_opener(text, start, end) else {
            continue;
        };
        let name = &text[start..end];
        if SKIPPED.contains(&name)
            || crate::text::calendar::is_calendar_word(name)
            || is_adjective(text, name, end)
            || gazetteer::is_demonym_phrase(name)
            || COMMON_ABBREVIATIONS_RU.contains(&name)
            || ATTRIBUTIVE.contains(&name)
            || is_attributive_acronym(text, name, end)
        {
            continue;
        }
        let (start, end) = widen(text, start, end);
        let name = text[start..end].to_string();
        let clue = clue(text, start, end, &name, sources);
        let role = role_before(text, start).or_else(|| role_after(text, end));
        found.push(Occurrence {
            start,
            end,
            name,
            clue,
            role,
        });
    }
    found
}

/// The parts of a phrase outside known mentions (`KAMAZ and JAC` with
/// `KAMAZ` known leaves `JAC`), each from and to a capitalised word.
fn outside(
    text: &str,
    start: usize,
    end: usize,
    covered: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut from = start;
    let inside: Vec<&(usize, usize)> = covered
        .iter()
        .filter(|&&(s, e)| s < end && start < e)
        .collect();
    let mut known: Option<usize> = None;
    for &(s, e) in inside.iter().copied().chain(std::iter::once(&(end, end))) {
        if s > from {
            let capitalised: Vec<(usize, usize)> = words(&text[from..s.min(end)])
                .into_iter()
                .filter(|&(ws, _)| text[from + ws..].starts_with(char::is_uppercase))
                .collect();
            if let (Some(first), Some(last)) = (capitalised.first(), capitalised.last()) {
                let head = &text[from + first.0..from + first.1];
                let piece_start = known
                    .filter(|_| extends_known_name(text, head, from, from + first.0))
                    .unwrap_or(from + first.0);
                pieces.push((piece_start, from + last.1));
            }
        }
        known = (e > s).then_some(s);
        from = from.max(e);
    }
    pieces
}

/// `Harbour Town Council` with `Harbour Town` known: a known name followed
/// directly by an institution's head word names something else, so the
/// candidate takes the known name in.
fn extends_known_name(text: &str, head: &str, known_end: usize, head_start: usize) -> bool {
    let institution =
        AGENCY_WORDS.contains(&head) || EVENT_WORDS.contains(&head) || PLANT_WORDS.contains(&head);
    institution && text[known_end..head_start].trim().is_empty()
}

/// Titles and words that stand before a name without being part of it
/// (`Industry Minister Lukas Vlcek`, `Rival Boeing`).
const LEADING_NOT_NAME: [&str; 20] = [
    "minister",
    "president",
    "chairman",
    "chairwoman",
    "director",
    "governor",
    "mayor",
    "ceo",
    "executive",
    "chief",
    "secretary",
    "rival",
    "former",
    "analyst",
    "analysts",
    "глава",
    "губернатор",
    "министр",
    "аналитики",
    "президент",
];

/// Country abbreviations used as adjectives (`US Federal Aviation
/// Administration`, `EU rules`): not part of a name, not names themselves.
const ATTRIBUTIVE: [&str; 4] = ["US", "EU", "UK", "UN"];

/// Russian abbreviations of common nouns: a kind of thing, not a name
/// (`АЭС «Тяньвань»` is a plant called Тяньвань).
const COMMON_ABBREVIATIONS_RU: [&str; 22] = [
    "АЭС", "ГЭС", "ТЭС", "ТЭЦ", "ВИЭ", "СП", "НПЗ", "ГОК", "ОЭЗ", "СПГ", "АСММ", "ВВП", "НДС",
    "СМИ", "РФ", "КНР", "ЕС", "ОАО", "ПАО", "ФГУП", "АО", "ООО",
];

/// A phrase as the names it holds: `Siemens and Alstom` is two names (but
/// `Ministry of Industry and Trade` one: an `and` after `of` stays);
/// `Israel's Elbit Systems` is two; a title before a name is dropped
/// (`Industry Minister Lukas Vlcek` → `Lukas Vlcek`); a Russian
/// organisation in the genitive before a person's first name and surname
/// is cut off (`Ростеха Сергей Чемезов` → `Сергей Чемезов`).
fn split_phrase(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let spans: Vec<(usize, usize)> = words(&text[start..end])
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect();
    let mut pieces = Vec::new();
    let mut from = 0;
    let mut seen_of = false;
    for (i, &(s, e)) in spans.iter().enumerate() {
        let word = &text[s..e];
        seen_of |= word == "of";
        let joins = matches!(word, "and" | "и") && !seen_of;
        // `Israel's Elbit Systems`: the owner and the owned are two names.
        let stem = ["'s", "’s"].iter().find_map(|p| word.strip_suffix(p));
        if joins {
            if i > from {
                pieces.push((spans[from].0, spans[i - 1].1));
            }
            from = i + 1;
        } else if let Some(stem) = stem.filter(|st| !st.is_empty() && i + 1 < spans.len()) {
            pieces.push((spans[from].0, s + stem.len()));
            from = i + 1;
        }
    }
    if from < spans.len() {
        pieces.push((spans[from].0, spans[spans.len() - 1].1));
    }
    pieces
        .into_iter()
        .filter_map(|(s, e)| without_title(text, s, e))
        .collect()
}

/// The name after any title words at the front of a phrase, and without a
/// Russian genitive before a first name and surname.
fn without_title(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let spans: Vec<(usize, usize)> = words(&text[start..end])
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect();
    let last_title = spans.iter().rposition(|&(s, e)| {
        let word = &text[s..e];
        LEADING_NOT_NAME.contains(&word.to_lowercase().as_str()) || ATTRIBUTIVE.contains(&word)
    });
    let from = match last_title {
        Some(i) if i + 1 < spans.len() => i + 1,
        Some(_) => return None,
        None => 0,
    };
    let rest = &spans[from..];
    let names: Vec<&str> = rest.iter().map(|&(s, e)| &text[s..e]).collect();
    // `Продажи КАМАЗа`, `Сейчас САХ`: a Russian sentence's first word
    // before an abbreviation is a common word capitalised for grammar.
    let opens_sentence = text[..rest[0].0].trim_end().is_empty()
        || text[..rest[0].0].trim_end().ends_with(['.', '!', '?']);
    if rest.len() == 2
        && opens_sentence
        && crate::text::inflect::is_russian(names[0])
        && names[1].chars().filter(|c| c.is_alphabetic()).count() >= 2
        && names[1].chars().take_while(|c| c.is_uppercase()).count() >= 2
    {
        return Some((rest[1].0, end));
    }
    let from = if rest.len() >= 3
        && crate::text::inflect::is_russian(names[0])
        && looks_like_russian_person(&names[names.len() - 2..])
    {
        from + rest.len() - 2
    } else {
        from
    };
    Some((spans[from].0, end))
}

/// `for LFP cells`, `150,000 EV battery packs`, `its LNG carrier`: an
/// all-capitals word between a determiner, preposition, number or
/// possessive and a lowercase word is a technology or format used as a
/// modifier, not a company (`told TASS so`, `ČEZ said` stay names).
fn is_attributive_acronym(text: &str, name: &str, end: usize) -> bool {
    const BEFORE: [&str; 14] = [
        "for", "of", "the", "a", "an", "its", "their", "his", "her", "our", "new", "with", "on",
        "in",
    ];
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = name.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if !(capitals && (2..=5).contains(&letters)) || crate::text::inflect::is_russian(name) {
        return false;
    }
    let start = end - name.len();
    let previous = text[..start].trim_end().rsplit(' ').next().unwrap_or("");
    let modified = BEFORE.contains(&previous.to_lowercase().as_str())
        || previous.ends_with("'s")
        || previous.ends_with("’s")
        || previous.ends_with(|c: char| c.is_ascii_digit());
    let after = text[end..].trim_start_matches([' ', '\u{a0}']);
    let next: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    modified
        && !next.is_empty()
        && text[end..].starts_with([' ', '\u{a0}'])
        && next.starts_with(char::is_lowercase)
        && !next.ends_with("ed")
        && !ACRONYM_VERBS.contains(&next.as_str())
}

/// Words after a company's abbreviation that show it acting (`ČEZ said`).
const ACRONYM_VERBS: [&str; 24] = [
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "can",
    "said",
    "says",
    "plans",
    "stands",
    "agreed",
    "signed",
    "announced",
    "expects",
    "wants",
    "aims",
    "and",
    "or",
    "of",
];

/// The title before a name, in its sentence and its clause: from the title
/// word (with one modifier before it: `chief executive`, `генеральный
/// директор`, `Industry Minister`) to the name (`генеральный директор
/// КАМАЗа` before `Сергей Когогин`), without a comma or article at its ends.
fn role_before(text: &str, start: usize) -> Option<String> {
    let head = &text[..start];
    let clause_start = head
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | ';' | ':' | '(' | '\n' | '—'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let clause = &head[clause_start..];
    let spans = words(clause);
    let recent = spans.len().saturating_sub(5);
    let title = (recent..spans.len()).rev().find(|&i| {
        let (s, e) = spans[i];
        TITLES.contains(&clause[s..e].to_lowercase().as_str())
    })?;
    let from = match title.checked_sub(1) {
        Some(i) if is_role_modifier(&clause[spans[i].0..spans[i].1]) => i,
        _ => title,
    };
    let role = clause[spans[from].0..]
        .trim()
        .trim_end_matches([',', ' '])
        .trim_start_matches("the ")
        .trim();
    (!role.is_empty() && role.split_whitespace().count() <= 6).then(|| role.to_string())
}

/// `Sergey Kogogin, the head of KAMAZ,`: the role after a name, up to the
/// next comma or the sentence's end.
fn role_after(text: &str, end: usize) -> Option<String> {
    let rest = text[end..].strip_prefix(", ")?;
    let upto = rest.find([',', '.', ';', '(']).unwrap_or(rest.len());
    let role = rest[..upto].trim();
    let first_words: Vec<String> = words(role)
        .into_iter()
        .take(3)
        .map(|(s, e)| role[s..e].to_lowercase())
        .collect();
    let has_role = first_words.iter().any(|w| ROLES.contains(&w.as_str()));
    (has_role && role.split_whitespace().count() <= 8)
        .then(|| role.trim_start_matches("the ").to_string())
}

/// A word that qualifies a title before it: `chief`, `deputy`, `Industry`,
/// `генеральный`.
fn is_role_modifier(word: &str) -> bool {
    let lower = word.to_lowercase();
    matches!(
        lower.as_str(),
        "chief" | "deputy" | "vice" | "managing" | "executive" | "first" | "former" | "acting"
    ) || lower.ends_with("ый")
        || lower.ends_with("ий")
        || word.starts_with(char::is_uppercase) && !crate::text::inflect::is_russian(word)
}

/// Drops a grammatical opener (`The`, `In`…) from the front of a phrase.
fn trim_opener(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let spans = words(&text[start..end]);
    let first = spans.first()?;
    let word = text[start + first.0..start + first.1].to_lowercase();
    if !OPENERS.contains(&word.as_str()) {
        return Some((start, end));
    }
    let next = spans.get(1)?;
    Some((start + next.0, end))
}

/// `Chinese partner`, `Russian truck`: a nationality, not a name.
fn is_adjective(text: &str, name: &str, end: usize) -> bool {
    !name.contains(' ')
        && ["ese", "ian", "ish", "ean", "ская", "ский", "ское"]
            .iter()
            .any(|s| name.ends_with(s))
        && text[end..]
            .trim_start()
            .starts_with(|c: char| c.is_lowercase())
}

/// `St. Petersburg …` keeps its abbreviation; `Moskvich plant` its plant word.
fn widen(text: &str, start: usize, end: usize) -> (usize, usize) {
    let start = if text[..start].ends_with("St. ") {
        start - 4
    } else {
        start
    };
    let after = &text[end..];
    for word in PLANT_WORDS.iter().chain(&GENERIC_HEADS) {
        let spaced = format!(" {word}");
        if after.starts_with(&spaced) && at_word_boundaries(text, end + 1, end + spaced.len()) {
            return (start, end + spaced.len());
        }
    }
    (start, end)
}

/// Lowercase words that end a name (`Olomouc region`, `Komerční banka`,
/// `Ростовской области`, `Усть-Янского района`).
const GENERIC_HEADS: [&str; 14] = [
    "region",
    "valley",
    "province",
    "banka",
    "oblast",
    "области",
    "область",
    "района",
    "район",
    "края",
    "край",
    "округа",
    "республики",
    "platform",
];

/// What the name and its surroundings say about its kind.
fn clue(
    text: &str,
    start: usize,
    end: usize,
    name: &str,
    sources: &[(String, EntityKind)],
) -> Option<Clue> {
    let name_words: Vec<&str> = words(name).into_iter().map(|(s, e)| &name[s..e]).collect();
    let lower_name = name.to_lowercase();
    let before = text[..start].trim_end();
    let before_words: Vec<String> = words(before)
        .into_iter()
        .rev()
        .take(3)
        .map(|(s, e)| before[s..e].to_lowercase())
        .collect();
    let after = &text[end..];
    let after_lower = after.chars().take(60).collect::<String>().to_lowercase();
    let after_words: Vec<String> = words(&after_lower)
        .into_iter()
        .take(4)
        .map(|(s, e)| after_lower[s..e].to_string())
        .collect();
    let clue = |kind, weight, because: String| {
        Some(Clue {
            kind,
            weight,
            because,
        })
    };
    let has = |list: &[&str]| name_words.iter().find(|w| list.contains(w)).copied();
    if gazetteer::is_country(name) {
        return clue(EntityKind::Place, 10, "a country or region".into());
    }
    if let Some(word) = has(&PLACE_WORDS).or_else(|| {
        name_words
            .last()
            .filter(|w| GENERIC_HEADS[..13].contains(w) && **w != "banka")
            .copied()
    }) {
        return clue(EntityKind::Place, 9, format!("`{word}`"));
    }
    if let Some(word) = name_words.iter().find(|w| **w == "Bank" || **w == "Banka") {
        let public = [
            "Investment",
            "Development",
            "Export-Import",
            "Central",
            "National",
        ];
        return match has(&public) {
            Some(state) => clue(EntityKind::Agency, 9, format!("a `{state}` `{word}`")),
            None => clue(EntityKind::Company, 9, format!("`{word}`")),
        };
    }
    if let Some(form) = has(&COMPANY_FORMS).or_else(|| {
        after_words.first().and_then(|w| {
            COMPANY_FORMS
                .iter()
                .find(|f| f.to_lowercase() == *w)
                .copied()
        })
    }) {
        return clue(EntityKind::Company, 9, format!("`{form}`"));
    }
    if let Some(word) = has(&PLANT_WORDS).or_else(|| {
        PLANT_STEMS
            .iter()
            .find(|s| has_stem(&lower_name, s))
            .copied()
    }) {
        return clue(EntityKind::Plant, 9, format!("`{word}`"));
    }
    if let Some(word) = has(AGENCY_WORDS).or_else(|| {
        AGENCY_STEMS
            .iter()
            .find(|s| has_stem(&lower_name, s))
            .copied()
    }) {
        return clue(EntityKind::Agency, 9, format!("`{word}`"));
    }
    if let Some(word) = has(EVENT_WORDS).or_else(|| {
        EVENT_STEMS
            .iter()
            .find(|s| has_stem(&lower_name, s))
            .copied()
    }) {
        return clue(EntityKind::Event, 9, format!("`{word}`"));
    }
    if let Some(word) = has(&SITE_WORDS).or_else(|| {
        after_words
            .first()
            .filter(|w| SITE_WORDS.contains(&w.as_str()))
            .map(String::as_str)
    }) {
        return clue(EntityKind::Plant, 8, format!("`{word}`"));
    }
    let cyrillic_quoted = crate::text::inflect::is_russian(name) && text[..start].ends_with('«');
    if cyrillic_quoted
        && let Some(word) = before_words
            .first()
            .filter(|w| SITE_STEMS_RU.iter().any(|stem| w.starts_with(stem)))
    {
        return clue(EntityKind::Plant, 8, format!("after `{word}`"));
    }
    if let Some(verb) = before_words
        .first()
        .filter(|w| *w == "told" || cyrillic_quoted && MEDIA_BEFORE_RU.contains(&w.as_str()))
    {
        return clue(EntityKind::Media, 8, format!("after `{verb}`"));
    }
    if after.starts_with(", who ") {
        return clue(EntityKind::Person, 8, "followed by `, who`".into());
    }
    let role_after = after.starts_with(',') || after.trim_start().starts_with(['—', '–']);
    if role_after
        && let Some(role) = after_words
            .iter()
            .take(2)
            .find(|w| ROLES.contains(&w.as_str()))
    {
        return clue(
            EntityKind::Person,
            8,
            format!("followed by a role (`{role}`)"),
        );
    }
    let cyrillic = crate::text::inflect::is_russian(name);
    // «Автотор»: a quoted Russian name is an organisation or a brand, never a person.
    if cyrillic && text[..start].ends_with('«') {
        return clue(EntityKind::Company, 7, "in quotes (« »)".into());
    }
    if let Some(title) = before_words
        .first()
        .filter(|w| TITLES.contains(&w.as_str()))
    {
        return clue(EntityKind::Person, 8, format!("after the title `{title}`"));
    }
    if cyrillic && looks_like_russian_person(&name_words) {
        // Министр промышленности Антон Алиханов; Глава «Автотора» Валерий Горбунов.
        let title = before_words
            .iter()
            .take(3)
            .find(|w| TITLES.contains(&w.as_str()));
        let because = match title {
            Some(title) => format!("a first name and a surname, after the title `{title}`"),
            None => "a first name and a surname".into(),
        };
        return clue(EntityKind::Person, 8, because);
    }
    if before_words.len() >= 2
        && before_words[0] == "of"
        && ROLES.contains(&before_words[1].as_str())
    {
        return clue(
            EntityKind::Company,
            6,
            format!("`{} of {name}`", before_words[1]),
        );
    }
    if after_words.first().is_some_and(|w| w == "brand") {
        return clue(EntityKind::Brand, 7, "followed by `brand`".into());
    }
    if after.starts_with(',')
        && after_words
            .iter()
            .take(3)
            .any(|w| MAKER_WORDS.contains(&w.as_str()))
    {
        return clue(
            EntityKind::Company,
            6,
            "described as a maker or company".into(),
        );
    }
    if let Some((_, kind)) = sources
        .iter()
        .find(|(source, _)| source.eq_ignore_ascii_case(name))
    {
        return clue(*kind, 5, "the name of a source".into());
    }
    if name.chars().any(|c| c.is_ascii_digit())
        || after_words
            .iter()
            .take(2)
            .any(|w| PRODUCT_WORDS.contains(&w.as_str()))
    {
        return clue(EntityKind::Product, 4, "a model or vehicle name".into());
    }
    if before_words.first().is_some_and(|w| w == "at")
        && before_words
            .get(1)
            .is_some_and(|w| matches!(w.as_str(), "analysts" | "economists" | "strategists"))
    {
        return clue(EntityKind::Company, 6, "analysts at it".into());
    }
    // `Mobile, Alabama` after `in`: both are places.
    if text[..start].trim_end().ends_with(',')
        && before_words
            .get(1)
            .is_some_and(|w| PLACE_BEFORE.contains(&w.as_str()))
    {
        return clue(EntityKind::Place, 3, "after a place".into());
    }
    // `between Prague and Brno`: the second of two places.
    if before_words.first().is_some_and(|w| w == "and" || w == "и")
        && before_words
            .get(2)
            .is_some_and(|w| PLACE_BEFORE.contains(&w.as_str()))
    {
        return clue(EntityKind::Place, 3, "the second of two places".into());
    }
    // `in Moscow`, `in the United States`.
    let place_word = match before_words.first().map(String::as_str) {
        Some("the") => before_words.get(1),
        _ => before_words.first(),
    };
    if let Some(word) = place_word.filter(|w| PLACE_BEFORE.contains(&w.as_str())) {
        return clue(EntityKind::Place, 3, format!("after `{word}`"));
    }
    None
}

/// One proposed entity, gathered over all its occurrences.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub because: String,
    pub aliases: Vec<String>,
    /// A person's title or job, as the text puts it before or after the name.
    pub role: Option<String>,
    /// Where it was first seen.
    pub first: RunSpan,
}

/// Groups occurrences (`(run, occurrence)`) into candidates by suggested id;
/// a person's surname used alone becomes an alias of the full name.
pub fn candidates(found: &[(usize, Occurrence)], runs: &[&str]) -> Vec<Candidate> {
    let mut by_id: BTreeMap<String, (Candidate, Option<Clue>, usize)> = BTreeMap::new();
    for (order, (run, occurrence)) in found.iter().enumerate() {
        let id = crate::markup::text::suggest_id(&occurrence.name);
        let entry = by_id.entry(id.clone()).or_insert_with(|| {
            (
                Candidate {
                    id,
                    name: occurrence.name.clone(),
                    kind: EntityKind::Company,
                    because: String::new(),
                    aliases: Vec::new(),
                    role: None,
                    first: RunSpan {
                        run: *run,
                        start: occurrence.start,
                        end: occurrence.end,
                    },
                },
                None,
                order,
            )
        });
        if entry.0.role.is_none() {
            entry.0.role.clone_from(&occurrence.role);
        }
        if entry.0.name != occurrence.name && !entry.0.aliases.contains(&occurrence.name) {
            entry.0.aliases.push(occurrence.name.clone());
        }
        if let Some(clue) = &occurrence.clue
            && entry
                .1
                .as_ref()
                .is_none_or(|best| clue.weight > best.weight)
        {
            entry.1 = Some(clue.clone());
        }
    }
    let mut list: Vec<(Candidate, Option<Clue>, usize)> = by_id.into_values().collect();
    list.sort_by_key(|(_, _, order)| *order);
    let mut candidates: Vec<Candidate> = list
        .into_iter()
        .map(|(mut candidate, clue, _)| {
            match clue {
                Some(clue) => {
                    candidate.kind = clue.kind;
                    candidate.because = clue.because;
                }
                None => {
                    candidate.because = "no clue in the text: check it".into();
                }
            }
            // Only people have a role (`the head of` a company is a clue, not its role).
            if candidate.kind != EntityKind::Person {
                candidate.role = None;
            }
            candidate
        })
        .collect();
    fold_inflected(&mut candidates);
    fold_surnames(&mut candidates, runs);
    fold_short_forms(&mut candidates, runs);
    candidates
}

/// A Russian name in another case (`Росатома`, `в «Росатоме»`) is the same
/// entity as the name it is a form of (`Росатом`): the build's mention
/// search finds those forms itself, so they are dropped, not kept as aliases.
fn fold_inflected(candidates: &mut Vec<Candidate>) {
    use crate::text::inflect::{self, NameKind};
    let mut drop = Vec::new();
    for (i, base) in candidates.iter().enumerate() {
        if !inflect::is_russian(&base.name) || drop.contains(&i) {
            continue;
        }
        let mut forms = inflect::forms(&base.name, NameKind::of(base.kind));
        // `Когогина` alone is the surname of `Сергей Когогин` in the genitive.
        if base.kind == EntityKind::Person
            && let Some((_, surname)) = base.name.rsplit_once(' ')
        {
            forms.extend(inflect::forms(surname, NameKind::Person));
        }
        for (j, other) in candidates.iter().enumerate() {
            if j != i && !drop.contains(&j) && forms.contains(&other.name) {
                drop.push(j);
            }
        }
    }
    remove_all(candidates, drop);
}

/// `Hanul` after `Hanul Energy Solutions`, `Aero` after `Aero Vodochody`:
/// the first word of a company's (or plant's, agency's) longer name, used
/// alone, is an alias of it, when exactly one longer candidate starts so
/// and the word is not a place.
fn fold_short_forms(candidates: &mut Vec<Candidate>, runs: &[&str]) {
    let mut drop = Vec::new();
    for i in 0..candidates.len() {
        let short = candidates[i].name.clone();
        if matches!(candidates[i].kind, EntityKind::Place | EntityKind::Person) {
            continue;
        }
        let longer: Vec<usize> = (0..candidates.len())
            .filter(|&j| {
                j != i
                    && !matches!(candidates[j].kind, EntityKind::Person | EntityKind::Place)
                    && candidates[j]
                        .name
                        .strip_prefix(short.as_str())
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .collect();
        let [long] = longer[..] else {
            continue;
        };
        let used_alone = runs
            .iter()
            .any(|run| stands_alone(run, &short, &candidates[long].name));
        if used_alone && !candidates[long].aliases.contains(&short) {
            candidates[long].aliases.push(short);
            drop.push(i);
        }
    }
    remove_all(candidates, drop);
}

/// Removes the candidates at `positions` (in any order, repeats allowed).
fn remove_all(candidates: &mut Vec<Candidate>, mut positions: Vec<usize>) {
    positions.sort_unstable();
    positions.dedup();
    for index in positions.into_iter().rev() {
        candidates.remove(index);
    }
}

/// A person's last name, used alone, is an alias of the person (and not an
/// entity of its own), provided no other candidate shares that last name.
fn fold_surnames(candidates: &mut Vec<Candidate>, runs: &[&str]) {
    let surnames: Vec<(usize, String)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == EntityKind::Person && c.name.contains(' '))
        .filter_map(|(i, c)| c.name.rsplit(' ').next().map(|s| (i, s.to_string())))
        .collect();
    let mut drop = Vec::new();
    for (person, surname) in &surnames {
        if surnames.iter().filter(|(_, s)| s == surname).count() > 1 {
            continue;
        }
        let used_alone = runs
            .iter()
            .any(|run| stands_alone(run, surname, &candidates[*person].name));
        if !used_alone {
            continue;
        }
        candidates[*person].aliases.push(surname.clone());
        if let Some(alone) = candidates.iter().position(|c| c.name == *surname) {
            drop.push(alone);
        }
    }
    remove_all(candidates, drop);
}

/// Whether `surname` occurs in `text` as a word outside every occurrence of `full`.
fn stands_alone(text: &str, surname: &str, full: &str) -> bool {
    text.match_indices(surname).any(|(at, _)| {
        let end = at + surname.len();
        let in_full = text[..end].ends_with(full);
        !in_full && at_word_boundaries(text, at, end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn propose(text: &str) -> Vec<(String, String, EntityKind, Vec<String>)> {
        let found: Vec<(usize, Occurrence)> =
            occurrences(text, &[], &[("TASS".into(), EntityKind::Media)])
                .into_iter()
                .map(|o| (0, o))
                .collect();
        candidates(&found, &[text])
            .into_iter()
            .map(|c| (c.id, c.name, c.kind, c.aliases))
            .collect()
    }

    fn kind_of(text: &str, name: &str) -> EntityKind {
        propose(text)
            .into_iter()
            .find(|c| c.1 == name)
            .unwrap_or_else(|| panic!("{name} not proposed in {text}: {:?}", propose(text)))
            .2
    }

    #[test]
    fn kinds_from_titles_roles_and_suffixes() {
        let text = "After the St. Petersburg International Economic Forum, Sergey Kogogin, the head of KAMAZ, spoke. Earlier statements from the ministry chief, Denis Manturov, followed. KAMAZ has ties with JAC, the Chinese manufacturer. Sollers PAO and the Ministry of Industry and Trade agreed at the Moskvich plant, the Gorky Automobile Works and the Kama brand. Kogogin told TASS so.";
        assert_eq!(kind_of(text, "Sergey Kogogin"), EntityKind::Person);
        assert_eq!(kind_of(text, "Denis Manturov"), EntityKind::Person);
        assert_eq!(kind_of(text, "KAMAZ"), EntityKind::Company);
        assert_eq!(kind_of(text, "JAC"), EntityKind::Company);
        assert_eq!(kind_of(text, "Sollers PAO"), EntityKind::Company);
        assert_eq!(
            kind_of(text, "Ministry of Industry and Trade"),
            EntityKind::Agency
        );
        assert_eq!(
            kind_of(text, "St. Petersburg International Economic Forum"),
            EntityKind::Event
        );
        assert_eq!(kind_of(text, "Moskvich plant"), EntityKind::Plant);
        assert_eq!(kind_of(text, "Gorky Automobile Works"), EntityKind::Plant);
        assert_eq!(kind_of(text, "Kama"), EntityKind::Brand);
        assert_eq!(kind_of(text, "TASS"), EntityKind::Media);
        assert_eq!(
            kind_of("Sales grew in the United States.", "United States"),
            EntityKind::Place
        );
        let kogogin = propose(text)
            .into_iter()
            .find(|c| c.1 == "Sergey Kogogin")
            .unwrap();
        assert_eq!(kogogin.0, "sergey-kogogin");
        assert_eq!(kogogin.3, ["Kogogin"]);
        assert!(
            !propose(text)
                .iter()
                .any(|c| c.1 == "Kogogin" || c.1 == "Chinese")
        );
    }

    #[test]
    fn cyrillic_names_get_transliterated_ids() {
        let text = "Генеральный директор Сергей Когогин заявил, что ПАО КАМАЗ готово. По данным Министерства промышленности, Когогин прав. Завод в Набережных Челнах работает.";
        let found = propose(text);
        let person = found
            .iter()
            .find(|c| c.1 == "Сергей Когогин")
            .expect("person");
        assert_eq!(person.2, EntityKind::Person);
        assert_eq!(person.0, "sergei-kogogin");
        assert_eq!(person.3, ["Когогин"]);
        assert_eq!(kind_of(text, "ПАО КАМАЗ"), EntityKind::Company);
        assert_eq!(kind_of(text, "Министерства"), EntityKind::Agency);
        assert_eq!(kind_of(text, "Набережных Челнах"), EntityKind::Place);
        let text = "Министр промышленности Антон Алиханов сообщил о планах. Глава «Автотора» Валерий Горбунов согласился.";
        assert_eq!(kind_of(text, "Антон Алиханов"), EntityKind::Person);
        assert_eq!(kind_of(text, "Валерий Горбунов"), EntityKind::Person);
        assert_eq!(kind_of(text, "Автотора"), EntityKind::Company);
    }

    proptest::proptest! {
        #[test]
        fn proposals_never_panic(text in "[A-ZКСa-zа-я İı.,’'\\-—St]{0,60}") {
            let found: Vec<(usize, Occurrence)> = occurrences(&text, &[(0, 0)], &[])
                .into_iter()
                .map(|o| (0, o))
                .collect();
            for (_, o) in &found {
                proptest::prop_assert_eq!(&text[o.start..o.end], o.name.as_str());
            }
            let _ = candidates(&found, &[text.as_str()]);
        }
    }

    #[test]
    fn a_title_before_a_name_becomes_its_role() {
        let roles = |text: &str| -> Vec<(String, Option<String>)> {
            let found: Vec<(usize, Occurrence)> = occurrences(text, &[], &[])
                .into_iter()
                .map(|o| (0, o))
                .collect();
            candidates(&found, &[text])
                .into_iter()
                .map(|c| (c.name, c.role))
                .collect()
        };
        assert!(
            roles("Industry Minister Lukas Vlcek told reporters.")
                .contains(&("Lukas Vlcek".into(), Some("Industry Minister".into())))
        );
        assert!(
            roles("Генеральный директор КАМАЗа Сергей Когогин заявил об этом.").contains(&(
                "Сергей Когогин".into(),
                Some("Генеральный директор КАМАЗа".into())
            ))
        );
        assert!(
            roles("Talks went on, said Anna Berg, the head of Nordhafen, on Monday.")
                .contains(&("Anna Berg".into(), Some("head of Nordhafen".into())))
        );
    }

    #[test]
    fn covered_phrases_are_not_proposed() {
        let text = "Talks with KAMAZ and JAC went on.";
        let at = text.find("KAMAZ").unwrap();
        let found = occurrences(text, &[(at, at + 5)], &[]);
        let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["JAC"]);
    }
}
