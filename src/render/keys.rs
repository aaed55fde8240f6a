//! Page keys: a hash of everything a page shows, so a rebuild renders only
//! the pages whose key changed (watch mode). A key must change whenever the
//! page's bytes could: each function below lists what its page displays.
//! `tests/incremental.rs` checks rebuilt output against clean builds.

use std::collections::HashMap;

use super::pages::Derived;
use crate::resolve::Site;

use crate::model::hash_iter;
pub use crate::model::hash_numbers as hash;

pub fn hash_str(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Keys of the site-wide inputs pages share.
pub struct Keys {
    /// Settings, sources, entity files, free pages, templates, static files.
    pub global: u64,
    /// What article lists show of each article (see `Article::listing_key`).
    listing: u64,
    /// Every entity's mention and article counts.
    counts: u64,
}

impl Keys {
    pub fn new(site: &Site, global: u64) -> Keys {
        let counts = site
            .entities
            .iter()
            .flat_map(|e| [e.mention_count as u64, e.mentioned_in.len() as u64]);
        Keys {
            global,
            listing: hash_iter(site.articles.iter().map(|a| a.listing_key)),
            counts: hash_iter(counts),
        }
    }

    /// An article page: its own resolution, and the counts of the entities it lists.
    pub fn article(&self, site: &Site, index: usize) -> u64 {
        let article = &site.articles[index];
        let counts = article.mentioned.iter().flat_map(|&(entity, _)| {
            let e = &site.entities[entity];
            [
                entity as u64,
                e.mention_count as u64,
                e.mentioned_in.len() as u64,
            ]
        });
        hash_iter([self.global, 1, article.key].into_iter().chain(counts))
    }

    /// An entity page: its counts, the articles mentioning it (with their
    /// sentences), the entities mentioned with it, and the articles its facts quote.
    pub fn entity(&self, site: &Site, derived: &Derived, index: usize) -> u64 {
        let entity = &site.entities[index];
        let mut parts = vec![self.global, 2, index as u64, entity.mention_count as u64];
        parts.extend(
            entity
                .mentioned_in
                .iter()
                .map(|m| site.articles[m.article].key),
        );
        parts.push(u64::MAX);
        parts.extend(
            derived.co_mentioned[index]
                .iter()
                .flat_map(|&(e, n)| [e as u64, n as u64]),
        );
        parts.push(u64::MAX);
        parts.extend(
            entity
                .facts
                .iter()
                .map(|f| f.article.map_or(0, |a| site.articles[a].key)),
        );
        hash(&parts)
    }

    /// The front page: article list, key entities (by counts), headline chart;
    /// its `site.yaml` charts come from site-wide inputs (`global`).
    pub fn index(&self, derived: &Derived) -> u64 {
        let headline = derived
            .article_charts
            .iter()
            .flat_map(|c| c.iter())
            .next()
            .map_or(0, |c| hash_str(&c.svg_html));
        hash(&[self.global, 3, self.listing, self.counts, headline])
    }

    /// The feed and the sitemap: article listing and site-wide inputs.
    pub fn feeds(&self) -> u64 {
        hash(&[self.global, 11, self.listing])
    }

    /// Every article's listing.
    pub fn archive(&self) -> u64 {
        hash(&[self.global, 8, self.listing])
    }

    pub fn entities(&self) -> u64 {
        hash(&[self.global, 4, self.counts])
    }

    /// Every fact, with the article each one quotes, and how many figures are annotated.
    pub fn facts(&self, site: &Site) -> u64 {
        let (annotated, found) = crate::annotate::coverage::figure_counts(site);
        let mut parts = vec![self.global, 5, self.listing, annotated as u64, found as u64];
        parts.extend(site.entities.iter().flat_map(|e| {
            e.facts
                .iter()
                .map(|f| f.article.map_or(u64::MAX, |a| a as u64))
        }));
        hash(&parts)
    }

    /// Every source with the articles citing it and how often.
    pub fn sources(&self, derived: &Derived) -> u64 {
        let mut parts = vec![self.global, 6, self.listing];
        for cited in derived.cited_by.iter() {
            parts.extend(cited.iter().flat_map(|&(a, n)| [a as u64, n as u64]));
            parts.push(u64::MAX);
        }
        hash(&parts)
    }

    /// Free pages and the 404 page show only site-wide inputs.
    pub fn fixed(&self, which: u64) -> u64 {
        hash(&[self.global, 7, which])
    }
}

/// What the previous render produced, so the next can skip unchanged work.
#[derive(Default)]
pub struct Memo {
    /// Output path → key of the page rendered there.
    pub pages: crate::model::FastMap<String, u64>,
    /// Drawn charts by key.
    pub charts: HashMap<u64, std::sync::Arc<Vec<super::charts::data::ChartView>>>,
    /// The co-mention and citation indexes, with their key.
    pub crossings: Option<(u64, super::pages::Crossings)>,
}
