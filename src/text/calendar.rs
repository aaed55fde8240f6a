//! Month and weekday names: the one list the build (dates shown on pages),
//! the detectors (a figure's period, words that are not names) and `check`
//! read, English and Russian.

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
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
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Short month names that stand for a month in a capitalised phrase.
const SHORT_MONTHS: [&str; 4] = ["Jan", "Feb", "Aug", "Sept"];

/// Russian month stems, January first; a month is a stem plus one of
/// [`RUSSIAN_ENDINGS`] (январь, января, январе, январём…).
const RUSSIAN_MONTH_STEMS: [&str; 12] = [
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

const RUSSIAN_WEEKDAY_STEMS: [&str; 7] = [
    "понедельник",
    "вторник",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскресень",
];

const RUSSIAN_ENDINGS: [&str; 12] = [
    "", "а", "у", "е", "ом", "ем", "ём", "ы", "ой", "ей", "я", "ю",
];

/// The number (1–12) of the month `word` names, in any letter case: an
/// English name (`June`) or a Russian one in any case form (`июня`, `июне`).
pub fn month_number(word: &str) -> Option<u8> {
    let english = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word));
    let lower = word.to_lowercase();
    let russian = || {
        RUSSIAN_MONTH_STEMS
            .iter()
            .position(|stem| is_russian_form(&lower, stem))
    };
    english.or_else(russian).map(|index| index as u8 + 1)
}

/// Whether `text` (lowercased by the caller) starts with an English month name.
pub fn starts_with_month(lower: &str) -> bool {
    MONTHS.iter().any(|m| {
        lower
            .get(..m.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(m))
    })
}

/// Whether `text` (lowercased by the caller) ends with an English month name.
pub fn ends_with_month(lower: &str) -> bool {
    MONTHS.iter().any(|m| {
        lower
            .len()
            .checked_sub(m.len())
            .and_then(|at| lower.get(at..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(m))
    })
}

/// Weekdays and months, English and Russian (every case form in use):
/// capitalised words that name no entity.
pub fn is_calendar_word(word: &str) -> bool {
    if MONTHS.contains(&word) || WEEKDAYS.contains(&word) || SHORT_MONTHS.contains(&word) {
        return true;
    }
    let lower = word.to_lowercase();
    RUSSIAN_WEEKDAY_STEMS
        .iter()
        .chain(&RUSSIAN_MONTH_STEMS)
        .any(|stem| is_russian_form(&lower, stem))
}

fn is_russian_form(lower: &str, stem: &str) -> bool {
    lower.strip_prefix(stem).is_some_and(|ending| {
        let ending = ending
            .strip_prefix('ь')
            .or_else(|| ending.strip_prefix('й'))
            .unwrap_or(ending);
        // `ма` alone is too short a stem: only май, мая, маю, мае, маем.
        RUSSIAN_ENDINGS.contains(&ending)
            && (stem != "ма" || lower.chars().count() <= 4 && lower != "ма")
    })
}

/// Phrases that name a year relative to the text's own date, with the
/// offset in years: "last year" is the year before the article's.
const RELATIVE_YEARS: [(&str, i32); 14] = [
    ("last year", -1),
    ("a year earlier", -1),
    ("the previous year", -1),
    ("this year", 0),
    ("the current year", 0),
    ("next year", 1),
    ("в прошлом году", -1),
    ("прошлого года", -1),
    ("годом ранее", -1),
    ("в этом году", 0),
    ("в текущем году", 0),
    ("этого года", 0),
    ("в следующем году", 1),
    ("следующего года", 1),
];

/// Relative years in `text` (`last year`, `в этом году`): byte offset and
/// offset in years from the text's date.
pub fn relative_years(text: &str) -> Vec<(usize, i32)> {
    let lower = text.to_lowercase();
    // Offsets are in `text`: only phrases whose lowercase has the same
    // length as the original are kept (all the listed ones do).
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut found: Vec<(usize, i32)> = RELATIVE_YEARS
        .iter()
        .flat_map(|(phrase, offset)| {
            lower
                .match_indices(phrase)
                .filter(|(at, _)| {
                    crate::text::words::at_word_boundaries(&lower, *at, at + phrase.len())
                })
                .map(move |(at, _)| (at, *offset))
        })
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "June",
            "Sept",
            "Friday",
        ] {
            assert!(is_calendar_word(word), "{word}");
        }
        for word in ["Мама", "Августин", "Марс", "Сбербанк", "Mayor", "Junes"]
        {
            assert!(!is_calendar_word(word), "{word}");
        }
    }

    #[test]
    fn months_by_number_in_both_languages() {
        assert_eq!(month_number("june"), Some(6));
        assert_eq!(month_number("December"), Some(12));
        assert_eq!(month_number("июня"), Some(6));
        assert_eq!(month_number("мае"), Some(5));
        assert_eq!(month_number("Декабре"), Some(12));
        assert_eq!(month_number("мама"), None);
        assert_eq!(month_number("Mayor"), None);
        assert!(starts_with_month("june 2022") && !starts_with_month("jun"));
        assert!(ends_with_month("since june") && !ends_with_month("ju"));
    }
}
