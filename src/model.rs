//! Small domain types shared by every stage: fact statuses, entity kinds,
//! ids and dates. They carry no behaviour beyond parsing and naming
//! themselves, so any stage may depend on this module.

use serde::{Deserialize, Serialize};

/// A hash map for keys from the site's own files (slugs, file names, output
/// paths): xxh3 rather than the standard SipHash, which is several times
/// slower on short keys, and watch mode looks up every article on each save.
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// A hash set, like [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`FastMap`]: each piece of a key is hashed at once with
/// one-shot xxh3, seeded with the hash so far. (xxhash-rust's streaming
/// hasher copies every key into a 256-byte buffer first; in profiles of a
/// watch rebuild at 10,000 articles that copy was the largest single cost.)
#[derive(Clone, Copy, Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    // `str` keys end with a 0xff byte: mixed in without another xxh3 call.
    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash of a list of numbers, for change detection: the numbers' bytes,
/// 32 numbers at a time, each block hashed with xxh3 seeded with the hash
/// of the blocks before. (The streaming `Xxh3` costs more to set up than a
/// key's few numbers; hashing each number on its own cost a key with many,
/// such as an article page's, a tenth of a watch rebuild at 10,000
/// articles.)
pub fn hash_numbers(parts: &[u64]) -> u64 {
    hash_iter(parts.iter().copied())
}

/// Like [`hash_numbers`], for numbers not collected into a slice.
pub fn hash_iter(parts: impl IntoIterator<Item = u64>) -> u64 {
    use xxhash_rust::xxh3::xxh3_64_with_seed;
    const BLOCK: usize = 32 * 8;
    let mut hash = 0x5bd1_e995;
    let mut block = [0u8; BLOCK];
    let mut filled = 0;
    for part in parts {
        block[filled..filled + 8].copy_from_slice(&part.to_le_bytes());
        filled += 8;
        if filled == BLOCK {
            hash = xxh3_64_with_seed(&block, hash);
            filled = 0;
        }
    }
    // xxh3 hashes the length too, so lists that differ only in trailing
    // zeros (or in where a block ends) still differ.
    xxh3_64_with_seed(&block[..filled], hash)
}

/// How certain a figure or statement is. Shown on every fact, claim and chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Reported,
    Target,
    Estimate,
    Speculative,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Target => "target",
            Status::Estimate => "estimate",
            Status::Speculative => "speculative",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Reported => "Reported",
            Status::Target => "Target",
            Status::Estimate => "Estimate",
            Status::Speculative => "Speculative",
        }
    }
}

/// What an entity is. The order here is the order of groups on listing pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Company,
    Person,
    Brand,
    Product,
    Plant,
    Agency,
    Event,
    Place,
    Media,
}

impl EntityKind {
    pub const ALL: [EntityKind; 9] = [
        EntityKind::Company,
        EntityKind::Person,
        EntityKind::Brand,
        EntityKind::Product,
        EntityKind::Plant,
        EntityKind::Agency,
        EntityKind::Event,
        EntityKind::Place,
        EntityKind::Media,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Company => "company",
            EntityKind::Person => "person",
            EntityKind::Brand => "brand",
            EntityKind::Product => "product",
            EntityKind::Plant => "plant",
            EntityKind::Agency => "agency",
            EntityKind::Event => "event",
            EntityKind::Place => "place",
            EntityKind::Media => "media",
        }
    }

    /// Singular display name, e.g. "Company".
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Company => "Company",
            EntityKind::Person => "Person",
            EntityKind::Brand => "Brand",
            EntityKind::Product => "Product",
            EntityKind::Plant => "Plant",
            EntityKind::Agency => "Agency",
            EntityKind::Event => "Event",
            EntityKind::Place => "Place",
            EntityKind::Media => "Media",
        }
    }

    /// Plural display name for group headings, e.g. "Companies".
    pub fn plural_label(self) -> &'static str {
        match self {
            EntityKind::Company => "Companies",
            EntityKind::Person => "People",
            EntityKind::Brand => "Brands",
            EntityKind::Product => "Products",
            EntityKind::Plant => "Plants",
            EntityKind::Agency => "Agencies",
            EntityKind::Event => "Events",
            EntityKind::Place => "Places",
            EntityKind::Media => "Media",
        }
    }
}

/// Whether `id` is a valid id or slug: `^[a-z0-9]+(-[a-z0-9]+)*$`.
/// This is also what keeps ids from escaping the output directory.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A calendar date or partial date as curators write periods: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Period {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date exists.
    pub fn parse(text: &str) -> Option<Period> {
        let mut parts = text.split('-');
        let year = parse_fixed(parts.next()?, 4)? as u16;
        let month = parts
            .next()
            .map(|m| parse_fixed(m, 2))
            .map_or(Some(None), |m| m.map(Some))?;
        let day = parts
            .next()
            .map(|d| parse_fixed(d, 2))
            .map_or(Some(None), |d| d.map(Some))?;
        if parts.next().is_some() || (day.is_some() && month.is_none()) {
            return None;
        }
        let month = month.map(|m| m as u8);
        let day = day.map(|d| d as u8);
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return None;
        }
        Some(Period { year, month, day })
    }

    /// A full date, as articles need.
    pub fn parse_date(text: &str) -> Option<Period> {
        Period::parse(text).filter(|p| p.day.is_some())
    }

    /// One number per period, in the order of periods (for hashing).
    pub fn number(&self) -> u64 {
        u64::from(self.year) << 16
            | u64::from(self.month.unwrap_or(0)) << 8
            | u64::from(self.day.unwrap_or(0))
    }

    /// `2022-06-18`, `2022-06` or `2022`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// `18 June 2022`, `June 2022` or `2022`.
    pub fn display(&self) -> String {
        use crate::text::calendar::MONTHS;
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{} {} {}", d, MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

/// A date or month written another common way (`12.05.2025`, `12-05-2025`,
/// `2025.05.12`, `2025/05/12`, `05.2025`), respelt as the `YYYY-MM-DD`
/// (or `YYYY-MM`) it unambiguously means, when that date exists: the help
/// of a date error. Day-first with `/` is a guess only when the day is
/// over 12 (`05/12/2025` may be American).
pub fn iso_spelling(text: &str) -> Option<String> {
    let text = text.trim();
    let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |part: &str| part.parse::<u32>().ok();
    let (year, rest): (&str, Vec<&str>) = if parts[0].len() == 4 {
        (parts[0], parts[1..].to_vec())
    } else if parts[parts.len() - 1].len() == 4 {
        let mut rest: Vec<&str> = parts[..parts.len() - 1].to_vec();
        rest.reverse();
        if separator == '/' && rest.len() == 2 && number(rest[1])? <= 12 {
            return None;
        }
        (parts[parts.len() - 1], rest)
    } else {
        return None;
    };
    if rest.iter().any(|p| p.len() > 2) {
        return None;
    }
    let mut iso = year.to_string();
    for part in rest {
        iso.push_str(&format!("-{:02}", number(part)?));
    }
    (iso != text && Period::parse(&iso).is_some()).then_some(iso)
}

fn parse_fixed(part: &str, width: usize) -> Option<u32> {
    (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An entity an article mentions (or includes), and how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub entity: usize,
    pub count: usize,
}

/// Fact `fact` of entity `entity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactRef {
    pub entity: usize,
    pub fact: usize,
}

/// A byte range `start..end` of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Bytes `start..end` of one of a document's runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunSpan {
    pub run: usize,
    pub start: usize,
    pub end: usize,
}

impl RunSpan {
    /// An empty span at byte `at` of `run`.
    pub fn empty(run: usize, at: usize) -> Self {
        RunSpan {
            run,
            start: at,
            end: at,
        }
    }
}

/// What `annotate` writes for a value the curator must give (`date: TODO`);
/// `check` reports it as not filled in.
pub const PLACEHOLDER: &str = "TODO";

/// Whether a value is the placeholder `annotate` leaves for the curator.
pub fn is_placeholder(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case(PLACEHOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_other_ways_are_respelt() {
        assert_eq!(iso_spelling("12.05.2025").as_deref(), Some("2025-05-12"));
        assert_eq!(iso_spelling("1.5.2025").as_deref(), Some("2025-05-01"));
        assert_eq!(iso_spelling("12-05-2025").as_deref(), Some("2025-05-12"));
        assert_eq!(iso_spelling("2025.05.12").as_deref(), Some("2025-05-12"));
        assert_eq!(iso_spelling("2025/5/12").as_deref(), Some("2025-05-12"));
        assert_eq!(iso_spelling("25/12/2025").as_deref(), Some("2025-12-25"));
        assert_eq!(iso_spelling("05.2025").as_deref(), Some("2025-05"));
        // Ambiguous, impossible or not a date: no guess.
        assert_eq!(iso_spelling("05/12/2025"), None);
        assert_eq!(iso_spelling("31.02.2025"), None);
        assert_eq!(iso_spelling("2025-05-12"), None);
        assert_eq!(iso_spelling("12.05.25"), None);
        assert_eq!(iso_spelling("June 2025"), None);
        assert_eq!(iso_spelling("1.2.3.2025"), None);
    }

    #[test]
    fn number_hashes_tell_lists_apart_across_blocks() {
        let long: Vec<u64> = (0..70).collect();
        let mut seen = std::collections::HashSet::new();
        for list in [
            &[][..],
            &[0],
            &[0, 0],
            &[1, 2],
            &[2, 1],
            &long[..32],
            &long[..33],
            &long[..64],
            &long[..],
        ] {
            assert!(seen.insert(hash_numbers(list)), "{list:?}");
            assert_eq!(hash_numbers(list), hash_iter(list.iter().copied()));
        }
    }

    #[test]
    fn ids_follow_the_spec_pattern() {
        for ok in ["kamaz", "sergey-kogogin", "a1-b2", "000"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "", "-a", "a-", "a--b", "A", "a b", "../x", "/etc", "a_b", "é",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn periods_parse_and_reject_impossible_dates() {
        assert_eq!(Period::parse("2022").unwrap().iso(), "2022");
        assert_eq!(Period::parse("2022-06").unwrap().display(), "June 2022");
        assert_eq!(
            Period::parse("2022-06-18").unwrap().display(),
            "18 June 2022"
        );
        assert_eq!(Period::parse("2024-02-29").unwrap().iso(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2022-13",
            "2022-00-10",
            "22-06-18",
            "2022-6-1",
            "2022-06-18-1",
            "x",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
        assert!(Period::parse_date("2022-06").is_none());
    }
}
