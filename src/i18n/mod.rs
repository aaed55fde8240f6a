//! The site's language in its pages: the built-in theme's words from a
//! translation table, and counts, numbers and dates written the language's
//! way (CLDR plural rules, digit grouping and decimal mark, long dates),
//! through ICU4X.
//!
//! English and Russian tables ship in the binary (`templates/i18n/en.yaml`,
//! `ru.yaml`); a site overrides keys of them, or adds a language, with a
//! file of the same name in its own `templates/i18n/` (loaded with the
//! templates). A key the language's table lacks falls back to English;
//! `resolve` warns about it, naming the key and the language.
//! This module does not choose the language of an article's text rules:
//! that is `text::Language`.

use std::collections::BTreeMap;

use fixed_decimal::Decimal;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_datetime::input::Date;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};
use serde::Deserialize;

use crate::model::Period;

/// The built-in tables, by primary language subtag.
pub const BUILTIN: [(&str, &str); 2] = [
    ("en", include_str!("../../templates/i18n/en.yaml")),
    ("ru", include_str!("../../templates/i18n/ru.yaml")),
];

/// One entry of a table: a text, or one text per CLDR plural category.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// A translation table: key → message.
pub type Table = BTreeMap<String, Message>;

/// The built-in table for `tag`'s primary subtag, if one ships.
pub fn builtin(tag: &str) -> Option<Table> {
    let primary = primary(tag);
    BUILTIN
        .iter()
        .find(|(lang, _)| *lang == primary)
        // The built-in tables are part of the program; a test parses each.
        .map(|(_, text)| serde_saphyr::from_str(text).expect("built-in translation table"))
}

/// The primary subtag of a BCP 47 tag, lowercased (`en-GB` → `en`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// A language's words and formats, built once per build.
pub struct Locale {
    tag: String,
    table: Table,
    english: Table,
    has_table: bool,
    plurals: PluralRules,
    decimal: DecimalFormatter,
    date: DateTimeFormatter<YMD>,
    month: DateTimeFormatter<YM>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale").field("tag", &self.tag).finish()
    }
}

impl Default for Locale {
    fn default() -> Locale {
        Locale::new("en", None)
    }
}

impl Locale {
    /// The locale of `tag`: the built-in table of its language with the
    /// site's `overrides` on top, English below both.
    pub fn new(tag: &str, overrides: Option<Table>) -> Locale {
        let english = builtin("en").unwrap_or_default();
        let builtin = builtin(tag);
        let has_table = builtin.is_some() || overrides.is_some();
        let mut table = builtin.unwrap_or_default();
        table.extend(overrides.unwrap_or_default());
        let icu = icu_locale(tag);
        let en = icu_locale("en");
        // Compiled data covers every CLDR locale and falls back to its
        // parent (and to the root locale), so only a locale the data cannot
        // serve at all gets English's formats.
        let plurals = PluralRules::try_new((&icu).into(), Default::default())
            .or_else(|_| PluralRules::try_new((&en).into(), Default::default()))
            .expect("English plural rules are compiled in");
        let decimal = DecimalFormatter::try_new((&icu).into(), Default::default())
            .or_else(|_| DecimalFormatter::try_new((&en).into(), Default::default()))
            .expect("English number formats are compiled in");
        let date = DateTimeFormatter::try_new((&icu).into(), YMD::long())
            .or_else(|_| DateTimeFormatter::try_new((&en).into(), YMD::long()))
            .expect("English date formats are compiled in");
        let month = DateTimeFormatter::try_new((&icu).into(), YM::long())
            .or_else(|_| DateTimeFormatter::try_new((&en).into(), YM::long()))
            .expect("English date formats are compiled in");
        Locale {
            tag: tag.to_string(),
            table,
            english,
            has_table,
            plurals,
            decimal,
            date,
            month,
        }
    }

    /// The site's language tag, as written in `site.yaml`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Whether any table (built-in or the site's) serves this language.
    pub fn has_table(&self) -> bool {
        self.has_table
    }

    /// Keys of the English table this language's table lacks, sorted (the
    /// pages show English for them).
    pub fn missing_keys(&self) -> Vec<&str> {
        self.english
            .keys()
            .filter(|key| !self.table.contains_key(*key))
            .map(String::as_str)
            .collect()
    }

    /// Keys of the language's table that English does not have (a typo, or a
    /// key no template asks for), sorted.
    pub fn unknown_keys(&self) -> Vec<&str> {
        self.table
            .keys()
            .filter(|key| !self.english.contains_key(*key))
            .map(String::as_str)
            .collect()
    }

    fn message(&self, key: &str) -> Option<&Message> {
        self.table.get(key).or_else(|| self.english.get(key))
    }

    /// The text of `key` with `{name}` replaced by each argument; with a
    /// `count`, the plural form the language's rules choose and `{count}`
    /// written as a number. `None` for a key no table has.
    pub fn text(&self, key: &str, count: Option<u64>, args: &[(&str, &str)]) -> Option<String> {
        let template = match (self.message(key)?, count) {
            (Message::Text(text), _) => text.as_str(),
            (Message::Plural(forms), count) => {
                let category =
                    count.map_or(PluralCategory::Other, |n| self.plurals.category_for(n));
                forms
                    .get(category_name(category))
                    .or_else(|| forms.get("other"))
                    .or_else(|| forms.values().next())?
            }
        };
        let count = count.map(|n| self.integer(n));
        Some(fill(template, count.as_deref(), args))
    }

    /// The text of one CLDR plural category of `key` as the table writes
    /// it, `{count}` and other arguments left for a reader to fill (the
    /// search box hands them to `search.js`, which counts in the browser);
    /// `Some("")` for a category the message lacks, and a plain text is its
    /// own `other`. `None` for a key no table has.
    pub fn plural_text(&self, key: &str, category: &str) -> Option<String> {
        Some(match self.message(key)? {
            Message::Text(text) if category == "other" => text.clone(),
            Message::Text(_) => String::new(),
            Message::Plural(forms) => forms.get(category).cloned().unwrap_or_default(),
        })
    }

    /// A text the generator itself shows (every such key is in the English
    /// table, which a test checks).
    pub fn word(&self, key: &str) -> String {
        self.text(key, None, &[]).unwrap_or_else(|| key.to_string())
    }

    /// A text with arguments, for the generator itself.
    pub fn phrase(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.text(key, None, args)
            .unwrap_or_else(|| key.to_string())
    }

    /// A whole number in the language's format (`300,000`; `300 000` with a
    /// no-break space in Russian).
    pub fn integer(&self, n: u64) -> String {
        self.decimal.format(&Decimal::from(n)).to_string()
    }

    /// A figure in the language's format: at most 12 significant digits,
    /// trailing zeros dropped (`1,234.5`; `1 234,5` in Russian).
    pub fn number(&self, value: f64) -> String {
        if value.is_nan() {
            return "NaN".to_string();
        }
        if value.is_infinite() {
            return if value > 0.0 { "∞" } else { "-∞" }.to_string();
        }
        let plain = plain_decimal(value);
        match plain.parse::<Decimal>() {
            Ok(decimal) => self.decimal.format(&decimal).to_string(),
            Err(_) => plain,
        }
    }

    /// The digit grouping and decimal mark of the language's numbers
    /// (`,` and `.`; a no-break space and `,` in Russian).
    pub fn number_marks(&self) -> (String, String) {
        let sample = self.number(1234567.5);
        let digits = |c: char| c.is_ascii_digit();
        let group = sample
            .split("234")
            .next()
            .and_then(|head| head.strip_prefix('1'))
            .filter(|g| !g.is_empty() && !g.contains(digits))
            .unwrap_or(",");
        let decimal = sample
            .rsplit("567")
            .next()
            .and_then(|tail| tail.strip_suffix('5'))
            .filter(|d| !d.is_empty() && !d.contains(digits))
            .unwrap_or(".");
        (group.to_string(), decimal.to_string())
    }

    /// A date or partial date: `18 June 2022` / `18 июня 2022 г.`,
    /// `June 2022` / `июнь 2022 г.`, or the year.
    pub fn period(&self, period: &Period) -> String {
        let day = period.day.unwrap_or(1);
        let Some(month) = period.month else {
            return period.year.to_string();
        };
        let Ok(date) = Date::try_new_iso(i32::from(period.year), month, day) else {
            return period.iso();
        };
        if period.day.is_some() {
            self.date.format(&date).to_string()
        } else {
            self.month.format(&date).to_string()
        }
    }

    /// The `og:locale` value: the tag with its region (`en_GB`), or the
    /// table's default for a bare language (`ru_RU`).
    pub fn og_locale(&self) -> String {
        match self.tag.split_once('-') {
            Some((lang, region)) if region.len() == 2 => {
                format!(
                    "{}_{}",
                    lang.to_ascii_lowercase(),
                    region.to_ascii_uppercase()
                )
            }
            _ => self.word("og_locale"),
        }
    }
}

/// The ICU locale whose formats a tag gets. A bare `en` writes dates day
/// first (`18 June 2022`), as the theme always has; `en-US` writes
/// `June 18, 2022`.
fn icu_locale(tag: &str) -> IcuLocale {
    let tag = if tag.eq_ignore_ascii_case("en") {
        "en-GB"
    } else {
        tag
    };
    IcuLocale::try_from_str(tag).unwrap_or(icu_locale_core::locale!("en-GB"))
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural categories a table may use.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `template` with `{count}` and each `{name}` replaced; other braces kept.
fn fill(template: &str, count: Option<&str>, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let argument = || args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let value = if name == "count" {
            count.or_else(argument)
        } else {
            argument()
        };
        match value {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `value` as a plain decimal (no grouping), at most 12 significant digits,
/// trailing zeros dropped: `1234.5`, `-0.25`.
pub(crate) fn plain_decimal(value: f64) -> String {
    let abs = value.abs();
    let int_digits = if abs >= 1.0 {
        abs.log10().floor() as i32 + 1
    } else {
        1
    };
    let decimals = (12 - int_digits).clamp(0, 12) as usize;
    let mut plain = format!("{:.*}", decimals, abs);
    if plain.contains('.') {
        while plain.ends_with('0') {
            plain.pop();
        }
        if plain.ends_with('.') {
            plain.pop();
        }
    }
    if value < 0.0 && plain.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        plain.insert(0, '-');
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plural_category_as_written_for_the_browser() {
        let ru = Locale::new("ru", None);
        assert_eq!(
            ru.plural_text("search_n_results", "few").as_deref(),
            Some("Найдено {count} результата.")
        );
        assert_eq!(
            ru.plural_text("search_n_results", "two").as_deref(),
            Some("")
        );
        let en = Locale::new("en", None);
        // A plain text is its own `other`, and has no other category.
        assert_eq!(
            en.plural_text("search_n_results_shown", "other").as_deref(),
            Some("{count} results; the first {shown} are shown.")
        );
        assert_eq!(
            en.plural_text("search_n_results_shown", "one").as_deref(),
            Some("")
        );
        assert_eq!(en.plural_text("no_such_key", "other"), None);
    }

    #[test]
    fn built_in_tables_parse_and_russian_has_every_english_key() {
        for (lang, _) in BUILTIN {
            let table = builtin(lang).expect("table");
            for (key, message) in &table {
                if let Message::Plural(forms) = message {
                    assert!(forms.contains_key("other"), "{lang}: {key} has no `other`");
                    for category in forms.keys() {
                        assert!(CATEGORIES.contains(&category.as_str()), "{lang}: {key}");
                    }
                }
            }
        }
        let ru = Locale::new("ru", None);
        assert!(ru.missing_keys().is_empty(), "{:?}", ru.missing_keys());
        assert!(ru.unknown_keys().is_empty(), "{:?}", ru.unknown_keys());
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let ru = Locale::new("ru", None);
        let mentions = |n| ru.text("n_mentions", Some(n), &[]).unwrap();
        assert_eq!(mentions(1), "1 упоминание");
        assert_eq!(mentions(2), "2 упоминания");
        assert_eq!(mentions(5), "5 упоминаний");
        assert_eq!(mentions(11), "11 упоминаний");
        assert_eq!(mentions(21), "21 упоминание");
        assert_eq!(mentions(0), "0 упоминаний");
        let en = Locale::new("en", None);
        assert_eq!(en.text("n_mentions", Some(1), &[]).unwrap(), "1 mention");
        assert_eq!(en.text("n_mentions", Some(0), &[]).unwrap(), "0 mentions");
        assert_eq!(
            en.text("n_mentions", Some(1234), &[]).unwrap(),
            "1,234 mentions"
        );
    }

    #[test]
    fn numbers_and_dates_in_each_language() {
        let ru = Locale::new("ru", None);
        let en = Locale::new("en", None);
        assert_eq!(ru.number(300000.0), "300\u{a0}000");
        assert_eq!(ru.number(1.5), "1,5");
        assert_eq!(ru.number(-1234.5), "-1\u{a0}234,5");
        assert_eq!(en.number(300000.0), "300,000");
        assert_eq!(en.number(0.1 + 0.2), "0.3");
        assert_eq!(en.number(-1234.5), "-1,234.5");
        let day = Period::parse("2022-06-18").unwrap();
        let month = Period::parse("2022-06").unwrap();
        let year = Period::parse("2022").unwrap();
        assert_eq!(ru.period(&day), "18 июня 2022\u{202f}г.");
        assert_eq!(en.period(&day), "18 June 2022");
        assert_eq!(Locale::new("en-US", None).period(&day), "June 18, 2022");
        assert_eq!(en.period(&month), "June 2022");
        assert_eq!(en.period(&year), "2022");
        assert_eq!(ru.og_locale(), "ru_RU");
        assert_eq!(Locale::new("en-GB", None).og_locale(), "en_GB");
    }

    #[test]
    fn missing_keys_fall_back_to_english_and_are_listed() {
        let mut table = Table::new();
        table.insert("nav_articles".into(), Message::Text("Artikel".into()));
        let de = Locale::new("de", Some(table));
        assert!(de.has_table());
        assert_eq!(de.word("nav_articles"), "Artikel");
        assert_eq!(de.word("nav_tags"), "Tags");
        assert!(de.missing_keys().contains(&"nav_tags"));
        assert!(!de.missing_keys().contains(&"nav_articles"));
        assert!(!Locale::new("de", None).has_table());
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("{a} of {count}", Some("3"), &[("a", "x")]), "x of 3");
        assert_eq!(fill("{b} {", None, &[]), "{b} {");
        // `{count}` as a plain argument where no plural form is chosen.
        assert_eq!(
            fill(
                "page {page} of {count}",
                None,
                &[("page", "2"), ("count", "3")]
            ),
            "page 2 of 3"
        );
        let ru = Locale::new("ru", None);
        assert_eq!(
            ru.phrase(
                "title_paged",
                &[("title", "Все статьи"), ("page", "2"), ("count", "3")]
            ),
            "Все статьи, страница 2 из 3"
        );
    }
}
