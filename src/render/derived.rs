//! Site-wide indexes computed once per build and shared by every page:
//! incoming relations, co-mentions, citing articles, charts, metrics, tags
//! and the timeline. Pages and listings read them; none of them builds them.
//!
//! Tags are written freely in article annotations, so a tag's path is made
//! from its name (`markup::text::tag_slug`). Tags whose names give the same slug
//! (`AI`, `ai`, `A.I.`) are one tag, shown under the spelling most articles use.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::charts::data::{self as chart_data, ChartView};
use crate::model::{Mention, Period};
use crate::resolve::{Relation, Site};

/// Site-wide indexes computed once per build and shared by every page.
pub struct Derived {
    /// Per entity: relations declared on other entities that point to it.
    pub incoming: Vec<Vec<Incoming>>,
    /// Per entity: other entities mentioned in the same articles, most often first.
    pub co_mentioned: Arc<Vec<Vec<CoMentioned>>>,
    /// Per source: the articles citing it.
    pub cited_by: Arc<Vec<Vec<Citing>>>,
    /// A hash of every article's mentions and citations, in order: while it
    /// stays the same, so do `co_mentioned` and `cited_by`.
    crossings_key: u64,
    /// Per article: its charts, drawn once.
    pub article_charts: Vec<Arc<Vec<ChartView>>>,
    /// Per entity: its charts, drawn once.
    pub entity_charts: Vec<Arc<Vec<ChartView>>>,
    /// The front page's charts (`charts:` in `site.yaml`).
    pub site_charts: Arc<Vec<ChartView>>,
    /// Every metric, by id: a page each.
    pub metrics: Vec<Metric>,
    /// Per metric: its page's charts.
    pub metric_charts: Vec<Arc<Vec<ChartView>>>,
    /// Every tag, by slug.
    pub tags: Arc<Vec<Tag>>,
    /// The key of the articles' listings the tags were collected from.
    listing_key: u64,
    /// Every article and fact, newest first.
    pub timeline: Vec<Item>,
}

/// What the site-wide indexes and page keys read of every article, side by
/// side. A render reads them in one pass over the articles instead of one
/// pass per index: at 100,000 articles each pass costs a cache miss per
/// article, and a rebuild after one edit is mostly such passes.
#[derive(Clone, Copy, Debug)]
pub struct ArticleDigest {
    pub listing_key: u64,
    pub crossings_key: u64,
    pub slug_hash: u64,
    pub date: Period,
    pub draft: bool,
    pub has_charts: bool,
}

/// Every article's digest, in order.
pub fn digests(site: &Site) -> Vec<ArticleDigest> {
    use rayon::prelude::*;
    site.articles
        .par_iter()
        .map(|a| ArticleDigest::of(a))
        .collect()
}

impl ArticleDigest {
    pub fn of(article: &crate::resolve::Article) -> ArticleDigest {
        ArticleDigest {
            listing_key: article.listing_key,
            crossings_key: article.crossings_key,
            slug_hash: article.slug_hash,
            date: article.date,
            draft: article.draft,
            has_charts: !article.charts.is_empty(),
        }
    }
}

/// A relation declared on entity `from` that points to the entity at hand.
#[derive(Clone)]
pub struct Incoming {
    pub from: usize,
    pub relation: Relation,
}

/// An entity mentioned in the same articles as the one at hand, and how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoMentioned {
    pub entity: usize,
    pub count: usize,
}

/// An article citing a source, and how many times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citing {
    pub article: usize,
    pub citations: usize,
}

/// A metric with a page of its own: its id and the label of its first fact.
pub struct Metric {
    pub id: String,
    pub label: String,
}

/// The co-mention and citation indexes with their key, shared between
/// renders while the key (every article's mentions and citations) stays the same.
pub struct Crossings {
    key: u64,
    co_mentioned: Arc<Vec<Vec<CoMentioned>>>,
    cited_by: Arc<Vec<Vec<Citing>>>,
}

/// Whose list of charts: an article (by its key, which changes with what
/// it says), an entity, the front page (`site.yaml`) or a metric page.
#[derive(Clone, Copy)]
pub enum ChartOwner {
    Article { key: u64 },
    Entity(usize),
    Site,
    Metric(usize),
}

impl ChartOwner {
    /// One number per owner, telling owners apart (an article's key is a
    /// hash, so it does not meet the small offsets from the top used here).
    pub fn number(self) -> u64 {
        match self {
            ChartOwner::Article { key } => key,
            ChartOwner::Entity(i) => u64::MAX - i as u64,
            ChartOwner::Site => u64::MAX / 2,
            ChartOwner::Metric(i) => u64::MAX / 3 - i as u64,
        }
    }

    /// Where the owner's drawn charts are kept in the chart memo: they are
    /// drawn again when any site-wide input (`global`) changes, and an
    /// article's when its own key does.
    fn memo_key(self, global: u64) -> u64 {
        crate::model::hash_numbers(&[global, self.number()])
    }
}

impl Derived {
    /// Computes the indexes; charts whose key (from `global`, the hash of
    /// every site-wide input, and the article's own key) is in `drawn` are
    /// taken from there instead of being drawn again.
    ///
    /// `crossings` are the co-mention and citation indexes of an earlier
    /// render, reused when their key is still the same (a typical edit does
    /// not change which entities an article mentions or which sources it
    /// cites). Likewise `tags`, an earlier render's tag index with the key
    /// of the listings it came from, is reused while `listing_key` (the hash
    /// of every article's `listing_key`, in order: its tags and its place)
    /// is the same. `digests` are the articles' (see [`digests`]; `Keys`
    /// makes them in its own pass).
    pub fn new(
        site: &Site,
        global: u64,
        drawn: &HashMap<u64, Arc<Vec<ChartView>>>,
        crossings: Option<&Crossings>,
        tags: Option<&(u64, Arc<Vec<Tag>>)>,
        listing_key: u64,
        digests: &[ArticleDigest],
    ) -> Self {
        use rayon::prelude::*;
        let mut incoming = vec![Vec::new(); site.entities.len()];
        for (from, entity) in site.entities.iter().enumerate() {
            for relation in &entity.relations {
                incoming[relation.to].push(Incoming {
                    from,
                    relation: relation.clone(),
                });
            }
        }
        let crossings_key = crossings_key(site, digests);
        let (co_mentioned, cited_by) = match crossings {
            Some(earlier) if earlier.key == crossings_key => (
                Arc::clone(&earlier.co_mentioned),
                Arc::clone(&earlier.cited_by),
            ),
            _ => (Arc::new(co_mentions(site)), Arc::new(citing_articles(site))),
        };
        // Most articles draw no chart: they share one empty list.
        let no_charts: Arc<Vec<ChartView>> = Arc::default();
        let article_charts = digests
            .par_iter()
            .zip(&site.articles)
            .map(|(digest, article)| {
                if !digest.has_charts {
                    return Arc::clone(&no_charts);
                }
                let key = ChartOwner::Article { key: article.key }.memo_key(global);
                cached_or(drawn, key, || {
                    let charts = article.charts.iter().enumerate();
                    charts
                        .map(|(i, request)| {
                            chart_data::article_chart(site, &article.slug, i, request)
                        })
                        .collect()
                })
            })
            .collect();
        let entity_charts = site
            .entities
            .par_iter()
            .enumerate()
            .map(|(i, entity)| {
                let key = ChartOwner::Entity(i).memo_key(global);
                cached_or(drawn, key, || chart_data::entity_charts(site, entity))
            })
            .collect();
        let site_charts = cached_or(drawn, ChartOwner::Site.memo_key(global), || {
            site.charts
                .iter()
                .enumerate()
                .map(|(i, request)| chart_data::site_chart(site, i, request))
                .collect()
        });
        let metrics = metrics(site);
        let metric_charts = metrics
            .par_iter()
            .enumerate()
            .map(|(i, Metric { id: metric, .. })| {
                let key = ChartOwner::Metric(i).memo_key(global);
                cached_or(drawn, key, || chart_data::metric_charts(site, metric))
            })
            .collect();
        Derived {
            metrics,
            metric_charts,
            site_charts,
            incoming,
            co_mentioned,
            cited_by,
            crossings_key,
            article_charts,
            entity_charts,
            tags: match tags {
                Some((key, tags)) if *key == listing_key => Arc::clone(tags),
                _ => Arc::new(collect_tags(site)),
            },
            listing_key,
            timeline: timeline_items(site, digests),
        }
    }
}

/// Every metric id with the label of its first fact, sorted by id.
pub(crate) fn metrics(site: &Site) -> Vec<Metric> {
    let mut metrics: BTreeMap<&str, &str> = BTreeMap::new();
    for fact in site.entities.iter().flat_map(|e| &e.facts) {
        metrics.entry(&fact.metric).or_insert(&fact.label);
    }
    metrics
        .into_iter()
        .map(|(id, label)| Metric {
            id: id.to_string(),
            label: label.to_string(),
        })
        .collect()
}

fn crossings_key(site: &Site, digests: &[ArticleDigest]) -> u64 {
    let sizes = [site.entities.len() as u64, site.sources.len() as u64];
    let articles = digests.iter().map(|a| a.crossings_key);
    crate::model::hash_iter(sizes.into_iter().chain(articles))
}

/// Per entity: the entities mentioned in the same articles, most often first.
fn co_mentions(site: &Site) -> Vec<Vec<CoMentioned>> {
    use rayon::prelude::*;
    let mut pairs: Vec<Vec<usize>> = vec![Vec::new(); site.entities.len()];
    for article in &site.articles {
        for &Mention { entity: a, .. } in &article.mentioned {
            pairs[a].extend(
                article
                    .mentioned
                    .iter()
                    .map(|m| m.entity)
                    .filter(|&b| b != a),
            );
        }
    }
    pairs.into_par_iter().map(most_often).collect()
}

/// Per source: the articles citing it.
fn citing_articles(site: &Site) -> Vec<Vec<Citing>> {
    let mut cited_by = vec![Vec::new(); site.sources.len()];
    for (a, article) in site.articles.iter().enumerate() {
        for note in &article.footnotes {
            cited_by[note.source].push(Citing {
                article: a,
                citations: note.citations,
            });
        }
    }
    cited_by
}

/// Entities by how often they occur in `others`, most first (then by index), at most 8.
fn most_often(mut others: Vec<usize>) -> Vec<CoMentioned> {
    others.sort_unstable();
    let mut counts: Vec<CoMentioned> = Vec::new();
    for entity in others {
        match counts.last_mut() {
            Some(last) if last.entity == entity => last.count += 1,
            _ => counts.push(CoMentioned { entity, count: 1 }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.entity.cmp(&b.entity)));
    counts.truncate(8);
    counts
}

fn cached_or(
    drawn: &HashMap<u64, Arc<Vec<ChartView>>>,
    key: u64,
    draw: impl FnOnce() -> Vec<ChartView>,
) -> Arc<Vec<ChartView>> {
    drawn.get(&key).cloned().unwrap_or_else(|| Arc::new(draw()))
}

impl Derived {
    /// The co-mention and citation indexes with their key, for the next render.
    pub fn crossings(&self) -> Crossings {
        Crossings {
            key: self.crossings_key,
            co_mentioned: Arc::clone(&self.co_mentioned),
            cited_by: Arc::clone(&self.cited_by),
        }
    }

    /// The tag index with its key, for the next render.
    pub fn tags_memo(&self) -> (u64, Arc<Vec<Tag>>) {
        (self.listing_key, Arc::clone(&self.tags))
    }

    /// Every list of charts with its owner: articles', entities', the
    /// front page's, metric pages'.
    pub fn charts_by_owner<'a>(
        &'a self,
        site: &'a Site,
    ) -> impl Iterator<Item = (ChartOwner, &'a Arc<Vec<ChartView>>)> + 'a {
        let articles = site
            .articles
            .iter()
            .map(|a| ChartOwner::Article { key: a.key })
            .zip(&self.article_charts);
        let entities = (0..self.entity_charts.len())
            .map(ChartOwner::Entity)
            .zip(&self.entity_charts);
        let metrics = (0..self.metric_charts.len())
            .map(ChartOwner::Metric)
            .zip(&self.metric_charts);
        articles
            .chain(entities)
            .chain(std::iter::once((ChartOwner::Site, &self.site_charts)))
            .chain(metrics)
    }

    /// Every drawn chart by its memo key, for the next rebuild.
    pub fn drawn(&self, site: &Site, global: u64) -> HashMap<u64, Arc<Vec<ChartView>>> {
        self.charts_by_owner(site)
            .filter(|(_, charts)| !charts.is_empty())
            .map(|(owner, charts)| (owner.memo_key(global), Arc::clone(charts)))
            .collect()
    }
}

/// A tag across the site: its slug, display name and articles (newest first).
#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub articles: Vec<usize>,
}

/// Every tag of the published articles, by slug. Blank tags are ignored.
pub fn collect_tags(site: &Site) -> Vec<Tag> {
    use crate::model::FastMap;
    // A site has few distinct tags on many articles: each name is slugged
    // once, and each use costs one lookup (this runs on every rebuild).
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    let mut by_slug: FastMap<String, usize> = FastMap::default();
    let mut tags: Vec<(Tag, FastMap<&str, usize>)> = Vec::new();
    for (index, article) in site.articles.iter().enumerate() {
        for name in &article.tags {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let t = *by_name.entry(name).or_insert_with(|| {
                let slug = crate::markup::text::tag_slug(name);
                *by_slug.entry(slug.clone()).or_insert_with(|| {
                    let tag = Tag {
                        slug,
                        name: String::new(),
                        articles: Vec::new(),
                    };
                    tags.push((tag, FastMap::default()));
                    tags.len() - 1
                })
            });
            let (tag, spellings) = &mut tags[t];
            if tag.articles.last() != Some(&index) {
                tag.articles.push(index);
            }
            *spellings.entry(name).or_insert(0) += 1;
        }
    }
    let mut tags: Vec<Tag> = tags
        .into_iter()
        .map(|(mut tag, spellings)| {
            tag.name = most_used(spellings);
            tag
        })
        .collect();
    tags.sort_by(|a, b| a.slug.cmp(&b.slug));
    tags
}

/// The spelling used most often; on a tie, the one that sorts first.
fn most_used(spellings: crate::model::FastMap<&str, usize>) -> String {
    let best = spellings
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
    best.map_or_else(String::new, |(name, _)| name.to_string())
}

/// One dated thing on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Article(usize),
    /// Fact `fact` of entity `entity`.
    Fact {
        entity: usize,
        fact: usize,
    },
    /// Revision `revision` of figure set `set` of entity `entity`
    /// (docs/content-format.md §7.5), dated by its later figure.
    Revision {
        entity: usize,
        set: usize,
        revision: usize,
    },
}

/// Every article and fact, newest first: articles by date (their site
/// order), facts by period, articles before facts on the same date. A
/// year-only fact comes after the months of its year.
pub fn timeline_items(site: &Site, digests: &[ArticleDigest]) -> Vec<Item> {
    // Articles are already newest first: only the facts need sorting, then
    // the two lists are merged (this runs on every rebuild).
    let mut facts: Vec<(Period, usize, usize)> = site
        .entities
        .iter()
        .enumerate()
        .flat_map(|(e, entity)| {
            entity
                .facts
                .iter()
                .enumerate()
                .map(move |(f, fact)| (fact.period, e, f))
        })
        .collect();
    facts.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut items = Vec::with_capacity(site.articles.len() + facts.len());
    let mut facts = facts.into_iter().peekable();
    for (index, article) in digests.iter().enumerate() {
        while let Some(&(period, e, f)) = facts.peek() {
            if period <= article.date {
                break;
            }
            items.push(Item::Fact { entity: e, fact: f });
            facts.next();
        }
        items.push(Item::Article(index));
    }
    items.extend(facts.map(|(_, e, f)| Item::Fact { entity: e, fact: f }));
    items
}

/// An entity's revisions, each with the date of its later figure.
pub fn revisions_of(site: &Site, entity: usize) -> impl Iterator<Item = (Period, Item)> + '_ {
    let sets = site.entities[entity].figure_sets.iter().enumerate();
    sets.flat_map(move |(s, set)| {
        let facts = &site.entities[entity].facts;
        set.revisions
            .iter()
            .enumerate()
            .filter_map(move |(revision, &(_, new))| {
                let item = Item::Revision {
                    entity,
                    set: s,
                    revision,
                };
                Some((facts[new].as_of?, item))
            })
    })
}

/// The items of one entity's timeline: articles mentioning it, its facts
/// and the revisions of its figures.
pub fn entity_items(site: &Site, entity: usize) -> Vec<Item> {
    let mut items: Vec<(Period, u8, usize, Item)> = Vec::new();
    for m in site.entities[entity].mentioned_in.iter() {
        let date = site.articles[m.article].date;
        items.push((date, 0, m.article, Item::Article(m.article)));
    }
    for (f, fact) in site.entities[entity].facts.iter().enumerate() {
        items.push((fact.period, 1, f, Item::Fact { entity, fact: f }));
    }
    items.extend(revisions_of(site, entity).map(|(date, item)| (date, 2, 0, item)));
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    items.into_iter().map(|(_, _, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_tags_take_the_most_used_spelling() {
        let counts = |list: &[(&'static str, usize)]| list.iter().copied().collect();
        assert_eq!(most_used(counts(&[("ai", 1), ("AI", 2)])), "AI");
        assert_eq!(most_used(counts(&[("ai", 1), ("AI", 1)])), "AI");
        assert_eq!(most_used(counts(&[("ai", 3), ("AI", 1)])), "ai");
    }
}
