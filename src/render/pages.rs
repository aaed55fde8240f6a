//! One function per kind of page: each takes the resolved site (and the
//! site-wide derived indexes) and returns the page's template context.
//! None of them reads files or shared state, so pages render in parallel.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::charts::data::{self as chart_data, ChartView};
use super::context::{ArticleRef, EntityRef, FactView, NavItem, SiteView, SourceRef};
use crate::markup::escape::Escaped;
use crate::model::EntityKind;
use crate::resolve::{Relation, Sentence, Site};
use crate::routes::{self, root_for};

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
    pub tags: Vec<super::listing::Tag>,
    /// Every article and fact, newest first.
    pub timeline: Vec<super::listing::Item>,
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
    /// not change which entities an article mentions or which sources it cites).
    pub fn new(
        site: &Site,
        global: u64,
        drawn: &HashMap<u64, Arc<Vec<ChartView>>>,
        crossings: Option<&Crossings>,
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
        let crossings_key = crossings_key(site);
        let (co_mentioned, cited_by) = match crossings {
            Some(earlier) if earlier.key == crossings_key => (
                Arc::clone(&earlier.co_mentioned),
                Arc::clone(&earlier.cited_by),
            ),
            _ => (Arc::new(co_mentions(site)), Arc::new(citing_articles(site))),
        };
        let article_charts = site
            .articles
            .par_iter()
            .map(|article| {
                if article.charts.is_empty() {
                    return Arc::default();
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
            tags: super::listing::collect_tags(site),
            timeline: super::listing::timeline_items(site),
        }
    }
}

/// Every metric id with the label of its first fact, sorted by id.
fn metrics(site: &Site) -> Vec<Metric> {
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

fn crossings_key(site: &Site) -> u64 {
    let sizes = [site.entities.len() as u64, site.sources.len() as u64];
    let articles = site.articles.iter().map(|a| a.crossings_key);
    crate::model::hash_iter(sizes.into_iter().chain(articles))
}

/// Per entity: the entities mentioned in the same articles, most often first.
fn co_mentions(site: &Site) -> Vec<Vec<CoMentioned>> {
    use rayon::prelude::*;
    let mut pairs: Vec<Vec<usize>> = vec![Vec::new(); site.entities.len()];
    for article in &site.articles {
        for &(a, _) in &article.mentioned {
            pairs[a].extend(
                article
                    .mentioned
                    .iter()
                    .map(|&(b, _)| b)
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

/// What every page gets (docs/templates.md, "Every page").
pub fn common(
    site: &Site,
    page_path: &str,
    title: Option<&str>,
    description: Option<&str>,
) -> Context {
    let root = root_for(page_path);
    let mut context = Context::new();
    context.insert("site", &SiteView::new(site));
    context.insert("root", &root);
    if let Some(base) = &site.settings.base_url {
        context.insert("canonical", &format!("{base}{}", routes::pretty(page_path)));
    }
    let page_title = match title {
        Some(title) => format!("{title} · {}", site.settings.title),
        None => site.settings.title.clone(),
    };
    context.insert("page_title", &page_title);
    context.insert("og_title", title.unwrap_or(&site.settings.title));
    context.insert("og_type", "website");
    let description = description
        .or(site.settings.description.as_deref())
        .unwrap_or(&site.settings.title);
    context.insert("description", description);
    context.insert("nav", &nav(site, page_path));
    context.insert("has_feed", &site.settings.base_url.is_some());
    context
}

fn nav(site: &Site, page_path: &str) -> Vec<NavItem> {
    let section = page_path.split('/').next().unwrap_or("");
    let mut items: Vec<NavItem> = routes::SECTIONS
        .iter()
        .filter_map(|s| {
            Some(NavItem {
                title: s.title?.into(),
                url: s.index(),
                current: section == s.folder,
                draft: false,
            })
        })
        .collect();
    for page in &site.pages {
        let url = routes::page(&page.slug);
        items.push(NavItem {
            title: page.title.clone(),
            current: url == page_path,
            url,
            draft: page.draft,
        });
    }
    items
}

/// How many of the newest articles the front page lists.
const FRONT_PAGE_ARTICLES: usize = 20;

pub fn index(site: &Site, derived: &Derived) -> Context {
    let mut context = common(site, routes::INDEX, None, None);
    context.insert("jsonld_html", &super::meta::website(site));
    let articles: Vec<ArticleRef> = site
        .articles
        .iter()
        .take(FRONT_PAGE_ARTICLES)
        .map(|a| ArticleRef::listed(a))
        .collect();
    let mut key: Vec<EntityRef> = site
        .entities
        .iter()
        .map(EntityRef::new)
        .filter(|e| e.mention_count > 0)
        .collect();
    key.sort_by(|a, b| {
        let rank = |e: &EntityRef| (e.article_count, e.mention_count);
        rank(b).cmp(&rank(a)).then_with(|| a.name.cmp(&b.name))
    });
    key.truncate(12);
    context.insert("articles", &articles);
    context.insert("article_count", &site.articles.len());
    context.insert("key_entities", &key);
    if let Some(chart) = derived.article_charts.iter().flat_map(|c| c.iter()).next() {
        context.insert("headline_chart", &*chart.at_root(""));
    }
    context.insert("charts", derived.site_charts.as_slice());
    context
}

#[derive(Serialize)]
struct FootnoteView {
    number: usize,
    id: String,
    source: SourceRef,
    backlinks: Vec<Backlink>,
}

#[derive(Serialize)]
struct Backlink {
    id: String,
    label: String,
    text: String,
}

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    kind_label: &'static str,
    entities: Vec<EntityRef>,
}

#[derive(Serialize)]
struct ClaimView {
    anchor: String,
    quote: String,
    status: &'static str,
    status_label: &'static str,
    note: Option<String>,
    entities: Vec<EntityRef>,
}

pub fn article(site: &Site, derived: &Derived, index: usize) -> Context {
    let article = &site.articles[index];
    let path = routes::article(&article.slug);
    let mut context = common(
        site,
        &path,
        Some(&article.title),
        article.summary.as_deref(),
    );
    let root = root_for(&path);
    context.insert("og_type", "article");
    context.insert("published_time", &article.date.iso());
    context.insert("jsonld_html", &super::meta::article(site, article));
    context.insert("article", &ArticleRef::listed(article));
    context.insert(
        "body_html",
        &super::body::render(&article.body.get(), site, &root),
    );
    let footnotes: Vec<FootnoteView> = article
        .footnotes
        .iter()
        .map(|note| FootnoteView {
            number: note.number,
            id: routes::footnote_anchor(note.number),
            source: SourceRef::new(&site.sources[note.source]),
            backlinks: (0..note.citations)
                .map(|nth| {
                    let letter = super::body::citation_letter(nth);
                    let many = note.citations > 1;
                    Backlink {
                        id: routes::citation_anchor(note.number, &letter),
                        // The visible letter is a word of the label, so what
                        // is seen is what speech input can say (WCAG 2.5.3).
                        label: if many {
                            format!("Back to reference {}, citation {letter}", note.number)
                        } else {
                            format!("Back to reference {}", note.number)
                        },
                        text: if many {
                            format!("↩ {letter}")
                        } else {
                            "↩".into()
                        },
                    }
                })
                .collect(),
        })
        .collect();
    context.insert("footnotes", &footnotes);
    let mentioned: Vec<usize> = article.mentioned.iter().map(|&(e, _)| e).collect();
    context.insert("mentioned", &group_by_kind(site, &mentioned));
    let claims: Vec<ClaimView> = article
        .claims
        .iter()
        .map(|claim| ClaimView {
            anchor: claim.anchor.clone(),
            quote: claim.quote.clone(),
            status: claim.status.as_str(),
            status_label: claim.status.label(),
            note: claim.note.clone(),
            entities: claim
                .entities
                .iter()
                .map(|&e| EntityRef::new(&site.entities[e]))
                .collect(),
        })
        .collect();
    context.insert("claims", &claims);
    context.insert("charts", derived.article_charts[index].as_slice());
    let facts: Vec<FactView> = article
        .facts
        .iter()
        .map(|&(e, f)| FactView::new(site, &site.entities[e], &site.entities[e].facts[f]))
        .collect();
    context.insert("facts", &facts);
    context
}

fn group_by_kind(site: &Site, entities: &[usize]) -> Vec<KindGroup> {
    EntityKind::ALL
        .iter()
        .filter_map(|&kind| {
            let mut members: Vec<EntityRef> = entities
                .iter()
                .map(|&e| &site.entities[e])
                .filter(|e| e.kind == kind)
                .map(EntityRef::new)
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            (!members.is_empty()).then_some(KindGroup {
                kind: kind.as_str(),
                kind_label: kind.plural_label(),
                entities: members,
            })
        })
        .collect()
}

pub fn entities(site: &Site) -> Context {
    let mut context = common(site, &routes::ENTITIES.index(), Some("Entities"), None);
    let all: Vec<usize> = (0..site.entities.len()).collect();
    context.insert("groups", &group_by_kind(site, &all));
    context
}

#[derive(Serialize)]
struct RelationView {
    label: String,
    /// True when the label reads from the other entity's side ("KAMAZ partner of this").
    from_other: bool,
    other: EntityRef,
    note: Option<String>,
    source: Option<SourceRef>,
}

#[derive(Serialize)]
struct MentionView {
    article: ArticleRef,
    sentences_html: Vec<String>,
}

#[derive(Serialize)]
struct CoMention {
    entity: EntityRef,
    count: usize,
}

pub fn entity(site: &Site, derived: &Derived, index: usize) -> Context {
    let entity = &site.entities[index];
    let path = routes::entity(&entity.id);
    let description = format!(
        "{} — {}",
        entity.name,
        entity.role.as_deref().unwrap_or(entity.kind.label())
    );
    let mut context = common(site, &path, Some(&entity.name), Some(&description));
    context.insert("entity", &EntityRef::new(entity));
    context.insert("jsonld_html", &super::meta::entity(site, entity));
    context.insert("timeline_url", &routes::entity_timeline(&entity.id));
    if site.settings.base_url.is_some() {
        context.insert("feed_url", &routes::entity_feed(&entity.id));
    }
    if let Some(summary) = &entity.summary {
        context.insert("summary_html", &crate::markup::markdown::to_html(summary));
    }
    let links: Vec<BTreeMap<&str, &str>> = entity
        .links
        .iter()
        .map(|l| BTreeMap::from([("title", l.title.as_str()), ("url", l.url.as_str())]))
        .collect();
    context.insert("links", &links);
    let outgoing = entity.relations.iter().map(|r| RelationView {
        label: r.kind.clone(),
        from_other: false,
        other: EntityRef::new(&site.entities[r.to]),
        note: r.note.clone(),
        source: r.source.map(|s| SourceRef::new(&site.sources[s])),
    });
    let incoming = derived.incoming[index]
        .iter()
        .map(|Incoming { from, relation: r }| RelationView {
            from_other: inverse(&r.kind).is_none(),
            label: inverse(&r.kind).unwrap_or_else(|| r.kind.clone()),
            other: EntityRef::new(&site.entities[*from]),
            note: r.note.clone(),
            source: r.source.map(|s| SourceRef::new(&site.sources[s])),
        });
    let relations: Vec<RelationView> = outgoing.chain(incoming).collect();
    context.insert("relations", &relations);
    let mentions: Vec<MentionView> = entity
        .mentioned_in
        .iter()
        .map(|m| MentionView {
            article: ArticleRef::new(&site.articles[m.article]),
            sentences_html: m.sentences.iter().map(sentence_html).collect(),
        })
        .collect();
    context.insert("mentions", &mentions);
    let co: Vec<CoMention> = derived.co_mentioned[index]
        .iter()
        .map(|co| CoMention {
            entity: EntityRef::new(&site.entities[co.entity]),
            count: co.count,
        })
        .collect();
    context.insert("co_mentioned", &co);
    let facts: Vec<FactView> = entity
        .facts
        .iter()
        .map(|f| FactView::new(site, entity, f))
        .collect();
    context.insert("facts", &facts);
    context.insert("charts", derived.entity_charts[index].as_slice());
    context
}

/// How a relation reads from its target's side: "head of" → "headed by";
/// `None` when there is no known wording (the page then phrases it from the
/// other entity's side).
pub fn inverse(kind: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 27] = [
        ("head of", "headed by"),
        ("chief executive of", "led by"),
        ("ceo of", "led by"),
        ("minister of", "headed by"),
        ("partner of", "partner of"),
        ("supplies the cab for", "cab supplied by"),
        ("supplies", "supplied by"),
        ("supplier of", "supplied by"),
        ("formerly", "later"),
        ("successor of", "succeeded by"),
        ("brand of", "owns the brand"),
        ("product of", "makes"),
        ("made by", "makes"),
        ("produced at", "produces"),
        ("produced in", "place of production of"),
        ("built at", "builds"),
        ("owned by", "owns"),
        ("owner of", "owned by"),
        ("subsidiary of", "parent of"),
        ("parent of", "subsidiary of"),
        ("announced at", "venue of announcement by"),
        ("located in", "location of"),
        ("based in", "home of"),
        ("historic maker of", "historically made by"),
        ("maker of", "made by"),
        ("to be built at", "planned production site of"),
        ("member of", "has member"),
    ];
    let lower = kind.to_lowercase();
    PAIRS.iter().find_map(|(a, b)| {
        if lower == *a {
            Some(b.to_string())
        } else if lower == *b && a != b {
            Some(a.to_string())
        } else {
            None
        }
    })
}

/// A sentence with each mention in `<strong>`.
fn sentence_html(sentence: &Sentence) -> String {
    let mut out = String::new();
    let mut last = 0;
    let mut highlights = sentence.highlights.clone();
    highlights.sort_unstable();
    for (start, end) in highlights {
        if start < last {
            continue;
        }
        let _ = write!(
            out,
            "{}<strong>{}</strong>",
            Escaped(&sentence.text[last..start]),
            Escaped(&sentence.text[start..end])
        );
        last = end;
    }
    let _ = write!(out, "{}", Escaped(&sentence.text[last..]));
    out
}

#[derive(Serialize)]
struct MetricGroup {
    metric: String,
    label: String,
    /// The metric's own page.
    url: String,
    unit: String,
    facts: Vec<FactView>,
}

pub fn facts(site: &Site) -> Context {
    let mut context = common(site, &routes::FACTS.index(), Some("Facts"), None);
    let mut groups: BTreeMap<&str, MetricGroup> = BTreeMap::new();
    for entity in &site.entities {
        for fact in &entity.facts {
            groups
                .entry(&fact.metric)
                .or_insert_with(|| MetricGroup {
                    url: routes::metric(&fact.metric),
                    metric: fact.metric.clone(),
                    label: fact.label.clone(),
                    unit: fact.unit.clone(),
                    facts: Vec::new(),
                })
                .facts
                .push(FactView::new(site, entity, fact));
        }
    }
    let mut metrics: Vec<MetricGroup> = groups.into_values().collect();
    for group in &mut metrics {
        group.facts.sort_by(|a, b| {
            a.period
                .cmp(&b.period)
                .then_with(|| a.entity.name.cmp(&b.entity.name))
        });
    }
    let labels: Vec<&str> = metrics.iter().map(|m| m.label.as_str()).collect();
    context.insert("jsonld_html", &super::meta::facts(site, &labels));
    context.insert("metrics", &metrics);
    let figures = crate::annotate::coverage::figure_counts(site);
    let (annotated, found) = (figures.quoted, figures.found);
    context.insert("figures", &FigureCoverage { annotated, found });
    context.insert("csv_url", routes::FACTS_CSV);
    context.insert("json_url", routes::FACTS_JSON);
    context
}

/// A metric's page: every figure across entities, the latest compared, each
/// entity's figures over time.
pub fn metric(site: &Site, derived: &Derived, index: usize) -> Context {
    let Metric { id: metric, label } = &derived.metrics[index];
    let mut context = common(site, &routes::metric(metric), Some(label), None);
    let mut facts: Vec<FactView> = site
        .entities
        .iter()
        .flat_map(|e| e.facts.iter().map(move |f| (e, f)))
        .filter(|(_, f)| f.metric == *metric)
        .map(|(e, f)| FactView::new(site, e, f))
        .collect();
    facts.sort_by(|a, b| {
        a.period
            .cmp(&b.period)
            .then_with(|| a.entity.name.cmp(&b.entity.name))
    });
    let charts = derived.metric_charts[index].as_slice();
    let (comparisons, over_time): (Vec<&ChartView>, Vec<&ChartView>) =
        charts.iter().partition(|c| c.compare.is_some());
    context.insert(
        "metric",
        &MetricView {
            metric,
            label,
            url: routes::metric(metric),
        },
    );
    context.insert("facts", &facts);
    context.insert("comparisons", &comparisons);
    context.insert("charts", &over_time);
    context.insert("csv_url", routes::FACTS_CSV);
    context
}

#[derive(Serialize)]
struct MetricView<'a> {
    metric: &'a str,
    label: &'a str,
    url: String,
}

/// How many of the figures in the articles a fact or claim quotes.
#[derive(Serialize)]
struct FigureCoverage {
    annotated: usize,
    found: usize,
}

#[derive(Serialize)]
struct SourceView {
    #[serde(flatten)]
    source: SourceRef,
    anchor: String,
    articles: Vec<CitingArticle>,
}

#[derive(Serialize)]
struct CitingArticle {
    article: ArticleRef,
    count: usize,
}

pub fn sources(site: &Site, derived: &Derived) -> Context {
    let mut context = common(site, &routes::SOURCES.index(), Some("Sources"), None);
    let sources: Vec<SourceView> = site
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| SourceView {
            source: SourceRef::new(source),
            anchor: routes::source_anchor(&source.id),
            articles: derived.cited_by[i]
                .iter()
                .map(|citing| CitingArticle {
                    article: ArticleRef::new(&site.articles[citing.article]),
                    count: citing.citations,
                })
                .collect(),
        })
        .collect();
    context.insert("sources", &sources);
    context
}

#[derive(Serialize)]
struct PageView<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    draft: bool,
    heading_html: &'a str,
    content_html: &'a str,
}

pub fn page(site: &Site, index: usize) -> Context {
    let page = &site.pages[index];
    let path = routes::page(&page.slug);
    let mut context = common(site, &path, Some(&page.title), page.description.as_deref());
    let view = PageView {
        slug: &page.slug,
        title: &page.title,
        url: &path,
        description: page.description.as_deref().unwrap_or_default(),
        draft: page.draft,
        heading_html: &page.heading_html,
        content_html: &page.content_html,
    };
    context.insert("page", &view);
    context
}

/// The 404 page is served from any depth, so its links start at the site's
/// absolute path (from `base_url`), or `/`.
pub fn not_found(site: &Site) -> Context {
    let mut context = common(site, routes::NOT_FOUND, Some("Page not found"), None);
    let root = site
        .settings
        .base_url
        .as_deref()
        .and_then(|url| url.splitn(4, '/').nth(3))
        .map_or_else(|| "/".to_string(), |path| format!("/{path}"));
    context.insert("root", &root);
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_read_backwards() {
        assert_eq!(inverse("head of").as_deref(), Some("headed by"));
        assert_eq!(inverse("Headed by").as_deref(), Some("head of"));
        assert_eq!(inverse("partner of").as_deref(), Some("partner of"));
        assert_eq!(inverse("sponsors"), None);
    }

    #[test]
    fn sentences_escape_and_bold_mentions() {
        let s = Sentence {
            text: "KAMAZ & <JAC>".into(),
            highlights: vec![(0, 5)],
        };
        assert_eq!(
            sentence_html(&s),
            "<strong>KAMAZ</strong> &amp; &lt;JAC&gt;"
        );
    }
}
