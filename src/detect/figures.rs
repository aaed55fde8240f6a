//! Figures in a seed's text: numbers with their magnitude, currency or unit,
//! in the styles seeds use (`300,000`, `300 000`, `1.5 million`, `1,5 млн`,
//! `40%`, `$2bn`), the status their wording suggests, and the years and dates
//! a figure's period can be taken from. One pass over the text, no regex.

use crate::detect::cues::{Cues, cues};
use crate::model::{Period, Status};
use crate::text::calendar::{ends_with_month, month_number, starts_with_month};
use crate::text::words::{at_word_boundaries, has_word, is_word_char, word_spans, words};

/// A number found in a text, with what it counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Byte range of the whole figure, unit included (`300,000 cars per year`).
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// `%`, a currency code, or the counted noun with its rate (`cars per year`); may be empty.
    pub unit: String,
    /// The unit in English as the unit lexicon names it (`aircraft per year`
    /// for `jets a year` or `самолётов в год`), when it knows the noun.
    pub english: Option<String>,
}

const MAGNITUDES: [(&str, f64); 19] = [
    ("thousand", 1e3),
    ("crore", 1e7),
    ("lakh", 1e5),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("trillion", 1e12),
    ("mln", 1e6),
    ("mn", 1e6),
    ("bn", 1e9),
    ("tn", 1e12),
    ("k", 1e3),
    ("m", 1e6),
    ("b", 1e9),
    ("тыс", 1e3),
    ("млн", 1e6),
    ("млрд", 1e9),
    ("трлн", 1e12),
];

const CURRENCY_SIGNS: [(char, &str); 5] = [
    ('$', "USD"),
    ('€', "EUR"),
    ('£', "GBP"),
    ('₽', "RUB"),
    ('¥', "CNY"),
];

/// Currencies by name (singular and plural, English and Russian) and by
/// ISO code; `swiss francs` is read as one name.
const CURRENCY_WORDS: [(&str, &str); 45] = [
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("usd", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("евро", "EUR"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("rub", "RUB"),
    ("руб", "RUB"),
    ("рублей", "RUB"),
    ("рубля", "RUB"),
    ("долларов", "USD"),
    ("доллара", "USD"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("cny", "CNY"),
    ("юаней", "CNY"),
    ("koruna", "CZK"),
    ("korunas", "CZK"),
    ("crowns", "CZK"),
    ("czk", "CZK"),
    ("крон", "CZK"),
    ("won", "KRW"),
    ("krw", "KRW"),
    ("reais", "BRL"),
    ("real", "BRL"),
    ("brl", "BRL"),
    ("rupees", "INR"),
    ("rupee", "INR"),
    ("inr", "INR"),
    ("рупий", "INR"),
    ("swiss francs", "CHF"),
    ("francs", "CHF"),
    ("chf", "CHF"),
    ("pounds", "GBP"),
    ("gbp", "GBP"),
    ("yen", "JPY"),
    ("jpy", "JPY"),
    ("zloty", "PLN"),
    ("pln", "PLN"),
    ("forints", "HUF"),
    ("huf", "HUF"),
    ("dinars", "RSD"),
];

/// What a counted noun or unit symbol is in English: the unit lexicon
/// (energy, power, mass, volume, distance, people, vehicles and craft).
/// Inflected Russian forms are listed as they follow numbers (genitive
/// plural and singular).
const UNIT_WORDS: &[(&str, &str)] = &[
    ("gwh", "GWh"),
    ("гвт·ч", "GWh"),
    ("twh", "TWh"),
    ("mwh", "MWh"),
    ("kwh", "kWh"),
    ("квт·ч", "kWh"),
    ("mw", "MW"),
    ("megawatts", "MW"),
    ("megawatt", "MW"),
    ("мвт", "MW"),
    ("gw", "GW"),
    ("gigawatts", "GW"),
    ("gigawatt", "GW"),
    ("гвт", "GW"),
    ("kw", "kW"),
    ("квт", "kW"),
    ("kn", "kN"),
    ("kilonewtons", "kN"),
    ("tonnes", "tonnes"),
    ("tonne", "tonnes"),
    ("tons", "tonnes"),
    ("t", "tonnes"),
    ("т", "tonnes"),
    ("тонн", "tonnes"),
    ("тонны", "tonnes"),
    ("kg", "kg"),
    ("barrels", "barrels"),
    ("bcm", "cubic metres"),
    ("litres", "litres"),
    ("liters", "litres"),
    ("литров", "litres"),
    ("km", "km"),
    ("км", "km"),
    ("kilometres", "km"),
    ("kilometers", "km"),
    ("km/h", "km/h"),
    ("км/ч", "km/h"),
    ("people", "people"),
    ("persons", "people"),
    ("workers", "people"),
    ("employees", "people"),
    ("staff", "people"),
    ("jobs", "people"),
    ("человек", "people"),
    ("сотрудников", "people"),
    ("работников", "people"),
    ("рабочих", "people"),
    ("passengers", "passengers"),
    ("пассажиров", "passengers"),
    ("cars", "cars"),
    ("evs", "cars"),
    ("автомобилей", "cars"),
    ("автомобиля", "cars"),
    ("vehicles", "vehicles"),
    ("машин", "vehicles"),
    ("units", "units"),
    ("trucks", "trucks"),
    ("lorries", "trucks"),
    ("грузовиков", "trucks"),
    ("buses", "buses"),
    ("автобусов", "buses"),
    ("aircraft", "aircraft"),
    ("jets", "aircraft"),
    ("planes", "aircraft"),
    ("airliners", "aircraft"),
    ("самолётов", "aircraft"),
    ("самолетов", "aircraft"),
    ("самолёта", "aircraft"),
    ("самолета", "aircraft"),
    ("helicopters", "helicopters"),
    ("вертолётов", "helicopters"),
    ("engines", "engines"),
    ("двигателей", "engines"),
    ("двигателя", "engines"),
    ("trains", "trains"),
    ("поездов", "trains"),
    ("электропоездов", "trains"),
    ("составов", "trains"),
    ("locomotives", "locomotives"),
    ("локомотивов", "locomotives"),
    ("wagons", "rail cars"),
    ("вагонов", "rail cars"),
    ("ships", "ships"),
    ("vessels", "ships"),
    ("carriers", "ships"),
    ("tankers", "ships"),
    ("судов", "ships"),
    ("icebreakers", "icebreakers"),
    ("ледоколов", "icebreakers"),
    ("tonnes of ore", "tonnes of ore"),
    ("cells", "cells"),
    ("packs", "battery packs"),
    ("turbines", "turbines"),
    ("nacelles", "nacelles"),
    ("гондол", "nacelles"),
    ("homes", "homes"),
    ("мвт·ч", "MWh"),
    ("твт·ч", "TWh"),
    ("barrel", "barrels"),
    ("bpd", "barrels per day"),
    ("баррелей", "barrels"),
    ("cubic", "cubic metres"),
    ("кубометров", "cubic metres"),
    ("куб.", "cubic metres"),
    ("teu", "TEU"),
    ("containers", "containers"),
    ("контейнеров", "containers"),
    ("hectares", "hectares"),
    ("га", "hectares"),
    ("гектаров", "hectares"),
    ("apartments", "apartments"),
    ("квартир", "apartments"),
    ("flights", "flights"),
    ("рейсов", "flights"),
    ("railcars", "rail cars"),
    ("вагона", "rail cars"),
    ("locomotive", "locomotives"),
    ("локомотива", "locomotives"),
    ("тракторов", "tractors"),
    ("tractors", "tractors"),
    ("автобуса", "buses"),
    ("грузовика", "trucks"),
    ("судна", "ships"),
    ("satellites", "satellites"),
    ("спутников", "satellites"),
    ("rockets", "rockets"),
    ("ракет", "rockets"),
    ("engineers", "people"),
    ("инженеров", "people"),
    ("специалистов", "people"),
    ("рабочих мест", "people"),
    ("рабочих места", "people"),
    ("customers", "customers"),
    ("клиентов", "customers"),
    ("кг", "kg"),
    ("km²", "km²"),
];

/// How many words may stand between a number and what it counts
/// (`1,100 construction workers`, `12 liquefied natural gas carriers`).
const MODIFIERS: usize = 3;

/// Words after a number that are not what it counts.
const NOT_UNITS: [&str; 28] = [
    "of", "and", "or", "in", "to", "the", "a", "an", "at", "for", "on", "by", "from", "per",
    "with", "than", "more", "less", "is", "was", "were", "are", "и", "в", "на", "до", "по", "с",
];

const RATES: [(&str, &str); 18] = [
    ("per year", "per year"),
    ("a year", "per year"),
    ("per annum", "per year"),
    ("annually", "per year"),
    ("each year", "per year"),
    ("yearly", "per year"),
    ("per month", "per month"),
    ("a month", "per month"),
    ("monthly", "per month"),
    ("per day", "per day"),
    ("в год", "в год"),
    ("в месяц", "в месяц"),
    ("ежегодно", "ежегодно"),
    ("a day", "per day"),
    ("daily", "per day"),
    ("в сутки", "в сутки"),
    ("в день", "в день"),
    ("a week", "per week"),
];

/// Russian rates (and `ежегодно`) in English.
fn english_rate(rate: &str) -> &str {
    match rate {
        "в год" | "ежегодно" => "per year",
        "в месяц" => "per month",
        "в сутки" | "в день" => "per day",
        other => other,
    }
}

/// Every figure in `text`, in order.
pub fn find(text: &str) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut at = 0;
    // Bytes, not chars: no byte of a multi-byte character is an ASCII digit.
    while let Some(start) = next_digit(text.as_bytes(), at) {
        match figure_at(text, start) {
            Some(figure) => {
                at = figure.end;
                figures.push(figure);
            }
            None => at = skip_number(text, start),
        }
    }
    figures
}

/// The first ASCII digit at or after `from`. Most of a text has none, so it
/// is skipped eight bytes at a time.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(word.try_into().ok()?);
        // Digits become bytes below 10; a set high bit marks a word that has one.
        let shifted = word ^ (ONES * 0x30);
        if shifted.wrapping_sub(ONES * 10) & !shifted & HIGH != 0 {
            break;
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|offset| at + offset)
}

fn skip_number(text: &str, start: usize) -> usize {
    start
        + text[start..]
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.')))
            .unwrap_or(text.len() - start)
}

/// The figure whose number starts at `start`, unless the number is part of a
/// word (`J7`, `COVID-19`), a year, a day of a date, or a bare small count.
fn figure_at(text: &str, start: usize) -> Option<Figure> {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| is_word_char(c) || matches!(c, '-' | '.' | ',' | '/')) {
        return None;
    }
    let (mut value, number_end, plain_digits) = number(text, start)?;
    let mut end = number_end;
    let mut scaled = false;
    let mut unit = String::new();
    let mut english = None;
    let currency = before.and_then(|c| CURRENCY_SIGNS.iter().find(|(s, _)| *s == c));
    let rest = &text[end..];
    if let Some(len) = percent(rest) {
        end += len;
        unit = "%".into();
        english = Some(unit.clone());
    } else {
        if let Some((len, factor)) = magnitude(rest) {
            value *= factor;
            end += len;
            scaled = true;
        }
        if let Some((_, code)) = currency {
            unit = (*code).to_string();
            english = Some(unit.clone());
        } else if let Some((len, code)) = currency_word(&text[end..]) {
            unit = code.to_string();
            english = Some(unit.clone());
            end += len;
        } else if let Some(counted) = counted_noun(&text[end..]) {
            unit = counted.unit;
            english = counted.english;
            end += counted.len;
        }
    }
    let start = if currency.is_some() {
        start - before.map_or(0, char::len_utf8)
    } else {
        start
    };
    if text[end..].starts_with(is_word_char) {
        return None;
    }
    // `4 GWh` is a figure; `3 models` is a count of things under ten.
    let measured = english.as_deref().is_some_and(is_measure);
    let marked = scaled || currency.is_some() || unit == "%" || measured;
    if !marked && let Some(digits) = plain_digits {
        let is_year = digits.len() == 4 && (1800..=2100).contains(&(value as u32));
        if is_year || value < 10.0 || next_to_month(text, start, number_end) {
            return None;
        }
    }
    Some(Figure {
        start,
        end,
        value,
        unit,
        english,
    })
}

/// Parses the number at `start`: its value, where it ends, and its digits
/// when it was written as a plain integer (no separators, no decimals).
fn number(text: &str, start: usize) -> Option<(f64, usize, Option<&str>)> {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let first = digits_from(start);
    let mut end = start + first;
    let mut integer: String = text[start..end].to_string();
    let mut grouped = false;
    // Thousands groups: `300,000`, `300 000` (also no-break spaces), after a first group of 1–3 digits.
    if first <= 3 {
        loop {
            let rest = &text[end..];
            let Some(sep) = rest.chars().next() else {
                break;
            };
            if !matches!(sep, ',' | ' ' | '\u{a0}' | '\u{202f}') {
                break;
            }
            let after = end + sep.len_utf8();
            if digits_from(after) != 3 {
                break;
            }
            integer.push_str(&text[after..after + 3]);
            end = after + 3;
            grouped = true;
        }
    }
    let mut decimals = String::new();
    if let Some(sep) = text[end..].chars().next()
        && matches!(sep, '.' | ',')
        && !(grouped && sep == ',')
    {
        let count = digits_from(end + 1);
        // `1,500` was taken as a group above; here `,` is a decimal comma (`1,5 млн`).
        if count > 0 && (sep == '.' || count != 3) {
            decimals = text[end + 1..end + 1 + count].to_string();
            end += 1 + count;
        }
    }
    let value: f64 = if decimals.is_empty() {
        integer.parse().ok()?
    } else {
        format!("{integer}.{decimals}").parse().ok()?
    };
    let plain = (!grouped && decimals.is_empty()).then(|| &text[start..end]);
    Some((value, end, plain))
}

fn percent(rest: &str) -> Option<usize> {
    let spaced = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
    let after = &rest[spaced..];
    if after.starts_with('%') {
        return Some(spaced + 1);
    }
    if spaced == 0 {
        return None;
    }
    let lower = head(after).to_lowercase();
    ["percent", "per cent", "процента", "процентов", "процент"]
        .iter()
        .find(|w| {
            lower.starts_with(*w)
                && at_word_boundaries(&lower, 0, w.len())
                && after.is_char_boundary(w.len())
        })
        .map(|w| spaced + w.len())
}

/// `million`, ` bn`, `m` (attached only), `млн`, `тыс.`: length and factor.
fn magnitude(rest: &str) -> Option<(usize, f64)> {
    let spaced = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
    let after = &rest[spaced..];
    let word_len = after
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(after.len(), |(i, _)| i);
    let word = after[..word_len].to_lowercase();
    let (_, factor) = MAGNITUDES.iter().find(|(w, _)| *w == word)?;
    // A lone letter counts only attached to the number: `$2m`, `5k`.
    if word.chars().count() == 1 && spaced > 0 {
        return None;
    }
    let dot = usize::from(word.starts_with('т') && after[word_len..].starts_with('.'));
    Some((spaced + word_len + dot, *factor))
}

fn currency_word(rest: &str) -> Option<(usize, &'static str)> {
    let (mut len, word) = next_word(rest)?;
    let mut lower = word.to_lowercase();
    if let Some((more, next)) = next_word(&rest[len..])
        && CURRENCY_WORDS
            .iter()
            .any(|(w, _)| *w == format!("{lower} {}", next.to_lowercase()))
    {
        lower = format!("{lower} {}", next.to_lowercase());
        len += more;
    }
    CURRENCY_WORDS
        .iter()
        .find(|(w, _)| *w == lower || (w.starts_with("руб") && lower.starts_with(w)))
        .map(|(_, code)| (len, *code))
}

/// What follows a number and says what it counts.
struct Counted {
    len: usize,
    /// As written, with its rate: `jets per month`, `самолётов в год`.
    unit: String,
    english: Option<String>,
}

/// The counted noun after a number, with its rate: `cars per year`. A noun
/// of the unit lexicon may stand a few words on (`1,100 construction
/// workers`); otherwise the first word is taken as it is.
fn counted_noun(rest: &str) -> Option<Counted> {
    let tokens = tokens(rest, MODIFIERS + 1);
    let (first_end, first) = *tokens.first()?;
    let lower = first.to_lowercase();
    let known = |i: usize| {
        let (_, word) = tokens[i];
        let lower = word.to_lowercase();
        // `tonnes of ore`: a noun with its complement, where the lexicon has it.
        let with_next = tokens.get(i + 2).filter(|_| {
            tokens
                .get(i + 1)
                .is_some_and(|(_, w)| w.eq_ignore_ascii_case("of"))
        });
        with_next
            .and_then(|(end, next)| {
                let phrase = format!("{lower} of {}", next.to_lowercase());
                unit_word(&phrase).map(|english| (*end, phrase.clone(), english))
            })
            .or_else(|| unit_word(&lower).map(|english| (tokens[i].0, word.to_string(), english)))
    };
    let found = (0..tokens.len())
        .take_while(|&i| i == 0 || is_modifier(tokens[i - 1].1))
        .find_map(known);
    let (end, unit, english) = match found {
        Some((end, written, english)) => (end, written, Some(english.to_string())),
        None => {
            if first.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || NOT_UNITS.contains(&lower.as_str())
                || month_number(&lower).is_some()
                || !first.chars().all(char::is_alphabetic)
            {
                return None;
            }
            (first_end, first.to_string(), None)
        }
    };
    let (end, rate) = rate_after(rest, end);
    let with_rate = |unit: String| match rate {
        Some(rate) => format!("{unit} {rate}"),
        None => unit,
    };
    Some(Counted {
        len: end,
        unit: with_rate(unit),
        english: english.map(|e| match rate {
            Some(rate) => format!("{e} {}", english_rate(rate)),
            None => e,
        }),
    })
}

/// Whether a figure's unit is a currency code (`USD`, `RUB`): what every
/// currency sign and name becomes.
pub fn is_currency_code(unit: &str) -> bool {
    unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase())
}

/// Whether a unit measures (energy, power, mass, distance…) rather than
/// counts things: then even a small number is a figure.
fn is_measure(english: &str) -> bool {
    let unit = english.split(' ').next().unwrap_or(english);
    matches!(
        unit,
        "GWh" | "TWh" | "MWh" | "kWh" | "MW" | "GW" | "kW" | "kN" | "tonnes" | "kg" | "km" | "km/h"
    ) || english.starts_with("cubic")
}

/// The unit lexicon's English name for a (lowercased) word.
fn unit_word(lower: &str) -> Option<&'static str> {
    UNIT_WORDS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, english)| *english)
}

/// A word that may stand between a number and its noun: an adjective,
/// noun or name (`construction`, `high-speed`, `отечественных`, `EV`,
/// `A320neo-family`, `more`), not a function word, with no punctuation after it.
fn is_modifier(word: &str) -> bool {
    let lower = word.to_lowercase();
    let comparative = matches!(lower.as_str(), "more" | "additional" | "extra" | "further");
    word.chars().all(|c| c.is_alphanumeric() || c == '-')
        && (comparative || !NOT_UNITS.contains(&lower.as_str()))
        && !matches!(lower.as_str(), "year" | "month" | "than")
}

/// Up to `limit` words after `rest`'s leading spaces, as (end, word): a word
/// runs to the next space, without punctuation after it (`km/h` and
/// `кВт·ч` are one word); the words stop at the first one followed by
/// punctuation.
fn tokens(rest: &str, limit: usize) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    // `740-megawatt`: a unit joined to its number.
    let mut at = usize::from(rest.starts_with('-'));
    while found.len() < limit {
        let spaced = rest[at..].len()
            - rest[at..]
                .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
                .len();
        let from = at + spaced;
        let len = rest[from..]
            .find(|c: char| c.is_whitespace())
            .unwrap_or(rest.len() - from);
        let raw = &rest[from..from + len];
        let word = raw.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '·'));
        if word.is_empty() || !word.starts_with(char::is_alphabetic) {
            break;
        }
        found.push((from + word.len(), word));
        if word.len() < raw.len() {
            break;
        }
        at = from + len;
    }
    found
}

/// The rate after `end` (`a year`, `в год`), if any, also a word or two on
/// (`кВт·ч электроэнергии в год`, `самолётов МС-21 в год`): the new end
/// and the rate.
fn rate_after(rest: &str, end: usize) -> (usize, Option<&'static str>) {
    let skipped = tokens(&rest[end..], 2);
    std::iter::once(end)
        .chain(skipped.iter().map(|&(e, _)| end + e))
        .find_map(|at| rate_at(rest, at))
        .map_or((end, None), |(rate_end, rate)| (rate_end, Some(rate)))
}

/// The rate that starts after the spaces at `end`, with its end.
fn rate_at(rest: &str, end: usize) -> Option<(usize, &'static str)> {
    let tail = &rest[end..];
    let spaced = tail.len() - tail.trim_start().len();
    // Whitespace lowercases to itself, so `spaced` counts the same bytes in `after`.
    let after = format!(
        "{}{}",
        &tail[..spaced],
        head(&tail[spaced..]).to_lowercase()
    );
    RATES.iter().find_map(|(written, normal)| {
        (after[spaced..].starts_with(written)
            && at_word_boundaries(&after, spaced, spaced + written.len())
            && rest.is_char_boundary(end + spaced + written.len()))
        .then_some((end + spaced + written.len(), *normal))
    })
}

/// How many characters around a number the checks after and before it read:
/// more than the longest word they compare (`процентов`, `september`) and the
/// character after it. Lowercasing only these, not the rest of the run, keeps
/// finding figures linear in the text; lowercasing is per character, so the
/// words compared come out the same.
const LOOKAROUND_CHARS: usize = 24;

/// The first [`LOOKAROUND_CHARS`] characters of `text`.
fn head(text: &str) -> &str {
    text.char_indices()
        .nth(LOOKAROUND_CHARS)
        .map_or(text, |(i, _)| &text[..i])
}

/// The last [`LOOKAROUND_CHARS`] characters of `text`.
fn tail(text: &str) -> &str {
    text.char_indices()
        .rev()
        .nth(LOOKAROUND_CHARS - 1)
        .map_or(text, |(i, _)| &text[i..])
}

/// The word after optional spaces: its end (from the start of `rest`) and the word.
fn next_word(rest: &str) -> Option<(usize, &str)> {
    let spaced = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
    let found = word_spans(&rest[spaced..]).next()?;
    (found.0 == 0).then(|| (spaced + found.1, &rest[spaced..spaced + found.1]))
}

fn next_to_month(text: &str, start: usize, end: usize) -> bool {
    let after = head(text[end..].trim_start()).to_lowercase();
    let before = tail(text[..start].trim_end()).to_lowercase();
    starts_with_month(&after) || ends_with_month(&before)
}

/// What a figure's wording says about it (the `cues` lists), read in
/// `scope` (its clause, up to the next conjunction), else in `before` (the
/// sentence before the clause, where a governing verb may stand):
/// unnamed sources make it speculative; a delay or negated intent reported;
/// a forecast or cost an estimate; a hedge speculative, or an estimate when
/// it forecasts a quantity (`could reach 250 GWh`); intent or `up to` a
/// target; an approximation an estimate unless a past-tense verb reports it.
pub fn status_in(scope: &str, before: &str) -> Status {
    let own = cues(scope);
    let lower = scope.to_lowercase();
    let up_to = has_word(&lower, "up to");
    let plain = own == Cues::default() && !up_to && !reports_past(&lower);
    let cues = if plain { cues(before) } else { own };
    if cues.unnamed {
        Status::Speculative
    } else if cues.delay || cues.negated {
        Status::Reported
    } else if cues.estimate {
        Status::Estimate
    } else if cues.hedge {
        if cues.change {
            Status::Estimate
        } else {
            Status::Speculative
        }
    } else if cues.intent || up_to {
        Status::Target
    } else if cues.approximate && (is_russian_approximation(&lower) || !reports_past(&lower)) {
        Status::Estimate
    } else {
        Status::Reported
    }
}

/// [`status_in`] a clause alone.
pub fn status(clause: &str) -> Status {
    status_in(clause, "")
}

/// Russian copy marks an approximate figure with около/примерно/порядка
/// even when it reports it (выпуск составил около 1,5 млн).
fn is_russian_approximation(lower: &str) -> bool {
    ["около", "примерно", "порядка"]
        .iter()
        .any(|w| has_word(lower, w))
}

/// Whether a (lowercased) clause has a past-tense verb: the figure is reported.
fn reports_past(lower: &str) -> bool {
    const PAST: [&str; 16] = [
        "was",
        "were",
        "had",
        "rose",
        "fell",
        "grew",
        "sold",
        "made",
        "built",
        "hit",
        "составил",
        "составила",
        "составило",
        "составили",
        "выпустил",
        "выросла",
    ];
    const NOT_PAST: [&str; 14] = [
        "planned", "expected", "based", "limited", "licensed", "related", "used", "advanced",
        "detailed", "named", "proposed", "intended", "needed", "red",
    ];
    words(lower).into_iter().any(|(s, e)| {
        let word = &lower[s..e];
        PAST.contains(&word)
            || (word.len() >= 5 && word.ends_with("ed") && !NOT_PAST.contains(&word))
    })
}

/// Years and dates in `text` with their byte offsets: `2022-06-18`,
/// `18 June 2022`, `June 2022`, `2022`.
pub fn periods(text: &str) -> Vec<(usize, Period)> {
    let mut found = Vec::new();
    for (s, e) in words(text) {
        let word = &text[s..e];
        if word.len() < 4 || !word.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            continue;
        }
        if let Some(date) =
            Period::parse_date(word).or_else(|| Period::parse(word).filter(|_| word.len() == 7))
        {
            found.push((s, date));
            continue;
        }
        if word.len() != 4
            || text[..s].ends_with([',', '.', ' ']) && preceded_by_digit_group(text, s)
        {
            continue;
        }
        let Ok(year) = word.parse::<u16>() else {
            continue;
        };
        if !(1900..=2100).contains(&year) {
            continue;
        }
        let (start, period) = with_month(text, s, year);
        found.push((start, period));
    }
    found
}

fn preceded_by_digit_group(text: &str, at: usize) -> bool {
    text[..at.saturating_sub(1)]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// A year, widened to `June 2022` or `18 June 2022` when a month (and day) precede it.
fn with_month(text: &str, year_at: usize, year: u16) -> (usize, Period) {
    let year_only = Period {
        year,
        month: None,
        day: None,
    };
    // Offsets stay in `text`: a lowercased copy may differ in length.
    let before = text[..year_at].trim_end();
    let month_at = before.trim_end_matches(char::is_alphabetic).len();
    let word = before[month_at..].to_lowercase();
    let Some(month) = month_number(&word) else {
        return (year_at, year_only);
    };
    let day_text = text[..month_at].trim_end();
    let day_len = day_text.len()
        - day_text
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
    let day = day_text[day_text.len() - day_len..].parse::<u8>().ok();
    let iso = match day {
        Some(d) => format!("{year:04}-{month:02}-{d:02}"),
        None => format!("{year:04}-{month:02}"),
    };
    match Period::parse(&iso) {
        Some(period) if day.is_some() => (day_text.len() - day_len, period),
        Some(period) => (month_at, period),
        None => (year_at, year_only),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_digit_finds_what_a_byte_by_byte_search_finds() {
        let samples = [
            "",
            "7",
            "no digits here at all, none",
            "abcdefgh9",
            "abcdefg/:9",
            "Ж/0:",
            "x 2024 — y",
        ];
        for sample in samples {
            for pad in 0..10 {
                let text = format!("{}{sample}", "-".repeat(pad));
                let bytes = text.as_bytes();
                for from in 0..=bytes.len() {
                    let slow = bytes[from..]
                        .iter()
                        .position(u8::is_ascii_digit)
                        .map(|o| from + o);
                    assert_eq!(next_digit(bytes, from), slow, "{text:?} from {from}");
                }
            }
        }
    }

    fn figures(text: &str) -> Vec<(String, f64, String)> {
        find(text)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.value, f.unit))
            .collect()
    }

    fn one(text: &str) -> (f64, String) {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].value, found[0].unit.clone())
    }

    #[test]
    fn the_unit_lexicon_names_each_word_once() {
        let mut words: Vec<&str> = UNIT_WORDS.iter().map(|(w, _)| *w).collect();
        words.sort_unstable();
        let count = words.len();
        words.dedup();
        assert_eq!(words.len(), count, "a word twice in UNIT_WORDS");
        assert!(UNIT_WORDS.iter().all(|(w, _)| *w == w.to_lowercase()));
    }

    #[test]
    fn every_number_style() {
        assert_eq!(
            one("up to 300,000 cars per year at"),
            (300_000.0, "cars per year".into())
        );
        assert_eq!(
            one("up to 300 000 cars a year"),
            (300_000.0, "cars per year".into())
        );
        assert_eq!(
            one("about 300\u{a0}000 units annually."),
            (300_000.0, "units per year".into())
        );
        assert_eq!(
            one("some 1.5 million vehicles"),
            (1_500_000.0, "vehicles".into())
        );
        assert_eq!(
            one("до 1,5 млн автомобилей в год"),
            (1_500_000.0, "автомобилей в год".into())
        );
        assert_eq!(one("a share of 40% of the market"), (40.0, "%".into()));
        assert_eq!(one("margins of 12.5 percent"), (12.5, "%".into()));
        assert_eq!(one("it invested $2bn in"), (2e9, "USD".into()));
        assert_eq!(one("a €300m plant"), (3e8, "EUR".into()));
        assert_eq!(one("worth 15 billion rubles"), (15e9, "RUB".into()));
        assert_eq!(one("выпуск 120 тыс. машин"), (120_000.0, "машин".into()));
        assert_eq!(
            figures("roughly 190,000 units annually in its last months"),
            [(
                "190,000 units annually".to_string(),
                190_000.0,
                "units per year".to_string()
            )]
        );
    }

    #[test]
    fn years_days_and_names_are_not_figures() {
        for text in [
            "in 2022 the plant",
            "on 18 June 2022",
            "the J7 Liftback",
            "COVID-19 hit",
            "3 models",
            "June 18, it said",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        assert_eq!(one("in 2022, 250 cars left"), (250.0, "cars".into()));
    }

    #[test]
    fn statuses_from_wording() {
        assert_eq!(
            status("production of up to 300,000 cars per year"),
            Status::Target
        );
        assert_eq!(status("the company plans 40,000 units"), Status::Target);
        assert_eq!(
            status("which operated at roughly 190,000 units annually"),
            Status::Reported
        );
        assert_eq!(status("output of roughly 190,000 units"), Status::Estimate);
        assert_eq!(status("sales were estimated at 20,000"), Status::Estimate);
        assert_eq!(status("sales of 20,000 cars"), Status::Reported);
        assert_eq!(status("планирует выпускать до 100 тыс."), Status::Target);
        assert_eq!(
            status("в 2023 году выпуск составил около 1,5 млн машин"),
            Status::Estimate
        );
    }

    proptest::proptest! {
        #[test]
        fn detectors_never_panic_and_stay_on_char_boundaries(text in "[0-9 ,.%$€a-zA-ZİıКаМмлнтыс\u{a0}\u{202f}-]{0,40}") {
            for figure in find(&text) {
                proptest::prop_assert!(text.is_char_boundary(figure.start) && text.is_char_boundary(figure.end));
                proptest::prop_assert!(figure.start < figure.end);
            }
            for (at, _) in periods(&text) {
                proptest::prop_assert!(text.is_char_boundary(at));
            }
            let _ = status(&text);
        }
    }

    #[test]
    fn periods_from_years_and_dates() {
        let shown = |text: &str| -> Vec<String> {
            periods(text).into_iter().map(|(_, p)| p.iso()).collect()
        };
        assert_eq!(shown("In 2021 and on 18 June 2022"), ["2021", "2022-06-18"]);
        assert_eq!(
            shown("by March 2024, then 2023-05-01"),
            ["2024-03", "2023-05-01"]
        );
        assert_eq!(shown("300,000 and 1999 cars? 12345"), ["1999"]);
    }
}
