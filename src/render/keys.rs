//! Keys: a hash of everything a page or file shows, so a rebuild renders
//! only what changed (watch mode). A key must change whenever the output's
//! bytes could. Here: the site-wide digests every page key is made of
//! ([`Keys`]), the keys of the files that are not pages, the layout and the
//! memo; each page kind's own key is beside its context in
//! `render::kinds`. `tests/it/incremental.rs` checks rebuilt output against
//! clean builds.

use std::collections::HashMap;

use rayon::prelude::*;

use super::derived::{ArticleDigest, ChartOwner, Crossings, Derived};
use crate::resolve::Site;

use crate::model::hash_iter;
use crate::model::hash_numbers as hash;

pub(super) fn hash_str(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// What a key is for: hashed right after `global` (or the key it derives
/// from), so keys of different kinds of output never meet.
#[derive(Clone, Copy)]
#[repr(u64)]
pub(super) enum Kind {
    Article = 1,
    Entity = 2,
    Index = 3,
    Entities = 4,
    Facts = 5,
    Sources = 6,
    Fixed = 7,
    Archive = 8,
    ChartSvg = 9,
    StaticFile = 10,
    Sitemap = 11,
    Timeline = 12,
    EntityTimeline = 13,
    Feed = 14,
    Robots = 15,
    Tags = 16,
    Tag = 17,
    ChartCsv = 18,
    FactsCsv = 19,
    FactsJson = 20,
    Metric = 21,
    Redirect = 22,
}

impl Kind {
    pub(super) fn tag(self) -> u64 {
        self as u64
    }
}

/// Keys of the site-wide inputs pages share.
pub struct Keys {
    /// Settings, sources, entity files, free pages, templates, static files.
    pub(super) global: u64,
    /// What article lists show of each article (see `Article::listing_key`).
    pub(super) listing: u64,
    /// Every entity's mention and article counts.
    pub(super) counts: u64,
    /// Per article: what keys and indexes read of it, side by side (the
    /// pages of a large site read hundreds of thousands of them).
    pub(super) digests: Vec<ArticleDigest>,
    /// Per article: its `listing_key`, and whether it is a draft, on their
    /// own (entity pages and feeds read them at random: the smaller the
    /// list, the more of it stays in the cache).
    pub(super) listings: Vec<u64>,
    pub(super) drafts: Vec<bool>,
    /// The key of the facts' pages and files (see [`Keys::facts`]), made once.
    facts: std::sync::OnceLock<u64>,
    /// What facts show beyond the entity files: each one's "as of" date
    /// and whether it leads, and every `FigureSet::key` (their dates and articles).
    pub(super) figures: u64,
}

impl Keys {
    pub fn new(site: &Site, global: u64) -> Keys {
        let counts = site
            .entities
            .iter()
            .flat_map(|e| [e.mention_count as u64, e.mentioned_in.len() as u64]);
        // Every fact's date (downloads and charts' CSVs show it) and which
        // figures lead, and every figure set.
        let facts = site.entities.iter().flat_map(|e| {
            let dates = e
                .facts
                .iter()
                .map(|f| f.as_of.map_or(0, |d| d.number()) << 1 | u64::from(f.leads));
            dates.chain(e.figure_sets.iter().map(|s| s.key))
        });
        let figures = hash_iter(facts);
        // In parallel: a rebuild at 100,000 articles makes every key again.
        let digests: Vec<ArticleDigest> = site
            .articles
            .par_iter()
            .map(|a| ArticleDigest::of(a))
            .collect();
        let listings: Vec<u64> = digests.iter().map(|a| a.listing_key).collect();
        Keys {
            global,
            listing: hash_iter(listings.iter().copied()),
            counts: hash_iter(counts),
            drafts: digests.iter().map(|a| a.draft).collect(),
            listings,
            digests,
            facts: std::sync::OnceLock::new(),
            figures,
        }
    }

    /// What drawn charts depend on: the site-wide inputs, and which
    /// figures lead (see [`Keys::figures`]).
    pub fn charts_global(&self) -> u64 {
        hash(&[self.global, self.figures])
    }

    /// Every fact, with the article each one quotes, and how many figures
    /// are annotated: what the facts page, metric pages and fact downloads
    /// show, made once.
    pub fn facts(&self, site: &Site) -> u64 {
        *self.facts.get_or_init(|| self.make_facts(site))
    }

    fn make_facts(&self, site: &Site) -> u64 {
        let figures = crate::resolve::coverage::figure_counts(site);
        let mut parts = vec![
            self.global,
            Kind::Facts.tag(),
            self.listing,
            figures.quoted as u64,
            figures.found as u64,
            self.figures,
        ];
        parts.extend(site.entities.iter().flat_map(|e| {
            e.facts
                .iter()
                .map(|f| f.article.map_or(u64::MAX, |a| a as u64))
        }));
        hash(&parts)
    }
}

/// Keys of the pages in `render::listing`: archive, tags, timeline, feeds.
impl Keys {
    /// The sitemap: every page's path (decided by the layout, see
    /// [`layout`]), and article dates.
    pub fn sitemap(&self, layout: u64) -> u64 {
        hash(&[self.global, Kind::Sitemap.tag(), self.listing, layout])
    }
}

/// Keys of the files that are not pages.
impl Keys {
    /// The `n`-th chart of `owner` as SVG: charts are drawn from site-wide
    /// inputs and, for an article, its own.
    pub fn chart_svg(&self, owner: ChartOwner, n: usize) -> u64 {
        let global = self.charts_global();
        hash(&[global, Kind::ChartSvg.tag(), owner.number(), n as u64])
    }

    /// The same chart's figures as CSV.
    pub fn chart_csv(&self, owner: ChartOwner, n: usize) -> u64 {
        hash(&[self.chart_svg(owner, n), Kind::ChartCsv.tag()])
    }

    pub fn facts_csv(&self, site: &Site) -> u64 {
        hash(&[self.facts(site), Kind::FactsCsv.tag()])
    }

    pub fn facts_json(&self, site: &Site) -> u64 {
        hash(&[self.facts(site), Kind::FactsJson.tag()])
    }

    /// The page at an article's old address `from`: the article's title
    /// and slug (in its listing key), the site's language and base URL (in
    /// `global`).
    pub fn redirect(&self, article: &crate::resolve::Article, from: &str) -> u64 {
        hash(&[
            self.global,
            Kind::Redirect.tag(),
            article.listing_key,
            hash_str(from),
        ])
    }

    pub fn robots(&self) -> u64 {
        hash(&[self.global, Kind::Robots.tag()])
    }

    /// The `n`-th static file (its bytes are a site-wide input).
    pub fn static_file(&self, n: usize) -> u64 {
        hash(&[self.global, Kind::StaticFile.tag(), n as u64])
    }
}

/// What the previous render produced, so the next can skip unchanged work.
#[derive(Default)]
pub struct Memo {
    /// The pages, in the order `render_site` plans them.
    pub pages: PageMemo,
    /// Every other file (sitemap, chart downloads, static files): path → key.
    pub files: crate::model::FastMap<String, u64>,
    /// Drawn charts by key.
    pub charts: HashMap<u64, std::sync::Arc<Vec<super::charts::data::ChartView>>>,
    /// The co-mention and citation indexes, with their key.
    pub crossings: Option<Crossings>,
    /// The tag index, with the key of the listings it was collected from.
    pub tags: Option<(u64, std::sync::Arc<Vec<super::derived::Tag>>)>,
}

/// The pages of a render: their paths and keys by position in the plan,
/// and the key of everything that decided the plan and its paths (the
/// layout). While the layout is the same, a render takes the paths from
/// here by position instead of making them again, and compares keys by
/// position instead of by path.
#[derive(Default)]
pub struct PageMemo {
    /// `None`: nothing rendered yet.
    pub layout: Option<u64>,
    pub paths: Vec<String>,
    pub keys: Vec<u64>,
    /// Path → position in `paths`.
    pub index: crate::model::FastMap<String, usize>,
}

impl PageMemo {
    /// The key of the page at `path` in this render, if it had one.
    pub fn key_at(&self, path: &str) -> Option<u64> {
        self.index.get(path).map(|&at| self.keys[at])
    }
}

/// The layout of a site's pages: which pages there are and where each goes
/// (see [`PageMemo`]). Made of the counts that decide the plan and the
/// names its paths are made from.
pub fn layout(site: &Site, derived: &Derived, keys: &Keys, jobs: usize) -> u64 {
    let settings = &site.settings;
    let head = [
        jobs as u64,
        u64::from(settings.search),
        u64::from(settings.base_url.is_some()),
        settings.page_size as u64,
        site.articles.len() as u64,
        site.entities.len() as u64,
        site.pages.len() as u64,
        derived.metrics.len() as u64,
        derived.timeline.len() as u64,
        derived.tags.len() as u64,
    ];
    let articles = keys.digests.iter().map(|a| a.slug_hash);
    let entities = site.entities.iter().map(|e| hash_str(&e.id));
    let pages = site.pages.iter().map(|p| hash_str(&p.slug));
    let metrics = derived.metrics.iter().map(|m| hash_str(&m.id));
    let tags = derived
        .tags
        .iter()
        .flat_map(|t| [hash_str(&t.slug), t.articles.len() as u64]);
    hash_iter(
        head.into_iter()
            .chain(articles)
            .chain([u64::MAX])
            .chain(entities)
            .chain([u64::MAX])
            .chain(pages)
            .chain([u64::MAX])
            .chain(metrics)
            .chain([u64::MAX])
            .chain(tags),
    )
}
