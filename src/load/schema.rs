//! The YAML files exactly as curators write them (docs/content-format.md
//! §4–9). Unknown keys are
//! rejected by serde; values that need a place in later error messages are
//! kept `Spanned`. Nothing here checks cross-references: that is `resolve`.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::{EntityKind, Status};

/// `content/site.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: Spanned<String>,
    pub description: Option<String>,
    pub base_url: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub author: Option<String>,
    /// Charts on the front page (docs/charts.md).
    #[serde(default)]
    pub charts: Vec<ChartEntry>,
    /// Articles per page of the archive, tag pages and the timeline.
    pub page_size: Option<Spanned<usize>>,
    /// Whether the site has a search box and index (default: yes).
    pub search: Option<bool>,
    /// Capitalised phrases of every article that name no entity (`Czech`,
    /// `LNG`): `check` does not hint them.
    #[serde(default)]
    pub not_entities: Vec<Spanned<String>>,
}

impl SiteFile {
    /// `search:`, or its default: a search box and index.
    pub fn search(&self) -> bool {
        self.search.unwrap_or(true)
    }
}

/// `content/sources.yaml`: source id → source.
pub type SourcesFile = HashMap<Spanned<String>, SourceEntry>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub kind: Option<String>,
}

/// `content/entities/<id>.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    pub name: Spanned<String>,
    pub kind: EntityKind,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Names (the name or aliases) found only as written, not in their
    /// Russian case forms.
    #[serde(default)]
    pub exact: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub links: Vec<LinkEntry>,
    #[serde(default)]
    pub relations: Vec<RelationEntry>,
    #[serde(default)]
    pub facts: Vec<FactEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEntry {
    pub title: String,
    pub url: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationEntry {
    pub to: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub note: Option<String>,
    pub source: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactEntry {
    pub metric: Spanned<String>,
    pub label: Option<String>,
    pub value: Spanned<f64>,
    pub unit: Spanned<String>,
    pub period: Spanned<String>,
    pub status: Status,
    pub source: Option<Spanned<String>>,
    pub article: Option<Spanned<String>>,
    pub quote: Option<Spanned<String>>,
    /// When the figure was given, where it has no article to date it.
    pub as_of: Option<Spanned<String>>,
    /// This figure leads among several for the same metric and period.
    pub preferred: Option<Spanned<bool>>,
}

/// `content/articles/<slug>.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFile {
    pub seed: Spanned<String>,
    pub title: Spanned<String>,
    pub date: Spanned<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    /// The language of the seed's text when it is not the site's (BCP 47).
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub mentions: MentionsEntry,
    #[serde(default)]
    pub claims: Vec<ClaimEntry>,
    #[serde(default)]
    pub charts: Vec<ChartEntry>,
    /// Old slugs: each gets a page at its old address that redirects here.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Capitalised phrases of this seed that name no entity: `check` does
    /// not hint them.
    #[serde(default)]
    pub not_entities: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionsEntry {
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimEntry {
    pub quote: Spanned<String>,
    pub status: Status,
    pub note: Option<String>,
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartEntry {
    pub title: Spanned<String>,
    /// Metrics drawn per entity (bars, or a line over time); or
    #[serde(default)]
    pub metrics: Vec<Spanned<String>>,
    /// one metric compared across entities (docs/charts.md).
    pub compare: Option<Spanned<String>>,
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
}

/// The front matter of `content/pages/<slug>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    pub description: Option<String>,
    /// Position in the navigation; lower comes first, then by title.
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
}
