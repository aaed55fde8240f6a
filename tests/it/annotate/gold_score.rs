//! The scorer: `briefing annotate --json` on each gold seed alone (a site
//! with nothing but the seed and `site.yaml`, as a curator starts), compared
//! with the hand-written gold in tests/gold (see its README, "Scoring notes").
//!
//! Entities match by name: a drafted name or alias equals one of the gold
//! entity's surface forms in that seed, its name or an alias (case, ё/е,
//! quotation marks and a possessive aside). Facts and claims match by the
//! place of their quotes in the seed: a drafted quote that overlaps the gold
//! one is the same figure or statement. Each gold item is matched once; a
//! second draft of the same thing counts against precision.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::common::Fixture;

#[derive(Deserialize)]
pub struct Split {
    pub tuning: Vec<String>,
    pub held_out: Vec<String>,
}

#[derive(Deserialize)]
struct GoldEntity {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    facts: Vec<GoldFact>,
}

#[derive(Deserialize)]
struct GoldFact {
    value: f64,
    unit: String,
    period: serde_json::Value,
    status: String,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    quote: Option<String>,
}

#[derive(Deserialize)]
struct GoldArticle {
    seed: String,
    date: String,
    #[serde(default)]
    claims: Vec<GoldClaim>,
}

#[derive(Deserialize)]
struct GoldClaim {
    quote: String,
    status: String,
}

#[derive(Deserialize)]
struct GoldSource {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// What `annotate --json` prints (the fields the scorer reads).
#[derive(Deserialize)]
struct Drafts {
    articles: Vec<DraftArticle>,
    entities: Vec<DraftEntity>,
    sources: Vec<DraftSource>,
}

#[derive(Deserialize)]
struct DraftArticle {
    claims: Vec<DraftClaim>,
    facts: Vec<DraftFact>,
    citations: Vec<DraftCitation>,
}

#[derive(Deserialize)]
struct DraftCitation {
    name: String,
}

#[derive(Deserialize)]
struct DraftClaim {
    quote: String,
    status: String,
}

#[derive(Deserialize)]
struct DraftFact {
    entity: Option<String>,
    value: f64,
    #[serde(default)]
    unit: Option<String>,
    period: Option<String>,
    status: String,
    quote: String,
}

#[derive(Deserialize)]
struct DraftEntity {
    id: String,
    name: String,
    kind: String,
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct DraftSource {
    name: String,
}

/// Hits out of a total, for one measure.
#[derive(Clone, Copy, Default)]
pub struct Share {
    pub hits: usize,
    pub total: usize,
}

impl Share {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }

    pub fn value(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

/// The measures, in the order they are printed and kept in the baseline.
pub const MEASURES: [&str; 14] = [
    "entity_precision",
    "entity_recall",
    "entity_kind",
    "fact_recall",
    "fact_precision",
    "fact_value_unit",
    "fact_period",
    "fact_status",
    "fact_owner",
    "claim_precision",
    "claim_recall",
    "claim_status",
    "source_precision",
    "source_recall",
];

/// The targets, per measure (0 where it sets none).
pub const TARGETS: [f64; 14] = [
    0.90, 0.85, 0.90, 0.90, 0.0, 0.95, 0.90, 0.85, 0.85, 0.85, 0.80, 0.0, 0.0, 0.0,
];

#[derive(Default, Clone)]
pub struct Scores(pub [Share; 14]);

impl Scores {
    fn at(&mut self, measure: &str) -> &mut Share {
        let i = MEASURES
            .iter()
            .position(|m| *m == measure)
            .unwrap_or_else(|| panic!("unknown measure {measure}"));
        &mut self.0[i]
    }

    fn merge(&mut self, other: &Scores) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            a.hits += b.hits;
            a.total += b.total;
        }
    }
}

/// The gold set, read once.
pub struct Gold {
    dir: PathBuf,
    pub split: Split,
    entities: BTreeMap<String, GoldEntity>,
    /// seed -> entity id -> surface forms.
    forms: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// seed -> (slug, article).
    articles: BTreeMap<String, (String, GoldArticle)>,
    sources: Vec<GoldSource>,
}

fn yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stems(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut list: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (stem, p)
        })
        .collect();
    list.sort();
    list
}

impl Gold {
    pub fn read() -> Gold {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
        let entities = stems(&dir.join("content/entities"))
            .into_iter()
            .map(|(id, path)| (id, yaml(&path)))
            .collect();
        let articles = stems(&dir.join("content/articles"))
            .into_iter()
            .map(|(slug, path)| {
                let article: GoldArticle = yaml(&path);
                (article.seed.clone(), (slug, article))
            })
            .collect();
        let sources: BTreeMap<String, GoldSource> = yaml(&dir.join("content/sources.yaml"));
        Gold {
            split: yaml(&dir.join("split.yaml")),
            forms: yaml(&dir.join("forms.yaml")),
            entities,
            articles,
            sources: sources.into_values().collect(),
            dir,
        }
    }

    /// Drafts `seed` alone and scores the drafts; `report` gets a line per miss.
    pub fn score(&self, seed: &str, report: &mut String) -> Scores {
        let text = fs::read_to_string(self.dir.join("seeds").join(seed)).expect("seed");
        let date = self.articles.get(seed).map(|(_, a)| a.date.as_str());
        let drafts = draft(&self.dir, seed, date);
        let mut scores = Scores::default();
        let owners = self.score_entities(seed, &drafts, &mut scores, report);
        self.score_facts(seed, &text, &drafts, &owners, &mut scores, report);
        self.score_claims(seed, &text, &drafts, &mut scores, report);
        self.score_sources(&drafts, &mut scores);
        scores
    }

    /// Entity scores; returns drafted id -> gold id for the matched ones.
    fn score_entities(
        &self,
        seed: &str,
        drafts: &Drafts,
        scores: &mut Scores,
        report: &mut String,
    ) -> BTreeMap<String, String> {
        let empty = BTreeMap::new();
        let forms = self.forms.get(seed).unwrap_or(&empty);
        let mut matched: BTreeMap<String, String> = BTreeMap::new();
        for drafted in &drafts.entities {
            let names: BTreeSet<String> = std::iter::once(&drafted.name)
                .chain(&drafted.aliases)
                .map(|n| fold(n))
                .collect();
            let hit = forms.iter().find(|(id, surface)| {
                let gold = &self.entities[id.as_str()];
                !matched.values().any(|m| m == *id)
                    && surface
                        .iter()
                        .chain(std::iter::once(&gold.name))
                        .chain(&gold.aliases)
                        .any(|n| names.contains(&fold(n)))
            });
            scores.at("entity_precision").add(hit.is_some());
            match hit {
                Some((id, _)) => {
                    let kind = &self.entities[id.as_str()].kind;
                    let right = *kind == drafted.kind;
                    scores.at("entity_kind").add(right);
                    if !right {
                        let _ = writeln!(
                            report,
                            "  kind  {}: {} (gold {kind})",
                            drafted.name, drafted.kind
                        );
                    }
                    matched.insert(drafted.id.clone(), id.clone());
                }
                None => {
                    let _ = writeln!(report, "  extra entity {} ({})", drafted.name, drafted.kind);
                }
            }
        }
        for (id, surface) in forms {
            let found = matched.values().any(|m| m == id);
            scores.at("entity_recall").add(found);
            if !found {
                let _ = writeln!(report, "  missed entity {id} ({})", surface.join(" | "));
            }
        }
        matched
    }

    fn score_facts(
        &self,
        seed: &str,
        text: &str,
        drafts: &Drafts,
        owners: &BTreeMap<String, String>,
        scores: &mut Scores,
        report: &mut String,
    ) {
        let Some((slug, _)) = self.articles.get(seed) else {
            return;
        };
        let drafted: Vec<(&DraftFact, Option<(usize, usize)>)> = drafts
            .articles
            .iter()
            .flat_map(|a| &a.facts)
            .map(|f| (f, place(text, &f.quote)))
            .collect();
        let mut used = vec![false; drafted.len()];
        for (owner, fact) in self.entities.iter().flat_map(|(id, e)| {
            e.facts
                .iter()
                .filter(|f| f.article.as_deref() == Some(slug.as_str()))
                .map(move |f| (id, f))
        }) {
            let Some(gold_place) = fact.quote.as_deref().and_then(|q| place(text, q)) else {
                continue;
            };
            // Overlapping drafts; the one with the gold value first.
            let best = drafted
                .iter()
                .enumerate()
                .filter(|(i, (_, p))| !used[*i] && p.is_some_and(|p| overlap(p, gold_place)))
                .max_by_key(|(_, (f, _))| same_value(f.value, fact.value));
            scores.at("fact_recall").add(best.is_some());
            let Some((i, (draft, _))) = best else {
                let _ = writeln!(
                    report,
                    "  missed fact {owner} {} {} «{}»",
                    fact.value,
                    fact.unit,
                    fact.quote.as_deref().unwrap_or("")
                );
                continue;
            };
            used[i] = true;
            let value_unit = same_value(draft.value, fact.value)
                && same_unit(draft.unit.as_deref().unwrap_or(""), &fact.unit);
            let period = draft.period.as_deref() == Some(period_text(&fact.period).as_str());
            let status = draft.status == fact.status;
            let owner_right = draft.entity.as_ref().and_then(|d| owners.get(d)) == Some(owner);
            scores.at("fact_value_unit").add(value_unit);
            scores.at("fact_period").add(period);
            scores.at("fact_status").add(status);
            scores.at("fact_owner").add(owner_right);
            if !(value_unit && period && status && owner_right) {
                let _ = writeln!(
                    report,
                    "  fact  «{}»: drafted {} {} {} {} owner {} — gold {} {} {} {} owner {owner}",
                    fact.quote.as_deref().unwrap_or(""),
                    draft.value,
                    draft.unit.as_deref().unwrap_or("-"),
                    draft.period.as_deref().unwrap_or("-"),
                    draft.status,
                    draft.entity.as_deref().unwrap_or("-"),
                    fact.value,
                    fact.unit,
                    period_text(&fact.period),
                    fact.status,
                );
            }
        }
        for (i, (draft, _)) in drafted.iter().enumerate() {
            scores.at("fact_precision").add(used[i]);
            if !used[i] {
                let _ = writeln!(
                    report,
                    "  extra fact {} {} «{}»",
                    draft.value,
                    draft.unit.as_deref().unwrap_or("-"),
                    draft.quote
                );
            }
        }
    }

    fn score_claims(
        &self,
        seed: &str,
        text: &str,
        drafts: &Drafts,
        scores: &mut Scores,
        report: &mut String,
    ) {
        let Some((_, article)) = self.articles.get(seed) else {
            return;
        };
        let gold: Vec<(&GoldClaim, Option<(usize, usize)>)> = article
            .claims
            .iter()
            .map(|c| (c, place(text, &c.quote)))
            .collect();
        let drafted: Vec<(&DraftClaim, Option<(usize, usize)>)> = drafts
            .articles
            .iter()
            .flat_map(|a| &a.claims)
            .map(|c| (c, place(text, &c.quote)))
            .collect();
        let overlaps = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| {
            a.zip(b).is_some_and(|(a, b)| overlap(a, b))
        };
        for (claim, at) in &drafted {
            let matching = gold.iter().find(|(_, g)| overlaps(*at, *g));
            scores.at("claim_precision").add(matching.is_some());
            match matching {
                Some((g, _)) => {
                    scores.at("claim_status").add(g.status == claim.status);
                    if g.status != claim.status {
                        let _ = writeln!(
                            report,
                            "  claim status «{}»: {} (gold {})",
                            claim.quote, claim.status, g.status
                        );
                    }
                }
                None => {
                    let _ = writeln!(report, "  extra claim {} «{}»", claim.status, claim.quote);
                }
            }
        }
        for (claim, at) in &gold {
            let found = drafted.iter().any(|(_, d)| overlaps(*at, *d));
            scores.at("claim_recall").add(found);
            if !found {
                let _ = writeln!(report, "  missed claim {} «{}»", claim.status, claim.quote);
            }
        }
    }

    /// Every citation name is a new source on an empty site: the drafts
    /// should propose each once, under a name the gold source has.
    fn score_sources(&self, drafts: &Drafts, scores: &mut Scores) {
        let cited: BTreeSet<String> = drafts
            .articles
            .iter()
            .flat_map(|a| &a.citations)
            .map(|c| fold(&c.name))
            .collect();
        let known = |name: &str| {
            self.sources.iter().any(|s| {
                std::iter::once(&s.name)
                    .chain(&s.aliases)
                    .any(|n| fold(n) == fold(name))
            })
        };
        for source in &drafts.sources {
            scores
                .at("source_precision")
                .add(known(&source.name) && cited.contains(&fold(&source.name)));
        }
        for name in &cited {
            let proposed = drafts.sources.iter().any(|s| fold(&s.name) == *name);
            scores.at("source_recall").add(proposed);
        }
    }
}

/// `annotate --json` on a site that holds only `seed` and the gold's site
/// settings, given the article's date as a curator would.
fn draft(gold: &Path, seed: &str, date: Option<&str>) -> Drafts {
    let site = Fixture::empty();
    site.write(
        "content/site.yaml",
        &fs::read_to_string(gold.join("content/site.yaml")).expect("site.yaml"),
    );
    site.write(
        &format!("seeds/{seed}"),
        &fs::read_to_string(gold.join("seeds").join(seed)).expect("seed"),
    );
    let mut args = vec!["annotate", "--json", "--root", site.root_str(), seed];
    args.extend(date.iter().flat_map(|d| ["--date", d]));
    let run = site.run(&args);
    assert_eq!(run.code, 0, "annotate {seed}: {}", run.stderr);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("annotate --json {seed}: {e}\n{}", run.stdout))
}

/// A name as the scorer compares it: lower case, ё as е, without quotation
/// marks or an English possessive.
fn fold(name: &str) -> String {
    let name = name
        .trim()
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['\'', '’']);
    name.chars()
        .filter(|c| !matches!(c, '«' | '»' | '„' | '“' | '”' | '"'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a quote stands in the seed (byte range), if it does.
fn place(text: &str, quote: &str) -> Option<(usize, usize)> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    text.find(quote).map(|at| (at, at + quote.len()))
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Units as the gold writes them: `cars per year`, `GWh per year`, `EUR`.
/// A rate written "a year", "/year" or "в год" is the same unit.
fn same_unit(drafted: &str, gold: &str) -> bool {
    let norm = |unit: &str| {
        fold(unit)
            .replace(" a year", " per year")
            .replace("/year", " per year")
            .replace(" в год", " per year")
            .replace(" a month", " per month")
    };
    norm(drafted) == norm(gold)
}

fn period_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The baseline kept in tests/gold/baseline.yaml: per half, per measure.
#[derive(Deserialize)]
pub struct Baseline {
    pub tuning: BTreeMap<String, f64>,
    pub held_out: BTreeMap<String, f64>,
}

impl Baseline {
    pub fn read() -> Baseline {
        yaml(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/baseline.yaml"))
    }
}

/// Scores every seed of `half`, with the misses of each in `report`.
pub fn score_half(gold: &Gold, half: &[String], report: &mut String) -> Scores {
    let mut total = Scores::default();
    for seed in half {
        let _ = writeln!(report, "{seed}");
        total.merge(&gold.score(seed, report));
    }
    total
}

/// The scores of both halves as a Markdown table (docs/annotate.md keeps it).
pub fn table(tuning: &Scores, held_out: &Scores) -> String {
    let mut out = String::from(
        "| measure | target | tuning (16 seeds) | held out (8 seeds) |\n|---|---|---|---|\n",
    );
    for (i, measure) in MEASURES.iter().enumerate() {
        let target = if TARGETS[i] > 0.0 {
            format!("≥ {:.2}", TARGETS[i])
        } else {
            "–".to_string()
        };
        let cell = |s: Share| format!("{:.2} ({}/{})", s.value(), s.hits, s.total);
        let _ = writeln!(
            out,
            "| {measure} | {target} | {} | {} |",
            cell(tuning.0[i]),
            cell(held_out.0[i])
        );
    }
    out
}
