//! A synthetic briefing corpus for benchmarks and scale tests (issue 6).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles N --out DIR [--seed S] [--long-seeds] [--vocabulary V] [--hugo DIR2]
//! ```
//!
//! With `--vocabulary V`, half the words of the seeds' prose are drawn from
//! V made-up lower-case words (`kadimo`, `zeru`…) by Zipf's law (the word of
//! rank r with probability ∝ 1/r), as a real language's are: a search
//! index's size and cost depend on how many distinct words there are and
//! how often each occurs, which the ~350 filler words alone do not give.
//!
//! Seeds have 8–15 paragraphs (about 7 KB); with `--long-seeds`, 13–19
//! (8–12 KB, about 10 KB on average), the length of real briefing sources.
//!
//! Writes a complete site in the content format (docs/content-format.md) into
//! DIR (`content/`, `seeds/`)
//! plus `DIR/expected.json`: for every article the entities it mentions (with
//! how often) and its number of citations, and for every entity the number of
//! articles and mentions. With `--hugo DIR2` the same corpus is also written as
//! a Hugo site (entities as the taxonomy `entities`, citations as Markdown
//! footnotes) so both generators can be timed on the same work.
//!
//! The output is a pure function of N and the seed. Mentions are exact by
//! construction: every entity name starts with an upper-case letter and is made
//! of words that never occur in the (lower-case) filler vocabulary, mentions
//! are never adjacent, and the word after a mention is never capitalised, so
//! the case-sensitive, whole-word, longest-match-first detection of
//! docs/content-format.md §11
//! finds exactly the mentions this generator placed.
//!
//! `tests/it/corpus.rs` includes this file as a module (`#[path]`) and calls
//! [`generate`], so everything here must also compile as a plain module.

#![allow(dead_code)] // `main` and some fields are unused when included by the tests

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub articles: usize,
    pub seed: u64,
    /// Seeds of 8–12 KB instead of about 7 KB (more paragraphs; everything
    /// else drawn the same way).
    pub long_seeds: bool,
    /// Distinct made-up words mixed into the prose by Zipf's law (0: none,
    /// the filler words only).
    pub vocabulary: usize,
}

/// The words of the seeds' prose: the filler words, and with a vocabulary,
/// half the time a made-up word drawn by Zipf's law.
pub struct Words {
    /// Cumulative weights of the vocabulary's ranks (empty: none).
    cumulative: Vec<f64>,
}

impl Words {
    pub fn new(vocabulary: usize) -> Words {
        let mut total = 0.0;
        let cumulative = (1..=vocabulary)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Words { cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> String {
        if self.cumulative.is_empty() || rng.chance(0.5) {
            return rng.pick(FILLER).to_string();
        }
        let total = self.cumulative[self.cumulative.len() - 1];
        let at = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        made_up_word(self.cumulative.partition_point(|&c| c < at))
    }
}

/// The made-up word of a rank: its digits in base 70 as consonant-vowel
/// syllables, at least two (so every rank has its own word, none of them a
/// filler or name word).
fn made_up_word(rank: usize) -> String {
    const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut word = String::new();
    let mut n = rank;
    loop {
        let syllable = n % 70;
        word.push(CONSONANTS[syllable / 5] as char);
        word.push(VOWELS[syllable % 5] as char);
        n /= 70;
        if n == 0 && word.len() >= 4 {
            return word;
        }
    }
}

/// What the generator wrote into one article.
#[derive(Clone, Debug)]
pub struct ExpectedArticle {
    pub slug: String,
    pub seed_file: String,
    /// Entity id → number of mentions in the article.
    pub entities: BTreeMap<String, usize>,
    /// Number of `[Citation: …]` markers (footnote references).
    pub citations: usize,
    /// Number of distinct sources cited (footnotes).
    pub sources: usize,
    pub claims: usize,
}

/// What the generator wrote about one entity.
#[derive(Clone, Debug)]
pub struct ExpectedEntity {
    pub id: String,
    pub name: String,
    /// Number of articles mentioning the entity.
    pub articles: usize,
    /// Number of mentions over all articles.
    pub mentions: usize,
    pub facts: usize,
}

/// Everything the corpus contains that a correct build must show.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    pub articles: Vec<ExpectedArticle>,
    pub entities: Vec<ExpectedEntity>,
    pub sources: usize,
}

impl Expected {
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n  \"articles\": {");
        for (i, a) in self.articles.iter().enumerate() {
            let sep = if i == 0 { "\n" } else { ",\n" };
            let _ = write!(
                out,
                "{sep}    {}: {{\"seed\": {}, \"citations\": {}, \"sources\": {}, \"claims\": {}, \"entities\": {{",
                json_str(&a.slug),
                json_str(&a.seed_file),
                a.citations,
                a.sources,
                a.claims
            );
            for (j, (id, n)) in a.entities.iter().enumerate() {
                let sep = if j == 0 { "" } else { ", " };
                let _ = write!(out, "{sep}{}: {n}", json_str(id));
            }
            out.push_str("}}");
        }
        out.push_str("\n  },\n  \"entities\": {");
        for (i, e) in self.entities.iter().enumerate() {
            let sep = if i == 0 { "\n" } else { ",\n" };
            let _ = write!(
                out,
                "{sep}    {}: {{\"name\": {}, \"articles\": {}, \"mentions\": {}, \"facts\": {}}}",
                json_str(&e.id),
                json_str(&e.name),
                e.articles,
                e.mentions,
                e.facts
            );
        }
        let _ = write!(out, "\n  }},\n  \"sources\": {}\n}}\n", self.sources);
        out
    }
}

// ---------------------------------------------------------------------------
// Randomness: xorshift64*, seeded through splitmix64. No crate needed.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary.

/// Filler words: all lower case, none of them a name word.
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "at",
    "by",
    "from",
    "and",
    "or",
    "but",
    "as",
    "that",
    "which",
    "while",
    "after",
    "before",
    "under",
    "over",
    "about",
    "into",
    "its",
    "their",
    "this",
    "these",
    "those",
    "is",
    "was",
    "were",
    "has",
    "had",
    "will",
    "would",
    "could",
    "may",
    "might",
    "should",
    "said",
    "says",
    "told",
    "added",
    "noted",
    "expects",
    "plans",
    "reported",
    "confirmed",
    "denied",
    "announced",
    "estimated",
    "output",
    "production",
    "capacity",
    "site",
    "factory",
    "line",
    "lines",
    "assembly",
    "cars",
    "trucks",
    "vehicles",
    "models",
    "engines",
    "parts",
    "components",
    "suppliers",
    "supplier",
    "partner",
    "partners",
    "market",
    "markets",
    "demand",
    "sales",
    "prices",
    "costs",
    "revenue",
    "profit",
    "loss",
    "investment",
    "funding",
    "loan",
    "subsidy",
    "budget",
    "regulator",
    "officials",
    "analysts",
    "observers",
    "workers",
    "staff",
    "union",
    "contract",
    "agreement",
    "deal",
    "talks",
    "negotiations",
    "license",
    "licence",
    "technology",
    "platform",
    "battery",
    "batteries",
    "electric",
    "hybrid",
    "petrol",
    "diesel",
    "chassis",
    "body",
    "paint",
    "shop",
    "welding",
    "logistics",
    "imports",
    "exports",
    "tariffs",
    "duties",
    "localisation",
    "share",
    "stake",
    "joint",
    "venture",
    "company",
    "consortium",
    "brand",
    "region",
    "city",
    "port",
    "rail",
    "road",
    "year",
    "years",
    "quarter",
    "month",
    "months",
    "week",
    "weeks",
    "season",
    "first",
    "second",
    "third",
    "new",
    "old",
    "former",
    "current",
    "next",
    "last",
    "early",
    "late",
    "full",
    "partial",
    "limited",
    "pilot",
    "serial",
    "mass",
    "small",
    "large",
    "major",
    "minor",
    "key",
    "local",
    "foreign",
    "domestic",
    "regional",
    "national",
    "state",
    "private",
    "public",
    "higher",
    "lower",
    "stable",
    "uncertain",
    "steady",
    "rapid",
    "slow",
    "gradual",
    "modest",
    "strong",
    "weak",
    "up",
    "down",
    "around",
    "roughly",
    "nearly",
    "almost",
    "only",
    "also",
    "still",
    "already",
    "again",
    "further",
    "more",
    "less",
    "most",
    "least",
    "some",
    "many",
    "several",
    "few",
    "each",
    "every",
    "both",
    "other",
    "another",
    "such",
    "same",
    "plan",
    "target",
    "goal",
    "forecast",
    "schedule",
    "timeline",
    "delay",
    "restart",
    "revival",
    "launch",
    "shift",
    "shifts",
    "volume",
    "volumes",
    "units",
    "per",
    "annually",
    "monthly",
    "ready",
    "likely",
    "unlikely",
    "possible",
    "expected",
    "planned",
    "proposed",
    "agreed",
    "signed",
    "pending",
    "audit",
    "approval",
    "permit",
    "inspection",
    "standards",
    "quality",
    "design",
    "engineering",
    "tooling",
    "equipment",
    "machinery",
    "robots",
    "software",
    "dealers",
    "dealer",
    "network",
    "service",
    "warranty",
    "customers",
    "buyers",
    "fleet",
    "orders",
    "backlog",
    "inventory",
    "stock",
    "copper",
    "aluminium",
    "glass",
    "tyres",
    "electronics",
    "chips",
    "semiconductors",
    "sensors",
    "cabin",
    "cab",
    "medium",
    "heavy",
    "light",
    "duty",
    "commercial",
    "passenger",
    "crossover",
    "sedan",
    "liftback",
    "hatchback",
];

/// Words that may be appended to a filler word's position and need escaping.
const SPECIAL: &[&str] = &[
    "<b>",
    "r&d",
    "a&b",
    "*draft*",
    "snake_case",
    "#2",
    "`code`",
    "5<7",
    "&amp;",
    "**",
    "_note_",
    "##",
    "x>y",
    "<script>",
    "&",
    "#",
    "`",
];

const LATIN: &[&str] = &[
    "vol", "kar", "bre", "nox", "tal", "mir", "zen", "dor", "lak", "ser", "vin", "tor", "gal",
    "ruk", "pel", "sam", "ori", "ven", "kos", "tan", "bel", "mor", "dax", "lin", "fer", "gor",
    "hal", "jun", "kel", "nav", "pra", "qui", "rov", "sil", "tev", "ulm", "var", "wex", "yar",
    "zol",
];

const CYRILLIC: &[(&str, &str)] = &[
    ("мо", "mo"),
    ("ск", "sk"),
    ("ва", "va"),
    ("ли", "li"),
    ("тор", "tor"),
    ("зав", "zav"),
    ("ка", "ka"),
    ("рен", "ren"),
    ("бур", "bur"),
    ("ни", "ni"),
    ("го", "go"),
    ("дар", "dar"),
    ("вич", "vich"),
    ("сель", "sel"),
];

const ACCENTED: &[(&str, &str)] = &[
    ("šar", "sar"),
    ("vé", "ve"),
    ("kön", "kon"),
    ("çel", "cel"),
    ("mañ", "man"),
    ("zé", "ze"),
    ("dö", "do"),
    ("lå", "la"),
    ("ší", "si"),
    ("ró", "ro"),
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Galina",
    "Jonas",
    "Kira",
    "Leon",
    "Marta",
    "Nikolai",
    "Olga",
    "Pavel",
    "Rosa",
    "Sergei",
    "Tamara",
    "Viktor",
    "Ольга",
    "Андрей",
    "José",
    "Zoë",
    "Łukasz",
    "Ingrid",
];

/// Fixed words used in names; never a name by themselves.
const NAME_WORDS: &[&str] = &[
    "Motors",
    "Group",
    "Holding",
    "Industries",
    "Steel",
    "Energy",
    "Plant",
    "Works",
    "Federal",
    "Agency",
    "Forum",
    "Summit",
    "Daily",
    "Times",
    "Oblast",
    "Auto",
    "Motor",
    "Show",
    "Wire",
    "Gazette",
    "Press",
    "Review",
    "Ministry",
    "Renault",
    "Société",
    "Škoda",
    "Москвич",
    "Moskvich",
    "Нижний",
    "Новгород",
    "Nizhny",
    "Novgorod",
    "Zürich",
];

const KINDS: &[&str] = &[
    "company", "person", "brand", "plant", "agency", "product", "event", "place", "media",
];

const TAGS: &[&str] = &[
    "cars",
    "trucks",
    "electrification",
    "supply-chain",
    "policy",
    "investment",
    "labour",
    "exports",
    "russia",
    "china",
    "europe",
    "batteries",
    "plants",
    "forecasts",
];

const STATUSES: &[&str] = &["reported", "target", "estimate", "speculative"];

// ---------------------------------------------------------------------------
// Names.

struct Names {
    /// Lower-cased base words handed out, plus the fixed name words and first names.
    bases: HashSet<String>,
    /// Lower-cased full names and aliases already taken.
    taken: HashSet<String>,
    filler: HashSet<&'static str>,
}

impl Names {
    fn new() -> Self {
        let mut bases = HashSet::new();
        for w in NAME_WORDS.iter().chain(FIRST_NAMES) {
            bases.insert(w.to_lowercase());
        }
        let filler: HashSet<&'static str> = FILLER.iter().copied().collect();
        for w in NAME_WORDS.iter().chain(FIRST_NAMES) {
            assert!(
                !filler.contains(w.to_lowercase().as_str()),
                "name word {w} is also a filler word"
            );
        }
        Names {
            bases,
            taken: HashSet::new(),
            filler,
        }
    }

    /// A fresh capitalised word (display, ascii), never seen before.
    fn base(&mut self, rng: &mut Rng) -> (String, String) {
        loop {
            let syllables = rng.range(2, 3);
            let style = rng.below(10);
            let (mut display, mut ascii) = (String::new(), String::new());
            for _ in 0..syllables {
                let (d, a) = match style {
                    0 | 1 => *rng.pick(CYRILLIC),
                    2 if rng.chance(0.5) => *rng.pick(ACCENTED),
                    _ => {
                        let s = *rng.pick(LATIN);
                        (s, s)
                    }
                };
                display.push_str(d);
                ascii.push_str(a);
            }
            let display = capitalise(&display);
            let lower = display.to_lowercase();
            if self.filler.contains(lower.as_str())
                || self.taken.contains(&lower)
                || !self.bases.insert(lower)
            {
                continue;
            }
            return (display, ascii);
        }
    }

    /// Reserves a full name or alias; false if it is taken (case-insensitively).
    fn claim(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_lowercase())
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn slugify(words: &str) -> String {
    let mut out = String::new();
    for c in words.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn unique_id(id: String, ids: &mut HashSet<String>) -> String {
    if ids.insert(id.clone()) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| ids.insert(candidate.clone()))
        .unwrap()
}

// ---------------------------------------------------------------------------
// The model.

struct Entity {
    id: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    role: Option<String>,
    summary: Option<String>,
}

impl Entity {
    fn surfaces(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name).chain(&self.aliases)
    }
}

struct Source {
    id: String,
    name: String,
    aliases: Vec<String>,
    kind: &'static str,
}

/// One token of a sentence.
enum Tok {
    Word(String),
    Special(&'static str),
    Mention {
        entity: usize,
        surface: String,
        possessive: bool,
    },
}

#[derive(Default)]
struct Sentence {
    toks: Vec<Tok>,
    /// Citations after the sentence's full stop: (source index, marker name).
    cites: Vec<(usize, String)>,
}

enum Block {
    Paragraph(Vec<Sentence>),
    List(Vec<Sentence>),
}

/// What later stages (facts) need to know about an article.
struct ArticleInfo {
    slug: String,
    quotables: Vec<String>,
}

fn sentence(rng: &mut Rng, vocabulary: &Words, words: usize) -> Sentence {
    let mut toks = Vec::with_capacity(words + 2);
    for i in 0..words {
        if i > 0 && rng.chance(0.012) {
            toks.push(Tok::Special(SPECIAL[rng.below(SPECIAL.len())]));
        } else {
            toks.push(Tok::Word(vocabulary.pick(rng)));
        }
    }
    if let Some(Tok::Word(first)) = toks.first_mut() {
        *first = capitalise(first);
    }
    Sentence {
        toks,
        cites: Vec::new(),
    }
}

fn paragraph(rng: &mut Rng, vocabulary: &Words) -> Vec<Sentence> {
    let target = rng.range(60, 110);
    let mut sentences = Vec::new();
    let mut remaining = target;
    while remaining > 0 {
        let mut len = rng.range(8, 18).min(remaining);
        if remaining - len < 5 {
            len = remaining;
        }
        sentences.push(sentence(rng, vocabulary, len));
        remaining -= len;
    }
    sentences
}

/// Inserts a mention into one of `sentences`, never next to another mention.
fn insert_mention(rng: &mut Rng, sentences: &mut [Sentence], entity: usize, surface: &str) -> bool {
    for _ in 0..50 {
        let s = &mut sentences[rng.below(sentences.len())];
        let pos = rng.below(s.toks.len() + 1);
        let is_mention = |t: Option<&Tok>| matches!(t, Some(Tok::Mention { .. }));
        if is_mention(pos.checked_sub(1).and_then(|p| s.toks.get(p))) || is_mention(s.toks.get(pos))
        {
            continue;
        }
        if pos == 0 {
            // The old first word is no longer first: it goes back to lower case.
            if let Some(Tok::Word(w)) = s.toks.first_mut() {
                *w = w.to_lowercase();
            }
        }
        let possessive = pos < s.toks.len() && rng.chance(0.15);
        s.toks.insert(
            pos,
            Tok::Mention {
                entity,
                surface: surface.to_string(),
                possessive,
            },
        );
        return true;
    }
    false
}

/// Up to `n` quotable fragments: 5–9 consecutive plain words of one sentence.
fn quotables(rng: &mut Rng, blocks: &[Block], n: usize) -> Vec<String> {
    let paragraphs: Vec<&Vec<Sentence>> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(s) => Some(s),
            Block::List(_) => None,
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for _ in 0..n * 20 {
        if out.len() == n {
            break;
        }
        let sentences = paragraphs[rng.below(paragraphs.len())];
        let s = &sentences[rng.below(sentences.len())];
        let len = rng.range(5, 9);
        if s.toks.len() < len + 1 {
            continue;
        }
        let start = rng.below(s.toks.len() - len + 1);
        let words: Option<Vec<&str>> = s.toks[start..start + len]
            .iter()
            .map(|t| match t {
                Tok::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        if let Some(words) = words {
            let quote = words.join(" ");
            if !out.contains(&quote) {
                out.push(quote);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Rendering a block as seed text and as Hugo Markdown.

fn seed_sentence(out: &mut String, s: &Sentence) {
    for (i, t) in s.toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match t {
            Tok::Word(w) => out.push_str(w),
            Tok::Special(w) => out.push_str(w),
            Tok::Mention {
                surface,
                possessive,
                ..
            } => {
                out.push_str(surface);
                if *possessive {
                    out.push_str("’s");
                }
            }
        }
    }
    out.push('.');
    for (_, marker) in &s.cites {
        let _ = write!(out, " [Citation: {marker}]");
    }
}

fn md_escape(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '#' | '<' | '>' | '&' | '[' | ']' | '!' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

struct HugoState<'a> {
    entities: &'a [Entity],
    linked: HashSet<usize>,
    /// Source index → footnote number, by first citation.
    notes: Vec<usize>,
}

impl HugoState<'_> {
    fn sentence(&mut self, out: &mut String, s: &Sentence) {
        for (i, t) in s.toks.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match t {
                Tok::Word(w) => md_escape(out, w),
                Tok::Special(w) => md_escape(out, w),
                Tok::Mention {
                    entity,
                    surface,
                    possessive,
                } => {
                    if self.linked.insert(*entity) {
                        let _ =
                            write!(out, "[{surface}](/entities/{}/)", self.entities[*entity].id);
                    } else {
                        out.push_str(surface);
                    }
                    if *possessive {
                        out.push_str("’s");
                    }
                }
            }
        }
        out.push('.');
        for (source, _) in &s.cites {
            let number = match self.notes.iter().position(|s| s == source) {
                Some(i) => i + 1,
                None => {
                    self.notes.push(*source);
                    self.notes.len()
                }
            };
            let _ = write!(out, "[^{number}]");
        }
    }
}

// ---------------------------------------------------------------------------
// YAML helpers.

fn yq(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `YYYY-MM-DD` of a day count since 1970-01-01.
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// Generation.

fn make_entities(rng: &mut Rng, names: &mut Names, count: usize) -> Vec<Entity> {
    let mut ids = HashSet::new();
    let mut entities = Vec::with_capacity(count);
    let showcase: [(&str, &str, &'static str, &[&str]); 5] = [
        ("moskvich", "Москвич", "brand", &["Moskvich"]),
        ("skoda", "Škoda", "brand", &["Škoda Auto"]),
        (
            "renault-societe",
            "Renault Société",
            "company",
            &["Société Renault"],
        ),
        (
            "nizhny-novgorod",
            "Нижний Новгород",
            "place",
            &["Nizhny Novgorod"],
        ),
        ("zurich-motor-show", "Zürich Motor Show", "event", &[]),
    ];
    for (id, name, kind, aliases) in showcase.iter().take(count) {
        ids.insert(id.to_string());
        // Their words are reserved in NAME_WORDS, so no generated name reuses them.
        names.claim(name);
        for a in aliases.iter() {
            names.claim(a);
        }
        entities.push(Entity {
            id: id.to_string(),
            name: name.to_string(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: None,
            summary: Some(format!(
                "A showcase {kind} with a non-ASCII name, *for* testing `escaping` & links."
            )),
        });
    }
    while entities.len() < count {
        let kind = KINDS[entities.len() % KINDS.len()];
        let (base, ascii) = names.base(rng);
        let (name, mut aliases, id_words) = match kind {
            "company" => {
                let suffix = *rng.pick(&[
                    "Motors",
                    "Group",
                    "Holding",
                    "Industries",
                    "Steel",
                    "Energy",
                ]);
                (
                    format!("{base} {suffix}"),
                    vec![base.clone()],
                    format!("{ascii} {suffix}"),
                )
            }
            "person" => {
                let first = *rng.pick(FIRST_NAMES);
                (
                    format!("{first} {base}"),
                    vec![base.clone()],
                    format!("{} {ascii}", slugify(first)),
                )
            }
            "brand" => (base.clone(), Vec::new(), ascii.clone()),
            "plant" => (
                format!("{base} Plant"),
                vec![format!("{base} Works")],
                format!("{ascii} plant"),
            ),
            "agency" => (
                format!("Federal {base} Agency"),
                vec![base.to_uppercase()],
                format!("{ascii} agency"),
            ),
            "product" => (
                format!(
                    "{base} {}{}",
                    (b'A' + rng.below(26) as u8) as char,
                    rng.range(1, 9)
                ),
                Vec::new(),
                ascii.clone(),
            ),
            "event" => (
                format!("{base} Forum"),
                vec![format!("{base} Summit")],
                format!("{ascii} forum"),
            ),
            "place" => (base.clone(), vec![format!("{base} Oblast")], ascii.clone()),
            _ => (
                format!("{base} Daily"),
                vec![format!("{base} Times")],
                format!("{ascii} daily"),
            ),
        };
        if !names.claim(&name) {
            continue;
        }
        aliases.retain(|a| names.claim(a));
        let id = unique_id(slugify(&id_words), &mut ids);
        let summary = rng.chance(0.6).then(|| {
            let mut s = String::new();
            let len = rng.range(10, 20);
            let mut sent = sentence(rng, &Words::new(0), len);
            sent.toks.push(Tok::Special("*estimated*"));
            seed_sentence(&mut s, &sent);
            s
        });
        entities.push(Entity {
            id,
            name,
            kind,
            aliases,
            role: None,
            summary,
        });
    }
    // Roles for people: "Chief executive of <company>".
    let companies: Vec<String> = entities
        .iter()
        .filter(|e| e.kind == "company")
        .map(|e| e.name.clone())
        .collect();
    for e in entities.iter_mut().filter(|e| e.kind == "person") {
        if !companies.is_empty() && rng.chance(0.7) {
            e.role = Some(format!("Chief executive of {}", rng.pick(&companies)));
        }
    }
    entities
}

fn make_sources(rng: &mut Rng, names: &mut Names) -> Vec<Source> {
    let mut ids = HashSet::new();
    let mut sources = Vec::with_capacity(30);
    let kinds = [
        "news agency",
        "ministry",
        "newspaper",
        "company statement",
        "video platform",
    ];
    while sources.len() < 30 {
        let (base, ascii) = names.base(rng);
        let i = sources.len();
        let suffix = ["Wire", "Gazette", "Press", "Review", "Ministry"][i % 5];
        let name = format!("{base} {suffix}");
        if !names.claim(&name) {
            continue;
        }
        let mut aliases = vec![base.to_uppercase()];
        if i % 3 == 0 {
            aliases.push(format!("{base} {suffix} Service"));
        }
        aliases.retain(|a| names.claim(a));
        sources.push(Source {
            id: unique_id(slugify(&format!("{ascii} {suffix}")), &mut ids),
            name,
            aliases,
            kind: kinds[i % kinds.len()],
        });
    }
    sources
}

/// A weighted pick of entities: rank r has weight 1/sqrt(r+1).
struct Popularity(Vec<f64>);

impl Popularity {
    fn new(n: usize) -> Self {
        let mut acc = 0.0;
        Popularity(
            (0..n)
                .map(|r| {
                    acc += 1.0 / ((r + 1) as f64).sqrt();
                    acc
                })
                .collect(),
        )
    }
    fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().unwrap();
        let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// Writes the corpus into `out` (and the Hugo twin into `hugo`), returning
/// what was written. `out` (and `hugo`) must be empty or absent.
pub fn generate(options: &Options, out: &Path, hugo: Option<&Path>) -> io::Result<Expected> {
    let n = options.articles;
    let mut rng = Rng::new(options.seed);
    let mut names = Names::new();
    let entities = make_entities(&mut rng, &mut names, (n / 20).max(50));
    let sources = make_sources(&mut rng, &mut names);
    let popularity = Popularity::new(entities.len());
    let entity_index: std::collections::HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    // Popular entities are spread over the kinds, not the first few.
    let mut rank_to_entity: Vec<usize> = (0..entities.len()).collect();
    for i in (1..rank_to_entity.len()).rev() {
        let j = rng.below(i + 1);
        rank_to_entity.swap(i, j);
    }

    for dir in [
        "content/entities",
        "content/articles",
        "content/pages",
        "seeds",
    ] {
        fs::create_dir_all(out.join(dir))?;
    }
    if let Some(h) = hugo {
        for dir in ["content/articles", "content/entities", "layouts/_default"] {
            fs::create_dir_all(h.join(dir))?;
        }
    }

    let title = format!("Synthetic Industry Briefing ({n} articles)");
    fs::write(
        out.join("content/site.yaml"),
        format!(
            "title: {}\ndescription: A generated briefing for benchmarks; seed {}.\nbase_url: https://bench.example.org/\nlanguage: en\nauthor: Benchmark Desk\n",
            yq(&title),
            options.seed
        ),
    )?;
    fs::write(
        out.join("content/pages/about.md"),
        "---\ntitle: About this briefing\ndescription: How this synthetic corpus was made.\n---\n\nGenerated by `examples/gen_corpus.rs` for benchmarks & tests.\n",
    )?;
    let mut yaml = String::new();
    for s in &sources {
        let _ = writeln!(yaml, "{}:\n  name: {}", s.id, yq(&s.name));
        if !s.aliases.is_empty() {
            yaml.push_str("  aliases:\n");
            for a in &s.aliases {
                let _ = writeln!(yaml, "    - {}", yq(a));
            }
        }
        let _ = writeln!(
            yaml,
            "  url: https://{}.example.com/\n  kind: {}",
            s.id, s.kind
        );
    }
    fs::write(out.join("content/sources.yaml"), yaml)?;

    let mut expected = Expected {
        sources: sources.len(),
        ..Expected::default()
    };
    let vocabulary = Words::new(options.vocabulary);
    let mut infos: Vec<ArticleInfo> = Vec::with_capacity(n);
    let mut mentioned_by: Vec<Vec<usize>> = vec![Vec::new(); entities.len()];
    let start_day = 19_358; // 2023-01-01
    for index in 0..n {
        let a = article(
            &mut rng,
            options.long_seeds,
            &vocabulary,
            &entities,
            &sources,
            &popularity,
            &rank_to_entity,
        );
        let day = start_day + rng.below(730) as i64;
        let date = date(day);
        let len = rng.range(5, 9);
        let mut title = String::new();
        seed_sentence(&mut title, &sentence(&mut rng, &vocabulary, len));
        let title = title
            .split(' ')
            .map(|w| w.replace(|c: char| !c.is_alphanumeric(), ""))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let slug = format!("{}-{index:05}", slugify(&title));
        let seed_file = format!("{index:05}_{:016x}.txt", rng.next_u64());
        let len = rng.range(12, 24);
        let mut summary = String::new();
        seed_sentence(&mut summary, &sentence(&mut rng, &vocabulary, len));
        let tags: Vec<&str> = (0..rng.range(2, 4)).map(|_| *rng.pick(TAGS)).collect();
        let mut tags_dedup: Vec<&str> = Vec::new();
        for t in tags {
            if !tags_dedup.contains(&t) {
                tags_dedup.push(t);
            }
        }
        let quotes = quotables(&mut rng, &a.blocks, 4);

        // Seed text.
        let mut seed = String::new();
        for block in &a.blocks {
            match block {
                Block::Paragraph(sentences) => {
                    for (i, s) in sentences.iter().enumerate() {
                        if i > 0 {
                            seed.push(' ');
                        }
                        seed_sentence(&mut seed, s);
                    }
                    seed.push('\n');
                }
                Block::List(items) => {
                    for s in items {
                        seed.push_str("- ");
                        seed_sentence(&mut seed, s);
                        seed.push('\n');
                    }
                }
            }
        }
        fs::write(out.join("seeds").join(&seed_file), &seed)?;

        // Annotation.
        let mut ann = format!(
            "seed: {seed_file}\ntitle: {}\ndate: {date}\nsummary: {}\ntags:\n",
            yq(&title),
            yq(&summary)
        );
        for t in &tags_dedup {
            let _ = writeln!(ann, "  - {t}");
        }
        let mut claims = 0;
        if rng.chance(0.3) && !quotes.is_empty() {
            ann.push_str("claims:\n");
            let mentioned: Vec<&String> = a.entities.keys().collect();
            for q in quotes.iter().take(rng.range(1, 2)) {
                claims += 1;
                let _ = writeln!(
                    ann,
                    "  - quote: {}\n    status: {}\n    note: {}\n    entities: [{}]",
                    yq(q),
                    rng.pick(STATUSES),
                    yq("Generated claim; the note is plain text & stays escaped <here>."),
                    rng.pick(&mentioned)
                );
            }
        }
        fs::write(
            out.join("content/articles").join(format!("{slug}.yaml")),
            ann,
        )?;

        // Hugo twin.
        if let Some(h) = hugo {
            let mut md = format!(
                "---\ntitle: {}\ndate: {date}\nsummary: {}\ntags: [{}]\nentities: [{}]\n---\n\n",
                yq(&title),
                yq(&summary),
                tags_dedup.join(", "),
                a.entities.keys().cloned().collect::<Vec<_>>().join(", ")
            );
            let mut state = HugoState {
                entities: &entities,
                linked: HashSet::new(),
                notes: Vec::new(),
            };
            for block in &a.blocks {
                match block {
                    Block::Paragraph(sentences) => {
                        for (i, s) in sentences.iter().enumerate() {
                            if i > 0 {
                                md.push(' ');
                            }
                            state.sentence(&mut md, s);
                        }
                        md.push_str("\n\n");
                    }
                    Block::List(items) => {
                        for s in items {
                            md.push_str("- ");
                            state.sentence(&mut md, s);
                            md.push('\n');
                        }
                        md.push('\n');
                    }
                }
            }
            for (i, source) in state.notes.iter().enumerate() {
                let _ = writeln!(md, "[^{}]: {}", i + 1, sources[*source].name);
            }
            fs::write(h.join("content/articles").join(format!("{slug}.md")), md)?;
        }

        for id in a.entities.keys() {
            mentioned_by[entity_index[id.as_str()]].push(index);
        }
        expected.articles.push(ExpectedArticle {
            slug: slug.clone(),
            seed_file,
            entities: a.entities,
            citations: a.citations,
            sources: a.sources,
            claims,
        });
        infos.push(ArticleInfo {
            slug,
            quotables: quotes,
        });
    }

    // Every plant gets capacity figures (`capacity_series`): compare them on the front page.
    if entities.iter().any(|e| e.kind == "plant") {
        let path = out.join("content/site.yaml");
        let mut site = fs::read_to_string(&path)?;
        site.push_str("charts:\n  - title: Capacity by plant\n    compare: capacity\n");
        fs::write(path, site)?;
    }

    // Entities, now that articles exist for their facts.
    for (e_index, e) in entities.iter().enumerate() {
        let mut y = format!("name: {}\nkind: {}\n", yq(&e.name), e.kind);
        if !e.aliases.is_empty() {
            y.push_str("aliases:\n");
            for a in &e.aliases {
                let _ = writeln!(y, "  - {}", yq(a));
            }
        }
        if let Some(role) = &e.role {
            let _ = writeln!(y, "role: {}", yq(role));
        }
        if let Some(summary) = &e.summary {
            let _ = writeln!(y, "summary: {}", yq(summary));
        }
        if rng.chance(0.3) {
            y.push_str("relations:\n");
            let mut others: Vec<usize> = Vec::new();
            for _ in 0..rng.range(1, 2) {
                let other = rng.below(entities.len());
                if other == e_index || others.contains(&other) {
                    continue;
                }
                others.push(other);
                let _ = writeln!(
                    y,
                    "  - to: {}\n    type: {}",
                    entities[other].id,
                    rng.pick(&[
                        "partner of",
                        "supplier of",
                        "owned by",
                        "competitor of",
                        "located near"
                    ])
                );
                if rng.chance(0.5) {
                    let _ = writeln!(y, "    source: {}", rng.pick(&sources).id);
                }
            }
        }
        let mut facts = 0;
        let factual = !matches!(e.kind, "person" | "event" | "media");
        if factual && !mentioned_by[e_index].is_empty() && rng.chance(0.25) {
            y.push_str("facts:\n");
            let metrics: &[(&str, &str, &str)] = &[
                ("annual-output", "Annual output", "cars"),
                ("planned-capacity", "Planned capacity", "cars"),
                ("revenue", "Revenue", "RUB bn"),
                ("employees", "Employees", "people"),
            ];
            for _ in 0..rng.range(1, 2) {
                let (metric, label, unit) = *rng.pick(metrics);
                if y.contains(&format!("metric: {metric}\n")) {
                    continue;
                }
                let first_year = rng.range(2019, 2022);
                for year in first_year..first_year + rng.range(2, 4) {
                    facts += 1;
                    let value = rng.range(10, 300_000);
                    let period = if rng.chance(0.5) {
                        format!("{year}")
                    } else {
                        format!("\"{year}\"")
                    };
                    let _ = write!(
                        y,
                        "  - metric: {metric}\n    label: {label}\n    value: {value}\n    unit: {unit}\n    period: {period}\n    status: {}\n    source: {}\n",
                        rng.pick(STATUSES),
                        rng.pick(&sources).id
                    );
                    let articles = &mentioned_by[e_index];
                    let info = &infos[*rng.pick(articles)];
                    if rng.chance(0.7) && !info.quotables.is_empty() {
                        let _ = writeln!(
                            y,
                            "    article: {}\n    quote: {}",
                            info.slug,
                            yq(rng.pick::<String>(&info.quotables))
                        );
                    }
                }
            }
        }
        if e.kind == "plant" {
            facts += capacity_series(&mut y, e_index, &sources);
        }
        fs::write(
            out.join("content/entities").join(format!("{}.yaml", e.id)),
            y,
        )?;

        let (mut articles, mut mentions) = (0, 0);
        for a in &expected.articles {
            if let Some(m) = a.entities.get(&e.id) {
                articles += 1;
                mentions += m;
            }
        }
        expected.entities.push(ExpectedEntity {
            id: e.id.clone(),
            name: e.name.clone(),
            articles,
            mentions,
            facts,
        });

        if let Some(h) = hugo {
            let dir = h.join("content/entities").join(&e.id);
            fs::create_dir_all(&dir)?;
            let mut md = format!("---\ntitle: {}\nkind: {}\n---\n\n", yq(&e.name), e.kind);
            if let Some(summary) = &e.summary {
                md.push_str(summary);
                md.push('\n');
            }
            fs::write(dir.join("_index.md"), md)?;
        }
    }
    if let Some(h) = hugo {
        write_hugo_skeleton(h, &title)?;
    }
    fs::write(out.join("expected.json"), expected.to_json())?;
    Ok(expected)
}

struct GeneratedArticle {
    blocks: Vec<Block>,
    entities: BTreeMap<String, usize>,
    citations: usize,
    sources: usize,
}

fn article(
    rng: &mut Rng,
    long_seeds: bool,
    vocabulary: &Words,
    entities: &[Entity],
    sources: &[Source],
    popularity: &Popularity,
    rank_to_entity: &[usize],
) -> GeneratedArticle {
    let paragraphs = if long_seeds {
        rng.range(13, 19)
    } else {
        rng.range(8, 15)
    };
    let mut blocks: Vec<Block> = (0..paragraphs)
        .map(|_| Block::Paragraph(paragraph(rng, vocabulary)))
        .collect();
    if rng.chance(0.3) {
        let items = (0..rng.range(2, 4))
            .map(|_| {
                let len = rng.range(5, 12);
                sentence(rng, vocabulary, len)
            })
            .collect();
        let at = rng.range(1, blocks.len() - 1);
        blocks.insert(at, Block::List(items));
    }
    let para_indices: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Paragraph(_)))
        .map(|(i, _)| i)
        .collect();

    // Mentions: 3–8 in all (names and aliases), of 2–6 distinct entities.
    let total = rng.range(3, 8);
    let wanted = rng.range(2, total.min(6));
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < wanted {
        let e = rank_to_entity[popularity.pick(rng)];
        if !chosen.contains(&e) {
            chosen.push(e);
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in 0..total {
        let e = if m < wanted {
            chosen[m]
        } else {
            *rng.pick(&chosen)
        };
        let entity = &entities[e];
        let surfaces: Vec<&String> = entity.surfaces().collect();
        let surface = *rng.pick(&surfaces);
        let p = *rng.pick(&para_indices);
        let Block::Paragraph(sentences) = &mut blocks[p] else {
            unreachable!()
        };
        if insert_mention(rng, sentences, e, surface) {
            *counts.entry(entity.id.clone()).or_insert(0) += 1;
        }
    }

    // Citations: 2–5 markers over 1–3 distinct sources.
    let citations = rng.range(2, 5);
    let distinct = rng.range(1, citations.min(3));
    let mut cited: Vec<usize> = Vec::new();
    while cited.len() < distinct {
        let s = rng.below(sources.len());
        if !cited.contains(&s) {
            cited.push(s);
        }
    }
    for c in 0..citations {
        let s = if c < distinct {
            cited[c]
        } else {
            *rng.pick(&cited)
        };
        let source = &sources[s];
        let marker = match rng.below(6) {
            0 => source.id.clone(),
            1 => source.name.to_lowercase(),
            2 => source.name.replace(' ', "  "),
            3 => source.aliases.first().unwrap_or(&source.name).clone(),
            _ => source.name.clone(),
        };
        let p = *rng.pick(&para_indices);
        let Block::Paragraph(sentences) = &mut blocks[p] else {
            unreachable!()
        };
        let i = rng.below(sentences.len());
        sentences[i].cites.push((s, marker));
    }
    GeneratedArticle {
        blocks,
        entities: counts,
        citations,
        sources: distinct,
    }
}

fn write_hugo_skeleton(h: &Path, title: &str) -> io::Result<()> {
    fs::write(
        h.join("hugo.toml"),
        format!(
            r#"baseURL = "https://bench.example.org/"
languageCode = "en"
title = {}
disableKinds = []
enableRobotsTXT = false

[taxonomies]
  entity = "entities"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[markup.goldmark.renderer]
  unsafe = false
"#,
            json_str(title)
        ),
    )?;
    let layouts = h.join("layouts");
    let files: [(&str, &str); 6] = [
        (
            "_default/baseof.html",
            r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "/entities/" | relURL }}">Entities</a></nav></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"#,
        ),
        (
            "_default/single.html",
            r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="dek">{{ . }}</p>{{ end }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ with .Params.tags }}<ul class="tags">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<div class="prose">
{{ .Content }}
</div>
{{ with .GetTerms "entities" }}
<aside><h2>In this article</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</aside>
{{ end }}
</article>
{{ end }}
"#,
        ),
        (
            "_default/list.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ol>
{{ range first 50 .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ol>
{{ end }}
"#,
        ),
        (
            "_default/taxonomy.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
"#,
        ),
        (
            "_default/term.html",
            r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<h2>Mentioned in</h2>
<ol>
{{ range .Pages }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p><time>{{ .Date.Format "2 January 2006" }}</time></p>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}
</ol>
</article>
{{ end }}
"#,
        ),
        (
            "index.html",
            r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<h2>Latest articles</h2>
<ol>
{{ range first 20 (where .Site.RegularPages "Section" "articles").ByDate.Reverse }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p><time>{{ .Date.Format "2 January 2006" }}</time></p>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}
</ol>
{{ end }}
"#,
        ),
    ];
    for (path, text) in files {
        let path = layouts.join(path);
        fs::create_dir_all(path.parent().unwrap())?;
        fs::write(path, text)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Command line.

fn usage() -> ! {
    eprintln!(
        "usage: gen_corpus --articles N --out DIR [--seed S] [--long-seeds] [--vocabulary V] [--hugo DIR2]\n\
         writes a synthetic briefing (and optionally its Hugo twin); DIR and DIR2 must be empty or absent"
    );
    std::process::exit(2)
}

fn ensure_empty(dir: &Path) {
    if let Ok(mut entries) = fs::read_dir(dir)
        && entries.next().is_some()
    {
        eprintln!("error: {} is not empty", dir.display());
        std::process::exit(2);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut articles, mut out, mut seed, mut hugo): (
        Option<usize>,
        Option<PathBuf>,
        u64,
        Option<PathBuf>,
    ) = (None, None, 1, None);
    let mut long_seeds = false;
    let mut vocabulary = 0;
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--articles" => articles = Some(value().parse().unwrap_or_else(|_| usage())),
            "--out" => out = Some(PathBuf::from(value())),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage()),
            "--hugo" => hugo = Some(PathBuf::from(value())),
            "--long-seeds" => long_seeds = true,
            "--vocabulary" => vocabulary = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let (Some(articles), Some(out)) = (articles, out) else {
        usage()
    };
    if articles == 0 {
        usage();
    }
    ensure_empty(&out);
    if let Some(h) = &hugo {
        ensure_empty(h);
    }
    let started = std::time::Instant::now();
    let options = Options {
        articles,
        seed,
        long_seeds,
        vocabulary,
    };
    match generate(&options, &out, hugo.as_deref()) {
        Ok(expected) => {
            let mentions: usize = expected.entities.iter().map(|e| e.mentions).sum();
            let citations: usize = expected.articles.iter().map(|a| a.citations).sum();
            println!(
                "wrote {} articles, {} entities, {} sources ({} mentions, {} citations) into {}{} in {:.1} s",
                expected.articles.len(),
                expected.entities.len(),
                expected.sources,
                mentions,
                citations,
                out.display(),
                hugo.as_ref()
                    .map(|h| format!(" and a Hugo site into {}", h.display()))
                    .unwrap_or_default(),
                started.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}

/// A plant's capacity over 6–10 consecutive years (for over-time charts):
/// reported up to 2024, an estimate or two, targets after, sometimes a
/// speculative last figure. Drawn from its own generator, so adding it left
/// the rest of the corpus as it was.
fn capacity_series(y: &mut String, e_index: usize, sources: &[Source]) -> usize {
    let mut rng = Rng::new(0xC0FFEE ^ (e_index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    if !y.contains("facts:\n") {
        y.push_str("facts:\n");
    }
    let years = rng.range(6, 10);
    let first = rng.range(2016, 2022);
    let mut value = rng.range(20, 300) * 1000;
    for (n, year) in (first..first + years).enumerate() {
        let status = if year > 2025 {
            if n + 1 == years && rng.chance(0.3) {
                "speculative"
            } else {
                "target"
            }
        } else if year >= 2023 && rng.chance(0.4) {
            "estimate"
        } else {
            "reported"
        };
        let _ = write!(
            y,
            "  - metric: capacity\n    label: Capacity\n    value: {value}\n    unit: cars per year\n    period: \"{year}\"\n    status: {status}\n    source: {}\n",
            rng.pick(sources).id
        );
        let step = rng.range(0, 60) * 1000;
        value = if rng.chance(0.3) {
            value.saturating_sub(step / 2).max(5000)
        } else {
            value + step
        };
    }
    years
}
